"""Hostile files and clumsy edits, one class each: files that are not regular files, tables cut short or
with giant cells, names that hide characters or mimic others, cells a spreadsheet would run, and edits
to a running dashboard. Each starts from a copy of tests/fixtures/base.
"""

import csv
import io
import json
import os
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from cli import run_figures
from conftest import download
from fixtures.package import package, problems
from streamlit.testing.v1 import AppTest

from figures.app import state
from figures.rules.schema import TABLES
from figures.tables import load as load_module
from figures.tables.layout import REPO, layout
from figures.tables.load import load
from figures.tables.read import read_table
from figures.view.export import csv_bytes
from figures.view.pages import PAGES

APP = str(REPO / "dashboard.py")
SECRET = "root:x:0:0:this-line-must-never-be-shown"


def _secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


def _replace(path: Path, make) -> None:
    path.unlink()
    make(path)


# ------------------------------------------------------------------------------------------------ files

NOT_REGULAR = {
    "link to a secret": lambda path, secret: path.symlink_to(secret),
    "link to the environment": lambda path, secret: path.symlink_to("/proc/self/environ"),
    "link to an endless device": lambda path, secret: path.symlink_to("/dev/zero"),
    "link to a good text": lambda path, secret: path.symlink_to(path.with_name("beta.txt")),
    "pipe": lambda path, secret: os.mkfifo(path),
    "folder": lambda path, secret: path.mkdir(),
}
WHY = {
    "link to a secret": "is a symbolic link",
    "link to the environment": "is a symbolic link",
    "link to an endless device": "is a symbolic link",
    "link to a good text": "is a symbolic link",
    "pipe": "is a pipe",
    "folder": "is a folder",
}


@pytest.mark.timeout(30)  # a pipe must not hang the reader
@pytest.mark.parametrize("kind", NOT_REGULAR)
def test_an_article_text_must_be_a_regular_file(tmp_path: Path, kind: str):
    root = package(tmp_path)
    secret = _secret(tmp_path)
    _replace(root / "seeds" / "alpha.txt", lambda p: NOT_REGULAR[kind](p, secret))
    loaded = load(layout(root))
    assert f"seeds/articles.csv:2: file: article text seeds/alpha.txt {WHY[kind]}" in "\n".join(
        str(p) for p in loaded.problems
    )
    assert "alpha" not in set(loaded.articles["article_id"])
    assert all(SECRET not in text and "PATH=" not in text for text in loaded.texts.values())
    assert set(loaded.articles["article_id"]) == {"beta"}  # the other article still loads


@pytest.mark.timeout(30)
@pytest.mark.parametrize("kind", NOT_REGULAR)
def test_a_table_must_be_a_regular_file(tmp_path: Path, kind: str):
    root = package(tmp_path)
    secret = tmp_path / "secret.csv"
    secret.write_text((root / "data" / "casualties.csv").read_text(encoding="utf-8"), encoding="utf-8")
    _replace(root / "data" / "casualties.csv", lambda p: NOT_REGULAR[kind](p, secret))
    assert any(
        p.startswith(f"data/casualties.csv:0: : not read: the file {WHY[kind]}") for p in problems(root)
    )
    assert len(load(layout(root)).figures) == 4  # the other tables' figures still load


def test_a_file_over_the_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = package(tmp_path)
    size = (root / "seeds" / "alpha.txt").stat().st_size
    monkeypatch.setattr(load_module, "MAX_TEXT_BYTES", size - 1)
    assert f"article text seeds/alpha.txt is larger than {size - 1:,} bytes" in "\n".join(problems(root))


@pytest.mark.timeout(60)
def test_check_never_hangs_on_a_pipe(tmp_path: Path):
    root = package(tmp_path)
    _replace(root / "seeds" / "beta.txt", os.mkfifo)
    run = run_figures("check", "--root", str(root))
    assert run.returncode == 1 and "seeds/beta.txt is a pipe" in run.stdout


def test_a_text_swapped_for_a_link_while_the_server_runs_is_never_shown(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(state, "RECHECK_SECONDS", 60)  # one snapshot until the swap is seen below
    root = package(tmp_path)
    monkeypatch.setenv("FIGURES_ROOT", str(root))
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["article"] = "alpha"
    at.switch_page(PAGES["sources"].file).run()  # the snapshot is loaded and checked
    assert any("As many as 200 civilians" in h.proto.body for h in at.get("html"))
    _replace(root / "seeds" / "beta.txt", lambda p: p.symlink_to(_secret(tmp_path)))
    at.query_params["article"] = "beta"
    at.switch_page(PAGES["sources"].file).run()  # same snapshot: the file is not the text it checked
    assert not any(SECRET in h.proto.body for h in at.get("html"))
    assert any("changed since it was checked" in i.value for i in at.info)
    monkeypatch.setattr(state, "RECHECK_SECONDS", 0.05)  # the real mechanism, on a shorter period
    time.sleep(2 * state.RECHECK_SECONDS + 0.1)  # past the signature's age limit
    at.run()  # the next snapshot rejects the article: a notice, never the linked file
    assert not any(SECRET in h.proto.body for h in at.get("html"))
    assert (
        at.warning
        and "seeds/articles.csv:3: file: article text seeds/beta.txt is a symbolic link" in at.code[0].value
    )


def test_a_descriptor_swapped_for_a_link_is_never_read(
    tmp_path: Path, monkeypatch, downloads: dict[str, bytes]
):
    root = package(tmp_path)
    (root / "datapackage.json").symlink_to(_secret(tmp_path))
    (root / "seeds" / "notes.txt").symlink_to(_secret(tmp_path))  # not an article: never packed
    monkeypatch.setenv("FIGURES_ROOT", str(root))
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGES["data"].file).run()
    assert not at.exception
    # the zip's descriptor is generated from the schema, never read from the (linked) file
    with zipfile.ZipFile(io.BytesIO(download(at, "Download data package", downloads))) as zipped:
        assert "seeds/notes.txt" not in zipped.namelist()
        assert not [n for n in zipped.namelist() if SECRET.encode() in zipped.read(n)]
        assert json.loads(zipped.read("datapackage.json"))["name"] == "conflict-figures"


# ---------------------------------------------------------------------------------------------- reading


def _records(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8", errors="replace"), newline="")))


def test_every_cut_of_a_table_is_read_or_reported(tmp_path: Path):
    # A table cut at any byte: every complete row is read, a partial last row is reported at its line,
    # and rows read plus rows reported are the rows in the file. A cut at a row's end is a valid file.
    raw = (REPO / "tests" / "fixtures" / "mini_app" / "data" / "casualties.csv").read_bytes()
    table, path = TABLES["casualties"], tmp_path / "casualties.csv"
    header_end = raw.index(b"\n") + 1
    for cut in range(header_end, len(raw) + 1):
        path.write_bytes(raw[:cut])
        frame, found = read_table(path, table, "casualties.csv")
        whole = _records(raw[: raw.rindex(b"\n", 0, cut) + 1])[1:] if cut > header_end else []
        assert frame["figure_id"].tolist() == [r[0] for r in whole], cut  # every complete row, in order
        rows_reported = {p.line for p in found if p.line > 1}
        in_file = len(_records(raw[:cut])) - 1
        assert len(frame) + len(rows_reported) == in_file, (cut, [str(p) for p in found])
        if not raw[:cut].endswith(b"\n"):
            assert rows_reported, (cut, "a row cut short must be reported")


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ('"never closed\nnext line\n', "a quoted field is never closed"),
        ('"closed" then text\n', "text after a closing quote"),
        ("a cell without its line end", "no line end after the last row"),
    ],
)
def test_a_broken_last_row_is_reported_not_swallowed(tmp_path: Path, tail: str, message: str):
    root = package(tmp_path)
    table = root / "data" / "casualties.csv"
    text = table.read_text(encoding="utf-8")
    last = text.splitlines()[-1]
    table.write_text(text + last.replace("beta-aleppo-killed", "beta-extra").rsplit(",", 1)[0] + "," + tail)
    found = problems(root)
    assert any(p.startswith("data/casualties.csv:4: : ") and message in p for p in found), found
    assert len(load(layout(root)).figures) == 6  # the rows before it all load


def test_a_cell_of_any_size_is_read(tmp_path: Path):
    root = package(tmp_path)
    table = root / "data" / "casualties.csv"
    huge = "line one\n" + "x" * 200_000
    rows = table.read_text(encoding="utf-8").splitlines(keepends=True)
    rows[1] = rows[1].rstrip("\n") + f'"{huge}"\n'
    table.write_text("".join(rows), encoding="utf-8")
    run = run_figures("check", "--root", str(root))
    assert run.returncode == 0, run.stdout
    notes = load(layout(root)).figures.set_index("figure_id").loc["alpha-jadida-killed", "notes"]
    assert notes == huge


# ----------------------------------------------------------------------------------------- text hygiene

INVISIBLE = {
    "right-to-left override": "\u202e",
    "first strong isolate": "\u2068",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "byte order mark": "\ufeff",
    "bell": "\x07",
}
NAME_CELLS = {  # (file, the text to replace, the replacement with {c} for the character, column)
    "source name": ("data/sources.csv", "Alpha News", "Alp{c}ha News", "name"),
    "cited source": ("data/casualties.csv", ",u-n,", ",u-{c}n,", "cited_source"),
    "side": ("data/sources.csv", "un_agency,,", "un_agency,Si{c}de,", "side"),
    "city": ("data/quantities.csv", ",Aleppo,", ",Al{c}eppo,", "city"),
    "label": (
        "data/quantities.csv",
        "Civilians killed at al-Jadida",
        "Civ{c}ilians killed at al-Jadida",
        "label",
    ),
}


@pytest.mark.parametrize("char", INVISIBLE)
def test_names_hold_no_invisible_characters(tmp_path: Path, char: str):
    edits = [(rel, old, new.format(c=INVISIBLE[char])) for rel, old, new, _ in NAME_CELLS.values()]
    found = problems(package(tmp_path, *edits))
    code = f"U+{ord(INVISIBLE[char]):04X}"
    for rel, _, _, column in NAME_CELLS.values():
        assert any(
            p.startswith(f"{rel}:") and f": {column}: holds invisible characters ({code})" in p for p in found
        ), (
            column,
            found,
        )


def test_an_outlet_that_mimics_another_is_rejected_with_a_notice(tmp_path: Path, monkeypatch):
    # "World" + right-to-left override + reversed text shows exactly like another outlet
    mimic = "World\u202eetiS beW tsilaicoS"
    root = package(
        tmp_path,
        ("data/sources.csv", "Alpha News", "World Socialist Web Site"),
        ("data/sources.csv", "Beta Weekly", mimic),
    )
    assert any("data/sources.csv:3: name: holds invisible characters (U+202E)" in p for p in problems(root))
    monkeypatch.setenv("FIGURES_ROOT", str(root))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert at.sidebar.multiselect(key="filter_outlet").options == ["World Socialist Web Site"]
    assert "data/sources.csv:3: name: holds invisible characters" in at.code[0].value


@pytest.mark.parametrize("spelling", ["alpha news", "Alpha  News", " Alpha News", "Ａｌｐｈａ News"])
def test_lookalike_names_are_rejected_naming_the_first(tmp_path: Path, spelling: str):
    root = package(tmp_path, ("data/sources.csv", "Beta Weekly", spelling))
    assert (
        f"data/sources.csv:3: name: {spelling!r} looks like 'Alpha News' (first at data/sources.csv:2)"
        in ("\n".join(problems(root)))
    )


def test_arabic_names_are_names_like_any_other(tmp_path: Path):
    root = package(tmp_path, ("data/sources.csv", "Beta Weekly", "روداو"))
    assert problems(root) == []


# ---------------------------------------------------------------------------------------------- writing


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_written_cells_never_start_a_formula(start: str):
    frame = pd.DataFrame({"outlet": [f'{start}HYPERLINK("http://evil.example","x")', "plain"]})
    got = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8"), newline="")))
    assert got[1] == [f'\'{start}HYPERLINK("http://evil.example","x")']
    assert got[2] == ["plain"]


def test_written_numbers_are_integers_when_whole():
    frame = pd.DataFrame({"value": [3846.0, 94000.0, 1.5, float("nan")], "low": [0.0, 27.0, None, 2e6]})
    assert csv_bytes(frame).decode("utf-8").splitlines() == [
        "value,low",
        "3846,0",
        "94000,27",
        "1.5,",
        ",2000000",
    ]


def test_the_download_is_inert_and_keeps_integers(tmp_path: Path, monkeypatch, downloads: dict[str, bytes]):
    root = package(
        tmp_path,
        ("seeds/articles.csv", "Alpha report", "=1+1 and a formula"),
        ("data/sources.csv", "Beta Weekly", "@Beta Weekly"),
        ("data/casualties.csv", ",U.N.,", ",+U.N.,"),
    )
    monkeypatch.setenv("FIGURES_ROOT", str(root))
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(PAGES["data"].file).run()
    rows = list(csv.DictReader(io.StringIO(download(at, "Download CSV", downloads).decode(), newline="")))
    by_id = {r["figure_id"]: r for r in rows}
    assert by_id["alpha-jadida-killed"]["title"] == "'=1+1 and a formula"
    assert by_id["beta-aleppo-killed"]["outlet_name"] == "'@Beta Weekly"
    assert by_id["beta-aleppo-killed"]["cited_as"] == "'+U.N."
    assert by_id["beta-aleppo-killed"]["value"] == "1200" and by_id["alpha-jadida-killed"]["high"] == "200"


# -------------------------------------------------------------------------------------------- live data


def _compare_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize(
    ("setting", "seconds"),
    [(None, 2.0), ("", 2.0), ("0.2", 0.2), ("10", 10.0), ("0", 2.0), ("-1", 2.0), ("soon", 2.0), ("inf", 2.0),
     ("nan", 2.0)],
)  # fmt: skip
def test_the_recheck_period_is_a_positive_number_or_the_default(setting: str | None, seconds: float):
    assert state._recheck_seconds(setting) == seconds


def test_an_edit_reaches_new_page_views_without_a_restart(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(state, "RECHECK_SECONDS", 0.05)  # the real mechanism, on a shorter period
    root = package(tmp_path)
    monkeypatch.setenv("FIGURES_ROOT", str(root))
    first = AppTest.from_file(APP, default_timeout=30).run()
    # Compare's quantity headings: level 2 under the page's title (its order does not group them)
    assert "Killed in East Aleppo" in [h.value for h in first.main.header] and not first.warning
    quantities = root / "data" / "quantities.csv"
    edited = quantities.read_text(encoding="utf-8").replace(
        "Killed in East Aleppo", "Killed in eastern Aleppo"
    )
    quantities.write_text(edited, encoding="utf-8")
    time.sleep(2 * state.RECHECK_SECONDS + 0.1)  # past the signature's age limit
    second = AppTest.from_file(APP, default_timeout=30).run()
    labels = [h.value for h in second.main.header]
    assert "Killed in eastern Aleppo" in labels and "Killed in East Aleppo" not in labels
    # an edit that breaks a row: the notice, like any other bad row, and the other rows still show
    table = root / "data" / "casualties.csv"
    table.write_text(
        table.read_text(encoding="utf-8").replace(",1200,,exact,", ",many,,exact,"), encoding="utf-8"
    )
    time.sleep(2 * state.RECHECK_SECONDS + 0.1)  # past the signature's age limit
    third = AppTest.from_file(APP, default_timeout=30).run()
    assert "data/casualties.csv:3: value: 'many' is not a plain number" in third.code[0].value
    assert "Civilians killed at al\\-Jadida" in [h.value for h in third.main.header]


def test_unchanged_files_are_not_read_again(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(state, "RECHECK_SECONDS", 0.05)  # the real mechanism, on a shorter period
    root = package(tmp_path)
    monkeypatch.setenv("FIGURES_ROOT", str(root))
    calls = []
    real = load_module.load
    monkeypatch.setattr(load_module, "load", lambda *a, **k: calls.append(1) or real(*a, **k))
    for _ in range(3):
        AppTest.from_file(APP, default_timeout=30).run()
    time.sleep(2 * state.RECHECK_SECONDS + 0.1)  # past the signature's age limit
    AppTest.from_file(APP, default_timeout=30).run()  # the signature is taken again: the same files
    assert len(calls) == 1
