"""Pure chart builders: the Compare chart as a Vega-Lite spec (DataFrame -> dict), the timeline as a
plotly figure (DataFrame -> go.Figure) with the app's one plotly template, and their shared look.

Compare is Vega-Lite because its charts are the first thing a reader waits for, and Streamlit's Vega
bundle is a sixth of plotly's (README, Speed). SVG only (plotly: go.Scatter, never Scattergl: WebGL is
slow to redraw in a headless browser). Colours are the Okabe-Ito palette, safe for the common
colour-vision deficiencies. Text from articles is escaped for each medium: plotly renders a subset of
HTML in hover and tick labels, so those strings are HTML-escaped here; Vega draws SVG text nodes and its
tooltip escapes what it shows.
"""

import html
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from figures.view.claims import records
from figures.view.contrast import contrast_ratio
from figures.view.estimates import KIND_NAMES

# Okabe-Ito's hues, safe for the common colour-vision deficiencies; orange, sky blue, yellow and reddish
# purple darkened (same hue, less lightness) to stand at least 3:1 against the charts' white, as a mark must
# (WCAG 1.4.11): the originals #E69F00, #56B4E9, #F0E442 and #CC79A7 gave 2.25, 2.31, 1.32 and 3.06:1.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#BD8300",  # orange
    "#009E73",  # bluish green
    "#CA73A3",  # reddish purple
    "#D55E00",  # vermillion
    "#1D96DB",  # sky blue
    "#9C920C",  # yellow
    "#000000",  # black
)
BACKGROUND = "#ffffff"
# The charts' text (axis, legend, labels): the theme's text colour (.streamlit/config.toml), which
# Streamlit's chart themes would otherwise replace with a grey of 3.72:1.
CHART_TEXT = "#111111"
OTHER_SOURCES_COLOUR = "#777777"  # the Timeline's sources beyond the eighth
HINT_COLOUR = "#333333"  # the "◂" beside a mark
UNKNOWN_KIND_COLOUR = "#5F5F5F"  # a primary source of no known kind

# The axes' text in the theme's text colour, with room made for the tick labels (the Timeline is drawn
# without Streamlit's plotly theme, whose grey axis text is 3.72:1)
_AXIS_TEXT = {"tickfont": {"color": CHART_TEXT}, "title": {"font": {"color": CHART_TEXT}}, "automargin": True}
TEMPLATE = "conflict_figures"
pio.templates[TEMPLATE] = go.layout.Template(
    layout=go.Layout(
        colorway=list(OKABE_ITO),
        font={"family": "sans-serif", "size": 13, "color": CHART_TEXT},  # system fonts: no external requests
        plot_bgcolor=BACKGROUND,
        paper_bgcolor=BACKGROUND,
        xaxis={
            "showgrid": True,
            "gridcolor": "#e5e5e5",
            "zeroline": False,
            "linecolor": "#888",
            **_AXIS_TEXT,
        },
        yaxis={"showgrid": False, "zeroline": False, "linecolor": "#888", **_AXIS_TEXT},
        hoverlabel={"align": "left", "bgcolor": BACKGROUND, "font": {"size": 12, "color": CHART_TEXT}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"l": 10, "r": 10, "t": 40, "b": 40},
    )
)


# How each bound is drawn, on Compare (its colour is the primary source's kind: KIND_COLOURS) and on the
# Timeline; the About page prints `drawn` and `on_timeline` from here, so it says what the charts draw.
# On Compare's horizontal value axis "higher" is to the right: at_least points right, at_most left; on
# the Timeline's vertical one it is up.
# shape: a Vega symbol; upright: the plotly symbol on the Timeline; filled False: a ring (white inside);
# hint: a sign beside the mark (upright_hint on the Timeline); bars (range, vague) are drawn from
# bar_low to bar_high, dashed where `dash` says.
MARKS: dict[str, dict] = {
    "exact": {
        "name": "exact (dot)",
        "drawn": "filled dot at the value",
        "shape": "circle",
        "filled": True,
        "upright": "circle",
        "on_timeline": "filled dot at the value",
    },
    "approx": {
        "name": "approximate (hollow dot)",
        "drawn": "hollow dot at the value",
        "shape": "circle",
        "filled": False,
        "upright": "circle",
        "on_timeline": "hollow dot at the value",
    },
    "approx_below": {
        "name": "a little under (hollow dot, ◂)",
        "drawn": "hollow dot at the value, with ◂ on its left (towards lower values)",
        "shape": "circle",
        "filled": False,
        "hint": "◂",
        "upright": "circle",
        "upright_hint": "▾",
        "on_timeline": "hollow dot at the value, with ▾ under it (towards lower values)",
    },
    "at_least": {
        "name": "at least (arrow to higher)",
        "drawn": "triangle at the value pointing right, towards higher values",
        "shape": "triangle-right",
        "filled": True,
        "upright": "triangle-up",
        "on_timeline": "triangle at the value pointing up, towards higher values",
    },
    "at_most": {
        "name": "at most (arrow to lower)",
        "drawn": "triangle at the value pointing left, towards lower values",
        "shape": "triangle-left",
        "filled": True,
        "upright": "triangle-down",
        "on_timeline": "triangle at the value pointing down, towards lower values",
    },
    "range": {
        "name": "range (bar low–high)",
        "drawn": "bar from low to high",
        "on_timeline": "upright bar from low to high at the publication date",
    },
    "vague": {
        "name": "vague amount (dashed bar, rule table)",
        "drawn": "dashed bar from low to high (the vague-amount table)",
        "dash": [6, 3],
        "on_timeline": "dashed upright bar from low to high at the publication date",
    },
}
BAR_BOUNDS = ("range", "vague")
# The colour of a mark says who produced the number: the primary source's kind. Okabe-Ito hues, darkened
# where needed so that each stands at least 3:1 against the white background (tests/test_charts.py).
KIND_COLOURS: dict[str, str] = {
    "un_agency": "#0072B2",
    "ngo_monitor": "#009E73",
    "government": "#D55E00",
    "military": "#A4497F",
    "armed_group": "#000000",
    "local_authority": "#9A6700",
    "media": "#5F5F5F",
    "individual": "#6F4E9E",
}


def colour_legend() -> pd.DataFrame:
    """What each mark colour on Compare says, with its contrast against the chart's background: the
    About page prints it, from the same table the charts take their colours from."""
    colours = {**{KIND_NAMES[k]: c for k, c in KIND_COLOURS.items()}, "unknown": UNKNOWN_KIND_COLOUR}
    return pd.DataFrame(
        {
            "kind of primary source": list(colours),
            "colour": list(colours.values()),
            "contrast on white": [f"{contrast_ratio(c, BACKGROUND):.2f}:1" for c in colours.values()],
        }
    )


# The point-selection parameters of a Compare chart, one per layer of marks: a click on any mark selects
# its figure_id (st.vega_lite_chart(selection_mode=PICKS) returns it).
PICKS = ("pick_bar", "pick_dot")
MAX_TIMELINE_SOURCES = 8
LEGEND_WRAP = 38  # characters a line of a Timeline legend entry: two columns fit a phone
_KIND_IDS = {name: kind for kind, name in KIND_NAMES.items()}
ROW_STEP = 40  # px per claim row on a Compare chart: its label, then its marks
LABEL_RISE = 9  # px from a row's middle up to the bottom of its label, clear of a mark's top
LEGEND_COLUMN = 140  # px a column of the Compare legend takes (its longest kind, "local authority")
DENSE_ROWS = 40  # beyond this many claims the row labels no longer fit: a strip of marks, labels on hover


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


_FIELDS = 7  # customdata of a timeline point: see hover_data
_GAP = [None] * _FIELDS  # customdata of the gap point between two segments of one trace


def _array(rows: list[list]) -> np.ndarray:
    # numpy arrays skip plotly's element-by-element validation of nested lists, slow at scale
    out = np.empty((len(rows), _FIELDS), dtype=object)
    for i, row in enumerate(rows):
        out[i, :] = row
    return out


_HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}<br><i>%{customdata[3]}</i><br>%{customdata[4]}"
    "<br>%{customdata[5]}%{customdata[6]}<br><span style='font-size:11px'>%{customdata[0]}</span>"
    "<extra></extra>"
)


def hover_data(row: dict) -> list[str]:
    """customdata of one claim on a plotly chart: [figure_id, label, claim, quote, dates, cited source,
    what was inferred (a line of its own, or "")], all escaped (plotly renders a subset of HTML in hover
    labels)."""
    d = row["details"]
    inferred = row.get("inferred") or ""
    return [
        plotly_text(d["figure"]),
        plotly_text(d["claim_by"]),
        plotly_text(d["says"]),
        hover_text(d["quote"]),
        plotly_text(d["dates"]),
        plotly_text(d["source"]),
        f"<br><b>?</b> {hover_text(inferred)}" if inferred else "",
    ]


# Tooltip rows of a Compare mark; Vega's tooltip escapes the text (its default `sanitize`).
_TOOLTIP = [
    {"field": "claim_by", "title": "Claim by"},
    {"field": "says", "title": "Says"},
    {"field": "quote", "title": "Quote"},
    {"field": "dates", "title": "Dates"},
    {"field": "source", "title": "Source"},
    {"field": "figure", "title": "Figure"},
]


def _row_keys(labels: list[str]) -> list[str]:
    """One y position per claim: its label, numbered where two claims share one ("WSWS · 2017-03 (2)")."""
    seen: dict[str, int] = {}
    keys = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        keys.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return keys


def compare_spec(claims: Sequence[Mapping], *, unit: str = "", note: str = "") -> dict:
    """One quantity's claims as a Vega-Lite spec: one row per claim, marks by bound (see MARKS), one
    value axis. `claims` are rows of figures.view.claims.with_words(); `note` (e.g. that marks were
    sampled) is printed under the chart. Drawn by st.vega_lite_chart."""
    keys = _row_keys([str(r["claim_label"]) for r in claims])
    values = [
        {
            **r["details"],
            "row": key,
            "bound": r["bound"],
            "mark": MARKS[r["bound"]]["name"],
            "kind": KIND_NAMES.get(r.get("primary_kind", ""), "unknown"),
            "hollow": not MARKS[r["bound"]].get("filled", True),
            "value": _number(r["value"]),
            "bar_low": _number(r["bar_low"]),
            "bar_high": _number(r["bar_high"]),
        }
        for r, key in zip(claims, keys, strict=True)
    ]
    present = [b for b in MARKS if any(r["bound"] == b for r in claims)]
    numbers = [x for v in values for x in (v["value"], v["bar_low"], v["bar_high"]) if x is not None]
    log = bool(numbers) and min(numbers) > 0 and max(numbers) / min(numbers) >= 100
    dense = len(claims) > DENSE_ROWS
    x_scale = {"type": "log"} if log else {"zero": True, "domainMax": max(numbers, default=1) * 1.12 or 1}
    x = {
        "field": "value",
        "type": "quantitative",
        "title": unit + (" (log scale)" if log else ""),
        "scale": x_scale,
        "axis": {"format": ",~r", "grid": True},
    }
    # No y axis: each row's label is written above its marks (the label layer below), so the value axis
    # keeps the chart's whole width on a phone, where labels beside the rows took 60-75% of it.
    y = {"field": "row", "type": "nominal", "sort": keys[::-1], "title": None, "axis": None}  # highest on top
    names = [MARKS[b]["name"] for b in present]

    def by_mark(look: Callable[[dict], object]) -> dict:
        # no legend: what each shape means is said in words above the charts and on the About page
        return {
            "field": "mark",
            "type": "nominal",
            "title": None,
            "scale": {"domain": names, "range": [look(MARKS[b]) for b in present]},
            "legend": None,
        }

    kinds = [KIND_NAMES[k] for k in KIND_COLOURS if any(r.get("primary_kind") == k for r in claims)]
    if any(v["kind"] == "unknown" for v in values):
        kinds.append("unknown")
    colour = {
        "field": "kind",
        "type": "nominal",
        "title": "Primary source",
        "scale": {
            "domain": kinds,
            "range": [KIND_COLOURS.get(_KIND_IDS.get(k, ""), UNKNOWN_KIND_COLOUR) for k in kinds],
        },
        # as many columns as fit the chart's width (a phone's takes two), so no entry is cut off
        "legend": {"orient": "top", "columns": {"expr": f"max(1, floor(width / {LEGEND_COLUMN}))"}},
    }
    marks = {"stroke": colour, "tooltip": _TOOLTIP}

    def layer(bounds: list[str], mark: dict, encoding: dict, pick: str) -> dict:
        return {
            "transform": [{"filter": {"field": "bound", "oneOf": bounds}}],
            "mark": {**mark, "cursor": "pointer", "aria": False},  # per-mark labels: slow, and noise
            "encoding": {**marks, **encoding},
            "params": [{"name": pick, "select": {"type": "point", "fields": ["figure"], "on": "click"}}],
        }

    bars = [b for b in present if b in BAR_BOUNDS]
    dots = [b for b in present if b not in BAR_BOUNDS]
    layers = []
    if bars:
        encoding = {
            "x": {**x, "field": "bar_low"},
            "x2": {"field": "bar_high"},
            "strokeDash": by_mark(lambda m: m.get("dash", [1, 0])),
        }
        layers.append(layer(bars, {"type": "rule", "strokeWidth": 7}, encoding, PICKS[0]))
    if dots:
        encoding = {
            "x": x,
            "shape": by_mark(lambda m: m.get("shape", "stroke")),
            # a hollow mark (an approximate number) is white inside, else the colour of its source's kind
            "fill": {"condition": {"test": "datum.hollow", "value": BACKGROUND}, **colour},
        }
        mark = {"type": "point", "filled": True, "size": 170, "strokeWidth": 2.5, "opacity": 1}
        layers.append(layer(dots, mark, encoding, PICKS[1]))
    if not dense:
        label = {"type": "text", "align": "left", "baseline": "bottom", "x": 0, "dy": -LABEL_RISE}
        layers.append(
            {
                "mark": {
                    **label,
                    "fontSize": 12,
                    "color": CHART_TEXT,
                    "limit": {"expr": "width"},
                    "aria": False,
                },
                "encoding": {"text": {"field": "row"}},
            }
        )
    for bound in (b for b in present if "hint" in MARKS[b]):
        # a fixed colour, not a scale: a layer without a legend would hide the chart's merged legend
        hint = {"type": "text", "text": MARKS[bound]["hint"], "dx": -17, "fontSize": 22}
        layers.append(
            {
                "transform": [{"filter": {"field": "bound", "equal": bound}}],
                "mark": {**hint, "color": HINT_COLOUR},
                "encoding": {"x": x},
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": _described(claims),  # the chart's aria-label
        "data": {"values": values},
        "height": 560 if dense else {"step": ROW_STEP},
        # every layer's rows: written once, not once a layer (a chart of 80 claims lists 80 row keys)
        "encoding": {"y": y},
        "layer": layers,
        "title": {"text": note, "orient": "bottom", "anchor": "start", "fontSize": 11, "fontWeight": "normal"}
        if note
        else None,
        "usermeta": {"embedOptions": {"renderer": "svg"}},  # marks in the DOM: the browser tests count them
        # the theme's text colour, not the 3.72:1 grey Streamlit's chart theme gives
        "config": {
            "axis": {"labelColor": CHART_TEXT, "titleColor": CHART_TEXT},
            "legend": {"labelColor": CHART_TEXT, "titleColor": CHART_TEXT},
            "title": {"color": CHART_TEXT},
        },
    }


def compare_specs(charts: Sequence[tuple[Sequence[Mapping], str, str]]) -> list[dict]:
    """compare_spec() of each (claims, unit, note): a page of charts at once."""
    return [compare_spec(claims, unit=unit, note=note) for claims, unit, note in charts]


def _described(rows: Sequence[Mapping], most: int = 20) -> str:
    more = len(rows) - most
    return "; ".join(r["summary"] for r in rows[:most]) + (f"; and {more:,} more claims" if more > 0 else "")


def _number(x: object) -> float | None:
    return float(x) if _finite(x) else None


def _finite(x: object) -> bool:
    return isinstance(x, int | float) and not math.isnan(x)


# What the Timeline reads of each row of claims.timeline_rows(): the other columns are left in the frame
_TIMELINE_COLUMNS = [
    *("claim_label", "pub_start", "pub_end", "pub_precision", "period_from", "period_to"),
    *("central", "published", "bound", "low", "high", "details", "inferred"),
]


def timeline_chart(rows: pd.DataFrame, *, unit: str = "") -> go.Figure:
    """Claims of one quantity over time. `rows` come from figures.view.claims.timeline_rows().

    Each claim's publication date is a thick segment over every day the date may mean (a month-only
    date spans the month and is labelled "2016-12"; a full date is a point); the period the figure
    covers is a thin dashed segment at the same height. The claim's mark is drawn by its bound as on
    Compare (MARKS: `upright`): a hollow dot for an approximate number, a triangle towards the open side
    of "at least" / "at most", an upright bar over the interval of a range or vague amount (dashed for
    a vague one). A claim whose date or quantity link was inferred has a "?" ring. Colour = the claim's
    outlet and cited source.
    """
    # the claims as plain rows, read by each layer below: pandas per layer and bound cost more than the
    # figure itself
    claims = records(rows[_TIMELINE_COLUMNS]) if len(rows) else []
    dated = [r for r in claims if pd.notna(r["pub_start"]) or pd.notna(r["period_from"])]
    # Beyond seven sources a legend stops helping (and each trace takes time to build): the sources with
    # most claims keep their own colour, the rest share one grey "other sources".
    counts = Counter(r["claim_label"] for r in dated)
    by_count = sorted(counts, key=counts.__getitem__, reverse=True)  # equal counts: first claim first
    rest = set(by_count[MAX_TIMELINE_SOURCES - 1 :]) if len(by_count) > MAX_TIMELINE_SOURCES else set()
    # where a claim's mark stands: its publication, else the end of the period it covers; its tooltip
    placed = [
        {**r, "at": r["pub_start"] if pd.notna(r["pub_start"]) else r["period_to"], "hover": hover_data(r)}
        for r in dated
    ]
    sources: dict[str, list[dict]] = {}
    for r in placed:
        label = f"{len(rest)} other sources" if r["claim_label"] in rest else r["claim_label"]
        sources.setdefault(label, []).append(r)
    traces = []
    for n, label in enumerate(sorted(sources, key=lambda label: (label.endswith(" other sources"), label))):
        color = OTHER_SOURCES_COLOUR if label.endswith(" other sources") else OKABE_ITO[n % len(OKABE_ITO)]
        name, own = plotly_text(label), sources[label]
        traces += _published(own, name, color, hover_text(f"{label}: published", LEGEND_WRAP))
        traces += _periods(own, name, color, hover_text(f"{label}: period covered", LEGEND_WRAP))
        traces += _intervals(own, name, color)
        traces += _hints(own, name, color)
    traces += _inferred(placed)
    # the traces as dicts, each built once by the figure (go.Scatter then add_trace builds it twice)
    fig = go.Figure(data=traces, layout={"template": TEMPLATE})
    # the rest of the layout as one relayout, the operation update_layout() ends in, without the batch of
    # edits it builds first: the same layout, in the same order, at half the cost
    fig.plotly_relayout(
        {
            "xaxis": {"title": {"text": "date"}, "type": "date"},
            "yaxis": {"title": {"text": plotly_text(unit)}, "rangemode": "tozero", "tickformat": ",~r"},
            # under the plot, at the foot of the figure, entries wrapped: beside the plot it covered it on
            # a phone
            "legend": {
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "yref": "container",
                "y": 0,
                "yanchor": "bottom",
            },
            "height": 560,
        }
    )
    return fig


def _mark(bound: str, color: str) -> tuple[str, str]:
    """A claim's plotly symbol and fill on the Timeline. A range or vague amount is its upright bar
    (_intervals): on the publication span it has only a tick at the middle."""
    mark = MARKS.get(bound, MARKS["exact"])
    return mark.get("upright", "line-ew"), color if mark.get("filled", True) else "white"


def _published(claims: list[dict], name: str, color: str, legend: str) -> list[dict]:
    xs, ys, text, data, symbols, fills = [], [], [], [], [], []
    for r in (r for r in claims if pd.notna(r["pub_start"])):
        end = r["pub_end"] + pd.Timedelta(days=1) if r["pub_precision"] != "day" else r["pub_end"]
        xs += [r["pub_start"], end, None]
        ys += [r["central"], r["central"], None]
        text += [plotly_text(r["published"] if r["pub_precision"] != "day" else ""), "", None]
        data += [r["hover"], r["hover"], _GAP]
        symbol, fill = _mark(r["bound"], color)
        symbols += [symbol, symbol, symbol]
        fills += [fill, fill, fill]
    if not xs:
        return []
    marker = {
        "color": np.array(fills, dtype=object),
        "symbol": np.array(symbols, dtype=object),
        "size": 13,
        "line": {"color": color, "width": 2.5},
    }
    return [
        _segments(
            xs,
            ys,
            data,
            legend,
            name,
            "published",
            mode="lines+markers+text",
            text=np.array(text, dtype=object),
            textposition="top center",
            line={"color": color, "width": 9},
            marker=marker,
        )
    ]


def _periods(claims: list[dict], name: str, color: str, legend: str) -> list[dict]:
    xs, ys, data = [], [], []
    for r in (r for r in claims if pd.notna(r["period_from"])):
        xs += [r["period_from"], r["period_to"] + pd.Timedelta(days=1), None]
        ys += [r["central"], r["central"], None]
        data += [r["hover"], r["hover"], _GAP]
    if not xs:
        return []
    line = {"color": color, "width": 2, "dash": "dash"}
    return [_segments(xs, ys, data, legend, name, "period", mode="lines", line=line)]


def _segments(xs: list, ys: list, data: list, legend: str, name: str, meta: str, **style: object) -> dict:
    """A Timeline trace of one source's segments (None between two), each point's tooltip its customdata."""
    return {
        "type": "scatter",
        "x": np.array(xs, dtype="datetime64[ns]"),
        "y": np.array(ys, dtype=float),
        "customdata": _array(data),
        "name": legend,
        "legendgroup": name,
        **style,
        "hovertemplate": _HOVER,
        "meta": meta,
    }


def _intervals(claims: list[dict], name: str, color: str) -> list[dict]:
    """The interval of each range or vague amount: an upright bar from low to high where its mark
    stands, solid for a range, dashed for a vague amount (MARKS `dash`)."""
    traces = []
    for bound in BAR_BOUNDS:
        spans = [r for r in claims if r["bound"] == bound and pd.notna(r["low"]) and pd.notna(r["high"])]
        if not spans:
            continue
        dash = ",".join(f"{d}px" for d in MARKS[bound].get("dash", ())) or "solid"
        traces.append(
            {
                "type": "scatter",
                "x": np.array([d for r in spans for d in (r["at"], r["at"], None)], dtype="datetime64[ns]"),
                "y": np.array([v for r in spans for v in (r["low"], r["high"], math.nan)], dtype=float),
                "customdata": _array([row for r in spans for row in [r["hover"]] * 2 + [_GAP]]),
                "mode": "lines+markers",
                "name": f"{name}: {MARKS[bound]['name']}",
                "legendgroup": name,
                "showlegend": False,
                "line": {"color": color, "width": 3, "dash": dash},
                "marker": {"symbol": "line-ew", "size": 14, "line": {"width": 3, "color": color}},
                "hovertemplate": _HOVER,
                "meta": "interval",
            }
        )
    return traces


def _hints(claims: list[dict], name: str, color: str) -> list[dict]:
    """The sign beside a mark whose bound has one (MARKS `upright_hint`: "a little under" gets ▾)."""
    traces = []
    for bound, mark in MARKS.items():
        hinted = [r for r in claims if r["bound"] == bound] if "upright_hint" in mark else []
        if not hinted:
            continue
        traces.append(
            {
                "type": "scatter",
                "x": np.array([r["at"] for r in hinted], dtype="datetime64[ns]"),
                "y": np.array([r["central"] for r in hinted], dtype=float),
                "text": [mark["upright_hint"]] * len(hinted),
                "mode": "text",
                "textposition": "bottom center",
                "textfont": {"size": 18, "color": color},
                "name": f"{name}: {mark['name']}",
                "legendgroup": name,
                "showlegend": False,
                "hoverinfo": "skip",
                "meta": "hint",
            }
        )
    return traces


INFERRED_NAME = "? inferred date or quantity link (see tooltip)"


def _inferred(claims: list[dict]) -> list[dict]:
    """A "?" ring around each claim whose date or quantity link the curator inferred (its notes say so),
    with the notes' words in its tooltip."""
    inferred = [r for r in claims if r["inferred"] != ""]
    if not inferred:
        return []
    return [
        {
            "type": "scatter",
            "x": np.array([r["at"] for r in inferred], dtype="datetime64[ns]"),
            "y": np.array([r["central"] for r in inferred], dtype=float),
            "text": ["?"] * len(inferred),
            "customdata": _array([r["hover"] for r in inferred]),
            "mode": "markers+text",
            "textposition": "top right",
            "textfont": {"size": 15, "color": "#333333"},
            "name": INFERRED_NAME,
            "marker": {"symbol": "circle-open", "size": 26, "color": "#333333", "line": {"width": 1.5}},
            "hovertemplate": _HOVER,
            "meta": "inferred",
        }
    ]
