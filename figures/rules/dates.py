"""ISO 8601 dates cut to the known precision (`2017`, `2017-03`, `2017-03-17`): validity, order, and
the span of days each may mean.

`invalid` and `out_of_order` are vectorised over pandas Series because `figures check` runs over a
million figures.
"""

import re
from dataclasses import dataclass

import pandas as pd

from figures.rules.schema import ISO_DATE


def invalid(dates: pd.Series) -> pd.Series:
    """True where a non-empty value is not a calendar-valid ISO date at year, month or day precision."""
    text = dates.fillna("").astype(str)
    filled = text != ""
    shaped = text.str.fullmatch(ISO_DATE).fillna(False).astype(bool)
    # the pattern lets 2017-02-30 through: only a real calendar says which days exist
    days = shaped & (text.str.len() == 10)
    calendar_ok = pd.Series(True, index=dates.index)
    if days.any():
        parsed = pd.to_datetime(text[days], format="%Y-%m-%d", errors="coerce")
        calendar_ok[days] = parsed.notna()
    return filled & ~(shaped & calendar_ok)


def out_of_order(start: pd.Series, end: pd.Series) -> pd.Series:
    """True where both dates are given and `start` certainly falls after `end`.

    Dates of different precision are compared on their common precision: `2017-03` and `2017` are in
    order (March 2017 may be all of the period), `2017-04` and `2017-03-31` are not.
    """
    start = start.fillna("").astype(str)
    end = end.fillna("").astype(str)
    both = (start != "") & (end != "")
    width = pd.concat([start.str.len(), end.str.len()], axis=1).min(axis=1)
    result = pd.Series(False, index=start.index)
    for n in (4, 7, 10):
        rows = both & (width == n)
        if rows.any():
            result[rows] = start[rows].str.slice(0, n) > end[rows].str.slice(0, n)
    return result


@dataclass(frozen=True)
class DateSpan:
    """An ISO 8601 date cut to its known precision, as the span of days it may mean."""

    text: str
    start: pd.Timestamp
    end: pd.Timestamp  # the last day the date may mean (inclusive)
    precision: str  # "day", "month" or "year"


_PARTS = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def span(text: str) -> DateSpan | None:
    """'2016-12' -> the whole of December 2016; None when empty or not an ISO date."""
    match = _PARTS.fullmatch((text or "").strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            start = pd.Timestamp(int(year), int(month), int(day))
            return DateSpan(match.group(0), start, start, "day")
        if month:
            start = pd.Timestamp(int(year), int(month), 1)
            return DateSpan(match.group(0), start, start + pd.offsets.MonthEnd(0), "month")
        start = pd.Timestamp(int(year), 1, 1)
        return DateSpan(match.group(0), start, pd.Timestamp(int(year), 12, 31), "year")
    except ValueError:  # 2017-02-30: no such day
        return None
