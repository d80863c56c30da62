"""`python -m figures draft PATH [--article-id ID] [--excluded]`: proposed figure rows for an article text.

Prints CSV on stdout: the figure columns in schema order, one row per number that may be a figure (see
figures.rules.drafting), or with `--excluded` the excluded.csv rows of the numbers that are not. It reads
the text, the sources and quantities registries and how other articles cite their sources; never the
curated rows of this article, so a draft of a curated article is an honest draft.
Exit code 0, or 2 when the text cannot be read.
"""

import argparse
import csv
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from figures.commands.candidates import table_rows
from figures.rules.attribution import SourceNames
from figures.rules.drafting import FIGURE_COLUMNS, Draft, draft, quantity_words
from figures.rules.schema import EXCLUDED_SCHEMA, FIGURE_FILES
from figures.tables.layout import Layout, layout
from figures.tables.read import MAX_TEXT_BYTES, FileRefused, read_file

_DATE_LINE = re.compile(r"\bdate (\d{4}-\d\d-\d\d)\b")


def source_names(where: Layout, article_id: str) -> SourceNames:
    """The registry's names, and the words other articles cite each source as."""
    names: dict[str, list[str]] = {}
    for row in table_rows(where.data_dir / "sources.csv"):
        names.setdefault(row["source_id"], []).append(row["name"])
    for file_name in FIGURE_FILES.values():
        for row in table_rows(where.data_dir / file_name):
            if row.get("article_id") != article_id and row.get("cited_source") and row.get("cited_as"):
                names.setdefault(row["cited_source"], []).append(row["cited_as"])
    return SourceNames(names)


def draft_article(where: Layout, text: str, file_name: str, article_id: str | None = None) -> Draft:
    """The draft of `text`, with the article's id and date from articles.csv when it is listed there."""
    listed = next((r for r in table_rows(where.articles_csv) if r.get("file") == file_name), {})
    article_id = (
        article_id
        or listed.get("article_id")
        or re.sub(r"[^a-z0-9]+", "-", Path(file_name).stem.lower()).strip("-")
    )
    published = listed.get("published") or ""
    if not published and (stated := _DATE_LINE.search(text[:400])):
        published = stated.group(1)
    quantities = [quantity_words(row) for row in table_rows(where.data_dir / "quantities.csv")]
    return draft(text, article_id, published, source_names(where, article_id), quantities)


def write_csv(rows: list[dict[str, str]], columns: Sequence[str], out) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m figures draft", description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="an article text (UTF-8)")
    parser.add_argument(
        "--article-id", help="the article's id (default: its articles.csv row, else the file name)"
    )
    parser.add_argument(
        "--excluded", action="store_true", help="print the numbers that are not figures instead"
    )
    parser.add_argument(
        "--root", help="a data package holding data/ and seeds/ (default: FIGURES_ROOT or the repo)"
    )
    args = parser.parse_args(argv)
    try:
        text = read_file(args.path, MAX_TEXT_BYTES).decode("utf-8")
    except (OSError, FileRefused, UnicodeDecodeError) as err:
        print(f"python -m figures draft: {args.path}: {err}", file=sys.stderr)
        return 2
    result = draft_article(layout(args.root), text, args.path.name, args.article_id)
    if args.excluded:
        write_csv(result.excluded, list(EXCLUDED_SCHEMA.columns), sys.stdout)
    else:
        write_csv(result.figures, FIGURE_COLUMNS, sys.stdout)
    return 0
