"""Reading a workbook's tables and listing every row that cannot be used."""

import openpyxl
import pandas as pd
import pytest

from tests.workbook.conftest import add_table, seller_rows
from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.reader import read_input_tables
from xl_inventory.workbook.validate import validate


def issues_of(path):
    return validate(read_input_tables(path)).issues


def test_tables_are_found_by_name_on_any_sheet_with_their_sheet_rows(seller_book):
    tables = read_input_tables(seller_book)
    assert set(tables) == {"Products", "Sales", "Stock", "Settings"}
    assert tables["Sales"].sheet == "Verkäufe"
    assert tables["Sales"].first_row == 4  # header on row 3


def test_every_unusable_row_is_listed_with_table_row_column_value_and_reason(seller_book):
    inventory = validate(read_input_tables(seller_book))
    issues = inventory.issues.set_index(["table", "row", "column"])
    # Products: the second P1 (sheet row 7) is a duplicate; p2 and P2 are look-alikes
    assert issues.loc[("Products", 7, "sku"), "reason"] == "duplicate SKU: the first row is used"
    assert "look-alike codes P2, p2" in issues.loc[("Products", 3, "sku"), "reason"]
    assert "look-alike codes P2, p2" in issues.loc[("Products", 6, "sku"), "reason"]
    sales_rows = 3 + 1 + 180 + 1 + 7  # header row 3, data from row 4
    assert issues.loc[("Sales", sales_rows, "date"), "reason"] == (
        "sale before the SKU's launch date")
    assert issues.loc[("Sales", sales_rows + 1, "sku"), "value"] == "ZZ9"
    assert issues.loc[("Sales", sales_rows + 2, "quantity"), "reason"] == "not a number"
    assert issues.loc[("Sales", sales_rows + 2, "quantity"), "value"] == "abc"
    assert issues.loc[("Stock", 3, "on_hand"), "reason"] == "negative stock"
    assert issues.loc[("Settings", 10, "name"), "reason"] == "unknown setting"
    assert len(inventory.issues) == 8
    # nothing else was lost: 180 + 1 + 7 sales lines remain
    assert len(inventory.sales) == 188
    assert inventory.sales["quantity"].sum() == 900 + 360 + 1 + 14
    assert inventory.settings.forecast_method == "ma"
    assert inventory.settings.as_of_date == pd.Timestamp("2024-03-31")


def test_chinese_headers_are_accepted(tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    rows = seller_rows()
    add_table(book, "商品", "Products", ["商品编码", "商品名称", "品类", "供应商", "单位成本",
                                        "售价", "采购提前期(天)", "最小起订量", "箱规", "季节",
                                        "上市日期"], rows["Products"][1][:4])
    add_table(book, "销售", "Sales", ["日期", "商品编码", "数量", "金额", "渠道"],
              rows["Sales"][1][:10])
    add_table(book, "库存", "Stock", ["商品编码", "现有库存", "在途数量", "仓库"],
              rows["Stock"][1])
    path = tmp_path / "zh.xlsx"
    book.save(path)
    inventory = validate(read_input_tables(path))
    assert inventory.products["lead_time_days"].tolist() == [5, 10, 3, 7]
    assert len(inventory.sales) == 10


def test_a_missing_table_or_column_stops_with_one_message_naming_it(tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    rows = seller_rows()
    add_table(book, "P", "Products", *rows["Products"])
    add_table(book, "S", "Sales", ["date", "sku", "qty"], [r[:3] for r in rows["Sales"][1][:5]])
    path = tmp_path / "broken.xlsx"
    book.save(path)
    with pytest.raises(WorkbookError, match="no Excel table named Stock"):
        validate(read_input_tables(path))
    add_table(book, "K", "Stock", *rows["Stock"])
    book.save(path)
    with pytest.raises(WorkbookError, match=r"table Sales \(sheet S\) has no column 'quantity'"):
        validate(read_input_tables(path))


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(WorkbookError, match="cannot open"):
        read_input_tables(path)
