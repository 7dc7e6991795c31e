"""A refresh of the hand-worked seller workbook: every report column against hand-worked
numbers, read back from the written file with openpyxl."""

import datetime as dt
import zipfile

import openpyxl
import pandas as pd
import pytest

from tests.workbook.conftest import AS_OF, START
from xl_inventory.reports.refresh import refresh_workbook


def table(path, name):
    """An Excel table of a written file, read back with openpyxl, as a frame."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        if name in sheet.tables:
            cells = sheet[sheet.tables[name].ref]
            rows = [[c.value for c in row] for row in cells]
            return pd.DataFrame(rows[1:], columns=rows[0]).set_index(rows[0][0])
    raise AssertionError(f"no table {name}")


@pytest.fixture
def refreshed(seller_book, tmp_path):
    output = tmp_path / "out.xlsx"
    result = refresh_workbook(seller_book, output)
    return output, result


def test_purchase_plan_follows_the_abc_policies(refreshed):
    output, _ = refreshed
    plan = table(output, "PurchasePlan")
    # P1 is B (2,700 of 10,100 after P2's 7,200: 71 % before it). 10 a day, peak 12 over 5 days
    # of lead time: safety stock (12 - 10) x 5 = 10; position 40 <= reorder point 50 + 10, so a
    # fixed lot: EOQ = sqrt(2 x 3,650 x 50 / (2 x 0.25)) = 854.4, in packs of 10 = 860.
    p1 = plan.loc["P1"]
    assert (p1["abc_class"], p1["policy"]) == ("B", "fixed lot (EOQ)")
    assert (p1["forecast"], p1["safety_stock"], p1["suggested_qty"]) == (120, 10, 860)
    assert p1["order_value"] == 1720
    assert p1["days_of_cover_after"] == pytest.approx((40 + 860 - 50) / 10)
    # P2 is A: 4 a day over 10 + 7 days = 68, safety stock (5 - 4) x 10 = 10; need
    # 68 + 10 - 30 - 20 = 28, lifted to the MOQ of 50.
    p2 = plan.loc["P2"]
    assert (p2["abc_class"], p2["forecast"], p2["safety_stock"], p2["suggested_qty"]) == (
        "A", 68, 10, 50)
    # P4 is new and has sold 7 days of 2: its own rate (2 a day) weighs 7/14, its category's
    # the rest: Apparel's established SKUs P2 (4 a day) and p2 (none) average 2 a day, so
    # 2 a day over 14 days (trial_days, as long as its cover of 7 + 7): 28 - 10 on hand = 18.
    assert (plan.loc["P4", "policy"], plan.loc["P4", "suggested_qty"]) == (
        "new: re-order from its sales", 18)
    assert plan.loc["P4", "note"] == ("7 days on sale: its own rate weighs 50%, its category's "
                                      "the rest")
    # P3 (C, no recent demand) and the look-alike p2 order nothing
    assert plan.loc["P3", "suggested_qty"] == 0 and plan.loc["p2", "suggested_qty"] == 0
    # no demand: the cover after arrival is blank (never a float remnant), and the note says why
    assert pd.isna(plan.loc["p2", "days_of_cover_after"])
    assert plan.loc["p2", "note"] == "no forecast demand"
    # grouped by supplier
    assert list(plan["supplier"]) == ["S1", "S1", "S2", "S2", "S2"]
    totals = table(output, "PurchaseTotals")
    assert totals.loc["S1"].tolist() == [1, 860, 1720]
    assert totals.loc["S2"].tolist() == [2, 68, 500 + 18 * 4]


def test_slow_movers_weigh_markdown_against_holding(refreshed):
    output, _ = refreshed
    slow = table(output, "SlowMovers")
    assert list(slow.index) == ["P3"]
    p3 = slow.loc["P3"]
    # 5 lamps at cost 30, last sold 31 January: 60 days, twice slow_days (30) → step 3, 30 %
    assert p3["stock_value"] == 150 and p3["days_since_last_sale"] == 60
    assert p3["last_sale"] == dt.datetime(2024, 1, 31)
    assert p3["sell_through"] == pytest.approx(1 / 6)
    assert p3["holding_cost_to_date"] == pytest.approx(150 * 0.25 * 60 / 365)
    assert p3["holding_cost_next_90_days"] == pytest.approx(150 * 0.25 * 90 / 365)
    assert (p3["markdown_step"], p3["markdown_discount"]) == (3, 0.3)
    assert p3["markdown_loss"] == pytest.approx(5 * 60 * 0.3)
    # it no longer sells: holding until cleared is capped at a year, 150 x 25 % = 37.5, and
    # the lamps lose 30 % of their price (5 x 60) in that year: 37.5 + 90 = 127.5 > 90
    assert p3["holding_cost_to_clear"] == pytest.approx(37.5 + 90)
    assert p3["cheaper"] == "mark down"
    assert p3["bundle_partner"] == "P2"  # no A item in Home: the best A overall


def _independent_turnover():
    """COGS and the average stock value over the window, day by day in plain Python."""
    cost = {"P1": 2, "P2": 10, "P3": 30, "P4": 4}
    on_hand = {"P1": 40, "P2": 30, "P3": 5, "P4": 10}
    sold = {}
    for n in range(90):
        day = START + dt.timedelta(days=n)
        sold[(day, "P1")] = 8 if n % 2 == 0 else 12
        sold[(day, "P2")] = 3 if n % 2 == 0 else 5
    sold[(dt.date(2024, 1, 31), "P3")] = 1
    for n in range(7):
        sold[(dt.date(2024, 3, 25) + dt.timedelta(days=n), "P4")] = 2
    cogs = sum(q * cost[sku] for (_, sku), q in sold.items())
    values = []
    for n in range(90):
        day = START + dt.timedelta(days=n)
        values.append(sum(cost[sku] * (units + sum(q for (d, s), q in sold.items()
                                                    if s == sku and d > day))
                          for sku, units in on_hand.items()))
    return cogs, sum(values) / len(values)


def test_kpis_against_an_independent_reconstruction(refreshed):
    output, _ = refreshed
    figures = table(output, "KPIs")["value"]
    cogs, average = _independent_turnover()
    turnover = cogs / average
    assert figures["inventory turnover (turns in the history window)"] == pytest.approx(turnover)
    assert figures["inventory turnover, annualised"] == pytest.approx(turnover * 365 / 90)
    assert figures["history window (days)"] == 90
    assert figures["days of inventory"] == pytest.approx(90 / turnover)
    # P4: 14 sold of 14 + 10
    assert figures["sell-through of SKUs launched in the last 30 days"] == pytest.approx(14 / 24)
    assert figures["slow-moving ratio"] == pytest.approx(150 / 570)
    abc = table(output, "KPIABC")
    assert abc["sales_share"].tolist() == pytest.approx([7200 / 10100, 2700 / 10100,
                                                         200 / 10100])
    channels = table(output, "KPIChannels")
    assert channels["sales_value"].sum() == pytest.approx(10100)
    monthly = table(output, "KPIMonthly")
    assert list(monthly.index) == ["2024-01", "2024-02", "2024-03"]
    assert monthly["cogs"].sum() == pytest.approx(cogs)


def test_cycle_counts_and_data_issues(refreshed):
    output, result = refreshed
    counts = table(output, "CycleCount")
    assert counts.loc["P2", "frequency"] == "monthly"
    assert counts.loc["P1", "frequency"] == "quarterly"
    assert counts.loc[["P3", "P4", "p2"], "next_count"].tolist() == [
        dt.datetime(2024, 4, 1), dt.datetime(2024, 4, 2), dt.datetime(2024, 4, 3)]
    issues = table(output, "DataIssues")
    assert len(issues) == len(result.inventory.issues) == 8


def test_input_parts_are_byte_for_byte_unchanged_and_a_second_refresh_is_stable(
        seller_book, tmp_path):
    before = zipfile.ZipFile(seller_book)
    output = tmp_path / "out.xlsx"
    refresh_workbook(seller_book, output)
    after = zipfile.ZipFile(output)
    sheets_and_tables = [n for n in before.namelist()
                         if n.startswith(("xl/worksheets/sheet", "xl/tables/"))]
    assert len(sheets_and_tables) == 8
    for name in sheets_and_tables:
        assert after.read(name) == before.read(name), name
    refresh_workbook(output)  # in place, again
    again = zipfile.ZipFile(output)
    assert sorted(again.namelist()) == sorted(after.namelist())
    assert again.read("xl/styles.xml") == after.read("xl/styles.xml")
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["商品", "Verkäufe", "Stock", "Settings", "SlowMovers",
                               "PurchasePlan", "KPIs", "CycleCount", "DataIssues"]


def test_a_workbook_without_sales_yet_refreshes(tmp_path):
    from tests.workbook.conftest import add_table

    book = openpyxl.Workbook()
    book.remove(book.active)
    add_table(book, "P", "Products", ["sku", "unit_cost", "lead_time_days"], [["A", 2, 5]])
    add_table(book, "S", "Sales", ["date", "sku", "quantity"], [])  # header and a spare row
    add_table(book, "K", "Stock", ["sku", "on_hand"], [["A", 3]])
    path = tmp_path / "new_shop.xlsx"
    book.save(path)
    result = refresh_workbook(path)
    assert result.inventory.issues.empty  # the spare empty row is no data issue
    plan = table(path, "PurchasePlan")
    assert plan.loc["A", "suggested_qty"] == 0 and plan.loc["A", "demand_class"] == "none"
    slow = table(path, "SlowMovers")
    assert list(slow.index) == ["A"]  # stock that never sold is slow
    # all of the stock value is slow
    assert table(path, "KPIs").loc["slow-moving ratio", "value"] == 1.0


def test_a_report_never_replaces_a_sheet_that_holds_an_input_table(tmp_path):
    from tests.workbook.conftest import add_table, seller_rows
    from xl_inventory.errors import WorkbookError
    from xl_inventory.reports.refresh import guard_report_sheet

    book = openpyxl.Workbook()
    book.remove(book.active)
    rows = seller_rows()
    add_table(book, "KPIs", "Products", *rows["Products"])  # an input on a report's sheet name
    add_table(book, "Sales", "Sales", *rows["Sales"])
    add_table(book, "Stock", "Stock", *rows["Stock"])
    path = tmp_path / "clash.xlsx"
    book.save(path)
    add_table(book, "SlowMovers", "MyNotes", ["note"], [["mine"]])  # the user's own sheet
    book.save(path)
    result = refresh_workbook(path)
    # the report went beside the user's sheets, which keep their tables and cells
    assert result.notes == [
        "the sheet SlowMovers is your own (it has no SlowMovers table): the report was written "
        "to the sheet SlowMovers (2)",
        "the sheet KPIs is your own (it has no KPIs table): the report was written to the sheet "
        "KPIs (2)"]
    reopened = openpyxl.load_workbook(path)
    assert list(reopened["KPIs"].tables) == ["Products"]
    assert reopened["KPIs"]["A2"].value == "P1"
    assert reopened["SlowMovers"]["A2"].value == "mine"
    assert "KPIs" in reopened["KPIs (2)"].tables
    assert "SlowMovers" in reopened["SlowMovers (2)"].tables
    # a sheet found by a report's table name that holds an input table is refused
    with pytest.raises(WorkbookError, match="sheet KPIs holds the input table Products"):
        guard_report_sheet("KPIs", ["Products", "KPIs"], "KPIs")
    guard_report_sheet("KPIs", ["KPIs", "KPIMonthly"], "KPIs")  # its own tables are fine


def test_promotions_are_taken_out_of_the_forecast_and_the_safety_stock(tmp_path):
    from tests.workbook.conftest import add_table, seller_rows

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headers, rows) in seller_rows().items():
        add_table(book, name, name, headers, rows)
    # P2 (3 and 5 on alternate days) was on promotion all window long, selling 1.25 times
    # its usual: cleaned it sells 2.4 and 4, a mean of 3.2 and a peak of 4.
    add_table(book, "Promotions", "Promotions", ["sku", "start", "end", "uplift"],
              [["P2", START, AS_OF, 1.25]])
    path = tmp_path / "promoted.xlsx"
    book.save(path)
    refresh_workbook(path)
    p2 = table(path, "PurchasePlan").loc["P2"]
    assert p2["daily_forecast"] == pytest.approx(3.2)
    assert p2["forecast"] == pytest.approx(3.2 * 17)
    assert p2["safety_stock"] == pytest.approx((4 - 3.2) * 10)
