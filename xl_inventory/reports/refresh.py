"""One refresh: read the input tables, compute every report, rebuild the report sheets.

The same engine serves the command line and (through xlwings) the ribbon buttons.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from xl_inventory.errors import WorkbookError
from xl_inventory.reports.analysis import Analysis, analyse
from xl_inventory.reports.cycle_count import cycle_counts
from xl_inventory.reports.kpis import kpis
from xl_inventory.reports.output import Reports, replay_sheet, report_sheets
from xl_inventory.reports.purchase_plan import purchase_plan
from xl_inventory.reports.replay import ReplayResult, replay
from xl_inventory.reports.slow_movers import slow_movers
from xl_inventory.workbook.guard import BookWriter
from xl_inventory.workbook.reader import RawTable, read_input_tables
from xl_inventory.workbook.schema import INPUT_TABLES, PRODUCTS, normalise
from xl_inventory.workbook.sheets import SheetSpec, put_sheet
from xl_inventory.workbook.validate import Inventory, validate
from xl_inventory.workbook.xlsx_package import XlsxPackage

Progress = Callable[[str], None]


@dataclass
class RefreshResult:
    reports: Reports
    inventory: Inventory
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the user must know (sheet renamed)


def workbook_language(tables: dict[str, RawTable]) -> str:
    """"zh" when the Products table's headers are the Chinese ones, else "en"."""
    headers = {normalise(h) for h in tables[PRODUCTS.name].headers}
    chinese = sum(normalise(c.zh) in headers for c in PRODUCTS.columns)
    english = sum(normalise(c.key) in headers for c in PRODUCTS.columns)
    return "zh" if chinese > english else "en"


def compute_reports(inventory: Inventory) -> Reports:
    early = {}

    def without_forecast(facts: Analysis) -> None:
        early["kpis"], early["cycle_counts"] = kpis(facts), cycle_counts(facts)

    analysis = analyse(inventory, meanwhile=without_forecast)
    plan, totals = purchase_plan(analysis)
    return Reports(slow_movers(analysis), plan, totals, early["kpis"], early["cycle_counts"],
                   inventory.issues)


def check_workbook(path: str | Path) -> Inventory:
    """Read and validate only (``xl-inventory check``)."""
    return validate(read_input_tables(path))


def guard_report_sheet(sheet: str, tables: list[str], report: str) -> None:
    """Refuse to rebuild a sheet that holds an input table (its data would be lost)."""
    clash = {spec.name for spec in INPUT_TABLES} & set(tables)
    if clash:
        raise WorkbookError(f"sheet {sheet} holds the input table {sorted(clash)[0]}: rename "
                            f"the sheet so the {report} report can be written")


def write_sheets(package: XlsxPackage, specs: list[SheetSpec]) -> list[str]:
    """Rebuild report sheets in the package; returns notes for the user. A report sheet found
    by its table's name keeps its (perhaps translated) sheet name; a sheet holding an input
    table is never replaced; a sheet of the user's own that has a report's name (no report
    table on it) is kept, and the report goes to a sheet of another name, said in a note."""
    tables = package.tables_by_sheet()
    sheet_of_table = {t: sheet for sheet, names in tables.items() for t in names}
    notes = []
    for spec in specs:
        report = spec.blocks[0].name
        if report in sheet_of_table:
            spec.name = sheet_of_table[report]
            guard_report_sheet(spec.name, tables[spec.name], report)
        else:
            wanted, spec.name = spec.name, free_sheet_name(spec.name, list(tables))
            if spec.name != wanted:
                notes.append(f"the sheet {wanted} is your own (it has no {report} table): the "
                             f"report was written to the sheet {spec.name}")
        put_sheet(package, spec)
        tables[spec.name] = [block.name for block in spec.blocks if block.as_table]
    package.drop_calc_chain()
    return notes


def free_sheet_name(wanted: str, existing: list[str]) -> str:
    """``wanted``, or ``wanted (2)``, ``wanted (3)``... : the first that no sheet has (Excel
    compares sheet names without letter case).

    Examples
    --------
    >>> free_sheet_name("KPIs", ["kpis", "KPIs (2)"])
    'KPIs (3)'
    """
    taken = {name.casefold() for name in existing}
    candidates = itertools.chain([wanted], (f"{wanted[:25]} ({n})" for n in itertools.count(2)))
    return next(name for name in candidates if name.casefold() not in taken)


def write_reports(package: XlsxPackage, reports: Reports, language: str) -> list[str]:
    """Rebuild every report sheet of a refresh in the package (see :func:`write_sheets`)."""
    return write_sheets(package, report_sheets(reports, language))


def replay_workbook(path: str | Path, start: object, weeks: int | None = None,
                    output: str | Path | None = None, progress: Progress | None = None
                    ) -> ReplayResult:
    """Replay the purchase plan and the baselines on the workbook's history and (re)write its
    Replay sheet (into ``output`` when given). Input tables and other reports are untouched.

    Raises
    ------
    WorkbookError
        A table or column is missing, or the replay window is not inside the sales history.
    """
    say = progress or (lambda _step: None)
    with BookWriter(path, output) as writer:
        say("reading the input tables")
        tables = read_input_tables(path)
        result = replay(validate(tables), start, weeks, progress=say)
        say("writing the Replay sheet")
        package = XlsxPackage.open(path)
        result.notes = write_sheets(package, [replay_sheet(result, workbook_language(tables))])
        writer.save(package)
    return result


def refresh_workbook(path: str | Path, output: str | Path | None = None,
                     progress: Progress | None = None) -> RefreshResult:
    """Refresh the report sheets of ``path`` (into ``output`` when given).

    Raises
    ------
    WorkbookError
        A table or column the refresh needs is missing, or the file is not a workbook.
    """
    say = progress or (lambda _step: None)
    seconds = {}
    with BookWriter(path, output) as writer:
        start = time.perf_counter()
        say("reading the input tables")
        tables = read_input_tables(path)
        inventory = validate(tables)
        seconds["read"] = time.perf_counter() - start
        start = time.perf_counter()
        say("computing the reports")
        reports = compute_reports(inventory)
        seconds["compute"] = time.perf_counter() - start
        start = time.perf_counter()
        say("writing the report sheets")
        package = XlsxPackage.open(path)
        notes = write_reports(package, reports, workbook_language(tables))
        writer.save(package)
        seconds["write"] = time.perf_counter() - start
    return RefreshResult(reports, inventory, seconds, notes)
