"""The purchase plan (采购建议): what to order from each supplier, per the ABC policies.

- A: order up to the forecast over the cover period (lead time + review period) plus safety
  stock, at every review.
- B: by default as A. With ``b_policy`` = ``eoq``, the contract's fixed lots: the economic order
  quantity in whole packs (at least the MOQ) when the stock position is at or below the
  reorder point (lead-time demand plus safety stock), as many lots as lift the position above
  it (the textbook's (s, nQ) policy).
- C: order only what the forecast over the cover period needs, plus safety stock.
- New SKUs (fewer than 14 days on sale): order up to ``trial_days`` (or the cover period, if
  longer) of a rate that blends the category's rate with the SKU's own as its days grow.
- Seasonal SKUs (``season`` like ``11-02``): before the season, a first order of 40 % of what
  the SKU sold in the same season a year before (its category's mean when it has no such
  season); out of season, nothing; in season, their ABC policy on a forecast of at least what
  they sold in the same days a year before (the forecast lags a season's ramp).
- Slow movers (stock, and no sale for ``slow_days``) are not bought again.
- No order exceeds ``max_cover_days`` of forecast demand: a larger one is cut to whole packs
  below that, or dropped where the MOQ alone would exceed it.
Every line's ``note`` says why it is ordered, capped or not ordered.

Safety stock, by default (``safety_stock_method`` = ``normal``), is z × σ × √(lead time +
review days) of the last 90 days' ordinary daily demand (bulk-order days set apart), z from
the SKU's economic service level (:func:`plan_service_level`); for erratic and lumpy SKUs
(order sizes that vary), never less than the empirical lead-time demand at that level less the
forecast (:func:`lead_time_demand_floor`). Where this departs from
the seed's rules (B's lots, C's safety stock, the method), the replay chose it:
docs/purchase-plan-and-replay.md has the figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_inventory.core import (
    economic_order_quantity,
    reorder_quantity,
    safety_stock_normal,
    safety_stock_peak,
    seasonal_first_order,
)
from xl_inventory.core.demand import bulk_days
from xl_inventory.core.forecasting.classify import MIN_PERIODS
from xl_inventory.core.forecasting.demand_total import cumulative_demand
from xl_inventory.core.safety_stock import window_demand_quantile
from xl_inventory.reports.analysis import Analysis
from xl_inventory.reports.slow_movers import slow_sku_days

POLICY = {"A": "order up to", "B": "fixed lot (EOQ)", "C": "order to demand"}
# The normal rule's service level is the economic one (critical ratio), never below the
# service_level setting and never above this: beyond it the normal tail says little about
# lumpy demand, and z grows without bound.
MAX_PLAN_SERVICE_LEVEL = 0.995
SEASON_LEAD_DAYS = 30  # a first order is due this many days before the cover period reaches
DAYS_PER_MONTH = 30.4
SEASON_RECORD_GRACE_DAYS = 7
MIN_DAILY_RATE = 1e-6  # below this a forecast is float noise: no demand
# the seed's 首单只满足预测销量的40% (first order: 40 % of the season's forecast)
FIRST_ORDER_SHARE = 0.4
# Demand classes whose order sizes vary (CV² above 0.49, Syntetos & Boylan): the normal rule
# understates the tail of their lead-time demand, so its empirical quantile is a floor.
VARIED_SIZE_CLASSES = ("erratic", "lumpy")
# The floor needs this many runs of cover days in the history: a high quantile of fewer is
# their largest (on the bundled two months of sales, a floor from 4 runs cost 7 % more stock
# and no fill).
MIN_DEMAND_RUNS = 8


def _season_window(season: pd.Series, as_of: pd.Timestamp) -> pd.DataFrame:
    """For ``MM-MM`` seasons: whether the as-of day is in season, and the next season's start
    and length in days. Blank or unreadable seasons give NaN/NaT."""
    parts = season.str.extract(r"^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$").astype(float)
    first, last = parts[0], parts[1]
    valid = first.between(1, 12) & last.between(1, 12)
    month = as_of.month
    wraps = last < first
    in_season = valid & np.where(wraps, (month >= first) | (month <= last),
                                 (month >= first) & (month <= last))
    year = np.where(first >= month, as_of.year, as_of.year + 1)
    start = pd.to_datetime(pd.DataFrame({"year": np.where(valid, year, 2000),
                                         "month": first.fillna(1), "day": 1}))
    months = np.where(wraps, last + 12 - first + 1, last - first + 1)
    length = (months * DAYS_PER_MONTH).round()
    return pd.DataFrame({"valid": valid, "in_season": in_season,
                         "start": start.where(valid), "days": np.where(valid, length, np.nan)},
                        index=season.index)


def units_a_year_before(analysis: Analysis, start: pd.Series, days: pd.Series) -> pd.Series:
    """Units each SKU sold from ``start`` − 1 year for ``days`` days (0 where nothing sold,
    returns netted, never below 0)."""
    sales = analysis.inventory.sales
    first = start - pd.DateOffset(years=1)
    # NaN days (no season) become NaT without pandas multiplying NaN by a day's nanoseconds
    end = first + pd.to_timedelta(days.fillna(0.0), unit="D").where(days.notna())
    line_start = sales["sku"].map(first).astype("datetime64[ns]")
    line_end = sales["sku"].map(end).astype("datetime64[ns]")
    inside = ((sales["date"] >= line_start) & (sales["date"] < line_end)).to_numpy()
    units = sales["quantity"][inside].groupby(sales["sku"][inside], observed=True).sum()
    return units.reindex(start.index).fillna(0.0).clip(lower=0)


def season_history(analysis: Analysis, window: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per SKU with a season: the units sold in the same season one year before the coming
    one, and whether it had that season (on sale then, and the data reaches back to it; an
    export that starts a few days in still does). ``window``: the SKUs' season window, where
    it is already worked out."""
    s = analysis.skus
    if window is None:
        window = _season_window(s["season"].astype(str), analysis.as_of)
    start = window["start"]
    units = units_a_year_before(analysis, start, window["days"])
    last_start = start - pd.DateOffset(years=1)
    on_record = (last_start + pd.Timedelta(days=SEASON_RECORD_GRACE_DAYS)
                 >= analysis.whole.first_sale)
    launched = s["launch_date"].isna() | (s["launch_date"] <= last_start)
    return pd.DataFrame({"units": units, "had_season": window["valid"] & on_record & launched,
                         "category": s["category"]})


def season_means(history: pd.DataFrame) -> pd.Series:
    """Per category, the mean of last season's units over its SKUs that had the season."""
    had = history["had_season"]
    return history["units"][had].groupby(history["category"][had]).mean()


def last_season_units(analysis: Analysis, window: pd.DataFrame) -> np.ndarray:
    """Units each seasonal SKU sold in the same season one year before the coming one; for a
    SKU launched since, the mean of its category's seasonal SKUs that have that season."""
    history = season_history(analysis, window)
    by_category = analysis.whole.season_units
    if by_category is None:
        by_category = season_means(history)
    borrowed = history["category"].map(by_category).fillna(0.0)
    return history["units"].where(history["had_season"], borrowed).to_numpy(np.float64)


def lead_time_demand_floor(analysis: Analysis, rows: np.ndarray, cover: np.ndarray,
                           level: np.ndarray, forecast: np.ndarray) -> np.ndarray:
    """A floor under the safety stock of the SKUs ``rows``: the ``level`` quantile of what each
    sold in every past run of its cover days (the empirical lead-time demand,
    :func:`window_demand_quantile`) less its forecast over those days.

    Large orders that recur are the SKU's demand and count here, though the normal rule sets
    them apart as bulk days; a SKU's only bulk day in the history window is a one-off and stays
    set apart (the runs that hold it are left out). NaN (no floor) where the SKU's history holds
    fewer than :data:`MIN_DEMAND_RUNS` × its cover days.
    """
    history = np.maximum(analysis.demand.cleaned()[rows], 0.0)
    bulk = bulk_days(history)
    history = np.where(bulk & (bulk.sum(axis=1) == 1)[:, None], np.nan, history)
    floor = window_demand_quantile(history, cover[rows], level[rows]) - forecast[rows]
    # a high quantile of a few runs is their largest: no floor without enough of them
    enough = (~np.isnan(history)).sum(axis=1) >= MIN_DEMAND_RUNS * np.ceil(cover[rows])
    return np.where(enough, floor, np.nan)


def plan_service_level(price: np.ndarray, unit_cost: np.ndarray, holding_cost_rate: float,
                       review_days: float, floor: float) -> np.ndarray:
    """Per SKU, the cycle service level worth paying for: the critical ratio of a lost sale's
    margin to that margin plus the cost of holding a unit one review period longer,
    ``(p − c) / ((p − c) + c·h·R/365)`` (Silver, Pyke & Thomas, 4th ed., §7.5, lost sales),
    between ``floor`` and :data:`MAX_PLAN_SERVICE_LEVEL`; ``floor`` where there is no price.

    Examples
    --------
    Cost 5, price 10, 25 % a year, weekly reviews: 5 / (5 + 0.024) = 0.9952, capped at 0.995;
    a margin of 0.02 gives 0.45, lifted to the floor of 0.95.

    >>> plan_service_level(np.array([10.0, 5.02]), np.array([5.0, 5.0]), 0.25, 7, 0.95)
    array([0.995, 0.95 ])
    """
    margin = price - unit_cost
    holding = unit_cost * holding_cost_rate * review_days / 365.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(margin > 0, margin / (margin + holding), 0.0)
    ratio = np.where(np.isfinite(price), ratio, floor)
    return np.clip(ratio, floor, max(floor, MAX_PLAN_SERVICE_LEVEL))


def _fixed_lots(position: np.ndarray, reorder_level: np.ndarray, lot: np.ndarray
                ) -> np.ndarray:
    """(s, nQ): at or below the reorder point, the fewest lots that lift the position above
    it (at least one)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lots = np.maximum(np.floor((reorder_level - position) / lot) + 1, 1)
        return np.where((position <= reorder_level) & (lot > 0), lots * lot, 0.0)


def purchase_plan(analysis: Analysis) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per SKU purchase lines, and totals per supplier."""
    s = analysis.skus
    settings = analysis.settings
    lead = s["lead_time_days"].to_numpy(float)
    cover = lead + settings.review_days
    forecast = cumulative_demand(analysis.paths, cover)
    lead_demand = cumulative_demand(analysis.paths, lead)
    window = _season_window(s["season"].astype(str), analysis.as_of)
    in_season = window["in_season"].to_numpy()
    if in_season.any():
        # in season, the forecast lags the ramp: the same days a year before set its floor
        tomorrow = pd.Series(analysis.as_of + pd.Timedelta(days=1), index=s.index)
        last_year = units_a_year_before(analysis, tomorrow, pd.Series(cover, index=s.index))
        floor = np.where(in_season, last_year.to_numpy(), 0.0)
        forecast = np.maximum(forecast, floor)
    else:
        floor = np.zeros(len(s))
    recent = analysis.recent_daily()
    unit_cost = s["unit_cost"].to_numpy(float)
    if settings.safety_stock_method == "normal":
        level = plan_service_level(s["price"].to_numpy(float), unit_cost,
                                   settings.holding_cost_rate, settings.review_days,
                                   settings.service_level)
        safety = safety_stock_normal(recent, cover, level).value
        varied = s["demand_class"].isin(VARIED_SIZE_CLASSES).to_numpy()
        if varied.any():
            safety[varied] = np.fmax(safety[varied], lead_time_demand_floor(
                analysis, varied, cover, level, forecast))
    else:
        safety = safety_stock_peak(recent, lead).value
    cls = s["abc_class"].to_numpy()
    safety = np.maximum(np.nan_to_num(safety), 0.0)
    on_hand, on_order = s["on_hand"].to_numpy(float), s["on_order"].to_numpy(float)
    moq, pack = s["moq"].to_numpy(float), s["pack_size"].to_numpy(float)
    position = on_hand + on_order
    rate = np.maximum(s["daily_rate"].to_numpy(float), floor / cover)
    rate = np.where(rate > MIN_DAILY_RATE, rate, 0.0)
    note = np.full(len(s), "", dtype=object)

    order_up_to = reorder_quantity(forecast, safety, on_hand, on_order, moq, pack).value
    suggested = order_up_to
    if settings.b_policy == "eoq":
        eoq = np.nan_to_num(economic_order_quantity(
            rate * 365, settings.order_cost, unit_cost,
            settings.holding_cost_rate).value)
        lot = reorder_quantity(eoq, 0.0, 0.0, 0.0, moq, pack).value
        fixed = _fixed_lots(position, lead_demand + safety, lot)
        suggested = np.where(cls == "B", fixed, order_up_to)
    policy = pd.Series(cls, index=s.index).map(POLICY).to_numpy(object)
    note[suggested > 0] = "tops up to the cover period's forecast + safety stock"
    note[suggested == 0] = "stock and open orders cover the forecast"
    note[(suggested == 0) & (rate == 0)] = "no forecast demand"
    if settings.b_policy == "eoq":
        note[(cls == "B") & (suggested > 0)] = "at or below the reorder point: whole EOQ lots"
        note[(cls == "B") & (suggested == 0)] = "above the reorder point"
    else:
        policy[cls == "B"] = POLICY["A"]

    new = (s["demand_class"] == "new").to_numpy()
    trial_cover = np.maximum(settings.trial_days, cover)
    trial = reorder_quantity(rate * trial_cover, 0.0, on_hand, on_order, moq, pack).value
    suggested = np.where(new, trial, suggested)
    never_sold = s["units_sold"].to_numpy(float) <= 0
    policy[new] = np.where(never_sold[new], "trial batch", "new: re-order from its sales")
    note[new] = [f"{days} days on sale: its own rate weighs {min(days / MIN_PERIODS, 1):.0%}, "
                 f"its category's the rest" for days in s["days_on_sale"].to_numpy()[new]]

    days_to_start = (window["start"] - analysis.as_of).dt.days.to_numpy(float)
    before = (window["valid"] & ~window["in_season"]).to_numpy()
    due = before & (days_to_start <= cover + SEASON_LEAD_DAYS)
    season_units = last_season_units(analysis, window)
    first = reorder_quantity(np.nan_to_num(seasonal_first_order(
        season_units, FIRST_ORDER_SHARE).value), 0.0, on_hand, on_order, moq, pack).value
    suggested = np.where(due, first, np.where(before, 0.0, suggested))
    policy[due] = "seasonal first order (40 %)"
    policy[before & ~due] = "out of season"
    note[due] = [f"40 % of {units:,.0f} sold last season; re-order from the first week's sales"
                 for units in season_units[due]]
    note[before & ~due] = "the season has not come near yet"
    # a first order covers the season, so its cap counts the season's daily rate
    season_days = window["days"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cap_rate = np.where(due, np.nan_to_num(season_units / season_days), rate)

    slow = s.index.isin(slow_sku_days(analysis).index)
    slow_order = slow & (suggested > 0)
    suggested = np.where(slow, 0.0, suggested)
    note[slow_order] = "slow mover: clear its stock before buying again"

    max_days = settings.max_cover_days
    ceiling = np.floor(max_days * cap_rate / pack + 1e-9) * pack
    over = suggested > max_days * cap_rate + 1e-9
    allowed = ceiling >= np.maximum(moq, pack) - 1e-9
    note[over & allowed] = f"cut to {max_days:g} days of forecast (max_cover_days)"
    note[over & ~allowed & (cap_rate > 0)] = (
        f"the MOQ or a pack is more than {max_days:g} days of forecast: not ordered")
    note[over & (cap_rate == 0)] = "no forecast demand: not ordered"
    suggested = np.where(over, np.where(allowed, ceiling, 0.0), suggested)

    with np.errstate(all="ignore"):
        cover_after = np.where(rate > 0, np.maximum(
            (position + suggested - lead_demand) / rate, 0.0), np.nan)
    plan = pd.DataFrame({
        "sku": s.index, "name": s["name"], "supplier": s["supplier"],
        "abc_class": s["abc_class"], "policy": policy, "demand_class": s["demand_class"],
        "daily_forecast": rate, "cover_days": cover, "forecast": forecast,
        "safety_stock": safety, "on_hand": on_hand, "on_order": on_order,
        "suggested_qty": suggested, "order_value": suggested * unit_cost,
        "days_of_cover_after": np.round(cover_after, 1), "note": note,
    }).reset_index(drop=True)
    plan = sorted_plan(plan)
    return plan, supplier_totals(plan)


def sorted_plan(plan: pd.DataFrame) -> pd.DataFrame:
    """Lines by supplier, the largest order first."""
    return plan.sort_values(["supplier", "order_value", "sku"], ascending=[True, False, True],
                            kind="stable", ignore_index=True)


def supplier_totals(plan: pd.DataFrame) -> pd.DataFrame:
    """Lines, units and value ordered per supplier."""
    ordering = plan[plan["suggested_qty"] > 0]
    return ordering.groupby("supplier", as_index=False).agg(
        lines=("sku", "size"), units=("suggested_qty", "sum"), order_value=("order_value", "sum"))
