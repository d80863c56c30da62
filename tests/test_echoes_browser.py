"""Echoes in Debian's Chromium against a real `streamlit run` server over tests/fixtures/echoes: five
outlets print the UN's number and two print a ministry's. The repeated estimate is drawn once, its repeats
are listed under the chart with their quotes in full, and each quote opens highlighted in its article."""

import re
from collections.abc import Iterator

import pytest
from conftest import REPO, StreamlitServer, follow, open_page, wait_for_app
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser  # a real server and Chromium: run apart (README, Run every test)

ECHOES = REPO / "tests" / "fixtures" / "echoes"
PLOT = '[data-testid="stVegaLiteChart"] svg.marks'
MARK = ".mark-symbol.role-mark > path, .mark-rule.role-mark > line"  # one per mark drawn
SHOTS = REPO / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def echoes_url() -> Iterator[str]:
    server = StreamlitServer(figures_root=ECHOES)
    yield server.url
    server.stop()


def test_a_repeated_estimate_is_drawn_once_with_its_repeats_listed(
    page: Page, page_errors: list[str], echoes_url: str
):
    open_page(page, echoes_url + "/")
    expect(page.locator(f"{PLOT} :is({MARK})")).to_have_count(2)  # two estimates, not seven claims
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Spread ×1.35 over 2 independent estimates (7 claims)")).to_be_visible()
    un = main.locator("li", has_text="UN OCHA (UN agency)").first
    expect(un).to_contain_text("5 claims")
    repeats = un.locator("li")
    expect(repeats).to_have_count(5)
    for i in range(5):  # every quote readable side by side, no hovering
        expect(repeats.nth(i)).to_contain_text("“more than 742,000 people have fled Mosul”")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "echoes-compare.png", full_page=True)

    opened = follow(page, repeats.nth(2).get_by_role("link", name="Read the quote"))
    expect(opened).to_have_url(re.compile(r"/sources\?(.*&)?figure=daily-three-2017-07-12-fled"))
    wait_for_app(opened)
    mark = opened.locator("mark.selected")
    expect(mark).to_have_text("more than 742,000 people have fled Mosul")


def test_every_claim_is_one_click_away_and_in_the_link(page: Page, page_errors: list[str], echoes_url: str):
    open_page(page, echoes_url + "/")
    page.get_by_text("Show every claim").click()
    expect(page).to_have_url(re.compile(r"[?&]claims=all(&|$)"))
    wait_for_app(page)
    expect(page.locator(f"{PLOT} :is({MARK})")).to_have_count(7)
    open_page(page, echoes_url + "/?claims=all")  # a shared link shows the same view
    expect(page.locator(f"{PLOT} :is({MARK})")).to_have_count(7)
