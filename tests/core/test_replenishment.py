"""Reorder point, order quantity with MOQ and packs, EOQ, the seasonal first order."""

import math

import numpy as np
import pytest

from xl_inventory.core import (
    RowStatus,
    economic_order_quantity,
    reorder_point,
    reorder_quantity,
    seasonal_first_order,
)
from xl_inventory.errors import InvalidParameterError


def test_reorder_point_is_lead_time_demand_plus_safety_stock():
    answer = reorder_point([10, 2.5, -1], [3, 4, 1], [30, 0, 0])
    assert answer.value[:2].tolist() == [60.0, 10.0]
    assert answer.status[2] == RowStatus.NUM


def test_reorder_point_averages_a_daily_sales_history():
    assert reorder_point([[8, 12, np.nan]], 5).value.tolist() == [50.0]


@pytest.mark.parametrize(
    ("forecast", "safety", "on_hand", "on_order", "moq", "pack", "expected"),
    [
        (300, 30, 120, 50, 0, 24, 168),  # need 160 → 6.67 packs → 7 × 24
        (300, 30, 120, 50, 200, 24, 216),  # MOQ 200 → 8.33 packs → 9 × 24
        (300, 30, 120, 50, 0, 1, 160),  # no packs: the need itself
        (100, 10, 200, 0, 50, 10, 0),  # stock covers the need: nothing, MOQ or not
        (100, 10, 110, 0, 50, 10, 0),  # need exactly 0: nothing
        (100, 10, 109, 0, 50, 10, 50),  # need 1 → one pack of 10, lifted to MOQ 50
        (100, 10, 109, 0, 45, 10, 50),  # MOQ 45 itself rounds up to whole packs: 50
        (0.1 + 0.2, 0, 0, 0, 0, 0.1, 0.3),  # float noise (0.30000000000000004) adds no pack
        (12.5, 0, 0, 0, 0, 1, 13),  # a fractional need rounds up
    ],
)
def test_reorder_quantity_hand_worked(forecast, safety, on_hand, on_order, moq, pack, expected):
    answer = reorder_quantity(forecast, safety, on_hand, on_order, moq, pack)
    assert answer.value.item() == pytest.approx(expected, abs=1e-12)
    assert answer.status.item() == RowStatus.OK


def test_reorder_quantity_flags_impossible_rows():
    answer = reorder_quantity(
        [10, 10, 10, -1, 10, np.nan], [0] * 6, [-5, 0, 0, 0, 0, 0], 0, [0, -1, 0, 0, 0, 0],
        [1, 1, 0, 1, 1, 1],
    )
    n = RowStatus.NUM
    assert answer.status.tolist() == [n, n, n, n, 0, RowStatus.BLANK]
    assert answer.value[4] == 10.0


def test_eoq_textbook_example():
    # D = 1200, S = 50, H = 12 × 0.25 = 3 → √40000 = 200
    assert economic_order_quantity(1200, 50, 12, 0.25).value.item() == 200.0
    expected = math.sqrt(2 * 5200 * 35 / (8 * 0.2))
    assert economic_order_quantity(5200, 35, 8, 0.2).value.item() == pytest.approx(expected)


def test_eoq_row_errors():
    answer = economic_order_quantity([100, 100, 0], [10, 10, 10], [0, -2, 5])
    assert answer.status.tolist() == [RowStatus.DIV_ZERO, RowStatus.NUM, 0]
    assert answer.value[2] == 0.0


def test_seasonal_first_order_is_forty_percent_by_default():
    assert seasonal_first_order([1000, 250]).value.tolist() == [400.0, 100.0]
    assert seasonal_first_order(1000, 0.25).value.item() == 250.0
    assert seasonal_first_order(-1).status.item() == RowStatus.NUM
    with pytest.raises(InvalidParameterError, match="first_order_share"):
        seasonal_first_order(1000, 1.5)
