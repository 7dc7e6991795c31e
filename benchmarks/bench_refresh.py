"""A refresh of a large generated workbook, timed per stage against the bare read.

The workbook: 20,000 SKUs, 1,000,000 sales lines over a year, one stock row per SKU. The
baseline is what the fastest reader (python-calamine) takes only to read the same input tables
into Python rows, measured in the same run. Each timed run is a fresh process, so its peak
memory (VmHWM) is its own.

Each pair of runs (bare read, then refresh) gives a ratio; the median of the pairs is the
figure, since one run on a shared machine can be off by a fifth.

Run: ``python benchmarks/bench_refresh.py [--skus 20000] [--sales 1000000] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from xl_inventory.workbook.sheets import SheetSpec, TableBlock, put_sheet
from xl_inventory.workbook.xlsx_package import XlsxPackage


def build(path: Path, n_skus: int, n_sales: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    skus = np.array([f"SKU{i:06d}" for i in range(n_skus)], dtype=object)
    cost = rng.uniform(1, 80, n_skus).round(2)
    products = pd.DataFrame({
        "sku": skus, "name": [f"Item {i}" for i in range(n_skus)],
        "category": rng.choice([f"Cat {c}" for c in range(40)], n_skus),
        "supplier": rng.choice([f"Supplier {s}" for s in range(60)], n_skus),
        "unit_cost": cost, "price": (cost * rng.uniform(1.4, 2.5, n_skus)).round(2),
        "lead_time_days": rng.integers(3, 45, n_skus), "moq": rng.choice([0, 12, 50], n_skus),
        "pack_size": rng.choice([1, 6, 12, 24], n_skus), "season": "",
        "launch_date": pd.NaT,
    })
    popularity = rng.pareto(1.2, n_skus) + 0.05
    which = rng.choice(n_skus, n_sales, p=popularity / popularity.sum())
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, n_sales), unit="D")
    quantity = rng.integers(1, 6, n_sales) * np.where(rng.random(n_sales) < 0.02, -1, 1)
    sales = pd.DataFrame({
        "date": days, "sku": skus[which], "quantity": quantity,
        "amount": (quantity * products["price"].to_numpy()[which]).round(2),
        "channel": rng.choice(["web", "marketplace", "store"], n_sales),
    }).sort_values("date", kind="stable", ignore_index=True)
    stock = pd.DataFrame({"sku": skus, "on_hand": rng.integers(0, 400, n_skus),
                          "on_order": 0, "warehouse": "Main"})
    settings = pd.DataFrame({"name": ["as_of_date"], "value": ["2024-12-31"]})
    package = XlsxPackage.new()
    for name, frame, formats in [
        ("Products", products, ["text"] * 4 + ["money"] * 2 + ["int"] * 3 + ["text", "date"]),
        ("Sales", sales, ["date", "text", "int", "money", "text"]),
        ("Stock", stock, ["text", "int", "int", "text"]),
        ("Settings", settings, ["text", "text"]),
    ]:
        put_sheet(package, SheetSpec(name, [TableBlock(name, frame, list(frame.columns),
                                                       formats)]))
    package.save(path)


def _child(mode: str, path: str) -> None:
    """Run one timed stage in this (fresh) process and print its figures as JSON."""
    start = time.perf_counter()
    if mode == "read":
        from xl_inventory.workbook.reader import read_input_tables

        read_input_tables(path)
        seconds = {"read only": time.perf_counter() - start}
    else:
        from xl_inventory.reports.refresh import refresh_workbook

        seconds = refresh_workbook(path).seconds
    print(json.dumps({"seconds": seconds, "peak_mib": _peak_mib()}))


def _peak_mib() -> float:
    """Peak resident memory of this process. Linux's ru_maxrss would count the benchmark's own
    memory too (it survives the fork before the exec); VmHWM is this program's alone."""
    status = Path("/proc/self/status")
    if status.exists():
        line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # bytes on macOS


def _run(mode: str, path: Path) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", mode, str(path)],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=20_000)
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5,
                        help="pairs of (bare read, refresh) runs; the median ratio is the figure")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.xlsx"
        start = time.perf_counter()
        build(path, args.skus, args.sales)
        print(f"built {args.skus:,} SKUs and {args.sales:,} sales lines in "
              f"{time.perf_counter() - start:.1f} s ({path.stat().st_size / 2**20:.0f} MiB)")
        ratios = []
        for run in range(1, args.repeat + 1):
            # A pair runs back to back, so that both see the machine in the same state.
            baseline = _run("read", path)
            refresh = _run("refresh", path)
            read_only = baseline["seconds"]["read only"]
            total = sum(refresh["seconds"].values())
            ratios.append(total / read_only)
            stages = ", ".join(f"{stage} {seconds:.2f} s"
                               for stage, seconds in refresh["seconds"].items())
            print(f"run {run}: bare read {read_only:.2f} s (peak {baseline['peak_mib']:.0f} "
                  f"MiB); refresh {total:.2f} s ({stages}; peak {refresh['peak_mib']:.0f} MiB)"
                  f" = {ratios[-1]:.2f} x the bare read")
        print(f"median: refresh = {statistics.median(ratios):.2f} x the bare read "
              f"(runs: {', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    main()
