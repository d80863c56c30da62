"""What the corpus is, in numbers read from the tables: articles, outlets, kinds of primary source, how
many texts are stored openings of pages, and the quantities where competing estimates meet. The About
page prints it and the tests hold the corpus to its floors with the same function."""

from dataclasses import dataclass

import pandas as pd

CONTESTED_CLAIMS = 4  # a quantity is contested with at least this many claims ...
CONTESTED_PRIMARIES = 3  # ... from at least this many distinct primary sources
STORED_COPY = "stored copy"  # how url_basis begins for a text kept from a stored copy of a page

# Known gaps, in words for readers: what the stored copies could not give.
MISSING: tuple[str, ...] = (
    "Full reports: only the opening (about 2,000 characters) of each stored page is kept, so figures deep "
    "in long reports (Amnesty's *At Any Cost* and *War of Annihilation*, the UN's Mosul report, Airwars' "
    "annual assessments) are missing unless a news story printed them in its opening.",
    "Sources never found in the stored pages: Iraq Body Count's own page, a White Helmets toll for Aleppo, "
    "Russian sortie totals, the original AP Mosul story on apnews.com, the New York Times' *The Uncounted*.",
    'Copies in other languages whose numbers the number reader cannot yet link ("275.000", "275mila", '
    '"240 ألف") were left out; a few printed oddly ("224, 250", "U p to") are excluded rows with a reason.',
    "Many quantities have a single claim (a breakdown by women and children, a one-day count): they are "
    "kept, but only the contested ones compare estimates.",
)


@dataclass(frozen=True)
class CorpusFacts:
    articles: int
    outlets: int
    stored_copies: int
    figures: int
    quantities: int
    contested: tuple[str, ...]
    primary_kinds: dict[str, int]  # claims by the kind of their primary source
    genres: dict[str, int]
    years: tuple[str, str]  # first and last year of publication


def contested_quantities(
    figures: pd.DataFrame, claims: int = CONTESTED_CLAIMS, primaries: int = CONTESTED_PRIMARIES
) -> tuple[str, ...]:
    """The quantities with at least `claims` claims from at least `primaries` distinct primary sources."""
    # two plain aggregations: one named agg() of both costs ten times as much on a small corpus
    by_quantity = figures.groupby("quantity_id", observed=True)
    counted, distinct = by_quantity.size(), by_quantity["primary_source"].nunique()
    return tuple(sorted(counted.index[(counted >= claims) & (distinct >= primaries)]))


def corpus_facts(figures: pd.DataFrame, articles: pd.DataFrame, quantities: pd.DataFrame) -> CorpusFacts:
    """The corpus in numbers (figures as load() joins them: with primary_source and primary_kind)."""
    years = sorted(y for y in articles["published"].astype(str).str[:4] if y)
    return CorpusFacts(
        articles=len(articles),
        outlets=articles["outlet"].nunique(),
        stored_copies=int(articles["url_basis"].astype(str).str.startswith(STORED_COPY).sum()),
        figures=len(figures),
        quantities=len(quantities),
        contested=contested_quantities(figures),
        primary_kinds=figures["primary_kind"].astype(str).value_counts().to_dict(),
        genres=articles["genre"].astype(str).value_counts().to_dict(),
        years=(years[0], years[-1]) if years else ("", ""),
    )
