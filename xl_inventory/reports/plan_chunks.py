"""The refresh's reports over chunks of SKUs, for ranges too large to analyse in one piece.

A workbook's refresh holds a SKU x day table of every SKU. Here each chunk of SKUs is analysed
on its own, so the memory such tables take depends on the chunk's size, not on the number of
SKUs. What a chunk's reports need to know of every SKU (the ABC classes, the forecast method
of each demand class, what new SKUs borrow from their category, ...: :class:`Whole`) is worked
out first from facts of every chunk, in three rounds:

1. facts: per SKU its sales, stock, demand class and history length, and what the KPIs need of
   the SKU x day tables (:class:`KpiParts`, which add up over chunks);
2. the forecast of the established SKUs, chunk by chunk, with the method of each demand class
   judged once over the SKUs of all chunks (as the refresh judges it); their plan lines and
   slow movers;
3. the new SKUs, which borrow the rate of their category's established SKUs of every chunk.

Each round is one function applied to every chunk, by a ``Runner``: one after another here, or
as tasks on a Dask cluster (:mod:`xl_inventory.reports.plan_cluster`). The reports are those of
a refresh over every SKU at once (``tests/reports/test_plan_chunks.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from xl_inventory.core import abc_classes
from xl_inventory.core.demand import CategoryRates
from xl_inventory.core.forecasting import AutoForecast, demand_classes
from xl_inventory.core.forecasting.classify import MIN_PERIODS
from xl_inventory.core.forecasting.models import demand_history
from xl_inventory.reports.analysis import Whole, analyse, analyse_facts
from xl_inventory.reports.cycle_count import cycle_count_list
from xl_inventory.reports.kpis import KpiParts, kpi_parts, kpis_of
from xl_inventory.reports.output import Reports
from xl_inventory.reports.purchase_plan import (
    purchase_plan,
    season_history,
    season_means,
    sorted_plan,
    supplier_totals,
)
from xl_inventory.reports.slow_movers import bundle_partners, slow_movers, sorted_slow_movers
from xl_inventory.workbook.data_dir import SalesChunks, read_chunk
from xl_inventory.workbook.validate import Inventory

# Runs one function over the argument tuples of every chunk, calling the last argument as each
# call ends; the answers in the order of the calls.
Runner = Callable[[Callable[..., Any], Sequence[tuple], Callable[[], None]], list]
# Told of each stage (its name, and the chunks it runs over); answers what to call as each
# of those chunks is done.
Progress = Callable[[str, int], Callable[[], None]]


def run_here(function: Callable[..., Any], calls: Sequence[tuple],
             done: Callable[[], None] = lambda: None) -> list:
    """One chunk after another, in this process (each forecast uses every core itself)."""
    answers = []
    for arguments in calls:
        answers.append(function(*arguments))
        done()
    return answers


def quiet(_stage: str, _chunks: int = 0) -> Callable[[], None]:
    """A Progress that shows nothing."""
    return lambda: None


@dataclass
class Chunk:
    """The input tables of some SKUs: every row of theirs but the sales, which stay in
    ``sales`` (a Parquet folder per chunk) until the chunk is analysed, on whichever machine
    that is."""

    number: int
    inventory: Inventory  # its Sales table empty
    sales: SalesChunks

    def load(self, skus: pd.Index | None = None) -> Inventory:
        """The chunk's tables with its sales, for ``skus`` only when given."""
        inventory = self.inventory
        every = pd.Index(inventory.products["sku"])
        if skus is None:
            return replace(inventory, sales=read_chunk(self.sales, self.number, every))
        inventory = _only(inventory, skus)
        only = pd.Index(inventory.products["sku"])
        return replace(inventory, sales=read_chunk(self.sales, self.number, every, only))


def _only(inventory: Inventory, skus: pd.Index) -> Inventory:
    """The tables' rows of ``skus``, SKU columns categorical over them (in Products' order)."""
    products = inventory.products[inventory.products["sku"].isin(skus)]
    known = pd.Index(products["sku"])

    def rows(frame: pd.DataFrame) -> pd.DataFrame:
        kept = frame[frame["sku"].isin(known)].copy()
        kept["sku"] = kept["sku"].cat.set_categories(known)
        return kept

    return replace(inventory, products=products, stock=rows(inventory.stock),
                   receipts=rows(inventory.receipts), promotions=rows(inventory.promotions))


def split(inventory: Inventory, sales: SalesChunks, chunk_of: np.ndarray) -> list[Chunk]:
    """The tables of each chunk (``chunk_of``: the chunk of each Products row)."""
    products = inventory.products
    return [Chunk(int(n), _only(inventory, pd.Index(products["sku"][chunk_of == n])), sales)
            for n in np.unique(chunk_of)]


@dataclass
class Facts:
    skus: pd.DataFrame  # per SKU: the analysis' facts, demand_class, observed days
    kpi: KpiParts
    season: pd.DataFrame  # season_history


def chunk_facts(chunk: Chunk, whole: Whole) -> Facts:
    """Round 1: what is known of a chunk's SKUs before any forecast."""
    analysis = analyse_facts(chunk.load(), whole)
    history = demand_history(analysis.demand.cleaned())
    skus = analysis.skus.drop(columns="abc_class")
    skus["demand_class"] = demand_classes(history, MIN_PERIODS).value
    skus["observed"] = (~np.isnan(history)).sum(axis=1)
    return Facts(skus, kpi_parts(analysis), season_history(analysis))


def chunk_histories(chunk: Chunk, whole: Whole, skus: pd.Index) -> np.ndarray:
    """The demand histories of some SKUs of the chunk, as the forecast takes them."""
    analysis = analyse_facts(chunk.load(skus), whole)
    return demand_history(analysis.demand.cleaned())


@dataclass
class Planned:
    plan: pd.DataFrame
    slow_movers: pd.DataFrame
    forecast_rate: pd.Series  # per SKU: what new SKUs of its category borrow


def chunk_reports(chunk: Chunk, whole: Whole, skus: pd.Index) -> Planned:
    """Rounds 2 and 3: the forecast, plan lines and slow movers of some SKUs of the chunk."""
    analysis = analyse(chunk.load(skus), whole=whole)
    plan, _ = purchase_plan(analysis)
    return Planned(plan, slow_movers(analysis), analysis.skus["forecast_rate"])


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The frames one under another (empty ones left out: their columns may have no type)."""
    return pd.concat([frame for frame in frames if len(frame)] or frames[:1])


def _choice(chunks: list[Chunk], skus: pd.DataFrame, whole: Whole, n_periods: int,
            run: Runner, say: Progress) -> dict[str, str] | None:
    """The forecast method of each demand class, judged on the same SKUs as a refresh over
    every SKU judges it."""
    if chunks[0].inventory.settings.forecast_method != "auto":
        return None
    auto = AutoForecast()
    judged = auto.judged_rows(skus["demand_class"].to_numpy(), skus["observed"].to_numpy(),
                              n_periods)
    rows = np.unique(np.concatenate([np.empty(0, np.int64), *judged.values()]))
    chunk_of = skus["chunk"].to_numpy()
    calls = [(chunk, whole, skus.index[rows[chunk_of[rows] == chunk.number]])
             for chunk in chunks if (chunk_of[rows] == chunk.number).any()]
    found = run(chunk_histories, calls, say("reading the judged SKUs' histories", len(calls)))
    # rows are sorted, chunks hold consecutive rows: the histories come back in row order
    history = np.concatenate(found) if found else np.empty((0, n_periods))
    at = pd.Series(np.arange(len(rows)), index=rows)
    return auto.choose({c: history[at[r].to_numpy()] for c, r in judged.items()})


def _calls(chunks: list[Chunk], whole: Whole, skus: pd.DataFrame, chosen: np.ndarray
           ) -> list[tuple[Chunk, Whole, pd.Index]]:
    """The chunk_reports calls for the ``chosen`` SKUs, one per chunk that has any."""
    chunk_of = skus["chunk"].to_numpy()
    calls = [(chunk, whole, skus.index[chosen & (chunk_of == chunk.number)])
             for chunk in chunks]
    return [call for call in calls if len(call[2])]


def plan_chunks(chunks: list[Chunk], whole: Whole, run: Runner = run_here,
                progress: Progress = quiet) -> Reports:
    """The reports of every chunk's SKUs, as a refresh over all of them would make them.

    ``whole`` carries the window and horizon of the whole range (:func:`whole_range` of it);
    the rest of it is worked out here.
    """
    say = progress
    settings = chunks[0].inventory.settings
    facts = run(chunk_facts, [(chunk, whole) for chunk in chunks],
                say("round 1: the facts of each chunk of SKUs", len(chunks)))
    skus = pd.concat([f.skus.assign(chunk=chunk.number) for f, chunk in zip(facts, chunks,
                                                                           strict=True)])
    skus["abc_class"] = abc_classes(skus["sales_value"].to_numpy(), settings.a_share,
                                    settings.b_share).value
    partners, best_seller = bundle_partners(skus)
    n_periods = (settings.as_of_date - whole.start).days + 1
    whole = replace(whole, abc_class=skus["abc_class"],
                    season_units=season_means(_concat([f.season for f in facts])),
                    partners=partners, best_seller=best_seller)
    kpis = kpis_of(KpiParts.add([f.kpi for f in facts]), skus, settings, settings.as_of_date,
                   any(len(c.inventory.receipts) for c in chunks))
    del facts

    whole = replace(whole, choice=_choice(chunks, skus, whole, n_periods, run, say))
    new = (skus["demand_class"] == "new").to_numpy()
    calls = _calls(chunks, whole, skus, ~new)
    planned = run(chunk_reports, calls,
                  say("round 2: forecast and plan of the established SKUs", len(calls)))
    if new.any():
        rates = pd.concat([p.forecast_rate for p in planned]) if planned else pd.Series(
            dtype=np.float64)
        whole = replace(whole, category_rates=CategoryRates.of(
            rates, skus["category"].reindex(rates.index), pd.Series(True, index=rates.index)))
        calls = _calls(chunks, whole, skus, new)
        planned += run(chunk_reports, calls,
                       say("round 3: the new SKUs, from their categories' rates", len(calls)))
    plan = sorted_plan(_concat([p.plan for p in planned]))
    return Reports(sorted_slow_movers(_concat([p.slow_movers for p in planned])), plan,
                   supplier_totals(plan), kpis, cycle_count_list(skus, settings.as_of_date),
                   pd.DataFrame())


__all__ = ["Chunk", "Progress", "plan_chunks", "quiet", "run_here", "split"]
