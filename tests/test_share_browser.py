"""Share and cite in Debian's Chromium against a real `streamlit run` server: a view changed by hand
(filter, order, page, the Timeline's quantity) comes back whole from its URL in a fresh browser context;
"Copy link and cite" copies what it shows (read back from the clipboard); the embed view; Enter in a
filter picks one option; links between pages stay in the tab. Expected values come from the curated
tables (figures.tables.load), never copied from the app.
"""

import datetime as dt
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import open_page, wait_for_app
from playwright.sync_api import Browser, BrowserContext, Page, expect

from figures.tables import load as tables
from figures.view.cite import DASHBOARD, MOST_NAMED, embed_code
from figures.view.claims import QUANTITIES_PER_PAGE, SORTS
from figures.view.filters import FILTERS

pytestmark = pytest.mark.browser  # a real server and Chromium: run apart (README, Run every test)

EXCEPTION = '[data-testid="stException"]'
PLOT = '[data-testid="stVegaLiteChart"] svg.marks'
TIMELINE = '[data-testid="stPlotlyChart"] .main-svg'


@pytest.fixture(scope="module")
def loaded() -> tables.Loaded:
    return tables.load()


@pytest.fixture
def fresh(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """Another browser context: no cookies, no storage, no session of the first; its clipboard readable."""
    context = browser.new_context(base_url=base_url, permissions=["clipboard-read", "clipboard-write"])
    yield context
    context.close()


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def headings(page: Page) -> list[str]:
    """The Compare page's chart headings (one per quantity), in order."""
    page.wait_for_selector(PLOT)
    wait_for_app(page)
    return page.locator('[data-testid="stMainBlockContainer"] :is(h2, h3)[id^="q-"]').all_inner_texts()


def sidebar_combobox(page: Page, label: str):
    return page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=label, exact=True)


def chips(page: Page, label: str, count: int) -> list[str]:
    """The options chosen in the sidebar filter `label`, once it shows `count` of them."""
    widget = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.get_by_role("combobox", name=label, exact=True)
    )
    expect(widget.locator("[data-tag]")).to_have_count(count)
    return [c.get_attribute("aria-label") for c in widget.locator("[data-tag]").all()]


def type_and_enter(page: Page, label: str, text: str) -> None:
    box = sidebar_combobox(page, label)
    box.click()
    box.press_sequentially(text)
    expect(page.get_by_role("option").first).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the main area's selectbox `label`, as a reader would with the mouse."""
    page.locator('[data-testid="stMainBlockContainer"]').get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()


def page_number(page: Page) -> str:
    return page.get_by_label("Page", exact=True).input_value()


# --- the whole view in the URL ------------------------------------------------------------------------


def test_a_compare_view_changed_by_hand_comes_back_whole_from_its_url(
    page: Page, page_errors: list[str], fresh: BrowserContext, loaded: tables.Loaded
):
    mosul = loaded.figures[loaded.figures["city"] == "Mosul"]
    assert mosul["quantity_id"].nunique() > QUANTITIES_PER_PAGE, "Mosul must fill two Compare pages"
    open_page(page, "/")
    type_and_enter(page, "City", "Mosul")
    expect(page).to_have_url(re.compile(r"[?&]city=Mosul(&|$)"))
    wait_for_app(page)
    choose(page, "Order", SORTS["theme"])
    expect(page).to_have_url(re.compile(r"[?&]order=theme(&|$)"))
    wait_for_app(page)
    page.locator('[data-testid="stNumberInputStepUp"]').first.click()
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    shown = headings(page)
    assert query_of(page) == {"city": ["Mosul"], "order": ["theme"], "page": ["2"]}

    again = fresh.new_page()
    open_page(again, page.url)
    assert headings(again) == shown
    assert page_number(again) == "2"
    expect(
        again.locator('[data-testid="stMainBlockContainer"]').get_by_role("combobox", name="Order")
    ).to_have_value(SORTS["theme"])
    assert chips(again, "City", 1) == ["Mosul"]
    assert query_of(again) == query_of(page)
    expect(again.locator(EXCEPTION)).to_have_count(0)


def test_the_timelines_quantity_comes_back_from_its_url(
    page: Page, page_errors: list[str], fresh: BrowserContext
):
    open_page(page, "/timeline")
    page.wait_for_selector(TIMELINE)
    expect(page).to_have_url(re.compile(r"\?shown=[^&]+$"))  # written even for the default quantity
    first = query_of(page)["shown"][0]
    box = page.locator('[data-testid="stMainBlockContainer"]').get_by_role("combobox", name="Quantity shown")
    box.click()
    options = page.get_by_role("option").all_inner_texts()
    other = options[1]
    page.get_by_role("option", name=other, exact=True).click()
    expect(page).not_to_have_url(re.compile(rf"shown={re.escape(first)}(&|$)"))
    wait_for_app(page)
    shown = query_of(page)["shown"]
    legend = page.locator(f"{TIMELINE} .legendtext").all_inner_texts()

    again = fresh.new_page()
    open_page(again, page.url)
    again.wait_for_selector(TIMELINE)
    expect(
        again.locator('[data-testid="stMainBlockContainer"]').get_by_role("combobox", name="Quantity shown")
    ).to_have_value(other)
    assert query_of(again)["shown"] == shown
    assert again.locator(f"{TIMELINE} .legendtext").all_inner_texts() == legend


# --- copy link and cite ------------------------------------------------------------------------------


def copied(page: Page, block) -> str:
    """Click a code block's copy button and read back what reached the clipboard."""
    block.hover()
    block.get_by_role("button", name="Copy to clipboard").click()
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_and_citation_of_a_chart(fresh: BrowserContext, base_url: str, loaded: tables.Loaded):
    page = fresh.new_page()
    open_page(page, "/?city=Aleppo")
    heading = headings(page)[0]
    card = (
        page.locator('[data-testid="stVerticalBlock"]')
        .filter(has=page.locator("h2, h3", has_text=heading))
        .last
    )
    card.get_by_text("Copy link and cite this chart").click()  # its blocks are drawn once it is opened
    expect(card.locator('[data-testid="stCode"]')).to_have_count(3)
    link_block, citation_block, embed_block = card.locator('[data-testid="stCode"]').all()
    link = copied(page, link_block)
    assert link == link_block.inner_text().strip()
    assert link.startswith(f"{base_url}/?") and "city=Aleppo" in link and "quantity=" in link
    citation = copied(page, citation_block)
    quantity = parse_qs(urlparse(link).query)["quantity"][0]
    claims = loaded.figures[
        (loaded.figures["quantity_id"] == quantity) & (loaded.figures["city"] == "Aleppo")
    ]
    assert citation.startswith(f"“{heading}”")
    outlets = claims["outlet_name"].unique()
    named = [name for name in outlets if name in citation]
    more = len(outlets) - MOST_NAMED
    # the first few by name, then how many more (an outlet may be named among the sources too)
    assert len(named) >= min(len(outlets), MOST_NAMED)
    assert (f"and {more} more" in citation) == (more > 0)
    assert min(claims["published"]) in citation
    assert (
        f"{DASHBOARD} (dashboard). Accessed {dt.datetime.now(dt.UTC).date().isoformat()}. {link}" in citation
    )
    assert f'src="{link.replace("&", "&amp;")}&amp;embed=true"' in copied(page, embed_block)

    alone = fresh.new_page()  # the copied link shows that chart, alone
    open_page(alone, link)
    assert headings(alone) == [heading]


def test_copy_link_and_citation_of_a_figure(fresh: BrowserContext, base_url: str, loaded: tables.Loaded):
    figure = loaded.figures.sort_values("figure_id").iloc[0]
    page = fresh.new_page()
    open_page(page, f"/sources?figure={figure['figure_id']}")
    page.get_by_text("Copy link and cite this figure").click()
    expect(page.locator('[data-testid="stCode"]')).to_have_count(2)
    link_block, citation_block = page.locator('[data-testid="stCode"]').all()
    link = copied(page, link_block)
    assert link == f"{base_url}/sources?article={figure['article_id']}&figure={figure['figure_id']}"
    citation = copied(page, citation_block)
    for part in (figure["outlet_name"], figure["quote"], figure["published"], DASHBOARD, link):
        assert part in citation


# --- embed ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/timeline?shown=mosul-fled-since-offensive", "/?quantity=mosul-fled-since-offensive"]
)
def test_the_embed_view_shows_the_chart_without_the_sidebar(page: Page, page_errors: list[str], path: str):
    open_page(page, f"{path}&embed=true")
    page.wait_for_selector(f"{TIMELINE}, {PLOT}")
    wait_for_app(page)
    expect(page.locator('[data-testid="stSidebar"]')).to_have_count(0)
    expect(page.locator(EXCEPTION)).to_have_count(0)
    expect(page.locator('[data-testid="stAlert"]')).to_have_count(0)  # no notice: embed is Streamlit's own
    assert query_of(page)["embed"] == ["true"]


def test_the_embed_code_shows_the_chart_inside_another_page(page: Page, base_url: str):
    quantity = "mosul-fled-since-offensive"
    page.set_content(embed_code(f"{base_url}/timeline?shown={quantity}", "People who fled Mosul"))
    frame = page.frame_locator("iframe")
    expect(frame.locator(TIMELINE).first).to_be_visible(timeout=30_000)
    expect(frame.locator('[data-testid="stSidebar"]')).to_have_count(0)
    expect(frame.get_by_role("combobox", name="Quantity shown")).to_have_value(re.compile("^People who fled"))


# --- filters ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "typed", "picked"),
    [("City", "Raq", "Raqqa"), ("Quantity", "fled Mosul", None)],
)
def test_enter_in_a_filter_picks_one_option(
    page: Page, page_errors: list[str], loaded: tables.Loaded, label: str, typed: str, picked: str | None
):
    # Streamlit's default "Select N matches" row took Enter: "Raq" chose Raqqa, "Mosul and Raqqa" and
    # "Iraq and Syria" at once
    open_page(page, "/")
    type_and_enter(page, label, typed)
    wait_for_app(page)
    expect(page.locator('[data-testid="stSidebar"] [data-tag]')).to_have_count(1)
    (chip,) = chips(page, label, 1)
    if picked is not None:
        assert chip == picked
    else:
        assert all(word.lower() in chip.lower() for word in typed.split())
    key = next(f.url_key for f in FILTERS if f.label == label)
    expect(page).to_have_url(re.compile(rf"\?{key}=[^&]+$"))  # that one option, and nothing else


# --- links between pages ----------------------------------------------------------------------------------


def test_a_quote_link_opens_in_the_same_tab(page: Page, page_errors: list[str]):
    open_page(page, "/?city=Aleppo")
    headings(page)
    link = page.get_by_role("link", name="Read the quote").first
    expect(link).to_have_attribute("target", "_self")
    href = link.get_attribute("href")
    pages_before = len(page.context.pages)
    link.click()
    expect(page).to_have_url(re.compile(r"/sources\?.*figure="))
    assert len(page.context.pages) == pages_before
    assert parse_qs(urlparse(page.url).query)["figure"] == parse_qs(href.split("?", 1)[1])["figure"]
    wait_for_app(page)
    expect(page.locator("mark.selected")).not_to_have_count(0)
