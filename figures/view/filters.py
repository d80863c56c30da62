"""The filters, declared once: each one's URL key, label, the figures column it matches and how its options
are found; and the one `Selection` value that carries the chosen options from the URL to every chart.

`?city=Mosul&city=Aleppo&outlet=...&cited=...&theme=...&quantity=...` (README, Run the dashboard):
repeatable keys, values as shown in the filters, matched without regard to case. Unknown keys and values
are dropped and reported as notices, never raised.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from figures.rules.schema import THEMES
from figures.tables.load import Loaded

OWN_CLAIM = "(outlet's own claim)"  # the cited-source option for figures that cite nobody


def _sorted_values(values: pd.Series) -> list[str]:
    return sorted(set(values) - {""}, key=str.lower)


def _cited(loaded: Loaded) -> list[str]:
    cited = loaded.figures["cited_source"]
    return _sorted_values(cited.unique()) + ([OWN_CLAIM] if (cited == "").any() else [])


@dataclass(frozen=True)
class Filter:
    url_key: str  # the query-string key
    label: str  # the widget label (browser tests find widgets by it)
    column: str  # the figures column it matches
    options: Callable[[Loaded], list[str]]  # its option values, in display order
    empty_option: str | None = None  # the option that stands for an empty cell
    widget_key: str = field(init=False)  # the st.session_state key of its sidebar widget

    def __post_init__(self) -> None:
        object.__setattr__(self, "widget_key", f"filter_{self.url_key}")

    def mask(self, figures: pd.DataFrame, values: Sequence[str]) -> np.ndarray:
        """Which rows hold one of `values`."""
        wanted = set(values)
        if self.empty_option in wanted:
            wanted.add("")
        column = figures[self.column]
        if isinstance(column.dtype, pd.CategoricalDtype):
            # a lookup by category code: several times faster than Series.isin on a million rows
            hit = np.append(column.cat.categories.isin(list(wanted)), False)  # code -1 (missing) -> False
            return hit[column.cat.codes.to_numpy()]
        return column.isin(wanted).to_numpy()


FILTERS: tuple[Filter, ...] = (
    Filter("city", "City", "city", lambda t: _sorted_values(t.quantities["city"])),
    Filter("outlet", "Outlet", "outlet", lambda t: _sorted_values(t.articles["outlet"])),
    Filter("cited", "Cited source", "cited_source", _cited, empty_option=OWN_CLAIM),
    Filter("theme", "Theme", "theme", lambda t: [x for x in THEMES if x in set(t.quantities["theme"])]),
    Filter(
        "quantity",
        "Quantity",
        "quantity_id",
        lambda t: t.quantities.sort_values(["city", "label", "quantity_id"])["quantity_id"].tolist(),
    ),
)
BY_KEY: dict[str, Filter] = {f.url_key: f for f in FILTERS}

# Past this many quantities the Quantity filter lists only the matches of a search box above it: a
# multiselect sends and renders every option on every rerun, in a list no one scrolls (README, Speed).
LISTED_QUANTITIES = 200


class Selection(dict[str, list[str]]):
    """The chosen options of each filter, url_key -> values in the order chosen, keys in FILTERS order; a
    filter with nothing chosen is absent and means all. A plain dict to read (st.cache_* hash it by its
    items); treat it as read-only: `replace` gives a new one."""

    def __init__(self, chosen: Mapping[str, Sequence[str]] | None = None) -> None:
        chosen = chosen or {}
        super().__init__(
            (f.url_key, list(dict.fromkeys(chosen[f.url_key]))) for f in FILTERS if chosen.get(f.url_key)
        )

    def replace(self, **chosen: Sequence[str]) -> Selection:
        """This selection with some filters set anew (an empty sequence clears one)."""
        return Selection({**self, **chosen})

    def mask(self, figures: pd.DataFrame) -> np.ndarray:
        """Which rows pass every chosen filter, as a boolean array."""
        mask = np.ones(len(figures), dtype=bool)
        for key, values in self.items():
            mask &= BY_KEY[key].mask(figures, values)
        return mask

    def query(self, page_params: Mapping[str, str] | None = None) -> dict[str, list[str] | str]:
        """The query string, as st.query_params takes it: the filters in FILTERS order, then page keys."""
        query: dict[str, list[str] | str] = {k: list(v) for k, v in self.items()}
        query.update({k: v for k, v in (page_params or {}).items() if v})
        return query


def filter_mask(figures: pd.DataFrame, selection: Mapping[str, Sequence[str]]) -> np.ndarray:
    """Which rows pass every non-empty filter of `selection` (unknown keys are ignored)."""
    return as_selection(selection).mask(figures)


def filter_figures(
    figures: pd.DataFrame, selection: Mapping[str, Sequence[str]], columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """The figures that pass every non-empty filter; only `columns` if given (the row take costs per
    column, and the filter columns need not be among them)."""
    mask = filter_mask(figures, selection)
    return (figures if columns is None else figures[list(columns)])[mask]


def as_selection(selection: Mapping[str, Sequence[str]]) -> Selection:
    return selection if isinstance(selection, Selection) else Selection(selection)


def query_for(selection: Mapping[str, Sequence[str]], page_params: Mapping[str, str] | None = None) -> dict:
    """The query string dict for st.query_params: non-empty filters in FILTERS order, then page keys."""
    return as_selection(selection).query(page_params)


@dataclass
class ParsedQuery:
    selection: Selection = field(default_factory=Selection)
    page_params: dict[str, list[str]] = field(default_factory=dict)  # article, figure: as given
    notices: list[str] = field(default_factory=list)  # what was ignored, in words (unescaped)


def parse_query(
    params: Mapping[str, Sequence[str]],
    options: Mapping[str, Sequence[str]],
    aliases: Mapping[str, Mapping[str, str]] | None = None,
    page_keys: frozenset[str] = frozenset(),
) -> ParsedQuery:
    """Match URL values to filter options case-insensitively; report unknown keys and values.

    `options` maps each filter's url_key to its option values; `aliases` may map further lower-cased
    spellings to an option (the quantity filter accepts a label as well as an id); `page_keys` are the
    keys a page takes (article, figure), kept as given.
    """
    parsed = ParsedQuery()
    chosen: dict[str, list[str]] = {}
    for key, values in params.items():
        if key in page_keys and key not in BY_KEY:
            parsed.page_params[key] = [v for v in values if v != ""]
            continue
        if key not in BY_KEY:
            parsed.notices.append(f"Unknown URL parameter '{key}' was ignored.")
            continue
        lookup = {o.lower(): o for o in options.get(key, ())}
        lookup.update((aliases or {}).get(key, {}))
        for value in values:
            match = lookup.get(value.strip().lower())
            if match is None:
                if value.strip():
                    parsed.notices.append(f"Unknown {key} '{value}' in the URL was ignored.")
            else:
                chosen.setdefault(key, []).append(match)
    parsed.selection = Selection(chosen)
    return parsed


def distinct_names(names: Mapping[str, str]) -> dict[str, str]:
    """`names` (value -> name shown), with a name that several values share followed by the value: a
    multiselect maps a picked name back to the first value showing it, so a shared name could never pick
    the others (and "select all matches" would pick the first one many times)."""
    shared = Counter(names.values())
    return {value: f"{name} ({value})" if shared[name] > 1 else name for value, name in names.items()}


def listed_options(
    options: Sequence[str], names: Mapping[str, str], search: str, chosen: Sequence[str], limit: int
) -> tuple[list[str], int]:
    """What a long filter lists: the `chosen` options, then the first `limit` others whose value or name
    contains `search` (ignoring case), in `options` order. Returns (listed, matches left out)."""
    needle, picked = search.strip().casefold(), set(chosen)
    matching = [
        o
        for o in options
        if o not in picked and (needle in o.casefold() or needle in names.get(o, "").casefold())
    ]
    return list(chosen) + matching[:limit], max(0, len(matching) - limit)
