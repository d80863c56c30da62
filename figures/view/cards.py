"""What the Compare page shows of each quantity on a page, built in one pure step: the quantity's heading
and description, the spread in words, its chart (a Vega-Lite spec and its rows as an Arrow table), the
figure -> article map a click on a mark follows, and the "Read the quote" links. All text is escaped for
markdown. The app's state memoises the cards per filter selection and page, so a rerun only sends them.

A page of cards is built in passes over all its quantities (claims, then charts, then links, then text),
not one quantity at a time through every module.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from figures.view import charts, cite, pages
from figures.view.claims import Drawn, Record, drawn_claims, records
from figures.view.filters import Selection
from figures.view.text import MARKDOWN

# the words of a card's links (same tab: figures.view.pages.same_tab_link)
TIMELINE_LINK, DATA_LINK, QUOTE_LINK = (
    "See them on the timeline",
    "see every claim on the Data page",
    "Read the quote",
)
GROUPED = ("city", "theme")  # orders under which the page puts a heading where the group changes


@dataclass(frozen=True)
class Card:
    quantity_id: str
    group: str | None  # a heading before this card: the order's city or theme changes here
    label: str
    about: str  # the spread, place, kind, unit and scope; the definition
    notes: tuple[str, ...]  # the spread in words; the dates the claims speak of, when they differ
    spec: dict  # Vega-Lite, without its rows
    # its rows as an Arrow IPC stream, written once: Streamlit sends a named dataset's bytes as they are
    # (spec `datasets`), where a table or inline rows it serialises again on every rerun
    rows: bytes
    articles: dict[str, str]  # figure_id -> article_id of every claim drawn
    links: str
    facts: cite.ChartFacts  # what its citation names, of all its claims
    link: str  # the chart alone (this quantity, the same filters and marks), relative: what it shares


def compare_cards(
    figures: pd.DataFrame,
    quantities: pd.DataFrame,
    selection: Selection,
    order: str,
    quantity_ids: Sequence[str],
    every_claim: bool = False,
) -> list[Card]:
    """One card per quantity in `quantity_ids`, in that order. `figures` are the filtered figures of those
    quantities (with claims.CLAIM_COLUMNS), `quantities` the quantities table indexed by quantity_id,
    `selection` the filters the links keep, `order` the page's sort (claims.SORTS). A chart draws one
    mark per independent estimate, each listed with the claims that print it; `every_claim` draws and
    lists every claim instead."""
    drawn = drawn_claims(figures, every_claim=every_claim)
    about = records(quantities.loc[list(quantity_ids)])  # each card's quantity, as plain rows
    shown = [drawn[qid] for qid in quantity_ids]
    listed = [d.listed for d in shown]
    # what each pass needs, gathered first: per card its chart, its citation's facts and its links (the
    # chart alone, what its "Copy link and cite" gives; its timeline, its data page, its quotes)
    plotted = [(d.rows, q["unit"], _sampled(d)) for q, d in zip(about, shown, strict=True)]
    cited = [(q["label"], q["city"], d.claims) for q, d in zip(about, shown, strict=True)]
    alone = [
        ("compare", {"quantity": [qid], pages.CLAIMS: "all" if every_claim else ""}) for qid in quantity_ids
    ]
    wanted, labels = [], []
    for qid, rows in zip(quantity_ids, listed, strict=True):
        wanted += [("timeline", {"quantity": [qid]}), ("data", {"quantity": [qid]})]
        wanted += [("sources", {"article": r["article_id"], "figure": r["figure_id"]}) for r in rows]
        labels += [TIMELINE_LINK, DATA_LINK, *[QUOTE_LINK] * len(rows)]
    specs = charts.compare_specs(plotted)
    hrefs = pages.links(selection, alone + wanted)
    shared, links = hrefs[: len(alone)], iter(pages.same_tab_links(labels, hrefs[len(alone) :]))
    facts = cite.charts_facts(cited)
    out, group = [], None
    for qid, q, d, rows, spec, fact, link in zip(
        quantity_ids, about, shown, listed, specs, facts, shared, strict=True
    ):
        heading = None
        if order in GROUPED and q[order] != group:
            group = q[order]
            heading = (group.capitalize() if order == "theme" else group).translate(MARKDOWN)
        timeline, every = next(links), next(links)
        rows = [{**r, "link": next(links)} for r in rows]  # each claim's quote on /sources, <a>
        out.append(_card(qid, q, d, heading, spec, rows, timeline, every, fact, link))
    return out


def _sampled(drawn: Drawn) -> str:
    if drawn.total == len(drawn.rows):
        return ""
    return (
        f"Showing {len(drawn.rows):,} of {drawn.total:,} claims, sampled evenly by value (lowest and highest "
        "kept)."
    )


def _card(
    qid: str,
    q: Record,
    drawn: Drawn,
    heading: str | None,
    spec: dict,
    listed: list[Record],
    timeline: str,
    every: str,
    facts: cite.ChartFacts,
    link: str,
) -> Card:
    notes = [drawn.spread.sentence.translate(MARKDOWN)] if drawn.spread.sentence else []
    marks = "estimates" if "printed_by" in drawn.rows[0] else "claims"  # estimates.estimates() names them
    if drawn.as_of and q["kind"] != "event":
        notes.append(
            f"These claims speak of different dates ({drawn.as_of[0].translate(MARKDOWN)} to "
            f"{drawn.as_of[1].translate(MARKDOWN)}): for a {q['kind'].translate(MARKDOWN)} quantity part of "
            "the spread may be change over time, not disagreement. "
            f"{timeline}."
        )
    if marks == "claims":
        lines = [f"- {r['summary'].translate(MARKDOWN)} · {r['link']}" for r in listed]
    else:
        lines = _estimate_lines(drawn, listed)
    shown = len({r["mark"] for r in listed})
    if drawn.total > shown:
        lines.append(f"- … and {drawn.total - shown:,} more {marks}: {every}.")
    where = ", ".join(x for x in (q["place"], q["city"]) if x)
    return Card(
        quantity_id=qid,
        group=heading,
        label=q["label"].translate(MARKDOWN),
        about=f"**{drawn.spread.text.translate(MARKDOWN)}** · {where.translate(MARKDOWN)} · "
        f"{q['kind'].translate(MARKDOWN)} · unit: {q['unit'].translate(MARKDOWN)} · "
        f"scope: {q['scope'].translate(MARKDOWN)}  \n{q['definition'].translate(MARKDOWN)}",
        notes=tuple(notes),
        spec=spec,
        rows=_arrow_stream(pa.Table.from_pylist(spec.pop("data")["values"])),
        articles={r["figure_id"]: r["article_id"] for r in drawn.rows},
        links="\n".join(lines),
        facts=facts,
        link=link,
    )


def _arrow_stream(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _estimate_lines(drawn: Drawn, listed: list[Record]) -> list[str]:
    """Each estimate, then under it every claim that prints it, quote in full: who produced a number and
    who repeated it, readable side by side without hovering."""
    marks = {r["estimate"]: r for r in drawn.rows}
    printed: dict[int, list[Record]] = {}
    for r in listed:
        printed.setdefault(r["estimate"], []).append(r)
    lines: list[str] = []
    for estimate, claims in printed.items():
        mark, n = marks[estimate], len(claims)
        lines.append(
            f"- **{mark['claim_source'].translate(MARKDOWN)}**: {mark['in_words'].translate(MARKDOWN)}"
            f" · {n} claim{'s' * (n > 1)}"
        )
        lines += [
            f"    - {(r['outlet_name'] or 'Unknown outlet').translate(MARKDOWN)}, published "
            f"{(r['published'] or 'date unknown').translate(MARKDOWN)}: “{r['quote'].translate(MARKDOWN)}” · "
            f"{r['link']}"
            for r in claims
        ]
    return lines
