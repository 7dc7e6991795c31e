"""The cycle-count list: A items counted monthly, B quarterly, C yearly, spread over the period
so each day carries a similar share of the counting."""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_inventory.reports.analysis import Analysis

EVERY_DAYS = {"A": 30, "B": 91, "C": 365}
FREQUENCY = {"A": "monthly", "B": "quarterly", "C": "yearly"}


def cycle_counts(analysis: Analysis) -> pd.DataFrame:
    return cycle_count_list(analysis.skus, analysis.as_of)


def cycle_count_list(s: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The count list of the SKUs ``s`` (index: sku; abc_class, name, on_hand, unit_cost)."""
    period = s["abc_class"].map(EVERY_DAYS).fillna(365).astype(int)
    # Within a class, SKUs take consecutive days of the period in order of stock value.
    value = s["on_hand"] * s["unit_cost"]
    rank = value.groupby(s["abc_class"]).rank(method="first", ascending=False).fillna(1)
    offset = ((rank - 1) % period).astype(int) + 1
    next_count = as_of + pd.to_timedelta(offset, unit="D")
    table = pd.DataFrame({
        "sku": s.index, "name": s["name"], "abc_class": s["abc_class"],
        "frequency": s["abc_class"].map(FREQUENCY), "count_every_days": period,
        "on_hand": s["on_hand"], "stock_value": value, "next_count": next_count,
    }).reset_index(drop=True)
    order = np.lexsort((table["sku"].to_numpy(), table["next_count"].to_numpy()))
    return table.iloc[order].reset_index(drop=True)
