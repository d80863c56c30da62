"""End-to-end tests of the dashboard in Debian's Chromium against a real `streamlit run` server.

What a reader does: open the default page and see one chart per quantity, narrow the sidebar filter and
see charts and URL follow, carry the filter to another page, follow a deep link to a highlighted quote,
download the filtered rows, and mistype a URL. Expected values are computed here from the curated tables
(figures.tables.load), never copied from the app. Every page also leaves a full-page screenshot in
artifacts/screenshots/ for a human to look at.
"""

import math
import re
from collections import Counter
from urllib.parse import parse_qs, quote, urlparse

import pandas as pd
import pytest
from conftest import REPO, follow, grow_viewport_to_content, open_page, wait_for_app
from playwright.sync_api import Locator, Page, expect

from figures.rules.schema import FIGURE_SCHEMA
from figures.tables import load as tables
from figures.view.estimates import estimate_ids

pytestmark = pytest.mark.browser  # a real server and Chromium: run apart (README, Run every test)

PLOT = '[data-testid="stVegaLiteChart"] svg.marks'
# One element per claim drawn: a symbol (dot, ring, arrow) or a rule (the bar of a range or vague amount).
MARK = ".mark-symbol.role-mark > path, .mark-rule.role-mark > line"
EXCEPTION = '[data-testid="stException"]'
NAV_LINK = '[data-testid="stSidebarNavLink"]'
SHOTS = REPO / "artifacts" / "screenshots"
PROVENANCE = ("title", "outlet", "published", "url", "city")
NUMBERS = ("value", "low", "high")
FILTER_CITY = "Aleppo"
# A chart's label: the last heading in the nearest enclosing block that has one (the quantity's subheader).
LABEL_OF = """gd => {
    let box = gd;
    while (box && !box.querySelector('h1, h2, h3')) box = box.parentElement;
    const headings = box ? [...box.querySelectorAll('h1, h2, h3')] : [];
    return headings.length ? headings[headings.length - 1].textContent.trim() : '';
}"""


@pytest.fixture(scope="module")
def loaded() -> tables.Loaded:
    data = tables.load()
    assert not data.figures.empty, "no curated figures to test against"
    return data


def charts_drawn(page: Page) -> list[dict]:
    """Per Compare chart on the page: the heading above it (the quantity's label) and its marks."""
    return page.evaluate(
        f"""([sel, mark]) => [...document.querySelectorAll(sel)].map(svg => {{
            const labelOf = {LABEL_OF};
            return {{
                label: labelOf(svg),
                points: svg.querySelectorAll(mark).length,
            }};
        }})""",
        [PLOT, MARK],
    )


def wait_for_charts(page: Page) -> list[dict]:
    """Wait until the run has drawn its charts, each with at least one mark; return them."""
    page.wait_for_function(
        """([sel, mark]) => {
            const plots = document.querySelectorAll(sel);
            return plots.length > 0 && [...plots].every(svg => svg.querySelectorAll(mark).length > 0);
        }""",
        arg=[PLOT, MARK],
        timeout=30_000,
    )
    wait_for_app(page)
    return charts_drawn(page)


def all_charts(page: Page) -> list[dict]:
    """The charts of every page of the Compare list: it shows a page of quantities at a time and has a
    "Page" number input with a step-up button; without one, the charts on screen are all of them."""
    charts = wait_for_charts(page)
    collected = list(charts)
    step_up = page.locator('[data-testid="stNumberInputStepUp"]')
    for _ in range(100):
        if not step_up.count() or step_up.first.is_disabled():
            break
        first = charts[0]["label"]
        step_up.first.click()
        page.wait_for_function(
            f"([sel, first]) => ({LABEL_OF})(document.querySelector(sel)) !== first",
            arg=[PLOT, first],
            timeout=30_000,
        )
        charts = wait_for_charts(page)
        collected += charts
    return collected


def assert_one_chart_per_quantity(charts: list[dict], figures: pd.DataFrame) -> None:
    # one mark per estimate: claims repeating a source's same interval (echoes) share one mark
    estimates = figures.assign(estimate=estimate_ids(figures)).groupby("label")["estimate"].nunique()
    expected = Counter(figures.drop_duplicates("quantity_id")["label"])
    assert Counter(c["label"] for c in charts) == expected
    for chart in charts:
        assert chart["points"] == estimates[chart["label"]], chart


def quantities_shown(figures: pd.DataFrame) -> int:
    return figures["quantity_id"].nunique()


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def multiselect(page: Page, label: str) -> Locator:
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has=page.get_by_role("combobox", name=label, exact=True)
    )


def choose_only(page: Page, label: str, option: str) -> None:
    """Make `option` the only value of the sidebar multiselect `label`, as a reader would with the mouse."""
    widget = multiselect(page, label)
    clear = widget.get_by_role("button", name="Clear all")
    if clear.count():
        clear.click()
        wait_for_app(page)
    widget.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")  # close the dropdown so it does not cover the charts


def article_with_figure(loaded: tables.Loaded) -> tuple[str, str, str]:
    """(article_id, figure_id, quote) of a claim about the 17 March 2017 Mosul strike, else the first."""
    figures = loaded.figures.sort_values("figure_id")
    strike = figures[
        figures["label"].str.contains("17 March", regex=False)
        | figures["scope"].str.contains("17 March", regex=False)
    ]
    row = (strike if not strike.empty else figures).iloc[0]
    return row["article_id"], row["figure_id"], row["quote"]


def latest_quote(loaded: tables.Loaded) -> tuple[str, str, str]:
    """(article_id, figure_id, quote) of the quote printed furthest into its article: it starts off-screen."""
    figures = loaded.figures
    offsets = [loaded.texts[a].find(q) for a, q in zip(figures["article_id"], figures["quote"], strict=True)]
    row = figures.iloc[max(range(len(offsets)), key=offsets.__getitem__)]
    return row["article_id"], row["figure_id"], row["quote"]


# --- (a) the default page ----------------------------------------------------------------------------


def test_compare_draws_one_chart_per_quantity(page: Page, page_errors: list[str], loaded: tables.Loaded):
    open_page(page, "/")
    wait_for_charts(page)
    assert_page_shown_and_screenshot(page, "compare", "/")
    assert_one_chart_per_quantity(all_charts(page), loaded.figures)
    expect(page.locator(EXCEPTION)).to_have_count(0)


# --- (b) a filter change --------------------------------------------------------------------------------


def test_filter_updates_charts_and_url_and_survives_page_switch(
    page: Page, page_errors: list[str], loaded: tables.Loaded
):
    figures = loaded.figures
    in_city = figures[figures["city"] == FILTER_CITY]
    assert 0 < quantities_shown(in_city) < quantities_shown(figures), "the filter would change nothing"
    open_page(page, "/")
    before = wait_for_charts(page)

    choose_only(page, "City", FILTER_CITY)
    expect(page).to_have_url(re.compile(rf"[?&]city={FILTER_CITY}(&|$)"))
    wait_for_app(page)
    after = all_charts(page)
    assert after != before
    assert_one_chart_per_quantity(after, in_city)
    assert query_of(page)["city"] == [FILTER_CITY]

    page.locator(f'{NAV_LINK}[href$="/data"]').click()
    expect(page).to_have_url(re.compile(rf"/data\?(.*&)?city={FILTER_CITY}(&|$)"))
    wait_for_app(page)
    assert query_of(page)["city"] == [FILTER_CITY]
    chips = multiselect(page, "City").locator("[data-tag]")
    expect(chips).to_have_count(1)
    expect(chips).to_have_attribute("aria-label", FILTER_CITY)


# --- (c) deep link to a quote ---------------------------------------------------------------------------


def mark_style(locator: Locator) -> dict:
    return locator.evaluate(
        """el => { const s = getComputedStyle(el);
            return {bg: s.backgroundColor, outline: s.outlineStyle + s.outlineColor, border: s.borderStyle,
                    shadow: s.boxShadow, weight: s.fontWeight, cls: el.className}; }"""
    )


def test_deep_link_highlights_the_quote(page: Page, page_errors: list[str], loaded: tables.Loaded):
    article_id, figure_id, quote_text = article_with_figure(loaded)
    open_page(page, f"/sources?article={quote(article_id)}&figure={quote(figure_id)}")
    mark = page.locator(f'mark[id="fig-{figure_id}"]')
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    assert mark.text_content() == quote_text

    # every curated quote of the article is marked, and the linked one is set apart from the others
    marks = page.locator('mark[id^="fig-"]')
    wanted = set(loaded.figures.loc[loaded.figures["article_id"] == article_id, "figure_id"])
    assert {m.get_attribute("id")[4:] for m in marks.all()} == wanted
    other = marks.filter(has_not_text=quote_text).first if len(wanted) > 1 else None
    if other is not None:
        assert mark_style(mark) != mark_style(other), "the linked quote looks like every other quote"
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_deep_link_scrolls_to_a_quote_below_the_fold(
    page: Page, page_errors: list[str], loaded: tables.Loaded
):
    article_id, figure_id, _ = latest_quote(loaded)
    mark = page.locator(f'mark[id="fig-{figure_id}"]')
    # control: without `figure` the same quote exists but is off-screen, so the scroll below is real
    open_page(page, f"/sources?article={quote(article_id)}")
    expect(mark).to_be_attached()
    expect(mark).not_to_be_in_viewport()
    open_page(page, f"/sources?article={quote(article_id)}&figure={quote(figure_id)}")
    expect(mark).to_be_in_viewport()


def test_read_the_quote_link_opens_the_highlighted_quote(
    page: Page, page_errors: list[str], loaded: tables.Loaded
):
    open_page(page, f"/?city={FILTER_CITY}")
    wait_for_charts(page)
    link = page.get_by_role("link", name="Read the quote").first
    target = urlparse(link.get_attribute("href"))
    assert target.path.rstrip("/").endswith("sources")
    params = parse_qs(target.query)
    row = loaded.figures.set_index("figure_id").loc[params["figure"][0]]
    assert params["article"] == [row["article_id"]]
    assert row["city"] == FILTER_CITY  # a claim the filter selects

    opened = follow(page, link)
    expect(opened).to_have_url(re.compile(r"/sources\?"))
    mark = opened.locator(f'mark[id="fig-{params["figure"][0]}"]')
    expect(mark).to_be_in_viewport()
    assert mark.text_content() == row["quote"]
    assert parse_qs(urlparse(opened.url).query).get("city") == [FILTER_CITY]  # the filter travels along


def test_click_on_a_mark_opens_its_quote(page: Page, page_errors: list[str], loaded: tables.Loaded):
    open_page(page, f"/?city={FILTER_CITY}")
    wait_for_charts(page)
    # a symbol: Playwright never finds a dashed rule (a vague amount's interval) "visible and stable"
    mark = page.locator(f"{PLOT} .mark-symbol.role-mark > path").first
    mark.scroll_into_view_if_needed()
    mark.hover()
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    figure_id = tooltip.locator("tr", has_text="Figure").locator("td").last.text_content()
    row = loaded.figures.set_index("figure_id").loc[figure_id]
    assert row["quote"] in tooltip.text_content()  # hovering shows the quote

    mark.click()
    expect(page).to_have_url(re.compile(r"/sources\?"))
    assert query_of(page)["figure"] == [figure_id]
    assert query_of(page)["article"] == [row["article_id"]]
    assert query_of(page)["city"] == [FILTER_CITY]  # the filter travels along
    expect(page.locator(f'mark[id="fig-{figure_id}"]')).to_be_in_viewport()


# --- (d) CSV download ------------------------------------------------------------------------------------


def as_number(text: str) -> float:
    return float(text) if text.strip() else math.nan


def test_csv_download_holds_exactly_the_filtered_rows(
    page: Page, page_errors: list[str], loaded: tables.Loaded
):
    expected = loaded.figures[loaded.figures["city"] == FILTER_CITY].set_index("figure_id")
    assert 0 < len(expected) < len(loaded.figures)
    open_page(page, f"/data?city={FILTER_CITY}")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV", exact=True).click()
    got = pd.read_csv(info.value.path(), dtype=str, keep_default_na=False)

    missing = [c for c in [*FIGURE_SCHEMA.columns, *PROVENANCE] if c not in got.columns]
    assert missing == []
    assert sorted(got["figure_id"]) == sorted(expected.index)  # no row missing, none extra, none twice
    got = got.set_index("figure_id")
    for column in [*FIGURE_SCHEMA.columns, *PROVENANCE]:
        if column == "figure_id":
            continue
        for figure_id, text in got[column].items():
            want = expected.at[figure_id, column]
            if column in NUMBERS:
                assert as_number(text) == pytest.approx(want, nan_ok=True), (figure_id, column)
            else:
                assert text == want, (figure_id, column)


# --- (e) unknown URL values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "unknown"),
    [
        ("/?city=Atlantis&city=Aleppo", "Atlantis"),
        ("/about?colour=red", "colour"),
        ("/data?city=Aleppo&quantity=no-such-quantity", "no-such-quantity"),
        ("/sources?article=no-such-article", "no-such-article"),
    ],
)
def test_unknown_url_value_gives_a_notice_not_an_error(
    page: Page, page_errors: list[str], url: str, unknown: str
):
    open_page(page, url)
    notice = page.locator('[data-testid="stMain"]').get_by_text(unknown).filter(visible=True)
    expect(notice.first).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)


# --- (f) every page loads, with a screenshot ---------------------------------------------------------------


def assert_page_shown_and_screenshot(page: Page, name: str, path: str) -> None:
    """The page asked for is the one shown, without an error, and leaves artifacts/screenshots/<name>.png."""
    # Streamlit answers an unknown path with the default page and a "Page not found" dialog: check
    # that the page asked for is the one shown
    current = page.locator(f'{NAV_LINK}[aria-current="page"]')
    expect(current).to_have_count(1)
    assert urlparse(current.get_attribute("href")).path == path
    expect(page.locator('[data-testid="stMainBlockContainer"] h1').first).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    grow_viewport_to_content(page)
    wait_for_app(page)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


# The default page "/" is loaded, checked and photographed by test_compare_draws_one_chart_per_quantity
# (a load of "/" draws ten charts: the slowest page, so it is loaded once).
PAGES = [
    ("timeline", "/timeline", "/timeline"),
    ("sources", "/sources", "/sources"),
    ("sources-article", "/sources?article={article}&figure={figure}", "/sources"),
    ("data", "/data", "/data"),
    ("about", "/about", "/about"),
]


@pytest.mark.parametrize(("name", "url", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_page_loads_without_error(
    page: Page, page_errors: list[str], loaded: tables.Loaded, name: str, url: str, path: str
):
    article_id, figure_id, _ = article_with_figure(loaded)
    open_page(page, url.format(article=quote(article_id), figure=quote(figure_id)))
    assert_page_shown_and_screenshot(page, name, path)
