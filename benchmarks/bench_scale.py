"""ERP-size data through ``xl-inventory plan``: a generated folder of Parquet files (products,
stock, and daily sales lines as a Parquet data set of several files) planned by each engine,
the time of each stage, the peak memory, SKUs a second.

The default is the issue's size: 1,000,000 SKUs x 730 days, about 100 million sales lines,
generated once and kept under the temporary folder for later runs. Each engine runs in a
process of its own, so its peak memory (VmHWM) is its own; the dask engine's is the largest of
its client and its workers; the largest resident memory of each stage is sampled. Measured in
the same run: DuckDB's bare scan of the sales (the floor of any reading), and statsforecast's
time per series for its eight models matching ours (one core, compiled beforehand), from which
its time for every SKU follows.

    python benchmarks/bench_scale.py [--skus 1000000] [--days 730] [--engines local,dask]
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

PART_SKUS = 50_000  # SKUs generated at a time
NEW_SHARE = 0.02  # SKUs launched in the last 20 days


def _copy(frame: pd.DataFrame, path: Path) -> None:
    with duckdb.connect() as connection:
        connection.register("frame", frame)
        connection.sql(f"COPY frame TO '{path}' (FORMAT parquet)")


def generate(folder: Path, skus: int, days: int, seed: int = 11) -> int:
    """Products and stock as Parquet, the sales as a data set of one file per 50,000 SKUs;
    returns the number of sales lines. Rates are gamma(0.22, 1) a day: most SKUs sell on few
    days, so about one day in seven has a line."""
    rng = np.random.default_rng(seed)
    codes = np.char.add("S", np.arange(skus).astype(str))
    cost = rng.uniform(1, 50, skus).round(2)
    start = np.datetime64("2024-01-01")
    new = rng.random(skus) < NEW_SHARE
    launch = np.where(new, start + np.timedelta64(days - 20, "D")
                      + rng.integers(0, 20, skus).astype("timedelta64[D]"),
                      np.datetime64("NaT"))
    products = pd.DataFrame({
        "sku": codes, "name": codes,
        "category": np.char.add("C", (np.arange(skus) % 200).astype(str)),
        "supplier": np.char.add("V", (np.arange(skus) % 50).astype(str)),
        "unit_cost": cost, "price": (cost * rng.uniform(1.3, 2.5, skus)).round(2),
        "lead_time_days": rng.integers(3, 40, skus), "moq": 0, "pack_size": 1,
        "launch_date": pd.to_datetime(launch)})
    rate = rng.gamma(0.22, 1.0, skus)
    _copy(products, folder / "products.parquet")
    _copy(pd.DataFrame({"sku": codes, "on_hand": rng.poisson(rate * 30), "on_order": 0}),
          folder / "stock.parquet")
    (folder / "sales.parquet").mkdir()
    lines = 0
    for part, first in enumerate(range(0, skus, PART_SKUS)):
        rows = slice(first, min(first + PART_SKUS, skus))
        part_rng = np.random.default_rng([seed, part])
        quantity = part_rng.poisson(np.broadcast_to(rate[rows], (days, rows.stop - first)))
        day, sku = np.nonzero(quantity)
        dates = start + day.astype("timedelta64[D]")
        keep = ~(dates < launch[rows][sku])  # nothing sold before the launch
        sales = pd.DataFrame({"date": dates[keep], "sku": codes[rows][sku[keep]],
                              "quantity": quantity[day[keep], sku[keep]]})
        _copy(sales, folder / "sales.parquet" / f"part-{part:04d}.parquet")
        lines += len(sales)
    return lines


def data_set(skus: int, days: int) -> tuple[Path, int]:
    """The generated folder, made once per size and kept for later runs."""
    folder = Path(tempfile.gettempdir()) / "xl-inventory-bench-scale" / f"{skus}x{days}"
    done = folder / "lines.txt"
    if not done.exists():
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        done.write_text(str(generate(folder, skus, days)))
    return folder, int(done.read_text())


def peak_mb(field: str = "VmHWM") -> float:
    """This process's peak resident memory (VmHWM; VmRSS: the present one), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class StagePeaks(threading.Thread):
    """The largest resident memory of this process seen during each stage (sampled)."""

    def __init__(self, marks: list[tuple[str, float]]) -> None:
        super().__init__(daemon=True)
        self.marks, self.peaks = marks, {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            if self.marks:
                stage = self.marks[-1][0]
                self.peaks[stage] = max(self.peaks.get(stage, 0.0), peak_mb("VmRSS"))


def child(engine: str, folder: Path, out: Path, chunk_skus: int) -> None:
    """Plan in this process; print the stages' seconds and the peak memory as JSON."""
    from xl_inventory.reports.plan_files import plan_data_dir

    marks: list[tuple[str, float]] = []

    def say(step: str, _chunks: int = 0) -> Callable[[], None]:
        marks.append((step, time.perf_counter()))
        return lambda: None

    sampler = StagePeaks(marks)
    sampler.start()
    start = time.perf_counter()
    peaks = {}
    if engine == "dask":
        from xl_inventory.reports.plan_cluster import dask_runner

        say("starting a local cluster of two workers")
        with dask_runner() as run:
            result = plan_data_dir(folder, out, chunk_skus, run, say)
            marks.append(("end", time.perf_counter()))
            peaks = run.client.run(peak_mb)
    else:
        result = plan_data_dir(folder, out, chunk_skus, progress=say)
        marks.append(("end", time.perf_counter()))
    sampler.done.set()
    stages = {step: [later - at, sampler.peaks.get(step, float("nan"))]
              for (step, at), (_, later) in itertools.pairwise(marks)}
    print(json.dumps({"stages": stages, "total": marks[-1][1] - start,
                      "planned": len(result.reports.purchase_plan),
                      "peak_mb": max([peak_mb(), *peaks.values()]),
                      "client_mb": peak_mb(), "worker_mb": list(peaks.values())}))


def statsforecast_seconds_per_series(days: int, n_series: int = 100) -> float:
    """statsforecast's eight models on generated series of ``days`` days, per series."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_forecast import run_statsforecast

    rng = np.random.default_rng(5)
    series = rng.poisson(rng.gamma(0.22, 1.0, n_series)[:, None], (n_series, days)).astype(
        float)
    _, seconds = run_statsforecast(series, 28)
    return seconds / n_series


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--engines", default="local,dask")
    parser.add_argument("--chunk-skus", type=int, default=20_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data, args.out, args.chunk_skus)
        return

    start = time.perf_counter()
    folder, lines = data_set(args.skus, args.days)
    print(f"{args.skus:,} SKUs x {args.days} days, {lines:,} sales lines in {folder} "
          f"({time.perf_counter() - start:.0f} s to make or find)")
    start = time.perf_counter()
    with duckdb.connect() as connection:
        connection.sql(f"SELECT sum(quantity) FROM read_parquet('{folder}/sales.parquet/*"
                       ".parquet')").fetchall()
    scan = time.perf_counter() - start
    per_series = statsforecast_seconds_per_series(args.days)
    print(f"baselines: DuckDB's bare scan of the sales {scan:.2f} s; statsforecast "
          f"{per_series * 1000:.1f} ms a series (8 models, one core) = "
          f"{per_series * args.skus / 3600:.1f} h for every SKU")
    for engine in args.engines.split(","):
        with tempfile.TemporaryDirectory() as out:
            found = subprocess.run(
                [sys.executable, __file__, "--child", engine, "--data", str(folder), "--out",
                 out, "--chunk-skus", str(args.chunk_skus)],
                capture_output=True, text=True, check=True)
        figures = json.loads(found.stdout.strip().splitlines()[-1])
        total = figures["total"]
        print(f"\n{engine} engine ({args.chunk_skus:,} SKUs a chunk)")
        print("| stage | seconds | largest resident memory (MB, sampled) |")
        print("|---|---:|---:|")
        for stage, (seconds, peak) in figures["stages"].items():
            print(f"| {stage} | {seconds:.1f} | {peak:,.0f} |")
        print(f"{engine}: total {total:.1f} s = {total / scan:.1f} x DuckDB's bare scan; "
              f"{args.skus / total:,.0f} SKUs a second "
              f"({total / args.skus * 1000:.2f} ms a SKU, "
              f"{per_series / (total / args.skus):,.0f} x statsforecast's time a series); "
              f"peak memory {figures['peak_mb']:,.0f} MB")


if __name__ == "__main__":
    main()
