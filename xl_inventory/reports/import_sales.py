"""Appending an ERP or shop export (CSV) to the Sales table of a workbook."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.reader import read_input_tables
from xl_inventory.workbook.schema import SALES, normalise
from xl_inventory.workbook.sheets import SheetSpec, TableBlock, put_sheet
from xl_inventory.workbook.validate import find_columns
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


def import_sales(csv_path: str | Path, book: str | Path, mapping: dict[str, str | None],
                 output: str | Path | None = None) -> int:
    """Append the export's lines to the Sales table; returns the number of lines added.

    The sheet holding the Sales table is rewritten (existing rows first, as they are); every
    other part of the workbook is copied unchanged.
    """
    export = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    source = map_columns(list(export.columns), mapping)
    tables = read_input_tables(book)
    if SALES.name not in tables:
        raise WorkbookError(f"{book} has no Sales table to import into")
    raw = tables[SALES.name]
    existing = pd.DataFrame(raw.rows, columns=raw.headers)
    header_of = {key: raw.headers[at] for key, at in find_columns(raw, SALES).items()}
    added = pd.DataFrame(index=export.index)
    for key, header in header_of.items():
        values = export[source[key]] if key in source else ""
        if key in ("quantity", "amount") and key in source:
            values = pd.to_numeric(values, errors="coerce")
        added[header] = values
    combined = pd.concat([existing, added.reindex(columns=raw.headers)], ignore_index=True)
    date = header_of["date"]
    combined[date] = pd.to_datetime(combined[date], errors="coerce", format="mixed")
    key_of = {header: key for key, header in header_of.items()}
    formats = [{"date": "date", "quantity": "int", "amount": "money"}.get(key_of.get(h, ""),
                                                                         "text")
               for h in raw.headers]
    package = XlsxPackage.open(book)
    put_sheet(package, SheetSpec(raw.sheet, [TableBlock(SALES.name, combined, raw.headers,
                                                        formats)]))
    package.drop_calc_chain()
    package.save(output or book)
    return len(added)
