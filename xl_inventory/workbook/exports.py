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
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine

from xl_inventory.errors import WorkbookError

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


def _clean_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells as a person reads them: ``="00123"`` (Taobao's way of keeping leading zeros)
    is 00123; surrounding spaces go; headers are stripped the same way."""
    frame.columns = [str(c).strip().strip("\ufeff") for c in frame.columns]
    return frame.apply(lambda column: column.str.strip().str.replace(
        r'^="(.*)"$', r"\1", regex=True))


def _first_long_line(text: str, separator: str) -> str:
    """Which line has more fields than the header (for the message)."""
    lines = csv.reader(io.StringIO(text), delimiter=separator)
    width = len(next(lines, []))
    for number, fields in enumerate(lines, start=2):
        if len(fields) > width:
            return (f"line {number} has {len(fields)} fields, the header {width} (separator "
                    f"{separator!r})")
    return f"the lines do not split into the header's {width} fields (separator {separator!r})"


def read_csv_export(path: Path, encoding: str | None = None, sep: str | None = None
                    ) -> pd.DataFrame:
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
    separator = sep or sniff_separator(text)
    try:
        with warnings.catch_warnings():
            # a line longer than the header would silently shift or lose fields
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, index_col=False,
                                keep_default_na=False, skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        raise WorkbookError(f"{path}: {_first_long_line(text, separator)}; fix that line, or "
                            "give the separator with --sep") from None
    except pd.errors.EmptyDataError:
        raise WorkbookError(f"{path} has no header line") from None
    return _clean_text(frame.fillna(""))


def read_workbook_export(path: Path) -> pd.DataFrame:
    """The first sheet of a workbook export; cells keep their types (dates, numbers)."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=True)
    except (python_calamine.CalamineError, OSError, ValueError, IndexError) as exc:
        reason = str(exc).strip() or type(exc).__name__
        raise WorkbookError(f"cannot read {path} as a workbook export: {reason}") from None
    rows = [row for row in rows if any(cell not in ("", None) for cell in row)]
    if not rows:
        raise WorkbookError(f"{path} is empty: its first sheet has no lines to import")
    headers = [str(h).strip() for h in rows[0]]
    doubled = sorted({h for h in headers if h and headers.count(h) > 1})
    if doubled:
        raise WorkbookError(f"{path} has two columns named {doubled[0]!r}: rename one")
    frame = pd.DataFrame(rows[1:], columns=headers, dtype=object)
    return frame.map(lambda v: v.strip() if isinstance(v, str) else v)


def read_export(path: str | Path, encoding: str | None = None, sep: str | None = None
                ) -> pd.DataFrame:
    """The export's lines under its own headers (text, or typed cells from a workbook).

    Raises
    ------
    WorkbookError
        The file is empty, has no header, cannot be decoded, or a line is ragged.
    """
    path = Path(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        frame = read_workbook_export(path)
    else:
        frame = read_csv_export(path, encoding, sep)
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
