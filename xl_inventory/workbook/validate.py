"""From raw table rows to typed, validated frames, with every doubted row in a data-issue list.

Conversions are vectorised with pandas: a million sales lines are checked without a Python loop
over rows. A row that cannot be used is kept out of the numbers and listed with its table, sheet
row, column, value and reason; nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.dates import TextDates, is_text, read_text_dates
from xl_inventory.workbook.exports import read_numbers
from xl_inventory.workbook.reader import RawTable
from xl_inventory.workbook.schema import (
    INPUT_TABLES,
    PRODUCTS,
    PROMOTIONS,
    RECEIPTS,
    SALES,
    SETTINGS,
    SETTINGS_DEFAULTS,
    STOCK,
    Kind,
    Setting,
    Settings,
    TableSpec,
    markdown_steps,
    normalise,
)
from xl_inventory.workbook.sheets import EXCEL_EPOCH

ISSUE_COLUMNS = ["table", "row", "column", "value", "reason"]
MAX_NUMBER = 1e15  # no quantity, cost or price is larger; beyond it sums lose their units
MAX_LEAD_TIME_DAYS = 3650
_LAST_SERIAL = 100_000  # 2173-10-14: later days are no sale's (and pass pandas' last day)


class IssueLog:
    """Collects data issues as frames (one per check), joined once at the end."""

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []

    def add(self, table: str, rows: pd.Series, column: str, values: pd.Series,
            reason: str | pd.Series) -> None:
        if len(rows):
            self._parts.append(pd.DataFrame({
                "table": table, "row": rows.to_numpy(), "column": column,
                "value": values.astype(str).to_numpy(),
                "reason": reason if isinstance(reason, str) else reason.to_numpy(),
            }))

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return pd.DataFrame(columns=ISSUE_COLUMNS)
        issues = pd.concat(self._parts, ignore_index=True)
        return issues.sort_values(["table", "row"], kind="stable", ignore_index=True)


@dataclass
class Inventory:
    """The validated inputs of a refresh. Each frame keeps a ``row`` column: the sheet row.

    The ``sku`` column of sales, stock, receipts and promotions is categorical, its categories
    the SKUs of ``products`` in their order.
    """

    products: pd.DataFrame
    sales: pd.DataFrame
    stock: pd.DataFrame
    receipts: pd.DataFrame
    promotions: pd.DataFrame
    settings: Settings
    issues: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ISSUE_COLUMNS))


def find_columns(raw: RawTable, spec: TableSpec) -> dict[str, int]:
    """Position of each spec column among the table's headers; a missing required one stops."""
    positions = {normalise(h): i for i, h in enumerate(raw.headers)}
    found = {}
    for column in spec.columns:
        names = (normalise(column.key), normalise(column.zh))
        same = [h for h in raw.headers if normalise(h) in names]
        if len(same) > 1:
            raise WorkbookError(
                f"table {spec.name} (sheet {raw.sheet}) has {len(same)} columns for "
                f"{column.key!r}: {' and '.join(map(repr, same))}; delete or rename all but one")
        at = next((positions[n] for n in names if n in positions), None)
        if at is None:  # a Chinese header with a unit after it: 采购提前期(天)
            at = next((i for h, i in positions.items() if h.startswith(names[1])), None)
        if at is not None:
            found[column.key] = at
        elif column.required:
            raise WorkbookError(
                f"table {spec.name} (sheet {raw.sheet}) has no column {column.key!r} "
                f"({column.zh}); its columns are: {', '.join(map(str, raw.headers))}")
    return found


def _blank(values: pd.Series) -> pd.Series:
    """Empty cells (calamine reads them as ""). Whitespace-only text is caught where a value
    fails to convert (see :func:`_whitespace`), which keeps this test vectorised."""
    return values.isna() | values.eq("")


def _whitespace(values: pd.Series) -> pd.Series:
    return values.astype(str).str.strip().eq("")


def cell_text(values: pd.Series) -> pd.Series:
    """Cells as the codes they show: stripped text, whole numbers without ``.0`` (a code typed
    as the number 15056 is ``15056``), "" for an empty cell."""
    if pd.api.types.infer_dtype(values, skipna=True) == "string":
        return values.str.strip().fillna("")

    def text(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # a code typed as a number: 15056.0 is "15056"
        return str(value).strip()

    return values.map(text, na_action="ignore").fillna("")


def _as_dates(values: pd.Series, blank: pd.Series, order: str = "auto") -> TextDates:
    """Dates from datetimes, Excel serial numbers, or text (read in the order the column's
    text proves, or ``order``: see :mod:`xl_inventory.workbook.dates`), with the reason of
    each value that is text and could not be read for a reason other than being no date."""
    reasons = pd.Series("", index=values.index, dtype=object)
    if pd.api.types.infer_dtype(values[~blank], skipna=True) in ("datetime", "date"):
        # every filled cell a date: the fast way
        return TextDates(pd.to_datetime(values.where(~blank), errors="coerce"), reasons)
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    numbers = pd.to_numeric(values.astype(object), errors="coerce").astype(np.float64)
    serial = numbers.between(1, _LAST_SERIAL) & ~values.map(lambda v: isinstance(v, bool))
    if serial.any():
        days = pd.to_timedelta(numbers[serial].round(6), unit="D")
        result[serial] = pd.Timestamp(EXCEL_EPOCH) + days
    text = pd.Series(is_text(values), index=values.index) & ~serial & ~blank
    if text.any():
        read = read_text_dates(values[text], order)
        result[text], reasons[text] = read.dates, read.reasons
    rest = ~serial & ~blank & ~text
    if rest.any():
        result[rest] = pd.to_datetime(values[rest], errors="coerce", format="mixed")
    return TextDates(result, reasons)


class _Distinct(NamedTuple):
    """A column as its distinct cell values, and per row the position of its value among them.

    Every check and conversion runs on the distinct values only (a million sales lines hold
    some thousands of SKU codes, a few hundred dates), then reaches the rows by ``codes``. An
    empty cell (None) has code -1, which in numpy picks the last element: each array made
    from ``values`` gets one more element at the end, the answer for an empty cell. A column
    of numbers only is its own distinct values (finding them would cost more than it saves).
    """

    codes: np.ndarray
    values: pd.Series


def _distinct(cells: np.ndarray, kind: Kind) -> _Distinct:
    inferred = pd.api.types.infer_dtype(cells, skipna=True)
    if kind is Kind.NUMBER and inferred in ("floating", "integer", "mixed-integer-float"):
        return _Distinct(np.arange(len(cells)), pd.Series(cells.astype(np.float64)))
    if inferred in ("string", "empty", "date", "datetime", "floating", "integer"):
        codes, values = pd.factorize(cells)
        return _Distinct(codes, pd.Series(values, dtype=object))
    # In Python 1 == True and 0 == False, so factorize would merge a TRUE cell with a 1 though
    # they may read differently ("True" and "1" as text): TRUE and FALSE get codes of their own.
    is_bool = np.frompyfunc(lambda value: isinstance(value, bool), 1, 1)(cells).astype(bool)
    codes = np.empty(len(cells), dtype=np.intp)
    codes[~is_bool], others = pd.factorize(cells[~is_bool])
    flag_codes, flags = pd.factorize(cells[is_bool])
    codes[is_bool] = flag_codes + len(others)
    return _Distinct(codes, pd.Series(np.concatenate([others, flags]), dtype=object))


def _with_empty(values: pd.Series | np.ndarray, empty: object) -> np.ndarray:
    return np.append(np.asarray(values), np.array([empty], dtype=np.asarray(values).dtype))


def _typed_frame(raw: RawTable, spec: TableSpec, log: IssueLog,
                 known: pd.Index | None = None, date_order: str = "auto") -> pd.DataFrame:
    """The table as a frame of the spec's columns, typed; rows failing a required column go.

    With ``known`` (the SKUs of Products), rows whose SKU is not among them go too, and the
    ``sku`` column comes out categorical over ``known``: later lookups by SKU then work on
    integer codes instead of hashing a million strings again.
    """
    where = find_columns(raw, spec)
    width = len(raw.headers)
    if isinstance(raw.rows, pd.DataFrame):  # columns already (files read by DuckDB)
        cells = raw.rows.set_axis(range(width), axis=1)
    else:
        table_rows = raw.rows
        if set(map(len, table_rows)) - {width}:  # a short row: pad it with empty cells
            table_rows = [row + [None] * (width - len(row)) for row in table_rows]
        cells = pd.DataFrame(table_rows, columns=range(width), dtype=object)
    kind_at = {where[c.key]: c.kind for c in spec.columns if c.key in where}
    distinct = {i: _distinct(cells[i].to_numpy(), kind_at.get(i, Kind.TEXT))
                for i in cells.columns}
    blank_of = {i: _with_empty(_blank(d.values), True) for i, d in distinct.items()}
    # A row with every cell empty (a table's spare last row) holds no data to lose.
    empty = (np.logical_and.reduce([blank_of[i][d.codes] for i, d in distinct.items()])
             if width else np.zeros(len(cells), dtype=bool))
    rows = np.arange(len(cells)) + raw.first_row
    columns: dict[str, object] = {"row": rows}
    usable = ~empty
    for column in spec.columns:
        if column.key not in where:
            columns[column.key] = column.default if column.kind is not Kind.DATE else pd.NaT
            continue
        codes, values = distinct[where[column.key]]
        blank = _blank(values)
        if column.kind is Kind.TEXT:
            converted = cell_text(values)
            blank = converted.eq("")
            failed = pd.Series(False, index=values.index)
            converted_rows = _with_empty(converted.to_numpy(dtype=object), "")[codes]
            if known is not None and column.key == "sku":
                sku_text = converted_rows
                sku_codes = _with_empty(known.get_indexer(converted), -1)[codes]
                converted_rows = pd.Categorical.from_codes(sku_codes, categories=known)
        else:
            if column.kind is Kind.NUMBER:
                converted = pd.to_numeric(values.where(~blank), errors="coerce").astype(float)
                text = converted.isna() & ~blank & pd.Series(is_text(values), index=values.index)
                if text.any():  # as exports write them: 1,234 or €12 (see read_numbers)
                    converted[text] = read_numbers(values[text])
                # inf, and numbers no stock or price can be (1e308 would overflow every sum)
                unusable = converted.notna() & ~(converted.abs() <= MAX_NUMBER)
                converted = converted.where(~unusable)
                empty_value: object = np.nan
            else:
                converted, date_reasons = _as_dates(values, blank, date_order)
                converted = converted.astype("datetime64[ns]")
                empty_value = np.datetime64("NaT", "ns")
            failed = ~blank & converted.isna()
            if failed.any():
                spaces = failed & _whitespace(values.where(failed, ""))
                blank, failed = blank | spaces, failed & ~spaces
            converted_rows = _with_empty(converted, empty_value)[codes]
        blank_rows = _with_empty(blank, True)[codes] & ~empty
        bad_rows = _with_empty(failed, False)[codes] & ~empty
        if bad_rows.any():
            original = cells[where[column.key]]
            if column.kind is Kind.NUMBER:
                reasons = np.where(unusable, f"not a usable number (infinite, or beyond "
                                             f"{MAX_NUMBER:.0e})", "not a number")
            else:
                reasons = date_reasons.where(date_reasons.ne(""), "not a date").to_numpy()
            log.add(spec.name, pd.Series(rows[bad_rows]), column.key, original[bad_rows],
                    pd.Series(_with_empty(reasons, "")[codes][bad_rows]))
        if column.required:
            missing = blank_rows & usable
            if missing.any():
                log.add(spec.name, pd.Series(rows[missing]), column.key,
                        cells[where[column.key]][missing], "blank")
            usable &= ~blank_rows & ~bad_rows
        elif column.default is not None:
            converted_rows = np.where(blank_rows | bad_rows, column.default, converted_rows)
        columns[column.key] = converted_rows
    if known is not None:
        unknown = usable & (sku_codes < 0)
        if unknown.any():
            log.add(spec.name, pd.Series(rows[unknown]), "sku", pd.Series(sku_text[unknown]),
                    "unknown SKU")
            usable &= ~unknown
    if not usable.all():
        columns = {key: value[usable] if isinstance(value, np.ndarray | pd.Categorical)
                   else value for key, value in columns.items()}
    return pd.DataFrame(columns, copy=False)  # the arrays are this function's own


def _drop(frame: pd.DataFrame, mask: pd.Series, log: IssueLog, table: str, column: str,
          reason: str | pd.Series) -> pd.DataFrame:
    log.add(table, frame.loc[mask, "row"], column, frame.loc[mask, column],
            reason if isinstance(reason, str) else reason[mask])
    return frame[~mask].reset_index(drop=True)


def _default(frame: pd.DataFrame, mask: pd.Series, log: IssueLog, table: str, column: str,
             reason: str, default: float) -> None:
    """List the rows of ``mask`` and put ``default`` in their ``column`` (in place)."""
    log.add(table, frame.loc[mask, "row"], column, frame.loc[mask, column], reason)
    frame.loc[mask, column] = default


def _empty(spec: TableSpec, known: pd.Index) -> pd.DataFrame:
    return pd.DataFrame({"row": pd.Series(dtype=int), **{
        c.key: pd.Series(dtype="datetime64[ns]" if c.kind is Kind.DATE else
                         float if c.kind is Kind.NUMBER else
                         pd.CategoricalDtype(known) if c.key == "sku" else object)
        for c in spec.columns}})


def _setting_value(setting: Setting, value: object) -> object | None:
    """The value of one setting converted to its type, or None when it is not allowed."""
    if setting.name == "markdown_steps":
        return markdown_steps(value)
    if setting.choices:
        text = str(value).strip().lower()
        return text if text in setting.choices else None
    if setting.low is None:
        return str(value).strip()
    number = float(pd.to_numeric(pd.Series([value], dtype=object), errors="coerce").iloc[0])
    if not setting.low <= number <= setting.high:  # NaN fails too
        return None
    return round(number) if setting.whole else number


def read_settings(raw: RawTable | None, log: IssueLog) -> dict[str, object]:
    """Each setting's value: the table's where it is valid, else the default (listed)."""
    values = {s.name: s.default if s.name == "as_of_date" else _setting_value(s, s.default)
              for s in SETTINGS_DEFAULTS}
    if raw is None:
        return values
    frame = _typed_frame(raw, SETTINGS, log)
    known = {normalise(s.name): s for s in SETTINGS_DEFAULTS}
    known.update({normalise(s.zh): s for s in SETTINGS_DEFAULTS})
    rows = {}
    for row, name, value in frame[["row", "name", "value"]].itertuples(index=False):
        setting = known.get(normalise(name))
        if setting is None:
            log.add(SETTINGS.name, pd.Series([row]), "name", pd.Series([name]), "unknown setting")
            continue
        if setting.name in rows:
            log.add(SETTINGS.name, pd.Series([row]), "name", pd.Series([name]),
                    f"{setting.name} is set again (row {rows[setting.name]} is used)")
            continue
        rows[setting.name] = row
        if setting.name == "as_of_date":
            cell = pd.Series([value], dtype=object)
            parsed = _as_dates(cell, _blank(cell)).dates.iloc[0]
            converted = parsed if pd.notna(parsed) else None
        else:
            converted = _setting_value(setting, value)
        if converted is not None:
            values[setting.name] = converted
        else:
            shown = "" if setting.default is None else f"; the default {setting.default} is used"
            log.add(SETTINGS.name, pd.Series([row]), "value", pd.Series([value]),
                    f"not a valid {setting.name} (must be {setting.allowed or 'a date'}){shown}")
    if values["b_share"] < values["a_share"]:
        log.add(SETTINGS.name, pd.Series([rows.get("b_share", 0)]), "value",
                pd.Series([values["b_share"]]), "b_share is below a_share: the defaults 0.7 "
                "and 0.9 are used")
        values["a_share"], values["b_share"] = 0.7, 0.9
    return values


def as_of_date(setting: object, first: pd.Timestamp, last: pd.Timestamp) -> pd.Timestamp:
    """The day the reports are made as of: the as_of_date setting, else the last sale's day
    (today without sales); ``first`` and ``last`` are the first and last usable sale.

    Raises
    ------
    WorkbookError
        The setting is before every sale.
    """
    as_of = pd.Timestamp(setting if setting is not None else
                         (last if pd.notna(last) else pd.Timestamp.today())).normalize()
    if pd.notna(first) and as_of < first.normalize():
        raise WorkbookError(
            f"as_of_date {as_of.date()} (Settings) is before every sale (the first is on "
            f"{first.date()}): no sale falls before it, so there is nothing to report; set a "
            "later as_of_date, or leave it blank for the last sale's day")
    return as_of


def first_future_day() -> pd.Timestamp:
    """Tomorrow: a sale dated on it or later is a misread or mistyped date."""
    return pd.Timestamp.now().normalize() + pd.Timedelta(days=1)


def validate(tables: dict[str, RawTable]) -> Inventory:
    """Check and type the raw input tables.

    Raises
    ------
    WorkbookError
        A required table (Products, Sales, Stock) or a required column is missing.
    """
    for spec in INPUT_TABLES:
        if spec.required and spec.name not in tables:
            raise WorkbookError(
                f"the workbook has no Excel table named {spec.name} ({spec.zh}): make the "
                f"{spec.name} range a table (Insert > Table) and name it {spec.name}")
    log = IssueLog()
    values = read_settings(tables.get(SETTINGS.name), log)
    order = str(values["date_order"])
    products = _typed_frame(tables[PRODUCTS.name], PRODUCTS, log, date_order=order)
    products = _drop(products, products["sku"].duplicated(), log, PRODUCTS.name, "sku",
                     "duplicate SKU: the first row is used")
    for column in ("unit_cost", "lead_time_days"):
        products = _drop(products, products[column] < 0, log, PRODUCTS.name, column,
                         f"negative {column}")
    products = _drop(products, products["lead_time_days"] > MAX_LEAD_TIME_DAYS, log,
                     PRODUCTS.name, "lead_time_days",
                     f"lead time above {MAX_LEAD_TIME_DAYS} days (ten years)")
    _default(products, ~(products["moq"] >= 0), log, PRODUCTS.name, "moq",
             "negative MOQ: 0 is used", 0.0)
    _default(products, ~(products["pack_size"] > 0), log, PRODUCTS.name, "pack_size",
             "pack size must be above 0: 1 is used", 1.0)
    folded = products["sku"].str.casefold()
    alike = folded.duplicated(keep=False)
    if alike.any():
        spellings = products.loc[alike, "sku"].groupby(folded[alike]).transform(", ".join)
        log.add(PRODUCTS.name, products.loc[alike, "row"], "sku", products.loc[alike, "sku"],
                "look-alike codes " + spellings + " differ only by letter case: kept apart "
                "(Excel's SUMIFS and VLOOKUP would merge them)")
    known = pd.Index(products["sku"])
    launch = products.set_index("sku")["launch_date"]

    sales = _typed_frame(tables[SALES.name], SALES, log, known, order)
    launched = sales["sku"].map(launch).astype("datetime64[ns]")
    sales = _drop(sales, launched.notna() & (sales["date"].dt.normalize() < launched), log,
                  SALES.name, "date", "sale before the SKU's launch date")
    # a misread or mistyped date in the future would become the as-of date of every report
    tomorrow = first_future_day()
    sales = _drop(sales, sales["date"] >= tomorrow, log, SALES.name, "date",
                  "a date after today: not used")

    stock = _typed_frame(tables[STOCK.name], STOCK, log, known, order)
    stock = _drop(stock, stock["on_hand"] < 0, log, STOCK.name, "on_hand", "negative stock")
    stock = _drop(stock, stock["on_order"] < 0, log, STOCK.name, "on_order",
                  "negative quantity on order")

    receipts = (_typed_frame(tables[RECEIPTS.name], RECEIPTS, log, known, order)
                if RECEIPTS.name in tables else _empty(RECEIPTS, known))

    promotions = (_typed_frame(tables[PROMOTIONS.name], PROMOTIONS, log, known, order)
                  if PROMOTIONS.name in tables else _empty(PROMOTIONS, known))
    promotions = _drop(promotions, promotions["end"] < promotions["start"], log, PROMOTIONS.name,
                       "end", "ends before it starts")
    promotions = _drop(promotions, ~(promotions["uplift"] > 0), log, PROMOTIONS.name, "uplift",
                       "uplift must be above 0")

    first, last = ((sales["date"].min(), sales["date"].max()) if len(sales)
                   else (pd.NaT, pd.NaT))
    values["as_of_date"] = as_of_date(values["as_of_date"], first, last)
    settings = Settings(**values)
    return Inventory(products, sales, stock, receipts, promotions, settings, log.frame())
