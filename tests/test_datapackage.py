"""datapackage.json at the repository root: generated from figures.rules.schema, committed, and a valid
Frictionless Data Package as it is (every path inside its folder: no trusted mode)."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cli import run_figures
from fixtures.package import package
from frictionless import Package

from figures.commands.datapackage import descriptor, render, write
from figures.rules.bounds import BOUNDS
from figures.rules.schema import TABLES
from figures.tables.layout import REPO, Layout, layout

COMMITTED = REPO / "datapackage.json"
REPO_LAYOUT = Layout(REPO, REPO / "figures" / "data", REPO / "seeds")  # not layout(): FIGURES_ROOT may be set


def _validate(path: Path):
    return Package(str(path)).validate()


def test_committed_descriptor_is_the_generated_one() -> None:
    # if this fails: python -m figures datapackage
    assert COMMITTED.read_text(encoding="utf-8") == render(REPO_LAYOUT)


def test_the_cli_check_agrees() -> None:
    run = run_figures("datapackage", "--check", env={"FIGURES_ROOT": None})
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_table_is_described_with_its_columns_and_keys() -> None:
    resources = {r["name"]: r for r in json.loads(COMMITTED.read_text(encoding="utf-8"))["resources"]}
    assert list(resources) == list(TABLES)
    for name, table in TABLES.items():
        schema = resources[name]["schema"]
        assert [f["name"] for f in schema["fields"]] == table.columns, name
        assert all(f["description"] for f in schema["fields"]), name
        assert schema["primaryKey"] == list(table.primary_key)
        assert [fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])] == [
            fk.table for fk in table.foreign_keys
        ]


def test_constraints_follow_the_schema() -> None:
    fields = {f["name"]: f for f in descriptor(REPO_LAYOUT)["resources"][0]["schema"]["fields"]}
    assert fields["bound"]["constraints"] == {"required": True, "enum": list(BOUNDS)}
    assert fields["value"]["type"] == "number" and fields["value"]["constraints"] == {"minimum": 0}
    assert fields["figure_id"]["constraints"]["unique"] is True
    assert "pattern" in fields["period_end"]["constraints"]
    assert "constraints" not in fields["notes"]


def test_every_path_is_inside_the_descriptors_folder() -> None:
    paths = {r["name"]: r["path"] for r in descriptor(REPO_LAYOUT)["resources"]}
    assert paths["articles"] == "seeds/articles.csv"
    assert paths["casualties"] == "figures/data/casualties.csv"
    for path in paths.values():
        assert ".." not in Path(path).parts and not Path(path).is_absolute()
        assert (COMMITTED.parent / path).is_file()
    other_root = {r["name"]: r["path"] for r in descriptor(layout("/somewhere/else"))["resources"]}
    assert other_root["articles"] == "seeds/articles.csv" and other_root["excluded"] == "data/excluded.csv"


def test_frictionless_validates_the_repository_package() -> None:
    report = _validate(COMMITTED)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_command_validates_it_as_it_is() -> None:
    # the command a reader of the README runs, from anywhere: no --trusted
    run = subprocess.run(
        [str(Path(sys.executable).with_name("frictionless")), "validate", "--json", str(COMMITTED)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert json.loads(run.stdout)["valid"] is True


def test_a_path_outside_the_folder_is_refused(tmp_path: Path) -> None:
    # why every path stays inside: the specification forbids "..", and frictionless refuses it
    root = package(tmp_path)
    outside = json.loads(render(layout(root)))
    outside["resources"][0]["path"] = "../elsewhere.csv"
    (root / "datapackage.json").write_text(json.dumps(outside), encoding="utf-8")
    with pytest.raises(Exception, match="is not safe"):
        Package(str(root / "datapackage.json")).validate()


def test_frictionless_catches_a_broken_foreign_key(tmp_path: Path) -> None:
    # the validation above is real: a descriptor for a small package passes, then a bad key fails it
    root = package(tmp_path)
    path = write(layout(root))
    assert _validate(path).valid
    bad = (root / "data" / "bombing.csv").read_text(encoding="utf-8").replace("march,alpha,", "march,gamma,")
    (root / "data" / "bombing.csv").write_text(bad, encoding="utf-8")
    report = _validate(path)
    assert not report.valid
    assert "foreign-key" in {error[0] for error in report.flatten(["type"])}


def test_the_tables_are_licensed_and_the_texts_stay_their_publishers() -> None:
    declared = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert [(x["name"], x["path"]) for x in declared["licenses"]] == [
        ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")
    ]
    assert "remain their publishers'" in declared["sources"][0]["title"]
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_the_zipped_package_validates_as_it_is(tmp_path: Path) -> None:
    # what "Download data package" gives, written by the CLI: unzipped anywhere, frictionless accepts it
    root = package(tmp_path)
    run = run_figures("datapackage", "--root", str(root), "--zip", str(tmp_path / "package.zip"))
    assert run.returncode == 0, run.stdout + run.stderr
    unzipped = tmp_path / "unzipped"
    with zipfile.ZipFile(tmp_path / "package.zip") as archive:
        assert sorted(archive.namelist()) == sorted(
            [
                "datapackage.json",
                *(f"data/{name}.csv" for name in TABLES if name != "articles"),
                *("seeds/articles.csv", "seeds/alpha.txt", "seeds/beta.txt"),
            ]
        )
        archive.extractall(unzipped)
    assert (unzipped / "seeds" / "alpha.txt").read_bytes() == (root / "seeds" / "alpha.txt").read_bytes()
    report = _validate(unzipped / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_linked_table_stops_the_zip_with_its_name(tmp_path: Path) -> None:
    root = package(tmp_path)
    (root / "data" / "excluded.csv").unlink()
    (root / "data" / "excluded.csv").symlink_to("/etc/passwd")
    run = run_figures("datapackage", "--root", str(root), "--zip", str(tmp_path / "package.zip"))
    assert run.returncode == 1
    assert "data/excluded.csv is a symbolic link" in run.stdout
    assert not (tmp_path / "package.zip").exists()
