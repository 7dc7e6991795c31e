"""The KPI dashboard's figures: turnover, days of inventory, sell-through, slow-moving ratio,
ABC shares, sales by channel, and the monthly turnover trend.

Average inventory is reconstructed backwards from today's stock: the stock at the end of a day
is today's stock plus what was sold since, less what was received since (the Receipts table);
without receipts, stock before today is at least today's plus later sales. Negative
reconstructions (receipts missing from the table) count as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_inventory.core import (
    days_of_inventory,
    inventory_turnover,
    sell_through,
    slow_moving_ratio,
)
from xl_inventory.core.demand import demand_series
from xl_inventory.reports.analysis import Analysis
from xl_inventory.reports.slow_movers import days_since_sale, slow_among
from xl_inventory.workbook.schema import Settings

DAYS_PER_YEAR = 365.0
SELL_THROUGH_DAY = 30  # the seed's 新品设定30天售罄率目标: a new SKU is judged at day 30
NEW_SKUS_LISTED = 10  # the SKUs under target named in the note (the count covers them all)


@dataclass
class Kpis:
    figures: pd.DataFrame  # metric, value, target, status
    monthly: pd.DataFrame  # month, cogs, average_inventory, turnover
    channels: pd.DataFrame  # channel, sales_value, share
    abc: pd.DataFrame  # abc_class, skus, sales_share, stock_share


def daily_stock_value(analysis: Analysis) -> pd.DataFrame:
    """Reconstructed stock value at cost at the end of each day of the history window."""
    s = analysis.skus
    days = analysis.demand.periods
    cost = s["unit_cost"].to_numpy(np.float64)
    sold = np.nan_to_num(analysis.demand.quantity)
    cogs = cost @ sold
    # In place from here: the table is SKUs x days, and every fresh one costs page faults.
    net = sold
    receipts = analysis.inventory.receipts
    if len(receipts):
        net -= np.nan_to_num(demand_series(receipts, days[0], days[-1], skus=s.index).quantity)
    total = net.sum(axis=1, keepdims=True)
    # sold less received after each day: the whole window's net less that up to the day
    units = np.subtract(total, np.cumsum(net, axis=1, out=net), out=net)
    units += s["on_hand"].to_numpy()[:, None]
    np.maximum(units, 0.0, out=units)
    return pd.DataFrame({"stock_value": cost @ units, "cogs": cogs}, index=days)


def new_sku_sell_through(analysis: Analysis) -> pd.Series:
    """Sell-through at day 30 of each SKU launched inside the history window whose 30th day
    has come: units sold in its first 30 days / (those units + the stock left on day 30).
    The stock of day 30 is today's plus what sold since, less what was received since."""
    s = analysis.skus
    days = analysis.demand.periods
    launch = s["launch_date"]
    day30 = launch + pd.Timedelta(days=SELL_THROUGH_DAY - 1)
    due = (launch >= days[0]) & (day30 <= analysis.as_of)
    if not due.any():
        return pd.Series(dtype=np.float64)
    rows = np.flatnonzero(due.to_numpy())
    sold = np.nancumsum(np.maximum(analysis.demand.quantity[rows], 0.0), axis=1)
    first = days.get_indexer(launch.iloc[rows]) - 1
    last = days.get_indexer(day30.iloc[rows])
    at = np.arange(len(rows))
    before = np.where(first >= 0, sold[at, np.maximum(first, 0)], 0.0)
    sold_30 = sold[at, last] - before
    since = sold[at, -1] - sold[at, last]
    receipts = analysis.inventory.receipts
    receipt_day30 = receipts["sku"].map(day30).astype("datetime64[ns]")
    later = ((receipts["date"] > receipt_day30) & (receipts["date"] <= analysis.as_of)
             ).to_numpy()
    received_since = (receipts["quantity"][later].groupby(receipts["sku"][later], observed=True)
                      .sum().reindex(s.index[rows]).fillna(0).to_numpy())
    stock_30 = np.maximum(s["on_hand"].to_numpy()[rows] + since - received_since, 0.0)
    available = sold_30 + stock_30
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(available > 0, sold_30 / available, np.nan)
    return pd.Series(ratio, index=s.index[rows]).dropna()


def _status(value: float, target: float, higher_is_better: bool) -> str:
    if not np.isfinite(value):
        return ""
    good = value >= target if higher_is_better else value <= target
    return "on target" if good else ("below target" if higher_is_better else "above target")


@dataclass
class KpiParts:
    """What the KPIs need of the SKU x day tables and the sales lines, per SKU or summed over
    SKUs: the parts of chunks of SKUs add up (:meth:`add`) to those of the whole range."""

    daily: pd.DataFrame  # stock_value, cogs per day of the window
    channels: pd.Series  # sales value per channel
    new_through: pd.Series  # per SKU launched in the window: sell-through at day 30
    days_since: pd.Series  # per SKU: days since its last sale

    @classmethod
    def add(cls, parts: list[KpiParts]) -> KpiParts:
        channels = pd.concat([p.channels for p in parts])
        return cls(sum((p.daily for p in parts[1:]), parts[0].daily),
                   channels.groupby(level=0, sort=False).sum(),
                   pd.concat([p.new_through for p in parts]),
                   pd.concat([p.days_since for p in parts]))


def kpi_parts(analysis: Analysis) -> KpiParts:
    sales = analysis.inventory.sales
    window = (sales["date"] >= analysis.whole.start).to_numpy()  # a mask, not a copy
    channel = sales["channel"][window].replace("", "(none)")
    channels = analysis.line_values[window].groupby(channel).sum()
    return KpiParts(daily_stock_value(analysis), channels, new_sku_sell_through(analysis),
                    days_since_sale(analysis))


def kpis(analysis: Analysis) -> Kpis:
    """The dashboard's figures. They need no forecast: the slow stock of the slow-moving ratio
    is that of the slow-mover report's SKUs (:func:`slow_sku_days`)."""
    return kpis_of(kpi_parts(analysis), analysis.skus, analysis.settings, analysis.as_of,
                   len(analysis.inventory.receipts) > 0)


def kpis_of(parts: KpiParts, s: pd.DataFrame, settings: Settings, as_of: pd.Timestamp,
            has_receipts: bool) -> Kpis:
    """The dashboard's figures from the parts of every SKU and the per-SKU facts ``s``."""
    days = parts.days_since.reindex(s.index)
    slow = slow_among(days, s["on_hand"], settings.slow_days).index
    daily = parts.daily
    period_days = len(daily)
    cogs, average = daily["cogs"].sum(), daily["stock_value"].mean()
    turnover = float(inventory_turnover(cogs, average).value)
    dio = float(days_of_inventory(cogs, average, max(period_days, 1)).value)

    launched = s["launch_date"]
    recent = launched.notna() & (launched > as_of - pd.Timedelta(days=30)) & (
        launched <= as_of)
    sold_new = s.loc[recent, "units_sold"].clip(lower=0).sum()
    available = sold_new + s.loc[recent, "on_hand"].sum()
    new_through = float(sell_through(sold_new, available).value) if recent.any() else np.nan

    stock = s["on_hand"] * s["unit_cost"]
    stock_value = stock.sum()
    slow_ratio = float(slow_moving_ratio(stock.to_numpy(), days.to_numpy(),
                                         settings.slow_days).value)
    target_through = settings.sell_through_target
    target_slow = settings.slow_ratio_target
    per_year = turnover * DAYS_PER_YEAR / period_days if period_days else np.nan
    reconstructed = ("" if has_receipts else
                     "no Receipts table: average stock rebuilt as if nothing was received")
    late = parts.new_through
    under = late[late < target_through]
    figures = pd.DataFrame([
        ("inventory turnover (turns in the history window)", turnover, np.nan, "",
         reconstructed),
        ("inventory turnover, annualised", per_year, np.nan, "", reconstructed),
        ("history window (days)", float(period_days), np.nan, "", ""),
        ("days of inventory", dio, np.nan, "", ""),
        ("sell-through of SKUs launched in the last 30 days", new_through, target_through,
         _status(new_through, target_through, True),
         "" if recent.any() else "no SKU launched in the last 30 days"),
        ("SKUs under the sell-through target at day 30", float(len(under)), np.nan, "",
         ", ".join(under.sort_values().index[:NEW_SKUS_LISTED].astype(str))
         + (" ..." if len(under) > NEW_SKUS_LISTED else "")),
        ("slow-moving ratio", slow_ratio, target_slow, _status(slow_ratio, target_slow, False),
         ""),
        ("stock value at cost", stock_value, np.nan, "", ""),
        ("SKUs", float(len(s)), np.nan, "", ""),
        ("SKUs with no sale for slow_days", float(len(slow)), np.nan, "", ""),
    ], columns=["metric", "value", "target", "status", "note"])

    monthly = daily.groupby(daily.index.to_period("M")).agg(
        cogs=("cogs", "sum"), average_inventory=("stock_value", "mean"))
    with np.errstate(divide="ignore", invalid="ignore"):
        monthly["turnover"] = np.where(monthly["average_inventory"] > 0,
                                       monthly["cogs"] / monthly["average_inventory"], np.nan)
    monthly = monthly.reset_index(names="month")
    monthly["month"] = monthly["month"].astype(str)

    channels = parts.channels.rename_axis("channel").rename("sales_value").reset_index()
    total = channels["sales_value"].sum()
    channels["share"] = channels["sales_value"] / total if total else np.nan
    channels = channels.sort_values("sales_value", ascending=False, ignore_index=True)

    abc = pd.DataFrame({"abc_class": ["A", "B", "C"]})
    abc["skus"] = abc["abc_class"].map(s["abc_class"].value_counts()).fillna(0)
    sales_total, stock_total = s["sales_value"].sum(), stock.sum()
    abc["sales_share"] = abc["abc_class"].map(s.groupby("abc_class")["sales_value"].sum()
                                              ).fillna(0) / (sales_total or np.nan)
    abc["stock_share"] = abc["abc_class"].map(stock.groupby(s["abc_class"]).sum()
                                              ).fillna(0) / (stock_total or np.nan)
    return Kpis(figures, monthly, channels, abc)
