"""Demand classes by the Syntetos–Boylan scheme, plus "new" and "none"."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from xl_inventory.core.forecasting import _kernels
from xl_inventory.core.forecasting.models import demand_history
from xl_inventory.core.status import Answer, RowStatus

ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49
MIN_PERIODS = 14
DEMAND_CLASSES = ("smooth", "erratic", "intermittent", "lumpy", "new", "none")


def demand_classes(history: ArrayLike, min_periods: int = MIN_PERIODS) -> Answer:
    """Classify each SKU's demand as smooth, erratic, intermittent or lumpy (or new, or none).

    Parameters
    ----------
    history : array_like
        Demand per period, one SKU per row, oldest first; NaN for periods not observed (before
        a launch). Negative values (net returns) count as no demand.
    min_periods : int, default 14
        A SKU observed for fewer periods is ``"new"``: too little history to classify.

    Returns
    -------
    Answer
        Labels. ``"none"`` for a SKU with history but no demand at all; ``""`` with status
        ``BLANK`` for a SKU with no observed period.

    Notes
    -----
    ADI is the average number of periods per demand, CV² the squared coefficient of
    variation (population) of the non-zero demand sizes. With the cut-offs of Syntetos, Boylan
    & Croston (2005, *JORS* 56(5):495-503): smooth (ADI < 1.32, CV² < 0.49), erratic (ADI <
    1.32, CV² ≥ 0.49), intermittent (ADI ≥ 1.32, CV² < 0.49), lumpy (both at or above).
    Smooth and erratic demand suits SES or Holt; intermittent and lumpy demand suits SBA or TSB.

    Examples
    --------
    >>> lumpy = [0, 0, 1, 0, 0, 30, 0, 0, 2, 0] * 2
    >>> demand_classes([[5, 6, 5, 4] * 5, [0, 0, 0, 8] * 5, lumpy]).value
    array(['smooth', 'intermittent', 'lumpy'], dtype='<U12')
    """
    y = demand_history(history)
    observed = (~np.isnan(y)).sum(axis=1)
    demand = y > 0
    count = demand.sum(axis=1)
    # One SKUs x periods table of floats, reused in place: the sizes, then their squared
    # deviations from the mean size (0 where there was no demand).
    sizes = np.where(demand, y, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sizes.sum(axis=1) / count
        np.subtract(y, mean[:, None], out=sizes, where=demand)
        variance = np.square(sizes, out=sizes).sum(axis=1) / count
        cv2 = np.where(count > 0, variance / mean**2, 0.0)
    adi = _kernels.mean_interval(y)
    frequent = adi < ADI_CUTOFF
    steady = cv2 < CV2_CUTOFF
    labels = np.where(frequent, np.where(steady, "smooth", "erratic"),
                      np.where(steady, "intermittent", "lumpy")).astype("<U12")
    labels[observed < min_periods] = "new"
    labels[(count == 0) & (observed > 0)] = "none"
    status = np.where(observed == 0, np.int8(RowStatus.BLANK), np.int8(RowStatus.OK))
    labels[observed == 0] = ""
    return Answer(labels, status)
