"""When and how much to order: reorder point, order quantity, EOQ, seasonal first order."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xl_inventory.core._arrays import aligned, as_floats, blank_status, fraction, row_average
from xl_inventory.core.costs import DEFAULT_HOLDING_COST_RATE
from xl_inventory.core.status import Answer, RowStatus, finish, flag

# A need of 12.000000000000002 packs is 12 packs, not 13: float sums of forecasts carry noise.
_PACK_TOLERANCE = 1e-9


def reorder_point(
    daily_demand: ArrayLike, lead_time_days: ArrayLike, safety_stock: ArrayLike = 0.0
) -> Answer:
    """Stock position at which to order: demand over the lead time plus safety stock.

    Parameters
    ----------
    daily_demand : array_like
        Expected units sold per day, one rate per row (shape ``(n,)``); or a history of daily
        sales per row (shape ``(n, k)``), averaged across the row with blanks skipped.
    lead_time_days : array_like
        Purchase lead time in days.
    safety_stock : array_like, default 0
        Units kept against uncertainty.

    Returns
    -------
    Answer
        Units. ``NUM`` where an input is negative.

    Notes
    -----
    ``ROP = d × L + SS``; order when on hand + on order falls to it.

    Examples
    --------
    >>> reorder_point(10, 3, safety_stock=30).value
    array(60.)
    """
    demand, negative_demand = row_average(daily_demand, "daily_demand")
    demand, negative_demand, lead, safety = aligned(
        daily_demand=demand,
        negative_demand=negative_demand,
        lead_time_days=as_floats(lead_time_days, "lead_time_days"),
        safety_stock=as_floats(safety_stock, "safety_stock"),
    )
    status = blank_status(demand, lead, safety)
    flag(status, negative_demand | (lead < 0) | (safety < 0), RowStatus.NUM)
    with np.errstate(all="ignore"):  # an overflow becomes #NUM! in finish
        return finish(demand * lead + safety, status)


def reorder_quantity(
    forecast: ArrayLike,
    safety_stock: ArrayLike,
    on_hand: ArrayLike,
    on_order: ArrayLike = 0.0,
    moq: ArrayLike = 0.0,
    pack_size: ArrayLike = 1.0,
) -> Answer:
    """Suggested purchase: (forecast + safety stock) − stock, in whole packs and at least the MOQ.

    Parameters
    ----------
    forecast : array_like
        Forecast units sold over the cover period (lead time + review period).
    safety_stock : array_like
        Units of safety stock.
    on_hand : array_like
        Units in stock.
    on_order : array_like, default 0
        Units ordered and not yet received.
    moq : array_like, default 0
        Supplier's minimum order quantity in units.
    pack_size : array_like, default 1
        Units per case; orders are whole cases.

    Returns
    -------
    Answer
        Units, a whole number of packs. ``NUM`` where a quantity is negative or the pack size is
        not positive.

    Notes
    -----
    ``need = forecast + SS − on hand − on order`` (the seed's 建议采购量 = (预测周期销量 + 安全库存)
    − 当前库存). Nothing is ordered where ``need <= 0``; otherwise the order is ``need`` rounded up
    to whole packs, and at least the MOQ rounded up to whole packs. A need within 1e-9
    packs of a whole number counts as that number, so float noise never adds a pack.

    Examples
    --------
    Need 300 + 30 − 120 − 50 = 160 units in cases of 24 → 7 cases; the MOQ of 200 → 9 cases:

    >>> reorder_quantity(300, 30, 120, on_order=50, moq=[0, 200], pack_size=24).value
    array([168., 216.])
    """
    fc, safety, stock, ordered, minimum, pack = aligned(
        forecast=as_floats(forecast, "forecast"),
        safety_stock=as_floats(safety_stock, "safety_stock"),
        on_hand=as_floats(on_hand, "on_hand"),
        on_order=as_floats(on_order, "on_order"),
        moq=as_floats(moq, "moq"),
        pack_size=as_floats(pack_size, "pack_size"),
    )
    status = blank_status(fc, safety, stock, ordered, minimum, pack)
    negative = (fc < 0) | (safety < 0) | (stock < 0) | (ordered < 0) | (minimum < 0)
    flag(status, negative | (pack <= 0), RowStatus.NUM)
    with np.errstate(all="ignore"):  # rows with a zero pack or an overflow are flagged already
        need = fc + safety - stock - ordered
        packs = np.ceil(need / pack - _PACK_TOLERANCE)
        min_packs = np.ceil(minimum / pack - _PACK_TOLERANCE)
        order = np.where(need > 0, np.maximum(packs, min_packs) * pack, 0.0)
        return finish(order, status)


def economic_order_quantity(
    annual_demand: ArrayLike,
    order_cost: ArrayLike,
    unit_cost: ArrayLike,
    holding_cost_rate: ArrayLike = DEFAULT_HOLDING_COST_RATE,
) -> Answer:
    """Economic order quantity: the lot size that balances ordering and holding costs.

    Parameters
    ----------
    annual_demand : array_like
        Units sold per year.
    order_cost : array_like
        Fixed cost of placing one order (currency).
    unit_cost : array_like
        Purchase cost of one unit (currency).
    holding_cost_rate : array_like, default 0.25
        Cost of holding stock per year as a share of its value (storage, handling, interest).

    Returns
    -------
    Answer
        Units (not rounded; round to packs with :func:`reorder_quantity` or ROUNDUP).
        ``DIV_ZERO`` where the holding cost is zero, ``NUM`` where an input is negative.

    Notes
    -----
    ``EOQ = √(2 D S / (c r))`` (Harris 1913; Silver, Pyke & Thomas, eq. 4.2).

    Examples
    --------
    1,200 a year, 50 an order, unit cost 12 at 25 % a year → √(2·1200·50/3):

    >>> economic_order_quantity(1200, 50, 12, 0.25).value
    array(200.)
    """
    demand, cost, price, rate = aligned(
        annual_demand=as_floats(annual_demand, "annual_demand"),
        order_cost=as_floats(order_cost, "order_cost"),
        unit_cost=as_floats(unit_cost, "unit_cost"),
        holding_cost_rate=as_floats(holding_cost_rate, "holding_cost_rate"),
    )
    holding = price * rate
    status = blank_status(demand, cost, price, rate)
    flag(status, holding == 0, RowStatus.DIV_ZERO)
    flag(status, (demand < 0) | (cost < 0) | (price < 0) | (rate < 0), RowStatus.NUM)
    with np.errstate(all="ignore"):
        return finish(np.sqrt(2.0 * demand * cost / holding), status)


def seasonal_first_order(season_forecast: ArrayLike, first_order_share: float = 0.4) -> Answer:
    """First order of a seasonal SKU: a share of the season's forecast, the rest re-ordered later.

    Parameters
    ----------
    season_forecast : array_like
        Units forecast for the whole season.
    first_order_share : float, default 0.4
        Share of the season forecast bought up front, in (0, 1].

    Returns
    -------
    Answer
        Units (not rounded). ``NUM`` where the forecast is negative.

    Notes
    -----
    The seed's 首单试销+快速返单: the first order covers 40 % of the season forecast; re-orders
    follow the first week's sales, with the shorter supplier cycle negotiated for it.

    Examples
    --------
    >>> seasonal_first_order([1000, 250]).value
    array([400., 100.])
    """
    share = fraction(first_order_share, "first_order_share")
    forecast = as_floats(season_forecast, "season_forecast")
    status = blank_status(forecast)
    flag(status, forecast < 0, RowStatus.NUM)
    with np.errstate(all="ignore"):  # an overflow becomes #NUM! in finish
        return finish(forecast * share, status)
