"""The stock value behind turnover, reconstructed backwards from today's stock."""

from types import SimpleNamespace

import numpy as np
import pandas as pd

from xl_inventory.core.demand import demand_series
from xl_inventory.reports.kpis import daily_stock_value


def test_stock_is_rebuilt_from_later_sales_less_later_receipts_never_below_zero():
    days = ("2024-05-01", "2024-05-03")
    sales = pd.DataFrame({"date": pd.to_datetime(["2024-05-01", "2024-05-03", "2024-05-03"]),
                          "sku": ["A", "A", "B"], "quantity": [4.0, 5.0, 3.0]})
    receipts = pd.DataFrame({"date": pd.to_datetime(["2024-05-02", "2024-05-03"]),
                             "sku": ["A", "C"], "quantity": [6.0, 4.0]})
    skus = pd.DataFrame({"on_hand": [10.0, 0.0, 0.0], "unit_cost": [2.0, 1.0, 5.0]},
                        index=pd.Index(["A", "B", "C"], name="sku"))
    analysis = SimpleNamespace(
        skus=skus, demand=demand_series(sales, *days, skus=skus.index,
                                        launch_dates=pd.Series(pd.Timestamp(days[0]),
                                                               index=skus.index)),
        inventory=SimpleNamespace(receipts=receipts))
    daily = daily_stock_value(analysis)
    # A at the end of each day: 10 + 5 - 6 = 9, then 10 + 5 = 15, then 10; B: 3, 3, 0;
    # C would be 0 - 4 before its receipt, which counts as 0
    np.testing.assert_allclose(daily["stock_value"], [2 * 9 + 3, 2 * 15 + 3, 2 * 10])
    np.testing.assert_allclose(daily["cogs"], [2 * 4, 0, 2 * 5 + 3])
