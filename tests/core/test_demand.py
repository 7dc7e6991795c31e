"""Demand series from sales lines, demand classes, backtest, category rates for new SKUs."""

import numpy as np
import pandas as pd
import pytest

from xl_inventory.core.demand import borrow_category_rate, demand_series, promotion_uplift
from xl_inventory.core.forecasting import demand_classes
from xl_inventory.core.forecasting.backtest import rolling_origin_backtest
from xl_inventory.errors import InvalidParameterError


@pytest.fixture
def sales():
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01 09:30", "2024-01-01 17:00", "2024-01-03",
                                    "2024-01-05", "2024-01-08", "2024-01-02", "2023-12-31"],
                                   format="ISO8601"),
            "sku": ["A", "A", "A", "A", "A", "B", "A"],
            "quantity": [5, -2, 4, 1, 7, 6, 99],
        }
    )


def test_daily_series_nets_returns_fills_zeros_and_leaves_pre_launch_days_missing(sales):
    launch = pd.Series(pd.to_datetime(["2024-01-04"]), index=["C"])
    series = demand_series(sales, "2024-01-01", "2024-01-08", skus=pd.Index(["A", "B", "C"]),
                           launch_dates=launch)
    nan = np.nan
    np.testing.assert_array_equal(series.quantity, [
        [3, 0, 4, 0, 1, 0, 0, 7],  # 5 − 2 on day 1; the sale of 2023-12-31 is outside
        [nan, 6, 0, 0, 0, 0, 0, 0],  # launched on its first sale
        [nan, nan, nan, 0, 0, 0, 0, 0],  # launched 4 January, never sold: zeros, not blanks
    ])
    assert series.periods[0] == pd.Timestamp("2024-01-01")


def test_weekly_series_sums_days_and_keeps_unobserved_weeks_missing(sales):
    series = demand_series(sales, "2024-01-01", "2024-01-14", frequency="W")
    # weeks ending Sunday 7 and 14 January
    np.testing.assert_array_equal(series.quantity, [[8, 7], [6, 0]])
    assert list(series.periods) == [pd.Timestamp("2024-01-07"), pd.Timestamp("2024-01-14")]


def test_promotions_mark_their_days_and_overlaps_multiply():
    days = pd.date_range("2024-03-01", periods=6)
    promotions = pd.DataFrame({
        "sku": ["A", "A", "B", "Z"],
        "start": pd.to_datetime(["2024-03-02", "2024-03-03", "2024-02-01", "2024-03-01"]),
        "end": pd.to_datetime(["2024-03-03", "2024-03-04", "2024-03-01", "2024-03-06"]),
        "uplift": [1.5, 2.0, 3.0, 9.0],
    })
    uplift = promotion_uplift(pd.Index(["A", "B"]), days, promotions)
    np.testing.assert_allclose(uplift, [[1, 1.5, 3.0, 2.0, 1, 1], [3.0, 1, 1, 1, 1, 1]])


def test_cleaning_takes_the_promotion_out_of_the_history():
    sales = pd.DataFrame({"date": pd.date_range("2024-03-01", periods=4), "sku": "A",
                          "quantity": [10, 30, 30, 10]})
    promotions = pd.DataFrame({"sku": ["A"], "start": [pd.Timestamp("2024-03-02")],
                               "end": [pd.Timestamp("2024-03-03")], "uplift": [3.0]})
    series = demand_series(sales, "2024-03-01", "2024-03-04", promotions=promotions)
    assert series.in_promotion.tolist() == [[False, True, True, False]]
    np.testing.assert_allclose(series.cleaned(), [[10, 10, 10, 10]])


def test_without_promotions_the_history_is_the_quantities_read_only():
    sales = pd.DataFrame({"date": pd.date_range("2024-03-01", periods=3), "sku": "A",
                          "quantity": [4, 0, 2]})
    series = demand_series(sales, "2024-03-01", "2024-03-03")
    assert not series.in_promotion.any()
    history = series.cleaned()
    np.testing.assert_array_equal(history, [[4, 0, 2]])
    with pytest.raises(ValueError, match="read-only"):
        history[0, 0] = 1
    assert series.quantity[0, 0] == 4


def test_bad_frequency_and_dates_are_refused(sales):
    with pytest.raises(InvalidParameterError, match="frequency"):
        demand_series(sales, "2024-01-01", "2024-01-08", frequency="M")
    with pytest.raises(InvalidParameterError, match="before start"):
        demand_series(sales, "2024-01-08", "2024-01-01")


def test_borrowed_rates_come_from_established_skus_of_the_category():
    rate = pd.Series([4.0, 2.0, 0.0, 9.0, 0.0])
    category = pd.Series(["hat", "hat", "hat", "mug", "lamp"])
    new = pd.Series([False, False, True, False, True])
    assert borrow_category_rate(rate, category, new).tolist() == [4.0, 2.0, 3.0, 9.0, 5.0]


@pytest.mark.parametrize(
    ("history", "label"),
    [
        ([10, 12, 9, 11, 10, 12, 11, 9, 10, 11, 12, 10, 9, 11], "smooth"),
        ([1, 30, 2, 25, 1, 40, 3, 1, 35, 2, 1, 28, 2, 30], "erratic"),  # CV² ≈ 1.0
        ([0, 0, 5, 0, 0, 6, 0, 0, 5, 0, 0, 6, 0, 0], "intermittent"),  # ADI 3
        ([0, 0, 1, 0, 0, 30, 0, 0, 2, 0, 0, 40, 0, 0], "lumpy"),
        ([0] * 14, "none"),
        ([5, 6, 5, 4, 5], "new"),  # fewer than 14 observed periods
        ([np.nan] * 6 + [5] * 13, "new"),  # launched 13 periods ago
    ],
)
def test_syntetos_boylan_classes(history, label):
    assert demand_classes([history]).value.tolist() == [label]


def test_adi_cut_off_is_1_32_inclusive():
    # 33 periods, 25 demands (the last period among them): ADI = 33 / 25 = 1.32 exactly
    exactly = [5.0] * 33
    for zero in (1, 5, 9, 13, 17, 21, 25, 29):
        exactly[zero] = 0.0
    assert demand_classes([exactly]).value.tolist() == ["intermittent"]
    # one zero fewer: 32 / 25 = 1.28
    assert demand_classes([exactly[:1] + exactly[2:]]).value.tolist() == ["smooth"]
    assert demand_classes([[5.0, 0.0, 5.0] * 10]).value.tolist() == ["intermittent"]  # 1.5
    assert demand_classes([[5.0, 5.0, 5.0, 0.0] * 10]).value.tolist() == ["smooth"]  # 1.3


def test_backtest_scores_each_fold_against_what_was_sold():
    history = [[0, 0, 0, 8] * 12, [5.0] * 48]
    result = rolling_origin_backtest(history, horizon=4, folds=3, method="croston",
                                     skus=["slow", "steady"])
    per_sku = result.per_sku
    assert per_sku.loc["slow", "mae"] == pytest.approx(3.0)  # 2 a day against 0, 0, 0, 8
    assert per_sku.loc["slow", "bias"] == pytest.approx(0.0)
    assert per_sku.loc["steady", "mae"] == pytest.approx(0.0)
    assert per_sku.loc["slow", "periods"] == 12
    # RMSSE by hand: each fold's squared errors (4, 4, 4, 36) over the mean squared step of
    # the history before its origin (36, 40 and 44 days)
    series = np.array(history[0], dtype=float)
    scaled = [sum(e * e for e in (2, 2, 2, -6)) / np.mean(np.diff(series[:origin]) ** 2)
              for origin in (36, 40, 44)]
    assert per_sku.loc["slow", "rmsse"] == pytest.approx(np.sqrt(sum(scaled) / 12), rel=1e-12)
    assert set(result.per_class.index) == {"intermittent", "smooth"}
    assert result.per_class.loc["intermittent", "skus"] == 1


def test_backtest_needs_enough_history():
    with pytest.raises(InvalidParameterError, match="3 folds of 10 periods need more than 31"):
        rolling_origin_backtest([[1.0] * 20], horizon=10)
