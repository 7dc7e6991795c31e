"""The workbook interface fixed by SPEC.md: input tables, their columns, the settings.

Input tables are Excel tables (ListObjects) found by name on whatever sheet. Each column is
matched by its English key or its Chinese header, ignoring case, spaces and underscores.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from xl_inventory.core.forecasting import METHODS as FORECAST_METHODS


class Kind(Enum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    kind: Kind
    required: bool = False
    default: object = None


@dataclass(frozen=True)
class TableSpec:
    name: str
    zh: str
    columns: tuple[Column, ...]
    required: bool = True

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


T, N, D = Kind.TEXT, Kind.NUMBER, Kind.DATE

PRODUCTS = TableSpec("Products", "商品", (
    Column("sku", "商品编码", T, required=True),
    Column("name", "商品名称", T, default=""),
    Column("category", "品类", T, default=""),
    Column("supplier", "供应商", T, default=""),
    Column("unit_cost", "单位成本", N, required=True),
    Column("price", "售价", N),
    Column("lead_time_days", "采购提前期", N, required=True),
    Column("moq", "最小起订量", N, default=0.0),
    Column("pack_size", "箱规", N, default=1.0),
    Column("season", "季节", T, default=""),
    Column("launch_date", "上市日期", D),
))
SALES = TableSpec("Sales", "销售", (
    Column("date", "日期", D, required=True),
    Column("sku", "商品编码", T, required=True),
    Column("quantity", "数量", N, required=True),
    Column("amount", "金额", N),
    Column("channel", "渠道", T, default=""),
))
STOCK = TableSpec("Stock", "库存", (
    Column("sku", "商品编码", T, required=True),
    Column("on_hand", "现有库存", N, required=True),
    Column("on_order", "在途数量", N, default=0.0),
    Column("warehouse", "仓库", T, default=""),
))
RECEIPTS = TableSpec("Receipts", "入库", (
    Column("date", "日期", D, required=True),
    Column("sku", "商品编码", T, required=True),
    Column("quantity", "数量", N, required=True),
), required=False)
PROMOTIONS = TableSpec("Promotions", "促销", (
    Column("sku", "商品编码", T, required=True),
    Column("start", "开始日期", D, required=True),
    Column("end", "结束日期", D, required=True),
    Column("uplift", "销量系数", N, required=True),
), required=False)
SETTINGS = TableSpec("Settings", "参数", (
    Column("name", "参数", T, required=True),
    Column("value", "值", T, required=True),
), required=False)

INPUT_TABLES = (PRODUCTS, SALES, STOCK, RECEIPTS, PROMOTIONS, SETTINGS)


@dataclass(frozen=True)
class Setting:
    name: str
    zh: str
    default: object
    meaning: str
    choices: tuple[str, ...] = ()


SETTINGS_DEFAULTS = (
    Setting("as_of_date", "截止日期", None, "day the reports are made for (default: last sale)"),
    Setting("slow_days", "滞销天数", 90, "days without a sale that make a SKU slow"),
    Setting("service_level", "服务水平", 0.95, "chance of no stock-out per lead time (normal)"),
    Setting("review_days", "盘货周期", 7, "days between purchase reviews"),
    Setting("holding_cost_rate", "年持有成本率", 0.25, "holding cost per year, share of value"),
    Setting("a_share", "A类占比", 0.7, "share of sales value of A items"),
    Setting("b_share", "B类累计占比", 0.9, "cumulative share up to which items are B"),
    Setting("markdown_steps", "降价阶梯", "0.1,0.2,0.3", "discount of each markdown step"),
    Setting("sell_through_target", "售罄率目标", 0.4, "30-day sell-through target of new SKUs"),
    Setting("slow_ratio_target", "滞销占比目标", 0.05, "slow-moving ratio to stay below"),
    Setting("safety_stock_method", "安全库存方法", "normal",
            '"normal" (z σ √(lead + review), chosen by the replay) or "peak" (the seed\'s rule)',
            ("normal", "peak")),
    Setting("b_policy", "B类策略", "order_up_to",
            '"order_up_to" (as A, chosen by the replay) or "eoq" (fixed EOQ lots)',
            ("order_up_to", "eoq")),
    Setting("order_cost", "每单费用", 50.0, "fixed cost of one purchase order (for EOQ)"),
    Setting("trial_days", "试销天数", 14, "days of demand a new SKU's trial batch covers"),
    Setting("history_days", "历史天数", 365, "days of sales history the forecast uses"),
    Setting("max_cover_days", "最长覆盖天数", 180,
            "no suggested order exceeds this many days of forecast demand"),
    Setting("obsolescence_rate", "年贬值率", 0.3,
            "share of its price a stock that does not move loses per year (slow movers)"),
    Setting("replay_weeks", "回放周数", 13,
            "weeks the ribbon's Replay button replays, ending on the last day with sales"),
    Setting("forecast_method", "预测方法", "auto",
            '"auto", or one method: ma, ses, holt, seasonal, croston, sba, tsb, adida',
            FORECAST_METHODS),
)


def normalise(header: object) -> str:
    """Header as compared: text, lower case, without spaces, underscores or brackets."""
    text = "" if header is None else str(header)
    return "".join(ch for ch in text.strip().lower() if ch not in " _-()（）")
