""" "Copy link and cite" under each chart and each figure: the link that reproduces the view, a citation,
and for a chart the code that embeds it. Each is a code block, whose copy button copies it exactly
(Streamlit's own, no script of ours).
"""

import datetime as dt
from collections.abc import Callable

import streamlit as st

from figures.view.cite import embed_code
from figures.view.pages import Page, absolute


def full_address(relative: str, shown: Page) -> str:
    """A link() of figures.view.pages as the address a reader can paste anywhere."""
    return absolute(relative, st.context.url, shown)


def accessed() -> dt.date:
    """The access date a citation gives: today, in UTC."""
    return dt.datetime.now(dt.UTC).date()


def offer(what: str, key: str, cite: Callable[[], tuple[str, str]], embed_title: str | None = None) -> None:
    """An expander "Copy link and cite this <what>" with the link and the citation `cite()` gives and,
    given `embed_title`, the embed code. Its code blocks are drawn, and `cite` called, only once it is
    opened (a rerun): drawn closed, a page of charts' code blocks cost the first chart ~1 s here (the
    code block's highlighter is fetched and each block rendered; tests/benchmarks/ab.py)."""
    with st.expander(f"Copy link and cite this {what}", key=key, on_change="rerun"):
        if not st.session_state.get(key):
            return
        url, citation = cite()
        st.caption(f"Link to this {what} (the filters and the view included):")
        st.code(url, language=None, wrap_lines=True)
        st.caption("Citation:")
        st.code(citation, language=None, wrap_lines=True)
        if embed_title is not None:
            st.caption("Embed it in a web page:")
            st.code(embed_code(url, embed_title), language=None, wrap_lines=True)
