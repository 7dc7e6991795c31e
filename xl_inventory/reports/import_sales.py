"""Appending an ERP or shop export to the Sales table of a workbook.

Only rows are added, under the Sales table (which grows over them): every other cell, table,
formula, width and style of the workbook, and every existing row, stays exactly as it was. A
value of the export that cannot be read (a date, quantity or amount) goes in as the text it
was, never blank; the next check lists it. Importing a batch whose every line is already in
the table (same date, SKU, quantity and amount) is refused unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from xl_inventory.errors import WorkbookError
from xl_inventory.reports.export_lines import (
    LINE_COLUMNS,
    UNKNOWN_SKU,
    SalesLines,
    choose_preset,
    generic_headers,
    generic_lines,
    preset_lines,
)
from xl_inventory.reports.refresh import write_sheets
from xl_inventory.workbook.append import append_rows, find_table
from xl_inventory.workbook.dates import is_text, read_text_dates
from xl_inventory.workbook.export_presets import header_aliases, preset_key
from xl_inventory.workbook.exports import cell_numbers, read_export
from xl_inventory.workbook.guard import BookWriter
from xl_inventory.workbook.reader import RawTable, read_input_tables
from xl_inventory.workbook.schema import PRODUCTS, SALES, SETTINGS
from xl_inventory.workbook.sheets import SheetSpec, TableBlock
from xl_inventory.workbook.validate import IssueLog, cell_text, find_columns, read_settings
from xl_inventory.workbook.xlsx_package import XlsxPackage

KEY_COLUMNS = ("date", "sku", "quantity", "amount")  # what makes two lines the same line


@dataclass(frozen=True)
class ImportResult:
    added: int
    kept_as_text: int  # values that could not be read: written as text, listed by check
    sheet: str
    rows: tuple[int, int]  # first and last sheet row written
    preset: str | None = None  # the platform's preset used (None: a plain export)
    detected: bool = False  # the preset was recognised from the columns, not named
    left_out: dict[str, int] = field(default_factory=dict)  # reason -> lines not imported


def typed_lines(columns: dict[str, pd.Series], date_order: str) -> dict[str, pd.Series]:
    """The values to write: dates as timestamps, quantities and amounts as numbers, codes as
    text; a value that cannot be read stays the text it was."""
    typed = {}
    for key, values in columns.items():
        values = values.reset_index(drop=True)
        text = pd.Series(is_text(values), index=values.index)
        if key == "date":
            read = pd.to_datetime(values.where(~text), errors="coerce")
            if text.any():
                read[text] = read_text_dates(values[text], date_order).dates
            typed[key] = read.astype(object).where(read.notna(), values)
        elif key in ("quantity", "amount"):
            numbers = cell_numbers(values)
            blank = values.isna() | values.astype(str).str.strip().eq("")
            typed[key] = numbers.astype(object).where(numbers.notna(), values.where(~blank))
        else:
            typed[key] = cell_text(values)
    return typed


def _line_keys(lines: dict[str, pd.Series]) -> pd.Series:
    """One comparable key per line: its date, SKU, quantity and amount as text."""
    def text(value: object) -> str:
        return "" if value is None or value is pd.NaT or value != value else str(value)

    parts = [lines[k].map(text) if k in lines else pd.Series("", index=lines["sku"].index)
             for k in KEY_COLUMNS]
    return parts[0].str.cat(parts[1:], sep="\x1f")


def _kept_as_text(lines: dict[str, pd.Series]) -> int:
    count = 0
    for key in ("date", "quantity", "amount"):
        if key in lines:
            values = lines[key]
            count += int(pd.Series(is_text(values)).sum())
    return count


def product_skus(tables: dict[str, RawTable]) -> set[str] | None:
    """The SKU codes of the Products table (None when the book has none)."""
    raw = tables.get(PRODUCTS.name)
    if raw is None:
        return None
    at = find_columns(raw, PRODUCTS)["sku"]
    return set(cell_text(pd.Series([row[at] if at < len(row) else None for row in raw.rows],
                                  dtype=object)))


def read_sales_export(export_path: str | Path, mapping: dict[str, str | None] | None = None,
                      *, encoding: str | None = None, sep: str | None = None,
                      platform: str | None = None, orders: str | Path | None = None
                      ) -> SalesLines:
    """The export's sales and returns as Sales lines, by its platform's preset (named, or
    recognised from its columns), else by column names or ``mapping``; ``orders`` is
    Taobao's order list, beside its order details."""
    mapping = mapping or {}
    known = header_aliases() | {preset_key(h) for h in generic_headers()}
    export = read_export(export_path, encoding, sep, known)
    headers = [str(c) for c in export.columns]
    preset = None if any(mapping.values()) else choose_preset(headers, platform, export_path)
    if preset is None:
        return generic_lines(export, mapping)
    order_list = read_export(orders, encoding, sep, known) if orders else None
    found = preset_lines(export, preset, order_list)
    found.detected = platform is None
    return found


def rows_to_add(found: SalesLines, tables: dict[str, RawTable], source: object,
                allow_duplicates: bool = False) -> tuple[pd.DataFrame, int]:
    """The rows to append under the Sales table (columns named as its headers), and how
    many values in them stay text; lines whose SKU is not in Products are counted out.

    Raises
    ------
    WorkbookError
        No Sales table, no line left to import, or every line already in the table.
    """
    if SALES.name not in tables:
        raise WorkbookError("the workbook has no Sales table to import into")
    raw = tables[SALES.name]
    order = str(read_settings(tables.get(SETTINGS.name), IssueLog())["date_order"])
    header_of = {key: raw.headers[at] for key, at in find_columns(raw, SALES).items()}
    lines = found.lines
    skus = product_skus(tables)
    if skus is not None:
        unknown = ~cell_text(lines["sku"]).isin(skus)
        if unknown.any():
            found.left_out[UNKNOWN_SKU] += int(unknown.sum())
            lines = lines[~unknown]
    if lines.empty:
        raise WorkbookError(f"no line of {source} is a sale to import ("
                            + _reasons(found.left_out) + ")")
    new = typed_lines({key: lines[key] for key in LINE_COLUMNS
                       if key in header_of and lines[key].notna().any()}, order)
    if not allow_duplicates and raw.rows:
        existing = pd.DataFrame(raw.rows, columns=range(len(raw.headers)), dtype=object)
        have = typed_lines({key: existing[raw.headers.index(header)]
                            for key, header in header_of.items() if key in KEY_COLUMNS}, order)
        repeated = _line_keys(new).isin(set(_line_keys(have)))
        if repeated.all():
            raise WorkbookError(
                f"all {len(repeated)} lines of {source} are already in the Sales table (same "
                "date, SKU, quantity and amount): nothing was imported; add "
                "--allow-duplicates to import them again")
    rows = pd.DataFrame({header_of[key]: values for key, values in new.items()})
    return rows.replace({np.nan: None}), _kept_as_text(new)


def import_sales(export_path: str | Path, book: str | Path, mapping: dict[str, str | None],
                 output: str | Path | None = None, *, encoding: str | None = None,
                 sep: str | None = None, allow_duplicates: bool = False,
                 platform: str | None = None, orders: str | Path | None = None
                 ) -> ImportResult:
    """Append the export's sales (and returns) under the Sales table of ``book`` (into
    ``output`` if given); see :func:`read_sales_export` and :func:`rows_to_add`.

    Raises
    ------
    WorkbookError
        The export cannot be read or mapped, the book has no Sales table, the table cannot
        grow (a cell under it), or every line is already there (without ``allow_duplicates``).
    """
    found = read_sales_export(export_path, mapping, encoding=encoding, sep=sep,
                              platform=platform, orders=orders)
    with BookWriter(book, output) as writer:
        rows, as_text = rows_to_add(found, read_input_tables(book), export_path,
                                    allow_duplicates)
        package = XlsxPackage.open(book)
        grown = append_rows(package, SALES.name, rows)
        result = ImportResult(len(rows), as_text, grown.sheet,
                              (grown.last_row - len(rows) + 1, grown.last_row), found.preset,
                              found.detected, dict(found.left_out))
        log_import(package, export_path, result)
        writer.save(package)
    return result


IMPORT_LOG = "ImportLog"
IMPORT_LOG_COLUMNS = ["imported_at", "file", "platform", "result", "lines"]


def log_import(package: XlsxPackage, export_path: str | Path, result: ImportResult,
               now: pd.Timestamp | None = None) -> None:
    """Add the import's account to the ImportLog table (made on the first import): one row
    for the lines added, one per reason lines were left out, so a seller can reconcile with
    the platform's own totals. DataIssues is rebuilt from the workbook's rows at every
    refresh, so lines that never reached the workbook are accounted for here."""
    when = (now or pd.Timestamp.now()).floor("s")
    left_out = sorted((f"left out: {reason}", n) for reason, n in result.left_out.items())
    entries = [("added", result.added), *left_out]
    log = pd.DataFrame({"imported_at": when, "file": Path(export_path).name,
                        "platform": result.preset or "", "result": [e[0] for e in entries],
                        "lines": [float(e[1]) for e in entries]})
    try:
        find_table(package, IMPORT_LOG)
    except WorkbookError:
        block = TableBlock(IMPORT_LOG, log, IMPORT_LOG_COLUMNS,
                           ["date", "text", "text", "text", "int"])
        write_sheets(package, [SheetSpec(IMPORT_LOG, [block], widths={2: 36, 4: 40})])
        return
    append_rows(package, IMPORT_LOG, log.astype(object))


def _reasons(left_out: dict[str, int]) -> str:
    return ", ".join(f"{count} {reason}" for reason, count in sorted(left_out.items())) or (
        "the export has no lines")
