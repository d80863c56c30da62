"""The shareable filter state: which query-string keys exist, and how URL values map onto filter options.

`?city=Mosul&city=Aleppo&outlet=...&cited=...&theme=...&quantity=...` (DESIGN.md §5): repeatable keys,
values as shown in the filters, matched without regard to case. Unknown keys and values are dropped and
reported as notices, never raised. Pure: the entry file (dashboard.py) does the streamlit side.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Filter:
    url_key: str  # the query-string key
    widget_key: str  # the st.session_state key of the sidebar multiselect
    label: str  # the widget label (browser tests find widgets by it)


FILTERS: tuple[Filter, ...] = (
    Filter("city", "filter_city", "City"),
    Filter("outlet", "filter_outlet", "Outlet"),
    Filter("cited", "filter_cited", "Cited source"),
    Filter("theme", "filter_theme", "Theme"),
    Filter("quantity", "filter_quantity", "Quantity"),
)

# Past this many quantities the Quantity filter lists only the matches of a search box above it: a
# multiselect sends and renders every option on every rerun, and 5,000 of them (1M figures) cost ~90-120 ms
# of each filter change (A/B), in a list no one scrolls.
LISTED_QUANTITIES = 200

# Keys that belong to one page; they are known (no notice) and kept in the URL on that page only.
PAGE_KEYS: dict[str, tuple[str, ...]] = {"sources": ("article", "figure")}
KNOWN_KEYS: frozenset[str] = frozenset(
    [f.url_key for f in FILTERS] + [k for keys in PAGE_KEYS.values() for k in keys]
)


@dataclass
class ParsedQuery:
    selection: dict[str, list[str]] = field(default_factory=dict)  # url_key -> canonical option values
    page_params: dict[str, list[str]] = field(default_factory=dict)  # article, figure: as given
    notices: list[str] = field(default_factory=list)  # what was ignored, in words (unescaped)


def parse_query(
    params: Mapping[str, Sequence[str]],
    options: Mapping[str, Sequence[str]],
    aliases: Mapping[str, Mapping[str, str]] | None = None,
) -> ParsedQuery:
    """Match URL values to filter options case-insensitively; report unknown keys and values.

    `options` maps each filter's url_key to its option values; `aliases` may map further lower-cased
    spellings to an option (the quantity filter accepts a label as well as an id).
    """
    parsed = ParsedQuery()
    for key, values in params.items():
        if key not in KNOWN_KEYS:
            parsed.notices.append(f"Unknown URL parameter '{key}' was ignored.")
            continue
        if key not in options:
            parsed.page_params[key] = [v for v in values if v != ""]
            continue
        lookup = {o.lower(): o for o in options[key]}
        lookup.update((aliases or {}).get(key, {}))
        chosen: list[str] = []
        for value in values:
            match = lookup.get(value.strip().lower())
            if match is None:
                if value.strip():
                    parsed.notices.append(f"Unknown {key} '{value}' in the URL was ignored.")
            elif match not in chosen:
                chosen.append(match)
        if chosen:
            parsed.selection[key] = chosen
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


def query_for(selection: Mapping[str, Sequence[str]], page_params: Mapping[str, str] | None = None) -> dict:
    """The query string dict for st.query_params: non-empty filters in FILTERS order, then page keys."""
    query: dict[str, list[str] | str] = {
        f.url_key: list(selection[f.url_key]) for f in FILTERS if selection.get(f.url_key)
    }
    query.update({k: v for k, v in (page_params or {}).items() if v})
    return query
