"""The record's floors, computed from the tables: enough articles and outlets, and quantities where
competing estimates actually meet (several claims from several independent primary sources)."""

import pandas as pd
import pytest

from figures.tables.layout import layout
from figures.tables.load import load

MIN_ARTICLES = 40
MIN_OUTLETS = 20
MIN_CONTESTED = 10  # quantities with at least CLAIMS claims from at least PRIMARIES primary sources
CLAIMS, PRIMARIES = 4, 3
SOURCE_KINDS_COVERED = ("un_agency", "ngo_monitor", "government", "military", "armed_group", "media")


@pytest.fixture(scope="module")
def loaded():
    return load(layout())


def contested(figures) -> list[str]:
    counts = figures.groupby("quantity_id", observed=True).agg(
        claims=("figure_id", "size"), primaries=("primary_source", "nunique")
    )
    return sorted(counts[(counts.claims >= CLAIMS) & (counts.primaries >= PRIMARIES)].index)


def test_enough_articles_from_enough_outlets(loaded):
    assert loaded.problems == []
    assert len(loaded.articles) >= MIN_ARTICLES
    assert loaded.articles["outlet"].nunique() >= MIN_OUTLETS


def test_enough_quantities_with_competing_estimates(loaded):
    found = contested(loaded.figures)
    assert len(found) >= MIN_CONTESTED, found


@pytest.mark.parametrize("city", ["Mosul", "Raqqa", "Aleppo"])
def test_each_city_has_a_contested_quantity(loaded, city):
    figures = loaded.figures[loaded.figures["city"].astype(str) == city]
    assert contested(figures), f"no quantity of {city} has {CLAIMS} claims from {PRIMARIES} primary sources"


def test_every_kind_of_source_speaks(loaded):
    primary_kinds = set(loaded.figures["primary_kind"].astype(str))
    assert set(SOURCE_KINDS_COVERED) <= primary_kinds


def test_contested_counts_what_it_claims():
    rows = [("q", f"f{i}", source) for i, source in enumerate(["a", "a", "b", "c"])]
    rows += [("r", f"g{i}", "a") for i in range(6)]
    frame = pd.DataFrame(rows, columns=["quantity_id", "figure_id", "primary_source"])
    assert contested(frame) == ["q"]
    assert contested(frame[frame.figure_id != "f3"]) == []
