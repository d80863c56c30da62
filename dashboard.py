"""Entry point and router: `streamlit run dashboard.py`.

Runs on every page before the page itself: the navigation over the page registry, the filter bar (seeded
from the URL, kept in it), and the notices every page shows (ignored URL values, rejected rows).
"""

from pathlib import Path

import streamlit as st

from figures.app import PageDone, filter_bar, notices, state
from figures.view.pages import PAGES

# The tab's icon is a file this server serves: an emoji needs an emoji font, and Streamlit fetches a
# :material/: page icon from Google (the pages' own Material icons come with its frontend).
ICON = Path(__file__).parent / "figures" / "app" / "icon.png"
st.set_page_config(page_title="Conflict figures: Mosul, Raqqa, Aleppo", page_icon=str(ICON), layout="wide")

navigation = [
    st.Page(p.file, title=p.title, icon=p.icon, url_path=p.url_path or None, default=not p.url_path)
    for p in PAGES.values()
]
page = st.navigation(navigation)
shown = next(p for p, entry in zip(PAGES.values(), navigation, strict=True) if entry is page)

url_notices = filter_bar.start(shown)
notices.show(url_notices, state.data().problems)

# The filters are drawn after the page, so the browser meets the page's first chart, and starts fetching
# the chart library, before the filter widgets (README, Speed). `finally`: a failing page keeps them.
try:
    page.run()
except PageDone:
    pass
finally:
    filter_bar.draw()
