"""Workbooks for buyers: one values-only file per supplier with its purchase lines.

They hold no formula, macro or link: safe to e-mail to anyone, openable without Python.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from xl_inventory.errors import WorkbookError
from xl_inventory.reports.columns import BY_KEY
from xl_inventory.reports.output import english_columns
from xl_inventory.workbook.reader import read_tables
from xl_inventory.workbook.sheets import SheetSpec, TableBlock, put_sheet
from xl_inventory.workbook.xlsx_package import XlsxPackage

BUYER_COLUMNS = ["sku", "name", "abc_class", "suggested_qty", "order_value", "on_hand",
                 "on_order", "forecast", "safety_stock"]


SHEET_NAME_LIMIT = 31  # Excel's longest sheet name
SLUG_LIMIT = 80  # keeps the whole path well inside Windows' 260 characters


def file_names(suppliers: list[str]) -> list[str]:
    """A file name per supplier, safe on every system and distinct even where the file system
    ignores letter case: ``A/B``, ``A B`` and ``A_B`` give ``purchase_A_B.xlsx``,
    ``purchase_A_B-2.xlsx`` and ``purchase_A_B-3.xlsx``. The ``purchase_`` prefix keeps a name
    off Windows' reserved ones (CON, NUL, COM1...).

    Examples
    --------
    >>> file_names(["A/B", "A B", "", ".."])
    ['purchase_A_B.xlsx', 'purchase_A_B-2.xlsx', 'purchase_no_supplier.xlsx', \
'purchase_no_supplier-2.xlsx']
    """
    taken: set[str] = set()
    names = []
    for supplier in suppliers:
        slug = re.sub(r"[^\w\-]+", "_", supplier).strip("_.")[:SLUG_LIMIT] or "no_supplier"
        name, n = f"purchase_{slug}", 1
        while name.casefold() in taken:
            n += 1
            name = f"purchase_{slug}-{n}"
        taken.add(name.casefold())
        names.append(f"{name}.xlsx")
    return names


def sheet_name(supplier: str) -> str:
    """A sheet name Excel accepts: none of ``[]:*?/\\``, no apostrophe at either end, at most
    31 characters, not blank.

    Examples
    --------
    >>> sheet_name("Sup:1*?")
    'Sup_1__'
    """
    name = re.sub(r"[\[\]:*?/\\]", "_", supplier).strip().strip("'")[:SHEET_NAME_LIMIT]
    return name.strip() or "Order"


def read_purchase_plan(path: str | Path) -> pd.DataFrame:
    """The PurchasePlan table of a refreshed workbook, with English column names."""
    table = read_tables(path, ["PurchasePlan"]).get("PurchasePlan")
    if table is None:
        raise WorkbookError(f"{path} has no PurchasePlan table: refresh it first")
    return pd.DataFrame(table.rows, columns=english_columns(table.headers))


def export_for_buyers(path: str | Path, folder: str | Path) -> list[Path]:
    """Write one workbook per supplier that has something to order; returns their paths."""
    return export_plan(read_purchase_plan(path), folder)


def export_plan(plan: pd.DataFrame, folder: str | Path) -> list[Path]:
    """One workbook per supplier of a purchase plan (English column names)."""
    plan = plan.copy()
    plan["suggested_qty"] = pd.to_numeric(plan["suggested_qty"], errors="coerce").fillna(0)
    ordering = plan[plan["suggested_qty"] > 0]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    groups = list(ordering.groupby(ordering["supplier"].fillna("").astype(str), sort=True))
    for (supplier, lines), name in zip(groups, file_names([g for g, _ in groups]), strict=True):
        frame = lines[BUYER_COLUMNS].reset_index(drop=True)
        for column in BUYER_COLUMNS[3:]:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        block = TableBlock("PurchaseOrder", frame, BUYER_COLUMNS,
                           [BY_KEY[c].format for c in BUYER_COLUMNS])
        package = XlsxPackage.new()
        put_sheet(package, SheetSpec(sheet_name(supplier), [block], widths={2: 36}))
        target = folder / name
        package.save(target)
        written.append(target)
    return written
