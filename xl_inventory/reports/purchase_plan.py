"""The purchase plan (采购建议): what to order from each supplier, per SPEC.md's ABC policies.

- A: order up to the forecast over the cover period (lead time + review period) plus safety
  stock, at every review.
- B: a fixed lot, the economic order quantity in whole packs, when the stock position falls to
  the reorder point (lead-time demand plus safety stock).
- C: no safety stock; order only what the forecast over the cover period needs.
- New SKUs (too little history): a trial batch of ``trial_days`` of the category's rate.
- Seasonal SKUs (``season`` like ``11-02``): before the season, a first order of 40 % of the
  season's forecast; out of season, nothing; in season, their ABC policy.
Every quantity is rounded up to whole packs and to at least the MOQ.
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
from xl_inventory.core.forecasting.demand_total import cumulative_demand
from xl_inventory.reports.analysis import Analysis

POLICY = {"A": "order up to", "B": "fixed lot (EOQ)", "C": "order to demand"}


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
    length = (months * 30.4).round()
    return pd.DataFrame({"valid": valid, "in_season": in_season,
                         "start": start.where(valid), "days": np.where(valid, length, np.nan)},
                        index=season.index)


def purchase_plan(analysis: Analysis) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per SKU purchase lines, and totals per supplier."""
    s = analysis.skus
    settings = analysis.settings
    lead = s["lead_time_days"].to_numpy(float)
    cover = lead + float(settings["review_days"])
    forecast = cumulative_demand(analysis.paths, cover)
    lead_demand = cumulative_demand(analysis.paths, lead)
    recent = analysis.recent_daily()
    if settings["safety_stock_method"] == "normal":
        safety = safety_stock_normal(recent, lead, float(settings["service_level"])).value
    else:
        safety = safety_stock_peak(recent, lead).value
    safety = np.nan_to_num(safety)
    cls = s["abc_class"].to_numpy()
    safety = np.where(cls == "C", 0.0, np.maximum(safety, 0.0))
    on_hand, on_order = s["on_hand"].to_numpy(float), s["on_order"].to_numpy(float)
    moq, pack = s["moq"].to_numpy(float), s["pack_size"].to_numpy(float)

    order_up_to = reorder_quantity(forecast, safety, on_hand, on_order, moq, pack).value
    rate = s["daily_rate"].to_numpy(float)
    eoq = np.nan_to_num(economic_order_quantity(
        rate * 365, float(settings["order_cost"]), s["unit_cost"].to_numpy(float),
        float(settings["holding_cost_rate"])).value)
    position = on_hand + on_order
    below_rop = position <= lead_demand + safety
    lot_need = np.maximum(eoq, forecast + safety - position)
    fixed_lot = np.where(below_rop, reorder_quantity(lot_need, 0.0, 0.0, 0.0, moq, pack).value,
                         0.0)
    suggested = np.where(cls == "B", fixed_lot, order_up_to)
    policy = pd.Series(cls, index=s.index).map(POLICY)
    note = pd.Series("", index=s.index)

    new = (s["demand_class"] == "new").to_numpy()
    trial = reorder_quantity(rate * float(settings["trial_days"]), 0.0, on_hand, on_order,
                             moq, pack).value
    suggested = np.where(new, trial, suggested)
    policy = policy.where(~new, "trial batch")

    season = _season_window(s["season"].astype(str), analysis.as_of)
    days_to_start = (season["start"] - analysis.as_of).dt.days
    before = season["valid"] & ~season["in_season"]
    first_order_due = before & (days_to_start <= pd.Series(cover, index=s.index) + 30)
    season_forecast = rate * season["days"].to_numpy(float)
    first = reorder_quantity(np.nan_to_num(seasonal_first_order(
        np.nan_to_num(season_forecast)).value), 0.0, on_hand, on_order, moq, pack).value
    suggested = np.where(first_order_due, first, np.where(before, 0.0, suggested))
    policy = policy.where(~first_order_due, "seasonal first order (40 %)")
    policy = policy.where(~(before & ~first_order_due), "out of season")
    note = note.where(~first_order_due, "re-order from the first week's sales")

    with np.errstate(all="ignore"):
        cover_after = np.where(rate > 0, (position + suggested - lead_demand) / rate, np.nan)
    plan = pd.DataFrame({
        "sku": s.index, "name": s["name"], "supplier": s["supplier"],
        "abc_class": s["abc_class"], "policy": policy, "demand_class": s["demand_class"],
        "daily_forecast": rate, "cover_days": cover, "forecast": forecast,
        "safety_stock": safety, "on_hand": on_hand, "on_order": on_order,
        "suggested_qty": suggested, "order_value": suggested * s["unit_cost"].to_numpy(float),
        "days_of_cover_after": cover_after, "note": note,
    }).reset_index(drop=True)
    plan = plan.sort_values(["supplier", "order_value", "sku"], ascending=[True, False, True],
                            kind="stable", ignore_index=True)
    ordering = plan[plan["suggested_qty"] > 0]
    totals = ordering.groupby("supplier", as_index=False).agg(
        lines=("sku", "size"), units=("suggested_qty", "sum"), order_value=("order_value", "sum"))
    return plan, totals
