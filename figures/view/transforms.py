"""Pure DataFrame -> DataFrame transforms behind the dashboard pages: filtering, claim rows, spread,
sorting, paging, partial dates, and the text helpers that keep untrusted article text inert.

Nothing here imports streamlit; every function is tested on tiny inline frames (tests/test_transforms.py).
"""

import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from figures.rules.schema import FIGURE_SCHEMA

OWN_CLAIM = "(outlet's own claim)"  # the cited-source filter value for figures that cite nobody

# The sidebar filters: URL key -> figures column it matches (DESIGN.md §5).
FILTER_COLUMNS: dict[str, str] = {
    "city": "city",
    "outlet": "outlet",
    "cited": "cited_source",
    "theme": "theme",
    "quantity": "quantity_id",
}

SORTS: dict[str, str] = {
    "spread": "Most contested first",
    "city": "By city",
    "theme": "By theme",
}

QUANTITIES_PER_PAGE = 5  # Compare charts a page: each costs ~50 ms to redraw in the browser on every rerun
# Claims drawn per Compare chart. Beyond charts.DENSE_ROWS claims a chart is a 560 px strip, 7 px a row at
# 80 claims: more marks only overlap, while each costs sending, compiling and drawing time on every rerun.
# 200 -> 80 took the 1M first chart from ~1.94 to ~1.53 s and a filter change from ~486 to ~390 ms (A/B,
# README "Speed").
MAX_MARKS = 80


# --- filtering ----------------------------------------------------------------------------------


def filter_mask(figures: pd.DataFrame, selection: Mapping[str, Sequence[str]]) -> np.ndarray:
    """Which rows pass every non-empty filter (an empty filter means all), as a boolean array."""
    mask = np.ones(len(figures), dtype=bool)
    for key, values in selection.items():
        if not values or key not in FILTER_COLUMNS:
            continue
        wanted = set(values)
        if key == "cited" and OWN_CLAIM in wanted:
            wanted.add("")  # the outlet's own claim: no cited source
        mask &= _isin(figures[FILTER_COLUMNS[key]], wanted)
    return mask


def _isin(column: pd.Series, wanted: set[str]) -> np.ndarray:
    if isinstance(column.dtype, pd.CategoricalDtype):
        # a lookup by category code: ~5x faster than Series.isin on a million rows
        hit = np.append(column.cat.categories.isin(list(wanted)), False)  # code -1 (missing) -> False
        return hit[column.cat.codes.to_numpy()]
    return column.isin(wanted).to_numpy()


def filter_figures(
    figures: pd.DataFrame, selection: Mapping[str, Sequence[str]], columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """The figures that pass every non-empty filter (an empty filter means all); only `columns` if given.

    Taking fewer columns is most of the saving at scale: the row take costs per column, and the filter
    columns themselves need not be among `columns`.
    """
    mask = filter_mask(figures, selection)
    return (figures if columns is None else figures[list(columns)])[mask]


# --- one row per claim ----------------------------------------------------------------------------


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
    if "central" in figures:  # precomputed once by the loader for the whole table
        return figures["central"]
    low, high = figures["low"].to_numpy(dtype=float), figures["high"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        middle = np.where(np.isnan(low), high, np.where(np.isnan(high), low, (low + high) / 2))
    return figures["value"].fillna(pd.Series(middle, index=figures.index))


def _text_column(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=str)
    return frame[column].astype(str).replace("nan", "")


# What one claim row carries (claims(), the Compare charts and their links): the figure's own columns, who
# printed it and when, its central value. The other joined columns describe the chart's quantity or the
# article's card; leaving them out halves the per-column cost of every step on a page of claims.
CLAIM_COLUMNS = (*FIGURE_SCHEMA.columns, "outlet", "published", "central")


def claims(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures of one quantity as chart rows: label, central value, and the ends a bar is drawn between.

    CLAIM_COLUMNS are all it and the Compare charts read; any other columns are carried along."""
    out = figures.copy()
    outlet = out["outlet"].astype(str).replace("", "Unknown outlet")  # may be categorical (the loader's)
    cited = out["cited_source"].astype(str)
    labels = outlet.where(cited == "", outlet + " · cites " + cited)
    # The date the claim speaks of tells apart two claims by one outlet, and a count that grew over time
    # from a disagreement.
    as_of = _text_column(out, "period_end")
    as_of = as_of.where(as_of != "", _text_column(out, "published"))
    out["as_of"] = as_of
    out["claim_source"] = labels
    out["claim_label"] = labels.where(as_of == "", labels + " · " + as_of)
    out["central"] = central_values(out)
    # A range or vague claim missing one end is drawn from its printed value.
    out["bar_low"] = out["low"].fillna(out["value"])
    out["bar_high"] = out["high"].fillna(out["value"])
    return out.sort_values(["central", "claim_label", "figure_id"], kind="stable").reset_index(drop=True)


def claims_by_quantity(figures: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """claims() of several quantities at once, split by quantity_id: one sort for a page of charts rather
    than one per chart (each claims() call costs ~5 ms of pandas overhead on the loader's wide frame)."""
    rows = claims(figures)
    return {
        str(q): group.reset_index(drop=True)
        for q, group in rows.groupby("quantity_id", sort=False, observed=True)
    }


def as_of_span(claim_rows: pd.DataFrame) -> tuple[str, str] | None:
    """The earliest and latest date the claims (rows of claims()) speak of, its `as_of`: period end, else
    publication. When they differ, part of a stock or cumulative quantity's spread may be change over
    time, not dispute."""
    dates = sorted(set(claim_rows["as_of"].tolist()) - {""})  # tolist: iterating Arrow strings is slow
    return (dates[0], dates[-1]) if len(dates) > 1 else None


def cap_marks(claim_rows: pd.DataFrame, limit: int = MAX_MARKS) -> tuple[pd.DataFrame, int]:
    """At most `limit` claims, evenly spread over the claims sorted by central value, so the lowest and
    the highest claim (the spread) are always kept. Returns the rows and how many there were."""
    total = len(claim_rows)
    if total <= limit:
        return claim_rows, total
    ordered = claim_rows.sort_values("central", kind="stable", na_position="first")
    picks = np.unique(np.linspace(0, total - 1, limit).round().astype(int))
    return ordered.iloc[picks].reset_index(drop=True), total


# --- spread ------------------------------------------------------------------------------------------

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

    def text(self) -> str:
        if self.claims == 1:
            return "single claim"
        if self.claims == 0:
            return "no claims"
        if math.isnan(self.ratio):
            return "spread undefined (a claim of 0)"
        return f"×{self.ratio:,.3g}" if self.ratio < 1000 else f"×{self.ratio:,.0f}"


def spread_of(central: Sequence[float]) -> Spread:
    """How far apart the claims about one quantity are (see SPREAD_BASIS)."""
    values = [v for v in central if not math.isnan(v)]
    if not values:
        return Spread(len(central), math.nan, math.nan, math.nan)
    lowest, highest = min(values), max(values)
    ratio = highest / lowest if len(central) > 1 and lowest > 0 else math.nan
    return Spread(len(central), lowest, highest, ratio)


SUMMARY_COLUMNS = ("quantity_id", "label", "city", "theme", "central")  # what quantity_summary reads


def quantity_summary(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per quantity present in `figures`, in order of first appearance: label, city, theme (from
    the quantity's first figure), claim count, lowest, highest, spread."""
    columns = ["quantity_id", "label", "city", "theme", "claims", "lowest", "highest", "spread"]
    if figures.empty:
        return pd.DataFrame({c: pd.Series(dtype=float if c in columns[4:] else str) for c in columns})
    # NumPy reductions over group codes: a pandas groupby-agg takes ~50 ms at a million figures
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
            # as a groupby would give them: integers stay integers (the loader's numbers are floats)
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


# --- partial dates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateSpan:
    """An ISO 8601 date cut to its known precision, as the span of days it may mean."""

    text: str
    start: pd.Timestamp
    end: pd.Timestamp  # the last day the date may mean (inclusive)
    precision: str  # "day", "month" or "year"


_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_span(text: str) -> DateSpan | None:
    """'2016-12' -> the whole of December 2016; None when empty or not an ISO date."""
    match = _ISO.fullmatch((text or "").strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            start = pd.Timestamp(int(year), int(month), int(day))
            return DateSpan(match.group(0), start, start, "day")
        if month:
            start = pd.Timestamp(int(year), int(month), 1)
            return DateSpan(match.group(0), start, start + pd.offsets.MonthEnd(0), "month")
        start = pd.Timestamp(int(year), 1, 1)
        return DateSpan(match.group(0), start, pd.Timestamp(int(year), 12, 31), "year")
    except ValueError:  # 2017-02-30: no such day
        return None


def timeline_rows(figures: pd.DataFrame) -> pd.DataFrame:
    """Claims of one quantity with the day spans of their publication and of the period they cover."""
    rows = []
    for record in figures.to_dict("records"):
        published = date_span(record.get("published", ""))
        start = date_span(record.get("period_start", ""))
        end = date_span(record.get("period_end", ""))
        rows.append(
            {
                **record,
                "claim_label": claim_label(record.get("outlet", ""), record.get("cited_source", "")),
                "claim_source": claim_label(record.get("outlet", ""), record.get("cited_source", "")),
                "central": central_value(record["value"], record["low"], record["high"]),
                "pub_start": published.start if published else pd.NaT,
                "pub_end": published.end if published else pd.NaT,
                "pub_precision": published.precision if published else "",
                "period_from": (start or end).start if (start or end) else pd.NaT,
                "period_to": (end or start).end if (start or end) else pd.NaT,
            }
        )
    return pd.DataFrame(rows)


def dated_claim_counts(figures: pd.DataFrame) -> pd.Series:
    """Per quantity_id, how many claims carry a date (publication or period): timeline candidates."""
    dated = (figures["published"].fillna("") != "") | (figures["period_end"].fillna("") != "")
    dated |= figures["period_start"].fillna("") != ""
    return dated.groupby(figures["quantity_id"]).sum().astype(int)


# --- untrusted text ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Text made inert for st.markdown: no links, images, emphasis, HTML or math from article text."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def safe_url(url: str) -> str:
    """The URL if it is http(s), else "": other schemes (javascript:, data:) are never linked."""
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s<>\"']+$", url, flags=re.IGNORECASE) else ""


def plotly_text(text: str) -> str:
    """Text made inert for a plotly label: <, > and & escaped. Quotes are left alone because plotly
    decodes only those three entities and would show '&quot;' literally."""
    return html.escape(text or "", quote=False)


def hover_text(text: str, width: int = 70) -> str:
    """Article text for a plotly hover label: HTML-escaped, then wrapped with <br> (plotly renders a
    subset of HTML in hover labels, so raw text could inject markup)."""
    words, lines, line = (text or "").split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "<br>".join(plotly_text(x) for x in lines)


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


# --- the article viewer ------------------------------------------------------------------------------


def quote_spans(text: str, quotes: Mapping[str, str]) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Where each figure's quote first occurs in `text`: (start, end, figure_id), plus the figure ids
    whose quote is not in the text."""
    spans, missing = [], []
    for figure_id, quote in quotes.items():
        start = text.find(quote) if quote else -1
        if start < 0:
            missing.append(figure_id)
        else:
            spans.append((start, start + len(quote), figure_id))
    return sorted(spans, key=lambda s: (s[0], -s[1], s[2])), missing


def highlight_html(text: str, spans: Sequence[tuple[int, int, str]], selected: str = "") -> str:
    """The article text HTML-escaped, each span wrapped in <mark id="fig-<id>" title="<id>">.

    Overlapping quotes still give well-nested HTML: a mark cut by another's end is closed and reopened
    as a continuation (class "cont", no id), so every figure keeps exactly one element with its id.
    The `selected` figure's marks get class "selected". Newlines are kept by the caller's CSS.
    """
    starts: dict[int, list[tuple[int, str]]] = {}
    ends: dict[int, list[str]] = {}
    for start, end, figure_id in spans:
        if end > start:
            starts.setdefault(start, []).append((end, figure_id))
            ends.setdefault(end, []).append(figure_id)

    def open_tag(figure_id: str, first: bool) -> str:
        classes = ["fig"] + (["selected"] if figure_id == selected else []) + ([] if first else ["cont"])
        ident = f' id="fig-{html.escape(figure_id)}"' if first else ""
        return f'<mark{ident} class="{" ".join(classes)}" title="{html.escape(figure_id)}">'

    out: list[str] = []
    stack: list[str] = []
    cursor = 0
    for position in sorted(set(starts) | set(ends)):
        out.append(html.escape(text[cursor:position]))
        cursor = position
        closing = set(ends.get(position, ()))
        if closing & set(stack):
            reopen = []
            while closing & set(stack):
                figure_id = stack.pop()
                out.append("</mark>")
                if figure_id not in closing:
                    reopen.append(figure_id)
            for figure_id in reversed(reopen):
                out.append(open_tag(figure_id, first=False))
                stack.append(figure_id)
        for _, figure_id in sorted(starts.get(position, ()), key=lambda s: (-s[0], s[1])):
            out.append(open_tag(figure_id, first=True))
            stack.append(figure_id)
    out.append(html.escape(text[cursor:]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)
