"""From a platform's export to Sales lines: which lines are sales, which are not, and why.

A preset (:mod:`xl_inventory.workbook.export_presets`) maps the columns; this module applies
it. A line is left out, and counted under its reason, when its order was closed, cancelled or
not paid, when it has no SKU, or when its SKU is not in Products. A refunded line stays a sale
and gets a return beside it: the same quantity and amount, negative, on the refund's date
where the export gives one (else the sale's). The channel is the shop's name where the export
has one, else the platform's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.export_presets import (
    PRESETS,
    Preset,
    alias_headers,
    detect,
    find_columns,
    missing_columns,
    named,
)
from xl_inventory.workbook.exports import cell_numbers
from xl_inventory.workbook.schema import SALES, normalise
from xl_inventory.workbook.validate import cell_text

LINE_COLUMNS = ["date", "sku", "quantity", "amount", "channel"]
NO_SKU, UNKNOWN_SKU, REFUNDED = "no SKU", "SKU not in Products", "refunded: booked as a return"

# Headers recognised without a preset: xl-inventory's own, Chinese, and common exports
# (UCI Online Retail among them).
GENERIC_HEADERS = {
    "date": ("date", "日期", "invoicedate", "orderdate", "order_date", "created_at", "下单时间"),
    "sku": ("sku", "商品编码", "stockcode", "product_code", "itemcode", "货号"),
    "quantity": ("quantity", "数量", "qty", "units", "销量"),
    "amount": ("amount", "金额", "revenue", "total", "line_total", "实付金额"),
    "channel": ("channel", "渠道", "store", "shop", "country", "平台"),
}


@dataclass
class SalesLines:
    lines: pd.DataFrame  # LINE_COLUMNS, cells as the export holds them (typed later)
    preset: str | None = None
    detected: bool = False
    left_out: Counter[str] = field(default_factory=Counter)  # reason -> lines


def generic_headers() -> set[str]:
    return {alias for aliases in GENERIC_HEADERS.values() for alias in aliases}


def map_columns(headers: list[str], mapping: dict[str, str | None]) -> dict[str, str]:
    """Source column for each Sales column: the given mapping, else a known header."""
    by_norm = {normalise(h): h for h in headers}
    chosen = {}
    for key, names in GENERIC_HEADERS.items():
        given = mapping.get(key)
        if given:
            if given not in headers:
                raise WorkbookError(f"the export has no column {given!r} (for {key}); its "
                                    f"columns are: {', '.join(headers)}")
            chosen[key] = given
            continue
        found = next((by_norm[normalise(n)] for n in names if normalise(n) in by_norm), None)
        if found:
            chosen[key] = found
        elif SALES.column(key).required:
            raise WorkbookError(f"cannot tell which column of the export is {key}: name it "
                                f"with --{key}, or name the platform with --from "
                                f"({', '.join(p.name for p in PRESETS)}); columns: "
                                f"{', '.join(headers)}")
    return chosen


def choose_preset(headers: list[str], name: str | None, path: object) -> Preset | None:
    """The preset named, checked against the export's columns; else the one detected (None:
    no platform's columns, read as a plain export)."""
    if name is not None:
        preset = named(PRESETS, name, "sales")
        missing = missing_columns(headers, preset)
        if missing:
            raise WorkbookError(f"{path} is not a {preset.name} export as known: it has no "
                                f"column {missing[0]!r}")
        return preset
    found = detect(headers)
    if len(found) > 1 and len(find_columns(headers, found[0])) == len(
            find_columns(headers, found[1])):
        raise WorkbookError(f"{path} looks like a {found[0].name} or a {found[1].name} export: "
                            "say which with --from")
    return found[0] if found else None


def _contains(values: pd.Series, patterns: tuple[str, ...]) -> pd.Series:
    """Cells in which one of the patterns (regular expressions, no letter case) is found."""
    text = values.astype(str)
    hit = pd.Series(False, index=values.index)
    for pattern in patterns:
        hit |= text.str.contains(pattern, case=False, regex=True)
    return hit


def generic_lines(export: pd.DataFrame, mapping: dict[str, str | None]) -> SalesLines:
    source = map_columns([str(c) for c in export.columns], mapping)
    lines = pd.DataFrame({key: export[column] for key, column in source.items()})
    return SalesLines(lines.reindex(columns=LINE_COLUMNS))


def preset_lines(export: pd.DataFrame, preset: Preset, orders: pd.DataFrame | None = None
                 ) -> SalesLines:
    """The export's sales (and returns) as Sales lines, by the preset's rules."""
    frame = export.copy()
    columns = find_columns([str(c) for c in frame.columns], preset)
    if preset.from_order_list:
        frame, columns = _join_order_list(frame, columns, preset, orders)
    if preset.fill_down and "order_id" in columns:
        order = frame[columns["order_id"]]
        for role in preset.fill_down:
            if role in columns:
                cells = frame[columns[role]].replace("", np.nan)
                frame[columns[role]] = cells.groupby(order).ffill().fillna("")

    aliases = preset.roles()

    def cells(role: str) -> pd.Series:
        """The role's first column; where a cell is blank, the next alias column's (Taobao's
        外部系统编号 stands in for a blank 商家编码)."""
        if role not in columns:
            return pd.Series("", index=frame.index)
        value = frame[columns[role]]
        for header in alias_headers(list(frame.columns), aliases[role]):
            blank = value.isna() | value.astype(str).str.strip().eq("")
            value = value.where(~blank, frame[header])
        return value

    reason = pd.Series("", index=frame.index, dtype=object)
    status_headers = alias_headers(list(frame.columns), preset.status)
    if "status" in columns and columns["status"] not in status_headers:
        status_headers.append(columns["status"])  # the order list's, joined
    statuses = [frame[h] for h in status_headers]
    for words, why in preset.skip:
        for status in statuses:
            reason = reason.where(reason.ne("") | ~_contains(status, (words,)), why)
    if "cancelled_at" in columns:
        cancelled = cells("cancelled_at").astype(str).str.strip().ne("")
        reason = reason.where(reason.ne("") | ~cancelled, "cancelled")
    sku = cell_text(cells("sku"))
    reason = reason.where(reason.ne("") | sku.ne(""), NO_SKU)

    quantity_cells = cells("quantity")
    quantity = cell_numbers(quantity_cells)
    if "unit_price" in columns:
        amount = cell_numbers(cells("unit_price")) * quantity
    elif "amount" in columns:
        amount = cell_numbers(cells("amount"))
    else:
        amount = pd.Series(np.nan, index=frame.index)
    if "discount" in columns:
        amount = amount - cell_numbers(cells("discount")).fillna(0.0)
    channel = cells("channel").astype(str).str.strip()
    channel = channel.where(channel.ne(""), preset.platform)
    sales = pd.DataFrame({"date": cells("date"), "sku": sku,
                          "quantity": quantity_cells.where(quantity.isna(), quantity),
                          "amount": amount, "channel": channel})
    kept = reason.eq("")
    left_out = Counter(reason[~kept])
    parts = [sales[kept]]
    after_sale = [frame[h] for h in alias_headers(list(frame.columns), preset.after_sale)]
    if preset.refunded and after_sale:
        refunded = kept & np.logical_or.reduce([_contains(s, preset.refunded) for s in after_sale])
        if refunded.any():
            returns = sales[refunded].copy()
            returns["quantity"] = -quantity[refunded]
            returns["amount"] = -amount[refunded]
            if "refund_date" in columns:
                when = cells("refund_date")[refunded]
                returns["date"] = when.where(when.astype(str).str.strip().ne(""),
                                             returns["date"])
            parts.append(returns)
            left_out[REFUNDED] += int(refunded.sum())
    if "returned_quantity" in columns:
        back = cell_numbers(cells("returned_quantity")).fillna(0.0)
        returned = kept & (back > 0)
        if returned.any():
            returns = sales[returned].copy()
            returns["quantity"] = -back[returned]
            returns["amount"] = np.nan
            parts.append(returns)
    lines = pd.concat(parts).sort_index(kind="stable").reset_index(drop=True)
    return SalesLines(lines, preset.name, left_out=left_out)


def _join_order_list(frame: pd.DataFrame, columns: dict[str, str], preset: Preset,
                     orders: pd.DataFrame | None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Taobao: the details file gets its date, shop and status from the order list."""
    if orders is None:
        raise WorkbookError(f"a {preset.name} order-details export holds no payment date: give "
                            "the order list too, with --orders ORDERLIST")
    listed = find_columns([str(c) for c in orders.columns], preset)
    for role in ("order_id", "date"):
        if role not in listed:
            raise WorkbookError(f"the {preset.name} order list has no column "
                                f"{preset.roles()[role][0]!r}")
    wanted = [r for r in preset.from_order_list if r in listed]
    taken = orders[[listed["order_id"], *(listed[r] for r in wanted)]].drop_duplicates(
        listed["order_id"])
    renamed = {listed[r]: f"order list: {listed[r]}" for r in wanted}
    joined = frame.merge(taken.rename(columns=renamed), how="left",
                         left_on=columns["order_id"], right_on=listed["order_id"],
                         suffixes=("", " (order list)"))
    joined.index = frame.index
    for role in wanted:
        columns[role] = renamed[listed[role]]
    return joined, columns
