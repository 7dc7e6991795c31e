"""The workbook interface fixed by the contract: input tables, their columns, the settings.

Input tables are Excel tables (ListObjects) found by name on whatever sheet. Each column is
matched by its English key or its Chinese header, ignoring case, spaces and underscores.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from enum import Enum

import pandas as pd

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
    meaning: str = ""


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
    Column("sku", "商品编码", T, required=True,
           meaning="the SKU code, unique (codes differing only by letter case are listed)"),
    Column("name", "商品名称", T, default="",
           meaning="product name"),
    Column("category", "品类", T, default="",
           meaning="category: new SKUs borrow its sales rate, bundles pair within it"),
    Column("supplier", "供应商", T, default="",
           meaning="who it is bought from: the purchase plan and buyer files group by it"),
    Column("unit_cost", "单位成本", N, required=True,
           meaning="purchase cost of one unit (currency); stock and COGS are valued at it"),
    Column("price", "售价", N,
           meaning="selling price of one unit; lost margin and markdowns use it (else unit cost)"),
    Column("lead_time_days", "采购提前期", N, required=True,
           meaning="days from order to receipt, 0 to 3,650"),
    Column("moq", "最小起订量", N, default=0.0,
           meaning="minimum order quantity in units"),
    Column("pack_size", "箱规", N, default=1.0,
           meaning="units per case: orders are whole cases"),
    Column("season", "季节", T, default="",
           meaning="selling months, first-last: 11-02 is November to February; blank: all year"),
    Column("launch_date", "上市日期", D,
           meaning="first day on sale; days before it are not days without sales"),
))
SALES = TableSpec("Sales", "销售", (
    Column("date", "日期", D, required=True,
           meaning="day of the sale (a time is kept but reports count days)"),
    Column("sku", "商品编码", T, required=True,
           meaning="SKU code, as in Products"),
    Column("quantity", "数量", N, required=True,
           meaning="units sold; negative is a return"),
    Column("amount", "金额", N,
           meaning="value of the line (currency); quantity × price without it"),
    Column("channel", "渠道", T, default="",
           meaning="shop or channel, for the sales-by-channel figures"),
))
STOCK = TableSpec("Stock", "库存", (
    Column("sku", "商品编码", T, required=True,
           meaning="SKU code, as in Products"),
    Column("on_hand", "现有库存", N, required=True,
           meaning="units in stock now; rows of one SKU (warehouses) add up"),
    Column("on_order", "在途数量", N, default=0.0,
           meaning="units ordered and not yet received"),
    Column("warehouse", "仓库", T, default="",
           meaning="warehouse name (information only)"),
))
RECEIPTS = TableSpec("Receipts", "入库", (
    Column("date", "日期", D, required=True,
           meaning="day goods were received"),
    Column("sku", "商品编码", T, required=True,
           meaning="SKU code, as in Products"),
    Column("quantity", "数量", N, required=True,
           meaning="units received (without this table, past stock is rebuilt without receipts)"),
), required=False)
PROMOTIONS = TableSpec("Promotions", "促销", (
    Column("sku", "商品编码", T, required=True,
           meaning="SKU code, as in Products"),
    Column("start", "开始日期", D, required=True,
           meaning="first day of the promotion"),
    Column("end", "结束日期", D, required=True,
           meaning="last day of the promotion"),
    Column("uplift", "销量系数", N, required=True,
           meaning="sales multiplier during it (1.5: half again); taken out of the history"),
), required=False)
SETTINGS = TableSpec("Settings", "参数", (
    Column("name", "参数", T, required=True,
           meaning="setting name, English or Chinese (see the settings)"),
    Column("value", "值", T, required=True,
           meaning="its value"),
), required=False)

INPUT_TABLES = (PRODUCTS, SALES, STOCK, RECEIPTS, PROMOTIONS, SETTINGS)


@dataclass(frozen=True)
class Setting:
    """One row of the Settings table: its names, the default as the template shows it, what it
    means, and the values it may take (``choices`` for a word; ``low``..``high``, both
    included, for a number). A value outside them is listed and replaced by the default."""

    name: str
    zh: str
    default: object
    meaning: str
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    whole: bool = False  # a number of days or weeks: rounded to a whole number

    @property
    def allowed(self) -> str:
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.low is not None and self.high is not None:
            return f"a number from {self.low:g} to {self.high:g}"
        return ""


SETTINGS_DEFAULTS = (
    Setting("as_of_date", "截止日期", None, "day the reports are made for (default: last sale)"),
    Setting("slow_days", "滞销天数", 90, "days without a sale that make a SKU slow", low=1,
            high=3650),
    Setting("service_level", "服务水平", 0.95, "chance of no stock-out per lead time (normal)",
            low=0.5, high=0.999),
    Setting("review_days", "盘货周期", 7, "days between purchase reviews", low=1, high=365,
            whole=True),
    Setting("holding_cost_rate", "年持有成本率", 0.25, "holding cost per year, share of value",
            low=0, high=2),
    Setting("a_share", "A类占比", 0.7, "share of sales value of A items", low=0.01, high=1),
    Setting("b_share", "B类累计占比", 0.9, "cumulative share up to which items are B (at least "
            "a_share)", low=0.01, high=1),
    Setting("markdown_steps", "降价阶梯", "0.1,0.2,0.3",
            "discount of each markdown step, rising (0.1,0.2,0.3 or 10%,20%,30%)"),
    Setting("sell_through_target", "售罄率目标", 0.4, "30-day sell-through target of new SKUs",
            low=0, high=1),
    Setting("slow_ratio_target", "滞销占比目标", 0.05, "slow-moving ratio to stay below", low=0,
            high=1),
    Setting("safety_stock_method", "安全库存方法", "normal",
            '"normal" (z σ √(lead + review), chosen by the replay) or "peak" (the seed\'s rule)',
            ("normal", "peak")),
    Setting("b_policy", "B类策略", "order_up_to",
            '"order_up_to" (as A, chosen by the replay) or "eoq" (fixed EOQ lots)',
            ("order_up_to", "eoq")),
    Setting("order_cost", "每单费用", 50.0, "fixed cost of one purchase order (for EOQ)", low=0,
            high=1e6),
    Setting("trial_days", "试销天数", 14, "days of demand a new SKU's trial batch covers", low=1,
            high=365),
    Setting("history_days", "历史天数", 365, "days of sales history the forecast uses", low=28,
            high=3650, whole=True),
    Setting("max_cover_days", "最长覆盖天数", 180,
            "no suggested order exceeds this many days of forecast demand", low=1, high=3650),
    Setting("obsolescence_rate", "年贬值率", 0.3,
            "share of its price a stock that does not move loses per year (slow movers)", low=0,
            high=1),
    Setting("replay_weeks", "回放周数", 13,
            "weeks the ribbon's Replay button replays, ending on the last day with sales", low=1,
            high=260, whole=True),
    Setting("forecast_method", "预测方法", "auto",
            '"auto", or one method: ma, ses, holt, seasonal, croston, sba, tsb, adida',
            FORECAST_METHODS),
    Setting("date_order", "日期顺序", "auto",
            '"auto" (each column decided by its dates: 13/01 proves day first), "dmy", "mdy" or '
            '"ymd": how text dates such as 05.01.2024 are read', ("auto", "dmy", "mdy", "ymd")),
)


@dataclass(frozen=True)
class Settings:
    """The settings of a refresh, typed and within their ranges (see :data:`SETTINGS_DEFAULTS`
    for their meaning). ``as_of_date`` is always a day: the last sale's when not set."""

    as_of_date: pd.Timestamp
    slow_days: float
    service_level: float
    review_days: int
    holding_cost_rate: float
    a_share: float
    b_share: float
    markdown_steps: tuple[float, ...]
    sell_through_target: float
    slow_ratio_target: float
    safety_stock_method: str
    b_policy: str
    order_cost: float
    trial_days: float
    history_days: int
    max_cover_days: float
    obsolescence_rate: float
    replay_weeks: int
    forecast_method: str
    date_order: str

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)


def markdown_steps(text: object) -> tuple[float, ...] | None:
    """Discounts of the markdown steps from the setting's text ("0.1,0.2,0.3", "10%,20%" or
    "10,20,30"); None when it is not a rising list of discounts between 0 and 1.

    Examples
    --------
    >>> markdown_steps("10%，20%, 0.3")
    (0.1, 0.2, 0.3)
    >>> markdown_steps("abc") is None
    True
    """
    steps = []
    for part in str(text).replace("，", ",").split(","):
        stripped = part.strip()
        if not stripped:
            continue
        try:
            value = float(stripped.rstrip("%"))
        except ValueError:
            return None
        steps.append(value / 100 if stripped.endswith("%") or value > 1 else value)
    rising = all(a < b for a, b in itertools.pairwise(steps))
    if not steps or not rising or not all(0 < step < 1 for step in steps):
        return None
    return tuple(steps)


def normalise(header: object) -> str:
    """Header as compared: text, lower case, without spaces, underscores or brackets."""
    text = "" if header is None else str(header)
    return "".join(ch for ch in text.strip().lower() if ch not in " _-()（）")
