"""The README stays honest: every table documented, every layout entry real, CI runs its test command."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from readme import README, command_under, dashboard_command, suite_command

from figures.rules.schema import TABLES

REPO = Path(__file__).resolve().parents[1]
TEXT = README.read_text(encoding="utf-8")


@pytest.mark.parametrize("table", TABLES.values(), ids=list(TABLES))
def test_every_table_and_column_is_documented(table):
    assert re.search(rf"`[\w/]*\b{table.name}\.csv`", TEXT), f"README does not name {table.name}.csv"
    missing = [column for column in table.columns if f"`{column}`" not in TEXT]
    assert not missing, f"README does not document {table.name} columns {missing}"


def test_layout_names_only_files_that_exist():
    # Each name must be a real path of the repository: a full one (figures/view/cards.py), or a name inside
    # a folder named before it in the same entry ("figures/app/: ... pages/ (compare.py ...)"). Never a
    # basename found anywhere: .venv holds files of every name.
    layout = TEXT.split("## Layout", 1)[1].split("\n## ", 1)[0]
    missing, named = [], 0
    for entry in re.split(r"\n(?=- )", layout):
        folders: list[Path] = []
        for name in re.findall(r"`([\w./-]+(?:\.(?:py|toml|csv|json|txt|md)|/))`", entry):
            named += 1
            candidates = (
                [REPO / name] if "/" in name.rstrip("/") or not folders else [f / name for f in folders]
            )
            found = next((c for c in candidates if c.exists()), None)
            if found is None:
                missing.append(name)
            elif found.is_dir():
                folders.append(found)
    assert named > 20, "the Layout section names almost no files"
    assert not missing, f"README's Layout names files that do not exist: {missing}"


def test_the_two_commands():
    assert "streamlit run dashboard.py" in dashboard_command()
    assert "-r requirements.txt" in dashboard_command()
    suite = suite_command()
    for step in ("apt-get install", "chromium", "-r tests/requirements.txt", "ruff check", "pytest tests"):
        assert step in suite, f"the README's test command lacks {step!r}"


def test_ci_runs_exactly_the_readme_test_command():
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, 'tests'); import readme; print(readme.suite_command())",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert printed == suite_command()
    assert "suite_command()" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_command_reader_rejects_a_missing_block():
    with pytest.raises(LookupError, match="Nowhere"):
        command_under("Nowhere", "## Nowhere\n\nno code here\n")
