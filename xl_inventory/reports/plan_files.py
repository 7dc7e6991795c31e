"""``xl-inventory plan DATA_DIR -o OUT_DIR``: the workbook refresh's reports from files.

The inputs are read by :mod:`xl_inventory.workbook.data_dir` (DuckDB sums the sales lines per
day where they lie), checked by the same validation and computed by the same engine as a
workbook's refresh, so the numbers are the refresh's. The outputs are Parquet files, for any
number of rows, and a ``summary.xlsx`` a person can open: the KPIs, the totals per supplier and
the largest purchase lines (Excel holds a million rows at most).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from xl_inventory.reports.output import KPI_FORMATS, TOTALS_FORMATS, Reports, table_block
from xl_inventory.reports.refresh import compute_reports
from xl_inventory.workbook.data_dir import read_data_dir
from xl_inventory.workbook.guard import BookWriter
from xl_inventory.workbook.sheets import SheetSpec, put_sheet
from xl_inventory.workbook.validate import validate
from xl_inventory.workbook.xlsx_package import XlsxPackage

SUMMARY_LINES = 1_000  # the largest purchase lines in summary.xlsx
ISSUE_SAMPLE = 5  # values shown per kind of data issue


@dataclass(frozen=True)
class PlanResult:
    reports: Reports
    files: list[Path]
    issues: pd.DataFrame  # table, column, reason, lines, sample


def issue_counts(issues: pd.DataFrame, left_out: dict[str, int]) -> pd.DataFrame:
    """The data issues as counts per table, column and reason with a sample of the values: a
    million unknown SKUs are one row, not a million. The sales lines DuckDB could not read
    come first."""
    read = pd.DataFrame({"table": "Sales", "column": "", "reason": list(left_out),
                         "lines": list(left_out.values()), "sample": ""})
    if issues.empty:
        return read
    grouped = issues.groupby(["table", "column", "reason"], sort=False)["value"]
    counted = grouped.agg(lines="size", sample=lambda values: ", ".join(
        values.astype(str).drop_duplicates().head(ISSUE_SAMPLE))).reset_index()
    return pd.concat([read, counted], ignore_index=True)


def _write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """A frame as Parquet (through DuckDB), text columns as text."""
    table = frame.copy()
    for column in table.columns:
        if table[column].dtype == object:
            table[column] = table[column].map(lambda v: None if v is None or v != v else str(v))
    temporary = path.with_name(f".~{path.name}")
    with duckdb.connect() as connection:
        connection.register("report", table)
        quoted = str(temporary).replace("'", "''")
        connection.sql(f"COPY report TO '{quoted}' (FORMAT parquet)")
    temporary.replace(path)
    return path


def plan_data_dir(folder: str | Path, out: str | Path) -> PlanResult:
    """Read the folder's tables, compute the reports, write them into ``out``.

    Raises
    ------
    WorkbookError
        A table file is missing or unreadable, or a table lacks a required column.
    """
    tables, left_out = read_data_dir(folder)
    inventory = validate(tables)
    reports = compute_reports(inventory)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    issues = issue_counts(inventory.issues, left_out)
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
