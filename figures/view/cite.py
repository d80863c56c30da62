"""Citations, as Our World in Data's grapher offers them under each chart: for a chart (one quantity's
claims) and for one figure, plain text naming what is cited, who produced and who printed the numbers,
when, the dashboard, the access date and the link that reproduces the view. Plain text, never markup:
the page shows it in a code block, whose copy button copies it exactly.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from figures.view.claims import claim_in_words, records
from figures.view.estimates import OWN_CLAIM

DASHBOARD = "Conflict figures: Mosul, Raqqa, Aleppo"  # the dashboard's name: its page title, in citations
MOST_NAMED = 6  # sources or outlets named in a chart's citation; the rest are counted


@dataclass(frozen=True)
class ChartFacts:
    """What a chart's citation names, taken from all the claims the chart stands for."""

    label: str
    city: str
    claims: int
    sources: tuple[str, ...]  # the primary sources (who produced the numbers), by name
    outlets: tuple[str, ...]  # the outlets that printed them
    first: str  # the earliest and latest publication dates, as printed ("2016-12", "2017-07-11")
    last: str


def chart_facts(label: str, city: str, claims: pd.DataFrame) -> ChartFacts:
    """ChartFacts of one quantity's claims (figures with primary_name, outlet_name and published)."""
    return _facts(label, city, records(claims[["published", "primary_name", "outlet_name"]]))


def charts_facts(charts: Sequence[tuple[str, str, Sequence[Mapping]]]) -> list[ChartFacts]:
    """ChartFacts of each (label, city, claims), the claims as rows (claims.records()): a page of charts in
    one call."""
    return [_facts(*chart) for chart in charts]


def _facts(label: str, city: str, claims: Sequence[Mapping]) -> ChartFacts:
    dates = sorted({str(c["published"]) for c in claims} - {""})
    return ChartFacts(
        label=label,
        city=city,
        claims=len(claims),
        sources=_distinct(c["primary_name"] for c in claims),
        outlets=_distinct(c["outlet_name"] for c in claims),
        first=dates[0] if dates else "",
        last=dates[-1] if dates else "",
    )


def _distinct(names: Iterable[object]) -> tuple[str, ...]:
    return tuple(sorted({str(n) for n in names} - {""}, key=str.lower))


def _listed(names: tuple[str, ...]) -> str:
    more = len(names) - MOST_NAMED
    return ", ".join(names[:MOST_NAMED]) + (f" and {more} more" if more > 0 else "") or "unknown"


def _dates(first: str, last: str) -> str:
    if not first:
        return "publication dates unknown"
    return f"published {first}" if first == last else f"published {first} to {last}"


def chart_citation(facts: ChartFacts, what: str, url: str, accessed: dt.date) -> str:
    """The citation of a chart: `what` names it ("Compare chart", "Timeline")."""
    place = f" ({facts.city})" if facts.city and facts.city.lower() not in facts.label.lower() else ""
    return (
        f"“{facts.label}”{place}: {facts.claims} claim{'s' * (facts.claims != 1)} by "
        f"{_listed(facts.sources)}, as printed by {_listed(facts.outlets)}, "
        f"{_dates(facts.first, facts.last)}. {what}, {DASHBOARD} (dashboard). "
        f"Accessed {accessed.isoformat()}. {url}"
    )


def figure_citation(figure: Mapping, url: str, accessed: dt.date) -> str:
    """The citation of one figure (a row of the figures table with its article's and sources' columns):
    the article (outlet, title, date, address), the words quoted, who the article attributes them to."""
    title = figure.get("title") or f"untitled article ({figure['article_id']})"
    article_url = f", {figure['url']}" if figure.get("url") else ""
    cited = figure.get("cited_name") or OWN_CLAIM
    return (
        f"{figure.get('outlet_name') or 'Unknown outlet'}, “{title}”, published "
        f"{figure.get('published') or 'date unknown'}{article_url}: “{figure['quote']}” "
        f"({claim_in_words(figure)}; cited source: {cited}). Figure {figure['figure_id']} in "
        f"{DASHBOARD} (dashboard). Accessed {accessed.isoformat()}. {url}"
    )


def embed_code(url: str, title: str, height: int = 640) -> str:
    """An <iframe> showing the view at `url` in Streamlit's embed mode (no sidebar, no menu). It may
    write to the clipboard: the embedded chart's own "Copy link" buttons need it in another site's page."""
    joiner = "&" if "?" in url else "?"
    return (
        f'<iframe src="{html.escape(url + joiner + "embed=true")}" title="{html.escape(title)}" '
        f'width="100%" height="{height}" style="border: none;" loading="lazy" allow="clipboard-write">'
        "</iframe>"
    )
