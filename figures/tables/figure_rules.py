"""The figure rules (what a figure is, and the bound rule table): the quote is in its article, the number
is printed in the quote, the qualifier matches the bound, low and high follow from value and bound, and
the period is a real, ordered pair of dates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np

from figures.rules import dates
from figures.rules.bounds import BOUND_RULES, RULES_BY_BOUND, derived_interval, vague_interval
from figures.rules.numbers import values_in
from figures.tables.rows import Rows, each_message, occurrences

# A plain digit number ("2,400", "17", "3.5") that figures.rules.numbers reads as itself: not glued to
# letters, hyphens, slashes, currency signs or other digits, and not followed by a scale word ("1.2 million").
_NOT_BEFORE = frozenset("_.,-–—/$£€\u00a0\u202f\u2009")
_NOT_AFTER = re.compile(
    r"[\w\-–—/\u00a0\u202f\u2009]|[.,]\d|\s+(?i:million|billion|trillion|thousand|hundred|dozen|bn|m|k)(?![^\W\d_])"
)
_PLAIN_DIGITS = re.compile(r"(?<![\w.,\-–—/$£€\u00a0\u202f\u2009])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# Dates ("March 17", "15 November") make digits a day, not an amount: quotes that may name a month take the
# careful path. Deliberately loose ("market" matches too): it only decides which path a row takes. RE2
# syntax, because pandas runs it over every quote at once through pyarrow.
MONTH_LIKE = r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"


def plainly_printed(quote: str, value: float) -> bool:
    """Whether `value` is printed in `quote` as plain digits, "2,400" or "2400" (no date in the quote)."""
    if value.is_integer() and 0 <= value < 1e15:
        number = int(value)
        for digits in (f"{number:,}", str(number)) if number >= 1000 else (str(number),):
            start = quote.find(digits)
            while start >= 0:
                before = quote[start - 1] if start else " "
                if not (before.isalnum() or before in _NOT_BEFORE) and not _NOT_AFTER.match(
                    quote, start + len(digits)
                ):
                    return True
                start = quote.find(digits, start + 1)
        return False
    return any(
        float(m.group().replace(",", "")) == value and not _NOT_AFTER.match(quote, m.end())
        for m in _PLAIN_DIGITS.finditer(quote)
    )


def _printed_values(
    quotes: np.ndarray, values: np.ndarray, rows: np.ndarray, dated: np.ndarray
) -> np.ndarray:
    """For each row in `rows`: is `values[i]` among the numbers figures.rules.numbers reads in `quotes[i]`?

    A fast pass accepts plain digits in a quote without a month name (`dated`); every other row is read
    by figures.rules.numbers.values_in (about 50 µs a quote, too slow for a million rows on its own). The fast
    pass only ever says yes where values_in would (tests/test_check.py holds it to that).
    """
    result = np.array([not dated[i] and plainly_printed(quotes[i], values[i]) for i in rows], dtype=bool)
    careful = np.flatnonzero(~result)
    if len(careful):
        for k in careful:
            i = rows[k]
            result[k] = any(math.isclose(values[i], v, rel_tol=1e-9) for v in values_in(quotes[i]))
    return result


def _same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Element-wise equality where NaN equals NaN (an open side matches an open side)."""
    return (np.isnan(a) & np.isnan(b)) | np.isclose(a, b, rtol=1e-9, atol=0)


def _fmt(x: float) -> str:
    return "empty" if math.isnan(x) else f"{x:,.15g}".replace(",", "")


def _expected_interval(
    bound: np.ndarray, value: np.ndarray, quote: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """figures.rules.bounds.derived_interval for every row: vectorised per bound (it is linear in value), per
    quote for vague amounts. Ranges and unknown bounds give NaN (their low/high are checked otherwise)."""
    low = np.full(len(bound), np.nan)
    high = np.full(len(bound), np.nan)
    for name in RULES_BY_BOUND:
        rows = bound == name
        if not rows.any() or name == "range":
            continue
        if name == "vague":
            for i in np.flatnonzero(rows):
                low[i], high[i] = derived_interval(math.nan, name, quote[i])
        else:
            lo, hi = derived_interval(value[rows], name)
            low[rows], high[rows] = lo, hi
    return low, high


def check_figure_rules(rows: Rows, texts: dict[str, str]) -> None:
    """Per row: quote in article, number in quote, qualifier, bound and interval, period.

    Each rule runs only on rows whose inputs passed so far (`rows.ok`): one root cause, one problem.
    """
    frame = rows.frame
    quote = rows.column("quote")
    searchable = rows.ok("article_id", "quote")
    counts = occurrences(np.where(searchable, rows.column("article_id"), ""), quote, texts)
    rows.flag(counts == 0, "quote", "quote not found verbatim in the article text")
    rows.flag(
        counts > 1,
        "quote",
        lambda positions: [
            f"quote occurs {counts[i]} times in the article: lengthen it until it is unique"
            for i in positions
        ],
    )

    bound = rows.column("bound")
    qualifier = rows.column("qualifier")
    value = frame["value"].to_numpy(dtype="float64")
    low = frame["low"].to_numpy(dtype="float64")
    high = frame["high"].to_numpy(dtype="float64")
    vague = bound == "vague"
    ranged = bound == "range"
    dated = frame["quote"].str.contains(MONTH_LIKE, regex=True).fillna(False).to_numpy(dtype=bool)

    # the number, printed in the quote
    checkable = rows.ok("bound", "value", "quote")
    rows.flag(checkable & ~vague & ~ranged & np.isnan(value), "value", "required for this bound, but empty")
    rows.flag(
        checkable & vague & ~np.isnan(value),
        "value",
        "must be empty for a vague amount (low and high carry it)",
    )
    given = np.flatnonzero(rows.ok("bound", "value", "quote") & ~np.isnan(value))

    def unprinted(numbers: np.ndarray, positions: np.ndarray) -> np.ndarray:
        mask = np.zeros(len(frame), dtype=bool)
        mask[positions] = ~_printed_values(quote, numbers, positions, dated)
        return mask

    def not_among(numbers: np.ndarray) -> Callable[[np.ndarray], list[str]]:
        return lambda positions: [
            f"{_fmt(numbers[i])} is not among the numbers in the quote "
            f"({', '.join(_fmt(v) for v in values_in(quote[i])) or 'none'})"
            for i in positions
        ]

    rows.flag(unprinted(value, given), "value", not_among(value))
    vague_rows = np.flatnonzero(checkable & vague)
    no_amount = np.zeros(len(frame), dtype=bool)
    no_amount[vague_rows] = [vague_interval(quote[i]) is None for i in vague_rows]
    rows.flag(no_amount, "quote", "a vague figure's quote needs a vague amount (see the About page's table)")

    # the qualifier: printed in the quote, and one of its bound's words
    hedged = np.flatnonzero(rows.ok("bound", "qualifier", "quote") & (qualifier != ""))
    absent = np.zeros(len(frame), dtype=bool)
    absent[hedged] = [qualifier[i] not in quote[i] for i in hedged]
    rows.flag(absent, "qualifier", "qualifier not found verbatim in the quote")
    foreign = np.zeros(len(frame), dtype=bool)
    foreign[hedged] = [qualifier[i].lower() not in RULES_BY_BOUND[bound[i]].qualifiers for i in hedged]

    def foreign_message(i: int) -> str:
        words = RULES_BY_BOUND[bound[i]].qualifiers
        allowed = f" ({', '.join(words)})" if words else ": exact takes no qualifier"
        return f"{qualifier[i]!r} is not a qualifier of bound {bound[i]}{allowed}"

    rows.flag(foreign & ~absent, "qualifier", lambda positions: [foreign_message(i) for i in positions])
    needs_words = rows.ok("bound", "qualifier") & (qualifier == "")
    needs_words &= np.isin(
        bound, [r.bound for r in BOUND_RULES if r.bound not in ("exact", "range", "vague")]
    )
    rows.flag(
        needs_words,
        "qualifier",
        lambda positions: [f"bound {bound[i]} needs its qualifier words, but it is empty" for i in positions],
    )

    # the interval: a range as printed, everything else derived from value and bound
    interval = rows.ok("bound", "value", "low", "high", "quote")
    rows.flag(interval & ranged & np.isnan(low), "low", "a range needs both low and high: low is empty")
    rows.flag(interval & ranged & np.isnan(high), "high", "a range needs both low and high: high is empty")
    interval = rows.ok("bound", "value", "low", "high", "quote")
    rows.flag(
        interval & (low > high),
        "low",
        lambda positions: [f"low {_fmt(low[i])} is above high {_fmt(high[i])}" for i in positions],
    )
    ends = np.flatnonzero(rows.ok("bound", "value", "low", "high", "quote") & ranged)
    rows.flag(unprinted(low, ends), "low", not_among(low))
    rows.flag(unprinted(high, ends), "high", not_among(high))

    derived = rows.ok("bound", "value", "low", "high", "quote") & ~ranged & (~np.isnan(value) | vague)
    expected_low, expected_high = _expected_interval(bound, value, quote)
    for column, got, expected in (("low", low, expected_low), ("high", high, expected_high)):
        rows.flag(
            derived & ~_same(got, expected),
            column,
            lambda positions, got=got, expected=expected: [
                f"{_fmt(got[i])} disagrees with bound {bound[i]}: expected {_fmt(expected[i])}"
                for i in positions
            ],
        )

    # the period
    for column in ("period_start", "period_end"):
        rows.flag(
            rows.ok(column) & dates.invalid(frame[column]),
            column,
            each_message(frame[column], lambda d: f"{d!r} is not a calendar date"),
        )
    start, end = rows.column("period_start"), rows.column("period_end")
    rows.flag(
        rows.ok("period_start", "period_end")
        & dates.out_of_order(frame["period_start"], frame["period_end"]),
        "period_start",
        lambda positions: [f"{start[i]} is after period_end {end[i]}" for i in positions],
    )
