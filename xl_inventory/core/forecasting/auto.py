"""Choosing a forecasting method per SKU: by demand class, then by holdout error."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xl_inventory.core.forecasting.classify import MIN_PERIODS, demand_classes
from xl_inventory.core.forecasting.models import (
    ADIDA,
    SBA,
    TSB,
    Croston,
    ForecastModel,
    Holt,
    MovingAverage,
    SeasonalExponentialSmoothing,
    SimpleExponentialSmoothing,
    demand_history,
)

# Candidates per demand class, the first being the choice when no holdout can be afforded.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "smooth": ("ses", "holt", "seasonal", "ma"),
    "erratic": ("ses", "seasonal", "ma"),
    "intermittent": ("sba", "tsb", "croston", "adida"),
    "lumpy": ("sba", "tsb", "adida"),
    "new": ("ma",),
}


def _model(name: str, season_length: int) -> ForecastModel:
    return {
        "ses": SimpleExponentialSmoothing,
        "holt": Holt,
        "ma": MovingAverage,
        "croston": Croston,
        "sba": SBA,
        "tsb": TSB,
        "adida": ADIDA,
        "seasonal": lambda: SeasonalExponentialSmoothing(season_length),
    }[name]()


def scaled_squared_error(history: np.ndarray, forecast: np.ndarray, actual: np.ndarray
                         ) -> np.ndarray:
    """Per SKU: mean squared forecast error over the mean squared one-step naive error of the
    history (the square of RMSSE), so that SKUs of any size weigh alike when pooled."""
    steps = np.diff(history, axis=1)
    seen = ~np.isnan(steps)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(seen, steps**2, 0.0).sum(axis=1) / seen.sum(axis=1)
        error = forecast - actual
        seen_actual = ~np.isnan(error)
        mse = np.where(seen_actual, error**2, 0.0).sum(axis=1) / seen_actual.sum(axis=1)
        return mse / np.where(scale > 0, scale, np.nan)


def _pooled(scores: np.ndarray) -> float:
    """Mean of the finite scores; infinite where there is none."""
    finite = scores[np.isfinite(scores)]
    return float(finite.mean()) if finite.size else np.inf


class AutoForecast(ForecastModel):
    """Per demand class, the candidate method with the least holdout error.

    Parameters
    ----------
    season_length : int, default 7
        Season of the seasonal candidate (7: weekly pattern on daily data).
    holdout : int, optional
        Periods held out to compare candidates; by default a fifth of the history, between 7
        and 28 periods.

    Notes
    -----
    SKUs are classified (:func:`demand_classes`); smooth and erratic ones choose among SES,
    Holt, the seasonal method and a moving average, intermittent and lumpy ones among SBA,
    TSB, Croston and ADIDA. Every candidate is fitted on the history less the holdout, and the
    one with the least mean scaled squared error over the class's SKUs that have at least
    three holdouts of history wins for the whole class; pooling over the class keeps one noisy
    holdout from deciding a SKU. Without such SKUs the class takes its first candidate. New
    SKUs get the mean of what they have (reports replace it with their category's rate);
    SKUs without any demand forecast zero.
    """

    name = "auto"

    def __init__(self, season_length: int = 7, holdout: int | None = None) -> None:
        self.season_length = int(season_length)
        self.holdout = holdout

    def fit(self, y: ArrayLike) -> AutoForecast:
        history = demand_history(y)
        n_periods = history.shape[1]
        holdout = self.holdout or int(np.clip(n_periods // 5, 7, 28))
        self.classes_ = demand_classes(history, MIN_PERIODS).value
        observed = (~np.isnan(history)).sum(axis=1)
        self.method_ = np.full(history.shape[0], "zero", dtype="<U8")
        self.choice_: dict[str, str] = {}
        self.rates_ = np.where(observed > 0, 0.0, np.nan)[:, None]
        self._fitted: list[tuple[np.ndarray, ForecastModel]] = []
        for demand_class, candidates in CANDIDATES.items():
            rows = np.flatnonzero(self.classes_ == demand_class)
            if not rows.size:
                continue
            choice = candidates[0]
            judged = rows[observed[rows] >= 3 * holdout]
            if len(candidates) > 1 and judged.size and n_periods > holdout:
                train, test = history[judged, :-holdout], history[judged, -holdout:]
                scores = [_pooled(scaled_squared_error(
                    train, _model(name, self.season_length).fit(train).predict(holdout), test))
                    for name in candidates]
                choice = candidates[int(np.argmin(scores))]
            self.choice_[demand_class] = choice
            self.method_[rows] = choice
            self._fitted.append((rows, _model(choice, self.season_length).fit(history[rows])))
        return self

    def predict(self, horizon: int) -> np.ndarray:
        paths = np.repeat(self.rates_, horizon, axis=1)
        for rows, model in self._fitted:
            paths[rows] = model.predict(horizon)
        return paths
