"""Excel cell values in, Excel cell values out: the one conversion layer every UDF uses.

xlwings hands a UDF argument declared with ``ndim=2`` as a list of row lists: floats for
numbers, ``str`` for text (and, with ``err_to_str``, for error cells such as ``"#N/A"``),
``bool``, ``datetime`` and ``None`` for a blank cell. A direct call may pass a bare scalar.
This module turns that into float64 arrays plus a per-row status, lays the arguments out as
per-SKU columns or histories, and turns a core :class:`~xl_inventory.core.Answer` back into what
a cell (or a spilling range) shows.

Conventions, chosen to match what Excel's own arithmetic does:

- a number stored as text (``"12"``) counts as the number, as ``="12"*2`` does in Excel;
  ``TRUE``/``FALSE`` count as 1/0; other text and dates, where a number belongs, are ``#VALUE!``;
- an error cell passes its error on (``#N/A`` in gives ``#N/A`` out);
- a blank cell (or a NaN from a Python caller) is a blank; a blank answer is the empty text
  ``""``, since a UDF cannot leave a cell truly empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xl_inventory.core.status import Answer, RowStatus, worst
from xl_inventory.errors import InvalidParameterError, ShapeMismatchError

_EXCEL_TEXT = {
    RowStatus.OK: "",
    RowStatus.DIV_ZERO: "#DIV/0!",
    RowStatus.NUM: "#NUM!",
    RowStatus.BLANK: "",
    RowStatus.VALUE: "#VALUE!",
    RowStatus.NA: "#N/A",
    RowStatus.REF: "#REF!",
    RowStatus.NAME: "#NAME?",
    RowStatus.NULL: "#NULL!",
    RowStatus.INPUT_DIV_ZERO: "#DIV/0!",
    RowStatus.INPUT_NUM: "#NUM!",
    RowStatus.INPUT_VALUE: "#VALUE!",
}
_LABELS = np.array([_EXCEL_TEXT[RowStatus(code)] for code in range(len(RowStatus))], dtype=object)
# An error cell read as text passes its error on; newer errors (#SPILL!, #CALC!) count as #VALUE!.
_STATUS_OF_TEXT = {
    "#N/A": RowStatus.NA,
    "#REF!": RowStatus.REF,
    "#NAME?": RowStatus.NAME,
    "#NULL!": RowStatus.NULL,
    "#DIV/0!": RowStatus.INPUT_DIV_ZERO,
    "#NUM!": RowStatus.INPUT_NUM,
    "#VALUE!": RowStatus.INPUT_VALUE,
}


def _is_blank(cell: object) -> bool:
    """None (an empty cell), empty text, or NaN (how pandas marks a missing value)."""
    if cell is None:
        return True
    if isinstance(cell, str):
        return not cell.strip()
    return isinstance(cell, float) and cell != cell


def _status_of_non_number(cell: object) -> RowStatus:
    """Why a cell that did not read as a number has none: blank (OK), an error it carries, text."""
    if _is_blank(cell):
        return RowStatus.OK
    if isinstance(cell, str):
        return RowStatus(_STATUS_OF_TEXT.get(cell.strip().upper(), RowStatus.VALUE))
    return RowStatus.VALUE


@dataclass(frozen=True)
class Cells:
    """A range read into numbers.

    Attributes
    ----------
    numbers : numpy.ndarray
        2-D float64 array, the range's shape; NaN wherever a cell holds no number.
    status : numpy.ndarray or None
        2-D ``int8`` :class:`RowStatus` per cell (``VALUE`` for text, ``NA`` for ``#N/A``, ...;
        ``OK`` for numbers and blanks), or None when every cell is a number or blank, which is
        the fast common case.
    """

    numbers: np.ndarray
    status: np.ndarray | None


def read_cells(value: Any, name: str) -> Cells:
    """Read a scalar, a row list or a list of row lists into :class:`Cells`."""
    if not isinstance(value, list | tuple):
        rows: Any = [[value]]
    elif value and not isinstance(value[0], list | tuple):
        rows = [value]
    else:
        rows = value
    if not rows or not rows[0]:
        raise ShapeMismatchError(f"{name} is an empty range")
    try:
        # Without a dtype numpy infers float64 only when every cell is a number: a blank, text
        # or a date makes it an object array. (dtype=float would silently turn a date into
        # microseconds since 1970, and numeric text into numbers without a trace.)
        cells = np.array(rows)
    except ValueError:
        cells = None
    if cells is None or cells.ndim != 2:
        raise ShapeMismatchError(f"{name} has rows of different lengths")
    if cells.dtype.kind in "biuf":
        numbers = cells.astype(np.float64, copy=False)
        if np.isinf(numbers).any():
            return Cells(np.where(np.isinf(numbers), np.nan, numbers),
                         np.where(np.isinf(numbers), np.int8(RowStatus.VALUE), np.int8(0)))
        return Cells(numbers, None)  # a NaN from a Python caller is a blank
    if cells.dtype.kind != "O":  # numbers and text together were inferred as all text
        cells = np.array(rows, dtype=object)
    return _read_mixed(cells)


def _read_mixed(cells: np.ndarray) -> Cells:
    """Slow path: some cell is blank, or holds text, a date or an error value."""
    flat = cells.reshape(-1)
    numbers = pd.to_numeric(pd.Series(flat, dtype=object), errors="coerce").to_numpy(
        np.float64, na_value=np.nan, copy=True
    )
    status = np.zeros(flat.shape, dtype=np.int8)
    for at in np.flatnonzero(~np.isfinite(numbers)).tolist():
        status[at] = _status_of_non_number(flat[at])
        numbers[at] = np.nan
    status = status.reshape(cells.shape) if status.any() else None
    return Cells(numbers.reshape(cells.shape), status)


@dataclass(frozen=True)
class Arg:
    """An argument laid out for the core: one entry (or one history row) per SKU.

    Attributes
    ----------
    numbers : numpy.ndarray
        1-D for a per-SKU argument, 2-D (SKUs × periods) for a history.
    row_status : numpy.ndarray or None
        The worst cell status of each row (text, an error), or None when there is none.
    is_row : bool
        The range was laid across one row, so the answer spills across too.
    """

    numbers: np.ndarray
    row_status: np.ndarray | None
    is_row: bool = False

    @property
    def rows(self) -> int:
        return len(self.numbers)


def per_sku(value: Any, name: str, default: float | None = None) -> Arg:
    """A per-SKU argument: a single cell, one column or one row; blanks become ``default``.

    Without ``default`` a blank stays NaN and its row answers blank.
    """
    cells = read_cells(value, name)
    height, width = cells.numbers.shape
    if height > 1 and width > 1:
        raise ShapeMismatchError(
            f"{name} must be one column or one row, got {height} rows x {width} columns"
        )
    numbers = cells.numbers.reshape(-1)
    if default is not None:
        numbers = np.where(np.isnan(numbers), default, numbers)
    status = None if cells.status is None else cells.status.reshape(-1)
    return Arg(numbers, status, is_row=height == 1 and width > 1)


def histories(value: Any, name: str) -> Arg:
    """A history argument: one row or one column is one SKU; a block holds one SKU per row."""
    cells = read_cells(value, name)
    height, width = cells.numbers.shape
    if height == 1 or width == 1:
        return _as_history(cells, 1)
    return _as_history(cells, height)


def histories_for(value: Any, name: str, skus: Arg) -> Arg:
    """A history argument that belongs to ``skus``: one SKU takes the whole range as its history;
    otherwise one row per SKU (one column per SKU where the SKUs run across a row)."""
    cells = read_cells(value, name)
    height, width = cells.numbers.shape
    if skus.rows == 1 or cells.numbers.size == 1:
        return _as_history(cells, 1)  # one history, or one value that every SKU shares
    if skus.is_row and width == skus.rows:
        transposed = Cells(cells.numbers.T, None if cells.status is None else cells.status.T)
        return _as_history(transposed, width)
    if height == skus.rows:
        return _as_history(cells, height)
    raise ShapeMismatchError(
        f"{name} must have one row per SKU ({skus.rows} rows), got {height} rows"
    )


def _as_history(cells: Cells, skus: int) -> Arg:
    numbers = cells.numbers.reshape(skus, -1)
    if cells.status is None:
        return Arg(numbers, None)
    # A blank period is skipped; text or an error in any period spoils the row.
    return Arg(numbers, cells.status.reshape(skus, -1).max(axis=1))


def single(value: Any, name: str, default: Any) -> Any:
    """A parameter that takes one cell: unwrap it, a blank gives ``default``."""
    if isinstance(value, list | tuple):
        flat = [cell for row in value for cell in (row if isinstance(row, list | tuple) else [row])]
        if len(flat) != 1:
            raise ShapeMismatchError(f"{name} must be a single cell, got {len(flat)} cells")
        value = flat[0]
    return default if _is_blank(value) else value


def choice(value: Any, name: str, default: str, options: tuple[str, ...]) -> str:
    """A text option such as ``method``: case-insensitive, one of ``options``."""
    text = str(single(value, name, default)).strip().lower()
    if text not in options:
        raise InvalidParameterError(
            f"{name} must be one of {', '.join(repr(o) for o in options)}, got {text!r}"
        )
    return text


def answer_cells(answer: Answer, *args: Arg) -> Any:
    """Turn a core answer into what the calling cell shows.

    The answer spills as a column, or as a row where the per-SKU arguments ran across a row; one
    SKU answers a single value. Rows whose inputs held text or an error answer that error.
    """
    value = np.asarray(answer.value)
    status = answer.status
    for arg in args:
        if arg.row_status is not None:
            status = worst(status, arg.row_status if value.ndim else arg.row_status.max())
    if value.ndim == 0 or value.size == 1:
        code = int(np.asarray(status).reshape(-1)[0])
        return value.reshape(-1)[0].item() if code == RowStatus.OK else _LABELS[code]
    across = any(arg.is_row for arg in args if arg.rows > 1)
    cells = value.reshape((1, -1) if across else (-1, 1)).tolist()
    # Patch the few rows with a problem into the plain list: much faster than going through an
    # object array when they are rare, which is the common case.
    problems = np.flatnonzero(status)
    texts = _LABELS[status[problems]].tolist()
    if across:
        for at, text in zip(problems.tolist(), texts, strict=True):
            cells[0][at] = text
    else:
        for at, text in zip(problems.tolist(), texts, strict=True):
            cells[at][0] = text
    return cells
