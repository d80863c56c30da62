"""Claims: figures as rows a reader compares. One row per claim with its label, the value it is compared
by and the ends of its bar; the claim in words; how far apart the claims are (spread); the quantities in
the order and pages Compare shows them; what a page of charts draws; the claims of the timeline.

Pure functions, tested on tiny inline frames (tests/test_transforms.py): DataFrame -> DataFrame over a
whole page of claims, then plain rows (records()) per chart, where pandas' cost per call on a frame of a
few rows would outweigh the work.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from figures.rules import dates
from figures.rules.schema import FIGURE_SCHEMA
from figures.view.estimates import OWN_CLAIM, estimates, with_estimates
from figures.view.inferred import inferred_in_words

SORTS: dict[str, str] = {
    "spread": "Most contested first",
    "city": "By city",
    "theme": "By theme",
}
DEFAULT_ORDER = "spread"  # the order a Compare page opens in, and the one its URL leaves unsaid
QUANTITIES_PER_PAGE = 5  # Compare charts a page: each is redrawn in the browser on every rerun
# Claims drawn per Compare chart: beyond charts.DENSE_ROWS claims a chart is a 560 px strip, 7 px a row at
# 80 claims, where more marks only overlap and each costs time on every rerun (README, Speed).
MAX_MARKS = 80
# Claims listed under a chart with their "Read the quote" links, highest marks first; the rest are one link
# away on the Data page. Markdown links are the browser's dearest element here (README, Speed).
MAX_LISTED = 10
Record = dict[str, Any]  # one row of a frame, as records() gives it


def claim_label(outlet: str, cited_source: str) -> str:
    """The row label of a claim: the outlet, and whom it cites where it cites someone."""
    outlet = outlet or "Unknown outlet"
    return f"{outlet} · cites {cited_source}" if cited_source else outlet


def central_value(value: float, low: float, high: float) -> float:
    """The one number a claim is compared by: the printed value, else the middle of low-high."""
    if not math.isnan(value):
        return value
    ends = [x for x in (low, high) if not math.isnan(x)]
    return sum(ends) / len(ends) if ends else math.nan


def central_values(figures: pd.DataFrame) -> pd.Series:
    """central_value() for every row, vectorised (a quantity may hold many thousands of claims)."""
    if "central" in figures:  # precomputed once by the app state for the whole table
        return figures["central"]
    low, high = figures["low"].to_numpy(dtype=float), figures["high"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        middle = np.where(np.isnan(low), high, np.where(np.isnan(high), low, (low + high) / 2))
    return figures["value"].fillna(pd.Series(middle, index=figures.index))


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    """A text column's cells, "" where one is missing or the frame has no such column."""
    if column not in frame:
        return [""] * len(frame)
    return ["" if isinstance(x, float) and math.isnan(x) else str(x) for x in frame[column].tolist()]


# What one claim row carries (claims(), the Compare charts and their links): the figure's own columns, who
# printed it and when, its central value. The other joined columns describe the chart's quantity or the
# article's card; leaving them out halves the per-column cost of every step on a page of claims.
CLAIM_COLUMNS = (
    *FIGURE_SCHEMA.columns,
    *("outlet", "published", "central", "outlet_name", "cited_name", "via_name"),
    *("primary_source", "primary_name", "primary_kind"),
)


def claims(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures of one quantity as chart rows: label, central value, and the ends a bar is drawn between.

    CLAIM_COLUMNS are all it and the Compare charts read; any other columns are carried along."""
    # Labels and dates in plain Python: a few string steps per row cost less than a pandas call per step
    # on the few rows of a page of charts.
    sources = list(map(claim_label, _texts(figures, "outlet_name"), _texts(figures, "cited_name")))
    # The date the claim speaks of tells apart two claims by one outlet, and a count that grew over time
    # from a disagreement.
    ends, published = _texts(figures, "period_end"), _texts(figures, "published")
    as_of = [end or date for end, date in zip(ends, published, strict=True)]
    labels = [f"{source} · {date}" if date else source for source, date in zip(sources, as_of, strict=True)]
    text = partial(pd.Series, index=figures.index, dtype="str")
    out = figures.assign(
        as_of=text(as_of),
        claim_source=text(sources),
        claim_label=text(labels),
        central=central_values(figures),
        # A range or vague claim missing one end is drawn from its printed value.
        bar_low=figures["low"].fillna(figures["value"]),
        bar_high=figures["high"].fillna(figures["value"]),
    )
    return out.sort_values(["central", "claim_label", "figure_id"], kind="stable").reset_index(drop=True)


def by_quantity(rows: Sequence[Record]) -> dict[str, list[Record]]:
    """Rows of several quantities split by quantity_id, each keeping the rows' order: claims() of a page
    of charts is sorted once, not once per chart."""
    split: dict[str, list[Record]] = {}
    for row in rows:
        split.setdefault(str(row["quantity_id"]), []).append(row)
    return split


def as_of_span(claim_rows: Sequence[Record]) -> tuple[str, str] | None:
    """The earliest and latest date the claims (rows of claims()) speak of, its `as_of`: period end, else
    publication. When they differ, part of a stock or cumulative quantity's spread may be change over
    time, not dispute."""
    dates = sorted({row["as_of"] for row in claim_rows} - {""})
    return (dates[0], dates[-1]) if len(dates) > 1 else None


_central = itemgetter("central")


def by_central(rows: Sequence[Record], descending: bool = False, missing_first: bool = False) -> list[Record]:
    """Rows in order of central value, equal ones in the order given, those without one (NaN) last, or
    first: pandas' sort_values(kind="stable") order."""
    missing = [row for row in rows if math.isnan(row["central"])]
    ordered = sorted(
        (row for row in rows if not math.isnan(row["central"])), key=_central, reverse=descending
    )
    return missing + ordered if missing_first else ordered + missing


def cap_marks(claim_rows: Sequence[Record], limit: int = MAX_MARKS) -> tuple[list[Record], int]:
    """At most `limit` claims, evenly spread over the claims sorted by central value, so the lowest and
    the highest claim (the spread) are always kept. Returns the rows and how many there were."""
    total = len(claim_rows)
    if total <= limit:
        return list(claim_rows), total
    ordered = by_central(claim_rows, missing_first=True)
    picks = np.unique(np.linspace(0, total - 1, limit).round().astype(int))
    return [ordered[i] for i in picks], total


SPREAD_BASIS = (
    "highest claim over lowest claim, each claim taken at its printed value (an open bound such as "
    "'at least' or 'up to' at the number printed); a range or vague amount without a value at the "
    "middle of its interval"
)


@dataclass(frozen=True)
class Spread:
    claims: int
    lowest: float
    highest: float
    ratio: float  # NaN when undefined: a single claim, or a lowest claim of 0
    text: str  # "×3.71", "single claim", ...
    sentence: str  # "Spread ×4: highest claim 400 over lowest 100."; "" for fewer than two claims


def spread_of(
    central: Sequence[float], claims: int | None = None, said: tuple[str, str] | None = None
) -> Spread:
    """How far apart the claims about one quantity are (see SPREAD_BASIS); with `claims`, `central` holds
    the independent estimates that many claims print, and the sentence says so. `said`: the lowest and
    the highest as printed, so the sentence quotes them rather than the middle of an interval."""
    values = [v for v in central if not math.isnan(v)]
    lowest, highest = (min(values), max(values)) if values else (math.nan, math.nan)
    ratio = highest / lowest if len(central) > 1 and lowest > 0 else math.nan
    if len(central) < 2:
        text = "no claims" if not central else "single claim"
    elif math.isnan(ratio):
        text = "spread undefined (a claim of 0)"
    else:
        text = f"×{ratio:,.3g}" if ratio < 1000 else f"×{ratio:,.0f}"
    what = "claim" if claims is None else "estimate"
    basis = "" if claims is None else f" over {len(central)} independent estimates ({claims} claims)"
    low_words, high_words = said or (format_number(lowest), format_number(highest))
    sentence = (
        f"Spread {text}{basis}: highest {what} {high_words}; lowest {low_words}." if len(central) > 1 else ""
    )
    return Spread(len(central), lowest, highest, ratio, text, sentence)


SUMMARY_COLUMNS = ("quantity_id", "label", "city", "theme", "central")  # what quantity_summary reads


def quantity_summary(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per quantity present in `figures`, in order of first appearance: label, city, theme (from
    the quantity's first figure), claim count, lowest, highest, spread."""
    columns = ["quantity_id", "label", "city", "theme", "claims", "lowest", "highest", "spread"]
    if figures.empty:
        return pd.DataFrame({c: pd.Series(dtype=float if c in columns[4:] else str) for c in columns})
    # NumPy reductions over group codes: a pandas groupby-agg is several times slower at a million figures
    group, ids = _group_codes(figures["quantity_id"])
    claims = np.bincount(group, minlength=len(ids))
    first = np.full(len(ids), len(group))
    np.minimum.at(first, group, np.arange(len(group)))
    central = central_values(figures)
    lowest, highest = _group_min_max(group, central.to_numpy(dtype=float), len(ids))
    present = np.flatnonzero(claims)
    order = present[np.argsort(first[present], kind="stable")]
    summary = pd.DataFrame(
        {
            "quantity_id": ids[order],
            **{c: figures[c].iloc[first[order]].to_numpy(dtype=object) for c in ("label", "city", "theme")},
            "claims": claims[order].astype("int64"),
            # as a groupby would give them: integers stay integers (the tables' numbers are floats)
            "lowest": lowest[order].astype(central.dtype),
            "highest": highest[order].astype(central.dtype),
        }
    )
    summary["spread"] = np.where(
        (summary["claims"] > 1) & (summary["lowest"] > 0), summary["highest"] / summary["lowest"], np.nan
    )
    for column in ("quantity_id", "label", "city", "theme"):
        summary[column] = summary[column].astype(str)
    return summary[columns]


def _group_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's group code and the value each code stands for; a categorical's own codes (no hashing)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, values = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, values = pd.factorize(column, sort=False)
    # intp: NumPy's ufunc.at is fastest on native indices
    return codes.astype(np.intp, copy=False), np.asarray(values, dtype=object)


def _group_min_max(group: np.ndarray, values: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group code, the smallest and largest value, NaN ignored (NaN where a group has none)."""
    missing = np.isnan(values)
    lowest, highest = np.full(groups, np.inf), np.full(groups, -np.inf)
    if not missing.any():  # the common case: skip the NaN bookkeeping
        np.minimum.at(lowest, group, values)
        np.maximum.at(highest, group, values)
        return lowest, highest
    np.minimum.at(lowest, group, np.where(missing, np.inf, values))
    np.maximum.at(highest, group, np.where(missing, -np.inf, values))
    empty = np.bincount(group[~missing], minlength=groups) == 0
    lowest[empty], highest[empty] = np.nan, np.nan
    return lowest, highest


def sort_quantities(summary: pd.DataFrame, by: str) -> pd.DataFrame:
    """Quantities in display order: most contested (highest spread, single claims last), by city, by theme."""
    if by == "spread":
        keys, ascending = ["spread", "claims", "label"], [False, False, True]
    elif by in ("city", "theme"):
        keys, ascending = [by, "spread", "label"], [True, False, True]
    else:
        raise ValueError(f"unknown sort {by!r}; expected one of {sorted(SORTS)}")
    return summary.sort_values(keys, ascending=ascending, na_position="last", kind="stable").reset_index(
        drop=True
    )


def page_of(frame: pd.DataFrame, page: int, per_page: int) -> pd.DataFrame:
    """Rows of the 1-based `page`; pages past the end are clamped to the last one."""
    return frame.iloc[(min(max(page, 1), page_count(len(frame), per_page)) - 1) * per_page :][:per_page]


def page_count(rows: int, per_page: int) -> int:
    return max(1, math.ceil(rows / per_page))


@dataclass(frozen=True)
class Drawn:
    """What a Compare chart draws of one quantity, and what its text says of all the claims."""

    rows: list[Record]  # at most MAX_MARKS marks (estimates, or claims), lowest first, with their words
    total: int  # marks there would be without the cap
    spread: Spread  # over all the marks: independent estimates (or every claim)
    as_of: tuple[str, str] | None  # as_of_span() of all the claims
    claims: list[Record]  # every claim of the quantity, with estimate and repeats
    listed: list[Record]  # the claims listed under the chart, with their quotes: _listed()


def drawn_claims(
    figures: pd.DataFrame, limit: int = MAX_MARKS, every_claim: bool = False
) -> dict[str, Drawn]:
    """Per quantity_id of `figures` (with CLAIM_COLUMNS), what its chart draws: one mark per independent
    estimate (figures.view.estimates), or per claim with `every_claim`. The page's claims are sorted and
    their estimates found in one pass of pandas, then each chart's are plain rows."""
    every = with_estimates(claims(figures))
    estimated = None if every_claim else estimates(every)  # first, then every plain row at once
    claims_of = by_quantity(records(every))
    marks_of = claims_of if estimated is None else by_quantity(records(estimated))
    drawn = {}
    for quantity_id, rows in claims_of.items():
        marks = marks_of[quantity_id]
        capped, total = cap_marks(marks, limit)
        shown = with_words(by_central(capped))
        spread = spread_of(
            [row["central"] for row in marks], None if every_claim else len(rows), _ends_said(marks)
        )
        listed = _listed(shown, rows, every_claim)
        drawn[quantity_id] = Drawn(shown, total, spread, as_of_span(rows), rows, listed)
    return drawn


def _listed(marks: Sequence[Record], claim_rows: Sequence[Record], every_claim: bool) -> list[Record]:
    """Of the MAX_LISTED highest marks, each claim (every claim printing the estimate, or the mark itself
    with `every_claim`) with `mark`, the mark's place from the highest; grouped by mark, then by date and
    outlet."""
    highest = by_central(marks, descending=True)[:MAX_LISTED]
    if every_claim:
        return [{**m, "mark": i} for i, m in enumerate(highest)]
    order = {m["estimate"]: i for i, m in enumerate(highest)}
    listed = [{**c, "mark": order[c["estimate"]]} for c in claim_rows if c["estimate"] in order]
    return sorted(listed, key=itemgetter("mark", "as_of", "published", "outlet_name", "figure_id"))


def _ends_said(marks: Sequence[Record]) -> tuple[str, str] | None:
    """The lowest and highest marks as printed, and whose they are: "could rise to 2,000–9,999 (vague),
    HuffPost" rather than the 5,999.5 at the middle of that interval, which nobody printed."""
    counted = [row for row in marks if not math.isnan(row["central"])]
    if len(counted) < 2:
        return None
    ends = (min(counted, key=_central), max(counted, key=_central))  # the first of equal ones, as idxmin
    return tuple(f"{claim_in_words(r)} from {r.get('primary_name') or r.get('outlet_name')}" for r in ends)


def with_words(claim_rows: Sequence[Record]) -> list[Record]:
    """Rows of claims() with what a reader is told of each: `details` (claim_details), `in_words`
    (claim_in_words) and `summary` (its line of the chart's text alternative). Per row: only for the
    claims a chart draws."""
    return [
        {**row, "details": claim_details(row), "in_words": claim_in_words(row), "summary": claim_line(row)}
        for row in claim_rows
    ]


def records(frame: pd.DataFrame) -> list[Record]:
    """`frame.to_dict("records")`, the whole frame turned into Python objects in one conversion: pandas'
    own, or a column's tolist() one column at a time, takes each column's slice then boxes its cells (a
    categorical's dearest), a fixed cost per column that outweighs the few rows of a chart."""
    columns = list(frame.columns)
    return [dict(zip(columns, row, strict=True)) for row in frame.to_numpy(dtype=object).tolist()]


def format_number(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def claim_in_words(row: Mapping) -> str:
    """'as many as 40,000 (at most)' / 'hundreds (vague: 200–999)': the claim as a reader would say it."""
    bound, qualifier = row.get("bound", ""), row.get("qualifier", "") or ""
    value, low, high = row.get("value"), row.get("low"), row.get("high")
    if bound in ("range", "vague") or value is None or math.isnan(value):
        interval = f"{format_number(low) or '?'}–{format_number(high) or '?'}"
        said = f"{qualifier} " if qualifier else ""
        return f"{said}{interval} ({bound.replace('_', ' ')})"
    said = f"{qualifier} {format_number(value)}" if qualifier else format_number(value)
    return f"{said} ({bound.replace('_', ' ')})"


def claim_details(row: dict) -> dict[str, str]:
    """What hovering a claim shows, as plain (unescaped) text: each chart escapes it for its medium."""
    qualifier = row.get("qualifier") or ""
    published = row.get("published") or "unknown"
    start, end = row.get("period_start") or "", row.get("period_end") or ""
    if start and end and start != end:
        period = f"{start} to {end}"
    elif end:
        period = f"as of {end}"
    else:
        period = start or "not stated"
    cited, via, cited_as = row.get("cited_name") or "", row.get("via_name") or "", row.get("cited_as") or ""
    if cited and cited_as and cited_as != cited:
        cited = f"{cited} (“{cited_as}”)"
    if isinstance(row.get("printed_by"), list):  # an estimate: who produced it, and who printed it
        source = (
            f"Printed by {', '.join(row['printed_by'])} ({row['repeats']} claim{'s' * (row['repeats'] > 1)})"
        )
    elif cited:
        source = f"Cites {cited}" + (f", via {via}" if via else "")
    else:
        source = OWN_CLAIM
    return {
        "figure": row["figure_id"],
        "claim_by": row.get("claim_label", ""),
        "says": claim_in_words(row) + (f" · qualifier: “{qualifier}”" if qualifier else ""),
        "quote": f"“{row.get('quote', '')}”",
        "dates": f"Published {published} · covers {period}",
        "source": source,
    }


def claim_line(row: Mapping) -> str:
    """A claim (a record of claims()) as one line of a chart's text alternative, unescaped: callers escape
    for their medium."""
    return f"{row['claim_source']}: {claim_in_words(row)}, published {row.get('published') or 'date unknown'}"


def timeline_rows(figures: pd.DataFrame) -> pd.DataFrame:
    """Claims of one quantity with the day spans of their publication and of the period they cover, what
    of their date or quantity link was inferred (`inferred`, in words), and their `details`."""
    rows = []
    for record in records(figures):
        published = dates.span(record.get("published", ""))
        start = dates.span(record.get("period_start", ""))
        end = dates.span(record.get("period_end", ""))
        label = claim_label(record.get("outlet_name", ""), record.get("cited_name", ""))
        row = {
            **record,
            "claim_label": label,
            "claim_source": label,
            "central": central_value(record["value"], record["low"], record["high"]),
            "pub_start": published.start if published else pd.NaT,
            "pub_end": published.end if published else pd.NaT,
            "pub_precision": published.precision if published else "",
            "period_from": (start or end).start if (start or end) else pd.NaT,
            "period_to": (end or start).end if (start or end) else pd.NaT,
            "inferred": inferred_in_words(record.get("notes", "")),
        }
        rows.append({**row, "details": claim_details(row)})
    return pd.DataFrame(rows)


def dated_claim_counts(figures: pd.DataFrame) -> pd.Series:
    """Per quantity_id, how many claims carry a date (publication or period): timeline candidates."""
    dated = (figures["published"].fillna("") != "") | (figures["period_end"].fillna("") != "")
    dated |= figures["period_start"].fillna("") != ""
    return dated.groupby(figures["quantity_id"]).sum().astype(int)


def estimates_of(figures: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """What one source estimated: one row per estimate of which it is the primary source (figures with
    CLAIM_COLUMNS and the quantity's `label`), with the claim in words, the date it speaks of, and who
    printed it; in order of quantity, then value."""
    own = figures[figures["primary_source"].astype(str) == source_id]
    if own.empty:
        return own.assign(in_words=pd.Series(dtype=str), printed_by=pd.Series(dtype=object))
    marks = estimates(with_estimates(claims(own)))
    marks["in_words"] = [claim_in_words(r) for r in records(marks)]
    return marks.sort_values(["label", "central"], kind="stable").reset_index(drop=True)
