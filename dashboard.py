"""Entry point and router: `streamlit run dashboard.py`.

Runs on every page before the page itself: the navigation over the page registry, the filter bar (seeded
from the URL, kept in it), and the notices every page shows (ignored URL values, rejected rows). The
same server answers the data API (figures/app/api.py): `streamlit run` finds `app` below and serves its
routes beside the pages.
"""

import base64
from pathlib import Path

import streamlit as st

from figures.app import ONE_RUN_AT_A_TIME, PageDone, api, filter_bar, notices, state
from figures.view.cite import DASHBOARD
from figures.view.pages import PAGES

# The tab's icon comes with the page, as a data URL read once: an emoji needs an emoji font, Streamlit
# fetches a :material/: page icon from Google (the pages' own Material icons come with its frontend), and
# a file's path it reads again on every rerun.
ICON = "data:image/png;base64," + base64.b64encode(
    (Path(__file__).parent / "figures" / "app" / "icon.png").read_bytes()
).decode("ascii")
NAVIGATION = "_navigation"  # the session's st.Page objects


def main() -> None:
    st.set_page_config(page_title=DASHBOARD, page_icon=ICON, layout="wide")

    # Built once a session: an st.Page resolves its file's path when made, a good part of a rerun's time
    # under load (README, Many readers); st.navigation only marks which one runs.
    if NAVIGATION not in st.session_state:
        st.session_state[NAVIGATION] = [
            st.Page(p.file, title=p.title, icon=p.icon, url_path=p.url_path or None, default=not p.url_path)
            for p in PAGES.values()
        ]
    navigation = st.session_state[NAVIGATION]
    # Embedded (?embed=true, README: Share and cite) the view is the page alone: the filters still come
    # from the URL, but neither the navigation nor the filter bar is drawn, so there is no sidebar.
    embedded = st.context.is_embedded
    page = st.navigation(navigation, position="hidden" if embedded else "sidebar")
    shown = next(p for p, entry in zip(PAGES.values(), navigation, strict=True) if entry is page)

    problems, choices = state.data().problems, state.filter_choices()
    bar = filter_bar.start(shown, choices)
    notices.show(bar.notices, problems)

    # The filters are drawn after the page, so the browser meets the page's first chart, and starts
    # fetching the chart library, before the filter widgets (README, Speed). `finally`: a failing page
    # keeps them.
    try:
        page.run()
    except PageDone:
        pass
    finally:
        if not embedded:
            filter_bar.draw(bar)


if __name__ == "__main__":  # a page view: Streamlit runs this file as __main__ for every rerun
    with ONE_RUN_AT_A_TIME:
        main()
else:  # `streamlit run` first imports this file as a module, finds `app` and serves it with the API
    app = st.App(__file__, routes=api.ROUTES)
