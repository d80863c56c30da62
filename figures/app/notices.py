"""The notices every page shows above its content: URL keys and values that were ignored, and the rows
and files that `python -m figures check` rejects (which the pages leave out)."""

from collections.abc import Sequence

import streamlit as st

from figures.rules.problems import Problem
from figures.view.text import md_escape

MAX_PROBLEMS_SHOWN = 500  # a broken million-row file could reject every row: show the first ones


def warn(notice: str) -> None:
    """One notice of something in the URL that was ignored (its words escaped: they hold the URL's)."""
    st.warning(md_escape(notice), icon=":material/warning:")


def show(url_notices: Sequence[str], problems: Sequence[Problem]) -> None:
    for notice in url_notices:
        warn(notice)
    if not problems:
        return
    rows = {(p.path, p.line) for p in problems if p.line > 1}
    files = len(problems) - sum(1 for p in problems if p.line > 1)
    parts = []
    if rows:
        named = ", ".join(f"{path}:{line}" for path, line in sorted(rows)[:5])
        parts.append(
            (
                f"{len(rows)} row was rejected and is not shown"
                if len(rows) == 1
                else f"{len(rows)} rows were rejected and are not shown"
            )
            + f" ({md_escape(named)}{', …' if len(rows) > 5 else ''})"
        )
    if files:
        parts.append(f"{files} problem{'s' if files != 1 else ''} with a whole file or its header")
    st.warning(
        "; ".join(parts) + ". The data shown is what `python -m figures check` accepts.",
        icon=":material/warning:",
    )
    with st.expander("Rejected rows and file problems (path:line: column: message)"):
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        st.code("\n".join(str(p) for p in shown) + (f"\n… and {more} more" if more else ""), language=None)
