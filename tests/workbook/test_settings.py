"""Settings: each has a type and a range; a value outside it is listed and the default used."""

import openpyxl
import pandas as pd
import pytest

from tests.workbook.conftest import add_table, seller_rows
from xl_inventory.workbook.reader import read_input_tables
from xl_inventory.workbook.schema import SETTINGS_DEFAULTS, markdown_steps
from xl_inventory.workbook.validate import validate


def inventory_with(tmp_path, settings):
    book = openpyxl.Workbook()
    book.remove(book.active)
    rows = seller_rows()
    rows["Settings"] = (["name", "value"], settings)
    for name, (headers, table_rows) in rows.items():
        add_table(book, name, name, headers, table_rows)
    path = tmp_path / "settings.xlsx"
    book.save(path)
    return validate(read_input_tables(path))


@pytest.mark.parametrize(("name", "value"), [
    ("service_level", 1.5), ("service_level", 0), ("service_level", 1.0),
    ("history_days", 0), ("holding_cost_rate", 1e6), ("slow_days", 1e308),
    ("slow_days", "inf"), ("review_days", "nan"), ("markdown_steps", "abc"),
    ("markdown_steps", "0.3,0.2"), ("markdown_steps", "0,0.5"), ("max_cover_days", -5),
    ("safety_stock_method", "guess"), ("date_order", "ydm"), ("as_of_date", "someday"),
])
def test_a_value_outside_its_range_is_listed_and_the_default_is_used(tmp_path, name, value):
    inventory = inventory_with(tmp_path, [["trial_days", 21], [name, value]])
    issue = inventory.issues.query("table == 'Settings' and row == 3").iloc[0]
    assert issue["column"] == "value"
    assert f"not a valid {name}" in issue["reason"]
    default = next(s for s in SETTINGS_DEFAULTS if s.name == name)
    if name == "as_of_date":  # no valid day given: the last sale's
        assert inventory.settings.as_of_date == pd.Timestamp("2024-03-31")
    elif name == "markdown_steps":
        assert inventory.settings.markdown_steps == (0.1, 0.2, 0.3)
    else:
        assert getattr(inventory.settings, name) == default.default
    assert inventory.settings.trial_days == 21  # the good row above still counts


def test_values_within_range_are_typed(tmp_path):
    inventory = inventory_with(tmp_path, [
        ["review_days", "14"], ["service_level", 0.98], ["服务水平", 0.9],
        ["markdown_steps", "10%,20%,40%"], ["Forecast_Method", "SBA"], ["date_order", "DMY"]])
    settings = inventory.settings
    assert settings.review_days == 14 and isinstance(settings.review_days, int)
    # the Chinese name of a setting already given is listed, the first row counts
    assert settings.service_level == 0.98
    reason = inventory.issues.query("table == 'Settings' and row == 4")["reason"].iloc[0]
    assert reason == "service_level is set again (row 3 is used)"
    assert settings.markdown_steps == (0.1, 0.2, 0.4)
    assert settings.forecast_method == "sba"
    assert settings.date_order == "dmy"


def test_b_share_below_a_share_falls_back_to_both_defaults(tmp_path):
    inventory = inventory_with(tmp_path, [["a_share", 0.8], ["b_share", 0.6]])
    assert (inventory.settings.a_share, inventory.settings.b_share) == (0.7, 0.9)
    reasons = inventory.issues.query("table == 'Settings'")["reason"]
    assert reasons.str.contains("b_share is below a_share").sum() == 1


@pytest.mark.parametrize(("text", "steps"), [
    ("0.1,0.2,0.3", (0.1, 0.2, 0.3)), ("10,20,30", (0.1, 0.2, 0.3)),
    ("15%，25%", (0.15, 0.25)), ("0.5", (0.5,)), ("", None), ("0.2,0.2", None),
    ("1.0", None), ("20,abc", None),
])
def test_markdown_steps_are_rising_discounts_between_0_and_1(text, steps):
    assert markdown_steps(text) == steps
