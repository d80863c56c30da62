""" "Copy link and cite" under each chart and each figure: the link that reproduces the view, a citation,
and for a chart the code that embeds it. Each is a code block, whose copy button copies it exactly
(Streamlit's own, no script of ours).
"""

import datetime as dt
from collections.abc import Callable

import streamlit as st

from figures.view.cite import embed_code
from figures.view.pages import Page, absolute


def offer(
    what: str,
    key: str,
    link: str,
    shown: Page,
    citation: Callable[[str, dt.date], str],
    embed_title: str | None = None,
) -> None:
    """An expander "Copy link and cite this <what>" with the full address of `link` (a link() of
    figures.view.pages, from the page `shown`), the citation `citation(address, access date)` gives and,
    given `embed_title`, the embed code. Its code blocks are drawn, and the citation written, only once
    it is opened (a rerun): drawn closed, a page of charts' code blocks delayed the first chart (the code
    block's highlighter is fetched and each block rendered; README, Speed)."""
    with st.expander(f"Copy link and cite this {what}", key=key, on_change="rerun"):
        if not st.session_state.get(key):
            return
        url = absolute(link, st.context.url, shown)
        st.caption(f"Link to this {what} (the filters and the view included):")
        st.code(url, language=None, wrap_lines=True)
        st.caption("Citation:")
        # the access date a citation gives: today, in UTC
        st.code(citation(url, dt.datetime.now(dt.UTC).date()), language=None, wrap_lines=True)
        if embed_title is not None:
            st.caption("Embed it in a web page:")
            st.code(embed_code(url, embed_title), language=None, wrap_lines=True)
