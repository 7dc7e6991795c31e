"""Reading what xlwings hands a UDF, and writing back what a cell shows."""

import datetime as dt

import numpy as np
import pytest

from xl_inventory.core import Answer, RowStatus
from xl_inventory.errors import ShapeMismatchError
from xl_inventory.excel_values import (
    answer_cells,
    histories,
    histories_for,
    per_sku,
    read_cells,
    single,
)


def test_numbers_and_blanks_take_the_fast_path_without_a_status():
    cells = read_cells([[1.0], [None], [3]], "x")
    assert cells.status is None
    np.testing.assert_array_equal(cells.numbers, [[1.0], [np.nan], [3.0]])


def test_text_errors_dates_and_booleans_get_a_status_per_cell():
    rows = [[1.0, "abc"], ["#N/A", dt.datetime(2024, 1, 1)], ["12", True], ["", "#REF!"]]
    cells = read_cells(rows, "x")
    v, na, ref = RowStatus.VALUE, RowStatus.NA, RowStatus.REF
    assert cells.status.tolist() == [[0, v], [na, v], [0, 0], [0, ref]]
    assert cells.numbers[2].tolist() == [12.0, 1.0]  # number stored as text; TRUE = 1
    assert np.isnan(cells.numbers[3, 0])  # empty text is a blank


def test_the_texts_nan_and_inf_are_text_not_numbers():
    cells = read_cells([["nan"], ["inf"], [None], [float("nan")]], "x")
    assert cells.status.reshape(-1).tolist() == [RowStatus.VALUE, RowStatus.VALUE, 0, 0]


def test_ragged_rows_are_refused_by_name():
    with pytest.raises(ShapeMismatchError, match="sold has rows of different lengths"):
        read_cells([[1, 2], [3]], "sold")


def test_a_per_sku_argument_is_one_column_or_one_row():
    assert per_sku([[1], [2]], "x").is_row is False
    assert per_sku([[1, 2]], "x").is_row is True
    assert per_sku(5, "x").numbers.tolist() == [5.0]
    with pytest.raises(ShapeMismatchError, match="x must be one column or one row, got 2 rows"):
        per_sku([[1, 2], [3, 4]], "x")


def test_blank_optional_cells_take_the_default_but_text_stays_an_error():
    arg = per_sku([[None], [2], ["x"]], "on_order", default=0.0)
    assert arg.numbers[:2].tolist() == [0.0, 2.0]
    assert arg.row_status.tolist() == [0, 0, RowStatus.VALUE]


def test_histories_one_line_is_one_sku_and_a_block_is_one_sku_per_row():
    assert histories([[1], [2], [3]], "h").numbers.shape == (1, 3)
    assert histories([[1, 2, 3]], "h").numbers.shape == (1, 3)
    block = histories([[1, 2, "x"], [4, None, 6]], "h")
    assert block.numbers.shape == (2, 3)
    assert block.row_status.tolist() == [RowStatus.VALUE, 0]  # a blank period is no problem


def test_histories_for_follow_the_skus_they_belong_to():
    one = per_sku(100, "cogs")
    assert histories_for([[1, 2], [3, 4]], "inv", one).numbers.shape == (1, 4)
    column = per_sku([[1], [2]], "cogs")
    assert histories_for([[1, 2], [3, 4]], "inv", column).numbers.tolist() == [[1, 2], [3, 4]]
    row = per_sku([[1, 2]], "cogs")
    assert histories_for([[1, 2], [3, 4]], "inv", row).numbers.tolist() == [[1, 3], [2, 4]]
    with pytest.raises(ShapeMismatchError, match="inv must have one row per SKU"):
        histories_for([[1], [2], [3]], "inv", column)


def test_single_cell_parameters():
    assert single([[0.8]], "a_share", 0.7) == 0.8
    assert single([[None]], "a_share", 0.7) == 0.7
    with pytest.raises(ShapeMismatchError, match="a_share must be a single cell, got 2 cells"):
        single([[0.8, 0.9]], "a_share", 0.7)


def test_answers_spill_in_the_orientation_of_the_input_with_error_texts():
    answer = Answer(np.array([1.5, np.nan, np.nan, 2.0]),
                    np.array([0, RowStatus.DIV_ZERO, RowStatus.BLANK, 0], dtype=np.int8))
    column = per_sku([[1], [2], [3], ["x"]], "a")
    assert answer_cells(answer, column) == [[1.5], ["#DIV/0!"], [""], ["#VALUE!"]]
    row = per_sku([[1, 2, 3, 4]], "a")
    assert answer_cells(answer, row) == [[1.5, "#DIV/0!", "", 2.0]]


def test_one_sku_answers_a_plain_value():
    ok = Answer(np.array([4.0]), np.zeros(1, dtype=np.int8))
    assert answer_cells(ok, per_sku(1, "a")) == 4.0
    num = Answer(np.array([np.nan]), np.array([RowStatus.NUM], dtype=np.int8))
    assert answer_cells(num, per_sku(1, "a")) == "#NUM!"
