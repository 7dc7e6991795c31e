"""The seller's diagnostic metrics: turnover, days of inventory, sell-through, slow movers, cover.

Every function takes single numbers or arrays (one row per SKU) and answers an
:class:`~xl_inventory.core.status.Answer`: values plus a status per row, so one bad SKU never
stops a batch and never passes as a number.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xl_inventory.core._arrays import (
    aligned,
    as_floats,
    blank_status,
    positive,
    row_average,
    scalar,
)
from xl_inventory.core.costs import DAYS_PER_YEAR
from xl_inventory.core.status import Answer, RowStatus, finish, flag


def inventory_turnover(cost_of_goods_sold: ArrayLike, inventory_value: ArrayLike) -> Answer:
    """Inventory turnover: cost of goods sold over average inventory value, per SKU.

    Parameters
    ----------
    cost_of_goods_sold : array_like
        Cost of the goods sold in the period, one number per row (currency).
    inventory_value : array_like
        Inventory value at cost, one balance per row (shape ``(n,)``) or several balances per
        row (shape ``(n, k)``, e.g. month-end balances), averaged across the row with blanks
        skipped.

    Returns
    -------
    Answer
        Turns per period. ``DIV_ZERO`` where the average inventory is zero, ``NUM`` where a cost
        or a balance is negative, ``BLANK`` where the cost or every balance is blank.

    Notes
    -----
    ``turnover = COGS / mean(inventory balances)`` (the contract, the seed's 库存周转率). Higher is
    better: a peer at 10 against your 5 means your money turns half as fast.

    Examples
    --------
    A month's COGS of 120,000 against balances of 40,000, 20,000 and 30,000:

    >>> inventory_turnover(120_000, [[40_000, 20_000, 30_000]]).value
    array([4.])
    """
    cogs = as_floats(cost_of_goods_sold, "cost_of_goods_sold")
    average, negative_balance = row_average(inventory_value, "inventory_value")
    cogs, average, negative_balance = aligned(
        cost_of_goods_sold=cogs, inventory_value=average, negative=negative_balance
    )
    status = blank_status(cogs, average)
    flag(status, average == 0, RowStatus.DIV_ZERO)
    flag(status, (cogs < 0) | negative_balance, RowStatus.NUM)
    with np.errstate(all="ignore"):
        return finish(cogs / average, status)


def days_of_inventory(
    cost_of_goods_sold: ArrayLike, inventory_value: ArrayLike, period_days: float = DAYS_PER_YEAR
) -> Answer:
    """Days of inventory outstanding (DIO): period days divided by turnover.

    Parameters
    ----------
    cost_of_goods_sold : array_like
        Cost of the goods sold in the period, one number per row (currency).
    inventory_value : array_like
        Inventory balances at cost, as in :func:`inventory_turnover`.
    period_days : float, default 365
        Length in days of the period the cost of goods sold covers (30 for a month).

    Returns
    -------
    Answer
        Days. ``DIV_ZERO`` where nothing was sold (the stock would last forever), otherwise the
        statuses of :func:`inventory_turnover`.

    Notes
    -----
    ``DIO = period_days / turnover = period_days × average inventory / COGS`` (the contract).

    Examples
    --------
    >>> days_of_inventory(120_000, [[40_000, 20_000, 30_000]], period_days=30).value
    array([7.5])
    """
    days = positive(period_days, "period_days")
    turnover = inventory_turnover(cost_of_goods_sold, inventory_value)
    status = turnover.status.copy()
    flag(status, (turnover.value == 0) & (status == RowStatus.OK), RowStatus.DIV_ZERO)
    with np.errstate(all="ignore"):
        return finish(days / turnover.value, status)


def sell_through(
    units_sold: ArrayLike, units_received: ArrayLike, opening_stock: ArrayLike = 0.0
) -> Answer:
    """Sell-through rate: units sold over units available (opening stock plus receipts).

    Parameters
    ----------
    units_sold : array_like
        Units sold in the window, net of returns.
    units_received : array_like
        Units received in the window.
    opening_stock : array_like, default 0
        Units on hand when the window opened (0 for a new SKU's first window).

    Returns
    -------
    Answer
        A share (0.4 is 40 %). ``DIV_ZERO`` where nothing was available, ``NUM`` where a
        quantity is negative. A share above 1 is answered as it is: it means sales and receipts
        disagree, which the seller should see rather than have hidden.

    Notes
    -----
    ``sell-through = sold / (opening stock + received)`` (the contract, the seed's 售罄率). A new
    SKU below 40 % at day 30 should start a promotion.

    Examples
    --------
    >>> sell_through([30, 45], [100, 100], opening_stock=[0, 50]).value
    array([0.3, 0.3])
    """
    sold, received, opening = aligned(
        units_sold=as_floats(units_sold, "units_sold"),
        units_received=as_floats(units_received, "units_received"),
        opening_stock=as_floats(opening_stock, "opening_stock"),
    )
    available = opening + received
    status = blank_status(sold, received, opening)
    flag(status, available == 0, RowStatus.DIV_ZERO)
    flag(status, (sold < 0) | (received < 0) | (opening < 0), RowStatus.NUM)
    with np.errstate(all="ignore"):
        return finish(sold / available, status)


def slow_moving_ratio(
    stock_value: ArrayLike, days_since_last_sale: ArrayLike, slow_days: float = 90
) -> Answer:
    """Share of stock value held in SKUs with no sale in the last ``slow_days`` days.

    Parameters
    ----------
    stock_value : array_like
        Stock value at cost per SKU; a blank counts as no stock.
    days_since_last_sale : array_like
        Days since each SKU last sold; a blank means it never sold, which makes it slow.
    slow_days : float, default 90
        A SKU is slow when ``days_since_last_sale >= slow_days``: a sale exactly ``slow_days``
        ago lies outside a window of the last ``slow_days`` days that ends today.

    Returns
    -------
    Answer
        One share for the whole range (0.05 is 5 %). ``DIV_ZERO`` where there is no stock value
        at all, ``NUM`` where a stock value or a day count is negative.

    Notes
    -----
    ``slow ratio = Σ value of slow SKUs / Σ value of all SKUs`` (the seed's 滞销库存占比);
    keep it below 5 %.

    Examples
    --------
    >>> slow_moving_ratio([1000, 500, 250, 250], [3, 120, 90, None]).value
    array(0.5)
    """
    threshold = scalar(slow_days, "slow_days")
    value, days = aligned(
        stock_value=as_floats(stock_value, "stock_value"),
        days_since_last_sale=as_floats(days_since_last_sale, "days_since_last_sale"),
    )
    value = np.where(np.isnan(value), 0.0, value)
    slow = np.isnan(days) | (days >= threshold)
    total = value.sum()
    status = np.zeros((), dtype=np.int8)
    flag(status, total == 0, RowStatus.DIV_ZERO)
    flag(status, np.any(value < 0) | np.any(days < 0), RowStatus.NUM)
    with np.errstate(all="ignore"):
        return finish(value[slow].sum() / total, status)


def days_since_last_sale(last_sale_date: ArrayLike, as_of_date: object) -> Answer:
    """Whole days from each SKU's last sale to the as-of date.

    Parameters
    ----------
    last_sale_date : array_like
        Dates of the last sale (anything numpy reads as ``datetime64``); NaT or None where the
        SKU never sold.
    as_of_date : date-like
        The day the report is made for.

    Returns
    -------
    Answer
        Days. ``BLANK`` where the SKU never sold, ``NUM`` where the last sale is after the
        as-of date.

    Examples
    --------
    >>> days_since_last_sale(["2024-03-01", None, "2024-06-01"], "2024-05-30").value
    array([90., nan, nan])
    """
    last = np.asarray(last_sale_date, dtype="datetime64[D]")
    today = np.datetime64(as_of_date, "D")
    days = (today - last).astype(np.float64)
    days[np.isnat(last)] = np.nan
    status = blank_status(days)
    flag(status, days < 0, RowStatus.NUM)
    return finish(days, status)


def days_of_cover(
    on_hand: ArrayLike, daily_demand: ArrayLike, on_order: ArrayLike = 0.0
) -> Answer:
    """Days the stock lasts at the expected daily demand.

    Parameters
    ----------
    on_hand : array_like
        Units in stock.
    daily_demand : array_like
        Expected units sold per day, one rate per row (shape ``(n,)``); or a history of daily
        sales per row (shape ``(n, k)``), averaged across the row with blanks skipped.
    on_order : array_like, default 0
        Units ordered and not yet received; counted as stock.

    Returns
    -------
    Answer
        Days. ``DIV_ZERO`` where demand is zero (the stock never runs out), ``NUM`` where a
        quantity is negative.

    Notes
    -----
    ``days of cover = (on hand + on order) / daily demand``.

    Examples
    --------
    >>> days_of_cover([300, 0], [10, 4], on_order=[0, 20]).value
    array([30.,  5.])
    """
    demand, negative_demand = row_average(daily_demand, "daily_demand")
    stock, demand, negative_demand, ordered = aligned(
        on_hand=as_floats(on_hand, "on_hand"),
        daily_demand=demand,
        negative_demand=negative_demand,
        on_order=as_floats(on_order, "on_order"),
    )
    status = blank_status(stock, demand, ordered)
    flag(status, demand == 0, RowStatus.DIV_ZERO)
    flag(status, (stock < 0) | negative_demand | (ordered < 0), RowStatus.NUM)
    with np.errstate(all="ignore"):
        return finish((stock + ordered) / demand, status)
