"""Expected demand over a horizon, per SKU: what a purchase plan and FORECASTDEMAND need."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xl_inventory.core._arrays import as_floats
from xl_inventory.core.forecasting.auto import AutoForecast
from xl_inventory.core.forecasting.models import (
    MODELS,
    ForecastModel,
    demand_history,
    model_named,
)
from xl_inventory.core.status import Answer, RowStatus, finish, flag

METHODS = ("auto", *MODELS)


def make_model(method: str = "auto", season_length: int = 7) -> ForecastModel:
    """The model a method name stands for (``"auto"``, ``"ses"``, ``"sba"``, ...)."""
    if method == "auto":
        return AutoForecast(season_length)
    return model_named(method, season_length)


def forecast_demand(
    history: ArrayLike, horizon: ArrayLike, method: str = "auto", season_length: int = 7
) -> Answer:
    """Total expected demand over the next ``horizon`` periods, per SKU.

    Parameters
    ----------
    history : array_like
        Demand per period, one SKU per row, oldest first; NaN where not observed.
    horizon : array_like
        Periods ahead, one for all SKUs or one per SKU; a fraction counts that share of the
        last period (10.5 days is 10 days and half of the 11th).
    method : str, default "auto"
        ``"auto"`` (by demand class and holdout error), or one model: ``"ma"``, ``"ses"``,
        ``"holt"``, ``"seasonal"``, ``"croston"``, ``"sba"``, ``"tsb"``, ``"adida"``.
    season_length : int, default 7
        Periods per season for the seasonal method.

    Returns
    -------
    Answer
        Units. ``NUM`` where the horizon is zero or less, ``BLANK`` where the history has no
        observed period or the horizon is blank.

    Examples
    --------
    A SKU selling 8 every 4th day, over the next 10 days:

    >>> forecast_demand([[0, 0, 0, 8] * 10], 10, method="croston").value
    array([20.])
    """
    y = demand_history(history)
    periods = as_floats(horizon, "horizon")
    periods, _ = np.broadcast_arrays(periods, y[:, 0]) if periods.ndim else (
        np.full(y.shape[0], float(periods)), None)
    status = np.zeros(y.shape[0], dtype=np.int8)
    flag(status, ~(periods > 0) & ~np.isnan(periods), RowStatus.NUM)
    flag(status, np.isnan(periods) | np.isnan(y).all(axis=1), RowStatus.BLANK)
    usable = np.where(status == RowStatus.OK, periods, 1.0)
    longest = int(np.ceil(usable.max())) if usable.size else 1
    paths = make_model(method, season_length).fit(y).predict(longest)
    return finish(cumulative_demand(paths, usable), status)


def cumulative_demand(paths: np.ndarray, periods: np.ndarray) -> np.ndarray:
    """Each row's forecast summed over its first ``periods`` periods; a fraction counts that
    share of the next period, and periods beyond the path count no more.

    Examples
    --------
    >>> cumulative_demand(np.array([[1.0, 2.0, 4.0]]), np.array([1.5]))
    array([2.])
    """
    totals = np.concatenate([np.zeros((len(paths), 1)), np.cumsum(paths, axis=1)], axis=1)
    whole = np.clip(np.floor(periods).astype(int), 0, paths.shape[1])
    following = np.minimum(whole + 1, paths.shape[1])
    rows = np.arange(len(paths))
    return totals[rows, whole] + (periods - whole) * (totals[rows, following]
                                                      - totals[rows, whole])
