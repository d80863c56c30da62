"""The pages, declared once: name, title, icon, URL path, the query keys each takes, its file. The router
builds its navigation from this registry, and every link and page switch names a page through it.
"""

from __future__ import annotations

import re
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


# The keys of a page's own view (README, Share and cite): with the filters they make the whole view.
CLAIMS = "claims"  # Compare: "all" draws every claim, not one mark per estimate
ORDER = "order"  # Compare: the order of the quantities (claims.SORTS)
PAGE = "page"  # Compare, Sources, Data: the page number
SHOWN = "shown"  # Timeline: the quantity_id drawn

PAGES: dict[str, Page] = {
    page.name: page
    for page in (
        Page("compare", "Compare", ":material/balance:", "", (CLAIMS, ORDER, PAGE)),
        Page("timeline", "Timeline", ":material/timeline:", "timeline", (SHOWN,)),
        Page("sources", "Sources", ":material/newspaper:", "sources", ("article", "figure", PAGE)),
        Page("data", "Data", ":material/table:", "data", (PAGE,)),
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


def page_number(text: str) -> int | None:
    """A page number from the URL: a whole number from 1, else None (a page past the end is clamped by
    the page that shows it)."""
    text = text.strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) and int(text) > 0 else None


def absolute(relative: str, page_url: str | None, shown: Page) -> str:
    """A link() as a full address, for a link to copy or cite. `page_url` is the address of the page
    `shown` as the browser has it (scheme, host, any path prefix, the page's path; no query): the app's
    root is what precedes the page's path. Without it (no browser: AppTest), the link from "/"."""
    root = (page_url or "").rstrip("/")
    if shown.url_path and root.endswith("/" + shown.url_path):
        root = root[: -len(shown.url_path) - 1]
    return urllib.parse.urljoin(root + "/", relative)
