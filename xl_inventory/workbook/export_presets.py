"""How each shop and ERP writes its sales export: one table per platform, no code of its own.

Each preset names, for every Sales field, the export's headers that carry it (the first one
found wins), the order statuses that mean a line is no sale (closed, cancelled, unpaid), the
after-sale values that mean it was refunded (booked as a return: a negative line), and the
platform's layout quirks (order-level cells left blank on an order's extra lines; Taobao's
details that get their date from the separate order list). Headers are compared as
:func:`preset_key` makes them: no case, spaces, underscores, hyphens, and no unit in brackets
(``商家实收金额(元)`` is ``商家实收金额``). Adding a platform is adding a preset and its test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.schema import normalise

CLOSED, CANCELLED, UNPAID = "closed", "cancelled", "unpaid"


@dataclass(frozen=True)
class Preset:
    name: str  # the value of --from
    platform: str  # the channel of lines whose export names no shop
    date: tuple[str, ...]
    sku: tuple[str, ...]
    quantity: tuple[str, ...]
    amount: tuple[str, ...] = ()  # the line's amount
    unit_price: tuple[str, ...] = ()  # else amount = unit price × quantity
    discount: tuple[str, ...] = ()  # taken off the amount
    channel: tuple[str, ...] = ()  # the shop's name
    status: tuple[str, ...] = ()  # order (and item) status columns
    # (pattern found in a status, reason the line is no sale); patterns are regular
    # expressions without letter case, most of them plain words
    skip: tuple[tuple[str, str], ...] = ()
    cancelled_at: tuple[str, ...] = ()  # a filled cell means the order was cancelled
    after_sale: tuple[str, ...] = ()  # after-sale status columns
    refunded: tuple[str, ...] = ()  # patterns in them that mean the line was refunded
    refund_date: tuple[str, ...] = ()  # when the refund was made (else the sale's date)
    returned_quantity: tuple[str, ...] = ()  # units returned on the same line
    order_id: tuple[str, ...] = ()
    fill_down: tuple[str, ...] = ()  # order-level fields, blank on an order's extra lines
    from_order_list: tuple[str, ...] = ()  # fields only the separate order list holds

    def roles(self) -> dict[str, tuple[str, ...]]:
        """Every field the preset reads, with its header aliases."""
        names = ("date", "sku", "quantity", "amount", "unit_price", "discount", "channel",
                 "status", "cancelled_at", "after_sale", "refund_date", "returned_quantity",
                 "order_id")
        return {name: getattr(self, name) for name in names if getattr(self, name)}


def preset_key(header: object) -> str:
    """A header as presets compare it.

    Examples
    --------
    >>> preset_key(" 商家实收金额（元） "), preset_key("Lineitem sku"), preset_key("商品数量(件)")
    ('商家实收金额', 'lineitemsku', '商品数量')
    """
    text = re.sub(r"[(（][^)）]*[)）]\s*$", "", str(header).strip())
    return normalise(text)


PRESETS = (
    Preset("taobao", "淘宝", date=("订单付款时间",), sku=("商家编码", "外部系统编号"),
           quantity=("购买数量",), unit_price=("价格",), channel=("店铺名称",),
           status=("订单状态",), order_id=("订单编号",),
           skip=(("交易关闭", CLOSED), ("等待买家付款", UNPAID), ("未付款", UNPAID),
                 ("取消", CANCELLED)),
           from_order_list=("date", "channel", "status")),
    Preset("jd", "京东", date=("付款确认时间", "下单时间"), sku=("货号", "商家SKUID"),
           quantity=("订购数量",), unit_price=("京东价",), channel=("订单来源", "订单渠道"),
           status=("订单状态",), order_id=("订单号",),
           skip=(("取消", CANCELLED), ("等待付款", UNPAID), ("未付款", UNPAID))),
    Preset("pdd", "拼多多", date=("支付时间", "订单成交时间"), sku=("商家编码-SKU维度",),
           quantity=("商品数量",), amount=("商家实收金额",), status=("订单状态",),
           skip=(("已取消", CANCELLED), ("未支付", UNPAID), ("待支付", UNPAID)),
           after_sale=("售后状态",), refunded=("退款成功",), order_id=("订单号",)),
    Preset("douyin", "抖音", date=("支付完成时间",), sku=("商家编码", "货号"),
           quantity=("商品数量",), unit_price=("商品金额",), amount=("订单应付金额",),
           status=("订单状态",), after_sale=("售后状态",), refunded=("退款成功", "已退款"),
           skip=(("关闭", CLOSED), ("取消", CANCELLED), ("待支付", UNPAID)),
           order_id=("主订单编号", "子订单编号")),
    Preset("jushuitan", "聚水潭", date=("付款日期",), sku=("商品编码",),
           quantity=("销售数量",), amount=("销售金额",), channel=("店铺", "渠道"),
           returned_quantity=("退货数量",)),
    Preset("wangdiantong", "旺店通", date=("付款时间",), sku=("商家编码",), quantity=("数量",),
           amount=("分摊后总价",), channel=("店铺名称",), status=("订单状态",),
           skip=(("取消", CANCELLED), ("未付款", UNPAID), ("待付款", UNPAID)),
           after_sale=("订单退款状态",), refunded=("退款成功", "已退款"),
           order_id=("订单编号",)),
    Preset("shopify", "Shopify", date=("Created at",), sku=("Lineitem sku",),
           quantity=("Lineitem quantity",), unit_price=("Lineitem price",),
           discount=("Lineitem discount",), channel=("Source",),
           status=("Financial Status",), cancelled_at=("Cancelled at",),
           skip=(("pending", UNPAID), ("authorized", UNPAID), ("voided", CANCELLED)),
           after_sale=("Financial Status",), refunded=("^refunded$",), order_id=("Name",),
           fill_down=("date", "channel", "status", "cancelled_at", "after_sale")),
    Preset("amazon", "Amazon", date=("purchase-date",), sku=("sku",), quantity=("quantity",),
           amount=("item-price",), discount=("item-promotion-discount",),
           channel=("sales-channel",), status=("order-status", "item-status"),
           skip=(("cancel", CANCELLED), ("pending", UNPAID)), order_id=("amazon-order-id",)),
)


def alias_headers(headers: list[str], aliases: tuple[str, ...]) -> list[str]:
    """The headers that are one of the aliases, in the aliases' order of preference.

    Examples
    --------
    >>> alias_headers(["外部系统编号", "商家编码 ", "价格"], ("商家编码", "外部系统编号"))
    ['商家编码 ', '外部系统编号']
    """
    by_key: dict[str, str] = {}
    for header in headers:
        by_key.setdefault(preset_key(header), header)
    keys = dict.fromkeys(preset_key(alias) for alias in aliases)
    return [by_key[key] for key in keys if key in by_key]


def find_columns(headers: list[str], preset: Preset) -> dict[str, str]:
    """The export's header for each field of the preset that it has (first alias found)."""
    return {role: found[0] for role, aliases in preset.roles().items()
            if (found := alias_headers(headers, aliases))}


def _needed(preset: Preset) -> list[str]:
    return [role for role in ("date", "sku", "quantity")
            if role not in preset.from_order_list] + (["order_id"] if preset.from_order_list
                                                      else [])


def missing_columns(headers: list[str], preset: Preset) -> list[str]:
    """The fields a preset cannot do without that the export lacks (their first alias)."""
    found = find_columns(headers, preset)
    return [preset.roles()[role][0] for role in _needed(preset) if role not in found]


def detect(headers: list[str]) -> list[Preset]:
    """The presets whose needed columns the export has, best match first (most fields)."""
    matches = [p for p in PRESETS if not missing_columns(headers, p)]
    scores = {p.name: len(find_columns(headers, p)) for p in matches}
    return sorted(matches, key=lambda p: -scores[p.name])


def header_aliases() -> set[str]:
    """Every header any preset knows, as compared: how a header row is told from title rows."""
    return {preset_key(alias) for preset in PRESETS for aliases in preset.roles().values()
            for alias in aliases}


@dataclass(frozen=True)
class StockPreset:
    """How a platform's or ERP's stock export carries the Stock table's fields. Several
    ``on_order`` columns add up (Amazon's inbound working, shipped and receiving units)."""

    name: str
    platform: str
    sku: tuple[str, ...]
    on_hand: tuple[str, ...]
    on_order: tuple[str, ...] = ()
    warehouse: tuple[str, ...] = ()

    def roles(self) -> dict[str, tuple[str, ...]]:
        names = ("sku", "on_hand", "on_order", "warehouse")
        return {name: getattr(self, name) for name in names if getattr(self, name)}


STOCK_PRESETS = (
    StockPreset("jushuitan", "聚水潭", sku=("商品编码",), on_hand=("实际库存数",),
                on_order=("采购在途数",), warehouse=("仓库", "仓库名称")),
    StockPreset("wangdiantong", "旺店通", sku=("商家编码",), on_hand=("库存",),
                on_order=("采购在途",), warehouse=("仓库", "仓库名称")),
    StockPreset("shopify", "Shopify", sku=("SKU",), on_hand=("On hand",),
                on_order=("Incoming",), warehouse=("Location",)),
    StockPreset("amazon-fba", "Amazon FBA", sku=("sku",), on_hand=("afn-fulfillable-quantity",),
                on_order=("afn-inbound-working-quantity", "afn-inbound-shipped-quantity",
                          "afn-inbound-receiving-quantity")),
)


def stock_columns(headers: list[str], preset: StockPreset) -> dict[str, list[str]]:
    """The export's headers for each field of a stock preset (every alias found)."""
    return {role: alias_headers(headers, aliases) for role, aliases in preset.roles().items()}


def detect_stock(headers: list[str]) -> list[StockPreset]:
    """The stock presets whose SKU and on-hand columns the export has, most fields first."""
    found = [(p, stock_columns(headers, p)) for p in STOCK_PRESETS]
    matches = [(p, c) for p, c in found if c["sku"] and c["on_hand"]]
    return [p for p, c in sorted(matches, key=lambda pc: -sum(map(len, pc[1].values())))]


def stock_header_aliases() -> set[str]:
    return {preset_key(alias) for preset in STOCK_PRESETS for aliases in preset.roles().values()
            for alias in aliases}


AnyPreset = TypeVar("AnyPreset", Preset, StockPreset)


def named(presets: tuple[AnyPreset, ...], name: str, what: str) -> AnyPreset:
    """The preset called ``name`` (any letter case), or one line listing the known ones."""
    found = next((p for p in presets if p.name == name.lower()), None)
    if found is None:
        raise WorkbookError(f"unknown --from {name!r} for {what}: one of "
                            f"{', '.join(p.name for p in presets)}")
    return found
