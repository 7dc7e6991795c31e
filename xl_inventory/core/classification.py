"""ABC classes by share of sales value, XYZ classes by variability of demand."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xl_inventory.core._arrays import as_floats, as_rows, fraction, positive, row_mean_and_std
from xl_inventory.core.status import Answer, RowStatus, flag
from xl_inventory.errors import InvalidParameterError

# Shares are compared with this slack, so that rounding in a long running sum cannot lift an
# item that sits exactly on a boundary (70 % of the total before it) into the better class.
_SHARE_TOLERANCE = 1e-9


def _labelled(labels: np.ndarray, status: np.ndarray) -> Answer:
    return Answer(np.where(status == RowStatus.OK, labels, ""), status)


def abc_classes(values: ArrayLike, a_share: float = 0.7, b_share: float = 0.9) -> Answer:
    """ABC class of each item by its share of the total value, in input order.

    Parameters
    ----------
    values : array_like
        Sales value per item (e.g. revenue of the last 12 months); NaN for a blank.
    a_share : float, default 0.7
        Items are A while the share of the total held by the larger items before them is below
        this.
    b_share : float, default 0.9
        Then B while that share is below this; the rest are C.

    Returns
    -------
    Answer
        Labels ``"A"``, ``"B"``, ``"C"`` (``""`` with status ``BLANK`` for a blank value).

    Raises
    ------
    InvalidParameterError
        Unless ``0 < a_share <= b_share <= 1``.

    Notes
    -----
    Items are sorted by value, largest first. An item is A while the share of the total
    *before* it is below ``a_share``, B while below ``b_share``, else C (the contract), so the
    largest item is always A and the A items together hold at least ``a_share`` of the total.
    Equal values share the class of the first of them. Zero and negative values are C and do
    not count in the total. Seller's rule (the seed): A items get safety stock and close
    watch, B a fixed order quantity, C orders only to demand.

    Examples
    --------
    >>> abc_classes([10, 700, 0, 200, 90]).value.tolist()
    ['C', 'A', 'C', 'B', 'C']
    """
    a_share = fraction(a_share, "a_share")
    b_share = fraction(b_share, "b_share")
    if b_share < a_share:
        raise InvalidParameterError(f"b_share ({b_share}) must not be below a_share ({a_share})")
    values = as_floats(values, "values")
    if values.ndim > 1:
        values = values.ravel()
    status = np.where(np.isnan(values), np.int8(RowStatus.BLANK), np.int8(RowStatus.OK))
    labels = np.full(values.shape, "C", dtype="<U1")

    positive_at = np.flatnonzero(values > 0)
    order = positive_at[np.argsort(-values[positive_at], kind="stable")]
    ranked = values[order]
    total = ranked.sum()
    if ranked.size:
        before = np.cumsum(ranked) - ranked
        first_of_ties = np.r_[True, ranked[1:] != ranked[:-1]]
        tie_start = np.maximum.accumulate(np.where(first_of_ties, np.arange(ranked.size), 0))
        share_before = before[tie_start] / total
        labels[order] = np.where(
            share_before < a_share - _SHARE_TOLERANCE, "A",
            np.where(share_before < b_share - _SHARE_TOLERANCE, "B", "C"),
        )
    return _labelled(labels, status)


def xyz_classes(history: ArrayLike, x_cv: float = 0.5, y_cv: float = 1.0) -> Answer:
    """XYZ class of each SKU by the coefficient of variation of its demand.

    Parameters
    ----------
    history : array_like
        Demand per period, one row per SKU, oldest first (a 1-D array is one SKU); NaN periods
        are skipped.
    x_cv : float, default 0.5
        SKUs with a coefficient of variation up to this are X (steady).
    y_cv : float, default 1.0
        Up to this they are Y (variable); above it Z (erratic).

    Returns
    -------
    Answer
        Labels ``"X"``, ``"Y"``, ``"Z"``. ``DIV_ZERO`` where fewer than two periods are given or
        mean demand is zero (no variability can be measured), ``NUM`` where mean demand is
        negative, ``BLANK`` where the history is empty.

    Notes
    -----
    ``CV = s / mean``, ``s`` the sample standard deviation (Excel's STDEV.S). Combined with ABC,
    AX items are the easy ones to automate; CZ items are candidates to delist.

    Examples
    --------
    >>> xyz_classes([[10, 11, 9, 10], [5, 15, 5, 15], [0, 0, 0, 40]]).value.tolist()
    ['X', 'Y', 'Z']
    """
    x_cv = positive(x_cv, "x_cv")
    y_cv = positive(y_cv, "y_cv")
    if y_cv < x_cv:
        raise InvalidParameterError(f"y_cv ({y_cv}) must not be below x_cv ({x_cv})")
    count, mean, std = row_mean_and_std(as_rows(history, "history"))
    status = np.zeros(count.shape, dtype=np.int8)
    flag(status, (count < 2) | (mean == 0), RowStatus.DIV_ZERO)
    flag(status, mean < 0, RowStatus.NUM)
    flag(status, count == 0, RowStatus.BLANK)
    with np.errstate(all="ignore"):
        cv = std / mean
    labels = np.where(cv <= x_cv, "X", np.where(cv <= y_cv, "Y", "Z"))
    return _labelled(labels, status)
