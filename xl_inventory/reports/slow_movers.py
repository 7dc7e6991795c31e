"""The slow-mover report (滞销品): what to mark down or bundle, and what holding on costs.

A SKU is slow when it has stock and no sale for ``slow_days`` (or never sold). Its markdown
step grows with age, never straight to the floor: step 1 until 1.5 × slow_days without a sale,
step 2 until 2 ×, then step 3 (the discounts are the ``markdown_steps`` setting). The markdown's
loss (revenue given up on the stock) is set against the cost of keeping the stock until it would
sell at its current rate (at most a year): the holding cost (``holding_cost_rate`` of the cost
value a year) plus the value it loses as it ages (``obsolescence_rate`` of its price a year);
whichever is smaller is the cheaper way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_inventory.core import RowStatus, days_since_last_sale, holding_cost, sell_through
from xl_inventory.reports.analysis import Analysis

MAX_DAYS_TO_CLEAR = 365.0


def days_since_sale(analysis: Analysis) -> pd.Series:
    """Days since the last sale; a SKU that never sold counts from its launch, or from the start
    of the sales history."""
    s = analysis.skus
    since = s["last_sale"].fillna(s["launch_date"]).fillna(analysis.whole.start)
    days = days_since_last_sale(since.to_numpy("datetime64[D]"), analysis.as_of)
    # a launch after the as-of date: no day has passed yet
    return pd.Series(np.where(days.status == RowStatus.NUM, 0.0, days.value), index=s.index)


def slow_sku_days(analysis: Analysis) -> pd.Series:
    """Days since the last sale of the slow SKUs only: those with stock on hand and no sale
    for ``slow_days`` (needs no forecast)."""
    return slow_among(days_since_sale(analysis), analysis.skus["on_hand"],
                      analysis.settings.slow_days)


def slow_among(days: pd.Series, on_hand: pd.Series, slow_days: float) -> pd.Series:
    """Of ``days`` (days since the last sale per SKU), those of the slow SKUs: stock on hand
    (``on_hand``, same index) and no sale for ``slow_days``."""
    return days[(on_hand > 0) & (days >= slow_days)]


def slow_movers(analysis: Analysis) -> pd.DataFrame:
    s = analysis.skus
    settings = analysis.settings
    rate = settings.holding_cost_rate
    slow_days = settings.slow_days
    days = slow_sku_days(analysis)
    chosen = s.loc[days.index]
    value = chosen["on_hand"] * chosen["unit_cost"]
    steps = settings.markdown_steps
    age = days / slow_days
    step = np.where(age < 1.5, 1, np.where(age < 2, 2, 3))
    step = np.minimum(step, len(steps))
    discount = np.array(steps)[step - 1]
    price = chosen["price"].where(chosen["price"].notna(), chosen["unit_cost"])
    markdown_loss = chosen["on_hand"] * price * discount
    with np.errstate(divide="ignore", invalid="ignore"):
        to_clear = np.where(chosen["daily_rate"] > 0, chosen["on_hand"] / chosen["daily_rate"],
                            np.inf)
    to_clear = np.minimum(to_clear, MAX_DAYS_TO_CLEAR)
    # Holding on costs the holding rate on the cost value, and the stock loses value as it
    # ages (obsolescence_rate of its price a year): the seed's 持有成本 against 降价损失.
    aging = chosen["on_hand"] * price * settings.obsolescence_rate * to_clear / 365
    holding_to_clear = holding_cost(value.to_numpy(), to_clear, rate).value + aging.to_numpy()
    sold = chosen["units_sold"].clip(lower=0).to_numpy()
    # the window's sell-through: sold over sold plus what is left (all of it was available)
    through = sell_through(sold, sold + chosen["on_hand"].to_numpy()).value
    report = pd.DataFrame({
        "sku": chosen.index, "name": chosen["name"], "category": chosen["category"],
        "on_hand": chosen["on_hand"], "stock_value": value,
        "last_sale": chosen["last_sale"], "days_since_last_sale": days,
        "sell_through": through,
        "holding_cost_to_date": holding_cost(value.to_numpy(), days.to_numpy(), rate).value,
        "holding_cost_next_90_days": holding_cost(value.to_numpy(), 90, rate).value,
        "markdown_step": step, "markdown_discount": discount, "markdown_loss": markdown_loss,
        "holding_cost_to_clear": holding_to_clear,
        "cheaper": np.where(markdown_loss < holding_to_clear, "mark down", "hold"),
        "bundle_partner": _bundle_partners(analysis, chosen),
    }).reset_index(drop=True)
    return sorted_slow_movers(report)


def sorted_slow_movers(report: pd.DataFrame) -> pd.DataFrame:
    """The largest stock value first."""
    return report.sort_values(["stock_value", "sku"], ascending=[False, True], kind="stable",
                              ignore_index=True)


def bundle_partners(skus: pd.DataFrame) -> tuple[pd.Series, str | None]:
    """Per category, its best-selling A-class SKU; and the best-selling A-class SKU of all
    (None without any)."""
    best = skus[skus["abc_class"] == "A"].sort_values("sales_value", ascending=False,
                                                     kind="stable")
    by_category = best.reset_index().drop_duplicates("category").set_index("category")["sku"]
    return by_category, (best.index[0] if len(best) else None)


def _bundle_partners(analysis: Analysis, chosen: pd.DataFrame) -> np.ndarray:
    """The best-selling A-class SKU of the same category (of the whole range if none)."""
    whole = analysis.whole
    if whole.partners is None:
        by_category, best_seller = bundle_partners(analysis.skus)
    else:
        by_category, best_seller = whole.partners, whole.best_seller
    if best_seller is None:
        return np.full(len(chosen), "")
    partner = chosen["category"].map(by_category).fillna(best_seller)
    return partner.where(partner != chosen.index, "").to_numpy()
