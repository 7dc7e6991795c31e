"""A few sample SKUs run through the Excel functions exactly as Excel would call them
(``xl-inventory formulas``)."""

from __future__ import annotations

from typing import Any

from xl_inventory import udfs

# Six SKUs of a small shop: the seed's worked example is HAT-01 (10 a day, peak 20, 3 days).
SAMPLE_SKUS = ["HAT-01", "MUG-02", "TEE-03", "BAG-04", "SOCK-05", "LAMP-06"]
DAILY_SALES = [
    [10, 10, 20, 0, 10, 10],
    [4, 6, 5, 5, 6, 4],
    [30, 25, 40, 35, 20, 30],
    [0, 0, 1, 0, 0, 0],
    [12, 8, 10, 15, 5, 10],
    [2, 0, 3, 1, 0, 0],
]
LEAD_TIME_DAYS = [3, 5, 7, 10, 4, 14]
UNIT_COST = [6.0, 3.5, 4.0, 18.0, 1.2, 25.0]
ON_HAND = [25, 40, 90, 60, 30, 45]
ON_ORDER = [0, 0, 50, 0, 0, 0]
MOQ = [0, 24, 100, 0, 0, 10]
PACK_SIZE = [1, 12, 25, 1, 10, 5]
REVIEW_DAYS = 7
UNITS_SOLD_90_DAYS = [900, 450, 3_000, 9, 900, 60]
UNITS_RECEIVED_90_DAYS = [1_000, 600, 3_600, 65, 1_000, 100]
MONTH_END_STOCK_VALUE = [[1_500, 1_800, 1_200], [600, 700, 650], [2_400, 2_000, 1_600],
                         [1_100, 1_080, 1_080], [400, 360, 300], [1_200, 1_150, 1_125]]


def _column(values: list[Any]) -> list[list[Any]]:
    return [[value] for value in values]


def demo_rows() -> list[dict[str, Any]]:
    """One dict per sample SKU: the inputs and what each Excel function answers for it."""
    average_daily = [sum(days) / len(days) for days in DAILY_SALES]
    cover_days = [lead + REVIEW_DAYS for lead in LEAD_TIME_DAYS]
    forecast = [rate * days for rate, days in zip(average_daily, cover_days, strict=True)]
    cogs = [units * cost for units, cost in zip(UNITS_SOLD_90_DAYS, UNIT_COST, strict=True)]

    turnover = udfs.TURNOVER(_column(cogs), MONTH_END_STOCK_VALUE)
    sell_through = udfs.SELLTHROUGH(_column(UNITS_SOLD_90_DAYS), _column(UNITS_RECEIVED_90_DAYS))
    abc = udfs.ABCCLASS(_column(cogs))
    safety = udfs.SAFETYSTOCK(DAILY_SALES, _column(LEAD_TIME_DAYS))
    order = udfs.REORDERQTY(
        _column(forecast), safety, _column(ON_HAND), _column(ON_ORDER), _column(MOQ),
        _column(PACK_SIZE),
    )
    return [
        {
            "sku": sku,
            "TURNOVER": turnover[i][0],
            "SELLTHROUGH": sell_through[i][0],
            "ABCCLASS": abc[i][0],
            "SAFETYSTOCK": safety[i][0],
            "REORDERQTY": order[i][0],
        }
        for i, sku in enumerate(SAMPLE_SKUS)
    ]


def demo_table() -> str:
    """The demo's answers as a plain-text table."""
    rows = demo_rows()
    header = f"{'sku':<9}{'TURNOVER':>10}{'SELLTHROUGH':>13}{'ABCCLASS':>10}" \
             f"{'SAFETYSTOCK':>13}{'REORDERQTY':>12}"
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['sku']:<9}{row['TURNOVER']:>10.2f}{row['SELLTHROUGH']:>13.1%}"
            f"{row['ABCCLASS']:>10}{row['SAFETYSTOCK']:>13.1f}{row['REORDERQTY']:>12.0f}"
        )
    return "\n".join(lines)
