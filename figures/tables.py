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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from figures import dates
from figures.bounds import RULES_BY_BOUND, VAGUE_AMOUNTS, derived_interval, vague_interval
from figures.paths import Layout, layout as default_layout
from figures.problems import Problem
from figures.schema import FIGURE_FILES, ISO_DATE, SLUG, TABLES, THEMES, Table

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
    *TABLES["casualties"].columns,
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


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _decode(raw: bytes, rel: str, problems: list[Problem]) -> str:
    """UTF-8 text; each undecodable stretch is reported with its line and replaced by U+FFFD."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    reported: set[int] = set()
    start = 0
    while True:
        try:
            raw[start:].decode("utf-8")
            break
        except UnicodeDecodeError as err:
            line = _line_of_offset(raw, start + err.start)
            if line not in reported:
                reported.add(line)
                problems.append(
                    Problem(rel, line, "", f"not UTF-8: undecodable byte(s) {raw[start + err.start:start + err.end]!r}")
                )
            start += err.end
    return raw.decode("utf-8", errors="replace")


def _header(raw: bytes) -> list[str]:
    first = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    return next(csv.reader([first.rstrip("\r")]), [])


def _fast_read(raw: bytes, header: list[str]) -> pd.DataFrame | None:
    """pyarrow's reader, for the common case of a regular file; None when the file needs the careful path.

    pyarrow refuses ragged rows, invalid UTF-8 and (as pandas calls it) newlines inside quoted fields,
    and skips blank lines; a line count that does not match the rows read sends such files to `_slow_read`.
    """
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if len(set(header)) != len(header) or b"\r" in raw.replace(b"\r\n", b""):
        return None
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype="str", keep_default_na=False, engine="pyarrow")
    except Exception:  # any parse trouble: the careful reader will say exactly what and where
        return None
    if list(frame.columns) != header or len(frame) != lines - 1:
        return None
    frame["source_line"] = np.arange(2, len(frame) + 2, dtype="int64")
    return frame


def _slow_read(text: str, header: list[str], rel: str, problems: list[Problem]) -> pd.DataFrame:
    """The csv module, row by row: exact line numbers even with quoted newlines; ragged rows reported."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    rows: list[list[str]] = []
    starts: list[int] = []
    previous_end = reader.line_num
    for row in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if not row or row == [""] * len(row) and len(row) <= 1:
            continue  # a blank line
        if len(row) != len(header):
            problems.append(
                Problem(rel, start, "", f"expected {len(header)} fields as in the header, found {len(row)}")
            )
            continue
        rows.append(row)
        starts.append(start)
    frame = pd.DataFrame(rows, columns=header, dtype="str") if rows else _empty(header).drop(columns="source_line")
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
    if not raw.strip():
        return _empty(columns), [Problem(rel, 0, "", "empty file: expected a header line")]
    header = _header(raw)
    frame = _fast_read(raw, header)
    if frame is None:
        text = _decode(raw, rel, problems)
        header = next(csv.reader(io.StringIO(text, newline="")), [])
        frame = _slow_read(text, header, rel, problems)

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
    if not missing and not unexpected and header != columns:
        problems.append(Problem(rel, 1, "", f"columns out of order (expected: {', '.join(columns)})"))
    frame = frame.loc[:, ~frame.columns.duplicated()]
    for name in missing:
        frame[name] = ""
    frame = frame[[*columns, "source_line"]].reset_index(drop=True)
    return frame, problems


# ------------------------------------------------------------------------------------------- row checks


class _Rows:
    """One table's rows under check: which are rejected so far, and the problems found."""

    def __init__(self, frame: pd.DataFrame, paths: pd.Series | str) -> None:
        self.frame = frame.reset_index(drop=True)
        self.paths = paths
        self.bad = np.zeros(len(self.frame), dtype=bool)
        self.problems: list[Problem] = []

    def flag(self, mask: pd.Series | np.ndarray, column: str, message: str | pd.Series | Callable) -> None:
        """Reject the rows in `mask`; `message` is one text, a Series of texts, or row -> text."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        self.bad |= mask
        positions = np.flatnonzero(mask)
        lines = self.frame["source_line"].to_numpy()[positions]
        paths = (
            [self.paths] * len(positions)
            if isinstance(self.paths, str)
            else self.paths.to_numpy()[positions]
        )
        if isinstance(message, str):
            texts: Iterable[str] = [message] * len(positions)
        elif isinstance(message, pd.Series):
            texts = message.to_numpy()[positions] if len(message) == len(mask) else message
        else:
            rows = self.frame.iloc[positions]
            texts = [message(row) for row in rows.itertuples(index=False)]
        self.problems.extend(
            Problem(str(p), int(n), column, str(t)) for p, n, t in zip(paths, lines, texts, strict=True)
        )

    def good(self) -> pd.DataFrame:
        return self.frame[~self.bad].reset_index(drop=True)


def _check_message(check: str, column: str, case: object) -> str:
    if check == "not_nullable":
        return "required, but empty"
    if check.startswith("str_matches"):
        if SLUG in check:
            return f"{case!r} is not a slug (lower-case letters and digits joined by single hyphens)"
        if ISO_DATE.replace("\\", "") in check.replace("\\", ""):
            return f"{case!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)"
        return f"{case!r} does not match {check[len('str_matches') :]}"
    if check.startswith("isin"):
        allowed = check[len("isin(") : -1]
        return f"{case!r} is not one of {allowed.strip('()').replace(chr(39), '')}"
    if check.startswith("greater_than_or_equal_to"):
        return f"{case} is negative"
    return f"{case!r} fails {check}"


def _numbers(rows: _Rows) -> pd.DataFrame:
    """Number columns as float (NaN when empty); anything else non-empty is reported."""
    frame = rows.frame
    for column in NUMBER_COLUMNS:
        if column not in frame.columns:
            continue
        text = frame[column].str.strip()
        parsed = pd.to_numeric(text.mask(text == ""), errors="coerce").astype("float64")
        wrong = (text != "") & ~np.isfinite(parsed.fillna(0))
        wrong |= (text != "") & parsed.isna()
        rows.flag(wrong, column, frame[column].map(lambda v: f"{v!r} is not a plain number"))
        frame[column] = parsed.where(~wrong)
    return frame


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
            index = group["index"].dropna().astype("int64").to_numpy()
            if len(index) == 0:  # a whole-column failure: the reader reports those already
                continue
            mask = np.zeros(len(frame), dtype=bool)
            mask[index] = True
            messages = pd.Series("", index=range(len(frame)), dtype="str")
            messages.iloc[index] = [
                _check_message(str(check), str(column), case) for case in group["failure_case"].to_numpy()
            ]
            rows.flag(mask, str(column), messages)


def _unique(rows: _Rows, columns: list[str], label: str, paths: pd.Series | None = None) -> None:
    """Report every row whose `columns` repeat an earlier row's (both lines named); keep the first."""
    frame = rows.frame
    key = frame[columns]
    if len(columns) == 1 and (key.iloc[:, 0] == "").all():
        return
    repeated = key.duplicated(keep="first").to_numpy()
    if not repeated.any():
        return
    firsts = key.drop_duplicates(keep="first")
    where = paths if paths is not None else pd.Series(rows.paths, index=frame.index)
    first_at = pd.DataFrame(
        {"at": where.loc[firsts.index].astype(str) + ":" + frame.loc[firsts.index, "source_line"].astype(str)}
    )
    first_at[columns] = firsts
    located = key[repeated].merge(first_at, on=columns, how="left")
    shown = key[repeated].astype(str).agg(" / ".join, axis=1).to_numpy()
    messages = [f"duplicate {label} {s!r} (first at {a})" for s, a in zip(shown, located["at"], strict=True)]
    rows.flag(repeated, columns[-1] if len(columns) > 1 else columns[0], pd.Series(messages))


def _foreign(rows: _Rows, column: str, good: set[str], rejected: dict[str, str], what: str) -> None:
    values = rows.frame[column]
    unknown = (values != "") & ~values.isin(good)
    if unknown.any():
        rows.flag(
            unknown,
            column,
            values.map(
                lambda v: f"{what} {v!r} was rejected (see {rejected[v]})"
                if v in rejected
                else f"unknown {what} {v!r}"
            ),
        )


def _occurrences(frame: pd.DataFrame, texts: dict[str, str]) -> np.ndarray:
    """How often each row's quote occurs in its article's text (-1 when the text is unknown)."""
    counts = np.full(len(frame), -1, dtype="int64")
    if frame.empty:
        return counts
    for article_id, positions in frame.groupby("article_id", sort=False).indices.items():
        text = texts.get(article_id)
        if text is None:
            continue
        quotes = frame["quote"].to_numpy()[positions]
        counts[positions] = [text.count(q) if q else 0 for q in quotes]
    return counts


def _values_in() -> Callable[[str], list[float]]:
    try:
        from figures.numbers import values_in
    except ImportError:  # the number reader is written alongside; until then, digits only
        import re

        digits = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")

        def values_in(text: str) -> list[float]:
            return [float(m.group().replace(",", "")) for m in digits.finditer(text)]

    return values_in


def _same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Element-wise equality where NaN equals NaN (an open side matches an open side)."""
    return (np.isnan(a) & np.isnan(b)) | np.isclose(a, b, rtol=1e-9, atol=0, equal_nan=False)


def _fmt(x: float) -> str:
    return "empty" if math.isnan(x) else f"{x:g}" if abs(x) < 1e15 else repr(x)


def _figure_rules(rows: _Rows, texts: dict[str, str]) -> None:
    """DESIGN.md §1 and §3, per row: quote in article, number in quote, qualifier, bound and interval."""
    frame = rows.frame
    counts = _occurrences(frame, texts)
    rows.flag(counts == 0, "quote", "quote not found verbatim in the article text")
    rows.flag(
        counts > 1,
        "quote",
        pd.Series([f"quote occurs {n} times in the article: make it longer so it is unique" for n in counts]),
    )

    quote = frame["quote"].to_numpy(dtype=object)
    bound = frame["bound"].to_numpy(dtype=object)
    qualifier = frame["qualifier"].to_numpy(dtype=object)
    value = frame["value"].to_numpy(dtype="float64")
    low = frame["low"].to_numpy(dtype="float64")
    high = frame["high"].to_numpy(dtype="float64")
    known_bound = np.isin(bound, list(RULES_BY_BOUND))
    vague = bound == "vague"
    ranged = bound == "range"

    # the number: printed in the quote (cached per quote: long quotes are parsed once)
    values_in = _values_in()
    cache: dict[str, frozenset[float]] = {}

    def printed(q: str) -> frozenset[float]:
        found = cache.get(q)
        if found is None:
            found = cache[q] = frozenset(values_in(q))
        return found

    def in_quote(x: float, q: str) -> bool:
        return any(math.isclose(x, v, rel_tol=1e-9) for v in printed(q))

    needs_value = known_bound & ~vague & ~ranged
    rows.flag(needs_value & np.isnan(value), "value", "required for this bound, but empty")
    rows.flag(vague & ~np.isnan(value), "value", "must be empty for a vague amount (low/high carry it)")
    has_value = ~np.isnan(value) & ~vague
    not_printed = np.zeros(len(frame), dtype=bool)
    idx = np.flatnonzero(has_value)
    not_printed[idx] = [not in_quote(value[i], quote[i]) for i in idx]
    rows.flag(
        not_printed,
        "value",
        pd.Series(
            [
                f"{_fmt(v)} is not among the numbers in the quote ({', '.join(_fmt(x) for x in sorted(printed(q))) or 'none'})"
                if bad
                else ""
                for v, q, bad in zip(value, quote, not_printed, strict=True)
            ]
        )
        if not_printed.any()
        else "",
    )
    no_amount = vague & np.array([vague_interval(q) is None for q in quote], dtype=bool)
    rows.flag(no_amount, "quote", f"a vague figure's quote needs a vague amount ({', '.join(VAGUE_AMOUNTS)})")

    # the qualifier: printed in the quote, and one of the bound's words
    lowered = np.array([q.lower() for q in qualifier], dtype=object)
    has_qualifier = lowered != ""
    missing_word = has_qualifier & np.array(
        [q not in text for q, text in zip(qualifier, quote, strict=True)], dtype=bool
    )
    rows.flag(missing_word, "qualifier", "qualifier not found verbatim in the quote")
    wrong_word = has_qualifier & known_bound & np.array(
        [b in RULES_BY_BOUND and w not in RULES_BY_BOUND[b].qualifiers for w, b in zip(lowered, bound, strict=True)],
        dtype=bool,
    )
    rows.flag(
        wrong_word,
        "qualifier",
        pd.Series(
            [
                f"{q!r} is not a qualifier of bound {b}"
                + (f" ({', '.join(RULES_BY_BOUND[b].qualifiers)})" if RULES_BY_BOUND.get(b) and RULES_BY_BOUND[b].qualifiers else "")
                if w
                else ""
                for q, b, w in zip(qualifier, bound, wrong_word, strict=True)
            ]
        ),
    )
    hedged = np.isin(bound, ["at_least", "at_most", "approx", "approx_below"])
    rows.flag(hedged & ~has_qualifier, "qualifier", "this bound needs its qualifier words, but it is empty")

    # the interval
    rows.flag(ranged & (np.isnan(low) | np.isnan(high)), "low", "a range needs both low and high")
    both = ~np.isnan(low) & ~np.isnan(high)
    rows.flag(both & (low > high), "low", pd.Series([f"low {_fmt(a)} is above high {_fmt(b)}" for a, b in zip(low, high, strict=True)]))
    range_printed = np.zeros(len(frame), dtype=bool)
    for i in np.flatnonzero(ranged & both):
        range_printed[i] = not (in_quote(low[i], quote[i]) and in_quote(high[i], quote[i]))
    rows.flag(range_printed, "low", "a range's low and high must both be numbers printed in the quote")

    derived = known_bound & ~ranged & (~np.isnan(value) | vague)
    expected_low = np.full(len(frame), np.nan)
    expected_high = np.full(len(frame), np.nan)
    for i in np.flatnonzero(derived):
        expected_low[i], expected_high[i] = derived_interval(value[i], bound[i], quote[i])
    for column, got, expected in (("low", low, expected_low), ("high", high, expected_high)):
        wrong = derived & ~_same(got, expected)
        rows.flag(
            wrong,
            column,
            pd.Series(
                [
                    f"{_fmt(g)} disagrees with bound {b}: expected {_fmt(e)}" if w else ""
                    for g, e, b, w in zip(got, expected, bound, wrong, strict=True)
                ]
            )
            if wrong.any()
            else "",
        )

    # the period
    for column in ("period_start", "period_end"):
        wrong = dates.invalid(frame[column]) & frame[column].str.fullmatch(ISO_DATE).fillna(False)
        rows.flag(wrong, column, frame[column].map(lambda d: f"{d!r} is not a calendar date"))
    rows.flag(
        dates.out_of_order(frame["period_start"], frame["period_end"]),
        "period_start",
        frame["period_start"] + " is after period_end " + frame["period_end"],
    )


# ------------------------------------------------------------------------------------------------- load


def _no_unique(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    flags = {name: {"unique": False} for name, column in schema.columns.items() if column.unique}
    return schema.update_columns(flags) if flags else schema


_VALIDATION_SCHEMAS: dict[str, pa.DataFrameSchema] = {name: _no_unique(t.schema) for name, t in TABLES.items()}


def _unique_columns(table: Table) -> list[list[str]]:
    keys = [list(table.primary_key)]
    keys += [[name] for name, column in table.schema.columns.items() if column.unique and [name] not in keys]
    return keys


def _rejected_keys(rows: _Rows, column: str) -> dict[str, str]:
    """Keys of rejected rows that no good row has, -> where the rejected row is, for clearer messages."""
    frame = rows.frame
    good = set(frame.loc[~rows.bad, column])
    where: dict[str, str] = {}
    paths = rows.paths if isinstance(rows.paths, str) else None
    for i in np.flatnonzero(rows.bad):
        key = frame.at[i, column]
        if key and key not in good and key not in where:
            path = paths if paths is not None else str(rows.paths.iloc[i])
            where[key] = f"{path}:{frame.at[i, 'source_line']}"
    return where


def _check_simple(frame: pd.DataFrame, table: Table, rel: str) -> _Rows:
    rows = _Rows(frame, rel)
    _numbers(rows)
    _schema_checks(rows, table)
    for key in _unique_columns(table):
        _unique(rows, key, "/".join(key))
    return rows


def load(layout: Layout | None = None) -> Loaded:
    """Read, check and join every table of `layout` (default: the repository, or FIGURES_ROOT)."""
    layout = layout or default_layout()
    base = Path(os.path.commonpath([layout.data_dir, layout.seeds_dir]))
    problems: list[Problem] = []
    rows_read: dict[str, int] = {}

    def read(name: str, path: Path) -> tuple[pd.DataFrame, str]:
        rel = _relative(path, base)
        frame, found = read_table(path, TABLES[name], rel)
        problems.extend(found)
        rows_read[name] = len(frame)
        return frame, rel

    # articles, and their texts
    frame, articles_rel = read("articles", layout.articles_csv)
    articles = _check_simple(frame, TABLES["articles"], articles_rel)
    published = articles.frame["published"]
    articles.flag(
        dates.invalid(published) & published.str.fullmatch(ISO_DATE).fillna(False),
        "published",
        published.map(lambda d: f"{d!r} is not a calendar date"),
    )
    texts: dict[str, str] = {}
    for i, (article_id, name) in enumerate(zip(articles.frame["article_id"], articles.frame["file"], strict=True)):
        if articles.bad[i] or not name:
            continue
        path = layout.seeds_dir / name
        mask = np.zeros(len(articles.frame), dtype=bool)
        mask[i] = True
        if Path(name).name != name:
            articles.flag(mask, "file", f"{name!r} must be a file name in {_relative(layout.seeds_dir, base)}/")
            continue
        try:
            raw = path.read_bytes()
        except OSError:
            articles.flag(mask, "file", f"article text {_relative(path, base)} not found")
            continue
        try:
            texts[article_id] = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = _line_of_offset(raw, err.start)
            articles.flag(mask, "file", f"{_relative(path, base)}:{line}: article text is not UTF-8")
    problems.extend(articles.problems)
    good_articles = articles.good()
    article_ids = set(good_articles["article_id"])
    rejected_articles = _rejected_keys(articles, "article_id")

    # quantities
    frame, quantities_rel = read("quantities", layout.data_dir / "quantities.csv")
    quantities = _check_simple(frame, TABLES["quantities"], quantities_rel)
    problems.extend(quantities.problems)
    good_quantities = quantities.good()
    quantity_theme = dict(zip(good_quantities["quantity_id"], good_quantities["theme"], strict=True))
    rejected_quantities = _rejected_keys(quantities, "quantity_id")

    # figures: the four theme tables checked as one, so figure_id is unique across all of them
    parts = []
    for theme in THEMES:
        frame, rel = read(theme, layout.data_dir / FIGURE_FILES[theme])
        frame.insert(len(TABLES[theme].columns), "theme", theme)
        frame.insert(len(TABLES[theme].columns) + 1, "source_file", rel)
        parts.append(frame)
    figures_frame = pd.concat(parts, ignore_index=True)
    figures_frame["theme"] = figures_frame["theme"].astype("str")
    figures_frame["source_file"] = figures_frame["source_file"].astype("str")
    figures = _Rows(figures_frame, figures_frame["source_file"])
    _numbers(figures)
    _schema_checks(figures, TABLES["casualties"])
    _unique(figures, ["figure_id"], "figure_id", paths=figures_frame["source_file"])
    _foreign(figures, "article_id", article_ids, rejected_articles, "article")
    _foreign(figures, "quantity_id", set(quantity_theme), rejected_quantities, "quantity")
    theme_of = figures.frame["quantity_id"].map(quantity_theme)
    elsewhere = theme_of.notna() & (theme_of != figures.frame["theme"])
    figures.flag(
        elsewhere,
        "quantity_id",
        "quantity " + figures.frame["quantity_id"] + " belongs in " + theme_of.fillna("") + ".csv, not this table",
    )
    live = figures.frame.copy()
    live.loc[figures.bad, "article_id"] = ""  # rows already rejected need no text search
    figures.frame, kept = live, figures.frame
    _figure_rules(figures, texts)
    figures.frame = kept
    problems.extend(figures.problems)

    # excluded numbers: in a known article, found there
    frame, excluded_rel = read("excluded", layout.data_dir / "excluded.csv")
    excluded = _check_simple(frame, TABLES["excluded"], excluded_rel)
    _foreign(excluded, "article_id", article_ids, rejected_articles, "article")
    live_excluded = excluded.frame.copy()
    live_excluded.loc[excluded.bad, "article_id"] = ""
    counts = _occurrences(live_excluded, texts)
    excluded.flag(counts == 0, "quote", "quote not found verbatim in the article text")
    problems.extend(excluded.problems)

    joined = figures.good().merge(
        good_quantities.drop(columns=["theme", "source_line"]), on="quantity_id", how="left", validate="m:1"
    )
    joined = joined.merge(
        good_articles.drop(columns=["source_line"]).rename(columns={"notes": "article_notes"}),
        on="article_id",
        how="left",
        validate="m:1",
    )
    joined = joined.rename(columns={"notes_x": "notes"}) if "notes_x" in joined else joined
    for frame_ in (joined, good_quantities, good_articles):
        _text_columns_to_empty(frame_)
    return Loaded(
        figures=joined[FIGURE_COLUMNS],
        quantities=_with_source(good_quantities, quantities_rel),
        articles=_with_source(good_articles, articles_rel),
        excluded=_with_source(excluded.good(), excluded_rel),
        texts={a: t for a, t in texts.items() if a in article_ids},
        problems=sorted(problems),
        rows_read=rows_read,
    )


def _with_source(frame: pd.DataFrame, rel: str) -> pd.DataFrame:
    frame.insert(len(frame.columns) - 1, "source_file", rel)
    frame["source_file"] = frame["source_file"].astype("str")
    return frame


def _text_columns_to_empty(frame: pd.DataFrame) -> None:
    for column in frame.columns:
        if column not in NUMBER_COLUMNS and column != "source_line" and frame[column].dtype != "int64":
            frame[column] = frame[column].fillna("").astype("str")
