"""The Excel functions, called as xlwings calls them: lists of row lists in and out."""

import datetime as dt
import inspect
import math

import pytest

import xl_inventory.udfs as udfs
from xl_inventory.udfs import (
    ABCCLASS,
    DAYSOFCOVER,
    DEMANDCLASS,
    DIO,
    EOQ,
    FORECASTDEMAND,
    HOLDINGCOST,
    REORDERPOINT,
    REORDERQTY,
    SAFETYSTOCK,
    SELLTHROUGH,
    SLOWRATIO,
    TURNOVER,
    UDFS,
    XYZCLASS,
)

EVERY_FUNCTION = {
    "TURNOVER", "SELLTHROUGH", "ABCCLASS", "SAFETYSTOCK", "REORDERQTY", "DIO", "SLOWRATIO",
    "DAYSOFCOVER", "XYZCLASS", "REORDERPOINT", "EOQ", "HOLDINGCOST", "FORECASTDEMAND",
    "DEMANDCLASS",
}


def column(*values):
    return [[v] for v in values]


def test_every_function_of_the_contract_is_registered_with_wizard_help():
    assert set(UDFS) == EVERY_FUNCTION
    for name, udf in UDFS.items():
        assert udf is getattr(udfs, name)
        doc = inspect.getdoc(udf)
        assert doc and "\n" not in doc and len(doc) < 255, name  # Excel's description limit
        assert list(udf.arg_docs) == list(inspect.signature(udf).parameters)
        assert all(0 < len(text) < 255 for text in udf.arg_docs.values())


def test_turnover_single_cogs_averages_the_whole_range():
    assert TURNOVER(120_000, column(40_000, 20_000, 30_000)) == 4.0
    assert TURNOVER([[120_000]], [[40_000, 20_000, 30_000]]) == 4.0


def test_turnover_per_sku_rows_with_errors_in_their_own_cells():
    cogs = column(100, 200, None, "n/a", 5, "#N/A")
    inventory = [[50, 50], [0, None], [1, 1], [1, 1], [-1, 2], [1, 1]]
    assert TURNOVER(cogs, inventory) == [[2.0], ["#DIV/0!"], [""], ["#VALUE!"], ["#NUM!"],
                                         ["#N/A"]]


def test_turnover_columns_of_different_lengths_answer_one_sentence():
    answer = TURNOVER(column(1, 2), column(1, 2, 3))
    assert answer == "inventory must have one row per SKU (2 rows), got 3 rows"


def test_dio():
    assert DIO(120_000, [[40_000, 20_000, 30_000]], 30) == 7.5
    assert DIO(column(365, 0), column(100, 100)) == [[100.0], ["#DIV/0!"]]


def test_sellthrough_with_and_without_opening_stock():
    assert SELLTHROUGH(30, 100) == 0.3
    assert SELLTHROUGH(column(40, 30, 1, 1), column(100, 50, 0, -1), column(None, 50, 0, 0)) == [
        [0.4], [0.3], ["#DIV/0!"], ["#NUM!"]]


def test_slowratio_counts_blank_days_as_never_sold():
    assert SLOWRATIO(column(1000, 500, 250, 250), column(3, 120, 90, None)) == 0.5
    assert SLOWRATIO(column(1000, 500), column(3, 120), 200) == 0.0
    assert SLOWRATIO(column(1000, 500), column(3, "x")) == "#VALUE!"


def test_daysofcover():
    assert DAYSOFCOVER(column(300, 0, 5), column(10, 4, 0), column(None, 20, 0)) == [
        [30.0], [5.0], ["#DIV/0!"]]
    assert DAYSOFCOVER(60, [[2, 4, 6]]) == 15.0  # a daily sales history is averaged


def test_abcclass_in_input_order_across_a_row_too():
    assert ABCCLASS(column(10, 700, 0, 200, 90, None, "x")) == [
        ["C"], ["A"], ["C"], ["B"], ["C"], [""], ["#VALUE!"]]
    assert ABCCLASS([[10, 700, 0, 200, 90]]) == [["C", "A", "C", "B", "C"]]
    assert ABCCLASS(column(50, 30, 20), 0.5, 0.8) == [["A"], ["B"], ["C"]]
    assert ABCCLASS(column(1, 2), 0.9, 0.5) == "b_share (0.5) must not be below a_share (0.9)"


def test_xyzclass():
    assert XYZCLASS([[10, 11, 9, 10], [5, 15, 5, 15], [0, 0, 0, 40]]) == [["X"], ["Y"], ["Z"]]
    assert XYZCLASS(column(10, 11, 9, 10)) == "X"


def test_safetystock_seed_example_as_a_column_of_daily_sales():
    assert SAFETYSTOCK(column(10, 10, 20, 0, 10, 10), 3) == 30.0
    assert SAFETYSTOCK(column(10, 10, 20, 0, 10, 10), [[3]], None, None) == 30.0


def test_keyword_arguments_work_as_the_signatures_say():
    sales = column(10, 10, 20, 0, 10, 10)
    assert SAFETYSTOCK(sales, 4, method="normal") == SAFETYSTOCK(sales, 4, 0.95, "normal")
    assert SAFETYSTOCK(daily_sales=sales, lead_time=3) == 30.0


def test_safetystock_normal_per_sku_rows_and_observed_lead_times():
    z95 = 1.6448536269514722
    block = [[5, 15, 10, 5, 15], [1, 2, 3, 4, 5]]
    answer = SAFETYSTOCK(block, column(4, 9), 0.95, "normal")
    assert answer[0][0] == pytest.approx(z95 * 5 * 2)
    assert answer[1][0] == pytest.approx(z95 * math.sqrt(2.5) * 3)
    # one SKU with three observed lead times: √(L̄ σd² + d̄² σL²) = √(4·25 + 100·1)
    observed = SAFETYSTOCK(column(5, 15, 10, 5, 15), [[3, 4, 5]], 0.95, "NORMAL")
    assert observed == pytest.approx(z95 * math.sqrt(4 * 25 + 100 * 1))
    assert SAFETYSTOCK(block, column(4, 9), 1.2, "normal") == [["#NUM!"], ["#NUM!"]]
    assert SAFETYSTOCK(block, 3, 0.9, "poisson") == (
        "method must be one of 'peak', 'normal', got 'poisson'")


def test_reorderpoint():
    assert REORDERPOINT(10, 3, 30) == 60.0
    assert REORDERPOINT(column(10, 2), column(3, -1)) == [[30.0], ["#NUM!"]]


def test_reorderqty_whole_packs_and_moq():
    assert REORDERQTY(300, 30, 120, 50, 0, 24) == 168.0
    assert REORDERQTY(column(300, 300, 100), 30, column(120, 120, 500), 50,
                      column(0, 200, None), 24) == [[168.0], [216.0], [0.0]]
    assert REORDERQTY(300, 30, 120) == 210.0  # optional arguments omitted


def test_eoq_and_holdingcost():
    assert EOQ(1200, 50, 12) == 200.0
    assert EOQ(column(1200, 1200), 50, column(12, 0), 0.25) == [[200.0], ["#DIV/0!"]]
    assert HOLDINGCOST(10_000, 146) == 1000.0
    assert HOLDINGCOST(column(10_000, "x"), 365, 0.2) == [[2000.0], ["#VALUE!"]]


def test_dates_where_numbers_belong_are_value_errors():
    assert SELLTHROUGH([[dt.datetime(2024, 1, 1)]], 10) == "#VALUE!"


def test_an_unexpected_failure_becomes_text_not_a_traceback(monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(udfs.core, "holding_cost", broken)
    assert HOLDINGCOST(1, 1) == "xl-inventory could not compute this (RuntimeError: boom)"


def test_forecastdemand_for_one_sku_and_for_one_sku_per_row():
    every_4th_day = [0, 0, 0, 8] * 10
    assert FORECASTDEMAND(column(*every_4th_day), 10, "croston") == 20.0
    block = [every_4th_day, [5] * 40, [None] * 40, [1, 2] * 20, [3] * 39 + ["x"]]
    alone = FORECASTDEMAND([every_4th_day], 10, "ses")
    assert FORECASTDEMAND(block, column(10, 3, 2, 0, 1), "ses") == [
        [alone], [15.0], [""], ["#NUM!"], ["#VALUE!"]]
    assert FORECASTDEMAND(block[:2], 2.5, "Croston") == [[5.0], [12.5]]


def test_forecastdemand_seasonal_with_a_season_length():
    four_weeks_pattern = [1, 1, 1, 4] * 6
    assert FORECASTDEMAND([four_weeks_pattern], 4, "seasonal", 4) == pytest.approx(7.0)
    assert FORECASTDEMAND([[1, 2]], 3, "prophet").startswith("method must be one of 'auto'")


def test_demandclass_labels_each_row():
    block = [[0, 0, 0, 8] * 5, [5, 6, 5, 4] * 5, [None] * 20, [0] * 20, [3, 4] + [None] * 18]
    assert DEMANDCLASS(block) == [["intermittent"], ["smooth"], [""], ["none"], ["new"]]
