"""Report sheets as SpreadsheetML: values, Excel tables, number formats, frozen headers.

Text is written as inline strings, so a value that starts with ``=``, ``+``, ``-`` or ``@`` is
text and never a formula (and gets Excel's quote prefix, so editing it keeps it text). Numbers
and dates are plain values with number formats; a report sheet holds no formula.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from xl_inventory.workbook import charts
from xl_inventory.workbook.xlsx_package import DOC_REL, MAIN, XlsxPackage

FORMATS = {
    "text": ("General", False),
    "quoted": ("General", True),
    "int": ("#,##0", False),
    "decimal": ("#,##0.00", False),
    "money": ("#,##0.00", False),
    "percent": ("0.0%", False),
    "date": ("yyyy-mm-dd", False),
}
EXCEL_EPOCH = np.datetime64("1899-12-30", "D")  # day 0 of Excel's date serials
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # no cell may hold them
FORMULA_START = ("=", "+", "-", "@")  # text starting so is written quoted, never run


def excel_serial(value: object) -> float:
    """Excel's date serial of one date or time (days since :data:`EXCEL_EPOCH`)."""
    return (pd.Timestamp(value) - pd.Timestamp(EXCEL_EPOCH)) / pd.Timedelta(days=1)


def column_letter(index: int) -> str:
    """Excel column letters of a 1-based column index (1 → A, 28 → AB)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class TableBlock:
    """One Excel table on a sheet: a frame, its header texts, a format per column."""

    name: str
    frame: pd.DataFrame
    headers: list[str]
    formats: list[str]
    top: int = 1  # sheet row of the header
    left: int = 1  # sheet column of the first column
    as_table: bool = True  # False: plain cells, without the header row (xlwings.conf)

    @property
    def bottom(self) -> int:
        return self.top + max(len(self.frame), 1)

    @property
    def right(self) -> int:
        return self.left + len(self.headers) - 1

    @property
    def ref(self) -> str:
        return (f"{column_letter(self.left)}{self.top}:"
                f"{column_letter(self.right)}{self.bottom}")


@dataclass(frozen=True)
class Validation:
    """A data-validation rule: a list of choices, or a whole number bound."""

    ref: str  # e.g. "A2:A500"
    kind: str  # "list" or "whole"
    formula: str  # '"a,b,c"' for a list, '1' for a bound
    operator: str = "greaterThanOrEqual"


@dataclass
class SheetSpec:
    name: str
    blocks: list[TableBlock]
    charts: list[charts.ChartSpec] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    freeze_header: bool = True
    validations: list[Validation] = field(default_factory=list)
    code_name: str | None = None  # the sheet's name in VBA (kept from the sheet it replaces)


def _cell_text(value: object) -> str | None:
    """The text a cell shows for ``value``; None (an empty cell) for None, NaN and ""."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value) or None


def _cell_numbers(values: pd.Series) -> np.ndarray:
    """A numeric column as float64, NaN where a cell stays empty."""
    return pd.to_numeric(values, errors="coerce").to_numpy(np.float64)


def _text_cells(values: pd.Series, ref: list[str], styles: dict[str, int]) -> list[str]:
    # A text column repeats itself (suppliers, classes, statuses): each distinct value is
    # escaped once, and each cell only adds its reference.
    cells = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(cells, skipna=True) not in ("string", "empty"):
        # 1 == 1.0 == True in Python, but their cells show "1", "1.0" and "True"
        cells = np.array([_cell_text(value) for value in cells.tolist()], dtype=object)
    codes, distinct = pd.factorize(cells, use_na_sentinel=True)
    contents = [_text_content(value, styles) for value in distinct.tolist()]
    contents.append(None)  # code -1: NaN or None, an empty cell
    return [f'<c r="{at}" {content}' if content else ""
            for at, content in zip(ref, map(contents.__getitem__, codes.tolist()), strict=True)]


def _text_content(value: object, styles: dict[str, int]) -> str | None:
    """A text cell's XML after its reference; None for a cell that stays empty."""
    text = _cell_text(value)
    if text is None:
        return None
    style = styles["quoted"] if text.startswith(FORMULA_START) else styles["text"]
    text = escape(ILLEGAL_XML.sub("", text))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f's="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _number_cells(values: np.ndarray, ref: list[str], style: int) -> list[str]:
    finite = np.isfinite(values)
    return [f'<c r="{at}" s="{style}"><v>{value!r}</v></c>' if ok else ""
            for at, value, ok in zip(ref, values.tolist(), finite.tolist(), strict=True)]


def _block_cells(block: TableBlock, styles: dict[str, int]) -> dict[int, list[str]]:
    """Cell XML of a block by sheet row: the header row, then the data."""
    rows: dict[int, list[str]] = {}
    letters = [column_letter(block.left + i) for i in range(len(block.headers))]
    first = block.top + 1
    if block.as_table:
        rows[block.top] = _text_cells(pd.Series(block.headers),
                                      [f"{c}{block.top}" for c in letters], styles)
    else:
        first = block.top
    n = len(block.frame)
    numbers = [str(first + i) for i in range(n)]
    columns = []
    for letter, column, kind in zip(letters, block.frame.columns, block.formats, strict=True):
        ref = [letter + number for number in numbers]
        values = block.frame[column]
        if kind == "text":
            columns.append(_text_cells(values, ref, styles))
        elif kind == "date":
            days = pd.to_datetime(values).to_numpy("datetime64[ns]")
            serial = ((days - EXCEL_EPOCH) / np.timedelta64(1, "D")).astype(float)
            columns.append(_number_cells(serial, ref, styles["date"]))
        else:
            columns.append(_number_cells(_cell_numbers(values), ref, styles[kind]))
    for i, cells in enumerate(zip(*columns, strict=True)):
        rows[first + i] = list(cells)
    return rows


def sheet_xml(spec: SheetSpec, styles: dict[str, int], table_rel_ids: list[str],
              drawing_rel_id: str | None) -> bytes:
    rows: dict[int, list[str]] = {}
    for block in spec.blocks:
        for row, cells in _block_cells(block, styles).items():
            rows.setdefault(row, []).extend(cells)
    right = max(b.right for b in spec.blocks)
    bottom = max(b.bottom for b in spec.blocks)
    code_name = f'<sheetPr codeName="{spec.code_name}"/>' if spec.code_name else ""
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"'
             f' xmlns:r="{DOC_REL}">{code_name}'
             f'<dimension ref="A1:{column_letter(right)}{bottom}"/>']
    pane = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            if spec.freeze_header else "")
    parts.append(f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
                 '<sheetFormatPr defaultRowHeight="15"/>')
    widths = {**{c: 14.0 for c in range(1, right + 1)}, **spec.widths}
    columns = "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
                      for c, w in sorted(widths.items()))
    parts.append(f"<cols>{columns}</cols><sheetData>")
    parts.extend(f'<row r="{row}">{"".join(rows[row])}</row>' for row in sorted(rows))
    parts.append("</sheetData>")
    if spec.validations:
        parts.append(f'<dataValidations count="{len(spec.validations)}">' + "".join(
            f'<dataValidation type="{v.kind}" '
            + (f'operator="{v.operator}" ' if v.kind != "list" else "")
            + f'allowBlank="1" showErrorMessage="1" sqref="{v.ref}"><formula1>'
            f"{escape(v.formula)}</formula1></dataValidation>" for v in spec.validations)
            + "</dataValidations>")
    if drawing_rel_id:
        parts.append(f'<drawing r:id="{drawing_rel_id}"/>')
    if table_rel_ids:
        parts.append(f'<tableParts count="{len(table_rel_ids)}">' + "".join(
            f'<tablePart r:id="{rel}"/>' for rel in table_rel_ids) + "</tableParts>")
    parts.append("</worksheet>")
    return "".join(parts).encode("utf-8")


def table_xml(block: TableBlock, table_id: int) -> bytes:
    columns = "".join(f'<tableColumn id="{i}" name="{escape(h, {chr(34): "&quot;"})}"/>'
                      for i, h in enumerate(block.headers, start=1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="{MAIN}" '
            f'id="{table_id}" name="{block.name}" displayName="{block.name}" ref="{block.ref}" '
            f'totalsRowShown="0"><autoFilter ref="{block.ref}"/><tableColumns '
            f'count="{len(block.headers)}">{columns}</tableColumns><tableStyleInfo '
            f'name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" '
            f'showRowStripes="1" showColumnStripes="0"/></table>').encode()


def put_sheet(package: XlsxPackage, spec: SheetSpec) -> None:
    """Write ``spec`` into the package, replacing a sheet of the same name in its place (and
    keeping its VBA code name)."""
    spec.code_name = spec.code_name or package.sheet_code_name(spec.name)
    package.clear_sheet(spec.name)
    styles = package.cell_styles(FORMATS)
    # the smallest free ids: a sheet rewritten gets back the ids it had, so refreshing twice
    # gives the same bytes
    taken = package.table_ids()
    free_ids = (n for n in itertools.count(1) if n not in taken)
    owned: dict[str, tuple[str, str, bytes]] = {}
    reserved: set[str] = set()

    def fresh(pattern: str) -> str:
        name = package.unused(pattern, reserved)
        reserved.add(name)
        return name

    table_rels = []
    for i, block in enumerate(b for b in spec.blocks if b.as_table):
        rel_id = f"rId{i + 1}"
        owned[rel_id] = ("table", fresh("xl/tables/table{}.xml"), table_xml(block, next(free_ids)))
        table_rels.append(rel_id)
    drawing_rel = None
    if spec.charts:
        drawing_rel = f"rId{len(table_rels) + 1}"
        drawing = fresh("xl/drawings/drawing{}.xml")
        chart_parts = {fresh("xl/charts/chart{}.xml"): chart for chart in spec.charts}
        package.add_parts({part: ("chart", charts.chart_xml(chart, spec.name))
                           for part, chart in chart_parts.items()})
        package.set_relationships(drawing, [
            (f"rId{n}", f"{DOC_REL}/chart", part) for n, part in enumerate(chart_parts, 1)])
        owned[drawing_rel] = ("drawing", drawing, charts.drawing_xml(list(chart_parts.values())))
    package.put_sheet(spec.name, sheet_xml(spec, styles, table_rels, drawing_rel), owned)


def block_rows(block: TableBlock) -> list[list[object]]:
    """A block's header and rows as cell values (text, float, datetime; None for a blank), the
    same values the sheet XML holds: what a writer through xlwings puts in the cells."""
    columns = []
    for column, kind in zip(block.frame.columns, block.formats, strict=True):
        values = block.frame[column]
        if kind == "text":
            cells = [_cell_text(v) for v in values.tolist()]
        elif kind == "date":
            cells = [None if pd.isna(v) else pd.Timestamp(v).to_pydatetime()
                     for v in pd.to_datetime(values).tolist()]
        else:
            numbers = _cell_numbers(values)
            cells = [v if ok else None
                     for v, ok in zip(numbers.tolist(), np.isfinite(numbers).tolist(), strict=True)]
        columns.append(cells)
    return [list(block.headers), *(list(row) for row in zip(*columns, strict=True))]
