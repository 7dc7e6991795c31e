"""Agreement with Nixtla's statsforecast where the definitions match.

Fixed-parameter models must agree to rounding. Where both fit a smoothing parameter (we by grid
refinement, statsforecast by golden-section search) ours must fit at least as well in sample,
and the forecasts must agree closely.
"""

import numpy as np
import pytest
from statsforecast import models as sf

from tests.core.by_hand import ses_squared_errors
from xl_inventory.core.forecasting import (
    ADIDA,
    IMAPA,
    SBA,
    TSB,
    Croston,
    SeasonalExponentialSmoothing,
    SimpleExponentialSmoothing,
    forecast,
)

RNG = np.random.default_rng(0)
SMOOTH = RNG.poisson(20, (30, 119)).astype(float)
INTERMITTENT = (RNG.random((30, 119)) < 0.2) * RNG.poisson(5, (30, 119)).astype(float)


def statsforecast(model, series, horizon=7):
    return np.array([model.forecast(y=row, h=horizon)["mean"] for row in series])


@pytest.mark.parametrize("series", [SMOOTH, INTERMITTENT], ids=["smooth", "intermittent"])
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (SimpleExponentialSmoothing(0.3), sf.SimpleExponentialSmoothing(0.3)),
        (Croston(), sf.CrostonClassic()),
        (SBA(), sf.CrostonSBA()),
        (TSB(0.2, 0.1), sf.TSB(alpha_d=0.2, alpha_p=0.1)),
    ],
    ids=["ses", "croston", "sba", "tsb"],
)
def test_fixed_parameter_models_agree_to_rounding(ours, theirs, series):
    np.testing.assert_allclose(forecast(ours, series, 7), statsforecast(theirs, series),
                               rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("series", [SMOOTH, INTERMITTENT], ids=["smooth", "intermittent"])
def test_fitted_ses_fits_at_least_as_well_and_forecasts_alike(series):
    ours = SimpleExponentialSmoothing().fit(series)
    theirs = sf.SimpleExponentialSmoothingOptimized()
    their_forecast = statsforecast(theirs, series)[:, 0]
    for row, alpha in zip(series, ours.alpha_, strict=True):
        their_alpha = sf._optimized_ses_forecast(row, (0.01, 0.99))[2]
        assert ses_squared_errors(row, alpha) <= ses_squared_errors(row, their_alpha) * (1 + 1e-3)
    relative = np.abs(ours.level_ - their_forecast) / their_forecast.mean()
    assert relative.mean() < 0.03


@pytest.mark.parametrize(
    ("ours", "theirs", "tolerance"),
    [(ADIDA(), sf.ADIDA(), 0.01), (IMAPA(), sf.IMAPA(), 0.01),
     (SeasonalExponentialSmoothing(7), sf.SeasonalExponentialSmoothingOptimized(7), 0.05)],
    ids=["adida", "imapa", "seasonal"],
)
@pytest.mark.parametrize("series", [SMOOTH, INTERMITTENT], ids=["smooth", "intermittent"])
def test_fitted_aggregate_and_seasonal_models_agree_closely(ours, theirs, tolerance, series):
    mine, reference = forecast(ours, series, 7), statsforecast(theirs, series)
    assert np.abs(mine - reference).mean() / reference.mean() < tolerance
