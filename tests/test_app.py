"""AppTest (headless) tests of the dashboard through dashboard.py: every page, every filter, the URL
contract (README, Run the dashboard), deep links, the CSV download and the rejected-rows notice.

Most tests run on the mini fixture package (tests/fixtures/mini_app, via FIGURES_ROOT); the last ones run
on the real curated data and check its structure, plus specific facts only where they are present.
"""

import csv
import io
import json
import shutil
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import MINI, download
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from figures.app import filter_bar, state
from figures.rules.bounds import BOUNDS
from figures.rules.schema import FIGURE_SCHEMA
from figures.tables import load as tables
from figures.view import cards
from figures.view.charts import MARKS, colour_legend
from figures.view.claims import MAX_MARKS, QUANTITIES_PER_PAGE
from figures.view.estimates import estimate_ids
from figures.view.filters import FILTERS, OWN_CLAIM, filter_figures
from figures.view.pages import PAGES as REGISTRY
from figures.view.pages import same_tab_link

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "dashboard.py")  # absolute: AppTest resolves relative paths against the calling file
PAGES = {name: page.file for name, page in REGISTRY.items()}
TITLES = {
    "compare": "Compare claims",
    "timeline": "Timeline",
    "sources": "Sources",
    "data": "Data",
    "about": "About",
}
FILTER_KEYS = {f.url_key: f.widget_key for f in FILTERS}


def app(page: str = "compare", /, **params: str | list[str]) -> AppTest:
    """The app opened at /<page>?<params>, as a browser would open a shared link."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "compare":
        at.switch_page(PAGES[page])
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    # no typed accessor for plotly charts: the proto carries the figure JSON
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def compare_charts(at: AppTest) -> list[dict]:
    """The Compare page's Vega-Lite specs, their rows put back under data.values (no typed accessor
    either: the proto carries the spec JSON, and the rows travel beside it as a named Arrow dataset)."""
    specs = []
    for chart in at.get("vega_lite_chart"):
        rows = convert_arrow_bytes_to_pandas_df(chart.proto.datasets[0].data.data)
        specs.append({**json.loads(chart.proto.spec), "data": {"values": rows.to_dict("records")}})
    return specs


def drawn_ids(at: AppTest) -> set[str]:
    return {row["figure"] for spec in compare_charts(at) for row in spec["data"]["values"]}


def params(at: AppTest) -> dict[str, list[str]]:
    # AppTest gives a str for one value and a list for several
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def htmls(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html")]


def notices(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


# ---------------------------------------------------------------------------------------------- pages


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_with_its_title(mini: Path, page: str):
    at = app(page)
    assert at.title[0].value == TITLES[page]
    assert [w.label for w in at.sidebar.multiselect] == [
        "City",
        "Outlet",
        "Cited source",
        "Source (outlet, cited or via)",
        "Kind of primary source",
        "Side of primary source",
        "Theme",
        "Quantity",
    ]
    assert not at.warning  # the fixture is clean: no notice


def test_compare_shows_one_chart_per_quantity_single_claims_too(mini: Path):
    at = app()
    specs = compare_charts(at)
    assert len(specs) == 5  # five quantities in the fixture, one of them a single claim
    quantity_of = dict(zip(*(tables.load().figures[c] for c in ("figure_id", "quantity_id")), strict=True))
    for spec in specs:
        ids = {row["figure"] for row in spec["data"]["values"]}
        assert len({quantity_of[i] for i in ids}) == 1  # never two quantities on one axis
    killed = next(s for s in specs if "herald-killed" in json.dumps(s))
    # one mark per independent estimate, labelled with who produced it, its kind and its date
    assert sorted(row["row"] for row in killed["data"]["values"]) == [
        "Airwars (monitor) · 2017-03",
        "Kurdish intelligence (government) · 2017-07",
    ]
    text = "\n".join(m.value for m in at.markdown)
    assert "single claim" in text and r"×6\.89" in text
    assert same_tab_link("Read the quote", "sources?article=mini-herald&figure=herald-killed") in text


def test_compare_hover_text_is_data_not_markup(mini: Path):
    # Vega draws SVG text nodes and its tooltip escapes what it shows (tests/test_untrusted_browser.py
    # proves it in Chromium): the spec carries the quote verbatim, as data, never pre-rendered HTML.
    quotes = [row["quote"] for spec in compare_charts(app()) for row in spec["data"]["values"]]
    assert any("<b>bold</b>" in q for q in quotes)
    assert not any("&lt;" in q for q in quotes)  # not escaped twice


def test_compare_sort_and_pages(mini: Path):
    at = app()
    # ungrouped, a quantity's heading is the level under the page's title; grouped, under its group's
    assert [s.value for s in at.subheader] == []
    first = [h.value for h in at.main.header]
    assert first[0] == "Civilians killed in Mosul"  # ×6.89: the most contested
    at.selectbox(key="compare_sort").set_value("city").run()
    assert [h.value for h in at.main.header] == ["Aleppo", "Mosul"]
    assert at.subheader[0].value == "Civilians killed in East Aleppo"
    assert at.number_input(key="compare_page").value == 1


@pytest.mark.parametrize("warm_from", [0, 10**9])
def test_at_scale_the_landing_view_and_each_city_come_made_with_the_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm_from: int
):
    # a copy: a snapshot of its own, made on this test's first run
    monkeypatch.setenv("FIGURES_ROOT", str(shutil.copytree(MINI, tmp_path / "package")))
    monkeypatch.setattr(state, "WARM_FROM", warm_from)
    at = app()
    made: list[tuple[str, ...]] = []
    make = cards.compare_cards
    monkeypatch.setattr(cards, "compare_cards", lambda *a, **k: made.append(a[4]) or make(*a, **k))
    cities = at.multiselect(key="filter_city").options
    for city in cities:
        at.multiselect(key="filter_city").set_value([city]).run()
        assert not at.exception and at.get("vega_lite_chart")
    # below WARM_FROM figures each city's cards are made when first asked; at or above it, with the load
    assert len(made) == (0 if warm_from == 0 else len(cities))
    at.multiselect(key="filter_kind").set_value([at.multiselect(key="filter_kind").options[0]]).run()
    assert len(made) == (1 if warm_from == 0 else len(cities) + 1)  # any other view: made when asked


def test_one_page_view_runs_at_a_time(mini: Path, monkeypatch: pytest.MonkeyPatch):
    # two readers at once: the second's run starts when the first's ends (figures.app.ONE_RUN_AT_A_TIME)
    runs: list[tuple[float, float]] = []
    snapshot = state.data

    def slow_data() -> tables.Loaded:
        start = time.monotonic()
        time.sleep(0.05)  # long beside starting a thread: without turns, the two runs would overlap
        runs.append((start, time.monotonic()))
        return snapshot()

    monkeypatch.setattr(state, "data", slow_data)
    with ThreadPoolExecutor(2) as readers:
        for opened in [readers.submit(app) for _ in range(2)]:
            assert opened.result().get("vega_lite_chart")
    (_, first_end), (second_start, _) = sorted(runs)
    assert second_start >= first_end


def test_timeline_month_dates_drawn_as_spans(mini: Path):
    at = app("timeline", quantity="mosul-fled")
    assert at.selectbox(key="timeline_quantity").value == "mosul-fled"
    (spec,) = charts(at)
    published = [t for t in spec["data"] if t["meta"] == "published"]
    courier = next(t for t in published if t["name"].startswith("Mini Courier"))
    assert [x[:10] for x in courier["x"][:2]] == ["2017-03-01", "2017-04-01"]  # all of March, no made-up day
    assert courier["text"][0] == "2017-03"


def test_sources_cards(mini: Path):
    at = app("sources")
    assert [h.value for h in at.main.header] == ["Articles (3)"]  # over the cards' level-3 titles
    assert [s.value for s in at.subheader] == [
        r"Mini \<Herald\> & Co",
        r"Untitled article \(mini\-courier\)",
        "A piece with no figures",
    ]
    text = "\n".join(m.value for m in at.markdown)
    assert "No figures curated from this article." in text
    assert "**4 figures** curated from this article." in text
    assert "javascript" not in text.replace(r"javascript\:", "")  # the unsafe URL is never a link
    assert "[https\\://example\\.org/herald](https://example.org/herald)" in text
    links = [link.proto.query_string for link in at.get("page_link")]
    assert "article=mini-herald" in links


def test_deep_link_to_a_figure(mini: Path):
    at = app("sources", article="mini-herald", figure="herald-bombs", city="Mosul")
    body = "\n".join(htmls(at))
    assert '<mark id="fig-herald-bombs" class="fig selected" title="herald-bombs">' in body
    assert '<mark id="fig-herald-killed" class="fig" title="herald-killed">' in body
    assert (
        "A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; claim: 7 bombs" in body
    )  # escaped, not rendered
    assert "<b>bold</b>" not in body
    assert "The battle is over." in body and "\n\n" in body  # paragraphs kept (pre-wrap)
    callout = htmls(at)[0]
    assert 'class="figure-callout"' in callout and "Figure herald-bombs" in callout
    scroll = [h for h in at.get("html") if h.proto.unsafe_allow_javascript]
    assert len(scroll) == 1 and '"fig-herald-bombs"' in scroll[0].proto.body
    assert params(at) == {"city": ["Mosul"], "article": ["mini-herald"], "figure": ["herald-bombs"]}


def test_deep_link_with_unknown_article_or_figure_is_a_notice(mini: Path):
    at = app("sources", article="no-such-article")
    assert "Unknown article 'no\\-such\\-article'" in notices(at)
    assert at.get("html") == [] or not any("<mark" in b for b in htmls(at))
    at = app("sources", article="mini-herald", figure="courier-killed")
    assert "is not from article" in notices(at)
    assert not any(h.proto.unsafe_allow_javascript for h in at.get("html"))


def test_article_without_figures(mini: Path):
    at = app("sources", article="mini-empty")
    assert "No figures curated from this article." in [c.value for c in at.caption]
    assert "Nothing to see" in "\n".join(htmls(at))


def test_about_renders_rules_and_schemas_from_code(mini: Path):
    at = app("about")
    frames = [df.value for df in [*at.dataframe, *at.table]]
    columns = [list(f.columns) for f in frames]
    assert ["column", "type", "required", "description"] in columns
    bounds = next(f for f in frames if "bound" in f.columns and "drawn on Compare as" in f.columns)
    assert bounds["bound"].tolist() == list(BOUNDS)
    # what the page says of each mark is what the chart draws: one definition, figures.view.charts.MARKS
    assert bounds["drawn on Compare as"].tolist() == [MARKS[b]["drawn"] for b in BOUNDS]
    assert bounds["drawn on the Timeline as"].tolist() == [MARKS[b]["on_timeline"] for b in BOUNDS]
    assert bounds["legend on the chart"].tolist() == [MARKS[b]["name"] for b in BOUNDS]
    assert "hundreds" in next(f for f in frames if "words" in f.columns)["words"].tolist()
    quantities = next(f for f in frames if "definition" in f.columns and "quantity_id" in f.columns)
    assert len(quantities) == 5
    # the colour legend is the table the charts take their colours from (tests/test_charts.py)
    legend = next(f for f in frames if "kind of primary source" in f.columns)
    expected = colour_legend()
    assert legend[expected.columns].to_dict("records") == expected.to_dict("records")


# -------------------------------------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("key", "value", "figures"),
    [
        ("city", ["Aleppo"], {"courier-aleppo"}),
        ("outlet", ["mini-herald"], {"herald-killed", "herald-fled", "herald-bombs"}),
        ("cited", ["airwars", "u-n"], {"courier-killed", "herald-fled"}),
        # a source in any role: the outlet of three claims, cited by none
        ("source", ["mini-herald"], {"herald-killed", "herald-fled", "herald-bombs"}),
        ("source", ["airwars"], {"courier-killed"}),
        ("kind", ["un_agency"], {"herald-fled"}),  # the primary source: the U.N., cited by the Herald
        ("kind", ["media"], {"courier-aleppo", "courier-fled", "courier-trapped", "herald-bombs"}),
        ("side", ["Kurdistan Regional Government"], {"herald-killed"}),
        (
            "cited",
            [OWN_CLAIM],
            {"courier-aleppo", "courier-fled", "courier-trapped", "herald-bombs"},
        ),
        ("theme", ["bombing"], {"herald-bombs"}),
        ("quantity", ["mosul-fled"], {"herald-fled", "courier-fled"}),
    ],
)
def test_each_filter_narrows_every_page_and_lands_in_the_url(
    mini: Path, key: str, value: list[str], figures: set
):
    at = app()
    at.sidebar.multiselect(key=FILTER_KEYS[key]).set_value(value).run()
    assert not at.exception
    assert params(at) == {key: value}
    assert drawn_ids(at) == figures
    at.switch_page(PAGES["data"]).run()
    assert set(at.dataframe[0].value["figure_id"]) == figures
    assert params(at) == {key: value}  # re-written after the page switch
    assert at.sidebar.multiselect(key=FILTER_KEYS[key]).value == value


def test_url_seeds_filters_case_insensitively(mini: Path):
    at = app(city=["mosul", "ALEPPO"], theme="Displacement", quantity="People who had fled Mosul")
    assert at.sidebar.multiselect(key="filter_city").value == ["Mosul", "Aleppo"]
    assert at.sidebar.multiselect(key="filter_theme").value == ["displacement"]
    assert at.sidebar.multiselect(key="filter_quantity").value == ["mosul-fled"]  # by label too
    assert params(at) == {"city": ["Mosul", "Aleppo"], "theme": ["displacement"], "quantity": ["mosul-fled"]}
    assert len(compare_charts(at)) == 1


def test_unknown_url_keys_and_values_are_notices_not_errors(mini: Path):
    at = app(city=["Mosul", "Atlantis"], colour="red", outlet="<img src=x onerror=alert(1)>")
    text = notices(at)
    assert "Unknown city 'Atlantis'" in text
    assert "Unknown URL parameter 'colour'" in text
    assert r"Unknown outlet '\<img src=x onerror=alert\(1\)\>'" in text  # escaped for markdown
    assert at.sidebar.multiselect(key="filter_city").value == ["Mosul"]
    assert at.sidebar.multiselect(key="filter_outlet").value == []
    assert params(at) == {"city": ["Mosul"]}  # the unknown ones are dropped from the URL


def test_page_keys_leave_the_url_off_their_page(mini: Path):
    at = app("sources", article="mini-herald", figure="herald-killed")
    at.switch_page(PAGES["data"]).run()
    assert params(at) == {}


def test_no_match_is_a_message_and_the_filters_stay(mini: Path):
    at = app(city="Aleppo", theme="bombing")
    assert not compare_charts(at)
    assert "No figures match the filters" in at.info[0].value
    # the page ends early (PageDone); the filters, drawn after it, are still there to clear one
    assert at.sidebar.multiselect(key="filter_theme").value == ["bombing"]
    at.sidebar.multiselect(key="filter_theme").set_value([]).run()
    assert compare_charts(at) and not at.info
    at.sidebar.multiselect(key="filter_theme").set_value(["bombing"]).run()
    at.switch_page(PAGES["timeline"]).run()
    assert not at.exception and "No figures match" in at.info[0].value
    assert len(at.sidebar.multiselect) == 8


def test_a_failing_page_keeps_the_filters(mini: Path, monkeypatch: pytest.MonkeyPatch):
    def broken(*args: object) -> None:
        raise RuntimeError("a bug in the page")

    monkeypatch.setattr(state, "cards_for", broken)
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["city"] = "Mosul"
    at.run()
    (error,) = at.exception  # one, and with no details for the reader (.streamlit/config.toml)
    assert "encountered an error" in error.message and "a bug" not in error.message
    assert not error.stack_trace
    # the page failed after its title; the filters, drawn after the page, are there to move elsewhere
    assert at.title[0].value == TITLES["compare"]
    assert [m.value for m in at.sidebar.multiselect] == [["Mosul"], [], [], [], [], [], [], []]
    at.switch_page(PAGES["data"]).run()
    assert not at.exception and params(at) == {"city": ["Mosul"]}


def test_many_quantities_are_found_by_search(mini: Path, monkeypatch: pytest.MonkeyPatch):
    at = app()
    assert not at.sidebar.text_input  # five quantities: all listed, no search box
    listed = at.sidebar.multiselect(key="filter_quantity").options
    monkeypatch.setattr(filter_bar, "LISTED_QUANTITIES", 2)  # the mini package's five count as many
    at = app()
    assert at.sidebar.multiselect(key="filter_quantity").options == listed[:2]  # the first two
    assert "3 more quantities match" in at.sidebar.caption[-1].value
    at.sidebar.text_input(key="filter_quantity_search").input("fled").run()
    assert at.sidebar.multiselect(key="filter_quantity").options == ["People who had fled Mosul"]
    assert not any("more quantities match" in c.value for c in at.sidebar.caption)
    at.sidebar.multiselect(key="filter_quantity").set_value(["mosul-fled"]).run()
    assert params(at) == {"quantity": ["mosul-fled"]}
    assert drawn_ids(at) == {"herald-fled", "courier-fled"}
    # another search lists other quantities; what is chosen stays listed and chosen
    at.sidebar.text_input(key="filter_quantity_search").input("Aleppo").run()
    quantity = at.sidebar.multiselect(key="filter_quantity")
    assert quantity.options == [
        "People who had fled Mosul",
        "Civilians killed in East Aleppo",
    ]  # chosen first
    assert quantity.value == ["mosul-fled"] and drawn_ids(at) == {"herald-fled", "courier-fled"}


def test_quantities_sharing_a_label_are_told_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = tmp_path / "shared_label"
    shutil.copytree(MINI, root)
    quantities = root / "data" / "quantities.csv"
    quantities.write_text(  # the Old City's trapped civilians now read like the Mosul killed
        quantities.read_text(encoding="utf-8").replace(
            "Civilians trapped in the Old City", "Civilians killed in Mosul"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("FIGURES_ROOT", str(root))
    at = app()
    options = at.sidebar.multiselect(key="filter_quantity").options
    assert len(set(options)) == len(options) == 5
    assert "Civilians killed in Mosul (mosul-old-city-trapped)" in options
    at.sidebar.multiselect(key="filter_quantity").set_value(["mosul-old-city-trapped"]).run()
    assert params(at) == {"quantity": ["mosul-old-city-trapped"]}
    assert at.sidebar.multiselect(key="filter_quantity").value == ["mosul-old-city-trapped"]


# --------------------------------------------------------------------------------------------- download


def test_csv_download_is_exactly_the_filtered_rows(mini: Path, downloads: dict[str, bytes]):
    at = app("data", city="Mosul", theme="displacement")
    rows = list(csv.DictReader(io.StringIO(download(at, "Download CSV", downloads).decode("utf-8"))))
    assert {r["figure_id"] for r in rows} == {"herald-fled", "courier-fled", "courier-trapped"}
    # a row stands alone: the figure, its quantity, its article, who says it, where it is curated
    assert list(rows[0])[: len(FIGURE_SCHEMA.columns)] == list(FIGURE_SCHEMA.columns)
    fled = next(r for r in rows if r["figure_id"] == "herald-fled")
    assert fled["quote"] == "Nearly 900,000 people had fled the city by July"
    assert (fled["value"], fled["low"], fled["high"]) == ("900000", "900000", "900000")  # never 900000.0
    assert fled["title"] == "Mini <Herald> & Co" and fled["published"] == "2017-07-12"
    assert fled["url"] == "https://example.org/herald" and fled["outlet"] == "mini-herald"
    assert (fled["label"], fled["unit"], fled["city"]) == ("People who had fled Mosul", "people", "Mosul")
    assert fled["definition"] == "People who had fled Mosul since the offensive began."
    assert (fled["primary_source"], fled["primary_name"], fled["primary_kind"]) == (
        "u-n",
        "U.N.",
        "un_agency",
    )
    assert fled["curation_line"] == "data/displacement.csv:2"


def test_data_table_links_only_web_addresses(mini: Path):
    at = app("data")
    table = at.dataframe[0].value
    assert len(table) == 7
    assert {"source_file", "source_line", "quote", "cited_source", "url"} <= set(table.columns)
    assert set(table["url"]) == {"https://example.org/herald", ""}  # javascript: is blanked


# ------------------------------------------------------------------------------------- rejected rows


@pytest.fixture(scope="module")
def broken_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini package with two bad rows, built once: the app loads it once for every test below."""
    root = tmp_path_factory.mktemp("package") / "broken"
    shutil.copytree(MINI, root)
    casualties = root / "data" / "casualties.csv"
    lines = casualties.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",approx,", ",sorta,")  # line 3: a bound that does not exist
    casualties.write_text("".join(lines), encoding="utf-8")
    bombing = root / "data" / "bombing.csv"
    bombing.write_text(
        bombing.read_text(encoding="utf-8").replace("mini-herald,mosul-bombs", "nobody,mosul-bombs")
    )
    return root


@pytest.fixture
def broken(broken_package: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FIGURES_ROOT", str(broken_package))
    return broken_package


@pytest.mark.parametrize("page", list(PAGES))
def test_rejected_rows_notice_on_every_page(broken: Path, page: str):
    problems = tables.load().problems
    assert len(problems) == 2
    at = app(page)
    assert "2 rows were rejected and are not shown" in notices(at)
    (expander,) = [e for e in at.expander if e.label.startswith("Rejected rows")]
    listed = expander.code[0].value
    for problem in problems:
        assert str(problem) in listed
    assert "data/casualties.csv:3: bound:" in listed and "data/bombing.csv:2: article_id:" in listed


def test_rejected_rows_are_not_shown(broken: Path):
    at = app("data")
    assert set(at.dataframe[0].value["figure_id"]) == {
        "herald-killed",
        "courier-aleppo",
        "herald-fled",
        "courier-fled",
        "courier-trapped",
    }


# ------------------------------------------------------------------------------------------ real data


@pytest.mark.parametrize("page", list(PAGES))
def test_real_data_every_page(real: tables.Loaded, page: str):
    at = app(page)
    assert at.title[0].value == TITLES[page]


def test_real_data_compare_structure(real: tables.Loaded):
    at = app()
    quantities = real.figures["quantity_id"].nunique()
    assert len(compare_charts(at)) == min(quantities, QUANTITIES_PER_PAGE)
    assert at.number_input(key="compare_page").max == -(-quantities // QUANTITIES_PER_PAGE)
    for spec in compare_charts(at):
        assert spec["usermeta"]["embedOptions"]["renderer"] == "svg"
        assert {layer["mark"]["type"] for layer in spec["layer"]} <= {"rule", "point", "text"}


def test_real_data_march_17_strike_has_two_claims(real: tables.Loaded):
    quantity = "mosul-2017-03-17-strike-deaths"
    assert quantity in set(real.figures["quantity_id"]), f"{quantity} is no longer curated"
    of_quantity = real.figures[real.figures["quantity_id"] == quantity]
    claims, estimates = len(of_quantity), estimate_ids(of_quantity).nunique()
    at = app(quantity=quantity)
    (spec,) = compare_charts(at)
    # one row per estimate: claims repeating a source's same interval (an echo) share its row
    assert len({row["row"] for row in spec["data"]["values"]}) == estimates
    assert claims >= 2


@pytest.mark.parametrize("page", [2, 4])
def test_real_data_a_page_of_charts_draws_every_claim_its_filters_pass(real: tables.Loaded, page: int):
    # Mosul and media: 19 quantities, so page 2 is a middle page and page 4 a short last one. The cards
    # take their quantities' rows from where each quantity's figures are, and keep those the selection's
    # mask passes: the claims drawn are exactly the ones the filters give.
    at = app(city="Mosul", kind="media", claims="all", page=str(page))
    assert at.number_input(key="compare_page").value == page
    drawn = drawn_ids(at)
    quantity_of = real.figures.set_index("figure_id")["quantity_id"].astype(str)
    shown = set(quantity_of[list(drawn)])
    assert len(shown) == len(compare_charts(at)) == (5 if page == 2 else 4)
    passing = filter_figures(real.figures, {"city": ["Mosul"], "kind": ["media"]})
    expected = passing[passing["quantity_id"].astype(str).isin(shown)]
    assert expected.groupby("quantity_id", observed=True).size().max() <= MAX_MARKS  # none sampled
    assert drawn == set(expected["figure_id"])


@pytest.mark.parametrize(
    ("quantity", "months"),
    [
        ("mosul-fled-since-offensive", {"2017-03", "2017-07"}),
        ("mosul-civilians-trapped", {"2016-11", "2016-12", "2017-03"}),
    ],
)
def test_real_data_timeline_examples(real: tables.Loaded, quantity: str, months: set[str]):
    assert quantity in set(real.figures["quantity_id"]), f"{quantity} is no longer curated"
    at = app("timeline", quantity=quantity)
    assert at.selectbox(key="timeline_quantity").value == quantity
    (spec,) = charts(at)
    published = [t for t in spec["data"] if t["meta"] == "published"]
    drawn = {x[:7] for t in published for x in t["x"] if x}
    assert len(drawn & months) >= 2  # two claims at least, months apart


def test_real_data_every_article_has_a_card(real: tables.Loaded):
    at = app("sources")
    assert len(at.subheader) == min(len(real.articles), 20)


def test_real_data_download_buttons(real: tables.Loaded, downloads: dict[str, bytes]):
    at = app("data")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[0] == "Download CSV"
    rows = list(csv.DictReader(io.StringIO(download(at, "Download CSV", downloads).decode("utf-8"))))
    assert len(rows) == len(real.figures)
    with zipfile.ZipFile(io.BytesIO(download(at, "Download data package", downloads))) as package:
        # the committed descriptor, and every file it names beside it, byte for byte
        assert package.read("datapackage.json") == (REPO / "datapackage.json").read_bytes()
        for resource in json.loads(package.read("datapackage.json"))["resources"]:
            assert package.read(resource["path"]) == (REPO / resource["path"]).read_bytes()
        assert {n for n in package.namelist() if n.endswith(".txt")} == {
            f"seeds/{name}" for name in real.articles["file"]
        }


def test_real_data_timeline_offers_quantities_with_several_dated_claims_first(real: tables.Loaded):
    at = app("timeline")
    options = at.selectbox(key="timeline_quantity").options
    assert "claims" in options[0] and " — 1 dated claim" not in options[0]
