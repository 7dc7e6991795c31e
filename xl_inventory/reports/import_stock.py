"""Replacing the Stock table's rows from an ERP's or platform's stock export.

Only the Stock table's rows change (it shrinks or grows to the export's); every other cell,
table and style of the workbook stays as it was, with the same write guarantees as the sales
import. Rows without a SKU, or with a SKU not in Products, are left out and counted; a
quantity that cannot be read goes in as the text it was (the next check lists it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from xl_inventory.errors import WorkbookError
from xl_inventory.reports.export_lines import NO_SKU, UNKNOWN_SKU
from xl_inventory.reports.import_sales import product_skus
from xl_inventory.workbook.append import replace_rows
from xl_inventory.workbook.export_presets import (
    STOCK_PRESETS,
    StockPreset,
    detect_stock,
    named,
    stock_columns,
    stock_header_aliases,
)
from xl_inventory.workbook.exports import cell_numbers, read_export
from xl_inventory.workbook.guard import BookWriter
from xl_inventory.workbook.reader import read_input_tables
from xl_inventory.workbook.schema import STOCK
from xl_inventory.workbook.validate import cell_text, find_columns
from xl_inventory.workbook.xlsx_package import XlsxPackage


@dataclass(frozen=True)
class StockImportResult:
    rows: int
    preset: str
    detected: bool
    left_out: dict[str, int] = field(default_factory=dict)


def choose_stock_preset(headers: list[str], name: str | None, path: object) -> StockPreset:
    if name is not None:
        preset = named(STOCK_PRESETS, name, "stock")
        columns = stock_columns(headers, preset)
        for role in ("sku", "on_hand"):
            if not columns[role]:
                raise WorkbookError(f"{path} is not a {preset.name} stock export as known: it "
                                    f"has no column {preset.roles()[role][0]!r}")
        return preset
    found = detect_stock(headers)
    if not found:
        raise WorkbookError(f"{path} is not a stock export known to xl-inventory (columns: "
                            f"{', '.join(headers)}); name it with --from "
                            f"({', '.join(p.name for p in STOCK_PRESETS)})")
    return found[0]


def stock_rows(export: pd.DataFrame, preset: StockPreset) -> tuple[pd.DataFrame, Counter[str]]:
    """sku, on_hand, on_order, warehouse per row of the export; rows without a SKU go."""
    columns = stock_columns([str(c) for c in export.columns], preset)
    sku = cell_text(export[columns["sku"][0]])
    on_hand = export[columns["on_hand"][0]]
    on_order = sum((cell_numbers(export[h]).fillna(0.0) for h in columns.get("on_order", [])),
                   pd.Series(0.0, index=export.index))
    warehouse = (cell_text(export[columns["warehouse"][0]]) if columns.get("warehouse")
                 else pd.Series(preset.platform, index=export.index))
    read = cell_numbers(on_hand)
    rows = pd.DataFrame({"sku": sku, "on_hand": on_hand.where(read.isna(), read),
                         "on_order": on_order, "warehouse": warehouse})
    blank = sku.eq("")
    return rows[~blank], Counter({NO_SKU: int(blank.sum())} if blank.any() else {})


def import_stock(export_path: str | Path, book: str | Path, output: str | Path | None = None,
                 *, platform: str | None = None, encoding: str | None = None,
                 sep: str | None = None) -> StockImportResult:
    """Replace the Stock table's rows of ``book`` with the export's (into ``output``).

    Raises
    ------
    WorkbookError
        The export cannot be read or is no known stock export, the book has no Stock table,
        or the table cannot grow (a cell under it).
    """
    export = read_export(export_path, encoding, sep, stock_header_aliases())
    preset = choose_stock_preset([str(c) for c in export.columns], platform, export_path)
    rows, left_out = stock_rows(export, preset)
    with BookWriter(book, output) as writer:
        tables = read_input_tables(book)
        if STOCK.name not in tables:
            raise WorkbookError(f"{book} has no Stock table to import into")
        raw = tables[STOCK.name]
        skus = product_skus(tables)
        if skus is not None:
            unknown = ~rows["sku"].isin(skus)
            if unknown.any():
                left_out[UNKNOWN_SKU] += int(unknown.sum())
                rows = rows[~unknown]
        header_of = {key: raw.headers[at] for key, at in find_columns(raw, STOCK).items()}
        written = pd.DataFrame({header_of[key]: rows[key].to_numpy(dtype=object)
                                for key in rows.columns if key in header_of})
        written = written.replace({np.nan: None})
        package = XlsxPackage.open(book)
        replace_rows(package, raw.name, written)
        writer.save(package)
    return StockImportResult(len(written), preset.name, platform is None, dict(left_out))
