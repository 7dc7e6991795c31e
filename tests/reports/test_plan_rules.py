"""Each rule of the purchase plan on the hand-worked seller workbook, changed for the rule."""

import datetime as dt
from statistics import NormalDist, stdev

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.reports.test_refresh import table
from tests.workbook.conftest import AS_OF, add_table, seller_rows
from xl_inventory.reports.refresh import refresh_workbook


def plan_of(tmp_path, settings=(), sales=(), products=(), stock=None):
    """Refresh the seller workbook with extra settings, sales lines and products; the plan."""
    rows = seller_rows()
    rows["Settings"][1][:] = [r for r in rows["Settings"][1]
                              if r[0] not in dict(settings)] + [list(s) for s in settings]
    rows["Sales"][1].extend(sales)
    rows["Products"][1].extend(products)
    if stock is not None:
        rows["Stock"][1][:] = stock
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headers, body) in rows.items():
        add_table(book, name, name, headers, body)
    path = tmp_path / "book.xlsx"
    book.save(path)
    refresh_workbook(path, tmp_path / "out.xlsx")
    return table(tmp_path / "out.xlsx", "PurchasePlan")


def test_a_bulk_order_day_does_not_set_the_peak(tmp_path):
    # P2 sells 3 and 5 on alternate days; on 10 March a wholesale order of 900 came in. That
    # day is set apart: the peak is 5, the mean of the other 89 days (45 x 5 + 44 x 3) / 89,
    # and the lead time 10 days.
    plan = plan_of(tmp_path, sales=[[dt.date(2024, 3, 10), "P2", 900, 18000.0, "wholesale"]])
    assert plan.loc["P2", "safety_stock"] == pytest.approx((5 - 357 / 89) * 10)


def test_a_day_with_more_returns_than_sales_is_no_demand(tmp_path):
    # A return of 20 on 11 March makes that day's net 5 - 20 = -15: it counts as 0, not -15.
    # With the bulk day of 10 March set apart, the mean is (357 - 5) / 89.
    plan = plan_of(tmp_path, sales=[[dt.date(2024, 3, 10), "P2", 900, 18000.0, "wholesale"],
                                    [dt.date(2024, 3, 11), "P2", -20, -400.0, "web"]])
    assert plan.loc["P2", "safety_stock"] == pytest.approx((5 - 352 / 89) * 10)


def test_no_order_exceeds_max_cover_days(tmp_path):
    # max_cover_days 5. P1 (10 a day) would order 120 + 10 - 40 = 90: cut to 5 days = 50.
    # P2 (4 a day, MOQ 50) may have at most 20: its MOQ alone is more, so nothing.
    plan = plan_of(tmp_path, settings=[("max_cover_days", 5), ("b_policy", "order_up_to")])
    assert plan.loc["P1", "suggested_qty"] == 50
    assert plan.loc["P1", "note"] == "cut to 5 days of forecast (max_cover_days)"
    assert plan.loc["P2", "suggested_qty"] == 0
    assert plan.loc["P2", "note"] == (
        "the MOQ or a pack is more than 5 days of forecast: not ordered")


def test_a_slow_mover_is_not_bought_again(tmp_path):
    # P3 sold 3 a day until 10 March and nothing since (21 days >= slow_days 20) with 1 on
    # hand: its moving average (7 days of 3 in the last 28) would order some.
    sales = [[dt.date(2024, 3, 4) + dt.timedelta(days=n), "P3", 3, 180.0, "web"]
             for n in range(7)]
    stock = [["P1", 40, 0, "Main"], ["P2", 30, 20, "Main"], ["P3", 1, 0, "Main"],
             ["P4", 10, 0, "Main"]]
    kept = plan_of(tmp_path, settings=[("slow_days", 90)], sales=sales, stock=stock)
    assert kept.loc["P3", "suggested_qty"] > 0  # not slow at 90 days: ordered
    plan = plan_of(tmp_path, settings=[("slow_days", 20)], sales=sales, stock=stock)
    assert plan.loc["P3", "suggested_qty"] == 0
    assert plan.loc["P3", "note"] == "slow mover: clear its stock before buying again"


def test_a_seasonal_first_order_is_forty_percent_of_last_season(tmp_path):
    # P5's season is April-May; the as-of day is 31 March, so the first order is due. Last
    # April it sold 10 lines of 10 (the export starts on 3 April: within a week of the
    # season's start, so the season counts as on record): the first order is 40 % of 100.
    product = ["P5", "Sun hat", "Apparel", "S2", 4, 10, 7, 0, 1, "04-05", None]
    sales = [[dt.date(2023, 4, 3) + dt.timedelta(days=3 * n), "P5", 10, 100.0, "web"]
             for n in range(10)]
    plan = plan_of(tmp_path, sales=sales, products=[product])
    assert plan.loc["P5", "policy"] == "seasonal first order (40 %)"
    assert plan.loc["P5", "suggested_qty"] == 40
    assert plan.loc["P5", "note"] == (
        "40 % of 100 sold last season; re-order from the first week's sales")


def test_new_skus_under_the_sell_through_target_at_day_30_are_counted_and_named(tmp_path):
    # P6 launched 1 February and sold 2 a day for 10 days, then nothing; 80 on hand today and
    # no receipt: on day 30 (1 March) 80 were left, so 20 / (20 + 80) = 20 % < 40 %.
    product = ["P6", "Scarf", "Apparel", "S2", 4, 10, 7, 0, 1, None, dt.date(2024, 2, 1)]
    sales = [[dt.date(2024, 2, 1) + dt.timedelta(days=n), "P6", 2, 20.0, "web"]
             for n in range(10)]
    stock = [["P1", 40, 0, "Main"], ["P2", 30, 20, "Main"], ["P3", 5, 0, "Main"],
             ["P4", 10, 0, "Main"], ["P6", 80, 0, "Main"]]
    plan_of(tmp_path, sales=sales, products=[product], stock=stock)
    figures = table(tmp_path / "out.xlsx", "KPIs")
    row = figures.loc["SKUs under the sell-through target at day 30"]
    assert (row["value"], row["note"]) == (1, "P6")


def test_in_season_the_forecast_is_at_least_last_years_same_days(tmp_path):
    # P7's season is March-April; on 31 March it is in season but has not sold this year.
    # From 1 to 14 April 2023 (its cover: 7 days' lead + 7 days' review) it sold 10 a day:
    # the forecast is 140, 10 a day, and with nothing on hand 140 are ordered.
    product = ["P7", "Rain hat", "Apparel", "S2", 4, 10, 7, 0, 1, "03-04", None]
    sales = [[dt.date(2023, 3, 25) + dt.timedelta(days=n), "P7", 10, 100.0, "web"]
             for n in range(30)]
    plan = plan_of(tmp_path, sales=sales, products=[product])
    p7 = plan.loc["P7"]
    assert (p7["forecast"], p7["daily_forecast"], p7["suggested_qty"]) == (140, 10, 140)


def _erratic_sales(sku, big_days, days=150):
    """1 and 2 on alternate days of the last ``days`` to the as-of day, and 60 more on
    ``big_days`` (numbers of days counted back from the as-of day, 0 being the as-of day)."""
    return [[AS_OF - dt.timedelta(days=back), sku, (1 if back % 2 else 2) + 60 * (back in big_days),
             10.0, "web"] for back in range(days)]


def test_recurring_large_orders_set_a_floor_under_an_erratic_skus_safety_stock(tmp_path):
    # P8, P9 and P10 sell 1 and 2 on alternate days; P8 and P10 also take an order of 60 every
    # 12 days, P9 once. Cost 4, price 10: the economic service level is capped at 0.995; cover
    # 7 + 7 = 14 days; 150 days of history. The normal rule sets the 60s apart as bulk days.
    # P8's recur, so they are its demand: its safety stock is the 0.995 quantile of its
    # 14-day sums less the forecast over 14 days. P9's one 60 is a one-off and stays apart:
    # its safety stock is the normal rule's. P10 has sold for 100 days only, fewer than
    # 8 x 14: too few runs for a 0.995 quantile, so the normal rule too.
    products = [["P8", "Kettle", "Kitchen", "S1", 4, 10, 7, 0, 1, None, None],
                ["P9", "Teapot", "Kitchen", "S1", 4, 10, 7, 0, 1, None, None],
                ["P10", "Jug", "Kitchen", "S1", 4, 10, 7, 0, 1, None, None]]
    recurring = set(range(5, 150, 12))
    sales = (_erratic_sales("P8", recurring) + _erratic_sales("P9", {40})
             + _erratic_sales("P10", recurring, days=100))
    plan = plan_of(tmp_path, sales=sales, products=products,
                   settings=[("safety_stock_method", "normal"), ("history_days", 150)])
    assert plan.loc[["P8", "P9", "P10"], "demand_class"].tolist() == ["erratic"] * 3
    p8 = pd.Series([(1 if back % 2 else 2) + 60 * (back in recurring)
                    for back in range(149, -1, -1)], dtype=float)
    floor = np.quantile(p8.rolling(14).sum().dropna(), 0.995) - plan.loc["P8", "forecast"]
    z = NormalDist().inv_cdf(0.995)
    # the normal rule: the last 90 days' ordinary days
    normal_p9 = z * stdev([1 if back % 2 else 2 for back in range(90) if back != 40]) * 14**0.5
    normal_p10 = z * stdev([1 if back % 2 else 2 for back in range(90)
                            if back not in recurring]) * 14**0.5
    assert floor > 3 * normal_p10  # the floor binds
    assert plan.loc["P8", "safety_stock"] == pytest.approx(floor)
    assert plan.loc["P9", "safety_stock"] == pytest.approx(normal_p9)
    assert plan.loc["P10", "safety_stock"] == pytest.approx(normal_p10)
