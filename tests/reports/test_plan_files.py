"""The reports from a folder of Parquet and CSV files are the workbook refresh's reports."""

from __future__ import annotations

import datetime as dt

import duckdb
import openpyxl
import pandas as pd
import pytest

from tests.surfaces.test_bad_inputs import book_with
from tests.workbook.conftest import seller_rows
from xl_inventory.errors import WorkbookError
from xl_inventory.reports.plan_files import plan_data_dir
from xl_inventory.reports.refresh import refresh_workbook


def data_dir(folder, rows):
    """The seller book's tables as files: Products and Stock as Parquet, the rest as CSV."""
    folder.mkdir()
    for name, (headers, table) in rows.items():
        frame = pd.DataFrame(table, columns=headers)
        if name in ("Products", "Stock"):
            frame = frame.astype({c: str for c in ("sku", "name", "category", "supplier",
                                                   "season", "warehouse") if c in frame})
            frame = frame.replace({"None": None})
            with duckdb.connect() as connection:
                connection.register("t", frame)
                connection.sql(f"COPY t TO '{folder / name.lower()}.parquet' (FORMAT parquet)")
        else:
            frame = frame.map(lambda v: v.isoformat() if isinstance(v, dt.date) else v)
            frame.to_csv(folder / f"{name.lower()}.csv", index=False)
    return folder


def test_the_plan_from_files_is_the_refreshs(tmp_path):
    rows = seller_rows()
    # two lines of one SKU on one day: summed by DuckDB, as the forecast sums them anyway
    rows["Sales"][1].append([dt.date(2024, 3, 30), "P1", 4, 12.0, "web"])
    # an infinite quantity is no quantity: left out and counted, as the workbook lists it
    rows["Sales"][1].append([dt.date(2024, 3, 29), "P2", float("inf"), 1.0, "web"])
    folder = data_dir(tmp_path / "data", rows)
    result = plan_data_dir(folder, tmp_path / "out")
    book = book_with(tmp_path, sales=rows["Sales"][1])
    refreshed = refresh_workbook(book)
    by_file = pd.read_parquet(tmp_path / "out" / "purchase_plan.parquet").set_index("sku")
    by_book = refreshed.reports.purchase_plan.set_index("sku")
    assert sorted(by_file.index) == sorted(by_book.index)
    for column in ("suggested_qty", "order_value", "forecast", "safety_stock"):
        assert by_file[column].to_dict() == pytest.approx(by_book[column].to_dict()), column
    assert (by_file["note"] == by_book["note"].reindex(by_file.index)).all()
    kpis_file = pd.read_parquet(tmp_path / "out" / "kpis.parquet").set_index("metric")["value"]
    kpis_book = refreshed.reports.kpis.figures.set_index("metric")["value"]
    assert kpis_file.to_dict() == pytest.approx(kpis_book.to_dict(), nan_ok=True)
    slow_file = pd.read_parquet(tmp_path / "out" / "slow_movers.parquet")
    assert sorted(slow_file["sku"]) == sorted(refreshed.reports.slow_movers["sku"])
    # the data issues as counts: the unreadable quantity left out by DuckDB, the rest as the
    # workbook lists them
    issues = result.issues.set_index(["table", "reason"])["lines"]
    assert issues[("Sales", "not a number")] == 2  # "abc" and inf
    assert issues[("Sales", "unknown SKU")] == 1
    assert issues[("Sales", "sale before the SKU's launch date")] == 1
    summary = openpyxl.load_workbook(tmp_path / "out" / "summary.xlsx")
    assert summary.sheetnames == ["KPIs", "PurchaseTotals", "LargestLines", "DataIssues"]
    # the KPI figures are numbers, as on the workbook's KPIs sheet, and the issues keep samples
    written = {row[0]: row[1] for row in summary["KPIs"].iter_rows(min_row=2, values_only=True)}
    assert written["history window (days)"] == 90
    unknown = [row for row in summary["DataIssues"].iter_rows(min_row=2, values_only=True)
               if row[2] == "unknown SKU"]
    assert unknown[0][3:] == (1, "ZZ9")
    largest = [row[0] for row in summary["LargestLines"].iter_rows(min_row=2, values_only=True)]
    ordering = by_book[by_book["suggested_qty"] > 0].sort_values("order_value", ascending=False)
    assert largest == list(ordering.index)


def test_a_missing_table_file_names_it(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    with pytest.raises(WorkbookError, match=r"no products\.parquet or products\.csv"):
        plan_data_dir(folder, tmp_path / "out")
