"""The app's one door to the data: figures.tables.load.load() held once per process and version of the
files, and what the pages derive from it per filter selection (the rows it passes, filter options,
summaries, Compare cards), memoised.

The tables are data, not code: every RECHECK_SECONDS (2 s, or FIGURES_RECHECK_SECONDS) the files'
signature is taken anew (the size, time and inode of each table and article file: one lstat each,
nothing read); when it changes, the next page view loads and checks the files anew, so an edit shows
within seconds and a broken row shows its notice. Everything a page reads comes from one snapshot: its
key is (root, signature).

Frames are held with st.cache_resource (the same object on every rerun, where st.cache_data would copy a
million-row frame each time), so callers must treat them as read-only.
"""

import contextlib
import ctypes
import dataclasses
import gc
import os
import threading
import time
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from figures.commands import datapackage
from figures.tables import load as tables
from figures.tables.layout import layout, signature
from figures.tables.load import text_digest
from figures.tables.read import MAX_TEXT_BYTES, FileRefused, read_file
from figures.view import cards
from figures.view.claims import (
    CLAIM_COLUMNS,
    DEFAULT_ORDER,
    QUANTITIES_PER_PAGE,
    SUMMARY_COLUMNS,
    central_values,
    page_of,
    quantity_summary,
    sort_quantities,
)
from figures.view.filters import FILTERS, Selection, aliases, filter_mask

# Filter columns as categoricals: a filter is then a lookup by category code, not a string comparison.
CATEGORIES = ("city", "outlet", "cited_source", "theme", "quantity_id", "article_id", "label")
# Columns joined from quantities and articles repeat a few thousand values over a million rows: as
# categories the million-figure frame takes a fifth of the memory (README, Speed).
COMPACT = (
    "metric", "unit", "place", "kind", "scope", "definition", "file", "title", "author", "published",
    "published_basis", "url", "url_basis", "genre", "article_notes", "source_file", "cited_via", "qualifier",
    "bound", "period_start", "period_end", "notes",
)  # fmt: skip


def _release_memory() -> None:
    """Give the memory freed after loading back to the OS: allocators keep freed pages, and the reading
    peak would otherwise stay in the server's memory for good."""
    gc.collect()
    pa.default_memory_pool().release_unused()  # pandas `str` columns live in pyarrow's pool
    with contextlib.suppress(OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _recheck_seconds(setting: str | None, default: float = 2.0) -> float:
    """FIGURES_RECHECK_SECONDS: a server over a million figures may take the signature less often (one
    lstat a file: README, Many readers), a test sooner. Anything but a positive number: the default."""
    try:
        seconds = float(setting) if setting else default
    except ValueError:
        return default
    return seconds if 0 < seconds < float("inf") else default


RECHECK_SECONDS = _recheck_seconds(os.environ.get("FIGURES_RECHECK_SECONDS"))
SNAPSHOTS_KEPT = 2  # the one shown and, while sessions move over, the one before


class _Watch:
    """The files' signature of one root, kept fresh without a rerun waiting for it: past RECHECK_SECONDS
    a rerun starts a new one in the background and goes on with the last; past twice that (nobody asked
    for a while, as for the first view after an edit on a quiet server) it waits for a new one."""

    def __init__(self, root: str) -> None:
        self._where = layout(root or None)
        self._lock = threading.Lock()
        self._refresh()

    def _refresh(self) -> None:
        self.value, self.taken = signature(self._where), time.monotonic()

    def _in_background(self) -> None:
        try:
            self._refresh()
        finally:
            self._lock.release()

    def current(self) -> str:
        age = time.monotonic() - self.taken
        if age > 2 * RECHECK_SECONDS:
            with self._lock:
                if time.monotonic() - self.taken > RECHECK_SECONDS:
                    self._refresh()
        elif age > RECHECK_SECONDS and self._lock.acquire(blocking=False):
            threading.Thread(target=self._in_background, daemon=True).start()
        return self.value


@st.cache_resource(show_spinner=False)
def _watch(root: str) -> _Watch:
    return _Watch(root)


def version() -> tuple[str, str]:
    """The snapshot a page reads: (FIGURES_ROOT, the files' signature)."""
    root = os.environ.get("FIGURES_ROOT", "")
    return root, _watch(root).current()


@st.cache_resource(max_entries=SNAPSHOTS_KEPT, show_spinner="Loading the curated tables…")
def _load(root: str, signature: str) -> tables.Loaded:
    # pyarrow's own pool keeps the pages freed after loading; the system allocator hands them back to the
    # OS on malloc_trim
    pa.set_memory_pool(pa.system_memory_pool())
    loaded = tables.load(layout(root or None), compact=True)
    figures = loaded.figures.copy(deep=False)
    for column in (*CATEGORIES, *COMPACT):
        if column in figures.columns:
            figures[column] = figures[column].astype("category")
    for column in figures.columns:
        if isinstance(figures[column].dtype, pd.StringDtype):
            # one contiguous array instead of one chunk per CSV read block: a filter's row take is then
            # one copy, not hundreds
            contiguous = pa.chunked_array(pa.array(figures[column])).combine_chunks()
            figures[column] = pd.Series(
                pd.array(contiguous, dtype=figures[column].dtype), index=figures.index
            )
    figures["central"] = central_values(figures)  # the value each claim is compared by, computed once
    # Article texts are read when /sources shows one (article_text): at scale they are large.
    compact = dataclasses.replace(loaded, figures=figures, texts={})
    del loaded  # the wide str frame: its memory goes back to the OS below
    _release_memory()
    # Python's full collections (and Streamlit's after every run, where runner.postScriptGC is on) would
    # walk the long-lived objects of the libraries and tables each time, holding the GIL. Frozen, they are
    # skipped. What is frozen is never collected: the objects alive now, once per snapshot loaded.
    gc.freeze()
    return compact


def data() -> tables.Loaded:
    """Every good row and the rejected rows of the current snapshot (texts: see article_text); at scale,
    with its first views made (_warmed)."""
    current = version()
    loaded = _load(*current)
    if len(loaded.figures) >= WARM_FROM:
        _warmed(*current)
    return loaded


def snapshot(root: str, signature: str) -> tables.Loaded:
    """data() of the snapshot `version()` named: for what is memoised per snapshot outside this module."""
    return _load(root, signature)


@st.cache_resource(max_entries=64)
def _article_text(root: str, signature: str, article_id: str) -> str | None:
    loaded = _load(root, signature)
    files = dict(zip(loaded.articles["article_id"], loaded.articles["file"], strict=True))
    if article_id not in files:  # unknown, or rejected by the checks
        return ""
    try:
        raw = read_file(layout(root or None).seeds_dir / files[article_id], MAX_TEXT_BYTES)
    except (OSError, FileRefused):
        return None
    return raw.decode("utf-8") if text_digest(raw) == loaded.digests.get(article_id) else None


def article_text(article_id: str) -> str | None:
    """The text of a good article, exactly as checked; "" for an unknown or rejected one; None when the
    file is no longer the one checked (the next snapshot will check it)."""
    return _article_text(*version(), article_id)


@st.cache_resource(max_entries=SNAPSHOTS_KEPT)
def _options(root: str, signature: str) -> dict[str, list[str]]:
    loaded = _load(root, signature)
    return {f.url_key: f.options(loaded) for f in FILTERS}


@st.cache_resource(max_entries=SNAPSHOTS_KEPT)
def _names(root: str, signature: str) -> dict[str, dict[str, str]]:
    loaded, options = _load(root, signature), _options(root, signature)
    return {
        f.url_key: {o: o for o in options[f.url_key]} | f.names(loaded)
        for f in FILTERS
        if f.names is not None
    }


def names() -> dict[str, dict[str, str]]:
    """Per filter URL key that names its options, option -> the name shown ("Civilians trapped (Mosul)",
    a source's name), for every option: one without a name of its own ("The outlet's own claim") shows
    itself."""
    return _names(*version())


@st.cache_resource(max_entries=SNAPSHOTS_KEPT)
def _aliases(root: str, signature: str) -> dict[str, dict[str, str]]:
    return aliases(_load(root, signature))


@dataclasses.dataclass(frozen=True)
class Choices:
    """What the filters offer and accept, per filter URL key, of one snapshot."""

    options: dict[str, list[str]]
    names: dict[str, dict[str, str]]  # names()
    aliases: dict[str, dict[str, str]]  # filters.aliases(): the further names a URL may use for options


def filter_choices() -> Choices:
    """The filter bar's options, the names it shows and the spellings a URL may use, in one snapshot."""
    current = version()
    return Choices(_options(*current), _names(*current), _aliases(*current))


Chosen = tuple[tuple[str, tuple[str, ...]], ...]  # a Selection as a memo key: values sorted, order moot
SELECTIONS_KEPT = 8  # a mask each: 1 MB a million figures


def _chosen(selection: Selection) -> Chosen:
    return tuple((key, tuple(sorted(values))) for key, values in selection.items())


@st.cache_resource(max_entries=SELECTIONS_KEPT, show_spinner=False)
def _selected(root: str, signature: str, chosen: Chosen) -> np.ndarray:
    # Which figures pass the filters, found once per selection: its summary, every order and page of its
    # cards and filtered() read the same mask (read-only: it is shared).
    mask = filter_mask(_load(root, signature).figures, dict(chosen))
    mask.flags.writeable = False
    return mask


def _passing(root: str, signature: str, chosen: Chosen, columns: Sequence[str] | None) -> pd.DataFrame:
    # the frame and the mask of one snapshot
    figures = _load(root, signature).figures
    return (figures if columns is None else figures[list(columns)])[_selected(root, signature, chosen)]


def filtered(selection: Selection, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The figures that pass the filters (a read-only view of the cached frame), only `columns` if given:
    at scale, taking every column of the rows costs several times taking a few."""
    return _passing(*version(), _chosen(selection), columns)


@st.cache_resource(max_entries=SNAPSHOTS_KEPT, show_spinner=False)
def _quantity_rows(root: str, signature: str) -> dict[str, np.ndarray]:
    # Where each quantity's figures are (row positions, in table order; int32: 4 MB a million figures): a
    # page of cards takes its quantities' rows from here instead of scanning every figure again.
    by_quantity = _load(root, signature).figures.groupby("quantity_id", observed=True).indices
    return {str(q): rows.astype(np.int32) for q, rows in by_quantity.items()}


NO_ROWS = np.empty(0, dtype=np.int32)
SUMMARIES_KEPT = 32  # one per recent filter selection
CARDS_KEPT = 64  # one per recent selection and page


@st.cache_resource(max_entries=SUMMARIES_KEPT, show_spinner=False)
def _summary(root: str, signature: str, chosen: Chosen, order: str) -> pd.DataFrame:
    return sort_quantities(quantity_summary(_passing(root, signature, chosen, SUMMARY_COLUMNS)), order)


def summary(selection: Selection, order: str) -> pd.DataFrame:
    """quantity_summary() of the figures passing the filters, in the page's `order` (claims.SORTS),
    memoised per set of filters (readers go back and forth between the same ones, in any order) and
    order: sorting is a good part of a rerun's server time. Shared: read-only."""
    return _summary(*version(), _chosen(selection), order)


@st.cache_resource(max_entries=CARDS_KEPT, show_spinner=False)
def _cards(
    root: str, signature: str, selection: Selection, order: str, ids: tuple[str, ...], every_claim: bool
) -> list[cards.Card]:
    loaded, quantity_rows = _load(root, signature), _quantity_rows(root, signature)
    # the page's quantities' rows that pass the filters, in table order (as a filter would give them)
    rows = np.sort(np.concatenate([NO_ROWS, *(quantity_rows.get(q, NO_ROWS) for q in ids)]))
    rows = rows[_selected(root, signature, _chosen(selection))[rows]]
    figures = loaded.figures[list(CLAIM_COLUMNS)].take(rows)
    quantities = loaded.quantities.set_index("quantity_id")
    return cards.compare_cards(figures, quantities, selection, order, ids, every_claim)


def cards_for(selection: Selection, order: str, ids: Sequence[str], every_claim: bool) -> list[cards.Card]:
    """cards.compare_cards() of these quantities under the filters (their rows that pass them),
    memoised per selection (in the user's order: the links keep it), order and page: a rerun that comes
    back to them only sends the cards. Shared: read-only."""
    return _cards(*version(), selection, order, tuple(ids), every_claim)


WARM_FROM = 50_000  # figures; below, a view made cold costs a few ms (README, Many readers)


@st.cache_resource(max_entries=SNAPSHOTS_KEPT, show_spinner=False)
def _warmed(root: str, signature: str) -> int:
    # At scale a Compare view made cold costs ~0.1 s, and readers who arrive together wait behind each
    # other's; the landing view and each city alone (the dashboard is read by city) are made with the
    # snapshot, on the first run that loads it. Returns how many views were made.
    cities = _options(root, signature)["city"]
    views = [Selection(), *(Selection({"city": [city]}) for city in cities[: SUMMARIES_KEPT // 2])]
    for selection in views:
        shown = page_of(_summary(root, signature, _chosen(selection), DEFAULT_ORDER), 1, QUANTITIES_PER_PAGE)
        _cards(root, signature, selection, DEFAULT_ORDER, tuple(shown["quantity_id"].tolist()), False)
    return len(views)


@st.cache_resource(max_entries=SNAPSHOTS_KEPT)
def _article_counts(root: str, signature: str) -> dict[str, int]:
    return _load(root, signature).figures.groupby("article_id", observed=True).size().to_dict()


def article_counts() -> dict[str, int]:
    """article_id -> how many figures were curated from it (all figures, not only the filtered ones)."""
    return _article_counts(*version())


@st.cache_resource(max_entries=1, show_spinner=False)
def _package_zip(root: str, signature: str) -> bytes:
    articles = _load(root, signature).articles
    return datapackage.zip_bytes(layout(root or None), list(articles["file"]))


def package_zip() -> bytes:
    """The whole data package of the current snapshot as a zip (datapackage.zip_bytes), with the texts of
    the articles that pass the checks; built once per snapshot. Raises FileRefused."""
    return _package_zip(*version())
