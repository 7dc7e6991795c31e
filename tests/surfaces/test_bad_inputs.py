"""Bad input and faults, as a hostile user brings them: each gives exit code 1 and one line
naming the file, table, column or setting; nothing is lost; every file written re-opens."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.worksheet.table import Table

from tests.workbook.conftest import add_table, seller_rows
from xl_inventory.cli import main


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: "), result.stderr
    assert "Traceback" not in result.output + result.stderr
    for word in words:
        assert word in lines[-1], lines[-1]


def book_with(tmp_path: Path, name: str = "book.xlsx", settings=None, products=None,
              sales=None) -> Path:
    rows = seller_rows()
    if settings is not None:
        rows["Settings"] = (["name", "value"], settings)
    if products is not None:
        rows["Products"] = (rows["Products"][0], products)
    if sales is not None:
        rows["Sales"] = (rows["Sales"][0], sales)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table, (headers, table_rows) in rows.items():
        add_table(book, table, table, headers, table_rows)
    path = tmp_path / name
    book.save(path)
    return path


# -- import-sales: only rows are added ------------------------------------------------------

def sales_sheet_book(tmp_path: Path) -> Path:
    """A Sales sheet as sellers keep it: odd text values, a note, a formula, a width, and the
    Stock table beside the Sales table."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheet = book.create_sheet("Sales")
    sheet.append(["date", "sku", "quantity", "amount", "channel"])
    for row in (["05.01.2024", "P1", 3, 9, "web"], ["2024年1月6日", "P2", "1,234", "€12", "web"],
                [dt.datetime(2024, 1, 7), "P1", 2, 6, "web"]):
        sheet.append(row)
    sheet.add_table(Table(displayName="Sales", ref="A1:E4"))
    sheet["J1"], sheet["G3"] = "my note", "=SUM(C2:C4)"
    sheet.column_dimensions["B"].width = 33
    for row, values in enumerate([("sku", "on_hand"), ("P1", 40), ("P2", 30), ("P3", 5),
                                  ("P4", 10)], start=1):
        sheet.cell(row, 12, values[0])
        sheet.cell(row, 13, values[1])
    sheet.add_table(Table(displayName="Stock", ref="L1:M5"))
    headers, products = seller_rows()["Products"]
    add_table(book, "Products", "Products", headers, products)
    path = tmp_path / "sales.xlsx"
    book.save(path)
    return path


def cells(path: Path) -> dict[tuple[str, str], tuple[object, str]]:
    book = openpyxl.load_workbook(path)
    return {(sheet.title, cell.coordinate): (cell.value, cell.number_format)
            for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "utf-8-sig", "utf-16"])
def test_import_appends_rows_and_changes_nothing_else(tmp_path, encoding):
    book = sales_sheet_book(tmp_path)
    before, parts_before = cells(book), zipfile.ZipFile(book)
    export = tmp_path / "export.csv"
    export.write_bytes("日期;商品编码;数量\n2024-01-08;P1;5\n2024/1/9;P2;abc\n".encode(encoding))
    result = run("import-sales", export, book)
    assert result.exit_code == 0, result.output
    assert "2 sales lines added" in result.output and "rows 5 to 6" in result.output
    assert "1 values could not be read" in result.output
    after = cells(book)
    new_rows = {("Sales", f"{column}{row}") for column in "ABCDE" for row in (5, 6)}
    assert {key: after[key] for key in before if key not in new_rows} == {
        key: value for key, value in before.items() if key not in new_rows}
    assert after[("Sales", "A5")][0] == dt.datetime(2024, 1, 8)
    assert after[("Sales", "C5")][0] == 5
    assert after[("Sales", "C6")][0] == "abc"  # unreadable: kept as the text it was
    assert after[("Sales", "L5")][0] == "P4"  # the Stock row beside the new row is kept
    reopened = openpyxl.load_workbook(book)
    assert reopened["Sales"].tables["Sales"].ref == "A1:E6"
    assert reopened["Sales"].tables["Stock"].ref == "L1:M5"
    assert reopened["Sales"].column_dimensions["B"].width == 33
    with zipfile.ZipFile(book) as parts_after:
        changed = {n for n in parts_before.namelist()
                   if parts_before.read(n) != parts_after.read(n)}
        added = set(parts_after.namelist()) - set(parts_before.namelist())
    # the Sales sheet, its table, two cell styles (date, text) added to styles.xml, and the
    # ImportLog sheet with the parts that list sheets
    assert changed == {"xl/worksheets/sheet1.xml", "xl/tables/table1.xml", "xl/styles.xml",
                       "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    assert added == {"xl/worksheets/sheet3.xml", "xl/worksheets/_rels/sheet3.xml.rels",
                     "xl/tables/table4.xml"}
    log = reopened["ImportLog"]
    assert [c.value for c in log[2]][1:] == ["export.csv", None, "added", 2]
    # the next check lists the unreadable value with its row
    check = run("check", book)
    assert "Sales row 6, quantity = abc: not a number" in check.output
    assert "1,234" not in check.output  # read as 1234, as exports write thousands


def test_the_same_lines_twice_are_refused_unless_asked(tmp_path):
    book = sales_sheet_book(tmp_path)
    export = tmp_path / "export.csv"
    export.write_text("date,sku,quantity\n2024-01-08,P1,5\n", encoding="utf-8")
    assert run("import-sales", export, book).exit_code == 0
    saved = digest(book)
    assert_one_line_error(run("import-sales", export, book), "already in the Sales table")
    assert digest(book) == saved
    again = run("import-sales", export, book, "--allow-duplicates")
    assert again.exit_code == 0 and "rows 6 to 6" in again.output


def test_an_xlsx_export_is_read_directly(tmp_path):
    book = sales_sheet_book(tmp_path)
    export_book = openpyxl.Workbook()
    export_book.active.append(["InvoiceDate", "StockCode", "Quantity"])
    export_book.active.append([dt.datetime(2024, 1, 10, 9, 30), "P1", 4])
    export_book.active.append([dt.datetime(2024, 1, 10, 9, 30), 15056, 4])  # not in Products
    export = tmp_path / "export.xlsx"
    export_book.save(export)
    result = run("import-sales", export, book)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(book)["Sales"]
    assert [c.value for c in sheet[5][:3]] == [dt.datetime(2024, 1, 10, 9, 30), "P1", 4]
    assert sheet["B6"].value is None
    assert "1 lines not imported as sales: SKU not in Products" in result.output


@pytest.mark.parametrize(("content", "words"), [
    (b"", ["empty"]),
    (b"date,sku,quantity\n", ["no lines to import"]),
    (b"date,sku,quantity\n2024-01-08,P1,5,7,8\n", ["line 2 has 5 fields, the header 3"]),
    (b"date,sku,quantity\n\n2024-01-08,P1,5\n2024-01-09,P1,5,7\n",
     ["line 4 has 4 fields, the header 3"]),  # the file's own line number, blanks counted
    (b"when,what\n2024-01-08,P1\n", ["cannot tell which column", "date"]),
])
def test_unusable_exports_give_one_line(tmp_path, content, words):
    book = sales_sheet_book(tmp_path)
    saved = digest(book)
    export = tmp_path / "export.csv"
    export.write_bytes(content)
    assert_one_line_error(run("import-sales", export, book), *words)
    assert digest(book) == saved


def test_a_table_that_cannot_grow_is_refused(tmp_path):
    book = sales_sheet_book(tmp_path)
    workbook = openpyxl.load_workbook(book)
    workbook["Sales"]["B5"] = "something of mine"
    workbook.save(book)
    saved = digest(book)
    export = tmp_path / "export.csv"
    export.write_text("date,sku,quantity\n2024-01-08,P1,5\n", encoding="utf-8")
    assert_one_line_error(run("import-sales", export, book), "cell B5", "not empty")
    assert digest(book) == saved


# -- writing the book -------------------------------------------------------------------------

def test_a_read_only_book_is_not_replaced(tmp_path):
    book = book_with(tmp_path)
    book.chmod(0o444)
    saved = digest(book)
    assert_one_line_error(run("refresh", book), "read-only")
    assert digest(book) == saved
    out = tmp_path / "out.xlsx"
    assert run("refresh", book, "-o", out).exit_code == 0  # written elsewhere, as offered
    openpyxl.load_workbook(out)


def test_a_book_open_in_excel_is_not_replaced(tmp_path):
    book = book_with(tmp_path)
    (tmp_path / f"~${book.name}").write_bytes(b"owner")
    saved = digest(book)
    assert_one_line_error(run("refresh", book), "open in Excel", "close it")
    assert digest(book) == saved


def test_output_into_a_missing_folder_or_an_unwritable_one(tmp_path, monkeypatch):
    book = book_with(tmp_path)
    assert_one_line_error(run("refresh", book, "-o", tmp_path / "nowhere" / "out.xlsx"),
                          "folder", "does not exist")
    from xl_inventory.workbook import xlsx_package

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(xlsx_package.tempfile, "mkstemp", refuse)
    saved = digest(book)
    assert_one_line_error(run("refresh", book), "cannot write", str(book))
    assert digest(book) == saved


def test_a_book_changed_meanwhile_keeps_the_other_programs_version(tmp_path):
    from xl_inventory.errors import WorkbookError
    from xl_inventory.workbook.guard import BookWriter
    from xl_inventory.workbook.xlsx_package import XlsxPackage

    book = book_with(tmp_path)
    with BookWriter(book) as writer:
        package = XlsxPackage.open(book)
        theirs = openpyxl.load_workbook(book)
        theirs["Sales"]["H1"] = "saved by Excel meanwhile"
        theirs.save(book)
        saved = digest(book)
        with pytest.raises(WorkbookError, match="saved by another program"):
            writer.save(package)
    assert digest(book) == saved


def test_leftovers_of_a_killed_run_are_removed_and_a_second_refresh_is_the_same_bytes(
        tmp_path):
    book = book_with(tmp_path)
    leftover = tmp_path / ".~book-abc123.xlsx"
    leftover.write_bytes(b"x" * 1000)
    assert run("refresh", book).exit_code == 0
    assert not leftover.exists()
    first = book.read_bytes()
    assert run("refresh", book).exit_code == 0
    assert book.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".~lock")) == [
        "book.xlsx"]


def test_an_old_xls_file_says_to_save_it_as_xlsx(tmp_path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 508)
    assert_one_line_error(run("refresh", old), "old.xls", "save it as .xlsx")


# -- read wrongly before, now listed or refused ---------------------------------------------

def test_unusable_numbers_are_listed_not_used(tmp_path):
    products = [row[:] for row in seller_rows()["Products"][1]]
    products[2][4] = 1e308  # P3's unit cost
    products[3][6] = 100000  # P4's lead time
    products[1][7] = -5  # P2's MOQ
    sales = seller_rows()["Sales"][1] + [[dt.date(2024, 3, 3), "P1", "inf", 1.0, "web"]]
    book = book_with(tmp_path, products=products, sales=sales)
    result = run("refresh", book)
    assert result.exit_code == 0, result.output
    issues = openpyxl.load_workbook(book)["DataIssues"]
    reasons = {(r[0], r[2]): r[4] for r in issues.iter_rows(min_row=2, values_only=True)}
    assert reasons[("Products", "unit_cost")].startswith("not a usable number")
    assert reasons[("Products", "lead_time_days")] == "lead time above 3650 days (ten years)"
    assert reasons[("Products", "moq")] == "negative MOQ: 0 is used"
    assert reasons[("Sales", "quantity")].startswith("not a usable number")


def test_two_columns_or_two_tables_for_one_thing_stop_with_both_names(tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    rows = seller_rows()
    headers = ["sku", "name", "category", "supplier", "unit_cost", "price", "lead_time_days",
               "moq", "pack_size", "season", "launch_date", "Unit Cost"]
    add_table(book, "Products", "Products", headers, [[*r, 1] for r in rows["Products"][1]])
    add_table(book, "Sales", "Sales", *rows["Sales"])
    add_table(book, "Stock", "Stock", *rows["Stock"])
    path = tmp_path / "columns.xlsx"
    book.save(path)
    assert_one_line_error(run("check", path), "'unit_cost' and 'Unit Cost'")

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headers, table_rows) in rows.items():
        add_table(book, name, name, headers, table_rows)
    add_table(book, "More", "SALEZ", rows["Sales"][0], rows["Sales"][1][:1])
    path = tmp_path / "tables.xlsx"
    book.save(path)
    # openpyxl refuses a second name that differs only by case; a file can still hold one
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts = {name: data.replace(b'"SALEZ"', b'"SALES"') for name, data in parts.items()}
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert_one_line_error(run("check", path), "Sales and SALES")


def test_an_as_of_date_before_every_sale_is_refused(tmp_path):
    book = book_with(tmp_path, settings=[["as_of_date", "2020-01-01"]])
    assert_one_line_error(run("refresh", book), "before every sale", "2024-01-02")


def test_a_column_of_text_dates_is_read_in_the_order_it_proves(tmp_path):
    # 13/03/2024 proves day first: 01/03/2024 is 1 March, not 3 January
    sales = [["01/03/2024", "P1", 5, 15.0, "web"], ["13/03/2024", "P1", 5, 15.0, "web"],
             ["2024-03-20", "P2", 2, 40.0, "web"], [dt.date(2030, 1, 1), "P2", 1, 20.0, "web"]]
    book = book_with(tmp_path, sales=sales, settings=[["history_days", 90]])
    from xl_inventory.reports.refresh import check_workbook

    inventory = check_workbook(book)
    assert sorted(inventory.sales["date"].dt.strftime("%m-%d")) == ["03-01", "03-13", "03-20"]
    # the future date is listed, and the as-of date stays on the last real sale
    assert inventory.settings.as_of_date == dt.datetime(2024, 3, 20)
    assert "a date after today: not used" in inventory.issues["reason"].tolist()
    month_first_too = ["03/14/2024", "P1", 1, 3.0, "web"]
    conflict = book_with(tmp_path, "conflict.xlsx", sales=[*sales, month_first_too])
    inventory = check_workbook(conflict)
    dated = inventory.issues.query("table == 'Sales' and column == 'date'")
    assert dated["reason"].str.contains("day first (13/01) and month first", regex=False).sum() == 3
    month_first = book_with(tmp_path, "mdy.xlsx", sales=sales[:1] + sales[2:],
                            settings=[["date_order", "mdy"]])
    assert check_workbook(month_first).sales["date"].min() == dt.datetime(2024, 1, 3)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_export_buyers_into_a_missing_folder_creates_it(tmp_path):
    book = book_with(tmp_path)
    assert run("refresh", book).exit_code == 0
    result = run("export-buyers", book, tmp_path / "new" / "folder")
    assert result.exit_code == 0, result.output
    for path in (tmp_path / "new" / "folder").iterdir():
        openpyxl.load_workbook(path)


def test_an_unexpected_failure_is_one_line_and_debug_shows_the_traceback(tmp_path, monkeypatch):
    from xl_inventory.reports import refresh

    def broken(_inventory):
        raise RuntimeError("something we did not foresee")

    monkeypatch.setattr(refresh, "compute_reports", broken)
    book = book_with(tmp_path)
    saved = digest(book)
    assert_one_line_error(run("refresh", book), "unexpected RuntimeError", str(book),
                          "--debug")
    assert digest(book) == saved
    debug = run("--debug", "refresh", book)
    assert isinstance(debug.exception, RuntimeError)
