"""Choosing a forecasting method per SKU: by demand class, then by holdout error."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.typing import ArrayLike

from xl_inventory.core.forecasting.classify import MIN_PERIODS, demand_classes
from xl_inventory.core.forecasting.models import ForecastModel, demand_history, model_named

# Candidates per demand class, the first being the choice when no holdout can be afforded.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "smooth": ("ses", "holt", "seasonal", "ma"),
    "erratic": ("ses", "holt", "seasonal", "ma"),
    "intermittent": ("sba", "tsb", "croston", "adida", "imapa", "ses"),
    "lumpy": ("sba", "tsb", "adida", "imapa", "ses", "seasonal"),
    "new": ("ma",),
}


# SKUs of a class on which the candidates are compared; a random (seeded) subset above this.
MAX_JUDGED = 1_000
PART_ROWS = 2_000
_WORKERS = min(os.cpu_count() or 1, 8)


def naive_scale(history: np.ndarray) -> np.ndarray:
    """Per SKU: the mean squared one-step naive error of the history (change from one period
    to the next, where both are observed), RMSSE's denominator; NaN where it is 0 or unknown."""
    steps = np.diff(history, axis=1)
    seen = ~np.isnan(steps)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(seen, steps**2, 0.0).sum(axis=1) / seen.sum(axis=1)
    return np.where(scale > 0, scale, np.nan)


def rmsse(history: np.ndarray, forecast: np.ndarray, actual: np.ndarray) -> np.ndarray:
    """Per SKU: root of the mean squared forecast error over the mean squared one-step naive
    error of the history (RMSSE), so that SKUs of any size weigh alike when pooled."""
    with np.errstate(invalid="ignore", divide="ignore"):
        error = forecast - actual
        seen_actual = ~np.isnan(error)
        mse = np.where(seen_actual, error**2, 0.0).sum(axis=1) / seen_actual.sum(axis=1)
        return np.sqrt(mse / naive_scale(history))


def _parts(rows: np.ndarray) -> list[np.ndarray]:
    """``rows`` in one part per worker, none smaller than PART_ROWS (below that, a fit costs
    little more than its loop over periods, which each part pays again)."""
    count = int(np.clip(rows.size // PART_ROWS, 1, _WORKERS))
    return np.array_split(rows, count)


def _pooled(scores: np.ndarray) -> float:
    """Mean of the finite scores; infinite where there is none."""
    finite = scores[np.isfinite(scores)]
    return float(finite.mean()) if finite.size else np.inf


class AutoForecast(ForecastModel):
    """Per demand class, the candidate method (or pair of methods) with the least holdout error.

    Parameters
    ----------
    season_length : int, default 7
        Season of the seasonal candidate (7: weekly pattern on daily data).
    holdout : int, optional
        Periods held out to compare candidates; by default a fifth of the history, between 7
        and 28 periods.
    choice : dict, optional
        The method of each demand class, judged beforehand (:meth:`judged_rows`,
        :meth:`choose`) over more SKUs than this fit sees: chunks of a large range of SKUs
        then forecast as the whole range would.

    Notes
    -----
    SKUs are classified (:func:`demand_classes`); smooth and erratic ones choose among SES,
    Holt, the seasonal method and a moving average, intermittent and lumpy ones among SBA,
    TSB, Croston, ADIDA, IMAPA and SES (and, lumpy, the seasonal method). Every candidate is
    fitted on the history less the holdout; the mean forecast of the two best is a candidate
    too, since a combination is often better than either (Makridakis et al., M4, 2020). The
    candidate with the least mean RMSSE over the class's SKUs that have at least three
    holdouts of history wins for the whole class: pooling keeps one noisy holdout from deciding
    a SKU (above 1,000 such SKUs, a seeded random 1,000 of them are compared). Without such SKUs
    the class takes its first candidate. New SKUs get the mean of what
    they have (reports replace it with their category's rate); SKUs without demand forecast 0.

    Attributes
    ----------
    classes_ : numpy.ndarray
        Demand class per SKU.
    method_ : numpy.ndarray
        Method per SKU, e.g. ``"sba"`` or ``"ses+holt"`` for a combination.
    choice_ : dict
        Method per demand class (of the classes present).
    """

    name = "auto"

    def __init__(self, season_length: int = 7, holdout: int | None = None,
                 choice: dict[str, str] | None = None) -> None:
        self.season_length = int(season_length)
        self.holdout = holdout
        self.choice = choice

    def holdout_periods(self, n_periods: int) -> int:
        """Periods held out to compare candidates, for a history of ``n_periods``."""
        return self.holdout or int(np.clip(n_periods // 5, 7, 28))

    def judged_rows(self, classes: np.ndarray, observed: np.ndarray, n_periods: int
                    ) -> dict[str, np.ndarray]:
        """Per demand class that has candidates to compare, the rows (SKUs) they are compared
        on: those with at least three holdouts of history, a seeded random 1,000 of them above
        that. Classes whose rows have too little history are left out (they take their first
        candidate). Rows are positions in ``classes`` (all SKUs, in their order), so that a
        choice judged over every SKU is the same whether they are fitted in one piece or in
        chunks."""
        holdout = self.holdout_periods(n_periods)
        judged = {}
        for demand_class, candidates in CANDIDATES.items():
            rows = np.flatnonzero(classes == demand_class)
            rows = rows[observed[rows] >= 3 * holdout]
            if rows.size > MAX_JUDGED:  # a pooled score settles long before that
                rows = np.sort(np.random.default_rng(0).choice(rows, MAX_JUDGED, replace=False))
            if len(candidates) > 1 and rows.size and n_periods > holdout:
                judged[demand_class] = rows
        return judged

    def choose(self, histories: dict[str, np.ndarray]) -> dict[str, str]:
        """The method of each demand class with SKUs: the best candidate on the histories of
        its judged rows (:meth:`judged_rows`), else its first candidate."""
        choice = {c: candidates[0] for c, candidates in CANDIDATES.items()}
        for demand_class, history in histories.items():
            holdout = self.holdout_periods(history.shape[1])
            choice[demand_class] = "+".join(self._choose(
                CANDIDATES[demand_class], history[:, :-holdout], history[:, -holdout:]))
        return choice

    def _choose(self, candidates: tuple[str, ...], train: np.ndarray, test: np.ndarray
                ) -> tuple[str, ...]:
        horizon = test.shape[1]
        paths = {name: model_named(name, self.season_length).fit(train).predict(horizon)
                 for name in candidates}
        scores = {(name,): _pooled(rmsse(train, path, test))
                  for name, path in paths.items()}
        first, second = sorted(scores, key=scores.__getitem__)[:2]
        pair = first + second
        scores[pair] = _pooled(rmsse(
            train, (paths[first[0]] + paths[second[0]]) / 2, test))
        return min(scores, key=scores.__getitem__)

    def fit(self, y: ArrayLike) -> AutoForecast:
        history = demand_history(y)
        self.classes_ = demand_classes(history, MIN_PERIODS).value
        observed = (~np.isnan(history)).sum(axis=1)
        if self.choice is None:
            judged = self.judged_rows(self.classes_, observed, history.shape[1])
            choice = self.choose({c: history[rows] for c, rows in judged.items()})
        else:
            choice = self.choice
        self.method_ = np.full(history.shape[0], "zero", dtype="<U20")
        self.choice_: dict[str, str] = {}
        self.rates_ = np.where(observed > 0, 0.0, np.nan)[:, None]
        plan: list[tuple[np.ndarray, tuple[str, ...]]] = []  # rows, and the methods they take
        for demand_class in CANDIDATES:
            rows = np.flatnonzero(self.classes_ == demand_class)
            if not rows.size:
                continue
            self.choice_[demand_class] = choice[demand_class]
            self.method_[rows] = choice[demand_class]
            plan += [(part, tuple(choice[demand_class].split("+"))) for part in _parts(rows)]
        # Fitting the chosen methods to every SKU is the bulk of the work. Each SKU's fit is
        # its own, so parts of a class are fitted side by side, one per core: numpy lets go
        # of the interpreter lock while it works on a part's arrays.
        with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
            fitted = iter(pool.map(
                lambda task: model_named(task[1], self.season_length).fit(history[task[0]]),
                [(part, name) for part, names in plan for name in names]))
        self._fitted: list[tuple[np.ndarray, list[ForecastModel]]] = [
            (part, [next(fitted) for _ in names]) for part, names in plan]
        return self

    def predict(self, horizon: int) -> np.ndarray:
        paths = np.repeat(self.rates_, horizon, axis=1)
        for rows, models in self._fitted:
            paths[rows] = sum(model.predict(horizon) for model in models) / len(models)
        return paths
