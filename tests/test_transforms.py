"""Pure transforms and URL parsing behind the dashboard, on tiny inline frames."""

import math

import pandas as pd
import pytest
from fixtures.package import named

from figures.rules.dates import span as date_span
from figures.view.charts import hover_text, plotly_text
from figures.view.claims import (
    as_of_span,
    by_quantity,
    cap_marks,
    claims,
    dated_claim_counts,
    drawn_claims,
    page_count,
    page_of,
    quantity_summary,
    records,
    sort_quantities,
    spread_of,
    timeline_rows,
)
from figures.view.filters import (
    FILTERS,
    OWN_CLAIM,
    Selection,
    distinct_names,
    filter_figures,
    filter_mask,
    listed_options,
    parse_query,
)
from figures.view.text import highlight_html, md_escape, quote_spans, safe_url

NAN = math.nan


def frame(*rows: dict) -> pd.DataFrame:
    base = {
        "figure_id": "f",
        "article_id": "a",
        "quantity_id": "q",
        "label": "Q",
        "city": "Mosul",
        "theme": "casualties",
        "outlet": "WSWS",
        "cited_source": "",
        "bound": "exact",
        "value": NAN,
        "low": NAN,
        "high": NAN,
        "qualifier": "",
        "published": "",
        "period_start": "",
        "period_end": "",
    }
    return pd.DataFrame([named({**base, **r}) for r in rows])


FIGS = frame(
    {"figure_id": "a", "city": "Mosul", "outlet": "WSWS", "cited_source": "Pentagon", "value": 100},
    {"figure_id": "b", "city": "Aleppo", "outlet": "Proletarian", "quantity_id": "r", "value": 5},
    {
        "figure_id": "c",
        "city": "Mosul",
        "outlet": "HuffPost",
        "theme": "bombing",
        "quantity_id": "s",
        "value": 1,
    },
)


def test_empty_filters_keep_everything():
    assert filter_figures(FIGS, {"city": [], "outlet": []})["figure_id"].tolist() == ["a", "b", "c"]


def test_filters_combine_with_and_within_a_key_with_or():
    got = filter_figures(FIGS, {"city": ["Mosul", "Aleppo"], "theme": ["casualties"]})
    assert got["figure_id"].tolist() == ["a", "b"]
    assert filter_figures(FIGS, {"city": ["Mosul"], "outlet": ["Proletarian"]}).empty


def test_cited_filter_own_claim_means_empty_cited_source():
    assert filter_figures(FIGS, {"cited": [OWN_CLAIM]})["figure_id"].tolist() == ["b", "c"]
    assert filter_figures(FIGS, {"cited": ["Pentagon", OWN_CLAIM]})["figure_id"].tolist() == ["a", "b", "c"]
    assert filter_figures(FIGS, {"cited": ["Pentagon"]})["figure_id"].tolist() == ["a"]


def test_filters_on_categories_match_filters_on_text():
    categorical = FIGS.astype(
        {c: "category" for c in ("city", "outlet", "cited_source", "theme", "quantity_id")}
    )
    for selection in (
        {"city": ["Mosul"], "theme": ["bombing", "casualties"]},
        {"cited": [OWN_CLAIM]},
        {"cited": ["Pentagon", OWN_CLAIM]},
        {"outlet": ["Nobody"]},
        {},
    ):
        assert filter_mask(categorical, selection).tolist() == filter_mask(FIGS, selection).tolist()


def test_filter_keeps_only_the_asked_columns():
    got = filter_figures(FIGS, {"city": ["Mosul"]}, columns=["figure_id", "value"])
    assert list(got.columns) == ["figure_id", "value"]
    assert got["figure_id"].tolist() == ["a", "c"]


def test_parse_query_matches_case_insensitively_and_reports_unknowns():
    options = {"city": ["Mosul", "Aleppo"], "outlet": ["WSWS"], "cited": [], "theme": [], "quantity": ["q-1"]}
    parsed = parse_query(
        {
            "city": ["mosul", "ALEPPO", "Atlantis", "Mosul"],
            "outlet": ["wsws"],
            "zoom": ["3"],
            "article": ["x"],
        },
        options,
        {"quantity": {"the label": "q-1"}},
        page_keys=frozenset({"article", "figure"}),
    )
    assert parsed.selection == {"city": ["Mosul", "Aleppo"], "outlet": ["WSWS"]}
    assert parsed.page_params == {"article": ["x"]}
    assert parsed.notices == [
        "Unknown city 'Atlantis' in the URL was ignored.",
        "Unknown URL parameter 'zoom' was ignored.",
    ]
    assert parse_query(
        {"quantity": ["The Label"]}, options, {"quantity": {"the label": "q-1"}}
    ).selection == {"quantity": ["q-1"]}


def test_the_query_keeps_filter_order_and_drops_empties():
    assert Selection({"theme": ["bombing"], "city": ["Mosul", "Aleppo"], "outlet": []}).query(
        {"article": "a", "figure": ""}
    ) == {
        "city": ["Mosul", "Aleppo"],
        "theme": ["bombing"],
        "article": "a",
    }
    assert [f.url_key for f in FILTERS] == [
        "city",
        "outlet",
        "cited",
        "source",
        "kind",
        "side",
        "theme",
        "quantity",
    ]


def test_listed_options_keep_the_chosen_then_the_first_matches():
    options = ["q-1", "q-2", "q-3", "q-4", "q-5"]
    names = {"q-1": "Civilians killed", "q-2": "People who fled", "q-3": "Civilians trapped", "q-4": "Bombs"}
    assert listed_options(options, names, "", [], 2) == (["q-1", "q-2"], 3)
    assert listed_options(options, names, " CIVILIANS ", [], 5) == (["q-1", "q-3"], 0)  # by name, any case
    assert listed_options(options, names, "q-5", [], 5) == (["q-5"], 0)  # by value; q-5 has no name
    # what is chosen stays listed (a multiselect needs its values among its options), and first
    assert listed_options(options, names, "civilians", ["q-4"], 1) == (["q-4", "q-1"], 1)
    assert listed_options(options, names, "nothing like it", ["q-4"], 5) == (["q-4"], 0)


def test_distinct_names_follow_a_shared_name_with_its_value():
    names = {"q-1": "Bombs dropped", "q-2": "Bombs dropped", "q-3": "People who fled"}
    assert distinct_names(names) == {
        "q-1": "Bombs dropped (q-1)",
        "q-2": "Bombs dropped (q-2)",
        "q-3": "People who fled",
    }


def test_claims_label_and_central_value():
    rows = claims(
        frame(
            {"figure_id": "x", "outlet": "WSWS", "cited_source": "Pentagon", "value": 200, "high": 200},
            {"figure_id": "y", "outlet": "", "bound": "vague", "low": 200, "high": 1000},
            {"figure_id": "z", "outlet": "HuffPost", "bound": "range", "value": NAN, "low": 10, "high": 30},
        )
    )
    assert rows["figure_id"].tolist() == ["z", "x", "y"]  # sorted by central value
    assert rows["claim_label"].tolist() == ["HuffPost", "WSWS · cites Pentagon", "Unknown outlet"]
    assert rows["central"].tolist() == [20, 200, 600]
    assert rows.loc[1, "bar_low"] == 200  # an open low falls back to the value


def test_claims_split_by_quantity_equal_claims_of_each_quantity():
    figs = frame(
        {"figure_id": "x", "quantity_id": "q1", "outlet": "WSWS", "value": 200},
        {"figure_id": "y", "quantity_id": "q2", "outlet": "HuffPost", "value": 5},
        {"figure_id": "z", "quantity_id": "q1", "outlet": "", "bound": "vague", "low": 10, "high": 40},
        {"figure_id": "w", "quantity_id": "q1", "outlet": "Proletarian", "value": 20},
    )
    split = by_quantity(records(claims(figs)))
    assert set(split) == {"q1", "q2"}
    for quantity, rows in split.items():
        alone = records(claims(figs[figs["quantity_id"] == quantity]))
        pd.testing.assert_frame_equal(pd.DataFrame(rows), pd.DataFrame(alone))  # NaN equal to NaN
    assert [r["figure_id"] for r in split["q1"]] == ["w", "z", "x"]


def test_spread_is_highest_over_lowest_central_value():
    assert spread_of([100, 150]).text == "×1.5"
    assert spread_of([150]).text == "single claim"
    assert spread_of([0, 10]).text == "spread undefined (a claim of 0)"
    assert spread_of([1, 5000]).text == "×5,000"
    assert math.isnan(spread_of([7]).ratio)


def test_summary_and_sort_most_contested_first_single_claims_last():
    figs = frame(
        {"figure_id": "1", "quantity_id": "q1", "label": "One", "city": "Raqqa", "value": 10},
        {"figure_id": "2", "quantity_id": "q1", "label": "One", "city": "Raqqa", "value": 20},
        {"figure_id": "3", "quantity_id": "q2", "label": "Two", "city": "Aleppo", "value": 5},
        {
            "figure_id": "4",
            "quantity_id": "q3",
            "label": "Three",
            "city": "Mosul",
            "theme": "bombing",
            "value": 1,
        },
        {
            "figure_id": "5",
            "quantity_id": "q3",
            "label": "Three",
            "city": "Mosul",
            "theme": "bombing",
            "value": 9,
        },
    )
    summary = quantity_summary(figs)
    assert dict(zip(summary["quantity_id"], summary["claims"], strict=True)) == {"q1": 2, "q2": 1, "q3": 2}
    assert sort_quantities(summary, "spread")["quantity_id"].tolist() == ["q3", "q1", "q2"]
    assert sort_quantities(summary, "city")["quantity_id"].tolist() == ["q2", "q3", "q1"]
    assert sort_quantities(summary, "theme")["quantity_id"].tolist() == ["q3", "q1", "q2"]
    with pytest.raises(ValueError):
        sort_quantities(summary, "colour")
    assert quantity_summary(figs.iloc[0:0]).empty


def test_summary_in_order_of_first_appearance_categories_or_text():
    figs = frame(
        {"figure_id": "1", "quantity_id": "q2", "label": "Two", "value": 4},
        {"figure_id": "2", "quantity_id": "q1", "label": "One", "bound": "vague", "low": 2, "high": 4},
        {"figure_id": "3", "quantity_id": "q2", "label": "Two", "value": 1},
        {"figure_id": "4", "quantity_id": "q3", "label": "Three", "bound": "vague"},  # no number at all
    )
    summary = quantity_summary(figs)
    assert summary["quantity_id"].tolist() == ["q2", "q1", "q3"]
    assert summary["claims"].tolist() == [2, 1, 1]
    assert summary["lowest"].tolist()[:2] == [1, 3] and summary["highest"].tolist()[:2] == [4, 3]
    assert math.isnan(summary.loc[2, "lowest"]) and math.isnan(summary.loc[2, "highest"])
    assert summary.loc[0, "spread"] == 4 and math.isnan(summary.loc[1, "spread"])
    # the loader's frame holds categories, with some never used: the same summary
    categorical = figs.astype(
        {"quantity_id": pd.CategoricalDtype(["q0", "q1", "q2", "q3"]), "label": "category"}
    )
    pd.testing.assert_frame_equal(quantity_summary(categorical), summary)


def test_paging_clamps():
    rows = pd.DataFrame({"n": range(25)})
    assert page_count(25, 10) == 3 and page_count(0, 10) == 1
    assert page_of(rows, 3, 10)["n"].tolist() == list(range(20, 25))
    assert page_of(rows, 99, 10)["n"].tolist() == list(range(20, 25))
    assert page_of(rows, 0, 10)["n"].tolist() == list(range(10))


def test_cap_marks_keeps_lowest_and_highest():
    rows = [{"central": float(x)} for x in range(10_000)][::-1]
    capped, total = cap_marks(rows, limit=100)
    assert total == 10_000 and len(capped) == 100
    assert [r["central"] for r in capped[:2]] == [0, 101] and capped[-1]["central"] == 9_999  # lowest first
    same, n = cap_marks(rows[:5], limit=100)
    assert n == 5 and same == rows[:5]


def test_partial_dates_span_their_month_or_year():
    month = date_span("2016-12")
    assert (month.start, month.end, month.precision) == (
        pd.Timestamp("2016-12-01"),
        pd.Timestamp("2016-12-31"),
        "month",
    )
    year = date_span("2017")
    assert (year.start, year.end, year.precision) == (
        pd.Timestamp("2017-01-01"),
        pd.Timestamp("2017-12-31"),
        "year",
    )
    day = date_span("2017-03-17")
    assert day.start == day.end == pd.Timestamp("2017-03-17")
    assert date_span("") is None and date_span("2017-02-30") is None and date_span("likely 2016") is None


def test_timeline_rows_and_dated_counts():
    figs = frame(
        {"figure_id": "1", "value": 1, "published": "2016-12", "period_end": "2016-11"},
        {
            "figure_id": "2",
            "value": 2,
            "published": "2017-03-27",
            "period_start": "2016-10",
            "period_end": "2017-03",
        },
        {"figure_id": "3", "quantity_id": "other", "value": 3},
    )
    rows = timeline_rows(figs)
    assert rows.loc[0, "pub_precision"] == "month" and rows.loc[0, "pub_end"] == pd.Timestamp("2016-12-31")
    assert rows.loc[0, "period_from"] == pd.Timestamp("2016-11-01")  # a stock "as of" a month
    assert rows.loc[1, "period_to"] == pd.Timestamp("2017-03-31")
    assert pd.isna(rows.loc[2, "pub_start"]) and pd.isna(rows.loc[2, "period_from"])
    assert dated_claim_counts(figs).to_dict() == {"other": 0, "q": 2}


def test_untrusted_text_helpers():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("javascript:alert(1)") == "" and safe_url("data:text/html,x") == "" and safe_url("") == ""
    assert md_escape("[x](javascript:y) ![i](http://e/i.png) *b*") == (
        r"\[x\]\(javascript\:y\) \!\[i\]\(http\://e/i\.png\) \*b\*"
    )
    assert hover_text("<img src=x onerror=alert(1)> & more", width=10) == (
        "&lt;img src=x<br>onerror=alert(1)&gt;<br>&amp; more"
    )


def test_highlight_escapes_text_and_marks_each_quote_once():
    text = "A <b>9</b> & 10 people\nfled."
    spans, missing = quote_spans(text, {"f-1": "<b>9</b>", "f-2": "10 people\nfled", "f-3": "not there"})
    assert missing == ["f-3"]
    out = highlight_html(text, spans, selected="f-2")
    assert out == (
        'A <mark id="fig-f-1" class="fig" title="f-1">&lt;b&gt;9&lt;/b&gt;</mark> &amp; '
        '<mark id="fig-f-2" class="fig selected" title="f-2">10 people\nfled</mark>.'
    )


def test_highlight_overlapping_quotes_stay_well_nested():
    text = "ab cd ef"
    spans, _ = quote_spans(text, {"x": "ab cd", "y": "cd ef", "z": "cd"})
    out = highlight_html(text, spans)
    assert out.count("<mark") == out.count("</mark>")
    for figure_id in "xyz":
        assert out.count(f'id="fig-{figure_id}"') == 1
    stripped = out
    while "<" in stripped:
        stripped = stripped[: stripped.index("<")] + stripped[stripped.index(">") + 1 :]
    assert stripped == text


def test_plotly_text_escapes_markup_but_keeps_quotes():
    # plotly decodes only &lt; &gt; &amp;: an escaped quote would show as '&quot;'
    assert plotly_text('say "no" & <b>') == 'say "no" &amp; &lt;b&gt;'


def test_as_of_span_only_when_claims_speak_of_different_dates():
    march = {"figure_id": "m", "period_end": "2017-03-27", "published": "2017-03-27"}
    july = {"figure_id": "j", "period_end": "", "published": "2017-07-11"}
    assert as_of_span(records(claims(frame(march, july)))) == ("2017-03-27", "2017-07-11")
    assert as_of_span(records(claims(frame(march, {**march, "figure_id": "n"})))) is None


def test_the_spread_sentence_quotes_its_ends_as_printed_not_the_middle_of_an_interval():
    figs = frame(
        {"figure_id": "x", "outlet": "HuffPost", "bound": "vague", "low": 2000, "high": 9999},
        {
            "figure_id": "y",
            "outlet": "Coalition",
            "bound": "at_least",
            "qualifier": "at least",
            "value": 180,
            "low": 180,
        },
    )
    sentence = drawn_claims(figs)["q"].spread.sentence
    assert "highest estimate 2,000–9,999 (vague) from HuffPost" in sentence
    assert "lowest at least 180 (at least) from Coalition" in sentence
    assert "5,999.5" not in sentence  # the middle of the interval, which nobody printed
