"""What every report needs, computed once per refresh: per-SKU stock, sales, classes, forecast."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xl_inventory.core import abc_classes
from xl_inventory.core.demand import (
    DemandSeries,
    borrow_category_rate,
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


def _forecast(history: np.ndarray, method: str, horizon: int
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray | str]:
    """Daily forecast paths, demand classes and the method of each SKU."""
    model = make_model(method).fit(history)
    paths = model.predict(horizon)
    if isinstance(model, AutoForecast):
        return paths, model.classes_, model.method_
    return paths, demand_classes(history).value, model.name


def analyse(inventory: Inventory, min_horizon: int = 90,
            meanwhile: Callable[[Analysis], None] | None = None) -> Analysis:
    """Stock, sales, ABC and demand classes and the forecast of every SKU in Products.

    ``meanwhile`` is called, on this thread, while the forecast runs on another, with the
    analysis so far: its ``paths`` have no days yet, and its ``skus`` no ``demand_class``,
    ``method`` or ``daily_rate``. Reports that need no forecast are made there.
    """
    settings = inventory.settings
    as_of = settings.as_of_date
    history_days = settings.history_days
    # The window is history_days long, but never starts before the first sale on record:
    # months before the data began would count as months without sales.
    first_on_record = inventory.sales["date"].min()
    start = as_of - pd.Timedelta(days=history_days - 1)
    if pd.notna(first_on_record):
        start = min(max(start, first_on_record.normalize()), as_of)
    products = inventory.products.set_index("sku")
    skus = pd.Index(products.index, name="sku")
    demand = demand_series(inventory.sales, start, as_of, skus=skus,
                           launch_dates=products["launch_date"],
                           promotions=inventory.promotions)
    cover = (products["lead_time_days"] + settings.review_days).max()
    horizon = int(max(min_horizon, np.ceil(cover if np.isfinite(cover) else 0) + 1))
    # The forecast (numpy, which lets go of the interpreter lock) runs on the second core
    # while this one sums up stock and sales per SKU (pandas).
    with ThreadPoolExecutor(max_workers=1) as pool:
        forecast = pool.submit(_forecast, demand.cleaned(), settings.forecast_method,
                               horizon)
        stock = inventory.stock.groupby("sku", observed=True)[["on_hand", "on_order"]].sum()
        # Masks on columns, not filtered copies of the whole sales table.
        sales, end = inventory.sales, as_of + pd.Timedelta(days=1)
        window = ((sales["date"] >= start) & (sales["date"] < end)).to_numpy()
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
        frame["last_sale"] = last_sale.reindex(skus).dt.normalize()
        frame["abc_class"] = abc_classes(frame["sales_value"].to_numpy(), settings.a_share,
                                         settings.b_share).value
        if meanwhile is not None:
            meanwhile(Analysis(inventory, as_of, frame.copy(), demand,
                               np.empty((len(frame), 0)), line_values))
        paths, classes, methods = forecast.result()
    frame["demand_class"] = classes
    frame["method"] = methods
    rate = pd.Series(np.nan_to_num(paths[:, :RATE_DAYS].mean(axis=1)), index=skus)
    new = pd.Series(classes == "new", index=skus)
    borrowed = borrow_category_rate(rate, frame["category"], new)
    # A new SKU's own rate (the mean of its days on sale) earns weight as those days grow,
    # all of it by the time it has enough history to be classified.
    days_on_sale = (~np.isnan(demand.quantity)).sum(axis=1)
    own_weight = np.minimum(days_on_sale / MIN_PERIODS, 1.0)
    blended = own_weight * rate.to_numpy() + (1 - own_weight) * borrowed.to_numpy()
    paths = np.where(new.to_numpy()[:, None], blended[:, None], paths)
    paths = np.nan_to_num(paths)
    future = pd.date_range(as_of + pd.Timedelta(days=1), periods=horizon, freq="D")
    paths = paths * promotion_uplift(skus, future, inventory.promotions)
    frame["daily_rate"] = paths[:, :RATE_DAYS].mean(axis=1)
    frame["days_on_sale"] = days_on_sale
    return Analysis(inventory, as_of, frame, demand, paths, line_values)
