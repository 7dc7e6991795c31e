"""xl-inventory's forecasts against Nixtla's statsforecast: time per series and holdout accuracy.

Two data sets: (a) the real sales bundled with the package (UCI Online Retail, Dec 2010 to Feb
2011) as daily demand per product, the last 14 days held out; (b) a seeded synthetic set of
daily series over 365 days (smooth, erratic, intermittent and lumpy in equal parts), the last
28 days held out. statsforecast runs its eight matching models (SES, Holt, seasonal ES,
CrostonClassic, CrostonSBA, TSB, ADIDA, IMAPA) on a subset, warm (compiled beforehand);
xl-inventory runs all series. Accuracy is compared on the subset, per demand class of the
training data: MAE and RMSSE, averaged over the class's series.

Run: ``python benchmarks/bench_forecast.py [--synthetic 100000] [--subset 5000]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from statsforecast import models as sf

from xl_inventory.core.demand import demand_series
from xl_inventory.core.forecasting import MODELS, AutoForecast, demand_classes
from xl_inventory.core.forecasting.auto import rmsse
from xl_inventory.sample_data import PRODUCT_CODE, read_online_retail


def real_daily_demand() -> np.ndarray:
    """Daily net units per product of the bundled sales, 2010-12-01 to 2011-02-28."""
    sales = read_online_retail()
    sales = sales[sales["StockCode"].str.match(PRODUCT_CODE)]
    lines = pd.DataFrame({"date": sales["InvoiceDate"], "sku": sales["StockCode"],
                          "quantity": sales["Quantity"]})
    # The bundle is three months of a shop's history: every product counts as launched.
    series = demand_series(lines, "2010-12-01", "2011-02-28",
                           launch_dates=pd.Series(pd.Timestamp("2010-12-01"),
                                                  index=lines["sku"].unique()))
    return series.quantity


def synthetic_daily_demand(n_series: int, n_days: int, seed: int = 2026) -> np.ndarray:
    """Seeded daily demand: a quarter each smooth, erratic, intermittent and lumpy."""
    rng = np.random.default_rng(seed)
    quarter = n_series // 4
    day = np.arange(n_days)
    weekly = 1 + 0.3 * np.sin(2 * np.pi * day / 7)
    trend = 1 + rng.uniform(-0.3, 0.5, (quarter, 1)) * day / n_days
    smooth = rng.poisson(rng.uniform(5, 50, (quarter, 1)) * weekly * trend)
    erratic = rng.negative_binomial(1, 1 / (1 + rng.uniform(3, 30, (quarter, 1))),
                                    (quarter, n_days)) * weekly.round(0)
    occurs = rng.random((quarter, n_days)) < rng.uniform(0.05, 0.4, (quarter, 1))
    intermittent = occurs * (1 + rng.poisson(rng.uniform(1, 6, (quarter, 1)), (quarter, n_days)))
    occurs = rng.random((n_series - 3 * quarter, n_days)) < rng.uniform(0.05, 0.4, (1, 1))
    lumpy = occurs * np.ceil(rng.lognormal(1.5, 1.2, occurs.shape))
    return np.vstack([smooth, erratic, intermittent, lumpy]).astype(np.float64)


def statsforecast_models() -> dict[str, object]:
    return {
        "SES": sf.SimpleExponentialSmoothingOptimized(),
        "Holt": sf.Holt(),
        "SeasonalES": sf.SeasonalExponentialSmoothingOptimized(season_length=7),
        "CrostonClassic": sf.CrostonClassic(),
        "CrostonSBA": sf.CrostonSBA(),
        "TSB": sf.TSB(alpha_d=0.2, alpha_p=0.1),
        "ADIDA": sf.ADIDA(),
        "IMAPA": sf.IMAPA(),
    }


def run_statsforecast(train: np.ndarray, horizon: int) -> tuple[dict[str, np.ndarray], float]:
    models = statsforecast_models()
    for model in models.values():  # compile before timing
        model.forecast(y=np.r_[np.zeros(20), 1.0, 2.0, 0.0, 3.0] + 1e-9, h=horizon)
    forecasts = {name: np.empty((train.shape[0], horizon)) for name in models}
    start = time.perf_counter()
    for row, series in enumerate(train):
        observed = series[~np.isnan(series)]
        for name, model in models.items():
            try:
                forecasts[name][row] = model.forecast(y=observed, h=horizon)["mean"]
            except Exception:  # a model that cannot fit a series scores as missing
                forecasts[name][row] = np.nan
    return forecasts, time.perf_counter() - start


def run_ours(train: np.ndarray, horizon: int) -> tuple[dict[str, np.ndarray], float]:
    start = time.perf_counter()
    forecasts = {name: model().fit(train).predict(horizon) for name, model in MODELS.items()}
    every_model = time.perf_counter() - start
    forecasts["auto"] = AutoForecast().fit(train).predict(horizon)
    return forecasts, every_model


def scores(train: np.ndarray, test: np.ndarray, forecast: np.ndarray) -> pd.DataFrame:
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({
            "mae": np.nanmean(np.abs(forecast - test), axis=1),
            "rmsse": rmsse(train, forecast, test),
        })


def report(label: str, data: np.ndarray, horizon: int, subset: int) -> None:
    train, test = data[:, :-horizon], data[:, -horizon:]
    keep = ~np.isnan(train).all(axis=1) & (np.nansum(train, axis=1) > 0)
    train, test = train[keep], test[keep]
    rng = np.random.default_rng(7)
    chosen = np.sort(rng.choice(train.shape[0], size=min(subset, train.shape[0]), replace=False))
    ours, ours_time = run_ours(train, horizon)
    theirs, their_time = run_statsforecast(train[chosen], horizon)
    classes = demand_classes(train[chosen]).value
    ours_per_series = ours_time / train.shape[0]
    theirs_per_series = their_time / len(chosen)
    print(f"\n== {label}: {train.shape[0]:,} series x {train.shape[1]} periods, "
          f"holdout {horizon}; statsforecast on {len(chosen):,} of them")
    print(f"time per series, every model: xl-inventory {ours_per_series * 1e3:.3f} ms, "
          f"statsforecast {theirs_per_series * 1e3:.2f} ms -> "
          f"{theirs_per_series / ours_per_series:.0f}x faster")
    table = {}
    for name, forecast in {**{f"sf:{k}": v for k, v in theirs.items()},
                           **{f"xl:{k}": v[chosen] for k, v in ours.items()}}.items():
        frame = scores(train[chosen], test[chosen], forecast).assign(demand_class=classes)
        table[name] = frame.groupby("demand_class")[["mae", "rmsse"]].mean()
    for metric in ("mae", "rmsse"):
        grid = pd.DataFrame({name: result[metric] for name, result in table.items()}).T
        sf_rows = grid[grid.index.str.startswith("sf:")]
        grid.loc["sf: best per class"] = sf_rows.min()
        grid.loc["xl:auto vs sf best (ratio)"] = grid.loc["xl:auto"] / sf_rows.min()
        counts = pd.Series(classes).value_counts()
        print(f"\n{metric.upper()} by demand class of the training data (series: "
              + ", ".join(f"{c} {counts.get(c, 0)}" for c in grid.columns) + ")")
        print(grid.round(3).to_string())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=100_000, help="synthetic series")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--subset", type=int, default=5_000, help="series statsforecast runs")
    args = parser.parse_args()
    report("real sales (UCI Online Retail)", real_daily_demand(), 14, args.subset)
    report("synthetic", synthetic_daily_demand(args.synthetic, args.days), 28, args.subset)


if __name__ == "__main__":
    main()
