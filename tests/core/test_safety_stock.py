"""Safety stock: the seed's worked example, the normal rule against a z table and the stdlib."""

import math
from statistics import NormalDist, stdev

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_inventory.core import RowStatus, safety_stock_normal, safety_stock_peak


def test_the_seeds_worked_example_average_10_peak_20_lead_time_3_gives_30():
    daily = [10, 10, 20, 0, 10, 10]  # mean 10, peak 20
    assert safety_stock_peak([daily], 3).value.tolist() == [30.0]
    assert safety_stock_peak(daily, 3).value.tolist() == [30.0]  # one SKU as a 1-D history


def test_peak_rule_per_row_skips_blank_days():
    answer = safety_stock_peak([[1, 3, np.nan], [4, 4, 4], [np.nan] * 3], [2, 5, 1])
    assert answer.value[:2].tolist() == [2.0, 0.0]  # (3 - 2) × 2; a flat history needs none
    assert answer.status.tolist() == [0, 0, RowStatus.BLANK]


def test_peak_rule_uses_the_mean_of_observed_lead_times_and_flags_negative_ones():
    answer = safety_stock_peak([[1, 3], [1, 3]], [[2, 4, 6], [2, -1, 3]])
    assert answer.value[0] == 4.0  # (3 - 2) × mean(2, 4, 6)
    assert answer.status[1] == RowStatus.NUM


@pytest.mark.parametrize(
    ("level", "z_from_table"),
    [(0.50, 0.0), (0.90, 1.2816), (0.95, 1.6449), (0.975, 1.9600), (0.99, 2.3263)],
)
def test_normal_rule_matches_the_standard_normal_table(level, z_from_table):
    # σd = 5 exactly, L = 9 → SS = z × 5 × 3
    answer = safety_stock_normal([[5, 15, 10, 5, 15]], 9, level)
    assert answer.value[0] == pytest.approx(z_from_table * 15, abs=1e-3)


def test_normal_rule_with_variable_lead_time_against_an_independent_computation():
    sales = [8, 12, 10, 10, 7, 13]
    lead_times = [3, 5, 4, 4]
    z = NormalDist().inv_cdf(0.98)
    mean_d, sd_d = sum(sales) / len(sales), stdev(sales)
    mean_l, sd_l = sum(lead_times) / len(lead_times), stdev(lead_times)
    expected = z * math.sqrt(mean_l * sd_d**2 + mean_d**2 * sd_l**2)
    answer = safety_stock_normal([sales], [lead_times], 0.98)
    assert answer.value[0] == pytest.approx(expected, rel=1e-12)


def test_normal_rule_per_sku_service_levels_and_row_errors():
    sales = [[5, 15, 10, 5, 15]] * 5 + [[4, np.nan, np.nan, np.nan, np.nan]]
    answer = safety_stock_normal(sales, 4, [0.95, 0, 1, 1.5, np.nan, 0.9])
    assert answer.value[0] == pytest.approx(NormalDist().inv_cdf(0.95) * 10, rel=1e-12)
    n, b, d = RowStatus.NUM, RowStatus.BLANK, RowStatus.DIV_ZERO
    assert answer.status.tolist() == [0, n, n, n, b, d]


def test_vectorised_equals_one_sku_at_a_time():
    rng = np.random.default_rng(3)
    sales = rng.poisson(4, size=(50, 30)).astype(float)
    sales[rng.random(sales.shape) < 0.1] = np.nan
    lead = rng.integers(1, 15, size=50).astype(float)
    level = rng.uniform(0.6, 0.99, size=50)
    together = safety_stock_normal(sales, lead, level).value
    alone = [safety_stock_normal(sales[i], lead[i], level[i]).value[0] for i in range(50)]
    np.testing.assert_allclose(together, alone, rtol=1e-12)
    together = safety_stock_peak(sales, lead).value
    alone = [safety_stock_peak(sales[i], lead[i]).value[0] for i in range(50)]
    np.testing.assert_allclose(together, alone, rtol=1e-12)


@given(
    sales=st.lists(st.integers(min_value=0, max_value=500), min_size=2, max_size=40),
    lead=st.floats(min_value=0, max_value=120),
    level=st.floats(min_value=1e-6, max_value=1 - 1e-6),
)
def test_normal_rule_sign_follows_the_service_level(sales, lead, level):
    # z is negative below 50 %: planning to run out more often than not needs less than none
    value = safety_stock_normal([sales], lead, level).value[0]
    assert value >= 0 if level >= 0.5 else value <= 0
    peak = safety_stock_peak([sales], lead).value[0]
    assert peak >= 0


def test_window_demand_quantile_is_the_quantile_of_rolling_sums_of_observed_days():
    """Against pandas: rolling sums of whole runs of observed days, numpy's linear quantile."""
    import pandas as pd

    from xl_inventory.core.safety_stock import window_demand_quantile

    rng = np.random.default_rng(4)
    daily = rng.poisson(rng.gamma(0.5, 4.0, (6, 1)), (6, 120)).astype(float)
    daily[1, :30] = np.nan  # launched on day 30
    daily[2, 50:53] = np.nan  # three days not observed: no run may span them
    window = np.array([7, 14, 10.5, 1, 28, 120])
    level = np.array([0.95, 0.99, 0.9, 0.5, 0.995, 0.8])
    found = window_demand_quantile(daily, window, level)
    for row in range(6):
        days = int(np.ceil(window[row]))
        sums = pd.Series(daily[row]).rolling(days, min_periods=days).sum().dropna()
        assert found[row] == pytest.approx(np.quantile(sums, level[row])), row
    assert np.isnan(window_demand_quantile(daily[:1], 121, 0.9)[0])  # no run that long


def test_a_blank_or_endless_window_has_no_run():
    from xl_inventory.core.safety_stock import window_demand_quantile

    found = window_demand_quantile(np.ones((3, 10)), np.array([np.nan, np.inf, 3]), 0.5)
    assert np.isnan(found[:2]).all() and found[2] == 3
