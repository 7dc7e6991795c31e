"""Safety stock: the seller's peak rule and the normal (service level) rule."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtri

from xl_inventory.core._arrays import aligned, as_floats, as_rows, row_mean_and_std, row_quantile
from xl_inventory.core.status import Answer, RowStatus, finish, flag, worst


def _lead_times(lead_time_days: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and standard deviation of the lead time per row, and a status per row.

    A 1-D array is one fixed lead time per row (deviation 0); a 2-D array holds observed lead
    times per row, whose sample deviation is used (0 where only one was observed).
    """
    lead = as_floats(lead_time_days, "lead_time_days")
    if lead.ndim < 2:
        mean, std = lead, np.zeros_like(lead)
        negative = lead < 0
    else:
        _, mean, std = row_mean_and_std(lead)
        std = np.where(np.isnan(std), 0.0, std)
        negative = (lead < 0).any(axis=1)
    status = np.where(np.isnan(mean), np.int8(RowStatus.BLANK), np.int8(RowStatus.OK))
    flag(status, negative, RowStatus.NUM)
    return mean, std, status


def safety_stock_peak(daily_sales: ArrayLike, lead_time_days: ArrayLike) -> Answer:
    """Safety stock by the seller's rule: (peak daily sales − average daily sales) × lead time.

    Parameters
    ----------
    daily_sales : array_like
        Units sold per day, one row per SKU, oldest first (a 1-D array is one SKU); blank days
        (NaN) are skipped.
    lead_time_days : array_like
        Purchase lead time in days, one per row; or a 2-D array of observed lead times per row,
        whose mean is used.

    Returns
    -------
    Answer
        Units. ``BLANK`` where the history or the lead time is blank, ``NUM`` where a lead time
        is negative.

    Notes
    -----
    ``SS = (max(d) − mean(d)) × L`` — the seed's 安全库存 = (预计最大日销量 − 平均日销量) ×
    采购提前期 (the contract). It needs no service level and is easy to explain to a buyer; it
    ignores how often the peak happens, which :func:`safety_stock_normal` accounts for.

    Examples
    --------
    The seed's worked example: 10 a day on average, 20 at the peak, 3 days' lead time.

    >>> safety_stock_peak([[5, 10, 20, 5, 10, 10]], 3).value
    array([30.])
    """
    sales = as_rows(daily_sales, "daily_sales")
    lead_mean, _, lead_status = _lead_times(lead_time_days)
    _, mean, _ = row_mean_and_std(sales)
    peak = np.where(np.isnan(sales), -np.inf, sales).max(axis=1)
    peak, mean, lead_mean, lead_status = aligned(
        daily_sales=peak, mean=mean, lead_time_days=lead_mean, lead_status=lead_status
    )
    status = worst(lead_status, np.where(np.isnan(mean), np.int8(RowStatus.BLANK), np.int8(0)))
    with np.errstate(all="ignore"):  # an overflow becomes #NUM! in finish
        return finish((peak - mean) * lead_mean, status)


def safety_stock_normal(
    daily_sales: ArrayLike, lead_time_days: ArrayLike, service_level: ArrayLike = 0.95
) -> Answer:
    """Safety stock for a cycle service level, with demand (and lead time) normally distributed.

    Parameters
    ----------
    daily_sales : array_like
        Units sold per day, one row per SKU, oldest first (a 1-D array is one SKU); blank days
        (NaN) are skipped.
    lead_time_days : array_like
        Lead time in days, one per row (fixed); or a 2-D array of observed lead times per row,
        whose mean and sample deviation enter the formula.
    service_level : array_like, default 0.95
        Probability of not running out during a lead time, strictly between 0 and 1, one for
        all rows or one per row. Below 0.5, z and so the safety stock are negative, as the
        formula says: it plans to run out in most cycles.

    Returns
    -------
    Answer
        Units. ``NUM`` where the service level is outside (0, 1) or a lead time is negative,
        ``DIV_ZERO`` where fewer than two days of sales are given (no deviation, as STDEV.S),
        ``BLANK`` where the history or the lead time is blank.

    Notes
    -----
    With ``z = Φ⁻¹(service level)``, ``σd`` the sample deviation of daily sales (STDEV.S),
    ``d̄`` their mean, ``L̄`` and ``σL`` the mean and deviation of the lead time:

    ``SS = z × √(L̄ σd² + d̄² σL²)``, which is ``z × σd × √L`` for a fixed lead time
    (Silver, Pyke & Thomas, *Inventory and Production Management in Supply Chains*, 4th ed.,
    eq. 6.8 and §6.10).

    Examples
    --------
    σd = 5 units, lead time 4 days, 95 % → 1.6449 × 5 × 2:

    >>> round(float(safety_stock_normal([[5, 15, 10, 5, 15]], 4, 0.95).value[0]), 2)
    16.45
    """
    sales = as_rows(daily_sales, "daily_sales")
    level = as_floats(service_level, "service_level")
    lead_mean, lead_std, lead_status = _lead_times(lead_time_days)
    count, mean, std = row_mean_and_std(sales)
    mean, std, count, lead_mean, lead_std, lead_status, level = aligned(
        daily_sales=mean, std=std, count=count, lead_time_days=lead_mean, lead_std=lead_std,
        lead_status=lead_status, service_level=level,
    )
    status = worst(lead_status, np.zeros(mean.shape, dtype=np.int8))
    flag(status, count < 2, RowStatus.DIV_ZERO)
    flag(status, ~((level > 0) & (level < 1)) & ~np.isnan(level), RowStatus.NUM)
    flag(status, (count == 0) | np.isnan(level), RowStatus.BLANK)
    with np.errstate(all="ignore"):
        z = ndtri(np.where((level > 0) & (level < 1), level, 0.5))
        spread = np.sqrt(lead_mean * std**2 + mean**2 * lead_std**2)
    return finish(z * spread, status)


def window_demand_quantile(daily_sales: np.ndarray, window_days: ArrayLike,
                           level: ArrayLike) -> np.ndarray:
    """Per row, the ``level`` quantile of the demand summed over ``window_days`` consecutive
    days, over every such run of observed days in the history (the empirical lead-time demand
    distribution, without assuming it normal).

    Parameters
    ----------
    daily_sales : numpy.ndarray
        Units per SKU (row) and day (column), oldest first; NaN for days not observed.
    window_days : array_like
        Days per window, one per row (a fraction counts as a whole day).
    level : array_like
        The quantile, one for all rows or one per row.

    Returns
    -------
    numpy.ndarray
        Units; NaN where the history holds no run of that many observed days.

    Examples
    --------
    Windows of 2 days over 1, 0, 5, 0, 1: sums 1, 5, 5, 1; their 75 % quantile is 5.

    >>> window_demand_quantile(np.array([[1.0, 0, 5, 0, 1]]), 2, 0.75)
    array([5.])
    """
    daily = np.asarray(daily_sales, dtype=np.float64)
    rows, days = daily.shape
    wanted = np.broadcast_to(np.asarray(window_days, dtype=np.float64), (rows,))
    # a blank or endless window has no run: longer than the history
    window = np.where(np.isfinite(wanted), np.maximum(np.ceil(np.minimum(wanted, days + 1)), 1),
                      days + 1).astype(np.int64)
    seen = ~np.isnan(daily)
    zero = np.zeros((rows, 1))
    units = np.concatenate([zero, np.cumsum(np.where(seen, daily, 0.0), axis=1)], axis=1)
    counted = np.concatenate([zero, np.cumsum(seen, axis=1)], axis=1)
    end = np.arange(days)[None, :] + window[:, None]
    inside = end <= days
    end = np.minimum(end, days)
    sums = np.take_along_axis(units, end, axis=1) - units[:, :days]
    whole = (np.take_along_axis(counted, end, axis=1) - counted[:, :days]) == window[:, None]
    sums = np.where(inside & whole, sums, np.nan)
    return row_quantile(sums, np.broadcast_to(np.asarray(level, dtype=np.float64), (rows,)))
