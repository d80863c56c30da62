"""Chart structure: Compare specs (mark per bound, one row per claim, one quantity per chart, plain-text
hover, click selection) and timeline figures (spans for partial dates)."""

import math

import pandas as pd
import plotly.io as pio
from fixtures.package import named

from figures.rules.schema import SOURCE_KINDS
from figures.view.charts import (
    BACKGROUND,
    KIND_COLOURS,
    MARKS,
    OKABE_ITO,
    PICKS,
    TEMPLATE,
    colour_legend,
    compare_spec,
    timeline_chart,
)
from figures.view.claims import claim_line, records, timeline_rows, with_words
from figures.view.claims import claims as claim_rows
from figures.view.contrast import MARK_MINIMUM, contrast_ratio

NAN = math.nan


def claims(figures: pd.DataFrame) -> list[dict]:
    """Chart rows as the Compare page draws them: claims() with their words."""
    return with_words(records(claim_rows(figures)))


def claim(figure_id: str, bound: str, value: float, low: float = NAN, high: float = NAN, **extra) -> dict:
    return named(
        {
            "figure_id": figure_id,
            "article_id": "art",
            "quantity_id": "q",
            "outlet": "WSWS",
            "cited_source": "",
            "cited_via": "",
            "quote": f"quote of {figure_id}",
            "qualifier": "",
            "bound": bound,
            "value": value,
            "low": low,
            "high": high,
            "published": "2017-03-27",
            "period_start": "",
            "period_end": "",
            **extra,
        }
    )


FIGURES_OF_EVERY_BOUND = pd.DataFrame(
    [
        claim("e", "exact", 10, 10, 10),
        claim("a", "approx", 20, 20, 20, qualifier="around"),
        claim("b", "approx_below", 30, 30, 30, qualifier="nearly"),
        claim("l", "at_least", 40, 40, NAN, qualifier="more than"),
        claim("m", "at_most", 50, NAN, 50, qualifier="up to"),
        claim("r", "range", NAN, 5, 15),
        claim("v", "vague", NAN, 200, 999, quote="hundreds"),
    ]
)
EVERY_BOUND = claims(FIGURES_OF_EVERY_BOUND)


def layers_by_bound(spec: dict) -> dict[str, dict]:
    """bound -> the layer that draws it (each layer filters the rows to its bounds)."""
    marks = [layer for layer in spec["layer"] if "params" in layer]  # the hint text layer has none
    return {b: layer for layer in marks for b in layer["transform"][0]["filter"]["oneOf"]}


def scale_of(layer: dict, channel: str) -> dict[str, object]:
    scale = layer["encoding"][channel]["scale"]
    return dict(zip(scale["domain"], scale["range"], strict=True))


def test_every_bound_has_its_mark():
    spec = compare_spec(EVERY_BOUND, unit="people")
    layers = layers_by_bound(spec)
    assert set(layers) == set(MARKS)
    name = {b: m["name"] for b, m in MARKS.items()}
    dots = layers["exact"]
    assert dots["mark"]["type"] == "point"
    shape = scale_of(dots, "shape")
    assert shape[name["exact"]] == shape[name["approx"]] == "circle"
    assert shape[name["at_least"]] == "triangle-right"  # higher values are to the right
    assert shape[name["at_most"]] == "triangle-left"
    # colour says who produced the number; a hollow mark (an approximate number) is white inside
    fill = dots["encoding"]["fill"]
    assert fill["condition"] == {"test": "datum.hollow", "value": BACKGROUND} and fill["field"] == "kind"
    hollow = {r["bound"] for r in spec["data"]["values"] if r["hollow"]}
    assert hollow == {"approx", "approx_below"}
    assert scale_of(dots, "stroke") == {"media": KIND_COLOURS["media"]}
    hint = next(layer for layer in spec["layer"] if layer["mark"].get("text") == "◂")
    assert hint["mark"]["text"] == "◂" and hint["transform"][0]["filter"]["equal"] == "approx_below"
    bars = layers["range"]
    assert bars is layers["vague"] and bars["mark"]["type"] == "rule"
    assert bars["encoding"]["x"]["field"] == "bar_low" and bars["encoding"]["x2"]["field"] == "bar_high"
    dash = scale_of(bars, "strokeDash")
    assert dash[name["vague"]] != [1, 0] and dash[name["range"]] == [1, 0]  # vague is dashed
    rows = {r["figure"]: r for r in spec["data"]["values"]}
    assert (rows["r"]["bar_low"], rows["r"]["bar_high"]) == (5, 15)
    assert (rows["v"]["bar_low"], rows["v"]["bar_high"]) == (200, 999)
    assert rows["r"]["value"] is None  # no printed value: JSON null, not NaN
    assert spec["usermeta"]["embedOptions"]["renderer"] == "svg"


def test_legend_names_only_the_marks_and_kinds_drawn():
    exact, ranged = (r for r in EVERY_BOUND if r["bound"] in ("exact", "range"))
    two = [{**exact, "primary_kind": "un_agency"}, {**ranged, "primary_kind": "military"}]
    spec = compare_spec(two)
    (bars,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert bars["encoding"]["strokeDash"]["scale"]["domain"] == [
        MARKS["exact"]["name"],
        MARKS["range"]["name"],
    ]
    assert scale_of(bars, "stroke") == {
        "UN agency": KIND_COLOURS["un_agency"],
        "military": KIND_COLOURS["military"],
    }


def test_every_kind_has_a_distinct_colour_readable_on_white():
    assert set(KIND_COLOURS) == set(SOURCE_KINDS)
    assert len(set(KIND_COLOURS.values())) == len(KIND_COLOURS)
    assert all(contrast_ratio(c, BACKGROUND) >= MARK_MINIMUM for c in KIND_COLOURS.values()), {
        k: round(contrast_ratio(c, BACKGROUND), 2) for k, c in KIND_COLOURS.items()
    }


def test_colour_legend_is_what_the_charts_draw():
    every_kind = [*KIND_COLOURS, "no-such-kind"]
    rows = claims(
        pd.DataFrame([claim(f"c{i}", "exact", i + 1, i + 1, i + 1) for i in range(len(every_kind))])
    )
    rows = [{**r, "primary_kind": kind} for r, kind in zip(rows, every_kind, strict=True)]
    (dots, _labels) = compare_spec(rows)["layer"]
    legend = colour_legend()
    assert scale_of(dots, "stroke") == dict(
        zip(legend["kind of primary source"], legend["colour"], strict=True)
    )
    assert scale_of(dots, "fill") == scale_of(dots, "stroke")
    ratios = [float(r.removesuffix(":1")) for r in legend["contrast on white"]]
    assert min(ratios) >= MARK_MINIMUM


def test_one_row_per_claim_labelled_with_outlet_and_cited_source():
    rows = claims(
        pd.DataFrame(
            [
                claim("x", "exact", 1, 1, 1, cited_source="Pentagon"),
                claim("y", "exact", 2, 2, 2),  # same outlet and date: still its own row
                claim("z", "exact", 3, 3, 3),
            ]
        )
    )
    spec = compare_spec(rows)
    values = spec["data"]["values"]
    assert [(v["figure"], v["row"]) for v in values] == [
        ("x", "WSWS · cites Pentagon · 2017-03-27"),  # the date the claim speaks of tells rows apart
        ("y", "WSWS · 2017-03-27"),
        ("z", "WSWS · 2017-03-27 (2)"),
    ]
    # one y for every layer, its rows written once: highest claim on top
    assert spec["encoding"]["y"]["sort"] == [v["row"] for v in values][::-1]
    dots, labels = spec["layer"]
    assert "y" not in dots["encoding"] and labels["encoding"] == {
        "text": {"field": "row"}
    }  # each row's label


def test_one_quantity_per_chart_single_value_axis():
    spec = compare_spec(EVERY_BOUND, unit="people")
    placed = [layer for layer in spec["layer"] if "x" in layer["encoding"]]  # not the row labels
    x_fields = {layer["encoding"]["x"]["field"] for layer in placed}
    assert x_fields <= {"value", "bar_low"}
    titles = {layer["encoding"]["x"]["title"] for layer in placed}
    assert titles == {"people (log scale)"}  # one axis, one unit (5 to 999: log)
    assert "resolve" not in spec  # layers share the x scale


def test_hover_shows_quote_qualifier_dates_and_cited_source_as_plain_text():
    nasty = claims(
        pd.DataFrame(
            [
                claim(
                    "h",
                    "approx",
                    7,
                    7,
                    7,
                    quote="<img src=x onerror=alert(1)> & <b>bold</b>",
                    outlet="<i>Out</i>",
                    cited_source="<script>x</script>",
                    qualifier="around",
                    period_end="2017-03",
                )
            ]
        )
    )
    spec = compare_spec(nasty, unit="<u>people</u>", note="<b>note</b>")
    (row,) = spec["data"]["values"]
    # Vega escapes what its tooltip shows; escaping here too would print "&lt;" to the reader
    assert row["quote"] == "“<img src=x onerror=alert(1)> & <b>bold</b>”"
    assert row["says"] == "around 7 (approx) · qualifier: “around”"
    assert row["dates"] == "Published 2017-03-27 · covers as of 2017-03"
    assert row["source"] == "Cites <script>x</script>"
    assert row["claim_by"] == "<i>Out</i> · cites <script>x</script> · 2017-03"
    (layer,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "point"]
    shown = [t["field"] for t in layer["encoding"]["tooltip"]]
    assert shown == ["claim_by", "says", "quote", "dates", "source", "figure"]
    assert spec["title"]["text"] == "<b>note</b>"  # drawn as an SVG text node


def test_every_mark_layer_selects_its_figure_on_click():
    spec = compare_spec(EVERY_BOUND)
    picks = {p["name"]: p for layer in spec["layer"] for p in layer.get("params", [])}
    assert set(picks) == set(PICKS)
    for pick in picks.values():
        assert pick["select"] == {"type": "point", "fields": ["figure"], "on": "click"}


def test_dense_charts_hide_row_labels_and_wide_ranges_use_a_log_axis():
    many = claims(pd.DataFrame([claim(f"c{i}", "exact", i + 1, i + 1, i + 1) for i in range(100)]))
    spec = compare_spec(many)
    assert spec["height"] == 560
    (layer,) = spec["layer"]  # no layer of row labels: a strip of marks, labels in the tooltips
    assert spec["encoding"]["y"]["axis"] is None
    assert layer["encoding"]["x"]["scale"] == {"type": "log"}  # 1..100 spans two orders of magnitude
    assert len(spec["description"]) < 2_000  # the aria label names the first claims, then counts


def test_plotly_template_palette():
    assert pio.templates[TEMPLATE].layout.colorway == OKABE_ITO


def test_timeline_draws_month_dates_as_spans_labelled_as_printed():
    rows = timeline_rows(
        pd.DataFrame(
            [
                claim("m", "exact", 1_000_000, published="2016-12", outlet="Proletarian"),
                claim("d", "approx", 400_000, published="2017-03-27", period_end="2017-03"),
            ]
        )
    )
    fig = timeline_chart(rows, unit="people")
    names = [t.name for t in fig.data]
    assert names == ["Proletarian: published", "WSWS: published", "WSWS: period covered"]
    month = fig.data[0]
    assert [pd.Timestamp(x) for x in month.x[:2]] == [pd.Timestamp("2016-12-01"), pd.Timestamp("2017-01-01")]
    assert month.text[0] == "2016-12"
    day = fig.data[1]
    assert pd.Timestamp(day.x[0]) == pd.Timestamp(day.x[1]) == pd.Timestamp("2017-03-27")
    period = fig.data[2]
    assert [pd.Timestamp(x) for x in period.x[:2]] == [pd.Timestamp("2017-03-01"), pd.Timestamp("2017-04-01")]
    assert fig.layout.xaxis.type == "date"


def test_timeline_merges_sources_beyond_eight_into_one_grey_group():
    rows = timeline_rows(
        pd.DataFrame(
            [claim(f"c{i}", "exact", i, outlet=f"Outlet {i:02}", published="2017-01-01") for i in range(12)]
        )
    )
    fig = timeline_chart(rows)
    assert len(fig.data) == 8  # seven sources of their own + "5 other sources", one trace each
    assert fig.data[-1].name == "5 other sources: published" and fig.data[-1].line.color == "#777777"


def test_claim_line_is_the_text_alternative():
    assert [r["summary"] for r in EVERY_BOUND[:2]] == [claim_line(r) for r in EVERY_BOUND[:2]]
    assert [r["summary"] for r in EVERY_BOUND[:2]] == [
        "WSWS: 10 (exact), published 2017-03-27",  # ties on central value (10) go by label, then id
        "WSWS: 5–15 (range), published 2017-03-27",
    ]


def test_timeline_shows_the_interval_of_a_vague_amount():
    rows = timeline_rows(
        pd.DataFrame(
            [claim("v", "vague", NAN, 200_000, 999_999, quote="hundreds of thousands", published="2017-03")]
        )
    )
    fig = timeline_chart(rows)
    (interval,) = [t for t in fig.data if t.meta == "interval"]
    assert list(interval.y[:2]) == [200_000, 999_999]
    assert pd.Timestamp(interval.x[0]) == pd.Timestamp("2017-03-01")


def test_each_marks_words_say_the_way_its_shape_points():
    # the About page prints `drawn`: an arrow described as pointing up while the chart draws it pointing
    # right would mislead a reader; on the horizontal value axis higher values are to the right
    for bound, mark in MARKS.items():
        shape, words = mark.get("shape", ""), mark["drawn"]
        if shape.startswith("triangle-"):
            side = shape.removeprefix("triangle-")
            other = {"right": "left", "left": "right"}[side]
            assert f"pointing {side}" in words and other not in words, bound
            assert ("higher" if side == "right" else "lower") in words, bound
        assert "up" not in words.split() and "down" not in words.split(), bound
        if "hint" in mark:
            assert mark["hint"] in words and mark["hint"] in mark["name"], bound


def test_timeline_draws_each_bound_as_compare_does():
    rows = timeline_rows(FIGURES_OF_EVERY_BOUND)
    fig = timeline_chart(rows)
    (published,) = [t for t in fig.data if t.meta == "published"]
    ids = [d[0] if d is not None and d[0] else None for d in published.customdata]
    drawn = {
        figure: (symbol, fill)
        for figure, symbol, fill in zip(ids, published.marker.symbol, published.marker.color, strict=True)
        if figure
    }
    colour = published.line.color
    bound_of = dict(zip(rows["figure_id"], rows["bound"], strict=True))
    for figure, (symbol, fill) in drawn.items():
        mark = MARKS[bound_of[figure]]
        assert symbol == mark.get("upright", "line-ew"), figure
        # hollow (approximate) marks are white inside, as on Compare; a bar's middle is only a tick
        assert fill == (colour if mark.get("filled", True) else "white"), figure
    assert drawn["l"][0] == "triangle-up" and drawn["m"][0] == "triangle-down"  # towards the open side
    intervals = {t.name.split(": ", 1)[1]: t for t in fig.data if t.meta == "interval"}
    assert set(intervals) == {MARKS["range"]["name"], MARKS["vague"]["name"]}
    assert intervals[MARKS["range"]["name"]].line.dash == "solid"
    assert intervals[MARKS["vague"]["name"]].line.dash == "6px,3px"  # MARKS["vague"]["dash"]
    assert list(intervals[MARKS["vague"]["name"]].y[:2]) == [200, 999]
    (hint,) = [t for t in fig.data if t.meta == "hint"]
    assert list(hint.text) == [MARKS["approx_below"]["upright_hint"]]
    assert not [t for t in fig.data if t.meta == "inferred"]  # nothing inferred here


def test_timeline_marks_and_explains_an_inferred_date_or_link():
    inferred = "Not dated. period_end is the publication date (inferred: the article gives no date)."
    rows = timeline_rows(
        pd.DataFrame(
            [
                claim("i", "at_least", 742_000, 742_000, NAN, notes=inferred, period_end="2017-03-27"),
                claim("s", "exact", 200_000, 200_000, 200_000, notes="Stated: 'as of 1 March'."),
            ]
        )
    )
    fig = timeline_chart(rows)
    (ring,) = [t for t in fig.data if t.meta == "inferred"]
    assert list(ring.y) == [742_000] and list(ring.text) == ["?"]
    assert ring.customdata[0][0] == "i"
    assert "Inferred date: period_end is the publication date (inferred: the article gives no date)." in (
        ring.customdata[0][6].replace("<br>", " ")
    )
    # every trace's tooltip of the inferred claim says it; the other claim's says nothing of it
    tooltips = {d[0]: d[6] for t in fig.data if t.customdata is not None for d in t.customdata if d[0]}
    assert tooltips["i"].startswith("<br><b>?</b> Inferred date") and tooltips["s"] == ""
