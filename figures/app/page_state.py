"""A page's own view in the URL, beside the filters: the order and page number of Compare, the quantity
the Timeline shows, the page of Sources and Data (the keys each page takes: figures/view/pages.py). A
widget starts from its URL key on the page's first run in a session, or after a page switch; from then
on the widget leads and the URL follows, so the address bar always reproduces the view.
"""

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from figures.app import notices

T = TypeVar("T")


def seed(url_key: str, widget_key: str, parse: Callable[[str], T | None], default: T) -> T:
    """The widget's value: on its first run the URL's `?url_key=` when `parse` accepts it (else
    `default`, with a notice for a value it refused), afterwards what the reader chose. Call it before
    the widget is drawn."""
    if widget_key not in st.session_state:
        given = st.query_params.get(url_key)
        value = parse(given) if given is not None else None
        if given is not None and value is None and given.strip():
            notices.warn(f"Unknown {url_key} '{given}' in the URL was ignored.")
        st.session_state[widget_key] = default if value is None else value
    return st.session_state[widget_key]


def keep(url_key: str, text: str | None) -> None:
    """The URL's `?url_key=` set to `text`, or removed for None (the page's default view). Only when it
    differs: an unchanged rerun sends no URL update."""
    if text is None:
        if url_key in st.query_params:
            del st.query_params[url_key]
    elif st.query_params.get(url_key) != text:
        st.query_params[url_key] = text
