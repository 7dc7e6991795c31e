"""Replay (回放): the purchase plan, and two simple rules beside it, run on the seller's history.

From a start day, every ``review_days`` each policy decides what to order from what was known
that morning: the sales before it, the simulated stock and the open orders. Orders arrive after
each SKU's lead time; the real demand of the following days is served from the shelf, and lost
when the shelf is empty. All three policies see the same demand, starting stock, lead times,
MOQs and packs, so their scorecards differ only by their decisions.

- ``xl-inventory``: the purchase plan of a refresh, made anew at each review
  (:func:`~xl_inventory.reports.purchase_plan.purchase_plan` on the data of that day).
- ``cover rule``, what many sellers do: order up to the last 28 days' mean daily demand ×
  (lead time + review days + 30).
- ``textbook``: periodic-review base stock, mean μ and deviation σ of the last 56 days' daily
  demand: order up to μ·(L + R) + z·σ·√(L + R), z from ``service_level``.

The starting stock is the stock of the start day reconstructed from today's: today's on hand
plus what sold since, less what was received since (the Receipts table); nothing is on order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.special import ndtri

from xl_inventory.core import reorder_quantity
from xl_inventory.core._arrays import row_mean_and_std
from xl_inventory.core.demand import demand_series
from xl_inventory.core.replay import Policy, ReplayRun, scorecard, simulate, sku_sums
from xl_inventory.errors import WorkbookError
from xl_inventory.reports.analysis import analyse
from xl_inventory.reports.purchase_plan import purchase_plan
from xl_inventory.workbook.validate import Inventory

POLICIES = ("xl-inventory", "cover rule", "textbook")
COVER_RULE_WINDOW = 28  # days of demand the cover rule averages
COVER_RULE_EXTRA_DAYS = 30  # days of demand the cover rule keeps beyond lead time + review
TEXTBOOK_WINDOW = 56  # days of demand the textbook base stock takes its mean and deviation from

Progress = Callable[[str], None]


@dataclasses.dataclass
class ReplayResult:
    """Scorecards of the three policies, and the weekly figures behind the chart.

    ``scorecard``: one row per metric, one column per policy. ``weekly``: week start, then the
    mean stock value at cost and the fill rate (units) of each policy that week. ``by_class``
    and ``by_supplier``: the scorecard of each policy per ABC class (as of the start day) and
    per supplier, one row per group and policy.
    """

    start: pd.Timestamp
    days: int
    scorecard: pd.DataFrame
    weekly: pd.DataFrame
    by_class: pd.DataFrame
    by_supplier: pd.DataFrame
    runs: dict[str, ReplayRun]
    notes: list[str] = dataclasses.field(default_factory=list)  # e.g. a sheet renamed


def _stock_at(inventory: Inventory, start: pd.Timestamp, skus: pd.Index) -> np.ndarray:
    """Units on hand at the start of ``start``: today's, plus sales since, less receipts since."""
    on_hand = inventory.stock.groupby("sku", observed=True)["on_hand"].sum().reindex(skus)
    as_of = inventory.settings.as_of_date
    moved = np.zeros(len(skus))
    for table, sign in ((inventory.sales, 1.0), (inventory.receipts, -1.0)):
        after = (table["date"] >= start) & (table["date"] < as_of + pd.Timedelta(days=1))
        if after.any():
            moved += sign * table["quantity"][after].groupby(
                table["sku"][after], observed=True).sum().reindex(skus).fillna(0).to_numpy()
    return np.maximum(on_hand.fillna(0).to_numpy(np.float64) + moved, 0.0)


def inventory_on(inventory: Inventory, day: pd.Timestamp, on_hand: np.ndarray,
                 on_order: np.ndarray) -> Inventory:
    """The inputs as a planner had them on the morning of ``day``: sales and receipts before
    it, the given stock and open orders (one row per SKU of Products), as-of the day before."""
    skus = inventory.products["sku"]
    before = (inventory.sales["date"] < day).to_numpy()
    stock = pd.DataFrame({
        "row": 0, "sku": pd.Categorical(skus, categories=skus), "on_hand": on_hand,
        "on_order": on_order, "warehouse": ""})
    receipts = inventory.receipts[(inventory.receipts["date"] < day).to_numpy()]
    settings = inventory.settings.replace(as_of_date=day - pd.Timedelta(days=1))
    return dataclasses.replace(inventory, sales=inventory.sales[before], stock=stock,
                               receipts=receipts, settings=settings)


def _plan_policy(inventory: Inventory, days: pd.DatetimeIndex, classes: dict[str, pd.Series],
                 say: Progress) -> Policy:
    skus = pd.Index(inventory.products["sku"])

    def order(review: int, day: int, on_hand: np.ndarray, on_order: np.ndarray) -> np.ndarray:
        say(f"xl-inventory plan on {days[day].date()}")
        analysis = analyse(inventory_on(inventory, days[day], on_hand, on_order))
        if review == 0:
            classes["abc_class"] = analysis.skus["abc_class"]
        plan, _ = purchase_plan(analysis)
        return plan.set_index("sku")["suggested_qty"].reindex(skus).to_numpy(np.float64)

    return order


def _rule_policy(history: np.ndarray, offset: int, products: pd.DataFrame, review: int,
                 service_level: float | None) -> Policy:
    """The cover rule (``service_level`` None) or the textbook base stock, on ``history``
    (daily demand, ``offset`` days of it before the replay's day 0)."""
    lead = products["lead_time_days"].to_numpy(np.float64)
    moq = products["moq"].to_numpy(np.float64)
    pack = products["pack_size"].to_numpy(np.float64)
    window = COVER_RULE_WINDOW if service_level is None else TEXTBOOK_WINDOW

    def order(_review: int, day: int, on_hand: np.ndarray, on_order: np.ndarray) -> np.ndarray:
        past = history[:, max(offset + day - window, 0):offset + day]
        with np.errstate(invalid="ignore", divide="ignore"):
            observed = (~np.isnan(past)).sum(axis=1)
            mean = np.where(observed > 0, np.nansum(past, axis=1) / np.maximum(observed, 1), 0.0)
            if service_level is None:
                target, safety = mean * (lead + review + COVER_RULE_EXTRA_DAYS), 0.0
            else:
                cover = lead + review
                std = np.nan_to_num(row_mean_and_std(past)[2]) if past.size else 0.0
                target = mean * cover
                safety = np.maximum(ndtri(service_level) * std * np.sqrt(cover), 0.0)
        return np.nan_to_num(reorder_quantity(target, safety, on_hand, on_order, moq,
                                              pack).value)

    return order


def replay(inventory: Inventory, start: object, weeks: int | None = None,
           progress: Progress | None = None) -> ReplayResult:
    """Replay the purchase plan and the two baselines from ``start`` for ``weeks`` weeks
    (by default, up to the last day with sales).

    Raises
    ------
    WorkbookError
        The start is not inside the sales history, or fewer than 7 days follow it.
    """
    say = progress or (lambda _step: None)
    settings = inventory.settings
    sales = inventory.sales
    if not len(sales):
        raise WorkbookError("the Sales table has no usable line to replay")
    first, last = sales["date"].min().normalize(), sales["date"].max().normalize()
    day0 = pd.Timestamp(start).normalize()
    if not first < day0 <= last:
        raise WorkbookError(f"replay --from {day0.date()} must be after the first sale "
                            f"({first.date()}) and not after the last ({last.date()})")
    n_days = (last - day0).days + 1 if weeks is None else 7 * int(weeks)
    if n_days < 7 or day0 + pd.Timedelta(days=n_days - 1) > last:
        raise WorkbookError(f"replay from {day0.date()} for {n_days} days needs sales up to "
                            f"{(day0 + pd.Timedelta(days=n_days - 1)).date()}; they end on "
                            f"{last.date()}: give fewer --weeks or an earlier --from")
    products = inventory.products
    skus = pd.Index(products["sku"])
    offset = min(TEXTBOOK_WINDOW, (day0 - first).days)
    series = demand_series(sales, day0 - pd.Timedelta(days=offset),
                           day0 + pd.Timedelta(days=n_days - 1), skus=skus,
                           launch_dates=products.set_index("sku")["launch_date"])
    history = np.where(series.quantity < 0, 0.0, series.quantity)  # more returns: no demand
    demand = np.nan_to_num(history[:, offset:])
    days = series.periods[offset:]
    on_hand = _stock_at(inventory, day0, skus)
    lead = products["lead_time_days"].to_numpy(np.float64)
    review = settings.review_days
    classes: dict[str, pd.Series] = {}
    policies = {
        "xl-inventory": _plan_policy(inventory, days, classes, say),
        "cover rule": _rule_policy(history, offset, products, review, None),
        "textbook": _rule_policy(history, offset, products, review, settings.service_level),
    }
    runs = {name: simulate(demand, on_hand, lead, review, policy)
            for name, policy in policies.items()}
    say("scoring the policies")
    cost = products["unit_cost"].to_numpy(np.float64)
    price = products["price"].to_numpy(np.float64)
    rate = settings.holding_cost_rate
    sums = {name: sku_sums(run, demand, cost, price, rate).set_index(skus)
            for name, run in runs.items()}
    card = pd.DataFrame({name: scorecard(s) for name, s in sums.items()})
    card = card.rename_axis("metric").reset_index()
    groups = pd.DataFrame({"abc_class": classes["abc_class"].reindex(skus).to_numpy(),
                           "supplier": products["supplier"].to_numpy()}, index=skus)
    return ReplayResult(day0, n_days, card, _weekly(runs, demand, cost, days),
                        _by_group(sums, groups["abc_class"], "abc_class"),
                        _by_group(sums, groups["supplier"], "supplier"), runs)


def _by_group(sums: dict[str, pd.DataFrame], group: pd.Series, name: str) -> pd.DataFrame:
    frames = []
    for policy, per_sku in sums.items():
        cards = per_sku.groupby(group.to_numpy(), sort=True).apply(scorecard)
        frames.append(cards.rename_axis(name).reset_index().assign(policy=policy))
    frame = pd.concat(frames, ignore_index=True)
    first = [name, "policy"]
    return frame[first + [c for c in frame.columns if c not in first]].sort_values(
        first, kind="stable", ignore_index=True)


def _weekly(runs: dict[str, ReplayRun], demand: np.ndarray, cost: np.ndarray,
            days: pd.DatetimeIndex) -> pd.DataFrame:
    week = np.arange(len(days)) // 7
    frame = pd.DataFrame({"week": days[::7]})
    wanted = pd.Series(demand.sum(axis=0)).groupby(week).sum().to_numpy()
    for name, run in runs.items():
        value = pd.Series(np.nan_to_num(cost) @ run.on_hand).groupby(week).mean().to_numpy()
        served = pd.Series(run.served.sum(axis=0)).groupby(week).sum().to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            fill = np.where(wanted > 0, served / wanted, np.nan)
        frame[f"stock_value ({name})"] = value
        frame[f"fill_rate ({name})"] = fill
    return frame
