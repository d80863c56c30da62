"""Compare claims (the default page, "/"): one chart per quantity passing the sidebar filters, every
article's claim on its own row, marks drawn by bound, with the spread, the quantity's definition, a text
alternative and a "Read the quote" link per claim. Clicking a mark opens the quote on /sources.
"""

import os
import urllib.parse

import pandas as pd
import streamlit as st

from figures import charts, loader
from figures.charts import MARKS
from figures.filters import query_for
from figures.transforms import (
    CLAIM_COLUMNS,
    MAX_MARKS,
    QUANTITIES_PER_PAGE,
    SORTS,
    SPREAD_BASIS,
    as_of_span,
    cap_marks,
    claim_in_words,
    claims_by_quantity,
    format_number,
    md_escape,
    page_count,
    page_of,
    sort_quantities,
    spread_of,
)

MAX_LINKS = 50  # "Read the quote" links per chart; the Data page lists every claim
# What the quote links read (claim_in_words: value to qualifier) and are sorted by (central)
LISTED = [
    *("figure_id", "article_id", "claim_source", "published", "central"),
    *("value", "low", "high", "bound", "qualifier"),
]
SOURCES = "figures/pages/sources.py"
ROOT = os.environ.get("FIGURES_ROOT", "")

st.title("Compare claims")
st.caption(
    "Each chart is one measured quantity; each row one outlet's claim about it. A figure is a claim by an "
    "outlet, often citing a primary source: the dashboard takes no side. Marks: "
    + "; ".join(f"{m['name']}" for m in MARKS.values())
    + f". Spread = {md_escape(SPREAD_BASIS)}."
)

selection = loader.selection()
quantities = loader.data().quantities.set_index("quantity_id")
summary = loader.summary(selection)  # memoised per selection; the filtered figures are never all taken
claimed = int(summary["claims"].sum())

if summary.empty:
    st.info("No figures match the filters. Clear a filter in the sidebar to see more.")
    st.stop()

left, middle, right = st.columns([2, 1, 2])
sort = left.selectbox("Order", list(SORTS), format_func=SORTS.get, key="compare_sort")
pages = page_count(len(summary), QUANTITIES_PER_PAGE)
if st.session_state.get("compare_page", 1) > pages:  # the filters shrank the list under the page shown
    st.session_state["compare_page"] = pages
page = middle.number_input("Page", min_value=1, max_value=pages, step=1, key="compare_page")
right.markdown(
    f"**{len(summary):,}** quantit{'y' if len(summary) == 1 else 'ies'}, **{claimed:,}** claims; "
    f"page {page} of {pages}, {QUANTITIES_PER_PAGE} quantities a page."
)

ordered = sort_quantities(summary, sort)
shown = page_of(ordered, page, QUANTITIES_PER_PAGE)
# Only the quantities on this page (a few hundred rows, not all the filtered figures), only what a claim
# row needs (CLAIM_COLUMNS: half the columns, so every step below costs about half)
in_page = loader.filtered({**selection, "quantity": shown["quantity_id"].tolist()}, CLAIM_COLUMNS)
by_quantity = claims_by_quantity(in_page)


@st.cache_resource(max_entries=64, show_spinner=False)
def chart_of(root: str, ids: tuple[str, ...], unit: str, note: str, _claims: pd.DataFrame) -> dict:
    """The chart of these claims, built once: readers go back and forth between the same filters, and a
    2,000-claim spec takes ~30 ms to build. Shared between sessions: read-only."""
    return charts.compare_spec(_claims, unit=unit, note=note)


def quote_link(article_id: str, figure_id: str) -> str:
    # relative to the app root, so it also works when the app is served under a path prefix
    query = query_for(selection, {"article": article_id, "figure": figure_id})
    return "sources?" + urllib.parse.urlencode(query, doseq=True)


def timeline_link(quantity_id: str) -> str:
    query = {**query_for(selection, {}), "quantity": quantity_id}
    return "timeline?" + urllib.parse.urlencode(query, doseq=True)


group = None
for record in shown.to_dict("records"):
    qid = record["quantity_id"]
    if sort in ("city", "theme") and record[sort] != group:
        group = record[sort]
        st.header(md_escape(group.capitalize() if sort == "theme" else group), divider="gray")
    q = quantities.loc[qid]
    rows = by_quantity[qid]
    spread = spread_of(rows["central"].tolist())
    capped, total = cap_marks(rows)
    note = (
        f"Showing {len(capped):,} of {total:,} claims, sampled evenly by value (lowest and highest kept)."
        if total > len(capped)
        else ""
    )
    with st.container(border=True, key=f"compare_quantity_{qid}"):
        st.subheader(md_escape(q["label"]), anchor=f"q-{qid}")
        where = ", ".join(x for x in (q["place"], q["city"]) if x)
        st.markdown(
            f"**{md_escape(spread.text())}** · {md_escape(where)} · {md_escape(q['kind'])} · "
            f"unit: {md_escape(q['unit'])} · scope: {md_escape(q['scope'])}  \n"
            f"{md_escape(q['definition'])}"
        )
        if spread.claims > 1:
            st.caption(
                f"Spread {md_escape(spread.text())}: highest claim "
                f"{md_escape(format_number(spread.highest))} over lowest "
                f"{md_escape(format_number(spread.lowest))}."
            )
        span = as_of_span(rows)
        if span and q["kind"] != "event":
            st.caption(
                f"These claims speak of different dates ({md_escape(span[0])} to {md_escape(span[1])}): "
                f"for a {md_escape(q['kind'])} quantity part of the spread may be change over time, not "
                "disagreement. "
                f"[See them on the timeline]({timeline_link(qid)})."
            )
        drawn = capped.sort_values("central", kind="stable")
        spec = chart_of(ROOT, tuple(drawn["figure_id"]), q["unit"], note, drawn)
        event = st.vega_lite_chart(spec, key=f"compare_chart_{qid}", on_select="rerun", width="stretch")
        picked = [p.get("figure") for name in charts.PICKS for p in event.selection.get(name) or []]
        if picked and picked[0]:
            figure_id = picked[0]
            article_id = rows.loc[rows["figure_id"] == figure_id, "article_id"]
            if len(article_id):
                st.switch_page(
                    SOURCES,
                    query_params=query_for(selection, {"article": article_id.iloc[0], "figure": figure_id}),
                )
        # only the columns the links read: sorting and to_dict cost per column on the wide frame
        listed = capped[LISTED].sort_values("central", ascending=False, kind="stable").head(MAX_LINKS)
        lines = [
            f"- {md_escape(r['claim_source'])}: {md_escape(claim_in_words(r))}, published "
            f"{md_escape(r['published'] or 'date unknown')} · "
            f"[Read the quote]({quote_link(r['article_id'], r['figure_id'])})"
            for r in listed.to_dict("records")
        ]
        if len(capped) > len(listed) or total > len(capped):
            lines.append(f"- … and {total - len(listed):,} more claims: see the Data page.")
        st.markdown("\n".join(lines))


if len(ordered) > len(shown):
    st.caption(
        f"Page {page} of {pages}: change the page above to see more quantities. Marks cap: {MAX_MARKS:,}."
    )
