"""`python -m figures datapackage`: write datapackage.json at the package's root (the repository's, or
FIGURES_ROOT), a Frictionless Data Package descriptor generated from figures.rules.schema, so the
published description cannot drift from the checks.

One resource per table, with its fields (type, description, required, enum, pattern, minimum, unique),
primary key and foreign keys. Every path is relative to the descriptor's folder and inside it
(`figures/data/casualties.csv`, `seeds/articles.csv`), as the specification asks, so
`frictionless validate datapackage.json` accepts it as it is.

The descriptor declares the tables' licence (CC BY 4.0); the article texts in seeds/ are not under it:
they remain their publishers', kept as quotations so each figure can be verified. `--zip PATH` writes the
whole package (descriptor, every table, every article text) as one zip, as the Data page offers it.

What the descriptor cannot say is left to `python -m figures check`: figure_id unique across the four
figure tables, each quote found in its article, the number in the quote, and the bound rules.
"""

from __future__ import annotations

import argparse
import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandera.pandas as pa

from figures.rules.schema import TABLES, Table
from figures.tables.layout import Layout, layout
from figures.tables.load import load
from figures.tables.read import MAX_TABLE_BYTES, MAX_TEXT_BYTES, FileRefused, read_file

NAME = "conflict-figures"
TITLE = "Conflict figures: Mosul, Raqqa and Aleppo, 2016-2017, as five partisan articles printed them"
DESCRIPTION = (
    "Casualty, bombing, displacement and forces figures printed in five partisan articles about the "
    "battles for Mosul, Raqqa and Aleppo in 2016-2017. Each row is one claim by one article, traceable "
    "to the exact quote: never merged, rounded or corrected. Hedged claims carry a bound and the "
    "interval it asserts. Generated from figures/rules/schema.py by `python -m figures datapackage`; "
    "`python -m figures check` enforces the rules this descriptor cannot express."
)
LICENSES = [
    {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0 International",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    }
]
TEXTS_NOTICE = (
    "The article texts in seeds/ are not under this licence: they remain their publishers', kept "
    "unedited as quotations so that every figure can be verified against the words that printed it."
)
SOURCES = [
    {
        "title": "The five seed articles, each described in seeds/articles.csv (outlet, date, address "
        "and how each is known). " + TEXTS_NOTICE,
    }
]


def _field(name: str, column: pa.Column) -> dict[str, Any]:
    dtype = str(column.dtype)
    field: dict[str, Any] = {
        "name": name,
        "type": "number" if dtype.startswith("float") else "string",
        "description": column.description or "",
    }
    constraints: dict[str, Any] = {}
    if column.metadata and column.metadata.get("required"):
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            constraints["enum"] = list(stats["allowed_values"])
        elif check.name == "str_matches":
            constraints["pattern"] = str(stats["pattern"])
        elif check.name == "greater_than_or_equal_to":
            constraints["minimum"] = stats["min_value"]
        else:  # a new kind of check must be described here, not silently dropped
            raise ValueError(f"{name}: no Table Schema constraint for check {check.name!r}")
    if constraints:
        field["constraints"] = constraints
    return field


def _resource(table: Table, path: str) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(name, column) for name, column in table.schema.columns.items()],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": fk.column, "reference": {"resource": fk.table, "fields": fk.target}}
            for fk in table.foreign_keys
        ]
    return {
        "name": table.name,
        "path": path,
        "title": table.title,
        "description": table.description,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def descriptor(where: Layout | None = None) -> dict[str, Any]:
    """The Data Package descriptor for the tables of `where` (default: the repository)."""
    where = where or layout()
    paths = {
        name: (where.articles_csv if name == "articles" else where.data_dir / f"{name}.csv")
        .relative_to(where.root)
        .as_posix()
        for name in TABLES
    }
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "licenses": LICENSES,
        "sources": [{**source, "path": paths["articles"]} for source in SOURCES],
        "resources": [_resource(table, paths[name]) for name, table in TABLES.items()],
    }


def render(where: Layout | None = None) -> str:
    """The descriptor as written to disk: two-space indented, UTF-8, ending in a newline."""
    return json.dumps(descriptor(where), indent=2, ensure_ascii=False) + "\n"


def write(where: Layout | None = None) -> Path:
    """Write `datapackage.json` at the root of `where`; returns its path."""
    where = where or layout()
    path = where.descriptor
    path.write_text(render(where), encoding="utf-8")
    return path


# A fixed time stamp: the same files give the same zip, byte for byte.
ZIP_TIME = (2016, 10, 17, 0, 0, 0)


def zip_bytes(where: Layout, article_files: Sequence[str]) -> bytes:
    """The package as one zip, laid out as under its root: datapackage.json (generated now, so it names
    exactly the files beside it), every table, and the article texts `article_files` (names in seeds/).
    Files are read as load() reads them, never through a link; raises FileRefused naming the file (a
    link, a file missing or unreadable)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("datapackage.json", ZIP_TIME), render(where).encode())
        described = [where.root / r["path"] for r in descriptor(where)["resources"]]
        texts = [where.seeds_dir / name for name in sorted(set(article_files))]
        for path, limit in [
            *((p, MAX_TABLE_BYTES) for p in described),
            *((p, MAX_TEXT_BYTES) for p in texts),
        ]:
            name = path.relative_to(where.root).as_posix()
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            try:
                archive.writestr(info, read_file(path, limit))
            except OSError as err:  # the reason, without the server's own folders
                raise FileRefused(f"{name}: {err.strerror or 'cannot be read'}") from None
            except FileRefused as err:
                raise FileRefused(f"{name} {err}") from None
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m figures datapackage", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--root", help="a data package holding data/ and seeds/ (default: FIGURES_ROOT or the repo)"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write: exit 1 if datapackage.json differs from the schema",
    )
    parser.add_argument(
        "--zip", metavar="PATH", help="also write the whole package (descriptor, tables, texts) as a zip"
    )
    args = parser.parse_args(argv)
    where = layout(args.root)
    path = where.descriptor
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != render(where):
            print(f"{path}: out of date: run `python -m figures datapackage`")
            return 1
        print(f"{path}: up to date")
        return 0
    print(f"wrote {write(where)}")
    if args.zip:
        try:
            # the texts of the articles that pass the checks, as the Data page offers them
            Path(args.zip).write_bytes(zip_bytes(where, list(load(where).articles["file"])))
        except (OSError, FileRefused) as err:
            print(f"{args.zip}: not written: {err}")
            return 1
        print(f"wrote {args.zip}")
    return 0
