"""The row-checking engine: a table's rows under check, the rules every table shares (numbers, the
pandera schema, unique keys, foreign keys), each rejecting rows with a `Problem` at their file and line.

Vectorised: `python -m figures check` runs these over a million figures. A rule runs only on the rows
whose inputs passed so far (`Rows.ok`), so one root cause gives one problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from figures.rules.names import INVISIBLE, invisible_in, lookalike_key
from figures.rules.problems import Problem
from figures.rules.schema import ISO_DATE, SLUG, TABLES, Table

NUMBER_COLUMNS: tuple[str, ...] = ("value", "low", "high")
Messages = str | Callable[[np.ndarray], Iterable[str]]
_FREE_TEXT = frozenset({"quote"})  # distinct in (almost) every row: interning its values would only cost time


class Rows:
    """One table's rows under check: which are rejected so far, and the problems found."""

    def __init__(self, frame: pd.DataFrame, paths: pd.Series | str) -> None:
        self.frame = frame.reset_index(drop=True)
        self.paths = paths
        self.bad = np.zeros(len(self.frame), dtype=bool)
        self.problems: list[Problem] = []
        self._flagged: dict[str, np.ndarray] = {}  # column -> rows already reported for it
        self._arrays: dict[str, np.ndarray] = {}

    def copy(self) -> Rows:
        """These rows as checked so far, to be checked on apart: the frame is shared (copy-on-write keeps
        a change to either its own), the rejections and problems are the copy's own."""
        other = Rows(self.frame.copy(deep=False), self.paths)
        other.bad = self.bad.copy()
        other.problems = list(self.problems)
        other._flagged = {column: mask.copy() for column, mask in self._flagged.items()}
        return other

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
                # one Python str per distinct value, not per row: a tenth of the memory of a column at
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


def each_message(values: pd.Series, template: Callable[[object], str]) -> Callable[[np.ndarray], list[str]]:
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


def check_numbers(rows: Rows) -> None:
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
        rows.flag(wrong, column, each_message(frame[column], lambda v: f"{v!r} is not a plain number"))
        frame[column] = parsed.where(~wrong)


def check_schema(rows: Rows, table: Table) -> None:
    """The pandera schema (types, required, enums, patterns), lazily, mapped back to lines.

    Uniqueness is left out here and checked by `check_unique`, which keeps the first of duplicate rows.
    """
    schema = _VALIDATION_SCHEMAS[table.name]
    frame = rows.frame[list(schema.columns)]
    untyped = [c for c in TEXT_COLUMNS[table.name] & set(frame) if not pd.api.types.is_string_dtype(frame[c])]
    assert not untyped, f"the reader left {untyped} of {table.name} without the `str` type"
    # an empty cell is a missing value to the schema: "required" fails on it, the other checks skip it
    # (only text columns hold "": the number columns are floats by now)
    frame = frame.replace("", None)
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


def check_unique(rows: Rows, columns: list[str], label: str) -> None:
    """Report every row whose `columns` repeat an earlier row's, naming where the first is; keep the first."""
    frame = rows.frame
    # one column's Series is far cheaper than a one-column frame, on the many small tables
    repeated = (
        (frame[columns[0]] if len(columns) == 1 else frame[columns]).duplicated(keep="first").to_numpy()
    )
    if not repeated.any():
        return
    key = frame[columns]
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


def check_foreign(rows: Rows, column: str, good: set[str], rejected: dict[str, str], what: str) -> None:
    values = rows.frame[column]
    unknown = (values != "") & ~values.isin(good)

    def message(value: object) -> str:
        if value in rejected:
            return f"{what} {value!r} was rejected (see {rejected[value]})"
        return f"unknown {what} {value!r}"

    rows.flag(unknown, column, each_message(values, message))


def occurrences(article_ids: np.ndarray, quotes: np.ndarray, texts: dict[str, str]) -> np.ndarray:
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


def _for_validation(schema: pa.DataFrameSchema, text: frozenset[str]) -> pa.DataFrameSchema:
    """The declared schema less what check_schema gets otherwise: uniqueness (check_unique) and the type
    of text columns, and so the optional text columns left with nothing to check. The reader makes every
    text column `str`, and pandera checks a `str` column's type element by element even when it passes:
    on a small package that was a third of load()."""
    changes = {
        name: {"unique": False, **({"dtype": None} if name in text else {})} for name in schema.columns
    }
    reduced = schema.update_columns(changes)
    return reduced.remove_columns(
        [name for name in text if reduced.columns[name].nullable and not reduced.columns[name].checks]
    )


TEXT_COLUMNS: dict[str, frozenset[str]] = {
    name: frozenset(n for n, c in t.schema.columns.items() if str(c.dtype) == "string[pyarrow]")
    for name, t in TABLES.items()
}
_VALIDATION_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    name: _for_validation(t.schema, TEXT_COLUMNS[name]) for name, t in TABLES.items()
}


def _unique_columns(table: Table) -> list[list[str]]:
    keys = [list(table.primary_key)]
    keys += [[name] for name, column in table.schema.columns.items() if column.unique and [name] not in keys]
    return keys


def rejected_keys(rows: Rows, column: str) -> dict[str, str]:
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


def check_table(frame: pd.DataFrame, table: Table, rel: str) -> Rows:
    rows = Rows(frame, rel)
    check_numbers(rows)
    check_schema(rows, table)
    check_names(rows, table)
    for key in _unique_columns(table):
        check_unique(rows, key, "/".join(key))
    return rows


def check_names(rows: Rows, table: Table) -> None:
    """The columns the schema marks as names: no invisible characters, and no lookalike of a name
    written otherwise earlier in the table (the first spelling is kept)."""
    for name, column in table.schema.columns.items():
        if (column.metadata or {}).get("name"):
            _check_name_column(rows, name)


def _check_name_column(rows: Rows, name: str) -> None:
    # per distinct value: names repeat over a million rows
    codes, distinct = pd.factorize(rows.frame[name], use_na_sentinel=False)
    hidden = {i: invisible_in(v) for i, v in enumerate(distinct) if INVISIBLE.search(v)}
    rows.flag(
        np.isin(codes, list(hidden)),
        name,
        lambda positions: [
            f"holds invisible characters ({', '.join(hidden[codes[i]])}): write the name with visible "
            "characters only"
            for i in positions
        ],
    )
    first: dict[str, int] = {}  # lookalike key -> the code of its first spelling
    like: dict[int, int] = {}  # code -> the code of the first spelling it looks like
    for i, value in enumerate(distinct):
        if value and i not in hidden and first.setdefault(lookalike_key(value), i) != i:
            like[i] = first[lookalike_key(value)]
    if not like:
        return
    lines = rows.frame["source_line"].to_numpy()

    def message(i: int) -> str:
        at = int(np.argmax(codes == like[codes[i]]))
        path = rows.paths if isinstance(rows.paths, str) else rows.paths.iloc[at]
        return (
            f"{distinct[codes[i]]!r} looks like {distinct[like[codes[i]]]!r} (first at {path}:{lines[at]}): "
            "they differ only by case, spacing, punctuation or invisible characters; write it the same way"
        )

    rows.flag(np.isin(codes, list(like)), name, lambda positions: [message(i) for i in positions])
