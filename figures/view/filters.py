"""The filters, declared once: each one's URL key, label, the figures columns it matches, how its options
are found and how each is named; and the one `Selection` value that carries the chosen options from the
URL to every chart.

`?city=Mosul&outlet=...&cited=...&source=...&kind=...&side=...&theme=...&quantity=...` (README, Run the
dashboard): repeatable keys, values as shown in the filters (or their ids), matched without regard to
case. Unknown keys and values are dropped and reported as notices, never raised.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from figures.rules.schema import SOURCE_KINDS, THEMES
from figures.tables.load import Loaded
from figures.view.estimates import KIND_NAMES, OWN_CLAIM

# Earlier spellings of the option for figures that cite nobody, still accepted in URLs
OWN_CLAIM_FORMERLY = ("(outlet's own claim)",)


def _present(values: pd.Series, order: Sequence[str] | None = None) -> list[str]:
    found = set(values.astype(str)) - {""}
    return [v for v in order if v in found] if order is not None else sorted(found, key=str.lower)


def _source_names(loaded: Loaded) -> dict[str, str]:
    return dict(zip(loaded.sources["source_id"], loaded.sources["name"], strict=True))


def _by_name(loaded: Loaded, ids: set[str]) -> list[str]:
    names = _source_names(loaded)
    return sorted(ids - {""}, key=lambda s: names.get(s, s).lower())


def _cited(loaded: Loaded) -> list[str]:
    cited = loaded.figures["cited_source"].astype(str)
    return _by_name(loaded, set(cited)) + ([OWN_CLAIM] if (cited == "").any() else [])


def _sources(loaded: Loaded) -> list[str]:
    figures = loaded.figures
    used = {
        *loaded.articles["outlet"],
        *figures["cited_source"].astype(str),
        *figures["cited_via"].astype(str),
    }
    return _by_name(loaded, used)


def _quantity_names(loaded: Loaded) -> dict[str, str]:
    quantities = loaded.quantities
    return distinct_names(
        {
            q: f"{label} ({city})" if city and city.lower() not in label.lower() else label
            for q, label, city in zip(
                quantities["quantity_id"], quantities["label"], quantities["city"], strict=True
            )
        }
    )


@dataclass(frozen=True)
class Filter:
    url_key: str  # the query-string key
    label: str  # the widget label (browser tests find widgets by it)
    columns: tuple[str, ...]  # the figures columns it matches: a row passes if any holds a chosen value
    options: Callable[[Loaded], list[str]]  # its option values, in display order
    names: Callable[[Loaded], dict[str, str]] | None = None  # value -> the name shown and accepted in URLs
    empty_option: str | None = None  # the option that stands for an empty cell
    help: str = ""
    widget_key: str = field(init=False)  # the st.session_state key of its sidebar widget

    def __post_init__(self) -> None:
        object.__setattr__(self, "widget_key", f"filter_{self.url_key}")

    def mask(self, figures: pd.DataFrame, values: Sequence[str]) -> np.ndarray:
        """Which rows hold one of `values` in one of the filter's columns."""
        wanted = set(values)
        if self.empty_option in wanted:
            wanted.add("")
        mask = np.zeros(len(figures), dtype=bool)
        for name in self.columns:
            column = figures[name]
            if isinstance(column.dtype, pd.CategoricalDtype):
                # a lookup by category code: several times faster than Series.isin on a million rows
                hit = np.append(column.cat.categories.isin(list(wanted)), False)  # code -1 (missing): no
                mask |= hit[column.cat.codes.to_numpy()]
            else:
                mask |= column.isin(wanted).to_numpy()
        return mask


FILTERS: tuple[Filter, ...] = (
    Filter("city", "City", ("city",), lambda t: _present(t.quantities["city"])),
    Filter("outlet", "Outlet", ("outlet",), lambda t: _by_name(t, set(t.articles["outlet"])), _source_names),
    Filter("cited", "Cited source", ("cited_source",), _cited, _source_names, empty_option=OWN_CLAIM),
    Filter(
        "source",
        "Source (outlet, cited or via)",
        ("outlet", "cited_source", "cited_via"),
        _sources,
        _source_names,
        help="Claims in which this source takes any part: it printed, produced or passed on the number.",
    ),
    Filter(
        "kind",
        "Kind of primary source",
        ("primary_kind",),
        lambda t: _present(t.figures["primary_kind"], SOURCE_KINDS),
        lambda t: KIND_NAMES,
        help="The primary source is the cited source, or the outlet when it cites nobody.",
    ),
    Filter(
        "side", "Side of primary source", ("primary_side",), lambda t: _present(t.figures["primary_side"])
    ),
    Filter("theme", "Theme", ("theme",), lambda t: _present(t.quantities["theme"], THEMES)),
    Filter(
        "quantity",
        "Quantity",
        ("quantity_id",),
        lambda t: t.quantities.sort_values(["city", "label", "quantity_id"])["quantity_id"].tolist(),
        _quantity_names,
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


@dataclass
class ParsedQuery:
    selection: Selection = field(default_factory=Selection)
    page_params: dict[str, list[str]] = field(default_factory=dict)  # article, figure: as given
    notices: list[str] = field(default_factory=list)  # what was ignored, in words (unescaped)
    unknown: list[tuple[str, str | None]] = field(default_factory=list)  # (key, value; None: the key)


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
            parsed.unknown.append((key, None))
            continue
        lookup = {o.lower(): o for o in options.get(key, ())}
        lookup.update((aliases or {}).get(key, {}))
        for value in values:
            match = lookup.get(value.strip().lower())
            if match is None:
                if value.strip():
                    parsed.notices.append(f"Unknown {key} '{value}' in the URL was ignored.")
                    parsed.unknown.append((key, value))
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
        if o not in picked and (not needle or needle in o.casefold() or needle in names.get(o, "").casefold())
    ]
    return list(chosen) + matching[:limit], max(0, len(matching) - limit)


def aliases(loaded: Loaded) -> dict[str, dict[str, str]]:
    """Per filter, further spellings a URL may use for an option (lower-cased): the names shown, and for
    quantities their labels too; a spelling that fits several options is left out."""
    out: dict[str, dict[str, str]] = {}
    for f in FILTERS:
        if f.names is None:
            continue
        pairs = list(f.names(loaded).items())
        if f.url_key == "quantity":
            pairs += list(zip(loaded.quantities["quantity_id"], loaded.quantities["label"], strict=True))
        spelled: dict[str, set[str]] = {}
        for value, name in pairs:
            spelled.setdefault(name.lower(), set()).add(value)
        out[f.url_key] = {name: next(iter(values)) for name, values in spelled.items() if len(values) == 1}
    out.setdefault("cited", {}).update((old.lower(), OWN_CLAIM) for old in OWN_CLAIM_FORMERLY)
    return out
