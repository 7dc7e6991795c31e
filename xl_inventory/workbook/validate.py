"""From raw table rows to typed, validated frames, with every doubted row in a data-issue list.

Conversions are vectorised with pandas: a million sales lines are checked without a Python loop
over rows. A row that cannot be used is kept out of the numbers and listed with its table, sheet
row, column, value and reason; nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from xl_inventory.errors import WorkbookError
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
    TableSpec,
    normalise,
)

ISSUE_COLUMNS = ["table", "row", "column", "value", "reason"]
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


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
    """The validated inputs of a refresh. Each frame keeps a ``row`` column: the sheet row."""

    products: pd.DataFrame
    sales: pd.DataFrame
    stock: pd.DataFrame
    receipts: pd.DataFrame
    promotions: pd.DataFrame
    settings: dict[str, object]
    issues: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ISSUE_COLUMNS))


def find_columns(raw: RawTable, spec: TableSpec) -> dict[str, int]:
    """Position of each spec column among the table's headers; a missing required one stops."""
    positions = {normalise(h): i for i, h in enumerate(raw.headers)}
    found = {}
    for column in spec.columns:
        names = (normalise(column.key), normalise(column.zh))
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


def _as_text(values: pd.Series) -> pd.Series:
    if pd.api.types.infer_dtype(values, skipna=True) == "string":
        return values.str.strip().fillna("")

    def text(value: object) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # a code typed as a number: 15056.0 is "15056"
        return str(value).strip()

    return values.map(text, na_action="ignore").fillna("")


def _as_dates(values: pd.Series, blank: pd.Series) -> pd.Series:
    """Dates from datetimes, Excel serial numbers, or text (ISO or the locale's usual forms)."""
    if pd.api.types.infer_dtype(values[~blank], skipna=True) in ("datetime", "date"):
        return pd.to_datetime(values.where(~blank))  # every filled cell a date: the fast way
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    numbers = pd.to_numeric(values.astype(object), errors="coerce")
    serial = numbers.between(1, 2_958_465)
    if serial.any():
        result[serial] = _EXCEL_EPOCH + pd.to_timedelta(numbers[serial].round(6), unit="D")
    rest = ~serial & ~blank
    if rest.any():
        result[rest] = pd.to_datetime(values[rest], errors="coerce", format="mixed")
    return result


def _typed_frame(raw: RawTable, spec: TableSpec, log: IssueLog) -> pd.DataFrame:
    """The table as a frame of the spec's columns, typed; rows failing a required column go."""
    where = find_columns(raw, spec)
    width = len(raw.headers)
    cells = pd.DataFrame([row + [None] * (width - len(row)) for row in raw.rows]
                         if any(len(r) != width for r in raw.rows) else raw.rows,
                         columns=range(width), dtype=object)
    rows = pd.Series(np.arange(len(cells)) + raw.first_row, index=cells.index)
    blanks = {c: _blank(cells[c]) for c in cells.columns}
    # A row with every cell empty (a table's spare last row) holds no data to lose.
    empty = np.logical_and.reduce([b.to_numpy() for b in blanks.values()]) if width else (
        np.zeros(len(cells), dtype=bool))
    if empty.any():
        cells, rows = cells[~empty], rows[~empty]
        blanks = {c: b[~empty] for c, b in blanks.items()}
    frame = pd.DataFrame({"row": rows})
    usable = pd.Series(True, index=cells.index)
    for column in spec.columns:
        if column.key not in where:
            frame[column.key] = column.default if column.kind is not Kind.DATE else pd.NaT
            continue
        values = cells[where[column.key]]
        blank = blanks[where[column.key]]
        if column.kind is Kind.TEXT:
            converted = _as_text(values)
            blank = converted.eq("")
            bad = pd.Series(False, index=values.index)
        else:
            if column.kind is Kind.NUMBER:
                converted = pd.to_numeric(values.where(~blank), errors="coerce").astype(float)
            else:
                converted = _as_dates(values, blank)
            failed = ~blank & converted.isna()
            if failed.any():
                spaces = failed & _whitespace(values.where(failed, ""))
                blank, failed = blank | spaces, failed & ~spaces
            bad = failed
            reason = "not a number" if column.kind is Kind.NUMBER else "not a date"
            log.add(spec.name, rows[bad], column.key, values[bad], reason)
        if column.required:
            missing = blank & usable
            log.add(spec.name, rows[missing], column.key, values[missing], "blank")
            usable &= ~blank & ~bad
        elif column.default is not None:
            converted = converted.where(~(blank | bad), column.default)
        frame[column.key] = converted
    return frame[usable].reset_index(drop=True)


def _drop(frame: pd.DataFrame, mask: pd.Series, log: IssueLog, table: str, column: str,
          reason: str | pd.Series) -> pd.DataFrame:
    log.add(table, frame.loc[mask, "row"], column, frame.loc[mask, column],
            reason if isinstance(reason, str) else reason[mask])
    return frame[~mask].reset_index(drop=True)


def _empty(spec: TableSpec) -> pd.DataFrame:
    return pd.DataFrame({"row": pd.Series(dtype=int), **{
        c.key: pd.Series(dtype="datetime64[ns]" if c.kind is Kind.DATE else
                         float if c.kind is Kind.NUMBER else object) for c in spec.columns}})


def _settings(raw: RawTable | None, log: IssueLog) -> dict[str, object]:
    values: dict[str, object] = {s.name: s.default for s in SETTINGS_DEFAULTS}
    if raw is None:
        return values
    frame = _typed_frame(raw, SETTINGS, log)
    known = {normalise(s.name): s for s in SETTINGS_DEFAULTS}
    known.update({normalise(s.zh): s for s in SETTINGS_DEFAULTS})
    for row, name, value in frame[["row", "name", "value"]].itertuples(index=False):
        setting = known.get(normalise(name))
        if setting is None:
            log.add(SETTINGS.name, pd.Series([row]), "name", pd.Series([name]), "unknown setting")
            continue
        if setting.name == "as_of_date":
            cell = pd.Series([value], dtype=object)
            parsed = _as_dates(cell, _blank(cell)).iloc[0]
            ok = pd.notna(parsed)
            converted: object = parsed
        elif isinstance(setting.default, str):
            converted = str(value).strip()
            ok = not setting.choices or converted.lower() in setting.choices
            converted = converted.lower() if setting.choices else converted
        else:
            number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
            converted, ok = float(number), pd.notna(number) and number >= 0
        if ok:
            values[setting.name] = converted
        else:
            log.add(SETTINGS.name, pd.Series([row]), "value", pd.Series([value]),
                    f"not a valid {setting.name}; the default {setting.default} is used")
    return values


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
    products = _typed_frame(tables[PRODUCTS.name], PRODUCTS, log)
    products = _drop(products, products["sku"].duplicated(), log, PRODUCTS.name, "sku",
                     "duplicate SKU: the first row is used")
    for column in ("unit_cost", "lead_time_days"):
        products = _drop(products, products[column] < 0, log, PRODUCTS.name, column,
                         f"negative {column}")
    bad_pack = ~(products["pack_size"] > 0)
    log.add(PRODUCTS.name, products.loc[bad_pack, "row"], "pack_size",
            products.loc[bad_pack, "pack_size"], "pack size must be above 0: 1 is used")
    products.loc[bad_pack, "pack_size"] = 1.0
    folded = products["sku"].str.casefold()
    alike = folded.duplicated(keep=False)
    if alike.any():
        spellings = products.loc[alike, "sku"].groupby(folded[alike]).transform(", ".join)
        log.add(PRODUCTS.name, products.loc[alike, "row"], "sku", products.loc[alike, "sku"],
                "look-alike codes " + spellings + " differ only by letter case: kept apart "
                "(Excel's SUMIFS and VLOOKUP would merge them)")
    known = pd.Index(products["sku"])
    launch = products.set_index("sku")["launch_date"]

    sales = _typed_frame(tables[SALES.name], SALES, log)
    sales = _drop(sales, ~sales["sku"].isin(known), log, SALES.name, "sku", "unknown SKU")
    launched = sales["sku"].map(launch)
    sales = _drop(sales, launched.notna() & (sales["date"].dt.normalize() < launched), log,
                  SALES.name, "date", "sale before the SKU's launch date")

    stock = _typed_frame(tables[STOCK.name], STOCK, log)
    stock = _drop(stock, ~stock["sku"].isin(known), log, STOCK.name, "sku", "unknown SKU")
    stock = _drop(stock, stock["on_hand"] < 0, log, STOCK.name, "on_hand", "negative stock")
    stock = _drop(stock, stock["on_order"] < 0, log, STOCK.name, "on_order",
                  "negative quantity on order")

    receipts = (_typed_frame(tables[RECEIPTS.name], RECEIPTS, log)
                if RECEIPTS.name in tables else _empty(RECEIPTS))
    receipts = _drop(receipts, ~receipts["sku"].isin(known), log, RECEIPTS.name, "sku",
                     "unknown SKU")

    promotions = (_typed_frame(tables[PROMOTIONS.name], PROMOTIONS, log)
                  if PROMOTIONS.name in tables else _empty(PROMOTIONS))
    promotions = _drop(promotions, ~promotions["sku"].isin(known), log, PROMOTIONS.name, "sku",
                       "unknown SKU")
    promotions = _drop(promotions, promotions["end"] < promotions["start"], log, PROMOTIONS.name,
                       "end", "ends before it starts")
    promotions = _drop(promotions, ~(promotions["uplift"] > 0), log, PROMOTIONS.name, "uplift",
                       "uplift must be above 0")

    settings = _settings(tables.get(SETTINGS.name), log)
    if settings["as_of_date"] is None:
        settings["as_of_date"] = (sales["date"].max().normalize() if len(sales)
                                  else pd.Timestamp.today().normalize())
    return Inventory(products, sales, stock, receipts, promotions, settings, log.frame())
