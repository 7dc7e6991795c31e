"""Numeric kernels of the forecasting models, vectorised across series.

Every kernel takes ``y`` of shape ``(n_series, n_periods)``, float64, NaN for a period with no
observation (before a launch, or a blank), non-negative otherwise, and loops over *time* only:
each step is a handful of numpy operations on all series (and on all candidate parameters) at
once, so 100,000 SKUs cost the same Python overhead as one. Nothing here validates its input.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

# A smoothing parameter is first sought on this grid, then by golden-section search per series
# between the grid neighbours of the best grid value.
_COARSE_ALPHAS = np.linspace(0.01, 0.99, 15)
_GOLDEN = (np.sqrt(5) - 1) / 2
_GOLDEN_STEPS = 12  # brackets of 0.14 shrink to 0.0004


class SesFit(NamedTuple):
    level: np.ndarray  # last smoothed level per series (NaN where never observed)
    sse: np.ndarray  # sum of squared one-step errors
    alpha: np.ndarray  # smoothing parameter per series


class _Observations(NamedTuple):
    """What a smoothing run needs of ``y``, laid out time-major so that each step reads one
    contiguous row; computed once per fit, shared by every run of its parameter search."""

    value: np.ndarray  # (n_periods, n_series): the observation, 0 where missing
    update: np.ndarray  # (n_periods, n_series): 1.0 where observed after the first observation
    first: np.ndarray  # (n_series,): the first observation, NaN for a series never observed


def _observations(y: np.ndarray) -> _Observations:
    seen = ~np.isnan(y)
    seen_before = (np.cumsum(seen, axis=1) - seen) > 0
    first_at = np.argmax(seen, axis=1)
    first = np.where(seen.any(axis=1), y[np.arange(y.shape[0]), first_at], np.nan)
    return _Observations(np.ascontiguousarray(np.where(seen, y, 0.0).T),
                         np.ascontiguousarray((seen & seen_before).T, dtype=np.float64), first)


def ses_run(y: np.ndarray | _Observations, alpha: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Run simple exponential smoothing; ``alpha`` broadcasts against ``(n_series,)``.

    The level starts at the first observation; each later observation moves it by ``alpha``
    times the one-step error, whose squares are summed. Missing periods leave the level as is.
    Returns the final level (NaN for a series never observed) and the sum of squared errors,
    both of ``alpha``'s broadcast shape.
    """
    obs = y if isinstance(y, _Observations) else _observations(y)
    shape = np.broadcast_shapes(np.shape(alpha), obs.first.shape)
    # Starting at the first observation is the same as being set by it: until a series'
    # second observation, ``update`` is 0 and nothing moves.
    level = np.broadcast_to(np.nan_to_num(obs.first), shape).copy()
    sse = np.zeros(shape)
    error = np.empty(shape)
    squared = np.empty(shape)
    for value, update in zip(obs.value, obs.update, strict=True):
        np.subtract(value, level, out=error)
        error *= update
        np.multiply(error, error, out=squared)
        sse += squared
        error *= alpha
        level += error
    level[..., np.isnan(obs.first)] = np.nan
    return level, sse


def ses_fit(y: np.ndarray, low: float = 0.01, high: float = 0.99) -> SesFit:
    """SES with ``alpha`` chosen per series in ``[low, high]`` by least squared one-step error:
    the best value of a coarse grid, then golden-section search between its grid neighbours."""
    obs = _observations(y)
    grid = np.unique(np.clip(_COARSE_ALPHAS, low, high))
    _, grid_sse = ses_run(obs, grid[:, None])
    best = np.argmin(grid_sse, axis=0)
    lower = grid[np.maximum(best - 1, 0)]
    upper = grid[np.minimum(best + 1, len(grid) - 1)]
    inner_low = upper - _GOLDEN * (upper - lower)
    inner_high = lower + _GOLDEN * (upper - lower)
    _, (sse_low, sse_high) = ses_run(obs, np.vstack([inner_low, inner_high]))
    for _ in range(_GOLDEN_STEPS):
        left = sse_low < sse_high  # the minimum lies in [lower, inner_high]
        upper = np.where(left, inner_high, upper)
        lower = np.where(left, lower, inner_low)
        probe = np.where(left, upper - _GOLDEN * (upper - lower),
                         lower + _GOLDEN * (upper - lower))
        _, sse_probe = ses_run(obs, probe)
        inner_high, sse_high, inner_low, sse_low = (
            np.where(left, inner_low, probe), np.where(left, sse_low, sse_probe),
            np.where(left, probe, inner_high), np.where(left, sse_probe, sse_high),
        )
    columns = np.arange(y.shape[0])
    candidates = np.vstack([grid[best], inner_low, inner_high])
    sse = np.vstack([grid_sse[best, columns], sse_low, sse_high])
    alpha = candidates[np.argmin(sse, axis=0), columns]
    level, final_sse = ses_run(obs, alpha)
    return SesFit(level, final_sse, alpha)


class HoltFit(NamedTuple):
    level: np.ndarray
    trend: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray


_HOLT_ALPHAS = np.array([0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9])
_HOLT_BETAS = np.array([0.001, 0.01, 0.05, 0.2])


def holt_run(
    y: np.ndarray, alpha: np.ndarray, beta: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Holt's linear trend method; ``alpha`` and ``beta`` broadcast against ``(n_series,)``.

    Level starts at the first observation and trend at 0, which the errors then teach: a trend
    taken from the first two observations of noisy daily sales would be mostly noise. A missing
    period advances the level by the trend without an update. Returns level, trend and the sum
    of squared one-step errors.
    """
    obs = _observations(y)
    shape = np.broadcast_shapes(np.shape(alpha), np.shape(beta), obs.first.shape)
    # As in ses_run, the level starts at the first observation: until the second one the
    # trend is 0 and ``update`` too, so the level stays there.
    level = np.broadcast_to(np.nan_to_num(obs.first), shape).copy()
    trend = np.zeros(shape)
    sse = np.zeros(shape)
    predicted, error, scratch = np.empty(shape), np.empty(shape), np.empty(shape)
    alpha_beta = alpha * beta
    for value, update in zip(obs.value, obs.update, strict=True):
        np.add(level, trend, out=predicted)
        np.subtract(value, predicted, out=error)
        error *= update  # 0 where nothing was observed: the level moves along the trend
        np.multiply(error, error, out=scratch)
        sse += scratch
        np.multiply(error, alpha_beta, out=scratch)
        trend += scratch
        np.multiply(error, alpha, out=level)
        level += predicted
    level[..., np.isnan(obs.first)] = np.nan
    return level, trend, sse


def holt_fit(y: np.ndarray) -> HoltFit:
    """Holt's method with ``alpha`` and ``beta`` chosen per series on a grid by least squares."""
    alphas, betas = np.meshgrid(_HOLT_ALPHAS, _HOLT_BETAS, indexing="ij")
    alphas, betas = alphas.reshape(-1, 1), betas.reshape(-1, 1)
    level, trend, sse = holt_run(y, alphas, betas)
    pick = np.argmin(sse, axis=0)
    columns = np.arange(y.shape[0])
    return HoltFit(level[pick, columns], trend[pick, columns], alphas[pick, 0], betas[pick, 0])


def season_positions(y: np.ndarray, season_length: int) -> np.ndarray:
    """Rearrange each series into one sub-series per season position.

    Returns shape ``(n_series * season_length, n_seasons)``: row ``i * m + k`` holds the periods
    of series ``i`` that fall ``k`` positions after a season start, where seasons are aligned
    to end with the last period (so position 0 is the first period after the history). A
    partial season at the start is padded with NaN.
    """
    n_series, n_periods = y.shape
    n_seasons = -(-n_periods // season_length)
    padded = np.full((n_series, n_seasons * season_length), np.nan)
    padded[:, padded.shape[1] - n_periods:] = y
    return padded.reshape(n_series, n_seasons, season_length).transpose(0, 2, 1).reshape(
        n_series * season_length, n_seasons)


class IntermittentFit(NamedTuple):
    size: np.ndarray  # smoothed demand size (NaN where no demand yet)
    spacing: np.ndarray  # smoothed interval between demands, or probability of a demand (TSB)


def croston_run(y: np.ndarray, alpha: float) -> IntermittentFit:
    """Croston's method: SES (fixed ``alpha``) on demand sizes and on the intervals between
    demands, both updated only in periods with demand. Intervals count observed periods; the
    first one counts from the first observed period (as statsforecast does)."""
    n_series = y.shape[0]
    size = np.full(n_series, np.nan)
    interval = np.full(n_series, np.nan)
    since = np.zeros(n_series)  # observed periods since the last demand, this one included
    for t in range(y.shape[1]):
        observed = y[:, t]
        seen = ~np.isnan(observed)
        since += seen
        demand = observed > 0
        first = demand & np.isnan(size)
        later = demand & ~first
        size = np.where(first, observed, np.where(later, size + alpha * (observed - size), size))
        interval = np.where(first, since,
                            np.where(later, interval + alpha * (since - interval), interval))
        since = np.where(demand, 0.0, since)
    return IntermittentFit(size, interval)


_TSB_ALPHAS = np.array([0.05, 0.1, 0.2, 0.3])


def tsb_run(
    y: np.ndarray, alpha_demand: np.ndarray, alpha_probability: np.ndarray
) -> tuple[IntermittentFit, np.ndarray]:
    """Teunter–Syntetos–Babai: SES on demand sizes (updated when demand occurs) and on the
    probability of a demand (updated every observed period), for every size parameter in
    ``alpha_demand`` and every probability parameter in ``alpha_probability`` (1-D).

    Returns sizes ``(len(alpha_demand), n_series)``, probabilities ``(len(alpha_probability),
    n_series)`` and the sum of squared one-step errors of ``probability × size`` for every
    pair of them, ``(len(alpha_demand), len(alpha_probability), n_series)``. The two
    recursions do not depend on each other's parameter, so only the errors are run per pair.
    """
    alpha_demand = np.asarray(alpha_demand, dtype=np.float64).reshape(-1, 1)
    alpha_probability = np.asarray(alpha_probability, dtype=np.float64).reshape(-1, 1)
    n_series = y.shape[0]
    size = np.zeros((len(alpha_demand), n_series))  # 0 until the first demand sets it
    probability = np.zeros((len(alpha_probability), n_series))  # set by the first observation
    sse = np.zeros((len(alpha_demand), len(alpha_probability), n_series))
    pair = np.empty_like(sse)
    size_step, probability_step = np.empty_like(size), np.empty_like(probability)
    observed_yet = np.zeros(n_series, dtype=bool)
    demanded_yet = np.zeros(n_series, dtype=bool)
    for t in range(y.shape[1]):
        observed = y[:, t]
        seen = ~np.isnan(observed)
        value = np.where(seen, observed, 0.0)
        demand = value > 0
        counted = (seen & observed_yet).astype(np.float64)
        np.multiply(size[:, None, :], probability[None, :, :], out=pair)
        np.subtract(value, pair, out=pair)
        pair *= counted
        np.multiply(pair, pair, out=pair)
        sse += pair
        np.subtract(demand, probability, out=probability_step)
        probability_step *= alpha_probability
        probability_step *= counted
        probability += probability_step
        first_seen = seen & ~observed_yet
        if first_seen.any():
            probability[:, first_seen] = demand[first_seen]
            observed_yet |= first_seen
        np.subtract(value, size, out=size_step)
        size_step *= alpha_demand
        size_step *= (demand & demanded_yet).astype(np.float64)
        size += size_step
        first_demand = demand & ~demanded_yet
        if first_demand.any():
            size[:, first_demand] = value[first_demand]
            demanded_yet |= first_demand
    size[:, ~demanded_yet] = np.nan
    probability[:, ~observed_yet] = np.nan
    return IntermittentFit(size, probability), sse


def tsb_fit(y: np.ndarray) -> IntermittentFit:
    """TSB with both smoothing parameters chosen per series on a grid by least squares."""
    fit, sse = tsb_run(y, _TSB_ALPHAS, _TSB_ALPHAS)
    pick = np.argmin(sse.reshape(-1, y.shape[0]), axis=0)
    pick_demand, pick_probability = np.divmod(pick, len(_TSB_ALPHAS))
    columns = np.arange(y.shape[0])
    return IntermittentFit(fit.size[pick_demand, columns],
                           fit.spacing[pick_probability, columns])


def mean_interval(y: np.ndarray) -> np.ndarray:
    """Average number of observed periods per demand (Syntetos–Boylan's ADI); inf without one.

    As statsforecast's intervals: from the start of the history to the last demand, divided by
    the number of demands.
    """
    demand = y > 0
    count = demand.sum(axis=1)
    # observed periods up to and including the last demand (a history is far shorter than
    # 2**31 periods: int32 halves the table that counts them)
    position = np.cumsum(~np.isnan(y), axis=1, dtype=np.int32)
    last_demand = y.shape[1] - 1 - np.argmax(demand[:, ::-1], axis=1)
    last = position[np.arange(y.shape[0]), last_demand]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(count > 0, last / count, np.inf)


def chunk_sums(y: np.ndarray, size: int) -> np.ndarray:
    """Sums of consecutive chunks of ``size`` periods, aligned to end with the last period
    (an incomplete chunk at the start is dropped). A chunk with no observation is NaN."""
    n_chunks = y.shape[1] // size
    tail = y[:, y.shape[1] - n_chunks * size:].reshape(y.shape[0], n_chunks, size)
    seen = (~np.isnan(tail)).any(axis=2)
    return np.where(seen, np.nansum(tail, axis=2), np.nan) if n_chunks else tail.sum(axis=2)
