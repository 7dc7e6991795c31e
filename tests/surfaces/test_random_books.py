"""Random small workbooks (random tables, headers, types and texts): checking and refreshing
them raise nothing but xl-inventory's own one-line errors, and what is written re-opens."""

import datetime as dt

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xl_inventory.errors import XlInventoryError
from xl_inventory.reports.refresh import compute_reports, write_reports
from xl_inventory.workbook.reader import RawTable
from xl_inventory.workbook.schema import INPUT_TABLES
from xl_inventory.workbook.sheets import SheetSpec, TableBlock, put_sheet
from xl_inventory.workbook.validate import validate
from xl_inventory.workbook.xlsx_package import XlsxPackage

cell = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 1, 1)),
    st.sampled_from(["", " ", "P1", "P2", "p1", "2024-01-05", "05.01.2024", "13/01/2024",
                     "01/13/2024", "1,234", "€12", "inf", "nan", "=1+1", "abc", "0.95",
                     "normal", "auto", "365", "-3", "1e308"]),
    st.text(max_size=6),
)


@st.composite
def raw_tables(draw):
    tables = {}
    for spec in INPUT_TABLES:
        if not spec.required and draw(st.booleans()):
            continue
        required = [c.key for c in spec.columns if c.required]
        optional = [c.key for c in spec.columns if not c.required] + ["extra", ""]
        headers = required + draw(st.lists(st.sampled_from(optional), unique=True))
        if draw(st.integers(0, 9)) == 0:  # now and then a column missing or doubled
            headers = draw(st.permutations(headers))[1:] + draw(st.lists(
                st.sampled_from([*required, "Unit Cost"]), max_size=1))
        rows = draw(st.lists(st.lists(st.one_of(st.sampled_from(["P1", "P2", "P3"]), cell),
                                      min_size=len(headers), max_size=len(headers)),
                             max_size=8))
        if spec.name == "Settings":
            rows = [[draw(st.sampled_from(["service_level", "history_days", "markdown_steps",
                                           "as_of_date", "date_order", "colour"])), *r[1:]]
                    if r else r for r in rows]
        tables[spec.name] = RawTable(spec.name, spec.name, 2, [str(h) for h in headers], rows)
    return tables


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(raw_tables())
def test_random_books_give_only_our_errors(tmp_path_factory, tables):
    try:
        inventory = validate(tables)
        reports = compute_reports(inventory)
    except XlInventoryError as error:
        assert "\n" not in str(error) and str(error)
        return
    package = XlsxPackage.new()
    put_sheet(package, SheetSpec("Inputs", [TableBlock("Note", inventory.products[["sku"]],
                                                       ["sku"], ["text"])]))
    write_reports(package, reports, "en")
    path = tmp_path_factory.mktemp("random") / "book.xlsx"
    package.save(path)
    book = openpyxl.load_workbook(path)
    assert {"SlowMovers", "PurchasePlan", "KPIs", "DataIssues"} <= set(book.sheetnames)
