"""Dates typed as text, read the one way their column proves.

``2024-01-05``, ``2024/1/5`` and ``2024年1月5日`` put the year first and cannot be misread. In
``05.01.2024`` or ``01/02/2024`` the day and the month may stand either way round, and one
column of an export always uses one order: a value whose first number is above 12
(``13/01/2024``) proves the day comes first, one whose second number is above 12 proves the
month does. So the order is decided per column from its own values, never per cell; the
``date_order`` setting (``dmy``, ``mdy``, ``ymd``) overrides; a column holding proof of both
orders is not guessed: its day-or-month dates are left unread, each with the reason. A column
without any proof is read day first (the order of most of the world's exports; set
``date_order`` to ``mdy`` for American ones). ``ymd`` reads like ``auto``: year-first dates
are never ambiguous.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

ORDERS = ("auto", "dmy", "mdy", "ymd")
# a time may follow, and an offset (Amazon's 2024-03-05T10:20:30+00:00): the local time of the
# sale as written is its day, the offset is dropped
_TIME = (r"(?:[ T]+(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?)"
         r"(?:\s*(?:Z|UTC|[+-]\d{2}:?\d{2}))?)?\s*$")
_YEAR_FIRST = (r"^\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
               + _TIME)
_TWO_FIRST = r"^\s*(?P<a>\d{1,2})\s*[-/.]\s*(?P<b>\d{1,2})\s*[-/.]\s*(?P<y>\d{4}|\d{2})" + _TIME


class TextDates(NamedTuple):
    """Dates read from a column of text (NaT where a value is no date), and per value the
    reason it was not read ("" where it was, or where it is simply no date)."""

    dates: pd.Series
    reasons: pd.Series


def day_month_order(first: pd.Series, second: pd.Series) -> str | None:
    """"dmy" or "mdy" as the values prove it, None without proof, "conflict" with both.

    Examples
    --------
    >>> day_month_order(pd.Series([1, 13]), pd.Series([2, 1]))
    'dmy'
    >>> day_month_order(pd.Series([1, 13]), pd.Series([13, 1]))
    'conflict'
    """
    day_first = ((first > 12) & (second <= 12)).any()
    month_first = ((second > 12) & (first <= 12)).any()
    if day_first and month_first:
        return "conflict"
    return "dmy" if day_first else "mdy" if month_first else None


def _assemble(year: pd.Series, month: pd.Series, day: pd.Series, time: pd.Series
              ) -> pd.Series:
    parts = pd.DataFrame({"year": year, "month": month, "day": day})
    dates = pd.to_datetime(parts, errors="coerce")
    clock = pd.to_timedelta(time.where(time.notna() & ~time.str.contains(r"[AaPp]", na=False))
                            .fillna("0:00").str.replace(r"^(\d+:\d+)$", r"\1:00", regex=True),
                            errors="coerce")
    with_meridiem = pd.to_datetime(time.where(time.str.contains(r"[AaPp]", na=False)),
                                   errors="coerce", format="mixed")
    clock = clock.where(with_meridiem.isna(), with_meridiem - with_meridiem.dt.normalize())
    return dates + clock.fillna(pd.Timedelta(0))


def read_text_dates(texts: pd.Series, order: str = "auto") -> TextDates:
    """Dates of a column's text values (one value per element, as distinct as the caller
    likes: the order is decided over all of them together).

    Examples
    --------
    >>> read = read_text_dates(pd.Series(["05.01.2024", "13/01/2024", "2024年1月6日"]))
    >>> read.dates.dt.strftime("%d %b").tolist()
    ['05 Jan', '13 Jan', '06 Jan']
    >>> read_text_dates(pd.Series(["01/02/2024 14:30"]), "mdy").dates.tolist()
    [Timestamp('2024-01-02 14:30:00')]
    """
    texts = texts.astype(str)
    dates = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns]")
    reasons = pd.Series("", index=texts.index, dtype=object)
    year_first = texts.str.extract(_YEAR_FIRST)
    found = year_first["y"].notna()
    if found.any():
        part = year_first[found]
        dates[found] = _assemble(part["y"].astype(int), part["m"].astype(int),
                                 part["d"].astype(int), part["time"])
    two_first = texts[~found].str.extract(_TWO_FIRST)
    two = two_first["a"].notna().reindex(texts.index, fill_value=False)
    if two.any():
        part = two_first[two_first["a"].notna()]
        a, b = part["a"].astype(int), part["b"].astype(int)
        year = part["y"].astype(int)
        year = year.where(year >= 100, year + 2000)
        chosen = order if order in ("dmy", "mdy") else day_month_order(a, b) or "dmy"
        if chosen == "conflict":
            reasons[two] = ("the column holds dates day first (13/01) and month first (01/13): "
                            "set date_order to dmy or mdy")
        else:
            day, month = (a, b) if chosen == "dmy" else (b, a)
            dates[two] = _assemble(year, month, day, part["time"])
    rest = ~found & ~two & texts.str.strip().ne("")
    if rest.any():  # "Jan 5, 2024", "5 January 2024 10:00" and the like
        dates[rest] = pd.to_datetime(texts[rest], errors="coerce", format="mixed",
                                     dayfirst=order != "mdy")
    return TextDates(dates, reasons.where(dates.isna(), ""))


def is_text(values: pd.Series) -> np.ndarray:
    """Which values are text (the others are datetimes or numbers from the cells)."""
    return np.fromiter((isinstance(value, str) for value in values), bool, len(values))
