"""The reports from a folder of Parquet and CSV files are the workbook refresh's reports."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
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


def test_the_command_plans_on_a_dask_cluster_and_says_where_it_wrote(tmp_path):
    from click.testing import CliRunner

    from xl_inventory.cli import main

    folder = data_dir(tmp_path / "data", seller_rows())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["plan", str(folder), "-o", str(out), "--engine", "dask",
                                       "--chunk-skus", "2"])
    assert result.exit_code == 0, result.output
    assert "SKUs planned" in result.output and str(out / "summary.xlsx") in result.output
    # each round a bar over its chunks (CliRunner mixes stderr in): 3 chunks of 2 SKUs
    assert "round 1: the facts of each chunk of SKUs" in result.output
    assert "round 2: forecast and plan of the established SKUs" in result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".~lock")) == [
        "data_issues.parquet", "kpis.parquet", "purchase_plan.parquet", "slow_movers.parquet",
        "summary.xlsx"]  # the work folder of the sales per chunk is gone


def test_a_scheduler_that_cannot_be_reached_is_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from xl_inventory.cli import main
    from xl_inventory.reports import plan_cluster

    monkeypatch.setattr(plan_cluster, "CONNECT_SECONDS", 1)
    folder = data_dir(tmp_path / "data", seller_rows())
    result = CliRunner().invoke(main, ["plan", str(folder), "-o", str(tmp_path / "out"),
                                       "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(
        "error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(main, ["plan", str(folder), "-o", str(tmp_path / "out"),
                                       "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "--scheduler goes with --engine dask" in result.output


def test_sales_as_a_parquet_data_set_of_several_files(tmp_path):
    """A folder sales.parquet of files (as Spark or Dask write one) is the same sales."""
    rows = seller_rows()
    folder = data_dir(tmp_path / "data", rows)
    sales = pd.read_csv(folder / "sales.csv")
    (folder / "sales.csv").unlink()
    (folder / "sales.parquet" / "month=3").mkdir(parents=True)
    with duckdb.connect() as connection:
        for part, lines in enumerate(np.array_split(np.arange(len(sales)), 3)):
            connection.register("t", sales.iloc[lines])
            connection.sql(f"COPY t TO '{folder}/sales.parquet/month=3/{part}.parquet' "
                           "(FORMAT parquet)")
            connection.unregister("t")
    by_parts = plan_data_dir(folder, tmp_path / "parts").reports.purchase_plan
    whole = data_dir(tmp_path / "whole", rows)
    by_file = plan_data_dir(whole, tmp_path / "file").reports.purchase_plan
    pd.testing.assert_frame_equal(by_parts, by_file)


def test_the_help_gives_the_chunk_size_the_engine_uses():
    from click.testing import CliRunner

    from xl_inventory.cli import main
    from xl_inventory.reports.plan_files import CHUNK_SKUS

    result = CliRunner().invoke(main, ["plan", "--help"])
    assert f"(default {CHUNK_SKUS:,})" in " ".join(result.output.split())


def test_a_second_plan_into_the_same_folder_is_refused_while_one_runs(tmp_path):
    import filelock

    folder = data_dir(tmp_path / "data", seller_rows())
    out = tmp_path / "out"
    out.mkdir()
    # the lock a running plan holds
    with (filelock.FileLock(out / ".~lock.xl-inventory.plan"),
          pytest.raises(WorkbookError, match="another xl-inventory plan is writing into")):
        plan_data_dir(folder, out)
    assert not any(p.suffix in (".parquet", ".xlsx") for p in out.iterdir())
    assert plan_data_dir(folder, out).files  # once it has finished


def test_codes_stored_as_numbers_match_as_the_workbook_reads_them(tmp_path):
    """SKUs typed as numbers (15056) and stored as doubles in the sales file are the Products'
    codes, as cell_text reads them in a workbook: no line is lost as an unknown SKU."""
    folder = tmp_path / "data"
    folder.mkdir()
    products = pd.DataFrame({"sku": ["15056", "2.5"], "name": ["mug", "cup"],
                             "unit_cost": [2.0, 1.0], "lead_time_days": [7, 7]})
    sales = pd.DataFrame({"date": pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-02"]),
                          "sku": [15056.0, 15056.0, 2.5], "quantity": [3.0, 4.0, 1.0]})
    stock = pd.DataFrame({"sku": ["15056", "2.5"], "on_hand": [10.0, 5.0]})
    with duckdb.connect() as connection:
        for name, frame in (("products", products), ("sales", sales), ("stock", stock)):
            connection.register("t", frame)
            connection.sql(f"COPY t TO '{folder / name}.parquet' (FORMAT parquet)")
            connection.unregister("t")
    result = plan_data_dir(folder, tmp_path / "out")
    assert result.issues.empty, result.issues
    kpis = result.reports.kpis.figures.set_index("metric")["value"]
    assert kpis["SKUs with no sale for slow_days"] == 0  # both sold
    plan = result.reports.purchase_plan.set_index("sku")
    assert sorted(plan.index) == ["15056", "2.5"]


def test_a_worker_that_cannot_see_a_chunks_sales_stops_instead_of_planning_no_sales(tmp_path):
    """On a cluster whose workers do not share OUT_DIR, a chunk's sales folder is missing
    there: that is an error naming the cause, not a chunk that sold nothing."""
    from xl_inventory.workbook.data_dir import SalesChunks, read_chunk

    chunks = SalesChunks(tmp_path / "sales", pd.NaT, pd.NaT, pd.DataFrame(), frozenset({0}))
    with pytest.raises(WorkbookError, match="OUT_DIR must be on storage every worker sees"):
        read_chunk(chunks, 0, pd.Index(["P1"]))
    assert read_chunk(chunks, 1, pd.Index(["P9"])).empty  # a chunk that sold nothing
