"""Demand series from sales lines: one row per SKU, one column per day (or week).

Pure pandas/numpy: the workbook layer reads the tables, this module shapes them for the
forecasting models and the reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from xl_inventory.core._arrays import row_quantile
from xl_inventory.errors import InvalidParameterError

FREQUENCIES = {"D": "D", "W": "W-SUN"}


class DemandSeries(NamedTuple):
    """Demand per SKU and period.

    Attributes
    ----------
    skus : pandas.Index
        Row labels.
    periods : pandas.DatetimeIndex
        Column labels: days, or weeks ending on Sunday.
    quantity : numpy.ndarray
        Units sold net of returns, shape ``(len(skus), len(periods))``; 0 where nothing sold;
        NaN before the SKU's launch (not observed, unlike a day without sales).
    uplift : numpy.ndarray
        Promotion factor of each SKU and period (1.0 outside promotions; a week takes the mean
        of its days); ``quantity / uplift`` is the demand without the promotion.
    """

    skus: pd.Index
    periods: pd.DatetimeIndex
    quantity: np.ndarray
    uplift: np.ndarray

    @property
    def in_promotion(self) -> np.ndarray:
        """Boolean mask of the SKU-periods inside a promotion."""
        return self.uplift != 1.0

    def cleaned(self) -> np.ndarray:
        """Quantities with past promotions taken out (divided by their uplift). Without any
        promotion, a read-only view of the quantities themselves (no copy of a large table)."""
        if self.in_promotion.any():
            return self.quantity / self.uplift
        view = self.quantity.view()
        view.flags.writeable = False
        return view


def promotion_uplift(
    skus: pd.Index, days: pd.DatetimeIndex, promotions: pd.DataFrame | None
) -> np.ndarray:
    """Uplift factor per SKU and day from a promotions table (``sku, start, end, uplift``).

    Days from ``start`` to ``end`` inclusive carry the uplift; where promotions of one SKU
    overlap, their uplifts multiply. Promotions of SKUs not in ``skus`` are ignored. Without
    promotions the answer is a read-only view of 1.0 that takes no memory.
    """
    if promotions is None or promotions.empty or not len(days):
        return np.broadcast_to(1.0, (len(skus), len(days)))
    row = skus.get_indexer(promotions["sku"])
    first = days.searchsorted(pd.to_datetime(promotions["start"]).to_numpy(), side="left")
    after = days.searchsorted(pd.to_datetime(promotions["end"]).to_numpy(), side="right")
    uplift = promotions["uplift"].to_numpy(dtype=np.float64)
    keep = (row >= 0) & (after > first) & (uplift > 0)
    # Difference array of log-uplifts: add at the first day, subtract after the last.
    steps = np.zeros((len(skus), len(days) + 1))
    np.add.at(steps, (row[keep], first[keep]), np.log(uplift[keep]))
    np.add.at(steps, (row[keep], after[keep]), -np.log(uplift[keep]))
    return np.exp(np.cumsum(steps, axis=1)[:, :-1])


def demand_series(
    sales: pd.DataFrame,
    start: object,
    end: object,
    *,
    skus: pd.Index | None = None,
    launch_dates: pd.Series | None = None,
    promotions: pd.DataFrame | None = None,
    frequency: str = "D",
) -> DemandSeries:
    """Daily or weekly demand per SKU from sales lines.

    Parameters
    ----------
    sales : pandas.DataFrame
        Columns ``date``, ``sku``, ``quantity`` (negative for a return, which is netted).
    start, end : date-like
        First and last day, inclusive.
    skus : pandas.Index, optional
        The rows, in this order (SKUs without a sale get zeros). By default the SKUs that sold.
    launch_dates : pandas.Series, optional
        Launch date per SKU (index: sku). Days before it are NaN, not zeros. Where it is
        missing, a SKU is taken as launched on its first sale, or at ``start`` if it never sold.
    promotions : pandas.DataFrame, optional
        ``sku, start, end, uplift``, for :attr:`DemandSeries.uplift`.
    frequency : {"D", "W"}
        Days, or weeks ending on Sunday (a week with no observed day is NaN).

    Returns
    -------
    DemandSeries

    Examples
    --------
    >>> sales = pd.DataFrame({"date": pd.to_datetime(["2024-01-02", "2024-01-02", "2024-01-04"]),
    ...                       "sku": ["A", "A", "B"], "quantity": [5, -1, 3]})
    >>> demand_series(sales, "2024-01-01", "2024-01-04").quantity
    array([[nan,  4.,  0.,  0.],
           [nan, nan, nan,  3.]])
    """
    if frequency not in FREQUENCIES:
        raise InvalidParameterError(f"frequency must be 'D' or 'W', got {frequency!r}")
    days = pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize(), freq="D")
    if not len(days):
        raise InvalidParameterError(f"end ({end}) is before start ({start})")
    sale_days = pd.to_datetime(sales["date"]).dt.normalize()
    inside = ((sale_days >= days[0]) & (sale_days <= days[-1])).to_numpy()
    if skus is None:
        skus = pd.Index(np.sort(sales.loc[inside, "sku"].unique()), name="sku")
    skus = pd.Index(skus)
    # One bincount over (row, day) cells sums the lines: no groupby over a million rows.
    row = skus.get_indexer(sales["sku"])
    column = ((sale_days - days[0]) // pd.Timedelta(days=1)).to_numpy()
    keep = inside & (row >= 0)
    cell = row[keep] * len(days) + column[keep].astype(np.int64)
    # float64 from weights, but int64 when there is no line at all: a copy only then
    quantity = np.bincount(cell, weights=sales["quantity"].to_numpy(np.float64)[keep],
                           minlength=len(skus) * len(days)).astype(np.float64, copy=False)
    quantity = quantity.reshape(len(skus), len(days))

    first_sale = sale_days.groupby(sales["sku"], observed=True).min()
    launch = first_sale.reindex(skus)
    if launch_dates is not None:
        given = pd.to_datetime(launch_dates).reindex(skus)
        launch = given.where(given.notna(), launch)
    launched_at = days.searchsorted(launch.fillna(days[0]).to_numpy(), side="left")
    quantity[np.arange(len(days))[None, :] < launched_at[:, None]] = np.nan
    uplift = promotion_uplift(skus, days, promotions)
    if frequency == "D":
        return DemandSeries(skus, days, quantity, uplift)
    weeks = pd.DataFrame(quantity.T, index=days).resample(FREQUENCIES["W"]).sum(min_count=1)
    week_uplift = pd.DataFrame(uplift.T, index=days).resample(FREQUENCIES["W"]).mean()
    return DemandSeries(skus, pd.DatetimeIndex(weeks.index), weeks.to_numpy().T,
                        week_uplift.to_numpy().T)


def borrow_category_rate(
    rate: pd.Series, category: pd.Series, borrower: pd.Series
) -> pd.Series:
    """Rates where new SKUs take the average rate of the established SKUs of their category.

    Parameters
    ----------
    rate : pandas.Series
        Demand rate per SKU (units per period).
    category : pandas.Series
        Category per SKU, same index.
    borrower : pandas.Series
        True for the SKUs that borrow (too new to have a rate of their own).

    Returns
    -------
    pandas.Series
        ``rate`` with each borrower's value replaced by its category's mean over non-borrowers;
        where a category has none, by the mean over all non-borrowers.

    Examples
    --------
    >>> rate = pd.Series([4.0, 2.0, 0.1, 9.0, 0.0], index=list("abcde"))
    >>> category = pd.Series(["hat", "hat", "hat", "mug", "lamp"], index=list("abcde"))
    >>> new = pd.Series([False, False, True, False, True], index=list("abcde"))
    >>> borrow_category_rate(rate, category, new).tolist()
    [4.0, 2.0, 3.0, 9.0, 5.0]
    """
    return CategoryRates.of(rate, category, ~borrower.astype(bool)).lend(rate, category,
                                                                         borrower)


@dataclass(frozen=True)
class CategoryRates:
    """The mean demand rate of the established SKUs of each category, and of all of them:
    what a new SKU borrows (:func:`borrow_category_rate`). Worked out once over every SKU, it
    can lend to SKUs planned apart from the others."""

    by_category: pd.Series
    overall: float

    @classmethod
    def of(cls, rate: pd.Series, category: pd.Series, established: pd.Series
           ) -> CategoryRates:
        return cls(rate[established].groupby(category[established]).mean(),
                   float(rate[established].mean()))

    def lend(self, rate: pd.Series, category: pd.Series, borrower: pd.Series) -> pd.Series:
        """``rate``, with each borrower's replaced by its category's (or the overall) mean."""
        borrowed = category.map(self.by_category).fillna(self.overall)
        return rate.where(~borrower.astype(bool), borrowed)


BULK_FENCE_MULTIPLE = 3.0  # Tukey's "far out" fence (Q3 + 3 IQR, Tukey 1977, EDA §2)
BULK_MIN_SELLING_DAYS = 3  # fewer selling days tell nothing about what a usual day is


def bulk_days(daily_demand: np.ndarray) -> np.ndarray:
    """Mask of the days whose demand is a one-off bulk order rather than ordinary selling.

    Parameters
    ----------
    daily_demand : numpy.ndarray
        Units per SKU (row) and day (column); NaN for days not observed, 0 for no sale.

    Returns
    -------
    numpy.ndarray
        True where a day's demand lies beyond the far-out fence of the SKU's selling days:
        ``Q3 + 3 × max(IQR, Q3)`` of its days with demand, which is at least four times its
        upper-quartile day. A SKU with fewer than three selling days has no bulk day.

    Notes
    -----
    The seed's peak (预计最大日销量) is a high but ordinary day, a promotion day at twice the
    usual; a wholesale order of a year's demand on one day is not one. The fence uses the
    selling days only, so that intermittent SKUs (most days 0) get a fence from their order
    sizes. ``max(IQR, Q3)`` keeps SKUs that always sell the same quantity (IQR 0) from marking
    every larger day.

    Examples
    --------
    Days of 8 and 12, one promotion day of 24 and one wholesale order of 300:

    >>> bulk_days(np.array([[8, 12] * 10 + [24, 300]], dtype=float)).nonzero()[1]
    array([21])
    """
    selling = np.where(daily_demand > 0, daily_demand, np.nan)
    q1, q3 = row_quantile(selling, 0.25), row_quantile(selling, 0.75)
    fence = q3 + BULK_FENCE_MULTIPLE * np.maximum(q3 - q1, q3)
    enough = (~np.isnan(selling)).sum(axis=1) >= BULK_MIN_SELLING_DAYS
    with np.errstate(invalid="ignore"):
        return enough[:, None] & (daily_demand > fence[:, None])
