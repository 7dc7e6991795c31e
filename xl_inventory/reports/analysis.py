"""What every report needs, computed once per refresh: per-SKU stock, sales, classes, forecast."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_inventory.core import abc_classes
from xl_inventory.core.demand import (
    CategoryRates,
    DemandSeries,
    bulk_days,
    demand_series,
    promotion_uplift,
)
from xl_inventory.core.forecasting import AutoForecast, demand_classes, make_model
from xl_inventory.core.forecasting.classify import MIN_PERIODS
from xl_inventory.workbook.schema import Settings
from xl_inventory.workbook.validate import Inventory

RECENT_DAYS = 90  # window of the daily sales that safety stock and days-to-clear look at
RATE_DAYS = 28  # a SKU's daily rate is the mean of its forecast over these next days


@dataclass(frozen=True)
class Whole:
    """What the reports of some SKUs need to know of every SKU.

    A workbook's refresh sees every SKU at once and works this out as it goes. ``plan`` over
    a folder of files sees a chunk of SKUs at a time, so it works these out first, from every
    chunk (:mod:`xl_inventory.reports.plan_chunks`), and hands them to each chunk: its reports
    are then those of the whole range. A field left ``None`` is worked out from the SKUs at
    hand.
    """

    start: pd.Timestamp  # the first day of the history window
    first_sale: pd.Timestamp  # the first sale on record (NaT: none)
    horizon: int  # days of forecast
    abc_class: pd.Series | None = None  # per SKU
    choice: dict[str, str] | None = None  # forecast method per demand class (method "auto")
    category_rates: CategoryRates | None = None  # what new SKUs borrow
    season_units: pd.Series | None = None  # per category: last season's units, for new SKUs
    partners: pd.Series | None = None  # per category: the bundle partner of a slow mover
    best_seller: str | None = None  # the bundle partner where a category has none


def whole_range(inventory: Inventory, min_horizon: int = 90,
                first_sale: pd.Timestamp | None = None) -> Whole:
    """The history window and forecast horizon of a refresh over all of ``inventory``'s SKUs
    (``first_sale``: the first sale on record, where the sales are not in ``inventory``).

    The window is ``history_days`` long, but never starts before the first sale on record:
    months before the data began would count as months without sales. The horizon covers the
    longest lead time plus a review period.
    """
    settings = inventory.settings
    as_of = settings.as_of_date
    if first_sale is None:
        first_sale = inventory.sales["date"].min()
    start = as_of - pd.Timedelta(days=settings.history_days - 1)
    if pd.notna(first_sale):
        start = min(max(start, first_sale.normalize()), as_of)
    cover = (inventory.products["lead_time_days"] + settings.review_days).max()
    horizon = int(max(min_horizon, np.ceil(cover if np.isfinite(cover) else 0) + 1))
    return Whole(start, first_sale, horizon)


@dataclass
class Analysis:
    """Per-SKU facts of a refresh.

    ``skus`` (index: sku) holds the Products columns plus on_hand, on_order, last_sale,
    units_sold and sales_value (over the history window), abc_class, demand_class, method
    and daily_rate (expected units a day over the next weeks). ``paths`` holds the daily
    forecast of each SKU for ``horizon`` days after the as-of date, future promotions
    included.
    """

    inventory: Inventory
    as_of: pd.Timestamp
    skus: pd.DataFrame
    demand: DemandSeries
    paths: np.ndarray
    line_values: pd.Series  # value of each sales line (see sales_value_of_lines)
    whole: Whole

    @property
    def settings(self) -> Settings:
        return self.inventory.settings

    @property
    def horizon(self) -> int:
        return self.paths.shape[1]

    def recent_daily(self) -> np.ndarray:
        """Ordinary daily demand of the last RECENT_DAYS days, as safety stock takes it: NaN
        before launch and on bulk-order days (:func:`bulk_days`), 0 on days with more returns
        than sales (as the forecast counts them), and promotions taken out as for the
        forecast: a promotion's peak is not the everyday peak."""
        recent = np.maximum(self.demand.cleaned()[:, -RECENT_DAYS:], 0.0)
        return np.where(bulk_days(recent), np.nan, recent)


def sales_value_of_lines(inventory: Inventory) -> pd.Series:
    """Value of each sales line: its amount, or quantity × price (× unit cost without one)."""
    sales = inventory.sales
    products = inventory.products.set_index("sku")
    price = sales["sku"].map(products["price"]).astype(np.float64)
    cost = sales["sku"].map(products["unit_cost"]).astype(np.float64)
    fallback = sales["quantity"] * price.where(price.notna(), cost)
    return sales["amount"].where(sales["amount"].notna(), fallback)


def _forecast(history: np.ndarray, method: str, horizon: int, choice: dict[str, str] | None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray | str]:
    """Daily forecast paths, demand classes and the method of each SKU."""
    model = (AutoForecast(choice=choice) if method == "auto" else make_model(method)).fit(
        history)
    paths = model.predict(horizon)
    if isinstance(model, AutoForecast):
        return paths, model.classes_, model.method_
    return paths, demand_classes(history).value, model.name


def analyse(inventory: Inventory, min_horizon: int = 90,
            meanwhile: Callable[[Analysis], None] | None = None,
            whole: Whole | None = None) -> Analysis:
    """Stock, sales, ABC and demand classes and the forecast of every SKU in Products.

    ``meanwhile`` is called, on this thread, while the forecast runs on another, with the
    analysis so far: its ``paths`` have no days yet, and its ``skus`` no ``demand_class``,
    ``method`` or ``daily_rate``. Reports that need no forecast are made there. ``whole``
    tells what these SKUs need to know of a larger range they are a chunk of (:class:`Whole`).
    """
    whole = whole or whole_range(inventory, min_horizon)
    settings = inventory.settings
    products = inventory.products.set_index("sku")
    skus = pd.Index(products.index, name="sku")
    demand = _demand(inventory, products, whole)
    # The forecast (numpy, which lets go of the interpreter lock) runs on the second core
    # while this one sums up stock and sales per SKU (pandas).
    with ThreadPoolExecutor(max_workers=1) as pool:
        forecast = pool.submit(_forecast, demand.cleaned(), settings.forecast_method,
                               whole.horizon, whole.choice)
        frame, line_values = sku_facts(inventory, products, whole)
        if meanwhile is not None:
            meanwhile(Analysis(inventory, settings.as_of_date, frame.copy(), demand,
                               np.empty((len(frame), 0)), line_values, whole))
        paths, classes, methods = forecast.result()
    frame["demand_class"] = classes
    frame["method"] = methods
    rate = pd.Series(np.nan_to_num(paths[:, :RATE_DAYS].mean(axis=1)), index=skus)
    new = pd.Series(classes == "new", index=skus)
    lender = whole.category_rates or CategoryRates.of(rate, frame["category"], ~new)
    borrowed = lender.lend(rate, frame["category"], new)
    # A new SKU's own rate (the mean of its days on sale) earns weight as those days grow,
    # all of it by the time it has enough history to be classified.
    days_on_sale = (~np.isnan(demand.quantity)).sum(axis=1)
    own_weight = np.minimum(days_on_sale / MIN_PERIODS, 1.0)
    blended = own_weight * rate.to_numpy() + (1 - own_weight) * borrowed.to_numpy()
    paths = np.where(new.to_numpy()[:, None], blended[:, None], paths)
    paths = np.nan_to_num(paths)
    future = pd.date_range(settings.as_of_date + pd.Timedelta(days=1), periods=whole.horizon,
                           freq="D")
    paths = paths * promotion_uplift(skus, future, inventory.promotions)
    frame["forecast_rate"] = rate  # before promotions, a new SKU's its own: what others borrow
    frame["daily_rate"] = paths[:, :RATE_DAYS].mean(axis=1)
    frame["days_on_sale"] = days_on_sale
    return Analysis(inventory, settings.as_of_date, frame, demand, paths, line_values, whole)


def analyse_facts(inventory: Inventory, whole: Whole) -> Analysis:
    """What :func:`analyse` knows before the forecast (its ``meanwhile``): ``paths`` without
    days, ``skus`` without ``demand_class``, ``method`` or ``daily_rate``."""
    products = inventory.products.set_index("sku")
    frame, line_values = sku_facts(inventory, products, whole)
    return Analysis(inventory, inventory.settings.as_of_date, frame,
                    _demand(inventory, products, whole), np.empty((len(frame), 0)),
                    line_values, whole)


def _demand(inventory: Inventory, products: pd.DataFrame, whole: Whole) -> DemandSeries:
    return demand_series(inventory.sales, whole.start, inventory.settings.as_of_date,
                         skus=pd.Index(products.index, name="sku"),
                         launch_dates=products["launch_date"], promotions=inventory.promotions)


def sku_facts(inventory: Inventory, products: pd.DataFrame, whole: Whole
              ) -> tuple[pd.DataFrame, pd.Series]:
    """Products (index: sku) with stock, the window's units and value sold, the last sale
    and the ABC class; and the value of each sales line."""
    settings = inventory.settings
    stock = inventory.stock.groupby("sku", observed=True)[["on_hand", "on_order"]].sum()
    # Masks on columns, not filtered copies of the whole sales table.
    sales, end = inventory.sales, settings.as_of_date + pd.Timedelta(days=1)
    window = ((sales["date"] >= whole.start) & (sales["date"] < end)).to_numpy()
    line_values = sales_value_of_lines(inventory)
    per_sku = pd.DataFrame({
        "units_sold": sales["quantity"][window].groupby(
            sales["sku"][window], observed=True).sum(),
        "sales_value": line_values[window].groupby(sales["sku"][window], observed=True).sum(),
    }, dtype=np.float64)
    sold = ((sales["quantity"] > 0) & (sales["date"] < end)).to_numpy()
    last_sale = sales["date"][sold].groupby(sales["sku"][sold], observed=True).max()

    frame = products.join(stock).join(per_sku)
    frame[["on_hand", "on_order"]] = frame[["on_hand", "on_order"]].fillna(0.0)
    frame[["units_sold", "sales_value"]] = frame[["units_sold", "sales_value"]].fillna(0.0)
    frame["last_sale"] = last_sale.reindex(frame.index).dt.normalize()
    if whole.abc_class is None:
        frame["abc_class"] = abc_classes(frame["sales_value"].to_numpy(), settings.a_share,
                                         settings.b_share).value
    else:
        frame["abc_class"] = whole.abc_class.reindex(frame.index).to_numpy()
    return frame, line_values
