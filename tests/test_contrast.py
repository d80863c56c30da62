"""Every colour a reader sees, measured: WCAG 2 contrast ratios of each colour the charts draw (marks at
least 3:1, text at least 4.5:1 against the chart's background) and of the theme's text and link colours
(.streamlit/config.toml), including through the 60% opacity Streamlit draws captions with. The browser
tests run axe-core on the pages themselves (tests/test_a11y_browser.py)."""

import math
import re
import tomllib
from collections.abc import Iterator

import pandas as pd
import pytest
from conftest import REPO
from test_charts import EVERY_BOUND, FIGURES_OF_EVERY_BOUND, claim, claims

from figures.view.charts import BACKGROUND, CHART_TEXT, KIND_COLOURS, compare_spec, timeline_chart
from figures.view.claims import timeline_rows
from figures.view.contrast import MARK_MINIMUM, TEXT_MINIMUM, contrast_ratio, relative_luminance, seen_through

HEX = re.compile(r"#[0-9a-fA-F]{6}")
SHORT_HEX = re.compile(r"#[0-9a-fA-F]{3}")
NAMED = {"white": "#ffffff", "black": "#000000"}
# Streamlit's light theme: captions at opacity 0.6 (theme.opacities.secondary), the sidebar on #f8f8f7
CAPTION_OPACITY = 0.6
SIDEBAR = "#f8f8f7"


def test_contrast_ratio_reproduces_the_published_figures():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#777777", "#ffffff") == contrast_ratio("#ffffff", "#777777")
    # what axe-core and the issue measured on the old pages (to two decimals)
    assert contrast_ratio("#E69F00", "#ffffff") == pytest.approx(2.25, abs=0.01)
    assert contrast_ratio("#56B4E9", "#ffffff") == pytest.approx(2.31, abs=0.01)
    assert contrast_ratio("#808495", "#ffffff") == pytest.approx(3.72, abs=0.01)
    old_caption = seen_through("#2f2d2b", "#ffffff", CAPTION_OPACITY)
    assert old_caption == "#828180" and contrast_ratio(old_caption, "#ffffff") == pytest.approx(
        3.88, abs=0.01
    )
    old_link = seen_through("#244fb4", "#ffffff", CAPTION_OPACITY)
    assert old_link == "#7c95d2" and contrast_ratio(old_link, "#ffffff") == pytest.approx(2.96, abs=0.01)
    assert relative_luminance("#ffffff") == pytest.approx(1) and relative_luminance("#000000") == 0


def test_a_colour_that_is_not_hex_is_an_error():
    with pytest.raises(ValueError, match="not a #rrggbb colour"):
        contrast_ratio("red", "#ffffff")


def colours_in(tree: object, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every colour written anywhere in a chart's JSON, with the keys that lead to it."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from colours_in(value, (*path, str(key)))
    elif isinstance(tree, list | tuple):
        for item in tree:
            yield from colours_in(item, path)
    elif isinstance(tree, str):
        value = NAMED.get(tree, tree)
        if HEX.fullmatch(value):
            yield path, value.lower()
        elif SHORT_HEX.fullmatch(value):
            yield path, "#" + "".join(c * 2 for c in value[1:]).lower()


# Gridlines are decoration, not content, so WCAG 1.4.11 does not apply to them; backgrounds are the
# background the rest is measured against.
DECORATION = {"gridcolor"}
BACKGROUNDS = {"bgcolor", "plot_bgcolor", "paper_bgcolor"}
TEXT_KEYS = {"font", "tickfont", "textfont", "labelColor", "titleColor", "title"}


def text_or_mark(path: tuple[str, ...], mark_type: str = "") -> str:
    return "text" if TEXT_KEYS & set(path) or mark_type == "text" else "mark"


def charted_colours() -> list[tuple[str, tuple[str, ...], str]]:
    """(text or mark, path, colour) of every colour in a Compare chart of every bound and kind and in a
    Timeline of more sources than it colours one by one, with a vague amount's interval."""
    every_kind = claims(
        pd.DataFrame([claim(f"k{i}", "exact", i + 1, i + 1, i + 1) for i in range(len(KIND_COLOURS))])
    )
    every_kind = [{**r, "primary_kind": kind} for r, kind in zip(every_kind, KIND_COLOURS, strict=True)]
    found = []
    for rows in (EVERY_BOUND, every_kind, EVERY_BOUND + every_kind):
        spec = compare_spec(rows, unit="people", note="sampled")
        for layer in spec["layer"]:
            mark = layer["mark"].get("type", "")
            found += [(text_or_mark(p, mark), p, c) for p, c in colours_in(layer)]
        found += [("text", p, c) for p, c in colours_in(spec["config"])]
    timeline = timeline_rows(
        pd.DataFrame(
            [
                claim(f"c{i}", "exact", i + 1, outlet=f"Outlet {i:02}", published="2017-01-01")
                for i in range(12)
            ]
            + [
                claim(
                    "v",
                    "vague",
                    math.nan,
                    200,
                    999,
                    quote="hundreds",
                    published="2017-03",
                    period_end="2017-03",
                )
            ]
        )
    )
    figure = timeline_chart(timeline, unit="people").to_plotly_json()
    found += [(text_or_mark(p), p, c) for p, c in colours_in(figure)]
    # the background's own colour inside a hollow mark is the background showing through, not a mark
    return [
        (kind, p, c) for kind, p, c in found if not (DECORATION | BACKGROUNDS) & set(p) and c != BACKGROUND
    ]


def test_every_colour_the_charts_draw_stands_out_from_their_background():
    found = charted_colours()
    assert {c for _, _, c in found} >= {c.lower() for c in KIND_COLOURS.values()}  # the walk sees the marks
    assert ("text", ("axis", "labelColor"), CHART_TEXT.lower()) in found  # and the text
    too_faint = {
        (kind, "/".join(path), colour, round(contrast_ratio(colour, BACKGROUND), 2))
        for kind, path, colour in found
        if contrast_ratio(colour, BACKGROUND) < (TEXT_MINIMUM if kind == "text" else MARK_MINIMUM)
    }
    assert too_faint == set()


def test_every_background_the_charts_draw_on_is_the_one_measured_against():
    spec = compare_spec(EVERY_BOUND)
    figure = timeline_chart(timeline_rows(FIGURES_OF_EVERY_BOUND)).to_plotly_json()
    backgrounds = {c for p, c in [*colours_in(spec), *colours_in(figure)] if BACKGROUNDS & set(p)}
    assert backgrounds == {BACKGROUND}


def theme() -> dict[str, str]:
    return tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]


def test_theme_text_and_links_are_readable_even_in_captions():
    colours = theme()
    assert colours["base"] == "light"  # the background every ratio here is measured on
    assert colours["textColor"].lower() == CHART_TEXT.lower()  # the charts speak in the page's colour
    for name in ("textColor", "linkColor"):
        for background in ("#ffffff", SIDEBAR):
            assert contrast_ratio(colours[name], background) >= TEXT_MINIMUM, (name, background)
            caption = seen_through(colours[name], background, CAPTION_OPACITY)
            assert contrast_ratio(caption, background) >= TEXT_MINIMUM, (name, background, caption)
