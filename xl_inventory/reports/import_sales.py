"""Appending an ERP or shop export to the Sales table of a workbook.

Only rows are added, under the Sales table (which grows over them): every other cell, table,
formula, width and style of the workbook, and every existing row, stays exactly as it was. A
value of the export that cannot be read (a date, quantity or amount) goes in as the text it
was, never blank; the next check lists it. Importing a batch whose every line is already in
the table (same date, SKU, quantity and amount) is refused unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.append import append_rows
from xl_inventory.workbook.dates import is_text, read_text_dates
from xl_inventory.workbook.exports import read_export, read_numbers
from xl_inventory.workbook.guard import BookWriter
from xl_inventory.workbook.reader import read_input_tables
from xl_inventory.workbook.schema import SALES, SETTINGS, normalise
from xl_inventory.workbook.validate import IssueLog, find_columns, read_settings
from xl_inventory.workbook.xlsx_package import XlsxPackage

# Export headers recognised without a mapping: xl-inventory's own, Chinese, and common ERP
# and shop exports (UCI Online Retail among them).
KNOWN_HEADERS = {
    "date": ("date", "日期", "invoicedate", "orderdate", "order_date", "created_at", "下单时间"),
    "sku": ("sku", "商品编码", "stockcode", "product_code", "itemcode", "货号"),
    "quantity": ("quantity", "数量", "qty", "units", "销量"),
    "amount": ("amount", "金额", "revenue", "total", "line_total", "实付金额"),
    "channel": ("channel", "渠道", "store", "shop", "country", "平台"),
}
KEY_COLUMNS = ("date", "sku", "quantity", "amount")  # what makes two lines the same line


@dataclass(frozen=True)
class ImportResult:
    added: int
    kept_as_text: int  # values that could not be read: written as text, listed by check
    sheet: str
    rows: tuple[int, int]  # first and last sheet row written


def map_columns(headers: list[str], mapping: dict[str, str | None]) -> dict[str, str]:
    """Source column for each Sales column: the given mapping, else a known header."""
    by_norm = {normalise(h): h for h in headers}
    chosen = {}
    for key, names in KNOWN_HEADERS.items():
        given = mapping.get(key)
        if given:
            if given not in headers:
                raise WorkbookError(f"the export has no column {given!r} (for {key}); its "
                                    f"columns are: {', '.join(headers)}")
            chosen[key] = given
            continue
        found = next((by_norm[normalise(n)] for n in names if normalise(n) in by_norm), None)
        if found:
            chosen[key] = found
        elif SALES.column(key).required:
            raise WorkbookError(f"cannot tell which column of the export is {key}: name it "
                                f"with --{key} (columns: {', '.join(headers)})")
    return chosen


def _as_text(values: pd.Series) -> pd.Series:
    def text(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # a code read as a number: 15056.0 is "15056"
        return "" if value is None else str(value).strip()

    return values.map(text)


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
            numbers = pd.to_numeric(values.where(~text), errors="coerce").astype(float)
            if text.any():
                numbers[text] = read_numbers(values[text])
            blank = values.isna() | values.astype(str).str.strip().eq("")
            typed[key] = numbers.astype(object).where(numbers.notna(), values.where(~blank))
        else:
            typed[key] = _as_text(values)
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


def import_sales(export_path: str | Path, book: str | Path, mapping: dict[str, str | None],
                 output: str | Path | None = None, *, encoding: str | None = None,
                 sep: str | None = None, allow_duplicates: bool = False) -> ImportResult:
    """Append the export's lines under the Sales table of ``book`` (into ``output`` if given).

    Raises
    ------
    WorkbookError
        The export cannot be read or mapped, the book has no Sales table, the table cannot
        grow (a cell under it), or every line is already there (without ``allow_duplicates``).
    """
    export = read_export(export_path, encoding, sep)
    source = map_columns([str(c) for c in export.columns], mapping)
    with BookWriter(book, output) as writer:
        tables = read_input_tables(book)
        if SALES.name not in tables:
            raise WorkbookError(f"{book} has no Sales table to import into")
        raw = tables[SALES.name]
        order = str(read_settings(tables.get(SETTINGS.name), IssueLog())["date_order"])
        header_of = {key: raw.headers[at] for key, at in find_columns(raw, SALES).items()}
        new = typed_lines({key: export[source[key]] for key in source if key in header_of},
                          order)
        if not allow_duplicates and raw.rows:
            existing = pd.DataFrame(raw.rows, columns=range(len(raw.headers)), dtype=object)
            have = typed_lines({key: existing[raw.headers.index(header)]
                                for key, header in header_of.items() if key in KEY_COLUMNS},
                               order)
            repeated = _line_keys(new).isin(set(_line_keys(have)))
            if repeated.all():
                raise WorkbookError(
                    f"all {len(repeated)} lines of {export_path} are already in the Sales "
                    "table (same date, SKU, quantity and amount): nothing was imported; add "
                    "--allow-duplicates to import them again")
        rows = pd.DataFrame({header_of[key]: values for key, values in new.items()})
        rows = rows.replace({np.nan: None})
        package = XlsxPackage.open(book)
        grown = append_rows(package, raw.name, rows)
        writer.save(package)
    first = grown.last_row - len(rows) + 1
    return ImportResult(len(rows), _kept_as_text(new), grown.sheet, (first, grown.last_row))
