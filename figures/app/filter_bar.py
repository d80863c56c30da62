"""The sidebar filter bar, one component that owns its session state: the `Selection` it holds, seeded
from the URL on a session's first run, shown by one multiselect per filter and kept in the URL.

The router hands it the snapshot's choices (figures.app.state.Choices); pages read `selection()`. The
Selection is kept in session state under SELECTION and copied into the widgets on every run: the run
that st.switch_page starts carries no widget values.
"""

from dataclasses import dataclass

import streamlit as st

from figures.app.state import Choices
from figures.view.filters import FILTERS, LISTED_QUANTITIES, Filter, Selection, listed_options, parse_query
from figures.view.pages import PAGE_KEYS, Page

SELECTION = "filters"
SEARCH = "filter_quantity_search"


@dataclass(frozen=True)
class Bar:
    """One run's filter bar: what start() found, for the page's notices and for draw()."""

    notices: list[str]  # URL keys and values that were ignored (unescaped)
    choices: Choices


def start(page: Page, choices: Choices) -> Bar:
    """Before the page, on every run: on a session's first run the Selection from the URL, with a notice
    for each key or value that was ignored; then the widgets set from it, and the URL from the filters
    and the page's own keys. Values that are no longer options (the data changed) are dropped."""
    options = choices.options
    notices: list[str] = []
    if SELECTION not in st.session_state:
        parsed = parse_query(
            {key: st.query_params.get_all(key) for key in st.query_params},
            options,
            choices.aliases,
            PAGE_KEYS,
        )
        st.session_state[SELECTION], notices = parsed.selection, parsed.notices
    chosen = st.session_state[SELECTION]
    known = {key: [v for v in values if v in options[key]] for key, values in chosen.items()}
    if known != chosen:
        st.session_state[SELECTION] = chosen = Selection(known)
    for f in FILTERS:
        st.session_state[f.widget_key] = list(chosen.get(f.url_key, ()))
    _keep_in_url(chosen, page)
    return Bar(notices, choices)


def selection() -> Selection:
    """The filters' current values."""
    return st.session_state[SELECTION]


def _keep_in_url(chosen: Selection, page: Page) -> None:
    # Only when it differs, so a run that changed nothing sends no URL update; every run, because a page
    # switch through st.navigation clears the query string.
    wanted = {**chosen, **{key: [v] for key in page.keys if (v := st.query_params.get(key, ""))}}
    if {key: st.query_params.get_all(key) for key in st.query_params} != wanted:
        st.query_params.from_dict(wanted)


def _remember(f: Filter) -> None:
    st.session_state[SELECTION] = selection().replace(**{f.url_key: st.session_state[f.widget_key]})


def draw(bar: Bar) -> None:
    """The sidebar: one multiselect per filter, with the options of the run's start() (one snapshot for
    the whole run); past LISTED_QUANTITIES quantities a search box lists the matches of the Quantity
    filter."""
    options, names = bar.choices.options, bar.choices.names
    with st.sidebar:
        st.header("Filters")
        st.caption("Empty means all. The address bar keeps the filters, so the URL can be shared.")
        for f in FILTERS:
            listed, left_out, shown = options[f.url_key], 0, names.get(f.url_key, {})
            if f.url_key == "quantity" and len(listed) > LISTED_QUANTITIES:
                search = st.text_input(
                    "Find quantities", key=SEARCH, placeholder="Part of a name, then Enter"
                )
                chosen = st.session_state[f.widget_key]
                listed, left_out = listed_options(listed, shown, search, chosen, LISTED_QUANTITIES)
            # Enter picks one option, never every match: without the "Select all matches" row (Enter
            # commits the first row shown), Enter takes the best match. Fuzzy matching ranks the matches
            # best first ("Raq": Raqqa, then "Mosul and Raqqa"); "contains" keeps the list's order and
            # would pick "Iraq and Syria" (measured in Chromium, tests/test_share_browser.py).
            st.multiselect(
                f.label,
                listed,
                key=f.widget_key,
                select_all=False,
                filter_mode="fuzzy",
                placeholder="All",
                format_func=shown.__getitem__ if shown else str,
                help=f.help or None,
                on_change=_remember,
                args=(f,),
            )
            if left_out:
                st.caption(
                    f"{left_out:,} more quantities match: type more of a name above to narrow the list."
                )
