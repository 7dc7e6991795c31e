"""What holding stock costs."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xl_inventory.core._arrays import aligned, as_floats, blank_status
from xl_inventory.core.status import Answer, RowStatus, finish, flag

DAYS_PER_YEAR = 365.0
# Storage, handling, insurance and the interest on the money tied up: 20-30 % a year is the
# usual range quoted for e-commerce goods; 25 % is the default where a seller gives none.
DEFAULT_HOLDING_COST_RATE = 0.25


def holding_cost(
    stock_value: ArrayLike,
    days: ArrayLike,
    holding_cost_rate: ArrayLike = DEFAULT_HOLDING_COST_RATE,
) -> Answer:
    """Cost of holding a stock value for a number of days at an annual rate.

    Parameters
    ----------
    stock_value : array_like
        Value of the stock at cost (currency).
    days : array_like
        How long it is held, in days.
    holding_cost_rate : array_like, default 0.25
        Holding cost per year as a share of the stock value (storage, handling, interest).

    Returns
    -------
    Answer
        Currency. ``NUM`` where an input is negative.

    Notes
    -----
    ``holding cost = value × rate × days / 365``. The seed's point: compare it with the loss
    of a markdown; holding on usually loses more (持有成本 vs 降价损失).

    Examples
    --------
    Stock worth 10,000 held 146 days at 25 % a year:

    >>> holding_cost(10_000, 146, 0.25).value
    array(1000.)
    """
    value, held, rate = aligned(
        stock_value=as_floats(stock_value, "stock_value"),
        days=as_floats(days, "days"),
        holding_cost_rate=as_floats(holding_cost_rate, "holding_cost_rate"),
    )
    status = blank_status(value, held, rate)
    flag(status, (value < 0) | (held < 0) | (rate < 0), RowStatus.NUM)
    with np.errstate(all="ignore"):  # an overflow becomes #NUM! in finish
        return finish(value * rate * held / DAYS_PER_YEAR, status)
