"""Decision quality: the purchase plan against two simple rules, replayed on history.

Two workbooks:

- the bundled real sales (UCI Online Retail): plan from December and January, replay February
  weekly (its stock is derived by the demo's seeded generator);
- a generated two-year workbook (smooth, erratic, intermittent, lumpy, seasonal, new and dying
  SKUs, a few bulk orders): plan from the first year, replay the second weekly.

Prints each scorecard (the three policies side by side), the generated workbook's total cost
per demand kind, and the goal: the plan's total cost at most 0.8 x the better baseline's, with a
fill rate at least that baseline's.

    python benchmarks/bench_replay.py [--skus 600] [--weeks 52]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from xl_inventory.core.replay import scorecard, sku_sums
from xl_inventory.reports.demo_workbook import build_demo_workbook
from xl_inventory.reports.refresh import check_workbook
from xl_inventory.reports.replay import ReplayResult, replay
from xl_inventory.reports.synthetic_workbook import build_synthetic_workbook, replay_start

SHOWN = {"fill_rate_units": "{:.1%}", "fill_rate_value": "{:.1%}", "stockout_sku_days": "{:,.0f}",
         "mean_stock_value": "{:,.0f}", "turns_per_year": "{:.2f}", "holding_cost": "{:,.0f}",
         "lost_margin": "{:,.0f}", "excess_stock_value": "{:,.0f}", "total_cost": "{:,.0f}"}
GOAL_SHARE = 0.8


def show(title: str, result: ReplayResult, seconds: float) -> None:
    card = result.scorecard.set_index("metric")
    print(f"\n{title}: {result.start.date()}, {result.days} days, {seconds:.1f} s")
    print(f"| metric | {' | '.join(card.columns)} |")
    print("|---|" + "---:|" * len(card.columns))
    for metric, fmt in SHOWN.items():
        print(f"| {metric} | " + " | ".join(fmt.format(v) for v in card.loc[metric]) + " |")
    baselines = card.loc["total_cost", ["cover rule", "textbook"]]
    better = baselines.idxmin()
    ratio = card.loc["total_cost", "xl-inventory"] / baselines.min()
    fill, their_fill = card.loc["fill_rate_units", "xl-inventory"], card.loc[
        "fill_rate_units", better]
    print(f"total cost = {ratio:.2f} x the better baseline ({better}); goal <= {GOAL_SHARE}: "
          f"{'met' if ratio <= GOAL_SHARE else 'not met'}. Fill rate {fill:.1%} against "
          f"{their_fill:.1%}: {'met' if fill >= their_fill else 'not met'}")


def by_kind(result: ReplayResult, inventory) -> None:
    """Total cost and fill rate per demand kind (the generated workbook's categories)."""
    products = inventory.products.set_index("sku")
    kind = products["category"].to_numpy()
    rows = {}
    for name, run in result.runs.items():
        sums = sku_sums(run, run.served + run.lost, products["unit_cost"].to_numpy(),
                        products["price"].to_numpy(), inventory.settings.holding_cost_rate)
        for group, part in sums.groupby(kind):
            card = scorecard(part)
            rows[(group, name)] = f"{card['total_cost']:,.0f} ({card['fill_rate_units']:.1%})"
    table = pd.Series(rows).unstack()
    print("\ntotal cost (fill rate) per demand kind")
    print(table.to_string())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=600, help="SKUs of the generated workbook")
    parser.add_argument("--weeks", type=int, default=52, help="weeks replayed on it")
    parser.add_argument("--skip-demo", action="store_true", help="only the generated workbook")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if not args.skip_demo:
            demo = build_demo_workbook(Path(folder) / "demo.xlsx")
            inventory = check_workbook(demo)
            start = time.perf_counter()
            result = replay(inventory, "2011-02-01", 4)
            show("bundled UCI sales, February replayed", result, time.perf_counter() - start)
        book = build_synthetic_workbook(Path(folder) / "generated.xlsx", args.skus)
        inventory = check_workbook(book)
        start = time.perf_counter()
        result = replay(inventory, replay_start(), args.weeks)
        show(f"generated workbook, {args.skus} SKUs, second year replayed", result,
             time.perf_counter() - start)
        by_kind(result, inventory)


if __name__ == "__main__":
    main()
