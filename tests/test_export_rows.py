"""What leaves the dashboard, on tiny frames: the export rows (figures.view.export_rows), their file
names, and the API's JSON (figures.view.export.json_bytes)."""

import json
import re

import numpy as np
import pandas as pd
import pytest

from figures.view.export import csv_bytes, csv_lines, json_array, json_bytes, json_objects
from figures.view.export_rows import EXPORT_COLUMNS, NAME_LIMIT, SOURCE_COLUMNS, export_frame, file_name

SAFE_NAME = re.compile(r"^[a-z0-9-]+\.(csv|json)$")


def _figures(**columns: list) -> pd.DataFrame:
    """Two figures with every column export_frame reads: empty text, unless given."""
    rows = {name: ["", ""] for name in SOURCE_COLUMNS}
    rows.update(value=[27.0, 1.5], low=[27.0, np.nan], high=[27.0, 2.0], source_line=[2, 9])
    rows.update(columns)
    return pd.DataFrame(rows)


def test_a_row_carries_its_estimate_and_curation_line():
    figures = _figures(
        quantity_id=["mosul-fled", "mosul-fled"],
        primary_source=["u-n", "airwars"],
        source_file=["figures/data/displacement.csv", "figures/data/casualties.csv"],
    )
    rows = export_frame(figures)
    assert list(rows.columns) == EXPORT_COLUMNS
    assert rows["curation_line"].tolist() == [
        "figures/data/displacement.csv:2",
        "figures/data/casualties.csv:9",
    ]
    assert rows["estimate_id"].tolist() == ["mosul-fled/u-n/27-27", "mosul-fled/airwars/-2"]


def test_the_csv_of_export_rows_keeps_integers_and_defuses_formulas():
    rows = export_frame(_figures(quote=["=HYPERLINK(1)", "27 people"], title=["@t", "t"]))
    lines = csv_bytes(rows).decode().splitlines()
    header, first = lines[0].split(","), dict(zip(lines[0].split(","), lines[1].split(","), strict=True))
    assert header == EXPORT_COLUMNS
    assert (first["value"], first["low"], first["high"], first["quote"]) == (
        "27",
        "27",
        "27",
        "'=HYPERLINK(1)",
    )
    assert first["title"] == "'@t"


@pytest.mark.parametrize(
    ("selection", "name"),
    [
        ({}, "figures-all.csv"),
        ({"city": ["Mosul"], "theme": ["casualties"]}, "figures-city-mosul-theme-casualties.csv"),
        ({"city": ["Mosul and Raqqa", "Aleppo"]}, "figures-city-mosul-and-raqqa-aleppo.csv"),
        ({"cited": ["(outlet's own claim)"]}, "figures-cited-outlet-s-own-claim.csv"),
        ({"outlet": ["Café Ñews"]}, "figures-outlet-cafe-news.csv"),
        ({"city": []}, "figures-all.csv"),
    ],
)
def test_the_file_name_says_what_was_filtered(selection: dict, name: str):
    assert file_name(selection, "csv") == name


@pytest.mark.parametrize(
    "value", ["../../etc/passwd", 'a"b;c\r\nContent-Type: x', "روداو", "\u202etxt.exe", "x" * 1000, ""]
)
def test_the_file_name_is_safe_whatever_the_value(value: str):
    name = file_name({"outlet": [value]}, "csv")
    assert SAFE_NAME.match(name), name
    assert len(name) <= NAME_LIMIT + len(".csv")


def test_names_in_other_scripts_or_cut_short_stay_distinct():
    assert file_name({"outlet": ["روداو"]}, "csv") != file_name({"outlet": ["كردستان"]}, "csv")
    long_a, long_b = ({"quantity": [f"{'q' * 200}-{end}"]} for end in "ab")
    assert file_name(long_a, "csv") != file_name(long_b, "csv")


def test_json_writes_numbers_as_written_and_empty_cells_as_null():
    frame = pd.DataFrame(
        {
            "value": [3846.0, 1.5, np.nan],
            "line": [2, 3, 4],
            "quote": ['=1+1 "quoted" \\ and\nnewline', "روداو", ""],
            "city": pd.Categorical(["Mosul", None, "Mosul"]),
        }
    )
    text = json_bytes(frame).decode()
    assert '"value":3846,' in text and '"value":1.5,' in text  # never 3846.0
    assert json.loads(text) == [
        {"value": 3846, "line": 2, "quote": '=1+1 "quoted" \\ and\nnewline', "city": "Mosul"},
        {"value": 1.5, "line": 3, "quote": "روداو", "city": None},
        {"value": None, "line": 4, "quote": None, "city": "Mosul"},
    ]


def test_json_of_no_rows_is_an_empty_array():
    assert json.loads(json_bytes(export_frame(_figures()).iloc[:0])) == []


@pytest.mark.parametrize("pick", [[True, True], [True, False], [False, True], [False, False]])
def test_rows_written_once_then_picked_are_the_rows_written_anew(pick: list[bool]):
    # the API writes a snapshot's rows once and picks them per query: the bytes must be the page's
    rows = export_frame(_figures(quote=['a line\nbreak, "quoted"', "=2+2"], title=["", "Ünïcode"]))
    header, lines = csv_lines(rows)
    picked = np.array(pick)
    assert (header + "".join(np.array(lines, dtype=object)[picked])).encode() == csv_bytes(rows[picked])
    assert json_array(np.array(json_objects(rows), dtype=object)[picked]) == json_bytes(rows[picked])
