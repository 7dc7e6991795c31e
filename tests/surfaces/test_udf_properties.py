"""Properties of the Excel functions over random ranges: blanks, text, errors, odd numbers."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from xl_inventory import udfs

ERROR_TEXTS = {"#DIV/0!", "#NUM!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NULL!", ""}

numbers = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.integers(min_value=-1000, max_value=1000),
    st.sampled_from([0.0, 1.0, 0.5, 24.0]),
)
NUMERIC_TEXTS = ["12", " 3.5 ", "-1", "0"]  # numbers stored as text count as numbers
cells = st.one_of(
    numbers,
    numbers,
    numbers,
    st.none(),
    st.just(float("nan")),
    st.text(alphabet="abc xyz#-", max_size=4),
    st.booleans(),
    st.sampled_from(["#N/A", "#DIV/0!", "#REF!", "nan", *NUMERIC_TEXTS]),
)

# Per-SKU functions and how many of their arguments are per-SKU columns.
PER_SKU_COLUMNS = {
    "TURNOVER": 2,
    "DIO": 2,
    "SELLTHROUGH": 3,
    "DAYSOFCOVER": 3,
    "REORDERPOINT": 3,
    "REORDERQTY": 6,
    "EOQ": 4,
    "HOLDINGCOST": 3,
    "ABCCLASS": 1,
}


def is_excel_cell(cell, labels=()):
    if isinstance(cell, str):
        return cell in ERROR_TEXTS or cell in labels
    return isinstance(cell, float) and math.isfinite(cell)


@st.composite
def columns_for(draw, name):
    rows = draw(st.integers(min_value=2, max_value=25))
    return [draw(st.lists(cells, min_size=rows, max_size=rows)) for _ in
            range(PER_SKU_COLUMNS[name])]


@settings(max_examples=60, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(PER_SKU_COLUMNS)))
def test_one_answer_per_row_and_only_numbers_or_error_texts(data, name):
    columns = data.draw(columns_for(name))
    answer = udfs.UDFS[name](*[[[c] for c in col] for col in columns])
    assert isinstance(answer, list), answer  # never a sentence: the ranges line up
    assert len(answer) == len(columns[0])
    assert all(len(row) == 1 and is_excel_cell(row[0], {"A", "B", "C"}) for row in answer)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(set(PER_SKU_COLUMNS) - {"ABCCLASS"})))
def test_a_range_answers_what_each_row_answers_alone(data, name):
    columns = data.draw(columns_for(name))
    together = udfs.UDFS[name](*[[[c] for c in col] for col in columns])
    assert isinstance(together, list), together
    for row, (answer,) in enumerate(together):
        alone = udfs.UDFS[name](*[col[row] for col in columns])
        assert alone == answer or (alone != alone and answer != answer)


whole_numbers = st.integers(min_value=0, max_value=10_000).map(float)


@settings(max_examples=150, deadline=None)
@given(
    forecast=whole_numbers, safety=whole_numbers, on_hand=whole_numbers, on_order=whole_numbers,
    moq=st.integers(min_value=0, max_value=500).map(float),
    pack=st.one_of(st.integers(min_value=1, max_value=48).map(float),
                   st.sampled_from([0.5, 0.1, 2.5])),
)
def test_reorder_quantities_are_whole_packs_at_least_the_moq(
    forecast, safety, on_hand, on_order, moq, pack
):
    order = udfs.REORDERQTY(forecast, safety, on_hand, on_order, moq, pack)
    need = forecast + safety - on_hand - on_order
    packs = order / pack
    assert abs(packs - round(packs)) < 1e-6
    if need <= 0:
        assert order == 0
    else:
        assert order >= need - 1e-9
        assert order >= moq - 1e-9
        assert order - pack < max(need, moq) - 1e-9 or math.isclose(order - pack, max(need, moq))


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(st.one_of(numbers, st.none()), min_size=1, max_size=60),
    a_share=st.floats(min_value=0.05, max_value=1.0),
    extra=st.floats(min_value=0.0, max_value=1.0),
)
def test_abc_a_items_carry_at_least_a_share_of_the_total(values, a_share, extra):
    b_share = a_share + (1 - a_share) * extra
    labels = [row[0] for row in udfs.ABCCLASS([[v] for v in values], a_share, b_share)] if len(
        values) > 1 else [udfs.ABCCLASS(values[0], a_share, b_share)]
    numeric = [float(v) if v is not None else None for v in values]
    positive_total = sum(v for v in numeric if v is not None and v > 0)
    for value, label in zip(numeric, labels, strict=True):
        if value is None:
            assert label == ""
        elif value <= 0:
            assert label == "C"
    if positive_total > 0:
        a_total = sum(v for v, lab in zip(numeric, labels, strict=True) if lab == "A")
        assert a_total >= (a_share - 1e-9) * positive_total * (1 - 1e-12)
        largest = max(v for v in numeric if v is not None)
        assert labels[numeric.index(largest)] == "A"
        # classes never get worse for larger values
        rank = {"A": 0, "B": 1, "C": 2}
        order = sorted((v, rank[lab]) for v, lab in zip(numeric, labels, strict=True)
                       if v is not None)
        assert all(order[i][1] >= order[i + 1][1] for i in range(len(order) - 1))


@settings(max_examples=80, deadline=None)
@given(
    block=st.integers(min_value=2, max_value=8).flatmap(
        lambda width: st.lists(st.lists(cells, min_size=width, max_size=width),
                               min_size=2, max_size=12)),
    method=st.sampled_from(["peak", "normal"]),
    data=st.data(),
)
def test_history_functions_answer_one_row_per_sku_row(block, method, data):
    lead = [[data.draw(cells)] for _ in block]
    level = [[data.draw(cells)] for _ in block]
    classes = {"smooth", "erratic", "intermittent", "lumpy", "new", "none"}
    for answer, labels in ((udfs.SAFETYSTOCK(block, lead, level, method), ()),
                           (udfs.XYZCLASS(block), {"X", "Y", "Z"}),
                           (udfs.FORECASTDEMAND(block, lead), ()),
                           (udfs.DEMANDCLASS(block), classes)):
        assert isinstance(answer, list) and len(answer) == len(block)
        assert all(is_excel_cell(row[0], labels) for row in answer), answer
        for row, cells_of_row in zip(answer, block, strict=True):
            if any(isinstance(c, str) and c.strip() and c not in NUMERIC_TEXTS
                   for c in cells_of_row):
                assert row[0] in ERROR_TEXTS - {""}  # text in a history spoils its row
