"""Stock exports replace the Stock table's rows, and nothing else of the book."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from tests.reports.test_import_presets import write_csv
from tests.surfaces.test_bad_inputs import book_with
from xl_inventory.errors import WorkbookError
from xl_inventory.reports.import_stock import import_stock
from xl_inventory.reports.refresh import check_workbook


def stock_rows(book):
    sheet = openpyxl.load_workbook(book)["Stock"]
    return [tuple(c.value for c in row[:4]) for row in sheet.iter_rows(min_row=2)
            if any(c.value is not None for c in row[:4])]


def test_jushuitan_stock_replaces_the_rows_and_the_table_shrinks(tmp_path):
    book = book_with(tmp_path)  # its Stock table has 5 rows
    before = zipfile.ZipFile(book)
    export = write_csv(tmp_path / "库存.csv", [
        ["商品编码", "商品名称", "实际库存数", "采购在途数", "可用数", "仓库"],
        ["P1", "Mug", "35", "12", "30", "主仓"], ["P2", "Hat", "8", "0", "8", "主仓"],
        ["P9", "Gone", "1", "0", "1", "主仓"], ["", "blank", "3", "0", "3", "主仓"],
    ], "gbk")
    result = import_stock(export, book)
    assert (result.preset, result.detected, result.rows) == ("jushuitan", True, 2)
    assert result.left_out == {"SKU not in Products": 1, "no SKU": 1}
    assert stock_rows(book) == [("P1", 35, 12, "主仓"), ("P2", 8, 0, "主仓")]
    reopened = openpyxl.load_workbook(book)
    assert reopened["Stock"].tables["Stock"].ref == "A1:D3"
    with zipfile.ZipFile(book) as after:
        changed = {n for n in before.namelist() if before.read(n) != after.read(n)}
    assert changed <= {"xl/worksheets/sheet3.xml", "xl/tables/table3.xml", "xl/styles.xml"}
    stock = check_workbook(book).stock
    assert stock.set_index("sku")["on_hand"].to_dict() == {"P1": 35.0, "P2": 8.0}


def test_amazon_fba_adds_up_the_inbound_columns_and_the_table_grows(tmp_path):
    book = book_with(tmp_path)
    export = write_csv(tmp_path / "fba.txt", [
        ["sku", "fnsku", "afn-fulfillable-quantity", "afn-inbound-working-quantity",
         "afn-inbound-shipped-quantity", "afn-inbound-receiving-quantity"],
        *[[sku, "X0", str(n), "1", "2", "3"] for n, sku in enumerate(
            ["P1", "P2", "P3", "P4", "p2", "P1"], start=1)],
    ], "utf-8", sep="\t")
    result = import_stock(export, book, platform="amazon-fba")
    assert result.rows == 6 and not result.detected
    assert stock_rows(book)[0] == ("P1", 1, 6, "Amazon FBA")
    assert openpyxl.load_workbook(book)["Stock"].tables["Stock"].ref == "A1:D7"
    # two rows of P1 add up, as the Stock table's rows of one SKU do
    assert check_workbook(book).stock.groupby("sku", observed=True)["on_hand"].sum()[
        "P1"] == 7


def test_an_unknown_stock_export_names_the_presets(tmp_path):
    book = book_with(tmp_path)
    export = write_csv(tmp_path / "x.csv", [["code", "qty"], ["P1", "1"]], "utf-8")
    with pytest.raises(WorkbookError, match="not a stock export known"):
        import_stock(export, book)
    with pytest.raises(WorkbookError, match="has no column 'SKU'"):
        import_stock(export, book, platform="shopify")
