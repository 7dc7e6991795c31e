"""Workbooks for buyers: one values-only file per supplier with its purchase lines.

They hold no formula, macro or link: safe to e-mail to anyone, openable without Python.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from xl_inventory.errors import WorkbookError
from xl_inventory.reports.output import FORMATS, english_columns
from xl_inventory.workbook.reader import read_tables
from xl_inventory.workbook.sheets import SheetSpec, TableBlock, put_sheet
from xl_inventory.workbook.xlsx_package import XlsxPackage

BUYER_COLUMNS = ["sku", "name", "abc_class", "suggested_qty", "order_value", "on_hand",
                 "on_order", "forecast", "safety_stock"]


def _file_name(supplier: str) -> str:
    slug = re.sub(r"[^\w\-]+", "_", supplier, flags=re.UNICODE).strip("_") or "no_supplier"
    return f"purchase_{slug}.xlsx"


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
    for supplier, lines in ordering.groupby("supplier", sort=True):
        frame = lines[BUYER_COLUMNS].reset_index(drop=True)
        for column in BUYER_COLUMNS[3:]:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        block = TableBlock("PurchaseOrder", frame, BUYER_COLUMNS,
                           [FORMATS.get(c, "decimal") for c in BUYER_COLUMNS])
        package = XlsxPackage.new()
        put_sheet(package, SheetSpec(str(supplier)[:31] or "Order", [block], widths={2: 36}))
        target = folder / _file_name(str(supplier))
        package.save(target)
        written.append(target)
    return written
