"""Cell conversion runs on a column's distinct values; each cell must still be read alone."""

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from xl_inventory.workbook.reader import RawTable
from xl_inventory.workbook.schema import SALES
from xl_inventory.workbook.validate import IssueLog, _typed_frame

KNOWN = pd.Index(["1", "True", "A", "15056"])
HEADERS = ["date", "sku", "quantity", "amount", "channel"]


def typed(rows: list[list[object]], first_row: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    log = IssueLog()
    frame = _typed_frame(RawTable("Sales", "Sales", first_row, HEADERS, rows), SALES, log,
                         KNOWN)
    return frame, log.frame()


def test_a_true_cell_and_a_one_stay_two_codes_and_numbers_typed_as_text_are_read():
    day = dt.datetime(2024, 5, 1)
    frame, issues = typed([
        [day, True, 2, None, "web"],
        [day, 1, 3.0, "", " shop "],
        [day, 15056.0, "4", 8.5, None],
        [45413, " A ", 1, "x", "web"],  # 45413 is 2024-05-01 as an Excel serial day
        ["2024-05-01", "B", 1, 1, "web"],  # B is not in Products
        [day, "A", "   ", 1, "web"],  # only spaces: blank
        [None, None, None, None, None],  # a spare row: nothing to report
        [True, "A", 1, 1, "web"],  # TRUE is no date, though it counts as 1 in a number column
    ])
    assert frame["sku"].astype(str).tolist() == ["True", "1", "15056", "A"]
    assert frame["quantity"].tolist() == [2.0, 3.0, 4.0, 1.0]
    assert frame["channel"].tolist() == ["web", "shop", "", "web"]
    assert (frame["date"] == pd.Timestamp(day)).all()
    assert np.isnan(frame["amount"]).tolist() == [True, True, False, True]
    assert issues[["row", "column", "value", "reason"]].values.tolist() == [
        [5, "amount", "x", "not a number"],
        [6, "sku", "B", "unknown SKU"],
        [7, "quantity", "   ", "blank"],
        [9, "date", "True", "not a date"],
    ]


cells = st.one_of(
    st.none(), st.sampled_from(["", "  ", "A", " A", "1", "True", "x", "2024-05-01"]),
    st.booleans(), st.integers(-3, 3), st.sampled_from([1.0, 2.5, 15056.0, 45413.0]),
    st.sampled_from([dt.datetime(2024, 5, 1), dt.date(2024, 5, 2)]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, min_size=5, max_size=5), min_size=1, max_size=12))
def test_a_table_reads_as_its_rows_read_one_by_one(rows):
    frame, issues = typed(rows)
    alone = [typed([row], first_row=2 + i) for i, row in enumerate(rows)]
    expected = pd.concat([f for f, _ in alone], ignore_index=True)
    pd.testing.assert_frame_equal(frame.astype({"sku": str}), expected.astype({"sku": str}),
                                  check_dtype=False)
    expected_issues = pd.concat([i for _, i in alone], ignore_index=True)
    assert issues.values.tolist() == expected_issues.sort_values(
        ["table", "row"], kind="stable").values.tolist()
