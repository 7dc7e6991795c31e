"""A small seller workbook written with openpyxl (another library than ours), hand-worked."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

AS_OF = dt.date(2024, 3, 31)
START = dt.date(2024, 1, 2)  # 90 days of history end on AS_OF


def add_table(book: openpyxl.Workbook, sheet: str, name: str, headers: list[str],
              rows: list[list[object]], at_row: int = 1) -> None:
    ws = book.create_sheet(sheet)
    for _ in range(at_row - 1):
        ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    last = openpyxl.utils.get_column_letter(len(headers))
    ws.add_table(Table(displayName=name, ref=f"A{at_row}:{last}{at_row + max(len(rows), 1)}"))


def seller_rows() -> dict[str, tuple[list[str], list[list[object]]]]:
    products = [
        ["P1", "Mug", "Kitchen", "S1", 2, 3, 5, 0, 10, None, None],
        ["P2", "Hat", "Apparel", "S2", 10, 20, 10, 50, 1, None, None],
        ["P3", "Lamp", "Home", "S1", 30, 60, 3, 0, 1, None, None],
        ["P4", "New tee", "Apparel", "S2", 4, 10, 7, 0, 1, None, dt.date(2024, 3, 25)],
        ["p2", "Hat (old code)", "Apparel", "S2", 10, 20, 10, 0, 1, None, None],
        ["P1", "Mug again", "Kitchen", "S1", 2, 3, 5, 0, 10, None, None],  # duplicate
    ]
    sales = []
    for n in range(90):
        day = START + dt.timedelta(days=n)
        p1 = 8 if n % 2 == 0 else 12
        p2 = 3 if n % 2 == 0 else 5
        sales.append([day, "P1", p1, p1 * 3.0, "web"])
        sales.append([day, "P2", p2, p2 * 20.0, "web" if n % 3 else "market"])
    sales.append([dt.date(2024, 1, 31), "P3", 1, 60.0, "web"])
    for n in range(7):
        sales.append([dt.date(2024, 3, 25) + dt.timedelta(days=n), "P4", 2, 20.0, "web"])
    sales.append([dt.date(2024, 3, 20), "P4", 1, 10.0, "web"])  # before its launch
    sales.append([dt.date(2024, 3, 1), "ZZ9", 1, 1.0, "web"])  # unknown SKU
    sales.append([dt.date(2024, 3, 2), "P1", "abc", 1.0, "web"])  # not a number
    stock = [["P1", 40, 0, "Main"], ["P1", -3, 0, "Overflow"], ["P2", 30, 20, "Main"],
             ["P3", 5, 0, "Main"], ["P4", 10, 0, "Main"]]
    settings = [["as_of_date", AS_OF], ["slow_days", 30], ["history_days", 90],
                ["review_days", 7], ["forecast_method", "ma"], ["holding_cost_rate", 0.25],
                ["safety_stock_method", "peak"], ["b_policy", "eoq"], ["colour", "blue"]]
    return {
        "Products": (["sku", "name", "category", "supplier", "unit_cost", "price",
                      "lead_time_days", "moq", "pack_size", "season", "launch_date"], products),
        "Sales": (["date", "sku", "quantity", "amount", "channel"], sales),
        "Stock": (["sku", "on_hand", "on_order", "warehouse"], stock),
        "Settings": (["name", "value"], settings),
    }


@pytest.fixture
def seller_book(tmp_path):
    """The hand-worked seller workbook; its input tables sit on translated sheet names."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheets = {"Products": "商品", "Sales": "Verkäufe", "Stock": "Stock", "Settings": "Settings"}
    for name, (headers, rows) in seller_rows().items():
        add_table(book, sheets[name], name, headers, rows, at_row=3 if name == "Sales" else 1)
    path = tmp_path / "seller.xlsx"
    book.save(path)
    return path
