"""Rolling-origin backtest: how far to trust a forecasting method, per SKU and per demand class."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from xl_inventory.core.forecasting.auto import naive_scale
from xl_inventory.core.forecasting.classify import demand_classes
from xl_inventory.core.forecasting.demand_total import make_model
from xl_inventory.core.forecasting.models import check_horizon, demand_history
from xl_inventory.errors import InvalidParameterError


class Backtest(NamedTuple):
    """Errors of a rolling-origin backtest.

    Attributes
    ----------
    per_sku : pandas.DataFrame
        One row per SKU: ``demand_class``, ``mae`` (units per period), ``bias`` (mean of
        forecast − actual: positive means over-forecasting), ``rmsse`` (root mean squared error
        scaled by the in-sample one-step naive error: below 1 beats "same as yesterday"),
        ``periods`` (forecast periods scored).
    per_class : pandas.DataFrame
        The same averaged over the SKUs of each demand class, with their count in ``skus``.
    """

    per_sku: pd.DataFrame
    per_class: pd.DataFrame


def rolling_origin_backtest(
    history: ArrayLike,
    horizon: int,
    folds: int = 3,
    method: str = "auto",
    season_length: int = 7,
    skus: ArrayLike | None = None,
) -> Backtest:
    """Forecast from several past origins and score against what was then sold.

    Parameters
    ----------
    history : array_like
        Demand per period, one SKU per row, oldest first; NaN where not observed.
    horizon : int
        Periods forecast from each origin.
    folds : int, default 3
        Origins, ``horizon`` periods apart, the last one ``horizon`` periods before the end.
    method, season_length
        As :func:`~xl_inventory.core.forecasting.forecast_demand`.
    skus : array_like, optional
        Labels of the rows, used as the index of ``per_sku``.

    Returns
    -------
    Backtest

    Notes
    -----
    RMSSE as in the M5 competition (Makridakis, Spiliotis & Assimakopoulos 2022, *IJF*
    38(4)): ``√(mean (ŷ − y)² / mean (y_t − y_{t−1})²)``, the denominator over the data before
    the origin.

    Examples
    --------
    >>> result = rolling_origin_backtest([[0, 0, 0, 8] * 12], horizon=4, method="croston")
    >>> result.per_sku[["mae", "bias"]].round(2).to_dict("records")
    [{'mae': 3.0, 'bias': 0.0}]
    """
    y = demand_history(history)
    horizon = check_horizon(horizon)
    if int(folds) != folds or folds < 1:
        raise InvalidParameterError(f"folds must be a whole number >= 1, got {folds!r}")
    n_periods = y.shape[1]
    origins = [n_periods - horizon * k for k in range(folds, 0, -1)]
    if origins[0] < 2:
        raise InvalidParameterError(
            f"{folds} folds of {horizon} periods need more than {folds * horizon + 1} periods "
            f"of history, got {n_periods}")
    abs_error = np.zeros(y.shape[0])
    error = np.zeros(y.shape[0])
    scaled = np.zeros(y.shape[0])
    scored = np.zeros(y.shape[0])
    for origin in origins:
        train, actual = y[:, :origin], y[:, origin:origin + horizon]
        predicted = make_model(method, season_length).fit(train).predict(horizon)
        diff = predicted - actual
        seen = ~np.isnan(diff)
        scaled += np.where(seen, diff**2, 0.0).sum(axis=1) / naive_scale(train)
        abs_error += np.where(seen, np.abs(diff), 0.0).sum(axis=1)
        error += np.where(seen, diff, 0.0).sum(axis=1)
        scored += seen.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_sku = pd.DataFrame(
            {
                "demand_class": demand_classes(y).value,
                "mae": abs_error / scored,
                "bias": error / scored,
                "rmsse": np.sqrt(scaled / scored),
                "periods": scored.astype(int),
            },
            index=None if skus is None else pd.Index(np.asarray(skus), name="sku"),
        )
    per_class = per_sku.groupby("demand_class").agg(
        skus=("mae", "size"), mae=("mae", "mean"), bias=("bias", "mean"), rmsse=("rmsse", "mean")
    )
    return Backtest(per_sku, per_class)
