"""The loader: reads every table and article, checks each row, keeps the good rows and reports the rest.

`load()` is what both `figures check` and the dashboard use, so the dashboard shows exactly the rows
`check` accepts. Nothing here raises on bad data: every bad row or file becomes a `Problem` and the
remaining rows still load. The module is pure (no Streamlit) and vectorised: it must check a million
figures in well under a minute.

Column conventions of the frames returned (the pages rely on them):
- text columns are pandas `str` dtype with "" for an empty cell, never NaN, so `df.city == "Mosul"` and
  `df.notes != ""` need no NaN handling;
- `value`, `low`, `high` are float64, NaN when empty (an open side of an interval);
- every frame has `source_file` (path relative to the repository, or to FIGURES_ROOT) and `source_line`
  (the line of the row in that CSV, 1 = header), so any row can be traced back.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from figures.rules import dates
from figures.rules.bounds import BOUND_RULES, RULES_BY_BOUND, VAGUE_AMOUNTS, derived_interval, vague_interval
from figures.rules.numbers import values_in
from figures.rules.problems import Problem
from figures.rules.schema import FIGURE_SCHEMA, ISO_DATE, SLUG, TABLES, THEMES, Table
from figures.tables.layout import Layout
from figures.tables.layout import layout as default_layout

NUMBER_COLUMNS: tuple[str, ...] = ("value", "low", "high")
QUANTITY_COLUMNS: tuple[str, ...] = (
    "label",
    "metric",
    "unit",
    "city",
    "place",
    "kind",
    "scope",
    "definition",
)
ARTICLE_COLUMNS: tuple[str, ...] = (
    "file",
    "title",
    "outlet",
    "author",
    "published",
    "published_basis",
    "url",
    "url_basis",
    "genre",
    "article_notes",
)
FIGURE_COLUMNS: list[str] = [
    *FIGURE_SCHEMA.columns,
    "theme",
    "source_file",
    "source_line",
    *QUANTITY_COLUMNS,
    *ARTICLE_COLUMNS,
]


@dataclass
class Loaded:
    """Everything the dashboard and `check` need; only rows that pass every rule."""

    figures: pd.DataFrame  # FIGURE_COLUMNS: the four figure tables, joined to quantity and article
    quantities: pd.DataFrame
    articles: pd.DataFrame
    excluded: pd.DataFrame
    texts: dict[str, str]  # article_id -> article text, for every good article
    problems: list[Problem]  # every rejected row and file problem, sorted by path and line
    rows_read: dict[str, int] = field(default_factory=dict)  # table name -> data rows read (good or bad)


# ---------------------------------------------------------------------------------------------- reading


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _empty(columns: Iterable[str]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})
    frame["source_line"] = pd.Series([], dtype="int64")
    return frame


_BLANK = re.compile(rb"\s*")


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


_ESCAPED = re.compile("[\udc80-\udcff]+")  # undecodable bytes, as surrogateescape keeps them


def _decode(raw: bytes, rel: str, problems: list[Problem]) -> tuple[str, set[int]]:
    """UTF-8 text, and the lines holding undecodable bytes: each is reported, its bytes become U+FFFD."""
    try:
        return raw.decode("utf-8"), set()
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="surrogateescape")
    bad_lines: set[int] = set()
    line, counted = 1, 0
    for match in _ESCAPED.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if line not in bad_lines:
            bad_lines.add(line)
            found = match.group().encode("utf-8", errors="surrogateescape")
            problems.append(Problem(rel, line, "", f"not UTF-8: undecodable byte(s) {found!r}"))
    return _ESCAPED.sub("\ufffd", text), bad_lines


def _header(raw: bytes) -> list[str]:
    end = raw.find(b"\n")
    first = (raw if end < 0 else raw[:end]).decode("utf-8", errors="replace")
    return next(csv.reader([first.rstrip("\r")]), [])


def _fast_read(raw: bytes, header: list[str]) -> pd.DataFrame | None:
    """pyarrow's reader, for the common case of a regular file; None when the file needs the careful path.

    pyarrow refuses ragged rows, invalid UTF-8 and (as pandas calls it) newlines inside quoted fields,
    and skips blank lines; a line count that does not match the rows read sends such files to `_slow_read`.
    """
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if len(set(header)) != len(header) or raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype="str", keep_default_na=False, engine="pyarrow")
    except Exception:  # any parse trouble: the careful reader will say exactly what and where
        return None
    if list(frame.columns) != header or len(frame) != lines - 1:
        return None
    frame["source_line"] = np.arange(2, len(frame) + 2, dtype="int64")
    return frame


def _slow_read(
    text: str, header: list[str], rel: str, problems: list[Problem], bad_lines: set[int]
) -> pd.DataFrame:
    """The csv module, row by row: exact line numbers even with quoted newlines. Ragged rows are reported
    and left out, and so are rows on `bad_lines` (undecodable, reported already)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    rows: list[list[str]] = []
    starts: list[int] = []
    previous_end = reader.line_num
    for row in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if not row:
            continue  # a blank line
        if bad_lines and any(line in bad_lines for line in range(start, previous_end + 1)):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(rel, start, "", f"expected {len(header)} fields as in the header, found {len(row)}")
            )
            continue
        rows.append(row)
        starts.append(start)
    frame = (
        pd.DataFrame(rows, columns=header, dtype="str")
        if rows
        else _empty(header).drop(columns="source_line")
    )
    frame = frame.astype("str")
    frame["source_line"] = np.asarray(starts, dtype="int64")
    return frame


def read_table(path: Path, table: Table, rel: str) -> tuple[pd.DataFrame, list[Problem]]:
    """One CSV as strings in the table's column order, plus `source_line`; problems never raise.

    A missing or empty file gives an empty frame. Unexpected columns are reported and dropped; missing
    optional columns are reported and read as empty; a missing required column rejects the whole file.
    """
    problems: list[Problem] = []
    columns = table.columns
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _empty(columns), [Problem(rel, 0, "", "file not found")]
    except OSError as err:
        return _empty(columns), [Problem(rel, 0, "", f"cannot read: {err.strerror}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if _BLANK.fullmatch(raw):
        return _empty(columns), [Problem(rel, 0, "", "empty file: expected a header line")]
    header = _header(raw)
    frame = _fast_read(raw, header)
    if frame is None:
        text, bad_lines = _decode(raw, rel, problems)
        header = next(csv.reader(io.StringIO(text, newline="")), [])
        frame = _slow_read(text, header, rel, problems, bad_lines)

    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(rel, 1, name, "column appears twice in the header"))
        seen.add(name)
    unexpected = [c for c in dict.fromkeys(header) if c not in columns]
    for name in unexpected:
        problems.append(Problem(rel, 1, name, f"unexpected column (expected: {', '.join(columns)})"))
    missing = [c for c in columns if c not in seen]
    required = {c for c in missing if table.schema.columns[c].metadata.get("required")}
    for name in missing:
        kind = "required column" if name in required else "column"
        problems.append(Problem(rel, 1, name, f"missing {kind}"))
    if required:
        return _empty(columns), problems
    if not missing and not unexpected and len(seen) == len(header) and header != columns:
        problems.append(Problem(rel, 1, "", f"columns out of order (expected: {', '.join(columns)})"))
    frame = frame.loc[:, ~frame.columns.duplicated()]
    for name in missing:
        frame[name] = ""
    frame = frame[[*columns, "source_line"]].reset_index(drop=True)
    return frame, problems


# ------------------------------------------------------------------------------------------- row checks

Messages = str | Callable[[np.ndarray], Iterable[str]]
_FREE_TEXT = frozenset({"quote"})  # distinct in (almost) every row: interning its values would only cost time


class _Rows:
    """One table's rows under check: which are rejected so far, and the problems found."""

    def __init__(self, frame: pd.DataFrame, paths: pd.Series | str) -> None:
        self.frame = frame.reset_index(drop=True)
        self.paths = paths
        self.bad = np.zeros(len(self.frame), dtype=bool)
        self.problems: list[Problem] = []
        self._flagged: dict[str, np.ndarray] = {}  # column -> rows already reported for it
        self._arrays: dict[str, np.ndarray] = {}

    def flag(self, mask: pd.Series | np.ndarray, column: str, message: Messages) -> None:
        """Reject the rows in `mask`; `message` is one text, or positions -> one text per position.

        Messages are built only for the flagged rows: on a million good rows this costs nothing.
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        self.bad |= mask
        self._flagged[column] = self._flagged.get(column, False) | mask
        positions = np.flatnonzero(mask)
        lines = self.frame["source_line"].to_numpy()[positions]
        paths = (
            [self.paths] * len(positions) if isinstance(self.paths, str) else self.paths.to_numpy()[positions]
        )
        texts = [message] * len(positions) if isinstance(message, str) else list(message(positions))
        self.problems.extend(
            Problem(str(p), int(n), column, str(t)) for p, n, t in zip(paths, lines, texts, strict=True)
        )

    def column(self, name: str) -> np.ndarray:
        """A column as a NumPy array (object for text), converted once: Arrow-backed `str` columns are
        slow to index row by row."""
        cached = self._arrays.get(name)
        if cached is None:
            series = self.frame[name]
            if series.dtype != "str":
                cached = series.to_numpy()
            elif name in _FREE_TEXT:
                cached = series.to_numpy(dtype=object)
            else:
                # one Python str per distinct value, not per row: ~8 MB instead of ~100 MB a column at
                # a million figures, whose ids, bounds and dates repeat
                codes, values = pd.factorize(series, use_na_sentinel=False)
                cached = np.asarray(values, dtype=object)[codes]
            self._arrays[name] = cached
        return cached

    def ok(self, *columns: str) -> np.ndarray:
        """Rows with no problem reported so far in any of `columns` (the inputs of the next rule)."""
        mask = np.ones(len(self.frame), dtype=bool)
        for column in columns:
            if column in self._flagged:
                mask &= ~self._flagged[column]
        return mask

    def release(self) -> None:
        """Drop the NumPy copies of columns: at a million rows they hold hundreds of MB."""
        self._arrays.clear()

    def good(self) -> pd.DataFrame:
        return self.frame[~self.bad].reset_index(drop=True)


def _each(values: pd.Series, template: Callable[[object], str]) -> Callable[[np.ndarray], list[str]]:
    """Messages from each flagged row's value; the column is read only if some row is flagged."""
    return lambda positions: [template(v) for v in values.iloc[positions]]


def _check_message(check: str, case: object) -> str:
    if check == "not_nullable":
        return "required, but empty"
    if check.startswith("str_matches"):
        if check == f"str_matches('{SLUG}')":
            return f"{case!r} is not a slug (lower-case letters and digits joined by single hyphens)"
        if check == f"str_matches('{ISO_DATE}')":
            return f"{case!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)"
        return f"{case!r} does not match {check[len('str_matches') :]}"
    if check.startswith("isin("):
        allowed = check[len("isin(") : -1].strip("()").replace("'", "")
        return f"{case!r} is not one of {allowed}"
    if check.startswith("greater_than_or_equal_to"):
        return f"{case:g} is negative" if isinstance(case, float) else f"{case!r} is negative"
    return f"{case!r} fails {check}"


def _numbers(rows: _Rows) -> None:
    """Number columns as float (NaN when empty); anything else non-empty is reported and emptied."""
    frame = rows.frame
    for column in (c for c in NUMBER_COLUMNS if c in frame.columns):
        text = frame[column].str.strip()
        given = text != ""
        try:  # the common case, and three times faster than to_numeric on Arrow strings
            parsed = text.mask(~given).astype("float64")
        except (TypeError, ValueError):
            parsed = pd.to_numeric(text.mask(~given), errors="coerce").astype("float64")
        wrong = given & (parsed.isna() | ~np.isfinite(parsed.fillna(0.0)))
        rows.flag(wrong, column, _each(frame[column], lambda v: f"{v!r} is not a plain number"))
        frame[column] = parsed.where(~wrong)


def _schema_checks(rows: _Rows, table: Table) -> None:
    """The pandera schema (types, required, enums, patterns), lazily, mapped back to lines.

    Uniqueness is left out here and checked by `_unique`, which keeps the first of duplicate rows.
    """
    schema = _VALIDATION_SCHEMAS[table.name]
    frame = rows.frame[table.columns].copy()
    for column in table.columns:
        if column not in NUMBER_COLUMNS:
            frame[column] = frame[column].mask(frame[column] == "")
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        for (column, check), group in cases.groupby(["column", "check"], sort=False, dropna=False):
            group = group.dropna(subset=["index"])
            if group.empty:  # a whole-column failure: the reader reports those already
                continue
            index = group["index"].astype("int64").to_numpy()
            mask = np.zeros(len(frame), dtype=bool)
            mask[index] = True
            by_position = dict(zip(index, group["failure_case"].to_numpy(), strict=True))
            rows.flag(
                mask,
                str(column),
                lambda positions, check=str(check), cases=by_position: [
                    _check_message(check, cases[i]) for i in positions
                ],
            )


def _unique(rows: _Rows, columns: list[str], label: str) -> None:
    """Report every row whose `columns` repeat an earlier row's, naming where the first is; keep the first."""
    frame = rows.frame
    key = frame[columns]
    repeated = key.duplicated(keep="first").to_numpy()
    if not repeated.any():
        return
    repeated = repeated & (key != "").all(axis=1).to_numpy()  # an empty key is reported as required already
    if not repeated.any():
        return
    paths = (
        pd.Series(rows.paths, index=frame.index, dtype="str") if isinstance(rows.paths, str) else rows.paths
    )
    firsts = key.drop_duplicates(keep="first")
    first_at = firsts.assign(
        _at=paths.loc[firsts.index].astype(str) + ":" + frame.loc[firsts.index, "source_line"].astype(str)
    )
    located = key[repeated].merge(first_at, on=columns, how="left")["_at"].to_numpy()
    shown = key[repeated].astype(str).agg(" / ".join, axis=1).to_numpy()
    messages = [f"duplicate {label} {s!r} (first at {a})" for s, a in zip(shown, located, strict=True)]
    rows.flag(repeated, columns[-1], lambda positions: messages)


def _foreign(rows: _Rows, column: str, good: set[str], rejected: dict[str, str], what: str) -> None:
    values = rows.frame[column]
    unknown = (values != "") & ~values.isin(good)

    def message(value: object) -> str:
        if value in rejected:
            return f"{what} {value!r} was rejected (see {rejected[value]})"
        return f"unknown {what} {value!r}"

    rows.flag(unknown, column, _each(values, message))


def _occurrences(article_ids: np.ndarray, quotes: np.ndarray, texts: dict[str, str]) -> np.ndarray:
    """How often each row's quote occurs in its article's text (-1 when the text is unknown).

    One `str.count` per quote, grouped by article: each article text is looked up once.
    """
    counts = np.full(len(quotes), -1, dtype="int64")
    if len(quotes) == 0:
        return counts
    groups = pd.Series(article_ids).groupby(article_ids, sort=False).indices
    for article_id, positions in groups.items():
        text = texts.get(article_id)
        if text is not None:
            counts[positions] = [text.count(q) if q else 0 for q in quotes[positions]]
    return counts


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
_MONTH_LIKE = r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"


def _plainly_printed(quote: str, value: float) -> bool:
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
    result = np.array([not dated[i] and _plainly_printed(quotes[i], values[i]) for i in rows], dtype=bool)
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


def _figure_rules(rows: _Rows, texts: dict[str, str]) -> None:
    """DESIGN.md §1 and §3, per row: quote in article, number in quote, qualifier, bound and interval.

    Each rule runs only on rows whose inputs passed so far (`rows.ok`): one root cause, one problem.
    """
    frame = rows.frame
    quote = rows.column("quote")
    searchable = rows.ok("article_id", "quote")
    counts = _occurrences(np.where(searchable, rows.column("article_id"), ""), quote, texts)
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
    dated = frame["quote"].str.contains(_MONTH_LIKE, regex=True).fillna(False).to_numpy(dtype=bool)

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
    rows.flag(no_amount, "quote", f"a vague figure's quote needs a vague amount ({', '.join(VAGUE_AMOUNTS)})")

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
            _each(frame[column], lambda d: f"{d!r} is not a calendar date"),
        )
    start, end = rows.column("period_start"), rows.column("period_end")
    rows.flag(
        rows.ok("period_start", "period_end")
        & dates.out_of_order(frame["period_start"], frame["period_end"]),
        "period_start",
        lambda positions: [f"{start[i]} is after period_end {end[i]}" for i in positions],
    )


# ------------------------------------------------------------------------------------------------- load


def _no_unique(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    flags = {name: {"unique": False} for name, column in schema.columns.items() if column.unique}
    return schema.update_columns(flags) if flags else schema


_VALIDATION_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    name: _no_unique(t.schema) for name, t in TABLES.items()
}


def _unique_columns(table: Table) -> list[list[str]]:
    keys = [list(table.primary_key)]
    keys += [[name] for name, column in table.schema.columns.items() if column.unique and [name] not in keys]
    return keys


def _rejected_keys(rows: _Rows, column: str) -> dict[str, str]:
    """Keys of rejected rows that no good row has -> where that row is, so messages can point to it."""
    keys = rows.column(column)
    good = set(keys[~rows.bad])
    lines = rows.column("source_line")
    where: dict[str, str] = {}
    for i in np.flatnonzero(rows.bad):
        key = keys[i]
        if key and key not in good and key not in where:
            path = rows.paths if isinstance(rows.paths, str) else rows.paths.iloc[i]
            where[key] = f"{path}:{lines[i]}"
    return where


def _check_simple(frame: pd.DataFrame, table: Table, rel: str) -> _Rows:
    rows = _Rows(frame, rel)
    _numbers(rows)
    _schema_checks(rows, table)
    for key in _unique_columns(table):
        _unique(rows, key, "/".join(key))
    return rows


class _Reader:
    """Reads the tables of one layout, collecting file problems and row counts."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.base = Path(os.path.commonpath([layout.data_dir, layout.seeds_dir]))
        self.problems: list[Problem] = []
        self.rows_read: dict[str, int] = {}

    def rel(self, path: Path) -> str:
        return _relative(path, self.base)

    def read(self, name: str) -> tuple[pd.DataFrame, str]:
        path = self.layout.articles_csv if name == "articles" else self.layout.data_dir / f"{name}.csv"
        rel = self.rel(path)
        frame, found = read_table(path, TABLES[name], rel)
        self.problems.extend(found)
        self.rows_read[name] = len(frame)
        return frame, rel


def _articles(reader: _Reader) -> tuple[_Rows, dict[str, str]]:
    """Articles, each with its text: a missing or non-UTF-8 text rejects the article's row."""
    frame, rel = reader.read("articles")
    articles = _check_simple(frame, TABLES["articles"], rel)
    published = articles.frame["published"]
    articles.flag(
        dates.invalid(published) & published.str.fullmatch(ISO_DATE).fillna(False),
        "published",
        _each(published, lambda d: f"{d!r} is not a calendar date"),
    )
    seeds = reader.layout.seeds_dir
    texts: dict[str, str] = {}
    failed: dict[int, str] = {}  # row position -> why its text cannot be used
    ids, files = articles.column("article_id"), articles.column("file")
    for i in np.flatnonzero(~articles.bad):
        name = files[i]
        if Path(name).name != name or name in (".", ".."):
            failed[i] = f"{name!r} is not a file name in {reader.rel(seeds)}/"
            continue
        path = seeds / name
        try:
            raw = path.read_bytes()
        except OSError:
            failed[i] = f"article text {reader.rel(path)} not found"
            continue
        try:
            texts[ids[i]] = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = _line_of_offset(raw, err.start)
            failed[i] = f"article text {reader.rel(path)} is not UTF-8 (line {line})"
    mask = np.zeros(len(ids), dtype=bool)
    mask[list(failed)] = True
    articles.flag(mask, "file", lambda positions: [failed[i] for i in positions])
    return articles, texts


def _figures(reader: _Reader, articles: _Rows, quantities: _Rows, texts: dict[str, str]) -> _Rows:
    """The four theme tables checked as one, so figure_id is unique across all of them."""
    parts = []
    for theme in THEMES:
        frame, rel = reader.read(theme)
        frame.insert(len(FIGURE_SCHEMA.columns), "theme", theme)
        frame.insert(len(FIGURE_SCHEMA.columns) + 1, "source_file", rel)
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True)
    for column in ("theme", "source_file"):
        frame[column] = frame[column].astype("str")
    figures = _Rows(frame, frame["source_file"])
    _numbers(figures)
    _schema_checks(figures, TABLES[THEMES[0]])
    _unique(figures, ["figure_id"], "figure_id")
    good_quantities = quantities.frame[~quantities.bad]
    quantity_theme = dict(zip(good_quantities["quantity_id"], good_quantities["theme"], strict=True))
    _foreign(
        figures,
        "article_id",
        set(articles.frame["article_id"][~articles.bad]),
        _rejected_keys(articles, "article_id"),
        "article",
    )
    _foreign(
        figures, "quantity_id", set(quantity_theme), _rejected_keys(quantities, "quantity_id"), "quantity"
    )
    # Index lookup, not Series.map: map on a million Arrow strings takes seconds
    known = pd.Index(list(quantity_theme), dtype="str")
    where = known.get_indexer(figures.frame["quantity_id"])
    themes = np.array([*quantity_theme.values(), ""], dtype=object)
    theme_of = themes[where]  # -1, an unknown quantity, picks the trailing ""
    own = figures.column("theme")
    quantity_ids = figures.column("quantity_id")
    figures.flag(
        (theme_of != "") & (theme_of != own),
        "quantity_id",
        lambda positions: [
            f"quantity {quantity_ids[i]!r} has theme {theme_of[i]}: its figures belong in {theme_of[i]}.csv"
            for i in positions
        ],
    )
    _figure_rules(figures, texts)
    figures.release()
    return figures


def _excluded(reader: _Reader, articles: _Rows, texts: dict[str, str]) -> _Rows:
    """Numbers that are not figures: each in a known article, and found there at least once."""
    frame, rel = reader.read("excluded")
    excluded = _check_simple(frame, TABLES["excluded"], rel)
    _foreign(
        excluded,
        "article_id",
        set(articles.frame["article_id"][~articles.bad]),
        _rejected_keys(articles, "article_id"),
        "article",
    )
    searchable = excluded.ok("article_id", "quote")
    counts = _occurrences(
        np.where(searchable, excluded.column("article_id"), ""), excluded.column("quote"), texts
    )
    excluded.flag(counts == 0, "quote", "quote not found verbatim in the article text")
    return excluded


def load(layout: Layout | None = None, *, compact: bool = False) -> Loaded:
    """Read, check and join every table of `layout` (default: the repository, or FIGURES_ROOT).

    Never raises on bad data: rejected rows and file problems are in `problems`, the rest loads.
    `compact` joins the quantity and article columns as categoricals, not `str`: a few thousand values
    repeated over a million figures then take ~20 MB instead of ~1 GB (the dashboard's choice).
    """
    reader = _Reader(layout or default_layout())
    articles, texts = _articles(reader)
    frame, rel = reader.read("quantities")
    quantities = _check_simple(frame, TABLES["quantities"], rel)
    figures = _figures(reader, articles, quantities, texts)
    excluded = _excluded(reader, articles, texts)

    good_articles = _finish(articles)
    good_quantities = _finish(quantities)
    quantity_columns = good_quantities[["quantity_id", *QUANTITY_COLUMNS]]
    article_columns = good_articles.rename(columns={"notes": "article_notes"})
    article_columns = article_columns[["article_id", *ARTICLE_COLUMNS]]
    if compact:
        quantity_columns = quantity_columns.astype(dict.fromkeys(QUANTITY_COLUMNS, "category"))
        article_columns = article_columns.astype(dict.fromkeys(ARTICLE_COLUMNS, "category"))
    joined = _finish(figures).merge(quantity_columns, on="quantity_id", how="left", validate="m:1")
    joined = joined.merge(article_columns, on="article_id", how="left", validate="m:1")
    problems = (
        reader.problems + articles.problems + quantities.problems + figures.problems + excluded.problems
    )
    good_ids = set(good_articles["article_id"])
    return Loaded(
        figures=joined[FIGURE_COLUMNS],
        quantities=good_quantities,
        articles=good_articles,
        excluded=_finish(excluded),
        texts={a: t for a, t in texts.items() if a in good_ids},
        problems=sorted(problems),
        rows_read=reader.rows_read,
    )


def _finish(rows: _Rows) -> pd.DataFrame:
    """The good rows, with `source_file` (unless the frame has it) and "" for every empty text cell."""
    frame = rows.good()
    if "source_file" not in frame.columns:
        frame.insert(len(frame.columns) - 1, "source_file", rows.paths)
    for column in frame.columns:
        if frame[column].dtype == "str" or frame[column].dtype == object:
            frame[column] = frame[column].fillna("").astype("str")
    return frame
