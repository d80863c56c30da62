"""Broken tables and articles: `figures check` names each fault as `path:line: column: message`, and the
dashboard still shows every good row, says which row it left out, and never crashes.

Each case starts from a small valid synthetic package (figures.commands.synthesize) and breaks one thing
in it.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli import run_figures
from streamlit.testing.v1 import AppTest

from figures.commands.synthesize import synthesize
from figures.tables.layout import REPO
from figures.view.pages import PAGES

APP = str(REPO / "dashboard.py")  # absolute: AppTest resolves relative paths against the calling file
N_FIGURES = 60
TABLE = "data/casualties.csv"  # the table most cases break
PROBLEM_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<column>[^:\n]*): (?P<message>.+)$")


@dataclass(frozen=True)
class Broken:
    """Where `figures check` must point, and how many figures the dashboard must leave out."""

    path: str
    line: int
    columns: frozenset[str]  # the column named must be one of these ("" = the whole row or file)
    rejected: int


def _read(root: Path, rel: str) -> tuple[list[str], list[list[str]]]:
    with (root / rel).open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def _write(root: Path, rel: str, header: list[str], rows: list[list[str]]) -> None:
    with (root / rel).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _edit(
    root: Path, where: Callable[[dict[str, str]], bool], change: dict[str, str], columns: set[str]
) -> Broken:
    """Change cells of the first row of TABLE matching `where`; one rejected figure at that row's line."""
    header, rows = _read(root, TABLE)
    index = next(i for i, row in enumerate(rows) if where(dict(zip(header, row, strict=True))))
    before = dict(zip(header, rows[index], strict=True))  # "{high}" means the value before any change
    for column, value in change.items():
        rows[index][header.index(column)] = value.format(**before)
    _write(root, TABLE, header, rows)
    return Broken(TABLE, index + 2, frozenset(columns), 1)  # line 1 is the header


def _all_rows(root: Path) -> int:
    return len(_read(root, TABLE)[1])


def non_numeric_value(root: Path) -> Broken:
    return _edit(root, lambda r: r["value"] != "", {"value": "twelve hundred"}, {"value"})


def unknown_article(root: Path) -> Broken:
    return _edit(root, lambda r: True, {"article_id": "no-such-article"}, {"article_id"})


def unknown_quantity(root: Path) -> Broken:
    return _edit(root, lambda r: True, {"quantity_id": "no-such-quantity"}, {"quantity_id"})


def quote_not_in_article(root: Path) -> Broken:
    # still holds the number and qualifier, but the article never printed these words
    return _edit(root, lambda r: r["value"] != "", {"quote": "{quote} and then some"}, {"quote"})


def low_above_high(root: Path) -> Broken:
    # both numbers are printed in the quote; only their order is wrong
    return _edit(root, lambda r: r["bound"] == "range", {"low": "{high}", "high": "{low}"}, {"low", "high"})


def impossible_date(root: Path) -> Broken:
    return _edit(root, lambda r: True, {"period_end": "2017-02-30"}, {"period_end"})


def month_name_date(root: Path) -> Broken:
    return _edit(root, lambda r: True, {"period_end": "March 2017"}, {"period_end"})


def bound_contradicts_qualifier(root: Path) -> Broken:
    # "as many as" (at_most) recorded as at_least, with low/high made consistent with at_least
    return _edit(
        root,
        lambda r: r["bound"] == "at_most",
        {"bound": "at_least", "low": "{value}", "high": ""},
        {"bound", "qualifier"},
    )


def duplicate_id(root: Path) -> Broken:
    header, rows = _read(root, TABLE)
    rows[2][header.index("figure_id")] = rows[0][header.index("figure_id")]
    _write(root, TABLE, header, rows)
    return Broken(TABLE, 4, frozenset({"figure_id"}), 1)  # the second use is rejected, the first kept


def missing_required_column(root: Path) -> Broken:
    header, rows = _read(root, TABLE)
    drop = header.index("quote")
    _write(root, TABLE, header[:drop] + header[drop + 1 :], [r[:drop] + r[drop + 1 :] for r in rows])
    return Broken(TABLE, 1, frozenset({"quote"}), len(rows))  # no row can be checked without its quote


def unexpected_column(root: Path) -> Broken:
    header, rows = _read(root, TABLE)
    _write(root, TABLE, [*header, "editor"], [[*r, "someone"] for r in rows])
    return Broken(TABLE, 1, frozenset({"editor"}), 0)  # reported and dropped; every row still good


def empty_file(root: Path) -> Broken:
    rows = _all_rows(root)
    (root / TABLE).write_bytes(b"")
    return Broken(TABLE, 0, frozenset({""}), rows)


def undecodable_bytes(root: Path) -> Broken:
    header, rows = _read(root, TABLE)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    lines = buffer.getvalue().encode("utf-8").split(b"\n")
    quote = rows[3][header.index("quote")].encode("utf-8")
    lines[4] = lines[4].replace(quote, quote[:3] + b"\xff\xfe" + quote[3:], 1)  # Latin-1 debris in the quote
    (root / TABLE).write_bytes(b"\n".join(lines))
    return Broken(TABLE, 5, frozenset({"", "quote"}), 1)


def article_text_missing(root: Path) -> Broken:
    # an article whose text file is gone: its row in articles.csv, and its figures, cannot be shown
    header, rows = _read(root, "seeds/articles.csv")
    gone = rows[1]
    (root / "seeds" / gone[header.index("file")]).unlink()
    lost = 0
    for rel in ("data/casualties.csv", "data/bombing.csv", "data/displacement.csv", "data/forces.csv"):
        h, figure_rows = _read(root, rel)
        lost += sum(1 for r in figure_rows if r[h.index("article_id")] == gone[0])
    return Broken("seeds/articles.csv", 3, frozenset({"file", ""}), lost)


CASES: dict[str, Callable[[Path], Broken]] = {
    f.__name__: f
    for f in (
        non_numeric_value,
        unknown_article,
        unknown_quantity,
        quote_not_in_article,
        low_above_high,
        impossible_date,
        month_name_date,
        bound_contradicts_qualifier,
        duplicate_id,
        missing_required_column,
        unexpected_column,
        empty_file,
        undecodable_bytes,
        article_text_missing,
    )
}


@pytest.fixture
def broken(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Broken]:
    synthesize(tmp_path, N_FIGURES, seed=11)
    return tmp_path, CASES[request.param](tmp_path)


def _problems(stdout: str) -> list[dict[str, str]]:
    return [m.groupdict() for line in stdout.splitlines() if (m := PROBLEM_LINE.match(line))]


@pytest.mark.parametrize("broken", list(CASES), indirect=True)
def test_check_names_path_line_and_column(broken: tuple[Path, Broken]) -> None:
    root, fault = broken
    result = run_figures("check", "--root", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    problems = _problems(result.stdout)
    assert problems, result.stdout
    here = [p for p in problems if p["path"] == fault.path and int(p["line"]) == fault.line]
    assert any(p["column"] in fault.columns for p in here), result.stdout
    # nothing else was broken, so nothing else may be reported (but the figures of a lost article)
    others = [p for p in problems if (p["path"], int(p["line"])) != (fault.path, fault.line)]
    if fault.path == "seeds/articles.csv":
        assert len(others) == fault.rejected and all("article" in p["message"] for p in others), result.stdout
    else:
        assert not others, result.stdout
    assert (
        result.stdout.strip()
        .splitlines()[-1]
        .endswith(f"{len(problems)} problem{'s' * (len(problems) != 1)}")
    )


def _texts(at: AppTest) -> str:
    """Everything a reader can read on the page (notices, markdown, captions, code, expander labels)."""
    parts: list[str] = []
    for kind in ("warning", "error", "info", "markdown", "caption", "code", "expander"):
        for element in getattr(at, kind):
            parts.append(str(getattr(element, "value", "") or getattr(element, "label", "")))
    return "\n".join(parts)


@pytest.mark.parametrize("broken", list(CASES), indirect=True)
def test_dashboard_shows_good_rows_and_names_the_rejected_one(
    broken: tuple[Path, Broken], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, fault = broken
    monkeypatch.setenv("FIGURES_ROOT", str(root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for page in PAGES:
        if page != "compare":
            at.switch_page(PAGES[page].file).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.warning, f"no notice on {page}"
        assert f"{fault.path}:{fault.line}:" in _texts(at), f"{page} does not name {fault.path}:{fault.line}"
        if page == "data":
            assert len(at.dataframe[0].value) == N_FIGURES - fault.rejected
