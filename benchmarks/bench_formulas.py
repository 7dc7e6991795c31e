"""Each Excel function on 1,000,000 rows, as xlwings calls it, against the floor any UDF pays.

The floor of a function is what a UDF with no checking at all would spend: ``np.array(rows,
dtype=float)`` for each range argument, the bare numpy computation of the same answer, and
``.tolist()`` of the result. Both are timed in the same run (best of ``--repeat``), and the
ratio UDF time / floor time is printed per function: on clean numeric input, and with 1 % of
the cells blank and 1 % holding text.

Run: ``python benchmarks/bench_formulas.py [--rows 1000000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from xl_inventory import udfs

HISTORY_PERIODS = 4  # daily sales per SKU for the history functions (SAFETYSTOCK, XYZCLASS)


def _floats(*columns: list[list[Any]]) -> list[np.ndarray]:
    return [np.array(column, dtype=float) for column in columns]


def _abc_floor(values: np.ndarray) -> np.ndarray:
    v = values.ravel()
    order = np.argsort(-v, kind="stable")
    ranked = v[order]
    before = np.cumsum(ranked) - ranked
    labels = np.empty(v.shape, dtype="<U1")
    labels[order] = np.where(before < 0.7 * ranked.sum(), "A",
                             np.where(before < 0.9 * ranked.sum(), "B", "C"))
    return labels.reshape(-1, 1)


# name → (argument kinds, bare computation on float arrays)
CASES: dict[str, tuple[tuple[str, ...], Callable[..., Any]]] = {
    "TURNOVER": (("col", "col"), lambda c, i: c / i),
    "DIO": (("col", "col"), lambda c, i: 365.0 * i / c),
    "SELLTHROUGH": (("col", "col", "col"), lambda s, r, o: s / (o + r)),
    "SLOWRATIO": (("col", "days"), lambda v, d: np.float64(v[d >= 90].sum() / v.sum())),
    "DAYSOFCOVER": (("col", "col", "col"), lambda h, d, o: (h + o) / d),
    "ABCCLASS": (("col",), _abc_floor),
    "XYZCLASS": (("block",), lambda h: np.where(
        (cv := h.std(axis=1, ddof=1) / h.mean(axis=1)) <= 0.5, "X",
        np.where(cv <= 1.0, "Y", "Z")).reshape(-1, 1)),
    "SAFETYSTOCK": (("block", "col"), lambda h, lt: (h.max(axis=1, keepdims=True)
                                                    - h.mean(axis=1, keepdims=True)) * lt),
    "REORDERPOINT": (("col", "col", "col"), lambda d, lt, ss: d * lt + ss),
    "REORDERQTY": (("col",) * 6, lambda f, ss, oh, oo, moq, pack: np.where(
        (need := f + ss - oh - oo) > 0,
        np.maximum(np.ceil(need / pack), np.ceil(moq / pack)) * pack, 0.0)),
    "EOQ": (("col",) * 4, lambda d, s, c, r: np.sqrt(2 * d * s / (c * r))),
    "HOLDINGCOST": (("col",) * 3, lambda v, d, r: v * r * d / 365.0),
}


def _make_argument(kind: str, rows: int, rng: np.random.Generator) -> np.ndarray:
    if kind == "block":
        return rng.uniform(1, 100, size=(rows, HISTORY_PERIODS)).round(0)
    if kind == "days":
        return rng.integers(0, 365, size=(rows, 1)).astype(float)
    return rng.uniform(1, 100, size=(rows, 1)).round(2)


def _spoil(cells: list[list[Any]], rng: np.random.Generator, share: float) -> None:
    """Blank ``share`` of the cells and put text in another ``share``, in place."""
    flat = [(r, c) for r in range(len(cells)) for c in range(len(cells[0]))]
    picks = rng.choice(len(flat), size=int(2 * share * len(flat)), replace=False)
    half = len(picks) // 2
    for n, pick in enumerate(picks):
        r, c = flat[pick]
        cells[r][c] = None if n < half else "n/a"


def _best(function: Callable[[], Any], repeat: int) -> float:
    """Best wall time of ``repeat`` calls, with the garbage collector off as timeit does."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            function()
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def run(rows: int, repeat: int, spoiled_share: float) -> None:
    rng = np.random.default_rng(2026)
    print(f"{rows:,} rows, best of {repeat}; ratio = UDF time / floor time "
          f"(floor: np.array per range + bare numpy + .tolist())")
    print(f"{'function':<14}{'floor s':>9}{'clean s':>9}{'ratio':>7}"
          f"{'mixed s':>9}{'ratio':>7}")
    for name, (kinds, bare) in CASES.items():
        arrays = [_make_argument(kind, rows, rng) for kind in kinds]
        clean = [a.tolist() for a in arrays]
        udf = udfs.UDFS[name]

        def floor(args: list[list[list[Any]]] = clean, bare: Callable[..., Any] = bare) -> Any:
            return bare(*_floats(*args)).tolist()

        floor_time = _best(floor, repeat)
        clean_time = _best(lambda udf=udf, args=clean: udf(*args), repeat)
        mixed = [[row[:] for row in a] for a in clean]
        for argument in mixed:
            _spoil(argument, rng, spoiled_share)
        answer = udf(*mixed)
        # a range or an Excel error, never a sentence (which would mean the call was wrong)
        assert not isinstance(answer, str) or answer.startswith("#"), answer
        mixed_time = _best(lambda udf=udf, args=mixed: udf(*args), repeat)
        print(f"{name:<14}{floor_time:>9.3f}{clean_time:>9.3f}{clean_time / floor_time:>7.2f}"
              f"{mixed_time:>9.3f}{mixed_time / floor_time:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--spoiled", type=float, default=0.01,
                        help="share of cells blanked and, again, set to text (default 0.01)")
    args = parser.parse_args()
    run(args.rows, args.repeat, args.spoiled)


if __name__ == "__main__":
    main()
