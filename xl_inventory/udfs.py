"""The Excel functions of xl-inventory (xlwings UDFs).

Each function is a thin wrapper: read the Excel values (:mod:`xl_inventory.excel_values`), call
the core, turn the answer back into cells. Ranges answer a spilling range, one answer per SKU;
a row that cannot be computed answers its Excel error text (``#DIV/0!``, ``#NUM!``,
``#VALUE!``) while the others answer; a call that cannot work at all answers one sentence
saying what to fix. Nothing raises into Excel.

UDF parameters carry no type hints on purpose: xlwings reads a parameter's type hint as the
converter to apply, and these functions take raw cell values.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import xlwings as xw

from xl_inventory import core
from xl_inventory.core import forecasting
from xl_inventory.errors import XlInventoryError
from xl_inventory.excel_values import (
    answer_cells,
    choice,
    histories,
    histories_for,
    per_sku,
    single,
)

CATEGORY = "xl-inventory"
UDFS: dict[str, Callable[..., Any]] = {}
"""Every Excel function by name, as Excel calls it (used by the template builder and tests)."""


def excel_function(**arg_docs: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare an Excel function: every argument as raw 2-D cell values, its wizard help, and a
    guard that turns any exception into the text of the cell instead of a traceback."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        parameters = list(inspect.signature(function).parameters)
        if parameters != list(arg_docs):
            raise TypeError(f"{function.__name__}: document exactly the arguments {parameters}")

        @functools.wraps(function)
        def never_raise(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except XlInventoryError as exc:
                return str(exc)
            except Exception as exc:  # a traceback must never reach a cell
                return f"xl-inventory could not compute this ({type(exc).__name__}: {exc})"

        udf: Callable[..., Any] = never_raise
        for name, doc in reversed(arg_docs.items()):
            udf = xw.arg(name, ndim=2, err_to_str=True, doc=doc)(udf)
        udf = xw.func(category=CATEGORY)(udf)
        udf.arg_docs = dict(arg_docs)  # type: ignore[attr-defined]
        # its description wherever Excel shows one: the docstring's first line
        udf.description = inspect.getdoc(function).splitlines()[0]  # type: ignore[attr-defined]
        UDFS[function.__name__] = udf
        return udf

    return register


@excel_function(
    cogs="Cost of goods sold in the period, one per SKU (a column) or a single cell.",
    inventory="Inventory value at cost: one balance per SKU, or several per SKU across a row "
    "(averaged). With a single cogs, the whole range is averaged.",
)
def TURNOVER(cogs, inventory):
    """Inventory turnover: cost of goods sold / average inventory value (turns per period)."""
    cogs = per_sku(cogs, "cogs")
    inventory = histories_for(inventory, "inventory", cogs)
    return answer_cells(core.inventory_turnover(cogs.numbers, inventory.numbers), cogs, inventory)


@excel_function(
    cogs="Cost of goods sold in the period, one per SKU (a column) or a single cell.",
    inventory="Inventory value at cost, laid out as for TURNOVER.",
    period_days="Days in the period the cogs cover: 365 for a year (default), 30 for a month.",
)
def DIO(cogs, inventory, period_days=365):
    """Days of inventory: period days / turnover, how many days the average stock lasts."""
    cogs = per_sku(cogs, "cogs")
    inventory = histories_for(inventory, "inventory", cogs)
    days = single(period_days, "period_days", 365)
    answer = core.days_of_inventory(cogs.numbers, inventory.numbers, days)
    return answer_cells(answer, cogs, inventory)


@excel_function(
    sold="Units sold in the window (net of returns), one per SKU.",
    received="Units received in the window, one per SKU.",
    opening_stock="Units on hand when the window opened; blank or omitted is 0.",
)
def SELLTHROUGH(sold, received, opening_stock=0):
    """Sell-through rate: units sold / (opening stock + units received), as a share."""
    sold = per_sku(sold, "sold")
    received = per_sku(received, "received")
    opening = per_sku(opening_stock, "opening_stock", default=0.0)
    answer = core.sell_through(sold.numbers, received.numbers, opening.numbers)
    return answer_cells(answer, sold, received, opening)


@excel_function(
    stock_value="Stock value at cost per SKU; a blank counts as no stock.",
    days_since_last_sale="Days since each SKU last sold; a blank means it never sold (slow).",
    slow_days="A SKU is slow with no sale for this many days (default 90).",
)
def SLOWRATIO(stock_value, days_since_last_sale, slow_days=90):
    """Slow-moving ratio: stock value with no sale in slow_days / total stock value."""
    value = per_sku(stock_value, "stock_value")
    days = per_sku(days_since_last_sale, "days_since_last_sale")
    threshold = single(slow_days, "slow_days", 90)
    return answer_cells(core.slow_moving_ratio(value.numbers, days.numbers, threshold), value, days)


@excel_function(
    on_hand="Units in stock, one per SKU.",
    daily_demand="Expected units sold per day per SKU, or a row of daily sales per SKU "
    "(averaged).",
    on_order="Units ordered, not yet received; blank or omitted is 0.",
)
def DAYSOFCOVER(on_hand, daily_demand, on_order=0):
    """Days of cover: (on hand + on order) / daily demand, the days until stock runs out."""
    stock = per_sku(on_hand, "on_hand")
    demand = histories_for(daily_demand, "daily_demand", stock)
    ordered = per_sku(on_order, "on_order", default=0.0)
    answer = core.days_of_cover(stock.numbers, demand.numbers, ordered.numbers)
    return answer_cells(answer, stock, demand, ordered)


@excel_function(
    values="Sales value per SKU (a column or a row).",
    a_share="Share of total value the A items make up (default 0.7).",
    b_share="Cumulative share up to which items are B (default 0.9); the rest are C.",
)
def ABCCLASS(values, a_share=0.7, b_share=0.9):
    """ABC class (A, B or C) of each SKU by its share of total sales value, in input order."""
    values = per_sku(values, "values")
    a = single(a_share, "a_share", 0.7)
    b = single(b_share, "b_share", 0.9)
    return answer_cells(core.abc_classes(values.numbers, a, b), values)


@excel_function(
    history="Demand per period: one row or column for one SKU, or one SKU per row, oldest first.",
    x_cv="Coefficient of variation up to which a SKU is X (default 0.5).",
    y_cv="Coefficient of variation up to which a SKU is Y (default 1.0); above it Z.",
)
def XYZCLASS(history, x_cv=0.5, y_cv=1.0):
    """XYZ class (X, Y or Z) of each SKU by the variability (CV) of its demand."""
    history = histories(history, "history")
    x = single(x_cv, "x_cv", 0.5)
    y = single(y_cv, "y_cv", 1.0)
    return answer_cells(core.xyz_classes(history.numbers, x, y), history)


@excel_function(
    daily_sales="Units sold per day: one row or column for one SKU, or one SKU per row.",
    lead_time="Lead time in days, one per SKU; or several observed lead times per SKU.",
    service_level='Chance of no stock-out in a lead time, for method "normal" (default 0.95).',
    method='"peak": (peak - average daily sales) x lead time (default); "normal": z x sigma.',
)
def SAFETYSTOCK(daily_sales, lead_time, service_level=0.95, method="peak"):
    """Safety stock in units, by the peak rule (default) or the normal service-level rule."""
    sales = histories(daily_sales, "daily_sales")
    lead = histories_for(lead_time, "lead_time", sales)
    level = per_sku(service_level, "service_level", default=0.95)
    if choice(method, "method", "peak", ("peak", "normal")) == "peak":
        answer = core.safety_stock_peak(sales.numbers, lead.numbers)
    else:
        answer = core.safety_stock_normal(sales.numbers, lead.numbers, level.numbers)
    return answer_cells(answer, sales, lead, level)


@excel_function(
    daily_demand="Expected units sold per day per SKU, or a row of daily sales per SKU "
    "(averaged).",
    lead_time="Purchase lead time in days, one per SKU.",
    safety_stock="Units of safety stock; blank or omitted is 0.",
)
def REORDERPOINT(daily_demand, lead_time, safety_stock=0):
    """Reorder point in units: daily demand x lead time + safety stock."""
    lead = per_sku(lead_time, "lead_time")
    demand = histories_for(daily_demand, "daily_demand", lead)
    safety = per_sku(safety_stock, "safety_stock", default=0.0)
    answer = core.reorder_point(demand.numbers, lead.numbers, safety.numbers)
    return answer_cells(answer, lead, demand, safety)


@excel_function(
    forecast="Forecast units sold over the cover period (lead time + review period).",
    safety_stock="Units of safety stock.",
    on_hand="Units in stock.",
    on_order="Units ordered, not yet received; blank or omitted is 0.",
    moq="Minimum order quantity in units; blank or omitted is 0.",
    pack_size="Units per case, orders are whole cases; blank or omitted is 1.",
)
def REORDERQTY(forecast, safety_stock, on_hand, on_order=0, moq=0, pack_size=1):
    """Suggested order in units: forecast + safety stock - stock, in whole packs, at least MOQ."""
    fc = per_sku(forecast, "forecast")
    safety = per_sku(safety_stock, "safety_stock")
    stock = per_sku(on_hand, "on_hand")
    ordered = per_sku(on_order, "on_order", default=0.0)
    minimum = per_sku(moq, "moq", default=0.0)
    pack = per_sku(pack_size, "pack_size", default=1.0)
    answer = core.reorder_quantity(
        fc.numbers, safety.numbers, stock.numbers, ordered.numbers, minimum.numbers, pack.numbers
    )
    return answer_cells(answer, fc, safety, stock, ordered, minimum, pack)


@excel_function(
    annual_demand="Units sold per year.",
    order_cost="Fixed cost of placing one order.",
    unit_cost="Purchase cost of one unit.",
    holding_cost_rate="Holding cost per year as a share of stock value (default 0.25).",
)
def EOQ(annual_demand, order_cost, unit_cost, holding_cost_rate=core.DEFAULT_HOLDING_COST_RATE):
    """Economic order quantity in units: sqrt(2 x annual demand x order cost / holding cost)."""
    demand = per_sku(annual_demand, "annual_demand")
    cost = per_sku(order_cost, "order_cost")
    price = per_sku(unit_cost, "unit_cost")
    rate = per_sku(holding_cost_rate, "holding_cost_rate", default=core.DEFAULT_HOLDING_COST_RATE)
    answer = core.economic_order_quantity(demand.numbers, cost.numbers, price.numbers,
                                          rate.numbers)
    return answer_cells(answer, demand, cost, price, rate)


@excel_function(
    stock_value="Value of the stock at cost.",
    days="Days it is held.",
    holding_cost_rate="Holding cost per year as a share of stock value (default 0.25).",
)
def HOLDINGCOST(stock_value, days, holding_cost_rate=core.DEFAULT_HOLDING_COST_RATE):
    """Holding cost of stock: value x annual rate x days / 365 (storage, handling, interest)."""
    value = per_sku(stock_value, "stock_value")
    held = per_sku(days, "days")
    rate = per_sku(holding_cost_rate, "holding_cost_rate", default=core.DEFAULT_HOLDING_COST_RATE)
    answer = core.holding_cost(value.numbers, held.numbers, rate.numbers)
    return answer_cells(answer, value, held, rate)


@excel_function(
    history="Demand per period: one row or column for one SKU, or one SKU per row, oldest first.",
    horizon="Periods ahead to sum, one for all SKUs or one per SKU (10.5 counts half the 11th).",
    method='"auto" (default), or "ma", "ses", "holt", "seasonal", "croston", "sba", "tsb", '
    '"adida".',
    season_length="Periods per season for the seasonal method: 7 (default) for weekdays.",
)
def FORECASTDEMAND(history, horizon, method="auto", season_length=7):
    """Forecast total demand over the next horizon periods per SKU (intermittent-aware)."""
    history = histories(history, "history")
    periods = per_sku(horizon, "horizon")
    name = choice(method, "method", "auto", forecasting.METHODS)
    season = single(season_length, "season_length", 7)
    answer = forecasting.forecast_demand(history.numbers, periods.numbers, name, season)
    return answer_cells(answer, history, periods)


@excel_function(
    history="Demand per period: one row or column for one SKU, or one SKU per row, oldest first.",
)
def DEMANDCLASS(history):
    """Demand class per SKU: smooth, erratic, intermittent, lumpy, new or none."""
    history = histories(history, "history")
    return answer_cells(forecasting.demand_classes(history.numbers), history)
