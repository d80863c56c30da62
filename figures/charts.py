"""Pure chart builders (DataFrame -> go.Figure) and the app's one plotly template.

SVG traces only (go.Scatter, never Scattergl: WebGL costs +500-700 ms per redraw headless, TOOLING.md §5).
Colours are the Okabe-Ito palette, safe for the common colour-vision deficiencies. Every string that
comes from an article or the tables is HTML-escaped before it reaches a hover label or tick label:
plotly renders a subset of HTML there.
"""

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from figures.transforms import claim_in_words, hover_text, plotly_text

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

TEMPLATE = "conflict_figures"
pio.templates[TEMPLATE] = go.layout.Template(
    layout=go.Layout(
        colorway=list(OKABE_ITO),
        font={"family": "sans-serif", "size": 13},  # system fonts only: the app makes no external requests
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis={"showgrid": True, "gridcolor": "#e5e5e5", "zeroline": False, "linecolor": "#888"},
        yaxis={"showgrid": False, "zeroline": False, "linecolor": "#888"},
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"l": 10, "r": 10, "t": 40, "b": 40},
    )
)


# How each bound is drawn (figures.bounds.BOUND_RULES says the same in words for the About page).
# On a horizontal value axis "higher" is to the right: at_least points right, at_most left.
MARKS: dict[str, dict] = {
    "exact": {"name": "exact (dot)", "symbol": "circle", "color": OKABE_ITO[0]},
    "approx": {"name": "approximate (hollow dot)", "symbol": "circle-open", "color": OKABE_ITO[0]},
    "approx_below": {
        "name": "a little under (hollow dot, ◂)",
        "symbol": "circle-open",
        "color": OKABE_ITO[5],
        "hint": "◂",
    },
    "at_least": {"name": "at least (arrow to higher)", "symbol": "arrow-bar-right", "color": OKABE_ITO[2]},
    "at_most": {"name": "at most (arrow to lower)", "symbol": "arrow-bar-left", "color": OKABE_ITO[4]},
    "range": {"name": "range (bar low–high)", "symbol": "line-ns", "color": OKABE_ITO[1]},
    "vague": {"name": "vague amount (bar, rule table)", "symbol": "line-ns", "color": OKABE_ITO[3]},
}
BAR_BOUNDS = ("range", "vague")
MAX_TIMELINE_SOURCES = 8

_GAP = [None] * 6  # customdata of the gap point between two segments of one trace


def _array(rows: list[list]) -> np.ndarray:
    # numpy arrays skip plotly's element-by-element validation of nested lists (~0.3 s a chart at scale)
    out = np.empty((len(rows), 6), dtype=object)
    for i, row in enumerate(rows):
        out[i, :] = row
    return out


_HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}<br><i>%{customdata[3]}</i><br>%{customdata[4]}"
    "<br>%{customdata[5]}<br><span style='font-size:11px'>%{customdata[0]}</span><extra></extra>"
)


def _dates_line(row: dict) -> str:
    published = row.get("published") or "unknown"
    start, end = row.get("period_start") or "", row.get("period_end") or ""
    if start and end and start != end:
        period = f"{start} to {end}"
    elif end:
        period = f"as of {end}"
    else:
        period = start or "not stated"
    return plotly_text(f"Published {published} · covers {period}")


def _cited_line(row: dict) -> str:
    cited, via = row.get("cited_source") or "", row.get("cited_via") or ""
    if not cited:
        return plotly_text(f"The outlet's own claim ({row.get('outlet') or 'unknown outlet'})")
    return plotly_text(f"Cites {cited}" + (f", via {via}" if via else ""))


def hover_data(row: dict) -> list[str]:
    """customdata of one claim: [figure_id, label, claim, quote, dates, cited source], all escaped."""
    qualifier = row.get("qualifier") or ""
    return [
        plotly_text(row["figure_id"]),
        plotly_text(row.get("claim_label", "")),
        plotly_text(claim_in_words(row) + (f" · qualifier: “{qualifier}”" if qualifier else "")),
        hover_text(f"“{row.get('quote', '')}”"),
        _dates_line(row),
        _cited_line(row),
    ]


def compare_chart(claims: pd.DataFrame, *, unit: str = "", note: str = "") -> go.Figure:
    """One quantity's claims, one row per claim, marks by bound (see MARKS). `claims` comes from
    figures.transforms.claims(); `note` (e.g. that marks were sampled) is shown on the chart."""
    rows = claims.to_dict("records")
    labels = [plotly_text(r["claim_label"]) for r in rows]
    fig = go.Figure()
    for bound, mark in MARKS.items():
        positions = [i for i, r in enumerate(rows) if r["bound"] == bound]
        if not positions:
            continue
        if bound in BAR_BOUNDS:
            xs, ys, data = [], [], []
            for i in positions:
                r = rows[i]
                xs += [r["bar_low"], r["bar_high"], math.nan]  # NaN: a gap between two claims' bars
                ys += [i, i, math.nan]
                data += [hover_data(r), hover_data(r), _GAP]
            fig.add_trace(
                go.Scatter(
                    x=np.array(xs, dtype=float),
                    y=np.array(ys, dtype=float),
                    customdata=_array(data),
                    mode="lines+markers",
                    name=mark["name"],
                    line={"color": mark["color"], "width": 8, "dash": "dot" if bound == "vague" else "solid"},
                    marker={
                        "symbol": mark["symbol"],
                        "size": 16,
                        "line": {"width": 2, "color": mark["color"]},
                    },
                    hovertemplate=_HOVER,
                    meta=bound,
                )
            )
            continue
        fig.add_trace(
            go.Scatter(
                x=np.array([rows[i]["value"] for i in positions], dtype=float),
                y=np.array(positions, dtype=float),
                customdata=_array([hover_data(rows[i]) for i in positions]),
                mode="markers+text" if "hint" in mark else "markers",
                text=[mark["hint"]] * len(positions) if "hint" in mark else None,
                textposition="middle left",
                textfont={"color": mark["color"], "size": 14},
                name=mark["name"],
                marker={
                    "symbol": mark["symbol"],
                    "size": 16 if mark["symbol"].startswith("arrow") else 13,
                    "color": mark["color"],
                    "line": {"width": 2, "color": mark["color"]},
                },
                hovertemplate=_HOVER,
                meta=bound,
            )
        )
    dense = len(rows) > 40  # beyond ~40 rows the labels no longer fit: a strip of marks, labels on hover
    numbers = [x for r in rows for x in (r["value"], r["bar_low"], r["bar_high"]) if _finite(x)]
    log = bool(numbers) and min(numbers) > 0 and max(numbers) / min(numbers) >= 100
    fig.update_layout(
        template=TEMPLATE,
        height=600 if dense else 110 + 34 * max(len(rows), 1),
        showlegend=True,
        xaxis={
            "title": {"text": plotly_text(unit) + (" (log scale)" if log else "")},
            "type": "log" if log else "linear",
            # room past the highest mark, so an arrow at the edge is not clipped
            **({} if log or not numbers else {"range": [0, (max(numbers) or 1) * 1.12]}),
        },
        yaxis={
            "tickmode": "array",
            "tickvals": [] if dense else list(range(len(rows))),
            "ticktext": [] if dense else labels,
            "range": [-0.7, len(rows) - 0.3],
            "showticklabels": not dense,
        },
        clickmode="event+select",
    )
    if note:
        fig.add_annotation(
            text=plotly_text(note),
            xref="paper",
            yref="paper",
            x=0,
            y=-0.02,
            yanchor="top",
            showarrow=False,
            font={"size": 11, "color": "#555"},
        )
    return fig


def _finite(x: object) -> bool:
    return isinstance(x, int | float) and not math.isnan(x)


def timeline_chart(rows: pd.DataFrame, *, unit: str = "") -> go.Figure:
    """Claims of one quantity over time. `rows` comes from figures.transforms.timeline_rows().

    Each claim's publication date is a thick segment over every day the date may mean (a month-only
    date spans the month and is labelled "2016-12"; a full date is a dot); the period the figure covers
    is a thin dashed segment at the same height. Colour = the claim's outlet and cited source.
    """
    fig = go.Figure()
    dated = rows[rows["pub_start"].notna() | rows["period_from"].notna()].copy() if len(rows) else rows
    if len(dated):
        # Beyond seven sources a legend stops helping (and each trace costs ~20 ms to build): the
        # sources with most claims keep their own colour, the rest share one grey "other sources".
        by_count = dated["claim_label"].value_counts(sort=True)
        if len(by_count) > MAX_TIMELINE_SOURCES:
            rest = set(by_count.index[MAX_TIMELINE_SOURCES - 1 :])
            dated["claim_label"] = dated["claim_label"].where(
                ~dated["claim_label"].isin(rest), f"{len(rest)} other sources"
            )
    groups = sorted(dated.groupby("claim_label"), key=lambda g: (g[0].endswith(" other sources"), g[0]))
    for n, (label, group) in enumerate(groups):
        color = "#777777" if label.endswith(" other sources") else OKABE_ITO[n % len(OKABE_ITO)]
        records = group.to_dict("records")
        xs, ys, text, data = [], [], [], []
        pxs, pys, pdata = [], [], []
        for r in records:
            y = r["central"]
            if pd.notna(r["pub_start"]):
                end = r["pub_end"] + pd.Timedelta(days=1) if r["pub_precision"] != "day" else r["pub_end"]
                xs += [r["pub_start"], end, None]
                ys += [y, y, None]
                shown = r["published"] if r["pub_precision"] != "day" else ""
                text += [plotly_text(shown), "", None]
                data += [hover_data(r), hover_data(r), _GAP]
            if pd.notna(r["period_from"]):
                pxs += [r["period_from"], r["period_to"] + pd.Timedelta(days=1), None]
                pys += [y, y, None]
                pdata += [hover_data(r), hover_data(r), _GAP]
        name = plotly_text(label)
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=np.array(xs, dtype="datetime64[ns]"),
                    y=np.array(ys, dtype=float),
                    text=np.array(text, dtype=object),
                    customdata=_array(data),
                    mode="lines+markers+text",
                    textposition="top center",
                    name=f"{name}: published",
                    legendgroup=name,
                    line={"color": color, "width": 9},
                    marker={"color": color, "size": 11},
                    hovertemplate=_HOVER,
                    meta="published",
                )
            )
        if pxs:
            fig.add_trace(
                go.Scatter(
                    x=np.array(pxs, dtype="datetime64[ns]"),
                    y=np.array(pys, dtype=float),
                    customdata=_array(pdata),
                    mode="lines",
                    name=f"{name}: period covered",
                    legendgroup=name,
                    line={"color": color, "width": 2, "dash": "dash"},
                    opacity=0.7,
                    hovertemplate=_HOVER,
                    meta="period",
                )
            )
    # A range or vague amount is drawn at its middle; a vertical line at its date shows the whole interval.
    spans = (
        dated[dated["bound"].isin(BAR_BOUNDS) & dated["low"].notna() & dated["high"].notna()]
        if len(dated)
        else dated
    )
    if len(spans):
        at = spans["pub_start"].fillna(spans["period_to"])
        fig.add_trace(
            go.Scatter(
                x=np.array([d for t in at for d in (t, t, None)], dtype="datetime64[ns]"),
                y=np.array(
                    [
                        v
                        for lo, hi in zip(spans["low"], spans["high"], strict=True)
                        for v in (lo, hi, math.nan)
                    ]
                ),
                customdata=_array(
                    [row for r in spans.to_dict("records") for row in (hover_data(r),) * 2 + (_GAP,)]
                ),
                mode="lines+markers",
                name="interval of a range or vague amount",
                line={"color": "#555555", "width": 2},
                marker={"symbol": "line-ew", "size": 12, "line": {"width": 2, "color": "#555555"}},
                hovertemplate=_HOVER,
                meta="interval",
            )
        )
    fig.update_layout(
        template=TEMPLATE,
        height=480,
        xaxis={"title": {"text": "date (published: thick; period covered: dashed)"}, "type": "date"},
        yaxis={"title": {"text": plotly_text(unit)}, "rangemode": "tozero", "tickformat": ",~r"},
        legend={"orientation": "v", "y": 1, "x": 1.02, "yanchor": "top"},
    )
    return fig


def claim_summary(rows: pd.DataFrame) -> list[str]:
    """The chart's text alternative: each claim in words (unescaped: callers escape for their medium)."""
    return [
        f"{r['claim_source']}: {claim_in_words(r)}, published {r.get('published') or 'date unknown'}"
        for r in rows.to_dict("records")
    ]
