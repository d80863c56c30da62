"""Chart structure: traces, mark symbol per bound, one quantity per figure, escaped hover text."""

import json
import math

import pandas as pd
import plotly.io as pio

from figures.charts import MARKS, OKABE_ITO, TEMPLATE, claim_summary, compare_chart, timeline_chart
from figures.transforms import claims, timeline_rows

NAN = math.nan


def claim(figure_id: str, bound: str, value: float, low: float = NAN, high: float = NAN, **extra) -> dict:
    return {
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


EVERY_BOUND = claims(
    pd.DataFrame(
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
)


def by_bound(fig) -> dict:
    return {trace.meta: trace for trace in fig.data}


def test_one_trace_per_bound_present_with_its_mark():
    fig = compare_chart(EVERY_BOUND, unit="people")
    traces = by_bound(fig)
    assert list(traces) == list(MARKS)  # all seven bounds, in rule-table order
    assert traces["exact"].marker.symbol == "circle"
    assert traces["approx"].marker.symbol == "circle-open"
    assert traces["approx_below"].marker.symbol == "circle-open"
    assert set(traces["approx_below"].text) == {"◂"} and traces["approx_below"].textposition == "middle left"
    assert traces["at_least"].marker.symbol == "arrow-bar-right"  # higher values are to the right
    assert traces["at_most"].marker.symbol == "arrow-bar-left"
    for bar in ("range", "vague"):
        assert traces[bar].mode == "lines+markers"
    assert list(traces["range"].x[:2]) == [5, 15] and math.isnan(traces["range"].x[2])  # NaN: a gap
    assert list(traces["vague"].x[:2]) == [200, 999]
    assert all(t.type == "scatter" for t in fig.data)  # SVG only, never scattergl


def test_one_row_per_claim_labelled_with_outlet_and_cited_source():
    rows = claims(
        pd.DataFrame(
            [
                claim("x", "exact", 1, 1, 1, cited_source="Pentagon"),
                claim("y", "exact", 2, 2, 2),  # same outlet: still its own row
                claim("z", "exact", 3, 3, 3),
            ]
        )
    )
    fig = compare_chart(rows)
    assert list(fig.layout.yaxis.tickvals) == [0, 1, 2]
    assert list(fig.layout.yaxis.ticktext) == [
        "WSWS · cites Pentagon · 2017-03-27",  # the date the claim speaks of tells the rows apart
        "WSWS · 2017-03-27",
        "WSWS · 2017-03-27",
    ]
    assert list(fig.data[0].y) == [0, 1, 2]
    assert [row[0] for row in fig.data[0].customdata] == ["x", "y", "z"]


def test_one_quantity_per_figure_single_axis():
    spec = json.loads(pio.to_json(compare_chart(EVERY_BOUND)))
    axes = {k for k in spec["layout"] if k.startswith(("xaxis", "yaxis"))}
    assert axes == {"xaxis", "yaxis"}
    assert {t.get("xaxis", "x") for t in spec["data"]} == {"x"}


def test_hover_text_is_escaped():
    nasty = claims(
        pd.DataFrame(
            [
                claim(
                    "h",
                    "exact",
                    7,
                    7,
                    7,
                    quote="<img src=x onerror=alert(1)> & <b>bold</b>",
                    outlet="<i>Out</i>",
                    cited_source="<script>x</script>",
                )
            ]
        )
    )
    fig = compare_chart(nasty, unit="<u>people</u>", note="<b>note</b>")
    hover = " ".join(str(x) for x in fig.data[0].customdata[0])
    assert "<img" not in hover and "<script" not in hover and "<i>" not in hover
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in hover
    assert "&lt;i&gt;Out&lt;/i&gt;" in hover and "Cites &lt;script&gt;x&lt;/script&gt;" in hover
    assert list(fig.layout.yaxis.ticktext) == [
        "&lt;i&gt;Out&lt;/i&gt; · cites &lt;script&gt;x&lt;/script&gt; · 2017-03-27"
    ]
    assert fig.layout.xaxis.title.text == "&lt;u&gt;people&lt;/u&gt;"
    assert fig.layout.annotations[0].text == "&lt;b&gt;note&lt;/b&gt;"
    assert "%{customdata[3]}" in fig.data[0].hovertemplate  # the quote is shown on hover


def test_customdata_starts_with_figure_id_for_click_through():
    fig = compare_chart(EVERY_BOUND)
    bound_of = dict(zip(EVERY_BOUND["figure_id"], EVERY_BOUND["bound"], strict=True))
    for trace in fig.data:
        ids = {row[0] for row in trace.customdata if row[0] is not None}
        assert ids and {bound_of[i] for i in ids} == {trace.meta}


def test_template_palette_and_dense_charts():
    assert pio.templates[TEMPLATE].layout.colorway == OKABE_ITO
    many = claims(pd.DataFrame([claim(f"c{i}", "exact", i + 1, i + 1, i + 1) for i in range(100)]))
    fig = compare_chart(many)
    assert fig.layout.height == 600 and fig.layout.yaxis.showticklabels is False
    assert fig.layout.xaxis.type == "log"  # 1..100 spans two orders of magnitude


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


def test_claim_summary_is_the_text_alternative():
    assert claim_summary(EVERY_BOUND.head(2)) == [
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
