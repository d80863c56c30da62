"""The dashboard's one door to the data: figures.tables.load() held once per process, the filter options,
the current filter selection, and the notices every page shows.

The only data module that imports streamlit. Frames are held with st.cache_resource (the same object on
every rerun: at 1M rows st.cache_data would copy ~50 ms per rerun, TOOLING.md §5), so callers must treat
them as read-only.
"""

import contextlib
import ctypes
import dataclasses
import gc
import os
from collections.abc import Mapping, Sequence

import pandas as pd
import pyarrow as pa
import streamlit as st

from figures.rules.schema import THEMES
from figures.tables import load as tables
from figures.tables.layout import layout
from figures.view import cards
from figures.view.filters import FILTERS, distinct_names
from figures.view.transforms import (
    CLAIM_COLUMNS,
    OWN_CLAIM,
    SUMMARY_COLUMNS,
    central_values,
    filter_figures,
    quantity_summary,
)

# Filter columns as categoricals: isin on 1M str values takes ~1 s, on categories ~15 ms (TOOLING §5).
CATEGORIES = ("city", "outlet", "cited_source", "theme", "quantity_id", "article_id", "label")
# Columns joined from quantities and articles repeat a few thousand values over a million rows: as
# categories the 1M-figure frame takes ~200 MB instead of ~1 GB (tests/benchmarks/bench.py).
COMPACT = (
    "metric", "unit", "place", "kind", "scope", "definition", "file", "title", "author", "published",
    "published_basis", "url", "url_basis", "genre", "article_notes", "source_file", "cited_via", "qualifier",
    "bound", "period_start", "period_end", "notes",
)  # fmt: skip


def _release_memory() -> None:
    """Give the memory freed after loading back to the OS. Allocators keep freed pages: without this the
    reading peak (~1.2 GB at 1M figures) stays in the server's RSS; with it ~0.5 GB (bench.py)."""
    gc.collect()
    pa.default_memory_pool().release_unused()  # pandas `str` columns live in pyarrow's pool
    with contextlib.suppress(OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class PageDone(Exception):
    """Raised by a page that has shown all it has, in place of st.stop(): the router still draws the
    sidebar filters, which come after the page (dashboard.py)."""


@st.cache_resource(show_spinner="Loading the curated tables…")
def _load(root: str) -> tables.Loaded:
    # pyarrow's own pool keeps the pages freed after loading; the system allocator hands them back to the
    # OS on malloc_trim (1M figures: 737 MB -> 562 MB RSS after loading, measured)
    pa.set_memory_pool(pa.system_memory_pool())
    loaded = tables.load(layout(root or None), compact=True)
    figures = loaded.figures.copy(deep=False)
    for column in (*CATEGORIES, *COMPACT):
        if column in figures.columns:
            figures[column] = figures[column].astype("category")
    for column in figures.columns:
        if isinstance(figures[column].dtype, pd.StringDtype):
            # one contiguous array instead of one chunk per CSV read block: a filter's row take over 230
            # chunks costs ~140 ms at 1M rows, over one ~30 ms
            contiguous = pa.chunked_array(pa.array(figures[column])).combine_chunks()
            figures[column] = pd.Series(
                pd.array(contiguous, dtype=figures[column].dtype), index=figures.index
            )
    figures["central"] = central_values(figures)  # the value each claim is compared by, computed once
    # Article texts are read when /sources shows one (article_text): at 1M figures they are ~120 MB.
    compact = dataclasses.replace(loaded, figures=figures, texts={})
    del loaded  # the wide str frame: its memory goes back to the OS below
    _release_memory()
    # Streamlit runs a full collection after every rerun (runner.postScriptGC), holding the GIL: it would
    # walk the ~150k long-lived objects of the libraries and tables each time, ~80 ms on a 2-core server.
    # Frozen, they are skipped (~5 ms). What is frozen is never collected: the objects of this first
    # run still alive now, a one-off.
    gc.freeze()
    return compact


def data() -> tables.Loaded:
    """Every good row and the rejected rows, for the current FIGURES_ROOT (texts: see article_text)."""
    return _load(os.environ.get("FIGURES_ROOT", ""))


@st.cache_resource(max_entries=64)
def _article_text(root: str, article_id: str) -> str:
    articles = _load(root).articles
    files = dict(zip(articles["article_id"], articles["file"], strict=True))
    if article_id not in files:  # unknown, or rejected by the checks
        return ""
    try:
        return (layout(root or None).seeds_dir / files[article_id]).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # changed on disk since it was checked
        return ""


def article_text(article_id: str) -> str:
    """The text of a good article as received; "" for an unknown or rejected one."""
    return _article_text(os.environ.get("FIGURES_ROOT", ""), article_id)


@st.cache_resource
def _options(root: str) -> dict[str, list[str]]:
    loaded = _load(root)
    figures, quantities, articles = loaded.figures, loaded.quantities, loaded.articles
    cited = sorted(set(figures["cited_source"].unique()) - {""}, key=str.lower)
    if (figures["cited_source"] == "").any():
        cited.append(OWN_CLAIM)
    return {
        "city": sorted(set(quantities["city"]) - {""}, key=str.lower),
        "outlet": sorted(set(articles["outlet"]) - {""}, key=str.lower),
        "cited": cited,
        "theme": [t for t in THEMES if t in set(quantities["theme"])],
        "quantity": quantities.sort_values(["city", "label", "quantity_id"])["quantity_id"].tolist(),
    }


def options() -> dict[str, list[str]]:
    """Per filter URL key, the option values in display order."""
    return _options(os.environ.get("FIGURES_ROOT", ""))


@st.cache_resource
def _quantity_names(root: str) -> dict[str, str]:
    quantities = _load(root).quantities
    return distinct_names(
        {
            q: f"{label} ({city})" if city and city.lower() not in label.lower() else label
            for q, label, city in zip(
                quantities["quantity_id"], quantities["label"], quantities["city"], strict=True
            )
        }
    )


def quantity_names() -> dict[str, str]:
    """quantity_id -> the label shown in widgets ("Civilians trapped (Mosul)"), distinct for each."""
    return _quantity_names(os.environ.get("FIGURES_ROOT", ""))


@st.cache_resource
def _quantity_aliases(root: str) -> dict[str, dict[str, str]]:
    # ?quantity= also accepts a quantity's label; a label shared by several quantities stays ambiguous
    labels: dict[str, list[str]] = {}
    quantities = _load(root).quantities
    pairs = [
        *_quantity_names(root).items(),
        *zip(quantities["quantity_id"], quantities["label"], strict=True),
    ]
    for q, label in pairs:
        labels.setdefault(label.lower(), []).append(q)
    return {"quantity": {name: ids[0] for name, ids in labels.items() if len(set(ids)) == 1}}


def quantity_aliases() -> dict[str, dict[str, str]]:
    return _quantity_aliases(os.environ.get("FIGURES_ROOT", ""))


def selection() -> dict[str, list[str]]:
    """The sidebar filters' current values (url_key -> values), read from the widget state."""
    return {f.url_key: list(st.session_state.get(f.widget_key, [])) for f in FILTERS}


def filtered(
    sel: Mapping[str, Sequence[str]] | None = None, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """The figures that pass the sidebar filters (read-only view of the cached frame), only `columns` if
    given: at 1M figures taking every column of a city's rows costs ~30 ms, taking five ~5 ms."""
    return filter_figures(data().figures, selection() if sel is None else sel, columns)


SUMMARIES_KEPT = 32  # one per recent filter selection; each at most ~0.5 MB (5,000 quantities)
CARDS_KEPT = 64  # one per recent selection and page; five charts of at most MAX_MARKS claims each

Selection = tuple[tuple[str, tuple[str, ...]], ...]  # a hashable selection: (url_key, values), non-empty


@st.cache_resource(max_entries=SUMMARIES_KEPT, show_spinner=False)
def _summary(root: str, key: Selection) -> pd.DataFrame:
    return quantity_summary(filter_figures(_load(root).figures, dict(key), SUMMARY_COLUMNS))


def summary(sel: Mapping[str, Sequence[str]] | None = None) -> pd.DataFrame:
    """quantity_summary() of the figures passing the filters, memoised per selection: readers go back and
    forth between the same filters, and a miss costs 5-20 ms at 1M figures. Shared: read-only."""
    chosen = selection() if sel is None else sel
    # the same figures pass whatever the order of keys and values: one entry per set of filters
    key = tuple(sorted((k, tuple(sorted(set(v)))) for k, v in chosen.items() if v))
    return _summary(os.environ.get("FIGURES_ROOT", ""), key)


@st.cache_resource(max_entries=CARDS_KEPT, show_spinner=False)
def _compare_cards(root: str, key: Selection, order: str, ids: tuple[str, ...]) -> list[cards.Card]:
    loaded = _load(root)
    figures = filter_figures(loaded.figures, {**dict(key), "quantity": list(ids)}, CLAIM_COLUMNS)
    return cards.compare_cards(figures, loaded.quantities.set_index("quantity_id"), dict(key), order, ids)


def compare_cards(sel: Mapping[str, Sequence[str]], order: str, ids: Sequence[str]) -> list[cards.Card]:
    """cards.compare_cards() of these quantities under the filters, memoised per selection, order and
    page: a rerun that comes back to them (readers flip filters on and off) only sends the cards. A first
    view of Compare on the seed data then takes ~20 ms of server CPU instead of ~68. Shared: read-only."""
    key = tuple((k, tuple(v)) for k, v in sel.items() if v)  # in the user's order: the links keep it
    return _compare_cards(os.environ.get("FIGURES_ROOT", ""), key, order, tuple(ids))


@st.cache_resource
def _article_counts(root: str) -> dict[str, int]:
    return _load(root).figures.groupby("article_id", observed=True).size().to_dict()


def article_counts() -> dict[str, int]:
    """article_id -> how many figures were curated from it (all figures, not only the filtered ones)."""
    return _article_counts(os.environ.get("FIGURES_ROOT", ""))
