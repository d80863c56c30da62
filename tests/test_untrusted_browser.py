"""The dashboard keeps hostile data inert in a real browser: article text, quotes, titles, outlets, labels
and URLs that carry HTML, script, event handlers, markdown links and javascript: addresses.

A second server runs over tests/fixtures/hostile (FIGURES_ROOT). That package passes `python -m figures
check`, so every hostile row is displayed rather than rejected. Every payload sets `window.__pwned`; the
tests visit every page, hover the chart marks, follow the links, and then check that nothing ran, that no
element from the data made it into the DOM, and that the hostile text is shown to the reader as text.
"""

import re
from collections.abc import Iterator
from urllib.parse import quote

import pandas as pd
import pytest
from cli import run_figures
from conftest import REPO, StreamlitServer, follow, open_page, wait_for_app
from playwright.sync_api import Page, expect

from figures.tables import load as tables
from figures.tables.layout import layout

pytestmark = pytest.mark.browser  # a real server and Chromium: run apart (README, Run every test)

HOSTILE = REPO / "tests" / "fixtures" / "hostile"
PAYLOAD = "window.__pwned=1"
PLOT = '[data-testid="stVegaLiteChart"] svg.marks'
MARK = ".mark-symbol.role-mark > path, .mark-rule.role-mark > line"  # one per claim
EXCEPTION = '[data-testid="stException"]'
ARTICLE_A, ARTICLE_B = "hostile-a", "hostile-b"
FIGURE_SCRIPT = "hostile-a-strike-deaths-200"  # its quote holds a <script>
FIGURE_IMG = "hostile-a-strike-deaths-150"  # its quote holds an <img onerror>
FIGURE_SVG = "hostile-b-strike-deaths-180"  # its quote holds an <svg onload>

# What the DOM must never hold, anywhere (main document and every frame): a script or handler from the
# data, an element the data smuggled in, or a link to a javascript: address.
INJECTED = """() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
            const name = a.name.toLowerCase(), value = a.value;
            const what = `${el.tagName} ${name}=${value}`;
            if (name.startsWith('on') && value.includes('__pwned')) bad.push(what);
            if (['href', 'xlink:href', 'src', 'srcdoc', 'action', 'formaction', 'data'].includes(name)
                && (/^\\s*javascript:/i.test(value) || value.includes('__pwned')))
                bad.push(what);
        }
        const text = el.textContent;
        if (el.tagName === 'SCRIPT' && text.includes('__pwned')) bad.push('script from the data');
        if (el.tagName === 'STYLE' && text.includes('body{display:none}')) bad.push('style from the data');
    }
    for (const sel of ['img[src="x"]', 'iframe[src^="javascript" i]', 'svg[onload]']) {
        if (document.querySelector(sel)) bad.push(sel);
    }
    return bad;
}"""


@pytest.fixture(scope="module")
def hostile_url() -> Iterator[str]:
    server = StreamlitServer(figures_root=HOSTILE)
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def hostile() -> tables.Loaded:
    data = tables.load(layout(HOSTILE))
    # the fixture must pass the data checks, or the app would reject the hostile rows and show nothing
    assert data.problems == []
    assert len(data.figures) == sum(
        data.rows_read[t] for t in ("casualties", "bombing", "displacement", "forces")
    )
    return data


def assert_inert(page: Page) -> None:
    """Nothing from the data ran, in the page or in any frame, and no element from the data exists."""
    for frame in page.frames:
        if frame.is_detached():
            continue
        assert frame.evaluate("() => typeof window.__pwned") == "undefined", f"script ran in {frame.url}"
        assert frame.evaluate(INJECTED) == [], frame.url
    expect(page.locator("img[src=x]")).to_have_count(0)
    expect(page.locator(EXCEPTION)).to_have_count(0)


def assert_shown_as_text(page: Page, text: str) -> None:
    expect(page.get_by_text(text, exact=False).filter(visible=True).first).to_be_visible()


def test_fixture_passes_the_data_checks(hostile: tables.Loaded):
    # the hostile quotes are verbatim in their articles and print their value, so the app shows them
    assert set(hostile.figures["figure_id"]) >= {FIGURE_SCRIPT, FIGURE_IMG, FIGURE_SVG}
    quotes = " ".join(hostile.figures["quote"])
    for payload in (
        f"<script>{PAYLOAD}</script>",
        "<img src=x onerror=",
        f"](javascript:{PAYLOAD})",
        "<svg onload=",
    ):
        assert payload in quotes
    assert hostile.articles.set_index("article_id").at[ARTICLE_A, "url"] == f"javascript:{PAYLOAD}"
    # and the command a curator runs agrees (README: exit 0 when clean)
    run = run_figures("check", "--root", str(HOSTILE))
    assert run.returncode == 0, run.stdout + run.stderr


# "/", "/data" and the two articles' deep links are visited (and checked the same way) by the tests below.
PAGES = [
    "/timeline",
    "/sources",
    "/about",
    # hostile values as filter values through the URL
    "/?outlet=" + quote("Hostile <i>Outlet</i>"),
    "/data?cited=" + quote(f'<img src=x onerror="{PAYLOAD}">Witnesses'),
    "/timeline?city=" + quote(f"<script>{PAYLOAD}</script>"),
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_keeps_hostile_data_inert(page: Page, page_errors: list[str], hostile_url: str, path: str):
    open_page(page, hostile_url + path)
    assert_inert(page)


def test_hostile_article_is_shown_as_literal_text(
    page: Page, page_errors: list[str], hostile_url: str, hostile: tables.Loaded
):
    open_page(page, f"{hostile_url}/sources?article={ARTICLE_A}&figure={FIGURE_SCRIPT}")
    # the quotes, in their marks, read exactly as the article prints them
    for figure_id in (FIGURE_SCRIPT, FIGURE_IMG):
        mark = page.locator(f'mark[id="fig-{figure_id}"]')
        expect(mark).to_be_visible()
        want = hostile.figures.loc[hostile.figures["figure_id"] == figure_id, "quote"].item()
        assert mark.text_content() == want
    expect(page.locator(f'mark[id="fig-{FIGURE_SCRIPT}"]')).to_be_in_viewport()
    # the rest of the hostile article text, literally, entities included
    for text in (
        f"[click](javascript:{PAYLOAD})",
        "<style>body{display:none}</style>",
        "&amp; the river bank",
        "<b>not bold</b> headline",
    ):
        assert_shown_as_text(page, text)
    # the title with HTML: literal, not bold; its javascript: URL is not a link
    assert_shown_as_text(page, "<b>Bold</b> headline")
    expect(page.locator("b", has_text=re.compile(r"^\s*Bold\s*$"))).to_have_count(0)
    expect(page.locator('a[href^="javascript" i]')).to_have_count(0)
    expect(page.locator("a", has_text=re.compile(r"^\s*click\s*$"))).to_have_count(0)
    assert_inert(page)

    # clicking where the article's address is shown must not run it
    address = page.get_by_text(f"javascript:{PAYLOAD}", exact=False).filter(visible=True)
    for i in range(address.count()):
        address.nth(i).click()
        wait_for_app(page)
    assert_inert(page)


def test_markdown_in_metadata_is_not_rendered(page: Page, page_errors: list[str], hostile_url: str):
    open_page(page, f"{hostile_url}/sources?article={ARTICLE_B}&figure={FIGURE_SVG}")
    assert_shown_as_text(page, "<svg onload=")
    # "Another **hostile** [link](javascript:…)" is a title: no bold "hostile", no link called "link"
    expect(page.locator("strong, b", has_text=re.compile(r"^\s*hostile\s*$"))).to_have_count(0)
    expect(page.locator("a", has_text=re.compile(r"^\s*link\s*$"))).to_have_count(0)
    assert_inert(page)


def hover_every_mark(page: Page, url: str, hostile: tables.Loaded) -> list[str]:
    """Open the Compare page at `url`, hover each chart mark in turn checking the page stays inert, and
    return the hover labels shown."""
    open_page(page, url)
    quantities = hostile.figures["quantity_id"].nunique()
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length === n", arg=[PLOT, quantities], timeout=30_000
    )
    points = page.locator(f"{PLOT} :is({MARK})")
    expect(points).to_have_count(len(hostile.figures))
    hover = page.locator("#vg-tooltip-element.visible")  # Vega's tooltip: an HTML table of the fields
    labels: list[str] = []
    for i in range(points.count()):
        page.mouse.move(0, 0)  # off the chart: the previous tooltip goes away
        expect(hover).to_have_count(0)
        points.nth(i).scroll_into_view_if_needed()
        points.nth(i).hover(force=True)  # the tooltip is HTML: the quote must not become markup in it
        expect(hover).to_be_visible()
        labels.append(hover.text_content())
        assert_inert(page)
    return labels


def test_chart_hover_and_quote_link_stay_inert(
    page: Page, page_errors: list[str], hostile_url: str, hostile: tables.Loaded
):
    hover_every_mark(page, hostile_url + "/", hostile)

    # "Read the quote" links open the Sources page (maybe in a new tab), quote highlighted, still inert
    link = page.get_by_role("link", name=re.compile("Read the quote", re.I)).first
    expect(link).to_be_visible()
    quote_page = follow(page, link)
    errors: list[str] = []
    quote_page.on("pageerror", lambda error: errors.append(str(error)))
    expect(quote_page).to_have_url(re.compile(r"/sources\?.*figure="))
    quote_page.wait_for_selector('mark[id^="fig-"]')
    wait_for_app(quote_page)
    assert_inert(quote_page)
    assert errors == []


def test_hover_labels_show_each_quote_verbatim(
    page: Page, page_errors: list[str], hostile_url: str, hostile: tables.Loaded
):
    # compare without whitespace: the tooltip wraps long values
    shown = ["".join(label.split()) for label in hover_every_mark(page, hostile_url + "/", hostile)]
    for figure_id, text in zip(hostile.figures["figure_id"], hostile.figures["quote"], strict=True):
        assert any("".join(text.split()) in label for label in shown), (figure_id, text)


def test_download_keeps_hostile_text_verbatim(
    page: Page, page_errors: list[str], hostile_url: str, hostile: tables.Loaded
):
    open_page(page, hostile_url + "/data")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV", exact=True).click()
    got = pd.read_csv(info.value.path(), dtype=str, keep_default_na=False).set_index("figure_id")
    want = hostile.figures.set_index("figure_id")
    assert sorted(got.index) == sorted(want.index)
    for column in ("quote", "title", "outlet", "url", "cited_source"):
        assert got[column].to_dict() == want.loc[got.index, column].to_dict(), column
    assert_inert(page)
