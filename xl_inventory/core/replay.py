"""Replaying an ordering policy on real demand: stock, arrivals, fills and lost sales per day.

Pure numpy. The loop runs over days (a year is 365 steps), each step vectorised over SKUs, so
100,000 SKUs cost no more Python than one.

The day of a review runs in this order: the morning's arrivals go on the shelf, the policy
sees the stock and the open orders and orders, then the day's demand is served from the
shelf; what the shelf cannot serve is lost (a customer does not wait). An order placed on day
``t`` with a lead time of ``L`` days arrives on the morning of day ``t + L``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd

from xl_inventory.errors import InvalidParameterError

# The and the seed's yardsticks for the scorecard
EXCESS_COVER_DAYS = 90  # stock beyond this many days of demand is excess at the end
EXCESS_MARKDOWN_SHARE = 0.3  # excess stock is priced at the markdown it will need: 30 % of cost

# Called on each review day with (review number, day number, on hand, on order) → order units
Policy = Callable[[int, int, np.ndarray, np.ndarray], np.ndarray]


class ReplayRun(NamedTuple):
    """What happened, day by day, to every SKU.

    Attributes
    ----------
    on_hand : numpy.ndarray
        Units on the shelf at the end of each day, shape ``(n_skus, n_days)``.
    served, lost : numpy.ndarray
        Units of the day's demand served and lost, shape ``(n_skus, n_days)``.
    ordered : numpy.ndarray
        Units ordered at each review, shape ``(n_skus, n_reviews)``.
    in_transit : numpy.ndarray
        Units ordered and not yet arrived at the end of the last day, shape ``(n_skus,)``.
    """

    on_hand: np.ndarray
    served: np.ndarray
    lost: np.ndarray
    ordered: np.ndarray
    in_transit: np.ndarray


def review_days(n_days: int, review_every: int) -> np.ndarray:
    """Day numbers of the reviews: 0, then every ``review_every`` days while within the run."""
    if int(review_every) != review_every or review_every < 1:
        raise InvalidParameterError(f"review_days must be a whole number of days >= 1, got "
                                    f"{review_every!r}")
    return np.arange(0, n_days, int(review_every))


def simulate(
    demand: np.ndarray,
    on_hand: np.ndarray,
    lead_time_days: np.ndarray,
    review_every: int,
    policy: Policy,
    on_order: np.ndarray | None = None,
) -> ReplayRun:
    """Run ``policy`` on ``demand`` from a starting stock.

    Parameters
    ----------
    demand : numpy.ndarray
        Units wanted per SKU and day, shape ``(n_skus, n_days)``; NaN and negatives count as 0.
    on_hand : numpy.ndarray
        Units on the shelf at the start of day 0, one per SKU.
    lead_time_days : numpy.ndarray
        Days from order to arrival, one per SKU (rounded up to whole days).
    review_every : int
        Days between reviews; the first review is on day 0.
    policy : callable
        ``policy(review, day, on_hand, on_order)`` answers the units to order per SKU.
    on_order : numpy.ndarray, optional
        Units already ordered at the start; they are taken to arrive on day 0's morning of
        their lead time (as a fresh order of day 0 would).

    Returns
    -------
    ReplayRun

    Examples
    --------
    One SKU, 4 a day, 10 on the shelf, a lead time of 2 days, a review every 2 days that
    orders 8: the first order lands on day 2, the second on day 4 (after the run).

    >>> run = simulate(np.full((1, 4), 4.0), np.array([10.0]), np.array([2]), 2,
    ...                lambda review, day, stock, ordered: np.array([8.0]))
    >>> run.on_hand.tolist(), run.lost.tolist(), run.in_transit.tolist()
    ([[6.0, 2.0, 6.0, 2.0]], [[0.0, 0.0, 0.0, 0.0]], [8.0])
    """
    wanted = np.where(np.isfinite(demand) & (demand > 0), demand, 0.0)
    n_skus, n_days = wanted.shape
    lead = np.ceil(np.nan_to_num(np.asarray(lead_time_days, np.float64))).astype(np.int64)
    lead = np.maximum(lead, 0)
    reviews = review_days(n_days, review_every)
    # arrivals[:, d] is what lands on the morning of day d; orders due after the run pile up in
    # the columns past n_days, which is what is still in transit at the end
    arrivals = np.zeros((n_skus, n_days + int(lead.max(initial=0)) + 1))
    rows = np.arange(n_skus)
    shelf = np.asarray(on_hand, np.float64).copy()
    pipeline = np.zeros(n_skus)
    if on_order is not None:
        pipeline += on_order
        np.add.at(arrivals, (rows, lead), on_order)
    stock = np.empty((n_skus, n_days))
    served = np.empty((n_skus, n_days))
    ordered = np.zeros((n_skus, len(reviews)))
    next_review = 0
    for day in range(n_days):
        shelf += arrivals[:, day]
        pipeline -= arrivals[:, day]
        if next_review < len(reviews) and reviews[next_review] == day:
            quantity = np.maximum(np.nan_to_num(policy(next_review, day, shelf.copy(),
                                                       pipeline.copy())), 0.0)
            ordered[:, next_review] = quantity
            # what comes the same day (lead time 0) goes straight on the shelf
            now = lead == 0
            shelf[now] += quantity[now]
            later = np.where(now, 0.0, quantity)
            np.add.at(arrivals, (rows, day + lead), later)
            pipeline += later
            next_review += 1
        served[:, day] = np.minimum(shelf, wanted[:, day])
        shelf -= served[:, day]
        stock[:, day] = shelf
    return ReplayRun(stock, served, wanted - served, ordered, arrivals[:, n_days:].sum(axis=1))


# Per-SKU sums of a run: the scorecard of any group of SKUs is made from them by adding up
SKU_SUMS = ("demand_units", "served_units", "demand_value", "served_value", "stockout_days",
            "stock_value_days", "cogs", "holding_cost", "lost_margin", "excess_value")


def sku_sums(
    run: ReplayRun,
    demand: np.ndarray,
    unit_cost: np.ndarray,
    price: np.ndarray,
    holding_cost_rate: float,
) -> pd.DataFrame:
    """What a run came to per SKU (units, values at price and cost, costs), for the scorecard.

    Parameters
    ----------
    run : ReplayRun
    demand : numpy.ndarray
        The demand the run served, shape ``(n_skus, n_days)``.
    unit_cost, price : numpy.ndarray
        Per SKU, currency per unit; a missing price counts as the cost (no margin lost).
    holding_cost_rate : float
        Holding cost per year as a share of the stock value at cost.

    Returns
    -------
    pandas.DataFrame
        One row per SKU, the columns of :data:`SKU_SUMS`.

    Notes
    -----
    A stock-out day is a day on which some demand was lost. The excess at the end is the stock
    position (on the shelf and in transit) above :data:`EXCESS_COVER_DAYS` days of the SKU's
    mean daily demand over the run, at cost.
    """
    wanted = np.where(np.isfinite(demand) & (demand > 0), demand, 0.0)
    cost = np.nan_to_num(np.asarray(unit_cost, np.float64))
    sell = np.asarray(price, np.float64)
    sell = np.where(np.isfinite(sell), sell, cost)
    n_days = wanted.shape[1]
    stock_value_days = run.on_hand.sum(axis=1) * cost
    position = run.on_hand[:, -1] + run.in_transit
    excess_units = np.maximum(position - EXCESS_COVER_DAYS * wanted.mean(axis=1), 0.0)
    served_units = run.served.sum(axis=1)
    lost_units = run.lost.sum(axis=1)
    return pd.DataFrame({
        "demand_units": wanted.sum(axis=1),
        "served_units": served_units,
        "demand_value": wanted.sum(axis=1) * sell,
        "served_value": served_units * sell,
        "stockout_days": (run.lost > 1e-9).sum(axis=1).astype(np.float64),
        "stock_value_days": stock_value_days,
        "cogs": served_units * cost,
        "holding_cost": stock_value_days * holding_cost_rate / 365.0,
        "lost_margin": lost_units * np.maximum(sell - cost, 0.0),
        "excess_value": excess_units * cost,
    }).assign(days=float(n_days))


def scorecard(sums: pd.DataFrame) -> pd.Series:
    """The figures of a run over the SKUs of ``sums`` (rows of :func:`sku_sums`).

    Returns
    -------
    pandas.Series
        fill_rate_units, fill_rate_value, stockout_sku_days, mean_stock_value, turns (over the
        run), turns_per_year, holding_cost, lost_margin, excess_stock_value and total_cost =
        holding cost + lost margin + :data:`EXCESS_MARKDOWN_SHARE` × excess stock value.

    Examples
    --------
    >>> sums = pd.DataFrame({"demand_units": [10.0], "served_units": [8.0],
    ...     "demand_value": [100.0], "served_value": [80.0], "stockout_days": [1.0],
    ...     "stock_value_days": [730.0], "cogs": [40.0], "holding_cost": [0.5],
    ...     "lost_margin": [10.0], "excess_value": [20.0], "days": [73.0]})
    >>> card = scorecard(sums)
    >>> card[["fill_rate_units", "mean_stock_value", "turns", "total_cost"]].tolist()
    [0.8, 10.0, 4.0, 16.5]
    """
    total = sums.sum()
    days = float(sums["days"].iloc[0]) if len(sums) else np.nan
    mean_stock = total["stock_value_days"] / days if days else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        turns = total["cogs"] / mean_stock if mean_stock > 0 else np.nan
        figures = {
            "fill_rate_units": (total["served_units"] / total["demand_units"]
                                if total["demand_units"] > 0 else np.nan),
            "fill_rate_value": (total["served_value"] / total["demand_value"]
                                if total["demand_value"] > 0 else np.nan),
            "stockout_sku_days": total["stockout_days"],
            "mean_stock_value": mean_stock,
            "turns": turns,
            "turns_per_year": turns * 365.0 / days if days else np.nan,
            "holding_cost": total["holding_cost"],
            "lost_margin": total["lost_margin"],
            "excess_stock_value": total["excess_value"],
            "total_cost": (total["holding_cost"] + total["lost_margin"]
                           + EXCESS_MARKDOWN_SHARE * total["excess_value"]),
        }
    return pd.Series(figures, dtype=np.float64)
