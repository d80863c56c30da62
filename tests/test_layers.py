"""The layout is the architecture: each layer is a folder of figures/, says in one docstring what it is
for, and imports only the layers below it. Read from the source with ast, so a new import that breaks the
direction fails here, whatever runs."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "figures"
# A layer may import its own modules and those of lower layers; view and commands sit side by side and
# never import each other.
RANK = {"rules": 0, "tables": 1, "view": 2, "commands": 2, "app": 3}
STREAMLIT_FREE = ("rules", "tables", "view", "commands")
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts)


def imported(path: Path) -> set[str]:
    """Every module `path` imports, absolute ("figures.view.filters", "streamlit")."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def imported_layers(path: Path) -> set[str]:
    return {
        name.split(".")[1]
        for name in imported(path)
        if name.startswith("figures.") and name.split(".")[1] in RANK
    }


def violations(path: Path, package: Path = PACKAGE) -> list[str]:
    """What breaks the direction in the module at `path` of the package at `package`."""
    parts = path.relative_to(package).parts
    if len(parts) == 1:  # figures/__init__.py, figures/__main__.py: they dispatch to the commands
        extra = imported_layers(path) - {"commands"}
        return [f"the entry point imports from {sorted(extra)}"] if extra else []
    layer = parts[0]
    found = [
        f"{layer} imports from {other}"
        for other in sorted(imported_layers(path))
        if RANK[other] > RANK[layer] or (RANK[other] == RANK[layer] and other != layer)
    ]
    if layer in STREAMLIT_FREE and any(n.split(".")[0] == "streamlit" for n in imported(path)):
        found.append(f"{layer} imports streamlit: only figures/app may")
    return found


def test_every_layer_is_a_folder_that_says_what_it_is_for():
    assert sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()) == sorted(RANK)
    for name in RANK:
        docstring = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
        assert docstring, f"figures/{name}/__init__.py says nothing of what the layer is for"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_imports_point_down(path: Path):
    assert violations(path) == []


def test_the_entry_file_is_a_router_over_the_app():
    assert imported_layers(REPO / "dashboard.py") <= {"app", "view"}


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("rules/bad.py", "from figures.app import state\n", ["rules imports from app"]),
        ("rules/bad.py", "import streamlit as st\n", ["rules imports streamlit: only figures/app may"]),
        ("view/bad.py", "from figures.commands import check\n", ["view imports from commands"]),
        ("tables/bad.py", "from figures.view.filters import FILTERS\n", ["tables imports from view"]),
        ("app/fine.py", "import streamlit\nfrom figures.view import cards\n", []),
    ],
)
def test_the_check_catches_an_upward_import(tmp_path: Path, module: str, source: str, expected: list[str]):
    path = tmp_path / "figures" / module
    path.parent.mkdir(parents=True)
    path.write_text(f'"""A module."""\n{source}', encoding="utf-8")
    assert violations(path, tmp_path / "figures") == expected
