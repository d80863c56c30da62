"""The pages, declared once: name, title, icon, URL path, the query keys each takes, its file. The router
builds its navigation from this registry, and every link, same-tab anchor and page switch names a page
through it.
"""

from __future__ import annotations

import html
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


def same_tab_link(label: str, href: str) -> str:
    """A link between the dashboard's own pages, for st.markdown(..., unsafe_allow_html=True): Streamlit
    opens a markdown link in a new tab, an anchor with target="_self" in the same one. `label` is our own
    words; `href` one of links(). Every article text beside it must be md_escape()d:
    an escaped "<" stays text, never a tag."""
    return f'<a href="{html.escape(href)}" target="_self">{html.escape(label)}</a>'


def same_tab_links(labels: Sequence[str], hrefs: Sequence[str]) -> list[str]:
    """same_tab_link() of each pair: a page of cards makes its links in one call."""
    return [same_tab_link(label, href) for label, href in zip(labels, hrefs, strict=True)]


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
