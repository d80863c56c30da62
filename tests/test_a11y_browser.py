"""Everyone can read it, in Debian's Chromium against a real `streamlit run` server.

axe-core (axe-playwright-python) finds no serious or critical violation and no heading out of order on
any page, with and without filters; every request of every page stays on the server (the icons are
Streamlit's bundled Material Symbols, never emoji, which need an emoji font); on a phone (390x844, touch)
Compare's value axis has the chart's width, the legends fit the screen and stay off the plots, and a tap
on a mark shows its details. The phone views are saved as artifacts/screenshots/phone-*.png.
"""

import re
from collections.abc import Iterator
from urllib.parse import quote, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import grow_viewport_to_content, open_page, wait_for_app
from playwright.sync_api import Browser, Page, expect
from test_browser import NAV_LINK, PLOT, SHOTS, article_with_figure, wait_for_charts

from figures.tables import load as tables
from figures.view.pages import PAGES

pytestmark = pytest.mark.browser  # a real server and Chromium: run apart (README, Run every test)

PHONE = {"width": 390, "height": 844}
BLOCKING = ("serious", "critical")
PLOTLY = '[data-testid="stPlotlyChart"]'


@pytest.fixture(scope="module")
def loaded() -> tables.Loaded:
    return tables.load()


# Every page, and each with filters applied: a city and a theme, one source's page, an article.
PAGES_TO_CHECK = {
    "compare": "/",
    "compare-filtered": "/?city=Aleppo&theme=displacement&claims=all",
    "timeline": "/timeline",
    "timeline-filtered": "/timeline?city=Mosul",
    "sources": "/sources",
    "sources-one-source": "/sources?source={source}",
    "sources-article": "/sources?article={article}&figure={figure}",
    "data": "/data",
    "data-filtered": "/data?city=Raqqa",
    "about": "/about",
}


def url_of(name: str, loaded: tables.Loaded) -> str:
    article_id, figure_id, _ = article_with_figure(loaded)
    source = next(s for s in sorted(loaded.figures["cited_source"]) if s)
    return PAGES_TO_CHECK[name].format(
        article=quote(article_id), figure=quote(figure_id), source=quote(source)
    )


def wait_until_drawn(page: Page, url: str) -> None:
    """Open `url` and wait until its charts are drawn: axe reads what is on screen."""
    open_page(page, url)
    path = urlparse(url).path
    if path == "/":
        wait_for_charts(page)
    elif path == "/timeline":
        page.wait_for_selector(f"{PLOTLY} .main-svg")


@pytest.mark.parametrize("width", [1280, PHONE["width"]], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", PAGES_TO_CHECK)
def test_axe_finds_no_serious_violation(
    page: Page, page_errors: list[str], loaded: tables.Loaded, name: str, width: int
):
    page.set_viewport_size({"width": width, "height": PHONE["height"]})
    wait_until_drawn(page, url_of(name, loaded))
    # the whole page on screen: axe cannot judge the colours of text scrolled out of Streamlit's main
    # section (it reports them as "incomplete", neither passed nor failed)
    grow_viewport_to_content(page)
    wait_for_app(page)
    results = Axe().run(page, options={"resultTypes": ["violations", "passes"]}).response
    assert "color-contrast" in {rule["id"] for rule in results["passes"]}  # text was measured
    found = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in BLOCKING or v["id"] == "heading-order"
    ]
    assert found == []


def test_every_request_stays_on_the_server_and_icons_need_no_emoji_font(
    page: Page, page_errors: list[str], loaded: tables.Loaded, base_url: str
):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for name in PAGES_TO_CHECK:
        wait_until_drawn(page, url_of(name, loaded))
    server = urlparse(base_url).netloc
    assert [u for u in requested if urlparse(u).scheme in ("http", "https", "ws", "wss")] != []
    elsewhere = [
        u for u in requested if urlparse(u).scheme not in ("data", "blob") and urlparse(u).netloc != server
    ]
    assert elsewhere == []
    assert any("MaterialSymbols" in u for u in requested)  # the icon font, from the server

    # each navigation icon is a Material Symbols glyph (a ligature: the icon's name drawn as one 16-20 px
    # glyph, where a missing font would spell the name out), hidden from screen readers, so each link is
    # named by its page's title alone
    assert page.evaluate("""() => document.fonts.check('20px "Material Symbols Rounded"')""")
    icons = page.locator(f"{NAV_LINK} [data-testid='stIconMaterial']")
    expect(icons).to_have_count(len(PAGES))
    assert icons.all_text_contents() == [
        p.icon.removeprefix(":material/").removesuffix(":") for p in PAGES.values()
    ]
    for icon in icons.all():
        assert icon.get_attribute("aria-hidden") == "true"
        assert icon.bounding_box()["width"] <= 24
    for p in PAGES.values():
        expect(page.get_by_role("link", name=p.title, exact=True)).to_have_count(1)
    favicon = page.evaluate("() => [...document.querySelectorAll(\"link[rel*='icon']\")].map(l => l.href)")
    # the tab's icon comes with the page (a data URL) or from this server, never from elsewhere
    assert favicon and all(
        href.startswith("data:image/png;base64,") or urlparse(href).netloc == server for href in favicon
    ), favicon


# --- a phone ---------------------------------------------------------------------------------------------


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Page]:
    """A touch screen of 390x844 CSS pixels; the test fails on an uncaught JavaScript error."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, base_url=base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"uncaught JavaScript errors: {errors}"


# An element's box in CSS pixels of the viewport.
RECT = """e => { const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; }"""


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(RECT)


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def save_phone_screenshot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    grow_viewport_to_content(page)
    wait_for_app(page)
    page.screenshot(path=str(SHOTS / f"phone-{name}.png"), full_page=True)


# Per Compare chart: the svg, the value axis (its labels included) and the legend, in CSS pixels.
CHART_BOXES = f"""sel => [...document.querySelectorAll(sel)].map(svg => {{
    const rect = e => e ? ({RECT})(e) : null;
    return {{
        chart: rect(svg),
        axis: rect(svg.querySelector('.role-axis[aria-label^="X-axis"]')),
        grid: rect(svg.querySelector('.role-axis-grid')),
        legend: rect(svg.querySelector('.role-legend')),
    }};
}})"""


def test_compare_on_a_phone(phone: Page, loaded: tables.Loaded):
    open_page(phone, "/")
    wait_for_charts(phone)
    charts = phone.evaluate(CHART_BOXES, PLOT)
    assert charts
    for chart in charts:
        # the value axis spans the chart: row labels sit above their rows, not beside them
        assert chart["axis"]["width"] >= 0.8 * chart["chart"]["width"], chart
        assert chart["legend"] is not None, chart  # which colour is which kind of source
        legend = chart["legend"]
        assert legend["left"] >= 0 and legend["right"] <= PHONE["width"], chart  # not cut off
        assert not overlap(legend, chart["grid"]), chart  # nor over the plot

    # a tap on a mark opens its figure: the quote highlighted in its article, with its details
    mark = phone.locator(f"{PLOT} .mark-symbol.role-mark > path").first
    mark.scroll_into_view_if_needed()
    mark.tap()
    expect(phone).to_have_url(re.compile(r"/sources\?.*figure="))
    figure_id = re.search(r"figure=([^&]+)", phone.url).group(1)
    expect(phone.locator(f'[id="callout-{figure_id}"]')).to_be_visible()
    expect(phone.locator(f'mark[id="fig-{figure_id}"]')).to_be_visible()
    open_page(phone, "/")
    wait_for_charts(phone)
    save_phone_screenshot(phone, "compare")


def test_timeline_on_a_phone(phone: Page, loaded: tables.Loaded):
    open_page(phone, "/timeline")
    phone.wait_for_selector(f"{PLOTLY} .legend")
    plot = box(phone, f"{PLOTLY} .nsewdrag")  # the plot area
    legend = box(phone, f"{PLOTLY} .legend")
    assert not overlap(legend, plot), (legend, plot)
    assert legend["left"] >= 0 and legend["right"] <= PHONE["width"], legend

    # a tap on a point shows its hover label: the claim, its quote, its dates
    point = phone.locator(f"{PLOTLY} .scatterlayer .point").first
    point.scroll_into_view_if_needed()
    at = point.evaluate(RECT)  # plotly's drag layer over the plot takes the touch and finds the point
    phone.touchscreen.tap((at["left"] + at["right"]) / 2, (at["top"] + at["bottom"]) / 2)
    label = phone.locator(f"{PLOTLY} .hoverlayer .hovertext")
    expect(label).to_be_visible()
    shown = re.sub(r"\s", "", label.text_content())
    assert any(re.sub(r"\s", "", q) in shown for q in loaded.figures["quote"]), shown
    # and right under the chart, the same claims in words
    expect(phone.get_by_text("The claims in words (text alternative)")).to_be_visible()
    save_phone_screenshot(phone, "timeline")
