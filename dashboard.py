"""Entry point and router: `streamlit run dashboard.py`.

Runs on every page before the page itself: the navigation, the shared sidebar filters, the URL query
string that mirrors them (DESIGN.md §5), and the notices every page must show (ignored URL values,
rejected rows).
"""

from pathlib import Path

import streamlit as st

from figures.app import state as loader
from figures.view.filters import (
    FILTERS,
    LISTED_QUANTITIES,
    PAGE_KEYS,
    Filter,
    listed_options,
    parse_query,
    query_for,
)
from figures.view.transforms import md_escape

PAGES = Path(__file__).parent / "figures" / "app" / "pages"
MAX_PROBLEMS_SHOWN = 500  # a broken million-row file could reject every row: show the first ones

st.set_page_config(page_title="Conflict figures: Mosul, Raqqa, Aleppo", page_icon="📊", layout="wide")

pages = {
    "compare": st.Page(PAGES / "compare.py", title="Compare", icon="⚖️", default=True),
    "timeline": st.Page(PAGES / "timeline.py", title="Timeline", icon="📅", url_path="timeline"),
    "sources": st.Page(PAGES / "sources.py", title="Sources", icon="📰", url_path="sources"),
    "data": st.Page(PAGES / "data.py", title="Data", icon="🧾", url_path="data"),
    "about": st.Page(PAGES / "about.py", title="About", icon="ℹ️", url_path="about"),
}
page = st.navigation(list(pages.values()))
page_name = next(name for name, p in pages.items() if p is page)

loaded = loader.data()
options = loader.options()

# Seed the filters from the URL once per session. Only known option values reach the widgets: an
# unknown default would raise StreamlitDefaultNotInOptionsError.
if "_filters" not in st.session_state:
    parsed = parse_query(
        {key: st.query_params.get_all(key) for key in st.query_params}, options, loader.quantity_aliases()
    )
    st.session_state["_filters"] = {f.url_key: parsed.selection.get(f.url_key, []) for f in FILTERS}
    st.session_state["_url_notices"] = parsed.notices
else:
    st.session_state["_url_notices"] = []

# The filters live in "_filters" and are copied into the widgets on every run: the run that
# st.switch_page starts carries no widget values, so the widgets alone would come back empty there.
# Values that are no longer options (the data was reloaded) are dropped.
for f in FILTERS:
    st.session_state[f.widget_key] = [
        v for v in st.session_state["_filters"][f.url_key] if v in options[f.url_key]
    ]


def _remember(f: Filter) -> None:
    st.session_state["_filters"][f.url_key] = list(st.session_state[f.widget_key])


def show_filters() -> None:
    names = loader.quantity_names()
    with st.sidebar:
        st.header("Filters")
        st.caption("Empty means all. The address bar keeps the filters, so the URL can be shared.")
        for f in FILTERS:
            listed, left_out = options[f.url_key], 0
            if f.url_key == "quantity" and len(listed) > LISTED_QUANTITIES:
                search = st.text_input(
                    "Find quantities", key="filter_quantity_search", placeholder="Part of a name, then Enter"
                )
                chosen = st.session_state[f.widget_key]
                listed, left_out = listed_options(listed, names, search, chosen, LISTED_QUANTITIES)
            st.multiselect(
                f.label,
                listed,
                key=f.widget_key,
                placeholder="All",
                format_func=(lambda q: names.get(q, q)) if f.url_key == "quantity" else str,
                on_change=_remember,
                args=(f,),
            )
            if left_out:
                st.caption(
                    f"{left_out:,} more quantities match: type more of a name above to narrow the list."
                )


# Re-written on every run: a page switch through st.navigation clears the query string (TOOLING §3a.8).
page_params = {key: st.query_params.get(key, "") for key in PAGE_KEYS.get(page_name, ())}
wanted = query_for(loader.selection(), page_params)
current = {key: st.query_params.get_all(key) for key in st.query_params}
if current != {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}:
    # only when it differs, so a run that changed nothing sends no URL update to the browser
    st.query_params.from_dict(wanted)

for notice in st.session_state["_url_notices"]:
    st.warning(md_escape(notice), icon="⚠️")

if loaded.problems:
    rows = {(p.path, p.line) for p in loaded.problems if p.line > 1}
    files = len(loaded.problems) - sum(1 for p in loaded.problems if p.line > 1)
    parts = []
    if rows:
        named = ", ".join(f"{path}:{line}" for path, line in sorted(rows)[:5])
        parts.append(
            (
                f"{len(rows)} row was rejected and is not shown"
                if len(rows) == 1
                else f"{len(rows)} rows were rejected and are not shown"
            )
            + f" ({md_escape(named)}{', …' if len(rows) > 5 else ''})"
        )
    if files:
        parts.append(f"{files} problem{'s' if files != 1 else ''} with a whole file or its header")
    st.warning("; ".join(parts) + ". The data shown is what `python -m figures check` accepts.", icon="⚠️")
    with st.expander("Rejected rows and file problems (path:line: column: message)"):
        shown = loaded.problems[:MAX_PROBLEMS_SHOWN]
        more = len(loaded.problems) - len(shown)
        st.code("\n".join(str(p) for p in shown) + (f"\n… and {more} more" if more else ""), language=None)

# The filters are drawn after the page: the browser then meets the page's first chart, and starts fetching
# the chart library, before the five filter widgets (first chart ~60-90 ms sooner, README "Speed"). The
# page reads the filters from session state, set above. `finally`: a page that fails keeps its filters.
try:
    page.run()
except loader.PageDone:
    pass
finally:
    show_filters()
