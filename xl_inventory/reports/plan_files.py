"""``xl-inventory plan DATA_DIR -o OUT_DIR``: the workbook refresh's reports from files.

The inputs are read by :mod:`xl_inventory.workbook.data_dir`: the small tables whole, the sales
lines checked and summed per day by DuckDB where they lie, into one Parquet folder per chunk of
SKUs. The tables are checked by the same validation and the reports computed by the same
engine as a workbook's refresh, chunk by chunk (:mod:`xl_inventory.reports.plan_chunks`), so
the numbers are the refresh's and the memory the chunk size's. The outputs are Parquet files,
for any number of rows, and a ``summary.xlsx`` a person can open: the KPIs, the totals per
supplier and the largest purchase lines (Excel holds a million rows at most).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import filelock
import numpy as np
import pandas as pd

from xl_inventory.errors import WorkbookError
from xl_inventory.reports.analysis import Whole, whole_range
from xl_inventory.reports.output import KPI_FORMATS, TOTALS_FORMATS, Reports, table_block
from xl_inventory.reports.plan_chunks import (
    Chunk,
    Progress,
    Runner,
    plan_chunks,
    quiet,
    run_here,
    split,
)
from xl_inventory.workbook.data_dir import (
    ISSUE_SAMPLE,
    partition_sales,
    read_table,
    sql_text,
    table_files,
)
from xl_inventory.workbook.guard import BookWriter
from xl_inventory.workbook.reader import RawTable
from xl_inventory.workbook.schema import INPUT_TABLES, SALES, SETTINGS
from xl_inventory.workbook.sheets import SheetSpec, put_sheet
from xl_inventory.workbook.validate import (
    IssueLog,
    as_of_date,
    first_future_day,
    read_settings,
    validate,
)
from xl_inventory.workbook.xlsx_package import XlsxPackage

SUMMARY_LINES = 1_000  # the largest purchase lines in summary.xlsx
CHUNK_SKUS = 20_000  # SKUs analysed at a time: 20,000 x 730 days is 117 MB a table
WORK_FOLDER = ".xl-inventory-work"  # in OUT_DIR: the sales per chunk, removed at the end


@dataclass(frozen=True)
class PlanResult:
    reports: Reports
    files: list[Path]
    issues: pd.DataFrame  # table, column, reason, lines, sample


def issue_counts(issues: pd.DataFrame, sales_issues: pd.DataFrame) -> pd.DataFrame:
    """The data issues as counts per table, column and reason with a sample of the values: a
    million unknown SKUs are one row, not a million. The sales lines left out come first."""
    if issues.empty:
        return sales_issues.reset_index(drop=True)
    grouped = issues.groupby(["table", "column", "reason"], sort=False)["value"]
    counted = grouped.agg(lines="size", sample=lambda values: ", ".join(
        values.astype(str).drop_duplicates().head(ISSUE_SAMPLE))).reset_index()
    return pd.concat([sales_issues, counted], ignore_index=True)


def _write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """A frame as Parquet (through DuckDB), text columns as text."""
    table = frame.copy()
    for column in table.columns:
        if table[column].dtype == object:
            table[column] = table[column].map(lambda v: None if v is None or v != v else str(v))
    temporary = path.with_name(f".~{path.name}")
    with duckdb.connect() as connection:
        connection.register("report", table)
        connection.sql(f"COPY report TO {sql_text(temporary)} (FORMAT parquet)")
    temporary.replace(path)
    return path


def read_inputs(folder: str | Path, work: Path, chunk_skus: int = CHUNK_SKUS
                ) -> tuple[list[Chunk], Whole, pd.DataFrame]:
    """The folder's tables, checked, in chunks of ``chunk_skus`` SKUs (in Products' order),
    the sales of each in ``work``; and the data issues, counted."""
    files = table_files(folder)
    specs = {spec.name: spec for spec in INPUT_TABLES}
    with duckdb.connect() as connection:
        tables = {name: read_table(connection, path, specs[name])
                  for name, path in files.items() if name != SALES.name}
    # the sales lines are checked by DuckDB below; the Products the check needs, here
    tables[SALES.name] = RawTable(SALES.name, files[SALES.name].name, 2,
                                  ["date", "sku", "quantity"], [])
    inventory = validate(tables)
    chunk_of = np.arange(len(inventory.products)) // max(int(chunk_skus), 1)
    sales = partition_sales(files[SALES.name], inventory.products.assign(chunk=chunk_of),
                            work / "sales", first_future_day())
    setting = read_settings(tables.get(SETTINGS.name), IssueLog())["as_of_date"]
    settings = replace(inventory.settings, as_of_date=as_of_date(setting, sales.first,
                                                                 sales.last))
    inventory = replace(inventory, settings=settings)
    return (split(inventory, sales, chunk_of), whole_range(inventory, first_sale=sales.first),
            issue_counts(inventory.issues, sales.issues))


def plan_data_dir(folder: str | Path, out: str | Path, chunk_skus: int = CHUNK_SKUS,
                  run: Runner = run_here, progress: Progress = quiet) -> PlanResult:
    """Read the folder's tables, compute the reports chunk by chunk (each chunk's function
    applied by ``run``: here, or on a cluster), write them into ``out``.

    Raises
    ------
    WorkbookError
        A table file is missing or unreadable, a table lacks a required column, or another
        plan is writing into ``out``.
    """
    say = progress
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    work = out / WORK_FOLDER
    lock = filelock.FileLock(out / ".~lock.xl-inventory.plan", timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise WorkbookError(f"another xl-inventory plan is writing into {out}: try again when "
                            "it has finished") from None
    try:
        shutil.rmtree(work, ignore_errors=True)  # a killed run's
        say("reading the tables; DuckDB checks and sums the sales per day", 0)
        chunks, whole, issues = read_inputs(folder, work, chunk_skus)
        reports = plan_chunks(chunks, whole, run, say)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        lock.release()
    reports = replace(reports, data_issues=issues)
    say("writing the reports", 0)
    files = [
        _write_parquet(reports.purchase_plan, out / "purchase_plan.parquet"),
        _write_parquet(reports.slow_movers, out / "slow_movers.parquet"),
        _write_parquet(reports.kpis.figures, out / "kpis.parquet"),
        _write_parquet(issues, out / "data_issues.parquet"),
    ]
    largest = reports.order_lines.nlargest(SUMMARY_LINES, "order_value")
    figures = table_block("KPIs", reports.kpis.figures, formats=KPI_FORMATS)
    package = XlsxPackage.new()
    put_sheet(package, SheetSpec("KPIs", [figures], widths={1: 48}, freeze_header=False))
    put_sheet(package, SheetSpec("PurchaseTotals", [table_block(
        "PurchaseTotals", reports.purchase_totals, formats=TOTALS_FORMATS)]))
    put_sheet(package, SheetSpec("LargestLines", [table_block("LargestLines", largest)],
                                 widths={2: 30}))
    put_sheet(package, SheetSpec("DataIssues", [table_block("DataIssues", issues)],
                                 widths={3: 50, 5: 40}))
    with BookWriter(None, out / "summary.xlsx") as writer:
        writer.save(package)
    files.append(out / "summary.xlsx")
    return PlanResult(reports, files, issues)
