"""Share and cite, headless: the URL holds each page's own view (order, page, quantity shown), the
citations and links offered to copy, the one wording of the outlet's own claim, the filters' widgets,
and what the curators' notes say was inferred. Through dashboard.py (AppTest) on the mini fixture and
the curated data, and the pure builders on tiny inputs. The browser side: tests/test_share_browser.py.
"""

import base64
import datetime as dt
import html
import re
import urllib.parse
from pathlib import Path

import pandas as pd
import pytest
from streamlit.proto.SelectWidgetFilterMode_pb2 import FILTER_MODE_FUZZY
from streamlit.testing.v1 import AppTest
from test_app import app, charts, notices, params

from figures.commands.synthesize import synthesize
from figures.tables import load as tables
from figures.view.cite import DASHBOARD, ChartFacts, chart_citation, chart_facts, embed_code, figure_citation
from figures.view.claims import QUANTITIES_PER_PAGE
from figures.view.estimates import OWN_CLAIM
from figures.view.filters import FILTERS
from figures.view.inferred import DATE, LINK, inferences, inferred_in_words
from figures.view.pages import PAGES, absolute, page_number
from figures.view.text import md_escape

TODAY = dt.datetime.now(dt.UTC).date().isoformat()


def codes(at: AppTest, *opened: str) -> list[str]:
    """What the page offers to copy once the "Copy link and cite" expanders keyed `opened` are opened:
    the text of every code block (its copy button copies exactly it)."""
    assert not at.code  # drawn only once opened
    for key in opened:
        at.session_state[key] = True
    at.run()
    return [c.value for c in at.code]


# ------------------------------------------------------------------------------ the view in the URL


def test_compare_order_and_page_go_into_the_url_and_come_back_from_it(real: tables.Loaded):
    pages = -(-real.figures["quantity_id"].nunique() // QUANTITIES_PER_PAGE)
    assert pages >= 2, "the curated data must fill two Compare pages for this test"
    at = app()
    assert params(at) == {}  # the default view: a clean URL
    at.selectbox(key="compare_sort").set_value("theme").run()
    at.number_input(key="compare_page").set_value(2).run()
    at.toggle(key="compare_every_claim").set_value(True).run()
    assert params(at) == {"order": ["theme"], "page": ["2"], "claims": ["all"]}
    shown = [s.value for s in at.subheader]

    again = app(order="theme", page="2", claims="all")  # the same URL opened anew
    assert again.selectbox(key="compare_sort").value == "theme"
    assert again.number_input(key="compare_page").value == 2
    assert again.toggle(key="compare_every_claim").value is True
    assert [s.value for s in again.subheader] == shown
    assert params(again) == {"order": ["theme"], "page": ["2"], "claims": ["all"]}

    at.selectbox(key="compare_sort").set_value("spread").run()
    at.number_input(key="compare_page").set_value(1).run()
    assert params(at) == {"claims": ["all"]}  # back to the defaults: gone from the URL


@pytest.mark.parametrize(("key", "value"), [("order", "loudest"), ("page", "two"), ("page", "0")])
def test_a_bad_view_value_in_the_url_is_ignored_with_a_notice(mini: Path, key: str, value: str):
    at = app(**{key: value})
    assert f"Unknown {key} '{value}' in the URL was ignored" in notices(at)
    assert at.selectbox(key="compare_sort").value == "spread"
    assert at.number_input(key="compare_page").value == 1
    assert key not in params(at)


def test_a_page_past_the_end_shows_the_last_page(real: tables.Loaded):
    at = app(page="999")
    last = at.number_input(key="compare_page").max
    assert at.number_input(key="compare_page").value == last
    assert params(at)["page"] == [str(int(last))]


def test_timeline_quantity_shown_goes_into_the_url_and_comes_back_from_it(mini: Path):
    at = app("timeline")
    first = at.selectbox(key="timeline_quantity").value
    assert params(at) == {"shown": [first]}  # always written: the default depends on the data
    other = next(q for q in ("mosul-fled", "mosul-civilians-killed") if q != first)
    at.selectbox(key="timeline_quantity").set_value(other).run()
    assert params(at) == {"shown": [other]}
    again = app("timeline", shown=other)
    assert again.selectbox(key="timeline_quantity").value == other
    assert md_escape("Unknown shown 'nothing-like-it'") in notices(app("timeline", shown="nothing-like-it"))


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic package with two pages of articles (30) and of data rows (1,100 figures)."""
    root = tmp_path_factory.mktemp("many")
    synthesize(root, 1_100, seed=3)
    return root


@pytest.mark.parametrize(("page", "widget"), [("sources", "sources_page"), ("data", "data_page")])
def test_sources_and_data_keep_their_page_number(
    many: Path, monkeypatch: pytest.MonkeyPatch, page: str, widget: str
):
    monkeypatch.setenv("FIGURES_ROOT", str(many))
    at = app(page, page="2")
    assert at.number_input(key=widget).value == 2
    assert params(at) == {"page": ["2"]}
    at.number_input(key=widget).set_value(1).run()
    assert params(at) == {}
    assert params(app(page, page="9")) == {"page": ["2"]}  # past the end: the last page


def test_page_number_accepts_whole_numbers_from_one_only():
    assert [page_number(t) for t in ("1", " 12 ", "0", "-1", "1.5", "two", "²", "")] == [
        1,
        12,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("page_url", "page", "relative", "full"),
    [
        ("http://host:8501/", "compare", ".?city=Mosul", "http://host:8501/?city=Mosul"),
        ("http://host:8501", "compare", "timeline?shown=q", "http://host:8501/timeline?shown=q"),
        ("http://host:8501/timeline", "timeline", "timeline?shown=q", "http://host:8501/timeline?shown=q"),
        ("https://x.org/figures/data", "data", "sources?figure=f", "https://x.org/figures/sources?figure=f"),
        (None, "sources", "sources?figure=f", "/sources?figure=f"),
    ],
)
def test_links_become_full_addresses_from_the_page_shown(page_url, page, relative, full):
    assert absolute(relative, page_url, PAGES[page]) == full


# ----------------------------------------------------------------------------------- copy and cite


def test_each_compare_chart_offers_its_link_citation_and_embed_code(mini: Path):
    at = app(city="Mosul")
    expanders = [e.label for e in at.expander]
    charts = len(at.get("vega_lite_chart"))
    assert expanders.count("Copy link and cite this chart") == charts == 4
    quantities = ("mosul-civilians-killed", "mosul-fled", "mosul-old-city-trapped", "mosul-bombs")
    offered = codes(at, *(f"share_{q}" for q in quantities))
    assert len(offered) == 3 * charts  # link, citation, embed code per chart
    link, citation, embed = offered[:3]
    assert link == "/?city=Mosul&quantity=mosul-civilians-killed"  # AppTest has no browser address
    assert citation.startswith("“Civilians killed in Mosul”: 2 claims by Airwars, Kurdish intelligence")
    assert "as printed by Mini Courier, Mini Herald, published 2017-03 to 2017-07-12" in citation
    assert citation.endswith(f"Compare chart, {DASHBOARD} (dashboard). Accessed {TODAY}. {link}")
    assert html.unescape(re.search(r'src="([^"]*)"', embed)[1]) == link + "&embed=true"


def test_a_charts_link_keeps_every_claim_drawn(mini: Path):
    link = codes(app(quantity="mosul-fled", claims="all"), "share_mosul-fled")[0]
    assert link == "/?quantity=mosul-fled&claims=all"


def test_the_timeline_offers_its_link_and_citation(mini: Path):
    at = app("timeline", shown="mosul-fled", city="Mosul")
    link, citation, _ = codes(at, "share_timeline")
    assert urllib.parse.parse_qs(link.split("?", 1)[1]) == {"city": ["Mosul"], "shown": ["mosul-fled"]}
    assert link.startswith("/timeline?")
    assert citation.startswith("“People who had fled Mosul”: 2 claims by Mini Courier, U.N.")
    assert f"Timeline, {DASHBOARD} (dashboard). Accessed {TODAY}. {link}" in citation


def test_a_figure_offers_its_link_and_citation(mini: Path):
    at = app("sources", article="mini-herald", figure="herald-killed")
    link, citation = codes(at, "share_figure")
    assert link == "/sources?article=mini-herald&figure=herald-killed"
    assert citation == (
        "Mini Herald, “Mini <Herald> & Co”, published 2017-07-12, https://example.org/herald: “As many as "
        "40,000 civilians were killed in Mosul” (As many as 40,000 (at most); cited source: Kurdish "
        f"intelligence). Figure herald-killed in {DASHBOARD} (dashboard). Accessed {TODAY}. {link}"
    )
    own = codes(app("sources", figure="courier-trapped"), "share_figure")[1]
    assert f"cited source: {OWN_CLAIM})" in own and "untitled article (mini-courier)" in own


def test_a_chart_citation_names_six_sources_and_counts_the_rest():
    claims = pd.DataFrame(
        {
            "primary_name": [f"Source {i}" for i in range(8)],
            "outlet_name": ["Outlet"] * 8,
            "published": ["2017-01", "", *["2017-02-03"] * 6],
        }
    )
    facts = chart_facts("Deaths in Mosul", "Mosul", claims)
    assert facts == ChartFacts(
        "Deaths in Mosul",
        "Mosul",
        8,
        tuple(f"Source {i}" for i in range(8)),
        ("Outlet",),
        "2017-01",
        "2017-02-03",
    )
    text = chart_citation(facts, "Timeline", "https://x/timeline", dt.date(2026, 1, 2))
    assert (
        "by Source 0, Source 1, Source 2, Source 3, Source 4, Source 5 and 2 more, as printed by Outlet"
        in text
    )
    assert "“Deaths in Mosul”: 8 claims" in text  # the city is in the label already: not repeated
    assert text.endswith("Accessed 2026-01-02. https://x/timeline")


def test_embed_code_escapes_the_address_and_title():
    code = embed_code('https://x/?q=a"b', 'Deaths <"quoted">')
    assert 'src="https://x/?q=a&quot;b&amp;embed=true"' in code
    assert 'title="Deaths &lt;&quot;quoted&quot;&gt;"' in code
    assert 'allow="clipboard-write"' in code  # the embedded chart's copy buttons, on another site


def test_figure_citation_without_an_article_date_or_address():
    figure = {"figure_id": "f", "article_id": "a", "quote": "some 10", "value": 10.0, "bound": "approx"}
    figure |= {"qualifier": "some", "low": 10.0, "high": 10.0}
    text = figure_citation(figure, "/sources?figure=f", dt.date(2026, 1, 2))
    assert text.startswith("Unknown outlet, “untitled article (a)”, published date unknown: “some 10”")
    assert f"cited source: {OWN_CLAIM}" in text


# ----------------------------------------------------------------------- filters and their words


def test_the_filters_pick_one_option_on_enter(mini: Path):
    # Streamlit 1.67: with a "Select all" / "Select N matches" row shown, Enter commits it: off on every
    # filter; fuzzy matching ranks the best match first, which Enter then picks (the browser test)
    at = app()
    widgets = {w.proto.label: w.proto for w in at.sidebar.multiselect}
    assert set(widgets) == {f.label for f in FILTERS}
    for label, proto in widgets.items():
        assert proto.HasField("select_all") and proto.select_all == 0, label  # unset means "up to 1000"
        assert proto.filter_mode == FILTER_MODE_FUZZY, label


def test_the_outlets_own_claim_has_one_wording(mini: Path):
    at = app()
    cited = at.sidebar.multiselect(key="filter_cited")
    assert OWN_CLAIM in cited.options
    assert not [o for o in cited.options if "own claim" in o and o != OWN_CLAIM]
    # the earlier spelling in a shared link still picks it, without a notice
    old = app(cited="(outlet's own claim)")
    assert old.sidebar.multiselect(key="filter_cited").value == [OWN_CLAIM] and not notices(old)
    callout = app("sources", figure="courier-trapped").get("html")[0].proto.body
    assert f"<strong>Cited source:</strong> {html.escape(OWN_CLAIM)}" in callout
    grid = app("data").dataframe[0].value
    own = grid[grid["cited_source"].astype(str) == ""]
    assert len(own) and set(own["cited_name"]) == {OWN_CLAIM}


def test_the_data_grid_leaves_missing_numbers_empty(mini: Path):
    (grid,) = app("data").dataframe
    assert grid.proto.HasField("placeholder") and grid.proto.placeholder == ""  # unset shows "None"
    assert grid.value["low"].isna().any()  # an open bound: a missing number, shown as an empty cell


# ------------------------------------------------------------------------------ what was inferred


@pytest.mark.parametrize(
    ("notes", "found"),
    [
        ("", {}),
        ("Attribution inferred: the text does not say 'according to RT'.", {}),
        (
            "Not attributed. period_end is the publication date (inferred: the article gives no date).",
            {DATE: ["period_end is the publication date (inferred: the article gives no date)."]},
        ),
        (
            "Inferred link: the article does not date the raid. It is one raid; the date is inferred from "
            "that link.",
            {
                LINK: ["Inferred link: the article does not date the raid."],
                DATE: ["It is one raid; the date is inferred from that link."],
            },
        ),
        (
            "Shares its quantity with another row (link inferred, see that row).",
            {LINK: ["Shares its quantity with another row (link inferred, see that row)."]},
        ),
        # a bracket closes no sentence: the reason after it stays with its sentence
        (
            "One raid (the deadliest) and no other; the date is inferred from that link. Stated.",
            {DATE: ["One raid (the deadliest) and no other; the date is inferred from that link."]},
        ),
        (
            "Since February (2017, inferred from context). Attribution inferred in part: Mosul is inferred.",
            {DATE: ["Since February (2017, inferred from context)."]},
        ),
    ],
)
def test_inferences_read_from_the_notes(notes: str, found: dict):
    assert inferences(notes) == found


def test_inferred_in_words_names_the_date_then_the_link():
    notes = "Inferred link: one raid. The date is inferred from that link."
    assert inferred_in_words(notes) == (
        "Inferred date: The date is inferred from that link. Inferred quantity link: Inferred link: one raid."
    )
    assert inferred_in_words("Stated in the text.") == ""


def test_every_curated_inference_of_a_date_is_found(real: tables.Loaded):
    # a note that says the period end is the publication date always marks an inferred date
    said = real.figures[real.figures["notes"].str.contains("period_end is the publication date", regex=False)]
    assert len(said) > 0
    assert all(DATE in inferences(n) for n in said["notes"])


def test_the_timeline_marks_and_says_what_was_inferred(real: tables.Loaded):
    quantity = "mosul-fled-since-offensive"
    said = real.figures[real.figures["quantity_id"] == quantity]
    inferred = [n for n in said["notes"] if DATE in inferences(n)]
    assert 0 < len(inferred) < len(said)  # some dates stated, some inferred: only those are marked
    at = app("timeline", shown=quantity)
    (spec,) = charts(at)
    (ring,) = [t for t in spec["data"] if t["meta"] == "inferred"]
    y = ring["y"]  # plotly sends a long numeric array as base64 bytes
    assert (len(base64.b64decode(y["bdata"])) // 8 if isinstance(y, dict) else len(y)) == len(inferred)
    words = next(e for e in at.expander if e.label.startswith("The claims in words"))
    lines = words.markdown[0].value.splitlines()
    assert len(lines) == len(said)
    marked = [x for x in lines if "; **?** " + md_escape("Inferred date: ") in x]
    assert len(marked) == len(inferred)
