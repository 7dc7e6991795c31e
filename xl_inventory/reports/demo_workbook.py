"""A demo workbook built from real sales: the UCI Online Retail lines bundled with the package.

The sales are real (Dec 2010 to Feb 2011, returns and non-product codes included, as a real
export has them). What the export lacks (costs, suppliers, lead times, packs, stock, launch
dates, promotions) is derived by a seeded generator, so every build is the same workbook.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from xl_inventory.sample_data import PRODUCT_CODE, read_online_retail
from xl_inventory.workbook.guard import BookWriter
from xl_inventory.workbook.schema import PROMOTIONS, SETTINGS, STOCK
from xl_inventory.workbook.sheets import SheetSpec, TableBlock, put_sheet
from xl_inventory.workbook.xlsx_package import XlsxPackage

SEED = 20101201
SUPPLIERS = ["Anhui Crafts", "Bristol Gifts", "Delta Homeware", "Eastern Candles",
             "Fujian Paper", "Guangzhou Textiles", "Hangzhou Ceramics", "Ningbo Imports"]
AS_OF = pd.Timestamp("2011-02-28")


def _products(sales: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    goods = sales[sales["StockCode"].str.match(PRODUCT_CODE)]
    by_code = goods.groupby("StockCode")
    name = by_code["Description"].agg(lambda d: d.mode().iloc[0] if d.notna().any() else "")
    price = by_code["UnitPrice"].median().where(lambda p: p > 0, 1.0)
    last_word = name.fillna("").str.strip().str.split().str[-1].fillna("")
    common = last_word.value_counts().head(15).index
    category = last_word.where(last_word.isin(common), "OTHER").str.title()
    n = len(name)
    supplier_of = {c: SUPPLIERS[i % len(SUPPLIERS)] for i, c in enumerate(sorted(set(category)))}
    lead_of = {s: int(d) for s, d in zip(SUPPLIERS, rng.integers(5, 31, len(SUPPLIERS)),
                                         strict=True)}
    supplier = category.map(supplier_of)
    first_sale = by_code["InvoiceDate"].min().dt.normalize()
    launched_late = first_sale >= pd.Timestamp("2011-02-01")
    season = np.where(name.str.contains("CHRISTMAS|ADVENT", na=False), "11-12", "")
    return pd.DataFrame({
        "sku": name.index,
        "name": name.to_numpy(),
        "category": category.to_numpy(),
        "supplier": supplier.to_numpy(),
        "unit_cost": (price * rng.uniform(0.4, 0.65, n)).round(2).to_numpy(),
        "price": price.round(2).to_numpy(),
        "lead_time_days": supplier.map(lead_of).to_numpy(),
        "moq": rng.choice([0, 0, 24, 48, 100], n),
        "pack_size": rng.choice([1, 6, 12, 12, 24], n),
        "season": season,
        "launch_date": first_sale.where(launched_late).to_numpy(),
    })


def _stock(products: pd.DataFrame, sales: pd.DataFrame, rng: np.random.Generator
           ) -> pd.DataFrame:
    daily = (sales.groupby("sku")["quantity"].sum().clip(lower=0) / 90).reindex(
        products["sku"]).fillna(0)
    days_held = rng.choice([0, 5, 15, 30, 45, 60, 120], len(products),
                           p=[0.1, 0.15, 0.25, 0.2, 0.1, 0.1, 0.1])
    on_hand = np.round(daily.to_numpy() * days_held + rng.integers(0, 40, len(products)))
    on_order = np.where(rng.random(len(products)) < 0.15,
                        np.round(daily.to_numpy() * 20), 0)
    stock = pd.DataFrame({"sku": products["sku"], "on_hand": on_hand, "on_order": on_order,
                          "warehouse": "Main"})
    overflow = stock.sample(frac=0.05, random_state=SEED).assign(
        warehouse="Overflow", on_order=0.0,
        on_hand=lambda f: np.round(f["on_hand"] * 0.3))
    return pd.concat([stock, overflow], ignore_index=True)


def demo_inputs() -> dict[str, pd.DataFrame]:
    """The demo's input tables, by table name."""
    rng = np.random.default_rng(SEED)
    raw = read_online_retail()
    country = raw["Country"].fillna("")
    sales = pd.DataFrame({
        "date": raw["InvoiceDate"],
        "sku": raw["StockCode"],
        "quantity": raw["Quantity"],
        "amount": (raw["Quantity"] * raw["UnitPrice"]).round(2),
        "channel": np.where(country == "United Kingdom", "UK web shop",
                            np.where(country.isin(["EIRE", "France", "Germany", "Netherlands",
                                                   "Belgium", "Spain"]), "EU marketplace",
                                     "International")),
    })
    products = _products(raw, rng)
    stock = _stock(products, sales, rng)
    best = (sales.groupby("sku")["amount"].sum().reindex(products["sku"]).nlargest(6).index)
    promotions = pd.DataFrame({
        "sku": list(best),
        "start": [pd.Timestamp("2010-12-06")] * 3 + [pd.Timestamp("2011-03-07")] * 3,
        "end": [pd.Timestamp("2010-12-12")] * 3 + [pd.Timestamp("2011-03-13")] * 3,
        "uplift": [1.5, 1.5, 2.0, 1.5, 1.3, 2.0],
    })
    settings = pd.DataFrame({
        "name": ["as_of_date", "slow_days", "history_days", "review_days", "holding_cost_rate",
                 "service_level", "safety_stock_method"],
        "value": [AS_OF.date().isoformat(), "45", "90", "7", "0.25", "0.95", "normal"],
    })
    return {"Products": products, "Sales": sales, "Stock": stock, "Promotions": promotions,
            "Settings": settings}


INPUT_FORMATS = {
    "Products": ["text", "text", "text", "text", "money", "money", "int", "int", "int", "text",
                 "date"],
    "Sales": ["date", "text", "int", "money", "text"],
    STOCK.name: ["text", "int", "int", "text"],
    PROMOTIONS.name: ["text", "date", "date", "decimal"],
    SETTINGS.name: ["text", "text"],
}


def build_demo_workbook(path: str | Path) -> Path:
    """Write the demo's input tables into a new workbook at ``path`` (no reports yet)."""
    package = XlsxPackage.new()
    for name, frame in demo_inputs().items():
        block = TableBlock(name, frame, list(frame.columns), INPUT_FORMATS[name])
        put_sheet(package, SheetSpec(name, [block]))
    with BookWriter(None, path) as writer:
        writer.save(package)
    return Path(path)
