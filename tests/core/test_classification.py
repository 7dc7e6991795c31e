"""ABC classes exactly as the contract defines them, and XYZ classes by coefficient of variation."""

import numpy as np
import pytest

from xl_inventory.core import RowStatus, abc_classes, xyz_classes
from xl_inventory.errors import InvalidParameterError


def labels(values, *args):
    return abc_classes(values, *args).value.tolist()


def test_abc_by_share_of_total_before_each_item():
    # total 1000: 500 (0 before → A), 250 (500 → A), 100 (750 → B), 80 (850 → B), 50 (930 → C)
    # 20 (980 → C)
    assert labels([100, 500, 20, 250, 80, 50]) == ["B", "A", "C", "A", "B", "C"]


def test_an_item_exactly_at_the_boundary_falls_to_the_next_class():
    # 70 before the second item is exactly 70 % → not below a_share → B; 90 → exactly 90 % → C
    assert labels([70, 20, 10]) == ["A", "B", "C"]
    # the same with thirds of a total whose running sums round
    assert labels([0.7, 0.2, 0.1]) == ["A", "B", "C"]


def test_the_largest_item_is_always_a_even_when_it_dominates():
    assert labels([5, 990, 5]) == ["C", "A", "C"]  # 990 before the fives: 99 % → C
    assert labels([42]) == ["A"]


def test_equal_values_share_the_class_of_the_first_of_them():
    # 40 | 20 20 20 | 0: before the tied group is 40 % → all three A (not A, B, C)
    assert labels([20, 40, 20, 20]) == ["A", "A", "A", "A"]
    # 60 | 10 10 10 10: before the tie 60 % < 70 % → all four A
    assert labels([10, 60, 10, 10, 10]) == ["A", "A", "A", "A", "A"]
    # 80 | 5 5 5 5: before the tie 80 % ≥ 70 % and < 90 % → all B
    assert labels([80, 5, 5, 5, 5]) == ["A", "B", "B", "B", "B"]


def test_zero_negative_and_blank_values():
    # total 130 (zero and negative left out): 100 → A, 30 has 77 % before it → B
    answer = abc_classes([100, 0, -5, np.nan, 30])
    assert answer.value.tolist() == ["A", "C", "C", "", "B"]
    assert answer.status.tolist() == [0, 0, 0, RowStatus.BLANK, 0]
    assert labels([0, 0, -1]) == ["C", "C", "C"]


def test_custom_shares():
    assert labels([50, 30, 20], 0.5, 0.8) == ["A", "B", "C"]
    assert labels([50, 30, 20], 1.0, 1.0) == ["A", "A", "A"]


@pytest.mark.parametrize(("a_share", "b_share"), [(0, 0.9), (1.2, 1.2), (0.8, 0.7), ("x", 0.9)])
def test_impossible_shares_are_refused_by_name(a_share, b_share):
    with pytest.raises(InvalidParameterError, match="share"):
        abc_classes([1, 2], a_share, b_share)


def test_abc_matches_an_independent_loop_on_random_data():
    rng = np.random.default_rng(7)
    values = np.round(rng.lognormal(3, 1.5, 2000), 0)  # rounding makes ties
    expected = {}
    order = sorted(range(len(values)), key=lambda i: -values[i])
    total = values.sum()
    running = 0.0
    for position, i in enumerate(order):
        if position and values[i] == values[order[position - 1]]:
            expected[i] = expected[order[position - 1]]
        else:
            share = running / total
            expected[i] = "A" if share < 0.7 - 1e-9 else "B" if share < 0.9 - 1e-9 else "C"
        running += values[i]
    assert abc_classes(values).value.tolist() == [expected[i] for i in range(len(values))]


def test_xyz_by_coefficient_of_variation():
    history = [
        [10, 11, 9, 10],  # cv 0.08 → X
        [5, 15, 5, 15],  # mean 10, s 5.77 → cv 0.58 → Y
        [0, 0, 0, 40],  # mean 10, s 20 → cv 2 → Z
        [10, 15, 5, 10],  # s = 4.08, cv 0.41 → X
        [0, 0, 0, 0],  # no demand: no cv
        [7, np.nan, np.nan, np.nan],  # one period: no deviation
        [np.nan] * 4,
    ]
    answer = xyz_classes(history)
    assert answer.value.tolist() == ["X", "Y", "Z", "X", "", "", ""]
    d, b = RowStatus.DIV_ZERO, RowStatus.BLANK
    assert answer.status.tolist() == [0, 0, 0, 0, d, d, b]


def test_xyz_boundary_is_inclusive():
    # mean 10, sample s = 5 exactly → cv 0.5 → X
    assert xyz_classes([[5, 15, 10, 5, 15]]).value.tolist() == ["X"]
