"""Reading a shop's or ERP's export: CSV in whatever encoding and separator, or a workbook.

CSV encodings are told apart in this order: a byte-order mark (UTF-8 or UTF-16); UTF-16
without one (every other byte zero); UTF-8 if the bytes are valid UTF-8; else GB18030 (the
superset of GBK that Chinese Excel and Taobao/JD exports write) if they are valid in it; else
cp1252. The separator is sniffed among comma, semicolon, tab and bar. ``--encoding`` and
``--sep`` override both. Workbook exports (.xlsx, .xlsm, .xls, .ods) are read from their first
sheet, the first non-empty row taken as the headers.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine

from xl_inventory.errors import WorkbookError
from xl_inventory.workbook.dates import is_text
from xl_inventory.workbook.export_presets import header_aliases, preset_key

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
SEPARATORS = ",;\t|"
_SNIFF_BYTES = 64 * 1024


def detect_encoding(data: bytes) -> str:
    """The encoding of a CSV export's bytes (see the module's notes for the order).

    Examples
    --------
    >>> detect_encoding("日期,数量".encode("gbk"))
    'gb18030'
    >>> detect_encoding(codecs.BOM_UTF8 + "日期".encode())
    'utf-8-sig'
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:_SNIFF_BYTES]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return "cp1252"


def sniff_separator(text: str) -> str:
    """The field separator of CSV text: the one the sniffer finds consistent over the first
    lines, else the most frequent of the header line."""
    sample = "\n".join(text[:_SNIFF_BYTES].splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        header = sample.split("\n", 1)[0]
        return max(SEPARATORS, key=header.count)


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # how some xlsx writers keep "+": _x002B_
TOTAL_ROW = re.compile(r"^\s*(合计|总计|total)\b", re.IGNORECASE)
HEADER_SEARCH_ROWS = 20


def _clean_cell(value: object) -> object:
    """A text cell as a person reads it: no padding (spaces, tabs), ``="00123"`` (how Taobao
    keeps leading zeros) is ``00123``, ``_x002B_`` is ``+``."""
    if not isinstance(value, str):
        return value
    text = value.strip().strip("\ufeff").strip()
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text)


def header_row(rows: list[list[object]], known: set[str]) -> int:
    """Index of the header among the first rows: the first with at least two known headers
    (title rows above it are skipped), else the first row."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(preset_key(_clean_cell(cell)) in known for cell in row if cell) >= 2:
            return index
    return 0


def _frame(rows: list[list[object]], path: Path, known: set[str]) -> pd.DataFrame:
    """The lines under the header row as a frame; blank lines and a total row (合计, Total)
    go. A line longer than the header stops the import with its line number."""
    numbered = [(number, row) for number, row in enumerate(rows, start=1)
                if any(cell not in ("", None) for cell in row)]
    if not numbered:
        raise WorkbookError(f"{path} is empty: there are no lines to import")
    at = header_row([row for _, row in numbered], known)
    headers = [str(_clean_cell(h)) for h in numbered[at][1]]
    doubled = sorted({h for h in headers if h and headers.count(h) > 1})
    if doubled:
        raise WorkbookError(f"{path} has two columns named {doubled[0]!r}: rename one")
    width = len(headers)
    body = []
    for number, row in numbered[at + 1:]:
        if len(row) > width and any(cell not in ("", None) for cell in row[width:]):
            raise WorkbookError(f"{path}: line {number} has {len(row)} fields, the header "
                                f"{width}; fix that line, or give the separator with --sep")
        first = next((cell for cell in row if cell not in ("", None)), "")
        if isinstance(first, str) and TOTAL_ROW.match(_clean_cell(first)):
            continue
        body.append([_clean_cell(cell) for cell in row[:width]]
                    + [""] * (width - len(row)))
    return pd.DataFrame(body, columns=headers, dtype=object)


def read_csv_export(path: Path, known: set[str], encoding: str | None = None,
                    sep: str | None = None) -> pd.DataFrame:
    """Every cell as text ("" where empty)."""
    data = path.read_bytes()
    if not data.strip():
        raise WorkbookError(f"{path} is empty: there are no lines to import")
    chosen = encoding or detect_encoding(data)
    try:
        text = data.decode(chosen)
    except (UnicodeDecodeError, LookupError) as exc:
        raise WorkbookError(f"{path} cannot be read as {chosen}: {exc}; give its encoding "
                            "with --encoding (utf-8, gb18030, utf-16, cp1252...)") from None
    first_lines = text[:_SNIFF_BYTES].splitlines()
    separator = sep or _separator_of_header(first_lines, known) or sniff_separator(text)
    rows = list(csv.reader(io.StringIO(text), delimiter=separator))
    return _frame(rows, path, known)


def _separator_of_header(lines: list[str], known: set[str]) -> str | None:
    """The separator that splits one of the first lines into known headers (title rows above
    a header would mislead the sniffer)."""
    for line in lines[:HEADER_SEARCH_ROWS]:
        for separator in SEPARATORS:
            cells = next(csv.reader([line], delimiter=separator), [])
            if sum(preset_key(_clean_cell(cell)) in known for cell in cells) >= 2:
                return separator
    return None


def read_workbook_export(path: Path, known: set[str]) -> pd.DataFrame:
    """The first sheet of a workbook export; cells keep their types (dates, numbers)."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=True)
    except (python_calamine.CalamineError, OSError, ValueError, IndexError) as exc:
        reason = str(exc).strip() or type(exc).__name__
        raise WorkbookError(f"cannot read {path} as a workbook export: {reason}") from None
    return _frame(rows, path, known)


def read_export(path: str | Path, encoding: str | None = None, sep: str | None = None,
                known_headers: set[str] | None = None) -> pd.DataFrame:
    """The export's lines under its own headers (text, or typed cells from a workbook), title
    rows above the header and a total row below left out. The header row is the first with
    two of ``known_headers`` (default: every preset's).

    Raises
    ------
    WorkbookError
        The file is empty, has no header, cannot be decoded, or a line is ragged.
    """
    path = Path(path)
    known = {preset_key(h) for h in known_headers} if known_headers else header_aliases()
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        frame = read_workbook_export(path, known)
    else:
        frame = read_csv_export(path, known, encoding, sep)
    if frame.empty:
        raise WorkbookError(f"{path} has a header line but no lines to import")
    return frame


def read_numbers(texts: pd.Series) -> pd.Series:
    """Numbers of text cells as exports write them: ``1,234``, ``€12``, ``12.5元``, ``$-3``;
    NaN where a value is no plain number (``12,50`` is not guessed).

    Examples
    --------
    >>> read_numbers(pd.Series(["1,234", "€12", "12.5元", "12,50", "inf"])).tolist()
    [1234.0, 12.0, 12.5, nan, nan]
    """
    cleaned = (texts.astype(str).str.strip()
               .str.replace(r"^[€$£¥￥]\s*|\s*(?:元|[€$£¥￥])$", "", regex=True))
    grouped = cleaned.str.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
    cleaned = cleaned.where(~grouped, cleaned.str.replace(",", "", regex=False))
    numbers = pd.to_numeric(cleaned, errors="coerce").astype(float)
    return numbers.where(np.isfinite(numbers))


def cell_numbers(values: pd.Series) -> pd.Series:
    """Numbers of cells that hold numbers, or text numbers as :func:`read_numbers` reads them
    (``1,234``, ``12元``); NaN for anything else (text that is no number is never guessed).

    Examples
    --------
    >>> cell_numbers(pd.Series([3, "1,234", "abc", None], dtype=object)).tolist()
    [3.0, 1234.0, nan, nan]
    """
    text = pd.Series(is_text(values), index=values.index)
    result = pd.to_numeric(values.where(~text), errors="coerce").astype(float)
    if text.any():
        result[text] = read_numbers(values[text])
    return result
