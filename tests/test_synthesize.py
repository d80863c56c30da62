"""`python -m figures synthesize`: a package in the real schema that `figures check` passes, reproducibly."""

import csv
from pathlib import Path

import pytest
from cli import Run, run_figures

from figures.commands.synthesize import main, synthesize
from figures.rules.bounds import BOUNDS
from figures.rules.schema import ARTICLE_SCHEMA, FIGURE_FILES, FIGURE_SCHEMA, THEMES


def _run(*args: str) -> Run:
    # the real CLI, as the README and the benchmark call it
    return run_figures(*args)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _figures(root: Path) -> list[dict[str, str]]:
    return [row for name in FIGURE_FILES.values() for row in _rows(root / "data" / name)]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    result = _run("synthesize", "--figures", "600", "--out", str(root), "--seed", "7")
    assert result.returncode == 0, result.stderr
    return root


def test_check_passes_with_no_problems(package: Path) -> None:
    result = _run("check", "--root", str(package))
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stdout.strip().splitlines()[-1].endswith(": 0 problems")
    assert "checked 600 figures" in result.stdout


def test_has_exactly_n_figures_in_the_real_schema(package: Path) -> None:
    figures = _figures(package)
    assert len(figures) == 600
    assert len({f["figure_id"] for f in figures}) == 600
    for name in FIGURE_FILES.values():
        with (package / "data" / name).open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == list(FIGURE_SCHEMA.columns)
    with (package / "seeds" / "articles.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == list(ARTICLE_SCHEMA.columns)


def test_every_quote_occurs_once_in_its_article(package: Path) -> None:
    files = {a["article_id"]: a["file"] for a in _rows(package / "seeds" / "articles.csv")}
    texts = {aid: (package / "seeds" / name).read_text(encoding="utf-8") for aid, name in files.items()}
    for figure in _figures(package):
        assert texts[figure["article_id"]].count(figure["quote"]) == 1, figure["figure_id"]


def test_varied_like_real_data(package: Path) -> None:
    figures = _figures(package)
    quantities = _rows(package / "data" / "quantities.csv")
    assert {q["theme"] for q in quantities} == set(THEMES)
    assert {"Mosul", "Raqqa", "Aleppo"} <= {q["city"] for q in quantities}
    assert {f["bound"] for f in figures} == set(BOUNDS)
    assert len({f["cited_source"] for f in figures}) > 5
    assert len({a["outlet"] for a in _rows(package / "seeds" / "articles.csv")}) > 3


def test_same_seed_same_package_other_seed_other_package(tmp_path: Path) -> None:
    def snapshot(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    synthesize(tmp_path / "a", 150, seed=3)
    synthesize(tmp_path / "b", 150, seed=3)
    synthesize(tmp_path / "c", 150, seed=4)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert snapshot(tmp_path / "a") != snapshot(tmp_path / "c")


def test_rewrites_an_existing_package_and_rejects_zero(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--figures", "300", "--out", str(tmp_path)]) == 0
    assert main(["--figures", "40", "--out", str(tmp_path)]) == 0
    assert len(_figures(tmp_path)) == 40  # no stale rows or texts left from the larger run
    articles = {a["file"] for a in _rows(tmp_path / "seeds" / "articles.csv")}
    assert {p.name for p in (tmp_path / "seeds").glob("*.txt")} == articles
    with pytest.raises(SystemExit):
        main(["--figures", "0", "--out", str(tmp_path)])
