"""What the Compare page shows of each quantity on a page, built in one pure step: the quantity's heading
and description, the spread in words, its chart (a Vega-Lite spec and its rows as an Arrow table), the
figure -> article map a click on a mark follows, and the "Read the quote" links. All text is escaped for
markdown. The loader memoises the cards per filter selection and page, so a rerun only sends them.
"""

import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from figures.view import charts
from figures.view.filters import query_for
from figures.view.transforms import (
    as_of_span,
    cap_marks,
    claim_in_words,
    claims_by_quantity,
    format_number,
    md_escape,
    spread_of,
)

# "Read the quote" links per chart, highest claims first; the rest are one link away on the Data page.
# Markdown links are the browser's dearest element here: 5 x 50 of them took ~90 ms of each rerun at 1M.
MAX_LINKS = 10
# What the quote links read (claim_in_words: value to qualifier) and are sorted by (central)
LISTED = [
    *("figure_id", "article_id", "claim_source", "published", "central"),
    *("value", "low", "high", "bound", "qualifier"),
]
GROUPED = ("city", "theme")  # orders under which the page puts a heading where the group changes


@dataclass(frozen=True)
class Card:
    quantity_id: str
    group: str | None  # a heading before this card: the order's city or theme changes here
    label: str
    about: str  # the spread, place, kind, unit and scope; the definition
    notes: tuple[str, ...]  # the spread in words; the dates the claims speak of, when they differ
    spec: dict  # Vega-Lite, without its rows
    rows: pa.Table  # Streamlit sends an Arrow table as is; inline rows it converts on every rerun
    articles: dict[str, str]  # figure_id -> article_id of every claim drawn
    links: str


def page_link(page: str, selection: Mapping[str, Sequence[str]], params: Mapping[str, str]) -> str:
    """A link to another page with the filters kept; relative to the app root, so it also works when the
    app is served under a path prefix."""
    return f"{page}?" + urllib.parse.urlencode(query_for(selection, params), doseq=True)


def compare_cards(
    figures: pd.DataFrame,
    quantities: pd.DataFrame,
    selection: Mapping[str, Sequence[str]],
    order: str,
    quantity_ids: Sequence[str],
) -> list[Card]:
    """One card per quantity in `quantity_ids`, in that order. `figures` are the filtered figures of those
    quantities (with transforms.CLAIM_COLUMNS), `quantities` the quantities table indexed by quantity_id,
    `selection` the filters the links keep, `order` the page's sort (SORTS)."""
    by_quantity = claims_by_quantity(figures)
    out, group = [], None
    for qid in quantity_ids:
        q = quantities.loc[qid]
        heading = None
        if order in GROUPED and q[order] != group:
            group = q[order]
            heading = md_escape(group.capitalize() if order == "theme" else group)
        rows = by_quantity[qid]
        spread = spread_of(rows["central"].tolist())
        capped, total = cap_marks(rows)
        notes = []
        if spread.claims > 1:
            notes.append(
                f"Spread {md_escape(spread.text())}: highest claim {md_escape(format_number(spread.highest))}"
                f" over lowest {md_escape(format_number(spread.lowest))}."
            )
        span = as_of_span(rows)
        if span and q["kind"] != "event":
            timeline = page_link("timeline", {**selection, "quantity": [qid]}, {})
            notes.append(
                f"These claims speak of different dates ({md_escape(span[0])} to {md_escape(span[1])}): "
                f"for a {md_escape(q['kind'])} quantity part of the spread may be change over time, not "
                f"disagreement. [See them on the timeline]({timeline})."
            )
        drawn = capped.sort_values("central", kind="stable")
        sampled = (
            f"Showing {len(capped):,} of {total:,} claims, sampled evenly by value (lowest and highest kept)."
            if total > len(capped)
            else ""
        )
        spec = charts.compare_spec(drawn, unit=q["unit"], note=sampled)
        where = ", ".join(x for x in (q["place"], q["city"]) if x)
        out.append(
            Card(
                quantity_id=qid,
                group=heading,
                label=md_escape(q["label"]),
                about=f"**{md_escape(spread.text())}** · {md_escape(where)} · {md_escape(q['kind'])} · "
                f"unit: {md_escape(q['unit'])} · scope: {md_escape(q['scope'])}  \n"
                f"{md_escape(q['definition'])}",
                notes=tuple(notes),
                spec=spec,
                rows=pa.Table.from_pylist(spec.pop("data")["values"]),
                articles=dict(zip(drawn["figure_id"], drawn["article_id"], strict=True)),
                links=_quote_links(qid, capped, total, selection),
            )
        )
    return out


def _quote_links(
    quantity_id: str, capped: pd.DataFrame, total: int, selection: Mapping[str, Sequence[str]]
) -> str:
    # only the columns the links read: sorting and to_dict cost per column on the wide frame
    listed = capped[LISTED].sort_values("central", ascending=False, kind="stable").head(MAX_LINKS)
    lines = [
        f"- {md_escape(r['claim_source'])}: {md_escape(claim_in_words(r))}, published "
        f"{md_escape(r['published'] or 'date unknown')} · [Read the quote]("
        + page_link("sources", selection, {"article": r["article_id"], "figure": r["figure_id"]})
        + ")"
        for r in listed.to_dict("records")
    ]
    if len(capped) > len(listed) or total > len(capped):
        every = page_link("data", {**selection, "quantity": [quantity_id]}, {})
        lines.append(
            f"- … and {total - len(listed):,} more claims: [see them all on the Data page]({every})."
        )
    return "\n".join(lines)
