"""Forecasting models for daily (or weekly) SKU demand, each vectorised across SKUs.

Every model shares one shape: ``fit(y)`` on an array of shape ``(n_skus, n_periods)`` (oldest
period first, NaN for a period with no observation, such as the days before a launch) returns
the model, its fitted state in attributes ending in ``_``; ``predict(horizon)`` answers the
expected demand of each of the next ``horizon`` periods, shape ``(n_skus, horizon)``, never
negative. A SKU with nothing observed forecasts NaN; a SKU whose history is all zeros forecasts
zero. ``forecast(model, y, horizon)`` is the stateless form.

Negative values (a day with more returns than sales) count as no demand.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from numpy.typing import ArrayLike

from xl_inventory.core._arrays import as_rows
from xl_inventory.core.forecasting import _kernels
from xl_inventory.errors import InvalidParameterError


def demand_history(y: ArrayLike) -> np.ndarray:
    """Demand history as the models take it: 2-D float64, one SKU per row, negatives as 0."""
    history = as_rows(y, "history")
    # Most histories have no negative day: they are taken as they are (models never write
    # to their input), which spares a copy of a large table per model.
    return np.where(history < 0, 0.0, history) if (history < 0).any() else history


def check_horizon(horizon: int) -> int:
    """A forecast horizon: a whole number of periods, at least 1."""
    if int(horizon) != horizon or horizon < 1:
        raise InvalidParameterError(f"horizon must be a whole number of periods >= 1, got "
                                    f"{horizon!r}")
    return int(horizon)


def _flat(rate: np.ndarray, horizon: int) -> np.ndarray:
    return np.repeat(np.maximum(rate, 0.0)[:, None], check_horizon(horizon), axis=1)


def _smoothing_parameter(value: float | None, name: str) -> float | None:
    if value is not None and not 0 < value <= 1:
        raise InvalidParameterError(f"{name} must be in (0, 1], got {value!r}")
    return value


class ForecastModel:
    """Base of the models: ``fit(y) -> self``, ``predict(horizon) -> (n_skus, horizon)``."""

    name: ClassVar[str]

    def fit(self, y: ArrayLike) -> ForecastModel:
        raise NotImplementedError

    def predict(self, horizon: int) -> np.ndarray:
        raise NotImplementedError


class MovingAverage(ForecastModel):
    """Mean demand of the last ``window`` observed periods (blank periods skipped).

    Parameters
    ----------
    window : int, default 28
        Observed periods averaged. A SKU with fewer averages what it has.
    """

    name = "ma"

    def __init__(self, window: int = 28) -> None:
        if int(window) != window or window < 1:
            raise InvalidParameterError(f"window must be a whole number >= 1, got {window!r}")
        self.window = int(window)

    def fit(self, y: ArrayLike) -> MovingAverage:
        history = demand_history(y)
        seen = ~np.isnan(history)
        observed_from_here_on = np.cumsum(seen[:, ::-1], axis=1)[:, ::-1]
        last = seen & (observed_from_here_on <= self.window)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.rate_ = np.where(last, history, 0.0).sum(axis=1) / last.sum(axis=1)
        return self

    def predict(self, horizon: int) -> np.ndarray:
        return _flat(self.rate_, horizon)


class SimpleExponentialSmoothing(ForecastModel):
    """Simple exponential smoothing: a level that moves by ``alpha`` × each one-step error.

    Parameters
    ----------
    alpha : float, optional
        Smoothing parameter in (0, 1]. By default fitted per SKU in [0.01, 0.99] by least
        squared one-step error.

    Notes
    -----
    ``l_t = l_{t-1} + α (y_t − l_{t-1})``, ``l_1 = y_1``; forecast ``l_T`` for every period
    (Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., §8.1).
    """

    name = "ses"

    def __init__(self, alpha: float | None = None) -> None:
        self.alpha = _smoothing_parameter(alpha, "alpha")

    def fit(self, y: ArrayLike) -> SimpleExponentialSmoothing:
        history = demand_history(y)
        if self.alpha is None:
            self.level_, _, self.alpha_ = _kernels.ses_fit(history)
        else:
            self.level_, _ = _kernels.ses_run(history, np.float64(self.alpha))
            self.alpha_ = np.full(history.shape[0], self.alpha)
        return self

    def predict(self, horizon: int) -> np.ndarray:
        return _flat(self.level_, horizon)


class Holt(ForecastModel):
    """Holt's linear trend method, parameters fitted per SKU on a grid.

    Notes
    -----
    ``l_t = l_{t-1} + b_{t-1} + α e_t``, ``b_t = b_{t-1} + α β e_t`` with ``e_t`` the one-step
    error; forecast ``l_T + k b_T``, floored at zero (FPP3 §8.2, error-correction form).
    """

    name = "holt"

    def fit(self, y: ArrayLike) -> Holt:
        self.level_, self.trend_, self.alpha_, self.beta_ = _kernels.holt_fit(demand_history(y))
        return self

    def predict(self, horizon: int) -> np.ndarray:
        steps = np.arange(1, check_horizon(horizon) + 1)
        return np.maximum(self.level_[:, None] + self.trend_[:, None] * steps, 0.0)


class SeasonalExponentialSmoothing(ForecastModel):
    """One exponentially smoothed level per position in the season (e.g. per weekday).

    Parameters
    ----------
    season_length : int, default 7
        Periods per season: 7 for a weekly pattern on daily data, 52 or 12 for a yearly one on
        weekly or monthly data (which needs two seasons of history to be worth it).

    Notes
    -----
    Each position's sub-series (all Mondays, ...) gets SES with its own fitted ``alpha``, as
    statsforecast's ``SeasonalExponentialSmoothingOptimized`` does. A position never observed
    takes the mean of the others.
    """

    name = "seasonal"

    def __init__(self, season_length: int = 7) -> None:
        if int(season_length) != season_length or season_length < 2:
            raise InvalidParameterError(
                f"season_length must be a whole number >= 2, got {season_length!r}")
        self.season_length = int(season_length)

    def fit(self, y: ArrayLike) -> SeasonalExponentialSmoothing:
        history = demand_history(y)
        positions = _kernels.season_positions(history, self.season_length)
        level = _kernels.ses_fit(positions).level.reshape(history.shape[0], self.season_length)
        seen = ~np.isnan(level)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(seen, level, 0.0).sum(axis=1) / seen.sum(axis=1)
        self.levels_ = np.where(seen, level, mean[:, None])
        return self

    def predict(self, horizon: int) -> np.ndarray:
        steps = np.arange(check_horizon(horizon)) % self.season_length
        return np.maximum(self.levels_[:, steps], 0.0)


class Croston(ForecastModel):
    """Croston's method for intermittent demand: demand size over interval between demands.

    Parameters
    ----------
    alpha : float, default 0.1
        Smoothing parameter of both sizes and intervals (statsforecast's CrostonClassic).

    Notes
    -----
    Sizes ``z`` and intervals ``p`` are smoothed only in periods with demand; the forecast
    per period is ``z / p`` (Croston 1972).
    """

    name = "croston"
    bias_correction = False

    def __init__(self, alpha: float = 0.1) -> None:
        self.alpha = _smoothing_parameter(alpha, "alpha")

    def fit(self, y: ArrayLike) -> Croston:
        history = demand_history(y)
        size, interval = _kernels.croston_run(history, float(self.alpha))
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.where(np.isnan(size), 0.0, size / interval)
        if self.bias_correction:
            rate = rate * (1 - float(self.alpha) / 2)
        self.rate_ = np.where((~np.isnan(history)).any(axis=1), rate, np.nan)
        return self

    def predict(self, horizon: int) -> np.ndarray:
        return _flat(self.rate_, horizon)


class SBA(Croston):
    """Syntetos–Boylan approximation: Croston's forecast × (1 − α/2), which removes its bias.

    Notes
    -----
    Syntetos & Boylan (2005), *International Journal of Forecasting* 21(2):303-314.
    """

    name = "sba"
    bias_correction = True


class TSB(ForecastModel):
    """Teunter–Syntetos–Babai: probability of a demand × its size, both smoothed.

    Parameters
    ----------
    alpha_demand, alpha_probability : float, optional
        Smoothing parameters of the size (updated on demand) and of the probability (updated
        every period). By default each is fitted per SKU on a grid by least squared error.

    Notes
    -----
    Unlike Croston, the probability decays in periods without demand, so a SKU that stopped
    selling forecasts less and less (Teunter, Syntetos & Babai 2011, *EJOR* 214(3):606-615).
    """

    name = "tsb"

    def __init__(self, alpha_demand: float | None = None,
                 alpha_probability: float | None = None) -> None:
        self.alpha_demand = _smoothing_parameter(alpha_demand, "alpha_demand")
        self.alpha_probability = _smoothing_parameter(alpha_probability, "alpha_probability")
        if (alpha_demand is None) != (alpha_probability is None):
            raise InvalidParameterError("give both alpha_demand and alpha_probability, or neither")

    def fit(self, y: ArrayLike) -> TSB:
        history = demand_history(y)
        if self.alpha_demand is None:
            size, probability = _kernels.tsb_fit(history)
        else:
            (sizes, probabilities), _ = _kernels.tsb_run(
                history, [self.alpha_demand], [self.alpha_probability])
            size, probability = sizes[0], probabilities[0]
        self.rate_ = np.where(np.isnan(size), 0.0, size) * probability
        return self

    def predict(self, horizon: int) -> np.ndarray:
        return _flat(self.rate_, horizon)


class ADIDA(ForecastModel):
    """Aggregate–disaggregate intermittent demand approach.

    Notes
    -----
    Demand is summed in buckets as long as the average interval between demands (rounded), so
    most buckets hold a demand; SES (``alpha`` fitted in [0.1, 0.3]) forecasts the next bucket,
    spread evenly over its periods (Nikolopoulos et al. 2011, *JORS* 62(3):544-554; as
    statsforecast's ADIDA, buckets aligned to end with the last period).
    """

    name = "adida"

    def fit(self, y: ArrayLike) -> ADIDA:
        history = demand_history(y)
        interval = _kernels.mean_interval(history)
        bucket = np.where(np.isfinite(interval), np.maximum(np.round(interval), 1), 0)
        rate = np.where((~np.isnan(history)).any(axis=1), 0.0, np.nan)
        # Every SKU's bucket sums, right-aligned in one matrix (NaN before a SKU's first bucket,
        # which SES skips), so that a single vectorised fit serves all bucket sizes.
        sums = np.full((len(history), history.shape[1]), np.nan)
        for size in np.unique(bucket[bucket > 0]).astype(int):  # distinct sizes, not SKUs
            rows = np.flatnonzero(bucket == size)
            chunked = _kernels.chunk_sums(history[rows], size)
            if chunked.shape[1]:
                sums[np.ix_(rows, np.arange(sums.shape[1] - chunked.shape[1], sums.shape[1]))] = (
                    chunked)
        # Fit SKUs with about as many buckets together (widths rounded up to a power of two),
        # so that long bucket series do not make every short one run their length.
        n_buckets = np.where(bucket > 0, sums.shape[1] // np.maximum(bucket, 1), 0)
        width = np.where(n_buckets > 0, 2 ** np.ceil(np.log2(np.maximum(n_buckets, 1))), 0)
        for group in np.unique(width[width > 0]).astype(int):  # a handful of widths
            rows = np.flatnonzero(width == group)
            level = _kernels.ses_fit(sums[rows][:, -group:], 0.1, 0.3).level
            rate[rows] = np.where(np.isnan(level), rate[rows], level / bucket[rows])
        self.rate_ = rate
        return self

    def predict(self, horizon: int) -> np.ndarray:
        return _flat(self.rate_, horizon)


class IMAPA(ForecastModel):
    """Intermittent multiple aggregation prediction algorithm: ADIDA at every level, averaged.

    Parameters
    ----------
    max_level : int, default 28
        Most periods summed into one bucket, whatever a SKU's interval.

    Notes
    -----
    For each aggregation level from 1 to the SKU's average interval between demands (rounded,
    at most ``max_level``), demand is summed in buckets of that many periods (aligned to end
    with the last period), SES (``alpha`` fitted in [0.1, 0.3]) forecasts the next bucket and
    the forecast is spread over its periods; the forecasts of all levels are averaged
    (Petropoulos & Kourentzes 2015, *JORS* 66(6):914-924; as statsforecast's IMAPA). Averaging
    levels keeps one badly chosen bucket size, ADIDA's weak point, from deciding the forecast.

    Examples
    --------
    A demand of 6 every third day: level 3 sees 6 in every bucket (2 a day), levels 1 and 2
    see the last bucket's demand more than the mean, so the average is a little above 2.

    >>> round(float(IMAPA().fit([[0, 0, 6] * 10]).predict(1)[0, 0]), 3)
    2.115
    """

    name = "imapa"

    def __init__(self, max_level: int = 28) -> None:
        if int(max_level) != max_level or max_level < 1:
            raise InvalidParameterError(f"max_level must be a whole number >= 1, got "
                                        f"{max_level!r}")
        self.max_level = int(max_level)

    def fit(self, y: ArrayLike) -> IMAPA:
        history = demand_history(y)
        interval = _kernels.mean_interval(history)
        top = np.where(np.isfinite(interval),
                       np.clip(np.round(interval), 1, self.max_level), 0).astype(int)
        total = np.zeros(len(history))
        levels = np.zeros(len(history))
        for size in range(1, int(top.max(initial=0)) + 1):  # levels, not SKUs
            rows = np.flatnonzero(top >= size)
            sums = _kernels.chunk_sums(history[rows], size)
            if not sums.shape[1]:
                continue
            level = _kernels.ses_fit(sums, 0.1, 0.3).level
            fitted = ~np.isnan(level)
            total[rows[fitted]] += level[fitted] / size
            levels[rows[fitted]] += 1
        observed = (~np.isnan(history)).any(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.rate_ = np.where(levels > 0, total / levels, np.where(observed, 0.0, np.nan))
        return self

    def predict(self, horizon: int) -> np.ndarray:
        return _flat(self.rate_, horizon)


MODELS: dict[str, type[ForecastModel]] = {
    model.name: model
    for model in (MovingAverage, SimpleExponentialSmoothing, Holt, SeasonalExponentialSmoothing,
                  Croston, SBA, TSB, ADIDA, IMAPA)
}
"""Every model by its method name (``"ses"``, ``"sba"``, ...)."""


def model_named(name: str, season_length: int = 7) -> ForecastModel:
    """A fresh model for a method name of :data:`MODELS` (the seasonal one with its season)."""
    if name not in MODELS:
        raise InvalidParameterError(
            f"method must be one of auto, {', '.join(MODELS)}, got {name!r}")
    if name == "seasonal":
        return SeasonalExponentialSmoothing(season_length)
    return MODELS[name]()


def forecast(model: ForecastModel, y: ArrayLike, horizon: int) -> np.ndarray:
    """Fit ``model`` to ``y`` and forecast ``horizon`` periods: shape ``(n_skus, horizon)``.

    Examples
    --------
    A SKU selling 8 every 4th day sells 2 a day on average:

    >>> forecast(Croston(), [[0, 0, 0, 8] * 10], 3).round(6)
    array([[2., 2., 2.]])
    """
    return model.fit(y).predict(horizon)
