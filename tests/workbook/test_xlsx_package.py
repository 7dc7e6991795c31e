"""The package writer: values and tables read back by openpyxl, formula-like text kept as text,
other parts untouched, saves atomic."""

import zipfile

import openpyxl
import pandas as pd
import pytest

from xl_inventory.workbook import xlsx_package
from xl_inventory.workbook.charts import ChartSpec
from xl_inventory.workbook.sheets import SheetSpec, TableBlock, column_letter, put_sheet
from xl_inventory.workbook.xlsx_package import XlsxPackage


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


@pytest.fixture
def frame():
    return pd.DataFrame({
        "sku": ["A1", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(1)", " pad ", "a<b&c"],
        "qty": [1.5, None, 3, 4, 5, 6, 7],
        "day": pd.to_datetime(["2024-01-01", None, "2024-02-29", "2024-03-01", "2024-03-02",
                               "2024-03-03", "2024-03-04"]),
        "share": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
    })


def test_a_new_workbook_reads_back_with_tables_formats_and_no_formulas(tmp_path, frame):
    package = XlsxPackage.new()
    block = TableBlock("Things", frame, ["sku", "qty", "date", "share"],
                       ["text", "int", "date", "percent"])
    chart = ChartSpec("bar", "Quantities", block, 0, [1], (6, 1, 14, 16))
    put_sheet(package, SheetSpec("Data", [block], [chart]))
    path = tmp_path / "new.xlsx"
    package.save(path)
    book = openpyxl.load_workbook(path)
    sheet = book["Data"]
    assert sheet.tables["Things"].ref == "A1:D8"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["sku", "qty", "date", "share"]
    assert [row[0] for row in values[1:]] == frame["sku"].tolist()
    assert all(sheet.cell(row, 1).data_type == "s" for row in range(2, 9))  # text, not formula
    assert sheet["A3"].quotePrefix and sheet["A4"].quotePrefix and not sheet["A2"].quotePrefix
    assert values[1][1:] == [1.5, pd.Timestamp("2024-01-01").to_pydatetime(), 0.1]
    assert values[2][1] is None and values[2][2] is None  # blanks stay blank
    assert sheet["C4"].number_format == "yyyy-mm-dd" and sheet["D2"].number_format == "0.0%"
    assert sheet.freeze_panes == "A2"
    assert len(sheet._charts) == 1


def test_an_empty_report_is_still_a_valid_table(tmp_path):
    package = XlsxPackage.new()
    empty = pd.DataFrame({"sku": pd.Series(dtype=object), "qty": pd.Series(dtype=float)})
    put_sheet(package, SheetSpec("Empty", [TableBlock("Nothing", empty, ["sku", "qty"],
                                                      ["text", "int"])]))
    package.save(tmp_path / "empty.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "empty.xlsx")["Empty"]
    assert sheet.tables["Nothing"].ref == "A1:B2"


def test_replacing_a_sheet_leaves_every_other_part_as_it_was(seller_book, tmp_path, frame):
    # a part the writer knows nothing about, such as a template's ribbon, must survive too
    with zipfile.ZipFile(seller_book, "a") as archive:
        archive.writestr("customUI/customUI14.xml", b"<customUI/>")
    before = {n: zipfile.ZipFile(seller_book).read(n)
              for n in zipfile.ZipFile(seller_book).namelist()}
    package = XlsxPackage.open(seller_book)
    block = TableBlock("Report", frame, list(frame.columns), ["text", "int", "date", "percent"])
    put_sheet(package, SheetSpec("Report", [block]))
    put_sheet(package, SheetSpec("Report", [block]))  # twice: replaced, not duplicated
    package.save(tmp_path / "out.xlsx")
    after = zipfile.ZipFile(tmp_path / "out.xlsx")
    changed = {n for n in before if after.read(n) != before[n]}
    assert changed == {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                       "xl/styles.xml"}
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames[-1] == "Report"
    assert sum(n.startswith("xl/worksheets/sheet") for n in after.namelist()) == 5


def test_a_save_that_fails_midway_leaves_the_original_intact(seller_book, monkeypatch, frame):
    original = seller_book.read_bytes()
    package = XlsxPackage.open(seller_book)
    put_sheet(package, SheetSpec("Report", [TableBlock("Report", frame, list(frame.columns),
                                                       ["text"] * 4)]))
    copies = []
    real_copy = xlsx_package._copy_entry

    def crash_on_third_part(source, target, name, date_time=None):
        copies.append(name)
        if len(copies) == 3:
            raise KeyboardInterrupt  # the process killed while it writes
        real_copy(source, target, name, date_time)

    monkeypatch.setattr(xlsx_package, "_copy_entry", crash_on_third_part)
    with pytest.raises(KeyboardInterrupt):
        package.save(seller_book)
    assert seller_book.read_bytes() == original
    assert [p.name for p in seller_book.parent.iterdir()] == [seller_book.name]
    assert openpyxl.load_workbook(seller_book).sheetnames[0] == "商品"


def test_text_cells_show_each_value_as_itself_even_where_python_calls_them_equal(tmp_path):
    # 1 == 1.0 == True in Python, and a text column's distinct values are escaped once each
    values = pd.Series([True, 1, 1.0, "1", "a&b", None, "a&b", float("nan"), ""], dtype=object)
    package = XlsxPackage.new()
    put_sheet(package, SheetSpec("Mixed", [TableBlock("Mixed", values.to_frame("v"), ["v"],
                                                      ["text"])]))
    package.save(tmp_path / "mixed.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "mixed.xlsx")["Mixed"]
    assert [sheet.cell(row, 1).value for row in range(2, 11)] == [
        "True", "1", "1.0", "1", "a&b", None, "a&b", None, None]


def test_a_sheet_of_megabytes_reads_back_whole(tmp_path):
    n = 40_000  # about 3 MB of sheet XML, deflated at the fast level
    frame = pd.DataFrame({"sku": [f"SKU{i:06d}" for i in range(n)], "qty": range(n)})
    package = XlsxPackage.new()
    put_sheet(package, SheetSpec("Big", [TableBlock("Big", frame, ["sku", "qty"],
                                                    ["text", "int"])]))
    package.save(tmp_path / "big.xlsx")
    with zipfile.ZipFile(tmp_path / "big.xlsx") as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 2**20
    book = openpyxl.load_workbook(tmp_path / "big.xlsx", read_only=True)
    rows = list(book["Big"].iter_rows(min_row=2, values_only=True))
    book.close()
    assert rows == list(zip(frame["sku"], frame["qty"], strict=True))
