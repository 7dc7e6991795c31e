"""The ribbon's macros: the engine of the command line, through xlwings, in the open workbook.

Each button runs one of these with a fixed ``RunPython`` command. They read the input tables
from Excel, compute the same reports as ``xl-inventory refresh`` and write the same sheets
(values, tables, number formats, charts), then say in a message box what happened. Errors in
the data come back as a message, never as a Python traceback.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xlwings as xw

from xl_inventory.errors import WorkbookError, XlInventoryError
from xl_inventory.reports.buyers import export_plan
from xl_inventory.reports.export_lines import SalesLines
from xl_inventory.reports.import_sales import read_sales_export, rows_to_add
from xl_inventory.reports.output import english_columns, replay_sheet, report_sheets
from xl_inventory.reports.refresh import compute_reports, guard_report_sheet, workbook_language
from xl_inventory.reports.replay import replay
from xl_inventory.workbook.charts import ChartSpec
from xl_inventory.workbook.reader import RawTable, raw_table
from xl_inventory.workbook.schema import INPUT_TABLES, SALES
from xl_inventory.workbook.sheets import FORMATS, SheetSpec, block_rows
from xl_inventory.workbook.validate import validate

TITLE = "xl-inventory"
CHART_TYPES = {"bar": "column_clustered", "line": "line_markers"}
HELP = {
    "en": ("Refresh reports: rebuilds SlowMovers, PurchasePlan, KPIs, CycleCount and DataIssues "
           "from the tables Products, Sales and Stock (and Receipts, Promotions, Settings).\n"
           "Check data: lists how many rows cannot be used, changing nothing.\n"
           "Export for buyers: one values-only workbook per supplier, next to this file.\n"
           "Replay: replays the last replay_weeks weeks of sales with the purchase plan and two "
           "simple rules, and scores them on the Replay sheet.\n"
           "Import: appends a shop's or ERP's sales export (Taobao, JD, Pinduoduo, Douyin, "
           "Jushuitan, Wangdiantong, Shopify, Amazon) under the Sales table.\n"
           "Only Import changes an input table (it adds lines to Sales). Functions such as "
           "=SAFETYSTOCK(...) work in any cell."),
    "zh": ("刷新报表：根据商品、销售、库存表（以及入库、促销、参数表）重新生成滞销品、采购建议、"
           "指标看板、循环盘点和数据问题表。\n检查数据：只列出无法使用的行，不修改任何内容。\n"
           "导出给采购：为每个供应商生成只含数值的工作簿，保存在本文件旁边。\n"
           "回放：用采购建议和两种简单规则回放最近 replay_weeks 周的销售，在回放表中打分。\n"
           "导入：把店铺或ERP导出的销售明细（淘宝、京东、拼多多、抖店、聚水潭、旺店通、Shopify、"
           "亚马逊）追加到销售表。\n"
           "除导入外，输入表不会被修改。=SAFETYSTOCK(...) 等函数可在任意单元格使用。"),
}


def read_tables(book: xw.Book) -> dict[str, RawTable]:
    wanted = {spec.name.lower(): spec.name for spec in INPUT_TABLES}
    tables = {}
    for sheet in book.sheets:
        for table in sheet.tables:
            canonical = wanted.get(table.name.lower())
            if canonical:
                values = table.range.options(ndim=2).value
                tables[canonical] = raw_table(canonical, sheet.name, table.range.row + 1, values)
    return tables


def _sheet_for(book: xw.Book, spec: SheetSpec) -> xw.Sheet:
    """The sheet holding the report's table, else the sheet of the report's name, else a new
    one; never a sheet that holds an input table."""
    for sheet in book.sheets:
        if any(t.name == spec.blocks[0].name for t in sheet.tables):
            return sheet
    if spec.name not in [s.name for s in book.sheets]:
        return book.sheets.add(spec.name, after=book.sheets[-1])
    sheet = book.sheets[spec.name]
    guard_report_sheet(sheet.name, [t.name for t in sheet.tables], spec.blocks[0].name)
    return sheet


def write_sheet(book: xw.Book, spec: SheetSpec) -> None:
    """Rebuild one report sheet in the open workbook, as the command line's writer does."""
    sheet = _sheet_for(book, spec)
    for chart in list(sheet.charts):
        chart.delete()
    for table in list(sheet.tables):
        table.api.Delete()
    sheet.clear()
    for block in spec.blocks:
        rows = block_rows(block)
        target = sheet.range((block.top, block.left)).resize(len(rows), len(block.headers))
        target.value = rows
        sheet.tables.add(source=target, name=block.name)
        for offset, kind in enumerate(block.formats):
            if len(rows) > 1:
                sheet.range((block.top + 1, block.left + offset)).resize(
                    len(rows) - 1, 1).number_format = FORMATS[kind][0]
    for chart in spec.charts:
        _draw_chart(book, sheet, chart)


def _draw_chart(book: xw.Book, sheet: xw.Sheet, chart: ChartSpec) -> None:
    """A native chart over the block's columns (through Excel's object model on Windows)."""
    block = chart.block
    columns = [chart.category, *chart.values]
    ranges = [sheet.range((block.top, block.left + i), (block.bottom, block.left + i))
              for i in columns]
    c1, r1, c2, r2 = chart.anchor
    top_left, bottom_right = sheet.range((r1 + 1, c1 + 1)), sheet.range((r2 + 1, c2 + 1))
    added = sheet.charts.add(top_left.left, top_left.top, bottom_right.left - top_left.left,
                             bottom_right.top - top_left.top)
    added.chart_type = CHART_TYPES[chart.kind]
    try:
        native = added.api[1]
        native.SetSourceData(book.app.api.Union(*[r.api for r in ranges]))
        native.HasTitle = True
        native.ChartTitle.Text = chart.title
    except (AttributeError, TypeError):  # Excel for Mac: one contiguous range, no title
        added.set_source_data(ranges[0].resize(column_size=max(columns) - chart.category + 1))


def _alert(book: xw.Book, text: str) -> None:
    book.app.alert(text, title=TITLE)


def refresh_reports() -> None:
    """Ribbon button "Refresh reports"."""
    book = xw.Book.caller()
    try:
        tables = read_tables(book)
        inventory = validate(tables)
        reports = compute_reports(inventory)
        for spec in report_sheets(reports, workbook_language(tables)):
            write_sheet(book, spec)
    except XlInventoryError as exc:
        _alert(book, str(exc))
        return
    ordering = reports.order_lines
    _alert(book, f"Reports refreshed: {len(reports.slow_movers)} slow movers, "
                 f"{len(ordering)} purchase lines, {len(reports.data_issues)} data issues.")


def replay_plan() -> None:
    """Ribbon button "Replay": the last ``replay_weeks`` weeks of sales, replayed."""
    book = xw.Book.caller()
    try:
        tables = read_tables(book)
        inventory = validate(tables)
        last = inventory.sales["date"].max().normalize() if len(inventory.sales) else None
        if last is None:
            raise WorkbookError("the Sales table has no usable line to replay")
        weeks = inventory.settings.replay_weeks
        result = replay(inventory, last - pd.Timedelta(days=7 * weeks - 1), weeks)
        write_sheet(book, replay_sheet(result, workbook_language(tables)))
    except XlInventoryError as exc:
        _alert(book, str(exc))
        return
    card = result.scorecard.set_index("metric")
    _alert(book, f"Replay of the last {weeks} weeks (total cost; fill rate):\n" + "\n".join(
        f"{name}: {card.loc['total_cost', name]:,.0f}; {card.loc['fill_rate_units', name]:.1%}"
        for name in card.columns))


def check_data() -> None:
    """Ribbon button "Check data"."""
    book = xw.Book.caller()
    try:
        inventory = validate(read_tables(book))
    except XlInventoryError as exc:
        _alert(book, str(exc))
        return
    lines = [f"{row.table} row {row.row}, {row.column}: {row.reason}"
             for row in inventory.issues.head(10).itertuples(index=False)]
    _alert(book, f"{len(inventory.products)} products, {len(inventory.sales)} sales lines "
                 f"usable; {len(inventory.issues)} data issues.\n" + "\n".join(lines))


def export_for_buyers() -> None:
    """Ribbon button "Export for buyers": from the PurchasePlan table of the open workbook."""
    book = xw.Book.caller()
    for sheet in book.sheets:
        for table in sheet.tables:
            if table.name == "PurchasePlan":
                values = table.range.options(ndim=2).value
                plan = pd.DataFrame(values[1:], columns=english_columns(values[0]))
                folder = Path(book.fullname).parent / "purchase_orders"
                written = export_plan(plan, folder)
                _alert(book, f"{len(written)} supplier workbooks written to {folder}")
                return
    _alert(book, "There is no PurchasePlan table yet: click Refresh reports first.")


EXPORT_FILTER = "Exports (*.csv;*.txt;*.xlsx;*.xls),*.csv;*.txt;*.xlsx;*.xls"


def import_export() -> None:
    """Ribbon button "Import": a shop's or ERP's sales export appended under the Sales table
    (platform recognised from its columns), as ``xl-inventory import-sales`` does."""
    book = xw.Book.caller()
    try:
        chosen = book.app.api.GetOpenFilename(EXPORT_FILTER)
    except AttributeError:  # Excel's object model differs on macOS: no such dialog there
        _alert(book, "The file dialog is not available here: run xl-inventory import-sales "
                     "EXPORT BOOK from a terminal, with the workbook closed.")
        return
    if not chosen:  # the dialog was cancelled (Excel answers False)
        return
    try:
        found = read_sales_export(str(chosen))
        tables = read_tables(book)
        rows, as_text = rows_to_add(found, tables, Path(str(chosen)).name)
        _append_to_table(book, SALES.name, rows)
    except XlInventoryError as exc:
        _alert(book, str(exc))
        return
    _alert(book, import_summary(found, len(rows), as_text))


def import_summary(found: SalesLines, added: int, as_text: int) -> str:
    """What an import did, for its message box: the platform, lines added, lines left out."""
    lines = [f"{added} sales lines added" + (f" from a {found.preset} export" if found.preset
                                             else "") + "."]
    lines += [f"{count} lines not imported as sales: {reason}"
              for reason, count in sorted(found.left_out.items())]
    if as_text:
        lines.append(f"{as_text} values could not be read and went in as text: Check data "
                     "lists them.")
    return "\n".join(lines)


def _append_to_table(book: xw.Book, name: str, rows: pd.DataFrame) -> None:
    """Write the rows under the table and let it grow over them (cells under it must be
    empty, as for the command line)."""
    for sheet in book.sheets:
        for table in sheet.tables:
            if table.name.lower() != name.lower():
                continue
            headers = table.header_row_range.value
            values = [[row.get(h) for h in headers] for row in rows.to_dict("records")]
            area = table.range
            below = sheet.range((area.row + area.rows.count, area.column)).resize(
                len(values), len(headers))
            if any(v is not None for row in below.options(ndim=2).value for v in row):
                raise WorkbookError(f"the cells under the {name} table on sheet {sheet.name} "
                                    "are not empty: move what is there, then import again")
            below.value = values
            table.resize(area.resize(row_size=area.rows.count + len(values)))
            return
    raise WorkbookError(f"the workbook has no {name} table")


def show_help() -> None:
    """Ribbon button "Help", in the workbook's language."""
    book = xw.Book.caller()
    try:
        language = workbook_language(read_tables(book))
    except (KeyError, XlInventoryError):
        language = "en"
    _alert(book, HELP[language])
