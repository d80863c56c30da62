"""The loader (figures.tables.load): joined columns and dtypes, real line numbers, bad rows left out while
good rows still load, file problems reported and never raised."""

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fixtures.package import BASE, package
from hypothesis import given, settings
from hypothesis import strategies as st

from figures.rules.schema import FIGURE_SCHEMA, TABLES
from figures.tables import load as load_module
from figures.tables.layout import layout
from figures.tables.load import (
    JOINED_ARTICLE_COLUMNS,
    JOINED_COLUMNS,
    JOINED_QUANTITY_COLUMNS,
    JOINED_SOURCE_COLUMNS,
    load,
)
from figures.tables.read import read_table

CAS = "data/casualties.csv"


def test_figures_are_joined_with_their_quantity_and_article() -> None:
    loaded = load(layout(BASE))
    assert list(loaded.figures.columns) == JOINED_COLUMNS
    expected = [*FIGURE_SCHEMA.columns, "theme", "source_file", "source_line"]
    assert [
        *expected,
        *JOINED_QUANTITY_COLUMNS,
        *JOINED_ARTICLE_COLUMNS,
        *JOINED_SOURCE_COLUMNS,
    ] == JOINED_COLUMNS
    row = loaded.figures.set_index("figure_id").loc["alpha-bombs-march"]
    assert (row.theme, row.source_file, row.source_line) == ("bombing", "data/bombing.csv", 2)
    assert (row.label, row.city, row.kind) == ("Bombs on Mosul in March 2017", "Mosul", "cumulative")
    assert (row.outlet, row.published, row.genre) == ("alpha-news", "2017-03-27", "news")
    # who said it: the outlet's name, and the primary source (the cited source, else the outlet)
    assert (row.outlet_name, row.cited_source, row.primary_source) == ("Alpha News", "airwars", "airwars")
    assert (row.cited_name, row.primary_name, row.primary_kind) == ("Airwars", "Airwars", "ngo_monitor")
    jadida = loaded.figures.set_index("figure_id").loc["alpha-jadida-killed"]
    assert (jadida.primary_source, jadida.primary_name, jadida.via_name) == (
        "alpha-news",
        "Alpha News",
        "residents",
    )
    beta = loaded.figures.set_index("figure_id").loc["beta-aleppo-killed"]
    assert beta.article_notes == "Date inferred\nfrom content."  # the article's notes, renamed


def test_column_types_empty_text_is_empty_string_and_numbers_are_float() -> None:
    figures = load(layout(BASE)).figures
    for column in JOINED_COLUMNS:
        if column in ("value", "low", "high"):
            assert figures[column].dtype == "float64", column
        elif column == "source_line":
            assert figures[column].dtype == "int64"
        else:
            assert figures[column].dtype == "str", column
            assert not figures[column].isna().any(), column  # "" for empty, never NaN
    vague = figures.set_index("figure_id").loc["alpha-old-city-fled"]
    assert math.isnan(vague.value) and (vague.low, vague.high) == (200, 999)
    assert vague.qualifier == "" and vague.period_start == ""
    at_most = figures.set_index("figure_id").loc["alpha-jadida-killed"]
    assert math.isnan(at_most.low) and at_most.high == 200


def test_compact_joins_the_same_values_as_categories() -> None:
    plain, compact = load(layout(BASE)).figures, load(layout(BASE), compact=True).figures
    assert list(compact.columns) == JOINED_COLUMNS
    joined = [*JOINED_QUANTITY_COLUMNS, *JOINED_ARTICLE_COLUMNS, *JOINED_SOURCE_COLUMNS]
    joined.remove("primary_source")  # an id computed from two others, not looked up
    for column in joined:
        assert compact[column].dtype == "category", column
        assert compact[column].astype(str).tolist() == plain[column].tolist(), column
    pd.testing.assert_frame_equal(compact.drop(columns=joined), plain.drop(columns=joined))


def test_other_tables_and_texts() -> None:
    loaded = load(layout(BASE))
    assert list(loaded.articles.columns) == [*TABLES["articles"].columns, "source_file", "source_line"]
    assert list(loaded.articles.source_line) == [2, 3]
    assert list(loaded.quantities.quantity_id)[:2] == ["jadida-civilians-killed", "aleppo-killed"]
    assert list(loaded.excluded.columns) == [*TABLES["excluded"].columns, "source_file", "source_line"]
    assert set(loaded.texts) == {"alpha", "beta"}
    assert loaded.texts["beta"].startswith("Aleppo, 2016.")
    assert loaded.rows_read == {
        "sources": 6,
        "articles": 2,
        "quantities": 5,
        "casualties": 2,
        "bombing": 1,
        "displacement": 2,
        "forces": 1,
        "excluded": 2,
    }


def test_a_bad_row_is_left_out_and_the_good_rows_still_load(tmp_path: Path) -> None:
    root = package(tmp_path, (CAS, "1200,,exact,1200,1200", "1300,,exact,1300,1300"))
    loaded = load(layout(root))
    assert [str(p) for p in loaded.problems] == [
        f"{CAS}:3: value: 1300 is not among the numbers in the quote (1200)"
    ]
    assert "beta-aleppo-killed" not in set(loaded.figures.figure_id)
    assert len(loaded.figures) == 5


def test_duplicate_figure_id_keeps_the_first(tmp_path: Path) -> None:
    root = package(tmp_path, ("data/bombing.csv", "alpha-bombs-march,", "alpha-jadida-killed,"))
    figures = load(layout(root)).figures
    kept = figures[figures.figure_id == "alpha-jadida-killed"]
    assert list(kept.source_file) == [CAS]


def test_line_numbers_count_quoted_newlines(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        (CAS, "2017-03-17,,,residents,\n", '2017-03-17,,,residents,"one\ntwo\nthree"\n'),
    )
    figures = load(layout(root)).figures.set_index("figure_id")
    assert figures.loc["alpha-jadida-killed", "source_line"] == 2
    assert figures.loc["alpha-jadida-killed", "notes"] == "one\ntwo\nthree"
    assert figures.loc["beta-aleppo-killed", "source_line"] == 5


def test_blank_lines_and_crlf_keep_line_numbers(tmp_path: Path) -> None:
    root = package(tmp_path)
    path = root / CAS
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_bytes(("\r\n".join([lines[0], "", lines[1], lines[2]]) + "\r\n").encode())
    loaded = load(layout(root))
    assert loaded.problems == []
    figures = loaded.figures.set_index("figure_id")
    assert figures.loc["beta-aleppo-killed", "source_line"] == 4
    assert not figures.notes.str.contains("\r").any()


def test_missing_table_gives_an_empty_frame_with_the_right_columns(tmp_path: Path) -> None:
    root = package(tmp_path)
    (root / "data" / "quantities.csv").unlink()
    loaded = load(layout(root))
    assert list(loaded.quantities.columns) == [*TABLES["quantities"].columns, "source_file", "source_line"]
    assert loaded.quantities.empty and loaded.figures.empty
    assert list(loaded.figures.columns) == JOINED_COLUMNS
    found = [str(p) for p in loaded.problems]
    assert "data/quantities.csv:0: : file not found" in found
    # every figure then points at a quantity that does not exist, and says so
    others = [p for p in found if not p.startswith("data/quantities.csv")]
    assert len(others) == 6 and all(": quantity_id: unknown quantity" in p for p in others)


def test_empty_or_missing_seeds_never_raise(tmp_path: Path) -> None:
    loaded = load(layout(tmp_path / "nothing-here"))
    assert loaded.figures.empty and list(loaded.figures.columns) == JOINED_COLUMNS
    assert {p.path for p in loaded.problems} == {
        "seeds/articles.csv",
        *(f"data/{name}.csv" for name in TABLES if name != "articles"),
    }
    assert all(p.line == 0 and p.message == "file not found" for p in loaded.problems)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("article_id,quote,reason,extra", ["data/excluded.csv:1: extra: unexpected column"]),
        ("article_id,reason,quote", ["data/excluded.csv:1: : columns out of order"]),
        ("article_id,quote,quote,reason", ["data/excluded.csv:1: quote: column appears twice"]),
    ],
)
def test_header_problems(tmp_path: Path, header: str, expected: list[str]) -> None:
    path = tmp_path / "excluded.csv"
    fields = header.split(",")
    row = ",".join({"article_id": "alpha", "quote": "q", "reason": "r"}.get(f, "x") for f in fields)
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    frame, found = read_table(path, TABLES["excluded"], "data/excluded.csv")
    assert len(found) == len(expected)
    assert all(str(p).startswith(e) for p, e in zip(found, expected, strict=True)), found
    assert list(frame.columns) == [*TABLES["excluded"].columns, "source_line"]
    assert frame.loc[0, "quote"] == "q" and frame.loc[0, "source_line"] == 2


def test_missing_optional_column_reads_as_empty(tmp_path: Path) -> None:
    root = package(tmp_path)
    path = root / "data" / "quantities.csv"
    frame = pd.read_csv(path, dtype="str", keep_default_na=False).drop(columns="place")
    frame.to_csv(path, index=False)
    loaded = load(layout(root))
    assert [str(p) for p in loaded.problems] == ["data/quantities.csv:1: place: missing column"]
    assert (loaded.quantities.place == "").all() and len(loaded.figures) == 6


def test_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    root = package(tmp_path)
    path = root / CAS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load(layout(root)).problems == []


def test_rejected_rows_match_problems_at_scale(tmp_path: Path) -> None:
    # a thousand copies of one figure, one in ten broken: exactly those go, with their own lines
    root = package(tmp_path)
    text = (root / CAS).read_text(encoding="utf-8").splitlines()
    header, template = text[0], text[2]
    body = []
    for i in range(1000):
        row = template.replace("beta-aleppo-killed", f"beta-aleppo-killed-{i}")
        if i % 10 == 3:
            row = row.replace("1200,,exact,1200,1200", "1300,,exact,1300,1300")
        body.append(row)
    (root / CAS).write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    loaded = load(layout(root))
    value_problems = [p for p in loaded.problems if p.column == "value"]
    assert [p.line for p in value_problems] == [i + 2 for i in range(1000) if i % 10 == 3]
    kept = loaded.figures[loaded.figures.theme == "casualties"]
    assert len(kept) == 900
    assert np.array_equal(kept.source_line.to_numpy(), [i + 2 for i in range(1000) if i % 10 != 3])


_CELL = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\r"), max_size=12
) | st.sampled_from(["", "NA", "null", "nan", " padded ", '"', ",", "\n", "a\nb", "1,200"])


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(_CELL, _CELL, _CELL), max_size=8))
def test_any_csv_reads_back_cell_for_cell_with_its_line(tmp_path_factory, rows) -> None:
    # both readers (pyarrow for plain files, the csv module for quoted newlines) must agree with csv.writer
    path = tmp_path_factory.mktemp("csv") / "excluded.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(TABLES["excluded"].columns)
        writer.writerows(rows)
    frame, found = read_table(path, TABLES["excluded"], "excluded.csv")
    assert found == []
    assert list(frame[TABLES["excluded"].columns].itertuples(index=False, name=None)) == rows
    starts, line = [], 2
    for row in rows:
        starts.append(line)
        line += 1 + sum(cell.count("\n") for cell in row)
    assert list(frame.source_line) == starts


def test_a_table_checked_before_is_not_checked_again_and_gives_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a rejected row in a theme table and one in quantities: problems are part of what must come back
    root = package(
        tmp_path,
        (CAS, "1200,,exact", "twelve hundred,,exact"),
        ("data/quantities.csv", "Killed in East Aleppo,", ","),
    )
    first = load(layout(root))
    parsed: list[str] = []
    parse = load_module.table_from
    monkeypatch.setattr(load_module, "table_from", lambda *read: parsed.append(read[-1]) or parse(*read))

    again = load(layout(root))
    assert parsed == []  # every table as it was: none read as CSV or checked again
    assert again.problems == first.problems and len(first.problems) >= 2
    assert again.rows_read == first.rows_read
    for name in ("figures", "quantities", "articles", "sources", "excluded"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(first, name))

    # an edit: that table is read and checked anew (the theme tables together), the others are not
    quantities = root / "data" / "quantities.csv"
    text = quantities.read_text(encoding="utf-8")
    quantities.write_text(text.replace("aleppo-killed,,", "aleppo-killed,Killed,"), encoding="utf-8")
    edited = load(layout(root))
    assert parsed == ["data/quantities.csv"]
    # the label's problem is gone, and with it the rejection of the quantity's figure (a rule across
    # tables, run on every load); the bad number in casualties.csv, read from before, is still reported
    assert [p.column for p in first.problems] == ["quantity_id", "value", "label"]
    assert edited.problems == [p for p in first.problems if p.column == "value"]
    assert "Killed" in set(edited.quantities["label"])
