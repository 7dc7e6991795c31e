"""Turning core arguments into float64 arrays once, at the public boundary."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xl_inventory.core.status import RowStatus, flag
from xl_inventory.errors import InvalidParameterError, ShapeMismatchError


def as_floats(values: ArrayLike, name: str) -> np.ndarray:
    """Convert one argument to a float64 array (NaN stands for a blank)."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(f"{name} must hold numbers: {exc}") from None
    return array


def as_rows(values: ArrayLike, name: str) -> np.ndarray:
    """Convert a history argument to a 2-D array, one row per SKU, periods across.

    A scalar or a 1-D array is one row (one SKU's history).
    """
    array = as_floats(values, name)
    if array.ndim > 2:
        raise ShapeMismatchError(f"{name} must be one history or a table of histories")
    return np.atleast_2d(array)


def aligned(**columns: np.ndarray) -> list[np.ndarray]:
    """Broadcast per-row arguments to one length, naming the ones that do not fit."""
    try:
        return list(np.broadcast_arrays(*columns.values()))
    except ValueError:
        shapes = ", ".join(f"{name} has {np.shape(col)[0] if np.ndim(col) else 1} rows"
                           for name, col in columns.items())
        raise ShapeMismatchError(
            f"give every range the same number of rows (or a single cell): {shapes}"
        ) from None


def blank_status(*columns: np.ndarray) -> np.ndarray:
    """Status ``BLANK`` on rows where any of the (already aligned) columns is NaN."""
    shape = np.broadcast_shapes(*(np.shape(c) for c in columns))
    status = np.zeros(shape, dtype=np.int8)
    for column in columns:
        flag(status, np.isnan(column), RowStatus.BLANK)
    return status


def row_average(values: ArrayLike, name: str) -> tuple[np.ndarray, np.ndarray]:
    """One number per row: a 1-D array as it is, a 2-D array averaged across each row.

    Blanks (NaN) are skipped; a row with no number averages to NaN. Also answers, per row,
    whether any of its numbers is negative.
    """
    array = as_floats(values, name)
    if array.ndim < 2:
        return array, array < 0
    count, total = row_count_and_sums(array)
    with np.errstate(all="ignore"):
        return total / count, (array < 0).any(axis=1)


def row_count_and_sums(history: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: how many non-blank periods, and their sum (blanks skipped, no warnings)."""
    present = ~np.isnan(history)
    return present.sum(axis=1), np.where(present, history, 0.0).sum(axis=1)


def row_mean_and_std(history: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: count, mean and sample standard deviation (ddof=1) of the non-blank periods.

    Rows with no value get NaN mean, rows with fewer than two values NaN deviation; no warning is
    raised for them.
    """
    count, total = row_count_and_sums(history)
    with np.errstate(all="ignore"):
        mean = total / count
        deviations = np.where(np.isnan(history), 0.0, history - mean[:, None])
        variance = (deviations * deviations).sum(axis=1) / (count - 1)
    variance = np.where(count >= 2, variance, np.nan)
    return count, mean, np.sqrt(variance)


def row_quantile(history: np.ndarray, quantile: float) -> np.ndarray:
    """Per row: the ``quantile`` of the non-blank periods, interpolated linearly between the two
    nearest ranks (as Excel's PERCENTILE.INC and numpy's default); NaN for a row with no value.
    One sort of the whole table, no warning for blank rows."""
    ordered = np.sort(history, axis=1)  # NaN sort last
    count = (~np.isnan(history)).sum(axis=1)
    position = quantile * np.maximum(count - 1, 0)
    below = np.floor(position).astype(np.int64)
    above = np.minimum(below + 1, np.maximum(count - 1, 0))
    low = np.take_along_axis(ordered, below[:, None], axis=1)[:, 0]
    high = np.take_along_axis(ordered, above[:, None], axis=1)[:, 0]
    value = low + (high - low) * (position - below)
    return np.where(count > 0, value, np.nan)


def scalar(value: object, name: str) -> float:
    """Convert a scalar parameter to float, naming it when it is not a number."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{name} must be a number, got {value!r}") from None
    if np.isnan(number):
        raise InvalidParameterError(f"{name} must be a number, got a blank")
    return number


def fraction(value: object, name: str) -> float:
    """Validate a share parameter: in (0, 1]."""
    value = scalar(value, name)
    if not 0 < value <= 1:
        raise InvalidParameterError(f"{name} must be a share in (0, 1], got {value!r}")
    return value


def positive(value: object, name: str) -> float:
    """Validate a strictly positive scalar parameter."""
    value = scalar(value, name)
    if not value > 0:
        raise InvalidParameterError(f"{name} must be greater than 0, got {value!r}")
    return value
