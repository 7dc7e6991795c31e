"""The ribbon macros without Excel: what they read from tables and write into sheets is what
the command line reads and writes (xlwings itself needs Excel, which no machine here has)."""

import datetime as dt
import importlib

import openpyxl
import pytest

from tests.workbook.conftest import seller_rows
from xl_inventory import macros
from xl_inventory.reports.output import report_sheets
from xl_inventory.reports.refresh import compute_reports, refresh_workbook
from xl_inventory.workbook.reader import read_input_tables
from xl_inventory.workbook.validate import validate


def test_tables_read_as_xlwings_reads_them_validate_like_the_file_reader(seller_book):
    from_file = read_input_tables(seller_book)
    # xlwings gives a table's range with its header row, None for blank cells
    as_xlwings = {}
    for name, raw in from_file.items():
        values = [raw.headers] + [[None if v == "" else v for v in row] for row in raw.rows]
        as_xlwings[name] = macros.raw_table(name, raw.sheet, raw.first_row, values)
    for name in from_file:
        assert as_xlwings[name].headers == from_file[name].headers
    issues_file = validate(from_file).issues
    issues_xlwings = validate(as_xlwings).issues
    assert issues_file.equals(issues_xlwings)
    assert seller_rows()["Products"][0] == as_xlwings["Products"].headers


def test_the_ribbon_writes_the_same_values_as_the_command_line(seller_book, tmp_path):
    output = tmp_path / "cli.xlsx"
    refresh_workbook(seller_book, output)
    reports = compute_reports(validate(read_input_tables(seller_book)))
    book = openpyxl.load_workbook(output)
    checked = 0
    for spec in report_sheets(reports, "en"):
        sheet = book[spec.name]
        for block in spec.blocks:
            written = [[cell.value for cell in row] for row in sheet[block.ref]]
            assert written == macros.block_rows(block), block.name
            checked += len(written)
    assert checked > 40
    next_counts = [row[-1] for row in macros.block_rows(report_sheets(reports, "en")[3].blocks[0])]
    assert all(isinstance(day, dt.datetime) for day in next_counts[1:])


@pytest.mark.parametrize("name", ["refresh_reports", "check_data", "export_for_buyers",
                                  "import_export", "replay_plan",
                                  "show_help"])
def test_each_ribbon_macro_exists(name):
    function = getattr(importlib.import_module("xl_inventory.macros"), name)
    assert callable(function) and function.__doc__.startswith("Ribbon button")


def test_the_import_button_adds_the_rows_the_command_line_adds(seller_book, tmp_path):
    from xl_inventory.reports.import_sales import import_sales, read_sales_export, rows_to_add

    export = tmp_path / "shopify.csv"
    export.write_text("Name,Financial Status,Created at,Lineitem quantity,Lineitem price,"
                      "Lineitem sku\n#1,paid,2024-03-30 10:00:00,2,3.00,P1\n"
                      "#2,voided,2024-03-30 11:00:00,1,3.00,P1\n", encoding="utf-8")
    found = read_sales_export(export)
    rows, as_text = rows_to_add(found, read_input_tables(seller_book), export.name)
    assert macros.import_summary(found, len(rows), as_text) == (
        "1 sales lines added from a shopify export.\n"
        "1 lines not imported as sales: cancelled")
    copy = tmp_path / "cli.xlsx"
    import_sales(export, seller_book, {}, copy)
    sheet = openpyxl.load_workbook(copy)["Verkäufe"]
    last = [cell.value for cell in list(sheet.iter_rows())[-1]]
    assert last == [rows[h].iloc[0] for h in ["date", "sku", "quantity", "amount", "channel"]]
