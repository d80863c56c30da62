"""The Streamlit app: the cached state, the filter bar, the notices, the pages and the data API's routes
(the only layer that imports streamlit)."""

import threading

# One page view's script runs at a time in a server process, the others wait their turn in arrival order
# (dashboard.py). Python runs one thread's code at a time anyway; with dozens of runs taking turns every
# few milliseconds, the event loop that sends their messages waited behind all of them, and every run
# finished late (README, Many readers).
ONE_RUN_AT_A_TIME = threading.Semaphore(1)


class PageDone(Exception):
    """Raised by a page that has shown all it has, in place of st.stop(): the router still draws the
    sidebar filters, which come after the page (dashboard.py)."""
