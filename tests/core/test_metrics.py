"""Hand-worked cases for turnover, days of inventory, sell-through, slow movers and cover."""

import numpy as np
import pytest

from xl_inventory.core import (
    RowStatus,
    days_of_cover,
    days_of_inventory,
    days_since_last_sale,
    holding_cost,
    inventory_turnover,
    sell_through,
    slow_moving_ratio,
)
from xl_inventory.errors import InvalidParameterError, ShapeMismatchError

OK, DIV0, NUM, BLANK = RowStatus.OK, RowStatus.DIV_ZERO, RowStatus.NUM, RowStatus.BLANK


def test_turnover_averages_each_row_of_balances_and_skips_blanks():
    # row 1: 90 / mean(40, 20, 30) = 3; row 2: 50 / mean(25, blank, 25) = 2
    answer = inventory_turnover([90, 50], [[40, 20, 30], [25, np.nan, 25]])
    np.testing.assert_allclose(answer.value, [3.0, 2.0])
    assert answer.status.tolist() == [OK, OK]


def test_turnover_flags_each_bad_row_and_keeps_the_others():
    answer = inventory_turnover(
        [100, 100, np.nan, -5, 100, 100],
        [50, 0, 10, 10, -1, np.nan],
    )
    assert answer.status.tolist() == [OK, DIV0, BLANK, NUM, NUM, BLANK]
    assert answer.value[0] == 2.0
    assert np.isnan(answer.value[1:]).all()


def test_turnover_rejects_columns_of_different_lengths_naming_them():
    with pytest.raises(ShapeMismatchError, match="cost_of_goods_sold has 3 rows"):
        inventory_turnover([1, 2, 3], [1, 2])


def test_days_of_inventory_is_period_over_turnover():
    # turnover 4 a month → 30 / 4 = 7.5 days; zero cogs → stock never turns: #DIV/0!
    answer = days_of_inventory([120, 0], [[40, 20, 30], [30, 30, 30]], period_days=30)
    assert answer.value[0] == 7.5
    assert answer.status.tolist() == [OK, DIV0]


def test_days_of_inventory_rejects_a_non_positive_period():
    with pytest.raises(InvalidParameterError, match="period_days must be greater than 0, got 0"):
        days_of_inventory(1, 1, period_days=0)


def test_sell_through_counts_opening_stock_as_available():
    answer = sell_through([40, 30, 5, 5, 150], [100, 50, 0, -1, 100], [0, 50, 0, 0, 0])
    np.testing.assert_allclose(answer.value[[0, 1, 4]], [0.4, 0.3, 1.5])
    assert answer.status.tolist() == [OK, OK, DIV0, NUM, OK]


def test_slow_moving_ratio_counts_never_sold_and_the_boundary_day_as_slow():
    # slow: 120 days, exactly 90 days, never sold → (500 + 250 + 250) / 2000
    answer = slow_moving_ratio([1000, 500, 250, 250], [3, 120, 90, np.nan])
    assert float(answer.value) == 0.5
    assert float(slow_moving_ratio([1000, 500], [89, 30]).value) == 0.0


def test_slow_moving_ratio_has_no_answer_without_stock_or_with_negative_values():
    assert slow_moving_ratio([0, 0], [100, 100]).status == DIV0
    assert slow_moving_ratio([10, -1], [100, 1]).status == NUM


def test_days_since_last_sale_in_whole_days():
    answer = days_since_last_sale(
        np.array(["2024-01-31", "NaT", "2024-03-02"], dtype="datetime64[D]"), "2024-03-01"
    )
    assert answer.value[0] == 30.0  # 2024 is a leap year: Feb has 29 days
    assert answer.status.tolist() == [OK, BLANK, NUM]


def test_days_of_cover_counts_stock_on_order():
    answer = days_of_cover([300, 0, 5, 10], [10, 4, 0, -2], [0, 20, 0, 0])
    assert answer.value[:2].tolist() == [30.0, 5.0]
    assert answer.status.tolist() == [OK, OK, DIV0, NUM]


def test_days_of_cover_averages_a_history_of_daily_sales():
    answer = days_of_cover([60], [[2, 4, np.nan, 6]])
    assert answer.value.tolist() == [15.0]


def test_holding_cost_of_a_year_is_the_rate_times_the_value():
    answer = holding_cost([10_000, 3650, 100], [365, 10, -1], [0.25, 0.2, 0.25])
    np.testing.assert_allclose(answer.value[:2], [2500.0, 20.0])
    assert answer.status.tolist() == [OK, OK, NUM]
