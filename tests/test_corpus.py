"""The record's floors, computed from the tables: enough articles and outlets, and quantities where
competing estimates actually meet (several claims from several independent primary sources)."""

import pandas as pd
import pytest
from test_app import app

from figures.tables.layout import REPO, layout
from figures.tables.load import load
from figures.view.corpus import contested_quantities, corpus_facts

MIN_ARTICLES = 40
MIN_OUTLETS = 20
MIN_CONTESTED = 10  # quantities with at least 4 claims from at least 3 primary sources
SOURCE_KINDS_COVERED = ("un_agency", "ngo_monitor", "government", "military", "armed_group", "media")


@pytest.fixture(scope="module")
def loaded():
    return load(layout())


def test_enough_articles_from_enough_outlets(loaded):
    assert loaded.problems == []
    assert len(loaded.articles) >= MIN_ARTICLES
    assert loaded.articles["outlet"].nunique() >= MIN_OUTLETS


def test_enough_quantities_with_competing_estimates(loaded):
    facts = corpus_facts(loaded.figures, loaded.articles, loaded.quantities)
    assert len(facts.contested) >= MIN_CONTESTED, facts.contested


@pytest.mark.parametrize("city", ["Mosul", "Raqqa", "Aleppo"])
def test_each_city_has_a_contested_quantity(loaded, city):
    figures = loaded.figures[loaded.figures["city"].astype(str) == city]
    assert contested_quantities(figures), f"no quantity of {city} has competing estimates"


def test_every_kind_of_source_speaks(loaded):
    primary_kinds = set(loaded.figures["primary_kind"].astype(str))
    assert set(SOURCE_KINDS_COVERED) <= primary_kinds


def test_contested_counts_what_it_claims():
    rows = [("q", f"f{i}", source) for i, source in enumerate(["a", "a", "b", "c"])]
    rows += [("r", f"g{i}", "a") for i in range(6)]
    frame = pd.DataFrame(rows, columns=["quantity_id", "figure_id", "primary_source"])
    assert contested_quantities(frame) == ("q",)
    assert contested_quantities(frame[frame.figure_id != "f3"]) == ()


def test_the_about_page_describes_the_corpus_as_it_is(loaded):
    facts = corpus_facts(loaded.figures, loaded.articles, loaded.quantities)
    at = app("about")
    text = "\n".join(m.value for m in at.markdown)
    assert f"**{facts.articles} articles from {facts.outlets} outlets**" in text
    assert (
        f"**{len(facts.contested)} quantities** have at least 4 claims from at least 3 primary sources"
        in text
    )
    assert f"{facts.stored_copies} texts are stored copies of a page's opening" in text
    assert "Known to be missing" in text


def test_the_readme_counts_are_the_tables(loaded):
    facts = corpus_facts(loaded.figures, loaded.articles, loaded.quantities)
    opening = " ".join((REPO / "README.md").read_text(encoding="utf-8").split("\n\n")[1].split())
    assert f"{facts.articles} articles from {facts.outlets} outlets" in opening
    assert f"{facts.stored_copies} texts are stored copies" in opening
    assert f"{facts.figures} figures of {facts.quantities} quantities" in opening
    assert f"{len(facts.contested)} quantities have at least four claims" in opening
