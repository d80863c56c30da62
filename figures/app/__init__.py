"""The Streamlit app: the cached state, the filter bar, the notices, the pages and the data API's routes
(the only layer that imports streamlit)."""


class PageDone(Exception):
    """Raised by a page that has shown all it has, in place of st.stop(): the router still draws the
    sidebar filters, which come after the page (dashboard.py)."""
