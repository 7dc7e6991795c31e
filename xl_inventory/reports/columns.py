"""Every column a report writes, declared once: its Chinese header, its cell format, its meaning.

The format is one of the sheet writer's (text, int, decimal, money, percent, date); a report may
override it for one table (the KPI table's ``value`` holds decimals). ``meaning`` is what the
column holds, as the reference in ``docs/`` explains it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportColumn:
    key: str
    zh: str
    format: str
    meaning: str


REPORT_COLUMNS = (
    # what a SKU is (from Products)
    ReportColumn("sku", "商品编码", "text", "the SKU code"),
    ReportColumn("name", "商品名称", "text", "the product name"),
    ReportColumn("category", "品类", "text", "the product category"),
    ReportColumn("supplier", "供应商", "text", "the supplier it is bought from"),
    ReportColumn("abc_class", "ABC分类", "text", "A, B or C by share of sales value"),
    # the purchase plan
    ReportColumn("policy", "策略", "text", "how the line's quantity was decided"),
    ReportColumn("demand_class", "需求类型", "text",
                 "smooth, erratic, intermittent, lumpy, new or none"),
    ReportColumn("daily_forecast", "日均预测", "decimal",
                 "expected units a day over the next 28 days"),
    ReportColumn("cover_days", "覆盖天数", "int", "days the order must cover: lead + review"),
    ReportColumn("forecast", "预测销量", "decimal", "forecast units over the cover days"),
    ReportColumn("safety_stock", "安全库存", "decimal", "units kept against forecast error"),
    ReportColumn("on_hand", "现有库存", "int", "units in stock"),
    ReportColumn("on_order", "在途数量", "int", "units ordered, not yet received"),
    ReportColumn("suggested_qty", "建议采购量", "int",
                 "units to order, in whole packs, at least the MOQ"),
    ReportColumn("order_value", "采购金额", "money", "suggested_qty × unit cost"),
    ReportColumn("days_of_cover_after", "到货后可售天数", "decimal",
                 "days the stock position lasts after the order (blank: no forecast demand)"),
    ReportColumn("note", "说明", "text", "why the line is ordered, capped or not ordered"),
    # slow movers
    ReportColumn("stock_value", "库存金额", "money", "on_hand × unit cost"),
    ReportColumn("last_sale", "最后销售日", "date", "the day of the last sale"),
    ReportColumn("days_since_last_sale", "未动销天数", "int", "days without a sale"),
    ReportColumn("sell_through", "售罄率", "percent", "sold / (sold + on hand) in the window"),
    ReportColumn("holding_cost_to_date", "至今持有成本", "money",
                 "holding cost of the stock since its last sale"),
    ReportColumn("holding_cost_next_90_days", "未来90天持有成本", "money",
                 "holding cost of keeping the stock 90 more days"),
    ReportColumn("markdown_step", "降价阶梯", "int", "1, 2 or 3 by age"),
    ReportColumn("markdown_discount", "折扣", "percent", "the step's discount"),
    ReportColumn("markdown_loss", "降价损失", "money", "revenue given up by the markdown"),
    ReportColumn("holding_cost_to_clear", "清完前持有成本", "money",
                 "holding cost and value lost until the stock sells at its rate (≤ 1 year)"),
    ReportColumn("cheaper", "更划算", "text", "mark down or hold, whichever costs less"),
    ReportColumn("bundle_partner", "搭配畅销品", "text", "best-selling A item to bundle with"),
    # totals, KPIs and the other tables
    ReportColumn("lines", "行数", "int", "number of lines (order lines, or input lines)"),
    ReportColumn("sample", "示例", "text", "a few of the values concerned"),
    ReportColumn("units", "数量", "int", "units"),
    ReportColumn("metric", "指标", "text", "what the figure is"),
    ReportColumn("value", "数值", "text", "the figure"),
    ReportColumn("target", "目标", "decimal", "the target setting"),
    ReportColumn("status", "状态", "text", "on target, below or above"),
    ReportColumn("month", "月份", "text", "calendar month"),
    ReportColumn("cogs", "销售成本", "money", "cost of the goods sold"),
    ReportColumn("average_inventory", "平均库存", "money", "mean daily stock value at cost"),
    ReportColumn("turnover", "周转率", "decimal", "cogs / average inventory"),
    ReportColumn("channel", "渠道", "text", "sales channel"),
    ReportColumn("sales_value", "销售额", "money", "sales value in the window"),
    ReportColumn("share", "占比", "percent", "share of the total"),
    ReportColumn("skus", "SKU数", "int", "number of SKUs"),
    ReportColumn("sales_share", "销售额占比", "percent", "share of sales value"),
    ReportColumn("stock_share", "库存金额占比", "percent", "share of stock value"),
    ReportColumn("frequency", "频率", "text", "how often the SKU is counted"),
    ReportColumn("count_every_days", "间隔天数", "int", "days between counts"),
    ReportColumn("next_count", "下次盘点", "date", "the day of the next count"),
    ReportColumn("table", "表", "text", "input table"),
    ReportColumn("row", "行", "int", "sheet row"),
    ReportColumn("column", "列", "text", "column of the table"),
    ReportColumn("reason", "原因", "text", "what is wrong and what was done"),
    ReportColumn("week", "周", "date", "first day of the replayed week"),
)
BY_KEY = {column.key: column for column in REPORT_COLUMNS}
