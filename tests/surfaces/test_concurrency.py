"""Two real processes on one workbook: they take turns; no line is lost, the file stays valid."""

import subprocess
import sys

import openpyxl
import python_calamine

from tests.surfaces.test_bad_inputs import book_with

CLI = [sys.executable, "-c", "from xl_inventory.cli import main; main()"]


def start(*args: object) -> subprocess.Popen:
    return subprocess.Popen([*CLI, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out


def sales_skus_and_days(path):
    book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    rows = book.get_table_by_name("Sales").to_python()
    return {(str(row[0])[:10], row[1], row[2]) for row in rows}


def test_two_imports_at_once_keep_both_lines(tmp_path):
    book = book_with(tmp_path)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("date,sku,quantity\n2024-03-30,P1,41\n", encoding="utf-8")
    second.write_text("date,sku,quantity\n2024-03-30,P2,42\n", encoding="utf-8")
    processes = [start("import-sales", first, book), start("import-sales", second, book)]
    for process in processes:
        assert "1 sales lines added" in finish(process)
    lines = sales_skus_and_days(book)
    assert ("2024-03-30", "P1", 41.0) in lines and ("2024-03-30", "P2", 42.0) in lines
    openpyxl.load_workbook(book)


def test_an_import_and_a_refresh_at_once_leave_a_valid_book_with_the_line(tmp_path):
    book = book_with(tmp_path)
    export = tmp_path / "a.csv"
    export.write_text("date,sku,quantity\n2024-03-30,P1,43\n", encoding="utf-8")
    processes = [start("refresh", book), start("import-sales", export, book)]
    for process in processes:
        finish(process)
    assert ("2024-03-30", "P1", 43.0) in sales_skus_and_days(book)
    reopened = openpyxl.load_workbook(book)
    assert {"PurchasePlan", "KPIs", "Sales"} <= set(reopened.sheetnames)
    assert finish(start("refresh", book))  # and the next refresh reads it
