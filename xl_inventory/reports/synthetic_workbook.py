"""A generated two-year seller workbook with every kind of demand a replay must face.

Seeded, so every build is the same workbook. SKUs are smooth, erratic, intermittent, lumpy,
seasonal (a Christmas season), new (launched in the second year) and dying (demand fading to
nothing in the second year); a few smooth SKUs get one-off bulk orders, some cancelled a few
days later. Stock is consistent with the sales: the Receipts table books each month's net
sales of the second year back in, so the stock reconstructed at the start of the second year is
the stock the generator put there, and today's stock equals it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from xl_inventory.reports.demo_workbook import INPUT_FORMATS
from xl_inventory.workbook.sheets import SheetSpec, TableBlock, put_sheet
from xl_inventory.workbook.xlsx_package import XlsxPackage

SEED = 20240101
FIRST_DAY = pd.Timestamp("2023-01-02")
DAYS = 730
KINDS = ("smooth", "erratic", "intermittent", "lumpy", "seasonal", "new", "dying")
SHARES = (0.25, 0.15, 0.2, 0.15, 0.08, 0.09, 0.08)
SUPPLIERS = ("North Crafts", "South Paper", "East Ceramics", "West Textiles", "Sea Imports")


def replay_start() -> pd.Timestamp:
    """The first day of the second year: the replay's natural start."""
    return FIRST_DAY + pd.Timedelta(days=365)


def _demand(kind: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Daily units per SKU, and the launch day number of each (0 for all but new SKUs)."""
    n = len(kind)
    day = np.arange(DAYS)
    dates = FIRST_DAY + pd.to_timedelta(day, unit="D")
    weekday = np.where(dates.dayofweek >= 5, 0.7, 1.1)[None, :]
    level = rng.lognormal(1.2, 0.8, n)[:, None]  # mean units a day, about 3.3 typical
    units = np.zeros((n, DAYS))
    smooth = (kind == "smooth") | (kind == "dying") | (kind == "new")
    units[smooth] = rng.poisson(level[smooth] * weekday, (smooth.sum(), DAYS))
    erratic = kind == "erratic"
    units[erratic] = np.round(rng.gamma(0.8, level[erratic] * weekday / 0.8,
                                        (erratic.sum(), DAYS)))
    for name, chance, spread in (("intermittent", (0.1, 0.45), 0.3), ("lumpy", (0.05, 0.2), 1.1)):
        rows = kind == name
        p = rng.uniform(*chance, rows.sum())[:, None]
        sells = rng.random((rows.sum(), DAYS)) < p
        size = np.ceil(rng.lognormal(np.log(level[rows] / p + 1) - spread**2 / 2, spread,
                                     (rows.sum(), DAYS)) / 3)
        units[rows] = np.where(sells, size, 0)
    seasonal = kind == "seasonal"
    month = dates.month.to_numpy()
    peak = np.where(month == 12, 6.0, np.where(month == 11, 3.0, 0.08))[None, :]
    units[seasonal] = rng.poisson(level[seasonal] * peak, (seasonal.sum(), DAYS))
    dying = kind == "dying"
    fade = np.clip((DAYS - 120 - day) / 245, 0, 1)[None, :]  # gone 120 days before the end
    units[dying] = rng.binomial(units[dying].astype(np.int64), np.broadcast_to(
        np.where(day < 365, 1.0, fade), (dying.sum(), DAYS)))
    launch = np.where(kind == "new", rng.integers(400, 640, n), 0)
    units[day[None, :] < launch[:, None]] = 0
    return units, launch


def synthetic_inputs(n_skus: int = 600) -> dict[str, pd.DataFrame]:
    """The generated workbook's input tables, by table name."""
    rng = np.random.default_rng(SEED)
    kind = rng.choice(KINDS, n_skus, p=SHARES)
    units, launch = _demand(kind, rng)
    skus = np.array([f"G{i:05d}" for i in range(n_skus)])
    dates = FIRST_DAY + pd.to_timedelta(np.arange(DAYS), unit="D")
    cost = np.round(rng.lognormal(1.5, 0.6, n_skus), 2)
    price = np.round(cost * rng.uniform(1.6, 2.6, n_skus), 2)
    supplier = rng.choice(SUPPLIERS, n_skus)
    lead_of = dict(zip(SUPPLIERS, (7, 14, 21, 10, 28), strict=True))
    row, column = np.nonzero(units)
    sales = pd.DataFrame({"date": dates[column], "sku": skus[row], "quantity": units[row, column],
                          "amount": np.round(units[row, column] * price[row], 2),
                          "channel": rng.choice(["web shop", "marketplace"], len(row))})
    # one-off bulk orders on a few smooth SKUs, every third one cancelled three days later
    bulky = rng.choice(np.flatnonzero(kind == "smooth"), max(n_skus // 40, 1), replace=False)
    bulk_day = rng.integers(30, DAYS - 10, len(bulky))
    bulk_qty = np.round(units[bulky].mean(axis=1) * rng.uniform(40, 120, len(bulky)))
    cancelled = np.arange(len(bulky)) % 3 == 0
    bulk = pd.DataFrame({
        "date": np.concatenate([dates[bulk_day], dates[bulk_day[cancelled] + 3]]),
        "sku": np.concatenate([skus[bulky], skus[bulky[cancelled]]]),
        "quantity": np.concatenate([bulk_qty, -bulk_qty[cancelled]]),
        "channel": "wholesale"})
    bulk["amount"] = np.round(bulk["quantity"] * pd.Series(price, index=skus)[bulk["sku"]]
                              .to_numpy(), 2)
    sales = pd.concat([sales, bulk], ignore_index=True).sort_values(["date", "sku"],
                                                                       ignore_index=True)
    start = replay_start()
    before = units[:, 300:365].mean(axis=1)
    on_hand = np.round(before * rng.uniform(15, 45, n_skus) + (kind == "new") * 0)
    second_year = sales[sales["date"] >= start]
    monthly = second_year.groupby([second_year["date"].dt.to_period("M"), "sku"])[
        "quantity"].sum().clip(lower=0).reset_index()
    receipts = pd.DataFrame({"date": monthly["date"].dt.to_timestamp(),
                             "sku": monthly["sku"], "quantity": monthly["quantity"]})
    receipts = receipts[receipts["quantity"] > 0]
    # months whose returns outweighed their sales are booked back as a smaller stock today
    net_after = second_year.groupby("sku")["quantity"].sum().reindex(skus).fillna(0)
    received = receipts.groupby("sku")["quantity"].sum().reindex(skus).fillna(0)
    today = np.maximum(on_hand + received.to_numpy() - net_after.to_numpy(), 0)
    products = pd.DataFrame({
        "sku": skus, "name": [f"{k} item {i}" for i, k in enumerate(kind)],
        "category": kind, "supplier": supplier, "unit_cost": cost, "price": price,
        "lead_time_days": [lead_of[s] for s in supplier],
        "moq": rng.choice([0, 0, 12, 24], n_skus), "pack_size": rng.choice([1, 1, 6, 12], n_skus),
        "season": np.where(kind == "seasonal", "11-12", ""),
        "launch_date": np.where(kind == "new", FIRST_DAY + pd.to_timedelta(launch, unit="D"),
                                pd.NaT)})
    stock = pd.DataFrame({"sku": skus, "on_hand": today, "on_order": 0.0, "warehouse": "Main"})
    settings = pd.DataFrame({"name": ["as_of_date", "history_days", "review_days",
                                      "service_level", "holding_cost_rate", "slow_days"],
                             "value": [dates[-1].date().isoformat(), "365", "7", "0.95", "0.25",
                                       "90"]})
    return {"Products": products, "Sales": sales, "Stock": stock, "Receipts": receipts,
            "Settings": settings}


RECEIPT_FORMATS = ["date", "text", "int"]


def build_synthetic_workbook(path: str | Path, n_skus: int = 600) -> Path:
    """Write the generated input tables into a new workbook at ``path`` (no reports yet)."""
    package = XlsxPackage.new()
    for name, frame in synthetic_inputs(n_skus).items():
        formats = RECEIPT_FORMATS if name == "Receipts" else INPUT_FORMATS[name]
        put_sheet(package, SheetSpec(name, [TableBlock(name, frame, list(frame.columns),
                                                       formats)]))
    package.save(path)
    return Path(path)
