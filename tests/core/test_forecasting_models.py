"""Forecasting models: hand-worked series, independent re-implementations, invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tests.core.by_hand import ses_squared_errors
from xl_inventory.core.forecasting import (
    ADIDA,
    MODELS,
    SBA,
    TSB,
    AutoForecast,
    Croston,
    Holt,
    MovingAverage,
    SeasonalExponentialSmoothing,
    SimpleExponentialSmoothing,
    _kernels,
    auto,
    forecast,
    forecast_demand,
)
from xl_inventory.core.status import RowStatus
from xl_inventory.errors import InvalidParameterError

ALL_MODELS = [*(MODELS[name]() for name in MODELS), AutoForecast()]
EVERY_4TH_DAY = [[0, 0, 0, 8] * 14]


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.name)
def test_a_constant_series_forecasts_the_constant(model):
    expected = 5 * (1 - 0.1 / 2) if isinstance(model, SBA) else 5.0  # SBA deflates by 1 - α/2
    np.testing.assert_allclose(forecast(model, [[5.0] * 56], 3), expected, rtol=1e-9)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.name)
def test_all_zero_history_forecasts_zero_and_no_history_forecasts_nothing(model):
    paths = forecast(model, [[0.0] * 30, [np.nan] * 30], 4)
    assert paths[0].tolist() == [0.0] * 4
    assert np.isnan(paths[1]).all()


@pytest.mark.parametrize(
    ("model", "per_day"),
    [(Croston(), 2.0), (SBA(), 1.9), (ADIDA(), 2.0), (MovingAverage(28), 2.0)],
    ids=["croston", "sba", "adida", "ma"],
)
def test_eight_every_fourth_day_is_two_a_day(model, per_day):
    np.testing.assert_allclose(forecast(model, EVERY_4TH_DAY, 4), per_day, rtol=1e-12)


def test_a_clean_weekly_pattern_is_forecast_by_the_seasonal_method():
    week = [1, 1, 1, 1, 1, 10, 10]
    path = forecast(SeasonalExponentialSmoothing(7), [week * 8], 14)
    np.testing.assert_allclose(path[0], week * 2, rtol=1e-9)


def test_holt_follows_a_straight_trend_and_never_goes_below_zero():
    # the trend starts at 0 and is learnt from the errors: after 40 days it is within 1e-4
    up = forecast(Holt(), [np.arange(1.0, 41.0)], 3)
    np.testing.assert_allclose(up[0], [41, 42, 43], rtol=1e-4)
    down = forecast(Holt(), [np.arange(40.0, 0.0, -1.0)], 5)
    assert (down >= 0).all() and down[0, -1] == 0.0


def _ses_by_hand(series, alpha):
    level = None
    for value in series:
        if np.isnan(value):
            continue
        level = value if level is None else level + alpha * (value - level)
    return level


def _tsb_by_hand(series, alpha_demand, alpha_probability):
    size = probability = None
    for value in series:
        if np.isnan(value):
            continue
        occurred = 1.0 if value > 0 else 0.0
        probability = occurred if probability is None else probability + alpha_probability * (
            occurred - probability)
        if value > 0:
            size = value if size is None else size + alpha_demand * (value - size)
    return (size or 0.0) * probability


def _croston_by_hand(series, alpha):
    size = interval = None
    since = 0
    for value in series:
        if np.isnan(value):
            continue
        since += 1
        if value > 0:
            if size is None:
                size, interval = value, since
            else:
                size += alpha * (value - size)
                interval += alpha * (since - interval)
            since = 0
    return 0.0 if size is None else size / interval


@pytest.fixture
def mixed_series():
    rng = np.random.default_rng(11)
    y = (rng.random((40, 90)) < 0.4) * rng.poisson(6, (40, 90)).astype(float)
    y[:10, :30] = np.nan  # launched later
    y[rng.random(y.shape) < 0.03] = np.nan  # gaps
    return y


def test_vectorised_models_equal_a_one_series_loop(mixed_series):
    y = mixed_series
    np.testing.assert_allclose(
        forecast(SimpleExponentialSmoothing(0.3), y, 1)[:, 0],
        [_ses_by_hand(row, 0.3) for row in y], rtol=1e-12)
    np.testing.assert_allclose(
        forecast(TSB(0.2, 0.1), y, 1)[:, 0],
        [_tsb_by_hand(row, 0.2, 0.1) for row in y], rtol=1e-12)
    np.testing.assert_allclose(
        forecast(Croston(0.1), y, 1)[:, 0],
        [_croston_by_hand(row, 0.1) for row in y], rtol=1e-12)


def _holt_by_hand(series, alpha, beta):
    level, trend, sse = None, 0.0, 0.0
    for value in series:
        if level is None:
            level = None if np.isnan(value) else value
            continue
        predicted = level + trend
        if np.isnan(value):  # a gap: the level moves along the trend
            level = predicted
            continue
        error = value - predicted
        sse += error * error
        trend += alpha * beta * error
        level = predicted + alpha * error
    return (np.nan if level is None else level), trend, sse


def test_holt_kernel_equals_a_one_series_loop(mixed_series):
    alpha, beta = np.array([[0.3], [0.05]]), np.array([[0.1], [0.5]])
    level, trend, sse = _kernels.holt_run(mixed_series, alpha, beta)
    for k in range(2):
        expected = np.array([_holt_by_hand(row, alpha[k, 0], beta[k, 0])
                             for row in mixed_series])
        np.testing.assert_allclose(np.c_[level[k], trend[k], sse[k]], expected, rtol=1e-12)


# Not Holt, where time passing moves the level along the trend, nor the seasonal and automatic
# methods, where removing a day shifts the weekdays: their gaps are tested below.
@pytest.mark.parametrize("name", ["ma", "ses", "croston", "sba", "tsb", "adida", "imapa"])
def test_a_gap_is_skipped_not_counted_as_a_zero(name):
    rng = np.random.default_rng(5)
    series = rng.poisson(4, 60).astype(float)
    with_gap = series.copy()
    with_gap[[10, 30, 31]] = np.nan
    without = np.delete(series, [10, 30, 31])
    model = MODELS[name]()
    np.testing.assert_allclose(forecast(model, [with_gap], 3), forecast(model, [without], 3),
                               rtol=1e-12)


def test_gaps_in_a_weekly_pattern_or_a_trend_lose_nothing():
    week = [1.0, 1, 1, 1, 1, 10, 10] * 8
    week[9] = week[40] = np.nan
    path = forecast(SeasonalExponentialSmoothing(7), [week], 7)
    np.testing.assert_allclose(path[0], [1, 1, 1, 1, 1, 10, 10], rtol=1e-9)
    line = np.arange(1.0, 41.0)
    line[[5, 20, 21]] = np.nan
    np.testing.assert_allclose(forecast(Holt(), [line], 2)[0], [41, 42], rtol=1e-4)
    assert forecast(AutoForecast(), [week], 7).sum() == pytest.approx(25, rel=1e-9)


def test_fitted_smoothing_parameters_minimise_the_squared_one_step_error():
    rng = np.random.default_rng(2)
    y = rng.poisson(10, (5, 80)).astype(float) + np.linspace(0, 20, 80)
    fitted = SimpleExponentialSmoothing().fit(y)
    for row, alpha in zip(y, fitted.alpha_, strict=True):
        best_on_fine_grid = min(ses_squared_errors(row, a) for a in np.linspace(0.01, 0.99, 197))
        assert ses_squared_errors(row, alpha) <= best_on_fine_grid * (1 + 1e-3)


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(2, 40)),
                  elements=st.one_of(st.floats(0, 1000), st.just(np.nan), st.just(0.0))))
def test_forecasts_are_never_negative_and_exist_where_something_was_observed(y):
    observed = ~np.isnan(y).all(axis=1)
    for model in ALL_MODELS:
        path = forecast(model, y, 5)
        assert path.shape == (y.shape[0], 5)
        assert (path[observed] >= 0).all(), model.name
        assert np.isfinite(path[observed]).all(), model.name


def test_auto_picks_intermittent_methods_for_intermittent_skus():
    rng = np.random.default_rng(8)
    smooth = rng.poisson(30, (30, 120)).astype(float)
    sparse = (rng.random((30, 120)) < 0.15) * rng.poisson(3, (30, 120)).astype(float)
    model = AutoForecast().fit(np.vstack([smooth, sparse]))
    def parts(methods):
        return {part for method in methods for part in method.split("+")}

    assert parts(model.method_[:30]) <= {"ses", "holt", "seasonal", "ma"}
    assert parts(model.method_[30:]) <= {"sba", "tsb", "croston", "adida", "imapa", "ses",
                                         "seasonal"}
    assert parts(model.method_[30:]) & {"sba", "tsb", "croston", "adida", "imapa"}
    assert set(model.classes_[:30]) == {"smooth"}


def test_auto_fitted_in_parts_side_by_side_forecasts_as_in_one_piece(mixed_series, monkeypatch):
    whole = AutoForecast().fit(mixed_series)
    monkeypatch.setattr(auto, "PART_ROWS", 4)
    monkeypatch.setattr(auto, "_WORKERS", 3)
    assert [len(part) for part in auto._parts(np.arange(40))] == [14, 13, 13]
    parts = AutoForecast().fit(mixed_series)
    assert len(parts._fitted) > len(whole._fitted)
    np.testing.assert_array_equal(parts.predict(30), whole.predict(30))
    np.testing.assert_array_equal(parts.method_, whole.method_)


def test_forecast_demand_sums_the_horizon_per_row_with_fractions():
    answer = forecast_demand(EVERY_4TH_DAY * 4, [4, 10, 2.5, 0], method="croston")
    np.testing.assert_allclose(answer.value[:3], [8.0, 20.0, 5.0])
    assert answer.status.tolist() == [0, 0, 0, RowStatus.NUM]


def test_forecast_demand_refuses_an_unknown_method():
    with pytest.raises(InvalidParameterError, match="method must be one of auto, ma, ses"):
        forecast_demand([[1, 2]], 3, method="prophet")
