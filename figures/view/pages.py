"""The pages, declared once: name, title, icon, URL path, the query keys each takes, its file. The router
builds its navigation from this registry, and every link and page switch names a page through it.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from figures.view.filters import Selection


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    icon: str
    url_path: str  # "" for the default page, which Streamlit serves at "/"
    keys: tuple[str, ...] = ()  # query keys of this page alone, kept in the URL on this page only
    # the page's script, relative to dashboard.py: what st.Page, st.switch_page and AppTest take
    file: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", f"figures/app/pages/{self.name}.py")


PAGES: dict[str, Page] = {
    page.name: page
    for page in (
        Page("compare", "Compare", ":material/balance:", "", ("claims",)),
        Page("timeline", "Timeline", ":material/timeline:", "timeline"),
        Page("sources", "Sources", ":material/newspaper:", "sources", ("article", "figure")),
        Page("data", "Data", ":material/table:", "data"),
        Page("about", "About", ":material/info:", "about"),
    )
}
PAGE_KEYS: frozenset[str] = frozenset(key for page in PAGES.values() for key in page.keys)


def link(page: str, selection: Selection, params: Mapping[str, str] | None = None) -> str:
    """A link to `page` with the filters kept, relative to the app root (so it works under a path prefix
    too)."""
    return links(selection, [(page, params or {})])[0]


def links(selection: Selection, wanted: Sequence[tuple[str, Mapping[str, Sequence[str] | str]]]) -> list[str]:
    """link() for each (page, params) in `wanted`: a page of cards asks for all of its links at once. A
    filter key among the params replaces that filter."""
    return [
        f"{PAGES[page].url_path or '.'}?"
        + urllib.parse.urlencode({**selection, **{k: v for k, v in params.items() if v}}, doseq=True)
        for page, params in wanted
    ]
