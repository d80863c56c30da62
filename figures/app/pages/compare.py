"""Compare claims (the default page, "/"): one chart per quantity passing the sidebar filters, every
article's claim on its own row, marks drawn by bound, with the spread, the quantity's definition, a text
alternative and "Read the quote" links (figures/view/cards.py builds all of it). Clicking a mark opens
the quote on /sources.
"""

from functools import partial

import streamlit as st

from figures.app import PageDone, filter_bar, page_state, picks, share, state
from figures.view.cards import GROUPED
from figures.view.charts import MARKS
from figures.view.cite import chart_citation
from figures.view.claims import (
    DEFAULT_ORDER,
    MAX_MARKS,
    QUANTITIES_PER_PAGE,
    SORTS,
    SPREAD_BASIS,
    page_count,
    page_of,
)
from figures.view.pages import CLAIMS, ORDER, PAGE, PAGES, page_number
from figures.view.text import MARKDOWN

st.title("Compare claims")
st.caption(
    "Each chart is one measured quantity; each mark one independent estimate: a number put out by its "
    "primary source (the source an outlet cites, or the outlet itself), however many outlets repeated it. "
    "Colour: the kind of primary source. The repeats are listed under each chart with their quotes. "
    "The dashboard takes no side. Marks: "
    + "; ".join(f"{m['name']}" for m in MARKS.values())
    + f". Spread = {SPREAD_BASIS.translate(MARKDOWN)}."
)

selection = filter_bar.selection()

# A click on a mark asks for its quote (picks.open_quote, the charts' callback); the run the click starts
# opens it here, before drawing a page it would leave (the switch is made in the script, not in the callback).
if quote := st.session_state.pop(picks.QUOTE, None):
    st.switch_page(PAGES["sources"].file, query_params=selection.query(quote))


# The page's own view starts from the URL (?order=, ?page=, ?claims=all) and is kept in it.
sort = page_state.seed(ORDER, "compare_sort", lambda v: v if v in SORTS else None, DEFAULT_ORDER)
page_state.seed(PAGE, "compare_page", page_number, 1)
page_state.seed(CLAIMS, "compare_every_claim", {"all": True}.get, False)
# the quantities in the page's order, memoised per selection and order (the order widget is drawn below)
summary = state.summary(selection, sort)
claimed = int(summary["claims"].sum())

if summary.empty:
    st.info("No figures match the filters. Clear a filter in the sidebar to see more.")
    raise PageDone

every_claim = st.toggle(
    "Show every claim (one mark per article that printed a number), not one mark per estimate",
    key="compare_every_claim",
)

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

shown = page_of(summary, page, QUANTITIES_PER_PAGE)
page_state.keep(CLAIMS, "all" if every_claim else None)
page_state.keep(ORDER, None if sort == DEFAULT_ORDER else sort)
page_state.keep(PAGE, None if page == 1 else str(page))
# a quantity's heading is one level below the page's (axe: heading order), and below its group's, if any
heading = st.subheader if sort in GROUPED else st.header


for card in state.cards_for(selection, sort, shown["quantity_id"].tolist(), every_claim):
    if card.group:
        st.header(card.group, divider="gray")
    with st.container(border=True, key=f"compare_quantity_{card.quantity_id}"):
        heading(card.label, anchor=f"q-{card.quantity_id}")
        st.markdown(card.about)
        # the cards' same-tab links are HTML anchors; all article text in them is md_escape()d (cards.py)
        for note in card.notes:
            st.caption(note, unsafe_allow_html=True)
        chart = {**card.spec, "data": {"name": "rows"}, "datasets": {"rows": card.rows}}
        st.vega_lite_chart(
            None,
            chart,
            key=(chart_key := f"compare_chart_{card.quantity_id}"),
            on_select=partial(picks.open_quote, card, chart_key),
            width="stretch",
        )
        st.markdown(card.links, unsafe_allow_html=True)
        share.offer(
            "chart",
            f"share_{card.quantity_id}",
            card.link,
            PAGES["compare"],
            partial(chart_citation, card.facts, "Compare chart"),
            embed_title=card.facts.label,
        )

if len(summary) > len(shown):
    st.caption(
        f"Page {page} of {pages}: change the page above to see more quantities. Marks cap: {MAX_MARKS:,}."
    )
