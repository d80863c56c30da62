"""Estimates and echoes: the rule on tiny frames, then Compare through dashboard.py on a package where
five outlets print one source's number and two print another's, and on the real seed data."""

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from fixtures.package import named
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from figures.tables.layout import REPO, layout
from figures.tables.load import load
from figures.view.claims import claims, drawn_claims
from figures.view.estimates import estimate_ids, estimates, with_estimates
from figures.view.pages import PAGES

APP = str(REPO / "dashboard.py")
ECHOES = REPO / "tests" / "fixtures" / "echoes"
NAN = math.nan


def claim(figure_id: str, outlet: str, value: float, cited: str = "", via: str = "", **extra: object) -> dict:
    return named(
        {
            "figure_id": figure_id,
            "article_id": f"art-{figure_id}",
            "quantity_id": "q",
            "outlet": outlet,
            "cited_source": cited,
            "cited_via": via,
            "bound": "exact",
            "value": value,
            "low": value,
            "high": value,
            "qualifier": "",
            "quote": f"quote {figure_id}",
            "published": "2017-07-01",
            "period_start": "",
            "period_end": "",
            **extra,
        }
    )


def partition(figure_ids: pd.Series, keys: pd.Series) -> list[set[str]]:
    """The figure ids, one set per distinct key."""
    return sorted((set(figure_ids[keys == k]) for k in keys.unique()), key=sorted)


def grouped(*rows: dict) -> list[set[str]]:
    """The claims' figure ids, one set per estimate: the estimates Compare draws (with_estimates numbers
    them) are the ones the Data page and the Timeline name (estimate_ids)."""
    frame = claims(pd.DataFrame(rows))
    drawn = partition(frame["figure_id"], with_estimates(frame)["estimate"])
    assert drawn == partition(frame["figure_id"], estimate_ids(frame))
    return drawn


def test_two_outlets_citing_one_source_with_one_number_are_one_estimate():
    assert grouped(claim("a", "ap", 742_000, cited="un"), claim("b", "reuters", 742_000, cited="un")) == [
        {"a", "b"}
    ]


def test_one_source_with_two_numbers_is_two_estimates():
    assert grouped(claim("a", "ap", 742_000, cited="un"), claim("b", "ap", 800_000, cited="un")) == [
        {"a"},
        {"b"},
    ]


def test_an_outlets_own_claim_is_its_own_estimate():
    # the same number as the UN's, but nobody cited: the outlet is the primary source
    assert grouped(claim("a", "ap", 742_000, cited="un"), claim("b", "ap", 742_000)) == [{"a"}, {"b"}]
    assert grouped(claim("a", "ap", 5), claim("b", "reuters", 5)) == [{"a"}, {"b"}]


def test_a_claim_via_an_intermediary_counts_for_the_primary_source():
    via = claim("a", "wsws", 80, cited="city-officials", via="airwars")
    direct = claim("b", "ap", 80, cited="city-officials")
    from_airwars = claim("c", "rt", 80, cited="airwars")
    assert grouped(via, direct, from_airwars) == [{"a", "b"}, {"c"}]


def test_the_interval_tells_estimates_apart_not_the_words():
    at_least = claim("a", "ap", 742_000, cited="un", bound="at_least", qualifier="more than", high=NAN)
    exact = claim("b", "ap", 742_000, cited="un")
    also_at_least = claim("c", "afp", 742_000, cited="un", bound="at_least", qualifier="over", high=NAN)
    other_quantity = claim("d", "afp", 742_000, cited="un", quantity_id="r")
    assert grouped(at_least, exact, also_at_least, other_quantity) == [{"a", "c"}, {"b"}, {"d"}]


def test_an_estimate_stands_once_with_who_printed_it():
    rows = with_estimates(
        claims(
            pd.DataFrame(
                [
                    claim("a", "ap", 742_000, cited="un", published="2017-07-12", outlet_name="AP"),
                    claim("b", "dawn", 742_000, cited="un", published="2017-07-11", outlet_name="Dawn"),
                    claim("c", "ap", 1_000_000, published="2017-07-12", outlet_name="AP"),
                ]
            )
        )
    )
    assert rows.set_index("figure_id")["repeats"].to_dict() == {"a": 2, "b": 2, "c": 1}
    marks = estimates(rows)
    assert marks["figure_id"].tolist() == ["b", "c"]  # the earliest claim stands for its estimate
    assert marks["printed_by"].tolist() == [["Dawn", "AP"], ["AP"]]
    assert marks["claim_source"].tolist() == ["un (media)", "ap (media)"]  # the primary source's name
    drawn = drawn_claims(pd.DataFrame([r for r in rows.to_dict("records")]))["q"]
    assert (drawn.total, len(drawn.claims), drawn.spread.text) == (2, 3, "×1.35")
    assert drawn.spread.sentence.startswith("Spread ×1.35 over 2 independent estimates (3 claims)")


def test_real_data_compare_groups_the_claims_as_the_data_page_names_their_estimates():
    figures = load(layout()).figures
    numbered = with_estimates(claims(figures))
    assert numbered["estimate"].nunique() < len(figures)  # the corpus has echoes
    assert partition(numbered["figure_id"], numbered["estimate"]) == partition(
        numbered["figure_id"], estimate_ids(numbered)
    )


# --------------------------------------------------------------------------------------- through the app


@pytest.fixture
def echoes(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FIGURES_ROOT", str(ECHOES))
    return ECHOES


def _rows(at: AppTest) -> list[dict]:
    """The marks of the one Compare chart (the rows travel beside the spec as a named Arrow dataset)."""
    (chart,) = at.get("vega_lite_chart")

    return convert_arrow_bytes_to_pandas_df(chart.proto.datasets[0].data.data).to_dict("records")


def test_compare_draws_each_estimate_once_and_lists_its_repeats(echoes: Path):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception, [at.main, at.warning]
    marks = _rows(at)
    assert sorted(m["row"] for m in marks) == [
        "Iraqi Ministry of Migration (government) · 2017-07",
        "UN OCHA (UN agency) · 2017-07",
    ]
    text = "\n".join(m.value for m in at.markdown)
    captions = "\n".join(c.value for c in at.caption)
    assert "Spread ×1\\.35 over 2 independent estimates \\(7 claims\\)" in captions
    assert "**UN OCHA \\(UN agency\\)**: more than 742,000 \\(at least\\) · 5 claims" in text
    assert "**Iraqi Ministry of Migration \\(government\\)**: 1,000,000 \\(exact\\) · 2 claims" in text
    # every repeat listed under its estimate, quote in full, with its link
    repeats = [line for line in text.splitlines() if line.startswith("    - ")]
    assert len(repeats) == 7 and all('<a href="sources?article=' in line for line in repeats)
    assert sum("more than 742,000 people have fled Mosul" in line for line in repeats) == 5


def test_the_toggle_shows_every_claim_and_lives_in_the_url(echoes: Path):
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.toggle(key="compare_every_claim").set_value(True).run()
    assert len(_rows(at)) == 7 and at.query_params["claims"] in ("all", ["all"])  # AppTest: str or list
    shared = AppTest.from_file(APP, default_timeout=30)
    shared.query_params["claims"] = "all"
    shared.run()
    assert shared.toggle(key="compare_every_claim").value and len(_rows(shared)) == 7
    shared.toggle(key="compare_every_claim").set_value(False).run()
    assert len(_rows(shared)) == 2 and "claims" not in shared.query_params


def test_kind_and_side_filters_pick_estimates_by_who_produced_them(echoes: Path):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["kind"] = "un_agency"
    at.run()
    assert [m["row"] for m in _rows(at)] == ["UN OCHA (UN agency) · 2017-07"]
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["side"] = "Iraqi government"
    at.run()
    assert [m["row"] for m in _rows(at)] == ["Iraqi Ministry of Migration (government) · 2017-07"]


def test_real_data_the_un_figure_is_a_un_estimate_printed_by_the_anti_media(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("FIGURES_ROOT", raising=False)
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["kind"] = "un_agency"
    # one quantity: the corpus holds many UN agencies' estimates, spread over pages of quantities
    at.query_params["quantity"] = "mosul-fled-since-offensive"
    at.run()
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert specs, "the UN's estimates are drawn"
    text = "\n".join(m.value for m in at.markdown)
    assert "**United Nations \\(UN agency\\)**: more than 742,000 \\(at least\\) · 1 claim" in text
    assert "    - The Anti\\-Media, published 2017\\-07\\-11: “more than 742,000 Iraqis" in text
    # only UN agencies' estimates: every listed estimate names a primary source of that kind
    estimates_listed = [line for line in text.splitlines() if line.startswith("- **")]
    assert estimates_listed and all("\\(UN agency\\)**:" in line for line in estimates_listed)


def test_a_view_per_source_says_what_it_estimated_and_who_printed_it(echoes: Path):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["source"] = "un-ocha"
    at.switch_page(PAGES["sources"].file).run()
    assert not at.exception
    assert [h.value for h in at.main.header] == ["UN OCHA", "In which articles (5)"]  # over the cards
    assert [s.value for s in at.subheader][:1] == ["What it estimated (1)"]
    text = "\n".join(m.value for m in at.markdown)
    printed = "printed by Daily One, Daily Two, Daily Three, Daily Four, Daily Five (5 claims)"  # first first
    assert (
        f"- **People who fled Mosul**: more than 742,000 \\(at least\\), as of 2017\\-07 · {printed}" in text
    )
    # an outlet is a source too: it printed numbers, and estimated none itself
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["source"] = "weekly-six"
    at.switch_page(PAGES["sources"].file).run()
    assert "In which articles (1)" in [h.value for h in at.main.header]
    assert any("No figure has this source as its primary source" in m.value for m in at.markdown)
