"""The command line: demo, refresh, check, import-sales, export-buyers, formulas."""

import re

import openpyxl
import python_calamine
from click.testing import CliRunner

from xl_inventory.cli import main


def test_formulas_prints_the_seeds_worked_example_and_a_hand_worked_order():
    result = CliRunner().invoke(main, ["formulas"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()[2:]}
    # HAT-01: 5,400 COGS over mean(1,500, 1,800, 1,200) = 3.60 turns; 900 of 1,000 sold;
    # safety stock (20 - 10) x 3 = 30; order 10 a day x (3 + 7) days + 30 - 25 on hand = 105.
    assert rows["HAT-01"] == ["3.60", "90.0%", "A", "30.0", "105"]
    # BAG-04 barely sells: class C, and its 60 units on hand need no order.
    assert rows["BAG-04"][2] == "C" and rows["BAG-04"][4] == "0"
    assert len(rows) == 6


def test_help_and_version():
    runner = CliRunner()
    help_text = runner.invoke(main, ["--help"]).output
    for command in ("demo", "refresh", "check", "import-sales", "export-buyers", "formulas"):
        assert command in help_text
    assert re.search(r"xl-inventory, version \d+\.\d+", runner.invoke(main, ["--version"]).output)


def test_help_is_whole_and_names_what_each_command_needs():
    runner = CliRunner()
    overview = runner.invoke(main, ["--help"]).output
    assert "..." not in overview.split("Commands:")[1]
    for command in ("refresh", "check"):
        assert "Products, Sales and Stock" in " ".join(
            runner.invoke(main, [command, "--help"]).output.split())
    imports = " ".join(runner.invoke(main, ["import-sales", "--help"]).output.split())
    for word in ("GBK/GB18030", "UTF-16", "semicolons", "tabs", ".xlsx/.xls"):
        assert word in imports


def test_the_help_names_every_preset_there_is():
    from xl_inventory import cli
    from xl_inventory.workbook.export_presets import PRESETS, STOCK_PRESETS

    assert tuple(p.name for p in PRESETS) == cli.PRESET_NAMES
    assert tuple(p.name for p in STOCK_PRESETS) == cli.STOCK_PRESET_NAMES


def test_demo_builds_refreshes_and_reports_from_the_real_sales(tmp_path):
    target = tmp_path / "demo.xlsx"
    result = CliRunner().invoke(main, ["demo", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "inventory turnover" in result.output and "purchase plan" in result.output
    book = python_calamine.CalamineWorkbook.from_path(str(target), load_tables=True)
    assert {"Products", "Sales", "Stock", "PurchasePlan", "SlowMovers", "KPIs",
            "DataIssues"} <= set(book.table_names)
    sales = book.get_table_by_name("Sales").to_python()
    assert len(sales) == 105_335  # every line of the bundled export, returns included
    issues = book.get_table_by_name("DataIssues").to_python()
    reasons = {row[4] for row in issues}
    assert "unknown SKU" in reasons  # POST, DOT, BANK CHARGES ... are not products
    assert any("look-alike" in r and "15056BL" in r for r in reasons)


def test_refresh_and_check_on_the_seller_workbook(seller_book, tmp_path):
    runner = CliRunner()
    output = tmp_path / "out.xlsx"
    result = runner.invoke(main, ["refresh", str(seller_book), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "slow-moving ratio       26.3% (1 slow movers)" in result.output
    check = runner.invoke(main, ["check", str(seller_book)])
    assert check.exit_code == 0
    assert "8 data issues" in check.output and "Stock row 3, on_hand = -3.0" in check.output


def test_a_broken_workbook_exits_1_with_one_line(tmp_path):
    path = tmp_path / "broken.xlsx"
    book = openpyxl.Workbook()
    book.save(path)
    result = CliRunner().invoke(main, ["refresh", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(
        "error: the workbook has no Excel table named Products")
    assert CliRunner().invoke(main, ["refresh", str(tmp_path / "missing.xlsx")]).exit_code == 2
    notes = tmp_path / "notes.xlsx"
    notes.write_text("not a workbook")
    exported = CliRunner().invoke(main, ["export-buyers", str(notes), str(tmp_path / "out")])
    assert exported.exit_code == 1
    assert exported.output.strip().splitlines()[-1].startswith(
        f"error: cannot open {notes} as an Excel workbook")


def test_import_sales_then_export_for_buyers(seller_book, tmp_path):
    export = tmp_path / "shop.csv"
    export.write_text("Order Date,Item,Qty,Store\n2024-03-31,P1,500,web\n2024-03-31,P2,7,web\n")
    runner = CliRunner()
    result = runner.invoke(main, ["import-sales", str(export), str(seller_book),
                                  "--date", "Order Date", "--sku", "Item", "--quantity", "Qty"])
    assert result.exit_code == 0, result.output
    assert "2 sales lines added" in result.output
    sales = python_calamine.CalamineWorkbook.from_path(
        str(seller_book), load_tables=True).get_table_by_name("Sales").to_python()
    assert sales[-2][1:3] == ["P1", 500.0] and sales[-1][4] == "web"
    assert runner.invoke(main, ["refresh", str(seller_book)]).exit_code == 0
    result = runner.invoke(main, ["export-buyers", str(seller_book), str(tmp_path / "buyers")])
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "buyers").iterdir())
    assert [f.name for f in files] == ["purchase_S1.xlsx", "purchase_S2.xlsx"]
    order = openpyxl.load_workbook(files[1])
    sheet = order.worksheets[0]
    assert list(sheet.tables) == ["PurchaseOrder"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert {row[0].value for row in sheet.iter_rows(min_row=2)} == {"P2", "P4"}


def test_import_sales_without_a_recognisable_column_says_which(seller_book, tmp_path):
    export = tmp_path / "shop.csv"
    export.write_text("when,what,how many\n2024-03-31,P1,5\n")
    result = CliRunner().invoke(main, ["import-sales", str(export), str(seller_book)])
    assert result.exit_code == 1
    assert "cannot tell which column of the export is date" in result.output
