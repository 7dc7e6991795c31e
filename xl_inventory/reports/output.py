"""Report frames laid out as sheets: headers in the workbook's language, formats, charts."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xl_inventory.reports.columns import BY_KEY, REPORT_COLUMNS
from xl_inventory.reports.kpis import Kpis
from xl_inventory.reports.replay import ReplayResult
from xl_inventory.workbook.charts import ChartSpec
from xl_inventory.workbook.sheets import SheetSpec, TableBlock

# Labels the reports write into cells, as a Chinese workbook shows them.
ZH_LABELS = {
    "order up to": "补货至目标", "fixed lot (EOQ)": "定量采购 (EOQ)", "order to demand": "按需采购",
    "trial batch": "小批量试销", "seasonal first order (40 %)": "季节首单 (40%)",
    "out of season": "非当季", "re-order from the first week's sales": "按首周销量返单",
    "mark down": "降价", "hold": "继续持有", "on target": "达标", "below target": "低于目标",
    "above target": "高于目标", "monthly": "每月", "quarterly": "每季度", "yearly": "每年",
    "inventory turnover (turns in the history window)": "库存周转率（历史期内周转次数）",
    "days of inventory": "库存周转天数",
    "inventory turnover, annualised": "库存周转率（年化）", "history window (days)": "历史期（天）",
    "SKUs under the sell-through target at day 30": "30天售罄率未达标新品数",
    "no Receipts table: average stock rebuilt as if nothing was received":
        "无入库表：平均库存按未入库推算",
    "no SKU launched in the last 30 days": "近30天无新品上架",
    "sell-through of SKUs launched in the last 30 days": "近30天新品售罄率",
    "slow-moving ratio": "滞销库存占比", "stock value at cost": "库存金额（成本）",
    "SKUs": "SKU数", "SKUs with no sale for slow_days": "滞销SKU数",
    "smooth": "平稳", "erratic": "波动", "intermittent": "间歇", "lumpy": "块状",
    "new": "新品", "none": "无需求", "new: re-order from its sales": "新品：按销量返单",
    "cover rule": "覆盖天数法", "textbook": "教科书基准库存",
    "fill_rate_units": "满足率（件数）", "fill_rate_value": "满足率（金额）",
    "stockout_sku_days": "缺货SKU天数", "mean_stock_value": "平均库存金额",
    "turns": "周转次数（回放期）", "turns_per_year": "年化周转次数", "holding_cost": "持有成本",
    "lost_margin": "缺货损失毛利", "excess_stock_value": "期末超90天库存金额",
    "total_cost": "总成本",
}
LABELLED = ("policy", "note", "cheaper", "status", "frequency", "metric", "demand_class")



def _translated(frame: pd.DataFrame) -> pd.DataFrame:
    columns = [c for c in LABELLED if c in frame.columns]
    if not columns:
        return frame
    return frame.assign(**{c: frame[c].map(lambda v: ZH_LABELS.get(v, v)) for c in columns})


def english_columns(headers: list[object]) -> list[str]:
    """Report headers in English, whichever language the sheet was written in."""
    english = {column.zh: column.key for column in REPORT_COLUMNS}
    return [english.get(str(h), str(h)) for h in headers]


SHEET_NAMES = {
    "SlowMovers": ("SlowMovers", "滞销品"),
    "PurchasePlan": ("PurchasePlan", "采购建议"),
    "KPIs": ("KPIs", "指标看板"),
    "CycleCount": ("CycleCount", "循环盘点"),
    "DataIssues": ("DataIssues", "数据问题"),
    "Replay": ("Replay", "回放"),
}

@dataclass
class Reports:
    slow_movers: pd.DataFrame
    purchase_plan: pd.DataFrame
    purchase_totals: pd.DataFrame
    kpis: Kpis
    cycle_counts: pd.DataFrame
    data_issues: pd.DataFrame

    @property
    def order_lines(self) -> pd.DataFrame:
        """The purchase plan's lines that order something."""
        return self.purchase_plan[self.purchase_plan["suggested_qty"] > 0]


# Where a report's table writes a column in another format than its declared one.
KPI_FORMATS = {"value": "decimal"}  # the KPI figures: counts, shares and turns alike
TOTALS_FORMATS = {"units": "decimal"}


def table_block(name: str, frame: pd.DataFrame, language: str = "en", top: int = 1,
                left: int = 1, formats: dict[str, str] | None = None) -> TableBlock:
    """A report frame as a table: headers in the workbook's language, each column in its
    declared format (:mod:`xl_inventory.reports.columns`) unless ``formats`` says otherwise."""
    chosen = formats or {}
    headers = [BY_KEY[c].zh if language == "zh" and c in BY_KEY else c for c in frame.columns]
    if language == "zh":
        frame = _translated(frame)
    return TableBlock(name, frame, headers,
                      [chosen.get(c, BY_KEY[c].format if c in BY_KEY else "int")
                       for c in frame.columns],
                      top=top, left=left)


def report_sheets(reports: Reports, language: str = "en") -> list[SheetSpec]:
    """One sheet spec per report, its tables named as the contract fixes them."""
    zh = language == "zh"
    title = {True: {"monthly": "月度周转率", "channels": "渠道销售额", "abc": "ABC 销售额占比"},
             False: {"monthly": "Monthly turnover", "channels": "Sales by channel",
                     "abc": "ABC share of sales value"}}[zh]
    plan = table_block("PurchasePlan", reports.purchase_plan, language)
    totals = table_block("PurchaseTotals", reports.purchase_totals, language,
                    left=plan.right + 2, formats=TOTALS_FORMATS)
    figures = table_block("KPIs", reports.kpis.figures, language, formats=KPI_FORMATS)
    monthly = table_block("KPIMonthly", reports.kpis.monthly, language, top=figures.bottom + 3)
    channels = table_block("KPIChannels", reports.kpis.channels, language, top=monthly.bottom + 3)
    abc = table_block("KPIABC", reports.kpis.abc, language, top=channels.bottom + 3)
    chart_left = max(b.right for b in (figures, monthly, channels, abc)) + 1
    kpi_charts = [
        ChartSpec("line", title["monthly"], monthly, 0, [3], (chart_left, 1, chart_left + 8, 16)),
        ChartSpec("bar", title["channels"], channels, 0, [1],
                  (chart_left, 17, chart_left + 8, 32)),
        ChartSpec("bar", title["abc"], abc, 0, [2, 3], (chart_left, 33, chart_left + 8, 48)),
    ]
    names = {key: pair[1] if zh else pair[0] for key, pair in SHEET_NAMES.items()}
    return [
        SheetSpec(names["SlowMovers"], [table_block("SlowMovers", reports.slow_movers, language)]),
        SheetSpec(names["PurchasePlan"], [plan, totals], widths={2: 30}),
        SheetSpec(names["KPIs"], [figures, monthly, channels, abc], kpi_charts,
                  widths={1: 48}, freeze_header=False),
        SheetSpec(names["CycleCount"], [table_block("CycleCount", reports.cycle_counts, language)]),
        SheetSpec(names["DataIssues"], [table_block("DataIssues", reports.data_issues, language)],
                  widths={5: 60}),
    ]


def replay_sheet(result: ReplayResult, language: str = "en") -> SheetSpec:
    """The Replay sheet: the scorecard of each policy, the weekly stock value and fill rate
    (with a chart of each), and the scorecards per ABC class and per supplier."""
    zh = language == "zh"
    card = table_block("ReplayScorecard", result.scorecard, language,
                  formats={p: "decimal" for p in result.scorecard.columns[1:]})
    if zh:
        card.headers = [BY_KEY["metric"].zh, *(ZH_LABELS.get(c, c) for c in
                                                result.scorecard.columns[1:])]
    weekly_formats = {c: "percent" if c.startswith("fill_rate") else "money"
                      for c in result.weekly.columns[1:]}
    weekly = table_block("ReplayWeekly", result.weekly, language,
                    top=card.bottom + 3, formats={"week": "date", **weekly_formats})
    metric_formats = {m: "decimal" for m in result.scorecard["metric"]}
    metric_formats.update(fill_rate_units="percent", fill_rate_value="percent")
    by_class = table_block("ReplayByClass", result.by_class, language, top=weekly.bottom + 3,
                      formats=metric_formats)
    by_supplier = table_block("ReplayBySupplier", result.by_supplier, language,
                         top=by_class.bottom + 3, formats=metric_formats)
    for block in (by_class, by_supplier):
        if zh:
            block.headers = [ZH_LABELS.get(h, h) for h in block.headers]
    left = max(b.right for b in (card, weekly, by_class, by_supplier)) + 1
    n = len(result.weekly.columns)
    charts = [
        ChartSpec("line", "每周平均库存金额" if zh else "Mean stock value at cost, by week",
                  weekly, 0, list(range(1, n, 2)), (left, 1, left + 10, 18)),
        ChartSpec("line", "每周满足率" if zh else "Fill rate (units), by week",
                  weekly, 0, list(range(2, n, 2)), (left, 19, left + 10, 36)),
    ]
    name = SHEET_NAMES["Replay"][1 if zh else 0]
    return SheetSpec(name, [card, weekly, by_class, by_supplier], charts, widths={1: 24},
                     freeze_header=False)
