"""Sample data bundled with the package: real sales for the demo, benchmarks and tests.

``online_retail_2010-12_2011-02.csv.gz`` holds the first three months of the UCI "Online Retail"
data set (CC BY 4.0; see ``SOURCES.md`` beside it).
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

ONLINE_RETAIL = "online_retail_2010-12_2011-02.csv.gz"
PRODUCT_CODE = r"^\d{5}[A-Za-z]*$"
"""UCI StockCodes of products; the others (POST, DOT, M, BANK CHARGES, ...) are not goods."""


def read_online_retail() -> pd.DataFrame:
    """The bundled sales lines as exported: InvoiceNo, StockCode, Description, Quantity,
    InvoiceDate, UnitPrice, CustomerID, Country (codes and invoice numbers kept as text)."""
    source = resources.files(__name__) / ONLINE_RETAIL
    with source.open("rb") as raw:
        return pd.read_csv(raw, compression="gzip", dtype={"StockCode": str, "InvoiceNo": str},
                           parse_dates=["InvoiceDate"])
