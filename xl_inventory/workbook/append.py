"""Appending rows to an Excel table in place, touching nothing else of the workbook.

The new rows go right under the table, which grows over them (its range and filter range);
every other cell, table, formula, width and style stays as it was, and so do the table's own
rows. The rows under the table must be free within its columns: a table cannot grow over
cells that hold something, so then nothing is written and the message names the cell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from lxml import etree

from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.sheets import (
    FORMATS,
    FORMULA_START,
    ILLEGAL_XML,
    column_letter,
    excel_serial,
)
from xl_inventory.workbook.xlsx_package import MAIN, XlsxPackage

_REF = re.compile(r"^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$")
_C, _ROW = f"{{{MAIN}}}c", f"{{{MAIN}}}row"


def column_number(letters: str) -> int:
    """1-based index of Excel column letters (A → 1, AB → 28)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def split_cell(reference: str) -> tuple[int, int]:
    """(column, row) of a cell reference such as ``AB12``."""
    match = re.match(r"^([A-Z]+)(\d+)$", reference)
    if match is None:
        raise WorkbookError(f"the cell reference {reference!r} cannot be read")
    return column_number(match.group(1)), int(match.group(2))


@dataclass(frozen=True)
class TableRange:
    sheet: str
    sheet_part: str
    table_part: str
    headers: list[str]
    first_column: int
    last_column: int
    first_row: int
    last_row: int


def find_table(package: XlsxPackage, name: str) -> TableRange:
    """Where the table ``name`` (any letter case) sits, and its column names."""
    for sheet, part in package.sheets():
        for _, rel_type, target in package.relationships(part):
            if not rel_type.endswith("/table"):
                continue
            table = package.tree(target)
            if table.get("name", "").casefold() != name.casefold():
                continue
            if int(table.get("totalsRowCount", "0") or 0):
                raise WorkbookError(f"the {name} table (sheet {sheet}) has a total row: turn "
                                    "it off (Table Design > Total Row) so rows can be added")
            match = _REF.match(table.get("ref", ""))
            if match is None or match.group(3) is None:
                raise WorkbookError(f"the range of the {name} table cannot be read")
            headers = [c.get("name", "") for c in table.iter(f"{{{MAIN}}}tableColumn")]
            return TableRange(sheet, part, target, headers, column_number(match.group(1)),
                              column_number(match.group(3)), int(match.group(2)),
                              int(match.group(4)))
    raise WorkbookError(f"the workbook has no {name} table")


def _cell(reference: str, value: object, styles: dict[str, int], style: str | None
          ) -> etree._Element | None:
    """A cell element for one value, or None for a blank."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    cell = etree.Element(_C, r=reference)
    if isinstance(value, pd.Timestamp | np.datetime64):
        cell.set("s", str(styles["date"]))
        etree.SubElement(cell, f"{{{MAIN}}}v").text = repr(excel_serial(value))
    elif isinstance(value, int | float | np.number) and not isinstance(value, bool):
        if style is not None:
            cell.set("s", style)
        etree.SubElement(cell, f"{{{MAIN}}}v").text = repr(float(value)).removesuffix(".0")
    else:
        text = ILLEGAL_XML.sub("", str(value))
        if text.startswith(FORMULA_START):  # shown as typed, never run as a formula
            cell.set("s", str(styles["quoted"]))
        elif style is not None:
            cell.set("s", style)
        cell.set("t", "inlineStr")
        holder = etree.SubElement(cell, f"{{{MAIN}}}is")
        node = etree.SubElement(holder, f"{{{MAIN}}}t")
        node.text = text
        if text != text.strip():
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return cell


def append_rows(package: XlsxPackage, name: str, rows: pd.DataFrame) -> TableRange:
    """Append ``rows`` (columns named as some of the table's headers) under table ``name``.

    Each new cell takes the style of the cell above it in the table's last row (dates get a
    date format, text starting with ``=`` is kept as text). Returns the table's new range.

    Raises
    ------
    WorkbookError
        The table is missing, has a total row, or a cell under it is not empty.
    """
    return _write_rows(package, name, rows, replace=False)


def replace_rows(package: XlsxPackage, name: str, rows: pd.DataFrame) -> TableRange:
    """Replace the data rows of table ``name`` with ``rows``: the table shrinks or grows to
    them (at least one row, as Excel keeps); cells beside it are untouched.

    Raises
    ------
    WorkbookError
        As :func:`append_rows`, when the table must grow over a cell that is not empty.
    """
    return _write_rows(package, name, rows, replace=True)


def _write_rows(package: XlsxPackage, name: str, rows: pd.DataFrame, replace: bool
                ) -> TableRange:
    table = find_table(package, name)
    unknown = [c for c in rows.columns if c not in table.headers]
    if unknown:
        raise WorkbookError(f"the {name} table has no column {unknown[0]!r}")
    count = len(rows)
    if not count and not replace:
        return table
    first_new = table.first_row + 1 if replace else table.last_row + 1
    last_new = first_new + count - 1
    sheet = package.tree(table.sheet_part)
    data = sheet.find(f"{{{MAIN}}}sheetData")
    inside = range(table.first_column, table.last_column + 1)
    reach = max(last_new, table.last_row)
    existing = {int(row.get("r")): row for row in data.iter(_ROW)
                if table.first_row <= int(row.get("r")) <= reach}
    for number, row in existing.items():
        if number <= table.last_row:
            continue
        for cell in row.iter(_C):
            if split_cell(cell.get("r"))[0] in inside and len(cell):
                raise WorkbookError(
                    f"cell {cell.get('r')} of sheet {table.sheet} is not empty: the {name} "
                    f"table ends on row {table.last_row} and must grow over rows "
                    f"{table.last_row + 1} to {last_new}; move what is under it, then "
                    "import again")
    last_data = existing.get(table.last_row) if table.last_row > table.first_row else None
    style_above = {}
    if last_data is not None:
        style_above = {split_cell(c.get("r"))[0]: c.get("s") for c in last_data.iter(_C)}
    if replace:  # the old rows' cells within the table go; cells beside it stay
        for number, row in existing.items():
            if table.first_row < number <= table.last_row:
                for cell in [c for c in row.iter(_C) if split_cell(c.get("r"))[0] in inside]:
                    row.remove(cell)
                row.attrib.pop("spans", None)
    styles = package.cell_styles({"date": FORMATS["date"], "quoted": FORMATS["quoted"]})

    positions = {h: table.first_column + i for i, h in enumerate(table.headers)}
    columns = [(positions[c], column_letter(positions[c]), rows[c].tolist())
               for c in rows.columns]
    later = [row for row in data.iter(_ROW) if int(row.get("r")) > last_new]
    anchor = later[0] if later else None
    for offset in range(count):
        number = first_new + offset
        cells = [_cell(f"{letter}{number}", values[offset], styles, style_above.get(column))
                 for column, letter, values in columns]
        cells = [c for c in cells if c is not None]
        row = existing.get(number)
        if row is None:
            row = etree.Element(_ROW, r=str(number))
            if anchor is None:
                data.append(row)
            else:
                anchor.addprevious(row)
        row.attrib.pop("spans", None)  # a hint of the row's columns, now stale
        for cell in cells:
            column = split_cell(cell.get("r"))[0]
            after = [c for c in row.iter(_C) if split_cell(c.get("r"))[0] > column]
            if after:
                after[0].addprevious(cell)
            else:
                row.append(cell)

    last_row = max(last_new, table.first_row + 1)
    grown = (f"{column_letter(table.first_column)}{table.first_row}:"
             f"{column_letter(table.last_column)}{last_row}")
    _grow_dimension(sheet, last_row, table.last_column)
    package.write_tree(table.sheet_part, sheet)
    table_tree = package.tree(table.table_part)
    table_tree.set("ref", grown)
    for node in table_tree.iter(f"{{{MAIN}}}autoFilter", f"{{{MAIN}}}sortState"):
        node.set("ref", grown if node.tag.endswith("autoFilter") else
                 f"{column_letter(table.first_column)}{table.first_row + 1}:"
                 f"{column_letter(table.last_column)}{last_row}")
    package.write_tree(table.table_part, table_tree)
    return TableRange(table.sheet, table.sheet_part, table.table_part, table.headers,
                      table.first_column, table.last_column, table.first_row, last_row)


def _grow_dimension(sheet: etree._Element, last_row: int, last_column: int) -> None:
    dimension = sheet.find(f"{{{MAIN}}}dimension")
    if dimension is None:
        return
    match = _REF.match(dimension.get("ref", ""))
    if match is None:
        return
    first = f"{match.group(1)}{match.group(2)}"
    end_column = max(column_number(match.group(3) or match.group(1)), last_column)
    end_row = max(int(match.group(4) or match.group(2)), last_row)
    dimension.set("ref", f"{first}:{column_letter(end_column)}{end_row}")
