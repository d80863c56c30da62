"""A click on a mark of a Compare chart opens its quote on /sources: the chart's selection callback asks
for the quote, and the run the click starts makes the switch (in the script: a callback cannot).

The callback lives here, not in the page's script: Streamlit keeps a widget's callback with its session,
and keeps a session for a while after its reader leaves (server.disconnectedSessionTTL); a function
defined in the page would keep that run's whole namespace (its frames included) alive with it, objects
every full garbage collection walks (README, Many readers).
"""

import streamlit as st

from figures.view.cards import Card
from figures.view.charts import PICKS

QUOTE = "compare_quote"  # the quote asked for: {"article": ..., "figure": ...}


def open_quote(card: Card, chart: str) -> None:
    """The selection of the card's chart (widget key `chart`) changed, a rerun follows: a click on one of
    its marks asks for its quote."""
    event = st.session_state[chart]
    picked = [p.get("figure") for name in PICKS for p in event.selection.get(name) or []]
    if picked and picked[0] in card.articles:
        st.session_state[QUOTE] = {"article": card.articles[picked[0]], "figure": picked[0]}
