"""ERP-size data through ``xl-inventory plan``: a generated folder of Parquet files (products,
stock, and a year of daily sales lines), the time of each stage, the peak memory, SKUs a second.

The sales are summed per day by DuckDB where they lie; what remains in memory is the refresh
engine's SKU x day table, so the peak grows with SKUs x days (the bound that chunking will
lift). The baseline measured in the same run is DuckDB's own scan of the sales file.

    python benchmarks/bench_scale.py [--skus 20000] [--days 365]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from xl_inventory.reports.refresh import compute_reports
from xl_inventory.workbook.data_dir import read_data_dir
from xl_inventory.workbook.validate import validate


def generate(folder: Path, skus: int, days: int, seed: int = 11) -> int:
    """Products, stock and sales as Parquet; returns the number of sales lines."""
    rng = np.random.default_rng(seed)
    codes = np.char.add("S", np.arange(skus).astype(str))
    rate = rng.gamma(0.6, 3.0, skus)
    cost = rng.uniform(1, 50, skus).round(2)
    products = pd.DataFrame({
        "sku": codes, "name": codes, "category": np.char.add("C", (np.arange(skus) % 40).astype(
            str)), "supplier": np.char.add("V", (np.arange(skus) % 25).astype(str)),
        "unit_cost": cost, "price": (cost * rng.uniform(1.3, 2.5, skus)).round(2),
        "lead_time_days": rng.integers(3, 40, skus), "moq": 0, "pack_size": 1})
    stock = pd.DataFrame({"sku": codes, "on_hand": rng.poisson(rate * 30), "on_order": 0})
    quantity = rng.poisson(np.broadcast_to(rate, (days, skus)))
    day, sku = np.nonzero(quantity)
    start = np.datetime64("2024-01-01")
    sales = pd.DataFrame({"date": start + day.astype("timedelta64[D]"), "sku": codes[sku],
                          "quantity": quantity[day, sku]})
    with duckdb.connect() as connection:
        for name, frame in (("products", products), ("stock", stock), ("sales", sales)):
            connection.register("frame", frame)
            connection.sql(f"COPY frame TO '{folder / name}.parquet' (FORMAT parquet)")
            connection.unregister("frame")
    return len(sales)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        lines = generate(folder, args.skus, args.days)
        start = time.perf_counter()
        with duckdb.connect() as connection:
            connection.sql(f"SELECT sum(quantity) FROM '{folder / 'sales.parquet'}'").fetchall()
        scan = time.perf_counter() - start
        stages = {}
        start = time.perf_counter()
        tables, _ = read_data_dir(folder)
        stages["read and sum the sales (DuckDB)"] = time.perf_counter() - start
        start = time.perf_counter()
        inventory = validate(tables)
        stages["validate"] = time.perf_counter() - start
        start = time.perf_counter()
        reports = compute_reports(inventory)
        stages["forecast, plan, slow movers, KPIs"] = time.perf_counter() - start
        total = sum(stages.values())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{args.skus:,} SKUs x {args.days} days, {lines:,} sales lines "
              f"({len(reports.purchase_plan):,} planned)")
        print("| stage | seconds | x DuckDB's scan |")
        print("|---|---:|---:|")
        for stage, seconds in stages.items():
            print(f"| {stage} | {seconds:.2f} | {seconds / scan:.1f} |")
        print(f"total {total:.1f} s = {total / scan:.1f} x DuckDB's bare scan of the sales "
              f"({scan:.2f} s); {args.skus / total:,.0f} SKUs a second; peak memory "
              f"{peak:,.0f} MB")


if __name__ == "__main__":
    main()
