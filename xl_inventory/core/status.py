"""Per-row outcome of a vectorised formula: a value, and why a row has none.

A batch of 100,000 SKUs must not fail because one row is bad, and a bad row must never pass as a
number. So every formula of the core answers an :class:`Answer`: the values, with NaN (or an
empty label) where a row could not be computed, beside a :class:`RowStatus` per row that says
why. Reports read ``value``; the Excel functions turn ``status`` into ``#DIV/0!``, ``#NUM!``, ...
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

import numpy as np


class RowStatus(IntEnum):
    """Why a row has no value. A larger code wins when a row has several problems.

    Problems with the input cells themselves (an error or text where a number belongs) outrank
    a blank row, which outranks what the formula found (a zero denominator, an impossible value).
    """

    OK = 0
    DIV_ZERO = 1  # a denominator is zero
    NUM = 2  # a value is impossible: negative stock, a service level outside (0, 1)
    BLANK = 3  # a required input is blank: the answer is blank too
    VALUE = 4  # an input cell holds text where a number belongs
    # An input cell holds an Excel error, which the answer passes on (as Excel does):
    NA = 5  # #N/A
    REF = 6  # #REF!
    NAME = 7  # #NAME?
    NULL = 8  # #NULL!
    INPUT_DIV_ZERO = 9  # #DIV/0!
    INPUT_NUM = 10  # #NUM!
    INPUT_VALUE = 11  # #VALUE!


class Answer(NamedTuple):
    """Values of a vectorised formula and the status of each row.

    Attributes
    ----------
    value : numpy.ndarray
        One value per row; NaN (or ``""`` for labels) where ``status`` is not ``OK``.
    status : numpy.ndarray
        ``int8`` codes of :class:`RowStatus`, same shape as ``value``.
    """

    value: np.ndarray
    status: np.ndarray

    @property
    def ok(self) -> np.ndarray:
        """Boolean mask of the rows that have a value."""
        return self.status == RowStatus.OK


def worst(*statuses: np.ndarray) -> np.ndarray:
    """Combine status arrays row by row, keeping the highest-ranking problem."""
    return np.maximum.reduce(np.broadcast_arrays(*statuses)).astype(np.int8)


def flag(status: np.ndarray, condition: np.ndarray, code: RowStatus) -> np.ndarray:
    """Raise ``status`` to ``code`` where ``condition`` holds (in place, returned for chaining)."""
    np.maximum(status, np.where(condition, np.int8(code), np.int8(0)), out=status)
    return status


def finish(value: np.ndarray, status: np.ndarray) -> Answer:
    """Build an :class:`Answer`: values of rows that are not ``OK`` become NaN.

    A result that is not finite on a row that is otherwise fine (an overflow) is marked ``NUM``,
    as Excel does, so no infinite or NaN number ever passes as an answer.
    """
    value = np.asarray(value, dtype=np.float64)
    status = np.broadcast_to(status, value.shape).astype(np.int8)
    with np.errstate(all="ignore"):
        flag(status, ~np.isfinite(value) & (status == RowStatus.OK), RowStatus.NUM)
    return Answer(np.where(status == RowStatus.OK, value, np.nan), status)
