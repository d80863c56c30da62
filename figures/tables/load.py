"""load(): reads every table and article, checks each row, keeps the good rows and reports the rest.

`load()` is what both `figures check` and the dashboard use, so the dashboard shows exactly the rows
`check` accepts. Nothing here raises on bad data: every bad row or file becomes a `Problem` and the
remaining rows still load. Pure (no Streamlit) and vectorised: it checks a million figures in well under
a minute (README, Speed).

Column conventions of the frames returned (the pages rely on them):
- text columns are pandas `str` dtype with "" for an empty cell, never NaN, so `df.city == "Mosul"` and
  `df.notes != ""` need no NaN handling;
- `value`, `low`, `high` are float64, NaN when empty (an open side of an interval);
- every frame has `source_file` (path relative to the repository, or to FIGURES_ROOT) and `source_line`
  (the line of the row in that CSV, 1 = header), so any row can be traced back.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from figures.rules import dates
from figures.rules.problems import Problem
from figures.rules.schema import FIGURE_SCHEMA, ISO_DATE, TABLES, THEMES, Table
from figures.tables.figure_rules import check_figure_rules
from figures.tables.layout import Layout
from figures.tables.layout import layout as default_layout
from figures.tables.read import (
    MAX_TEXT_BYTES,
    FileRefused,
    line_of_offset,
    read_file,
    relative_path,
    table_bytes,
    table_from,
)
from figures.tables.rows import (
    Rows,
    check_foreign,
    check_names,
    check_numbers,
    check_schema,
    check_table,
    check_unique,
    each_message,
    occurrences,
    rejected_keys,
)

JOINED_QUANTITY_COLUMNS: tuple[str, ...] = (
    "label",
    "metric",
    "unit",
    "city",
    "place",
    "kind",
    "scope",
    "definition",
)
JOINED_ARTICLE_COLUMNS: tuple[str, ...] = (
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
# Who said it: the outlet's and each cited source's name, and the primary source (the cited source, or
# the outlet when none is cited) with its kind and side.
JOINED_SOURCE_COLUMNS: tuple[str, ...] = (
    "outlet_name",
    "cited_name",
    "via_name",
    "primary_source",
    "primary_name",
    "primary_kind",
    "primary_side",
)
JOINED_COLUMNS: list[str] = [
    *FIGURE_SCHEMA.columns,
    "theme",
    "source_file",
    "source_line",
    *JOINED_QUANTITY_COLUMNS,
    *JOINED_ARTICLE_COLUMNS,
    *JOINED_SOURCE_COLUMNS,
]


@dataclass
class Loaded:
    """Everything the dashboard and `check` need; only rows that pass every rule."""

    figures: pd.DataFrame  # JOINED_COLUMNS: the four figure tables, joined to quantity, article, sources
    quantities: pd.DataFrame
    articles: pd.DataFrame
    sources: pd.DataFrame
    excluded: pd.DataFrame
    texts: dict[str, str]  # article_id -> article text, for every good article
    digests: dict[str, str]  # article_id -> text_digest() of the bytes checked, for every good article
    problems: list[Problem]  # every rejected row and file problem, sorted by path and line
    rows_read: dict[str, int] = field(default_factory=dict)  # table name -> data rows read (good or bad)


def load(layout: Layout | None = None, *, compact: bool = False) -> Loaded:
    """Read, check and join every table of `layout` (default: the repository, or FIGURES_ROOT).

    Never raises on bad data: rejected rows and file problems are in `problems`, the rest loads.
    `compact` joins the quantity and article columns as categoricals, not `str`: a few thousand values
    repeated over a million figures then take a fraction of the memory (the dashboard's choice).
    """
    reader = _Reader(layout or default_layout())
    checked: dict[str, Rows] = {"sources": reader.check("sources")}
    checked["articles"], texts, digests = _articles(reader, checked)
    checked["quantities"] = reader.check("quantities")
    checked["figures"] = _figures(reader, checked, texts)
    checked["excluded"] = _excluded(reader, checked, texts)
    if not reader.problems:  # with a table or row unread, which sources it names is unknown
        _every_source_used(checked)

    good = {name: _finish(rows) for name, rows in checked.items()}
    quantity_columns = good["quantities"][["quantity_id", *JOINED_QUANTITY_COLUMNS]]
    article_columns = good["articles"].rename(columns={"notes": "article_notes"})
    article_columns = article_columns[["article_id", *JOINED_ARTICLE_COLUMNS]]
    if compact:
        quantity_columns = quantity_columns.astype(dict.fromkeys(JOINED_QUANTITY_COLUMNS, "category"))
        article_columns = article_columns.astype(dict.fromkeys(JOINED_ARTICLE_COLUMNS, "category"))
    joined = good["figures"].merge(quantity_columns, on="quantity_id", how="left", validate="m:1")
    joined = joined.merge(article_columns, on="article_id", how="left", validate="m:1")
    joined = _join_sources(joined, good["sources"], compact)
    problems = reader.problems + [p for rows in checked.values() for p in rows.problems]
    good_ids = set(good["articles"]["article_id"])
    return Loaded(
        figures=joined[JOINED_COLUMNS],
        quantities=good["quantities"],
        articles=good["articles"],
        sources=good["sources"],
        excluded=good["excluded"],
        texts={a: t for a, t in texts.items() if a in good_ids},
        digests={a: d for a, d in digests.items() if a in good_ids},
        problems=sorted(problems),
        rows_read=reader.rows_read,
    )


# A table checked before, byte for byte, is not read and checked again: its checked rows are copied from
# here (an edit to one table re-checks that one; so does each test's package that differs by one table).
# Only tables up to CHECKED_UP_TO bytes: a larger one's rows would double what a server holds.
CHECKED_UP_TO = 1 << 20
CHECKED_KEPT = 16
Checked = tuple[Rows, list[Problem], dict[str, int]]  # the rows, the files' problems, rows read a table
_checked: OrderedDict[tuple[tuple[str, str, str], ...], Checked] = OrderedDict()
_checked_lock = threading.Lock()


def _recall(key: tuple[tuple[str, str, str], ...]) -> Checked | None:
    with _checked_lock:
        if key in _checked:
            _checked.move_to_end(key)
        return _checked.get(key)


def _remember(key: tuple[tuple[str, str, str], ...], checked: Checked) -> None:
    with _checked_lock:
        _checked[key] = checked
        while len(_checked) > CHECKED_KEPT:
            _checked.popitem(last=False)


class _Reader:
    """Reads the tables of one layout, collecting file problems and row counts."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.base = layout.root
        self.problems: list[Problem] = []
        self.rows_read: dict[str, int] = {}

    def rel(self, path: Path) -> str:
        return relative_path(path, self.base)

    def path(self, name: str) -> Path:
        return self.layout.articles_csv if name == "articles" else self.layout.data_dir / f"{name}.csv"

    def check(self, name: str) -> Rows:
        """A table read and put through the rules every table shares."""
        return self.checked((name,), lambda frames, rels: check_table(frames[0], TABLES[name], rels[0]))

    def checked(self, names: tuple[str, ...], check: Callable[[list[pd.DataFrame], list[str]], Rows]) -> Rows:
        """`check` of the tables `names` as read (frames, their paths), or a copy of what it gave for the
        same bytes before."""
        paths = [self.path(name) for name in names]
        rels = [self.rel(path) for path in paths]
        read, key = None, None
        if sum(map(_size, paths)) <= CHECKED_UP_TO:  # larger ones are read one at a time, below
            read = [table_bytes(path, rel) for path, rel in zip(paths, rels, strict=True)]
            if all(raw is not None for raw, _ in read):
                key = tuple(zip(names, rels, [text_digest(raw) for raw, _ in read], strict=True))
                if (kept := _recall(key)) is not None:
                    rows, problems, counts = kept
                    self.problems.extend(problems)
                    self.rows_read.update(counts)
                    return rows.copy()
        frames, problems = [], []
        for i, (name, path, rel) in enumerate(zip(names, paths, rels, strict=True)):
            frame, found = table_from(*(read[i] if read else table_bytes(path, rel)), TABLES[name], rel)
            frames.append(frame)
            problems += found
        counts = {name: len(frame) for name, frame in zip(names, frames, strict=True)}
        self.problems.extend(problems)
        self.rows_read.update(counts)
        rows = check(frames, rels)
        if key is not None:
            _remember(key, (rows.copy(), problems, counts))
        return rows


def _size(path: Path) -> int:
    try:
        return os.lstat(path).st_size
    except OSError:
        return 0  # reading it says why


def text_digest(raw: bytes) -> str:
    """What identifies an article text's bytes: the app shows a text only if it is the one checked."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _articles(reader: _Reader, checked: dict[str, Rows]) -> tuple[Rows, dict[str, str], dict[str, str]]:
    """Articles, each with its text: a text that is missing, not a regular file directly in seeds/, too
    large or not UTF-8 rejects the article's row."""
    articles = reader.check("articles")
    _foreign_keys(articles, TABLES["articles"], checked)
    published = articles.frame["published"]
    articles.flag(
        dates.invalid(published) & published.str.fullmatch(ISO_DATE).fillna(False),
        "published",
        each_message(published, lambda d: f"{d!r} is not a calendar date"),
    )
    seeds = reader.layout.seeds_dir
    texts: dict[str, str] = {}
    digests: dict[str, str] = {}
    failed: dict[int, str] = {}  # row position -> why its text cannot be used
    ids, files = articles.column("article_id"), articles.column("file")
    for i in np.flatnonzero(~articles.bad):
        name = files[i]
        if Path(name).name != name or name in (".", "..") or "\0" in name:
            failed[i] = f"{name!r} is not a file name in {reader.rel(seeds)}/"
            continue
        path = seeds / name
        try:
            raw = read_file(path, MAX_TEXT_BYTES)
        except FileNotFoundError:
            failed[i] = f"article text {reader.rel(path)} not found"
            continue
        except FileRefused as err:
            failed[i] = f"article text {reader.rel(path)} {err}"
            continue
        except OSError as err:
            failed[i] = f"article text {reader.rel(path)} cannot be read: {err.strerror}"
            continue
        try:
            texts[ids[i]] = raw.decode("utf-8")
            digests[ids[i]] = text_digest(raw)
        except UnicodeDecodeError as err:
            line = line_of_offset(raw, err.start)
            failed[i] = f"article text {reader.rel(path)} is not UTF-8 (line {line})"
    mask = np.zeros(len(ids), dtype=bool)
    mask[list(failed)] = True
    articles.flag(mask, "file", lambda positions: [failed[i] for i in positions])
    return articles, texts, digests


def _foreign_keys(rows: Rows, table: Table, checked: dict[str, Rows]) -> None:
    """Each foreign key of `table` against the good rows of the table it names (checked before)."""
    for key in table.foreign_keys:
        target = checked[key.table]
        good = set(target.frame[key.target][~target.bad])
        check_foreign(
            rows, key.column, good, rejected_keys(target, key.target), key.target.removesuffix("_id")
        )


def _every_source_used(checked: dict[str, Rows]) -> None:
    """A source no article or figure names is a row to remove (or a spelling to fix)."""
    sources = checked["sources"]
    used = set(checked["articles"].frame["outlet"])
    used |= set(checked["figures"].frame["cited_source"]) | set(checked["figures"].frame["cited_via"])
    sources.flag(
        ~sources.frame["source_id"].isin(used) & sources.ok("source_id"),
        "source_id",
        each_message(sources.frame["source_id"], lambda s: f"source {s!r} is named by no article or figure"),
    )


def _join_sources(figures: pd.DataFrame, sources: pd.DataFrame, compact: bool) -> pd.DataFrame:
    """The names of the outlet and the cited sources, and the primary source with its kind and side."""
    by_id = sources.set_index("source_id")
    figures["primary_source"] = figures["cited_source"].where(
        figures["cited_source"] != "", figures["outlet"].astype(str)
    )
    looked_up = {
        "outlet_name": ("outlet", "name"),
        "cited_name": ("cited_source", "name"),
        "via_name": ("cited_via", "name"),
        "primary_name": ("primary_source", "name"),
        "primary_kind": ("primary_source", "kind"),
        "primary_side": ("primary_source", "side"),
    }
    # an index lookup, not Series.map (slow on a million Arrow strings), once per id column; -1, no
    # source (an empty cell), picks the trailing ""
    ids = pd.Index(by_id.index, dtype="str")
    where = {key: ids.get_indexer(figures[key].astype(str)) for key, _ in looked_up.values()}
    for column, (key, field_name) in looked_up.items():
        values = np.array([*by_id[field_name].tolist(), ""], dtype=object)[where[key]]
        figures[column] = pd.Series(values, index=figures.index, dtype="category" if compact else "str")
    return figures


def _figures(reader: _Reader, checked: dict[str, Rows], texts: dict[str, str]) -> Rows:
    """The four theme tables checked as one, so figure_id is unique across all of them."""
    figures = reader.checked(tuple(THEMES), _check_figure_tables)
    _foreign_keys(figures, TABLES[THEMES[0]], checked)
    quantities = checked["quantities"]
    good_quantities = quantities.frame[~quantities.bad]
    quantity_theme = dict(zip(good_quantities["quantity_id"], good_quantities["theme"], strict=True))
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
    check_figure_rules(figures, texts)
    figures.release()
    return figures


def _check_figure_tables(frames: list[pd.DataFrame], rels: list[str]) -> Rows:
    """The rules every table shares, over the theme tables as one frame, each row with its file."""
    parts = []
    for theme, frame, rel in zip(THEMES, frames, rels, strict=True):
        frame.insert(len(FIGURE_SCHEMA.columns), "theme", theme)
        frame.insert(len(FIGURE_SCHEMA.columns) + 1, "source_file", rel)
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True)
    for column in ("theme", "source_file"):
        frame[column] = frame[column].astype("str")
    figures = Rows(frame, frame["source_file"])
    check_numbers(figures)
    check_schema(figures, TABLES[THEMES[0]])
    check_names(figures, TABLES[THEMES[0]])
    check_unique(figures, ["figure_id"], "figure_id")
    return figures


def _excluded(reader: _Reader, checked: dict[str, Rows], texts: dict[str, str]) -> Rows:
    """Numbers that are not figures: each in a known article, and found there at least once."""
    excluded = reader.check("excluded")
    _foreign_keys(excluded, TABLES["excluded"], checked)
    searchable = excluded.ok("article_id", "quote")
    counts = occurrences(
        np.where(searchable, excluded.column("article_id"), ""), excluded.column("quote"), texts
    )
    excluded.flag(counts == 0, "quote", "quote not found verbatim in the article text")
    return excluded


def _finish(rows: Rows) -> pd.DataFrame:
    """The good rows, with `source_file` (unless the frame has it) and "" for every empty text cell."""
    frame = rows.good()
    if "source_file" not in frame.columns:
        frame.insert(len(frame.columns) - 1, "source_file", rows.paths)
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or (values.dtype == "str" and values.hasnans):
            frame[column] = values.fillna("").astype("str")
    return frame
