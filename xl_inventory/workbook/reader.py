"""Reading the input tables of a workbook with python-calamine (fast, no Excel, no openpyxl)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import python_calamine

from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.schema import INPUT_TABLES

NO_TABLE_FORMATS = (".xls", ".ods")  # calamine reads their cells, but they hold no tables


@dataclass(frozen=True)
class RawTable:
    """An Excel table as stored: headers and rows of cell values, and where it sits.

    ``first_row`` is the sheet row number (1-based, as Excel shows it) of the first data row.
    ``rows`` is a list of rows, or, for a table read from a data file, a frame of its columns
    in the order of ``headers`` (no Python row per line).
    """

    name: str
    sheet: str
    first_row: int
    headers: list[str]
    rows: list[list[Any]] | pd.DataFrame


def raw_table(name: str, sheet: str, first_row: int, values: list[list[Any]]) -> RawTable:
    """A table given as its cell values, header row first, with None for a blank (as xlwings
    and the Office add-in read a table), in the form the validator takes."""
    headers = ["" if h is None else str(h) for h in values[0]]
    rows = [["" if v is None else v for v in row] for row in values[1:]]
    return RawTable(name, sheet, first_row, headers, rows)


def read_input_tables(path: str | Path) -> dict[str, RawTable]:
    """Every input table that the workbook holds, by table name (Products, Sales, ...).

    Raises
    ------
    WorkbookError
        The file cannot be opened as an .xlsx/.xlsm workbook.
    """
    return read_tables(path, [spec.name for spec in INPUT_TABLES])


def read_tables(path: str | Path, names: list[str]) -> dict[str, RawTable]:
    """The workbook's Excel tables of these names (matched in any case, as Excel does), by
    the names as given.

    Raises
    ------
    WorkbookError
        The file cannot be opened as an .xlsx/.xlsm workbook.
    """
    if Path(path).suffix.lower() in NO_TABLE_FORMATS:
        raise WorkbookError(f"{path} is a {Path(path).suffix} file, which holds no Excel "
                            "tables: open it in Excel and save it as .xlsx (Excel Workbook), "
                            "then use that file")
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        reason = str(exc).strip() or type(exc).__name__
        raise WorkbookError(f"cannot open {path} as an Excel workbook (.xlsx): {reason}"
                            ) from None
    wanted = {name.lower(): name for name in names}
    tables: dict[str, RawTable] = {}
    found_as: dict[str, str] = {}
    try:
        for name in book.table_names:
            canonical = wanted.get(name.lower())
            if canonical is None:
                continue
            if canonical in found_as:
                raise WorkbookError(
                    f"{path} has two tables named {found_as[canonical]} and {name} (Excel "
                    f"does not tell letter case apart): rename one, so {canonical} is one table")
            found_as[canonical] = name
            table = book.get_table_by_name(name)
            tables[canonical] = RawTable(
                name=canonical,
                sheet=table.sheet,
                first_row=table.start[0] + 1,
                headers=[str(h) for h in table.columns],
                rows=table.to_python(),
            )
    finally:
        book.close()
    return tables
