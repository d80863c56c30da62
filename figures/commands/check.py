"""`python -m figures check`: every table against the schema, the articles and the bound rules.

Prints one line per problem, `path:line: column: message`, sorted by path and line, then a summary;
exits 0 when clean and 1 otherwise. The rules live in figures.tables, which load() applies for the
dashboard too.
"""

import argparse
import sys
from collections.abc import Sequence

from figures.rules.schema import THEMES
from figures.tables.layout import layout
from figures.tables.load import Loaded, load


def summary_line(loaded: Loaded) -> str:
    """One line: how much was checked and how many problems were found."""
    read = loaded.rows_read
    figures = sum(read.get(theme, 0) for theme in THEMES)
    count = len(loaded.problems)
    return (
        f"checked {figures} figures in {len(THEMES)} tables, {read.get('articles', 0)} articles, "
        f"{read.get('sources', 0)} sources, {read.get('quantities', 0)} quantities, "
        f"{read.get('excluded', 0)} excluded: "
        f"{count} problem{'' if count == 1 else 's'}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m figures check", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root", help="a data package holding data/ and seeds/ (default: FIGURES_ROOT or the repo)"
    )
    args = parser.parse_args(argv)
    loaded = load(layout(args.root))
    out = sys.stdout
    for problem in loaded.problems:
        out.write(f"{problem}\n")
    out.write(summary_line(loaded) + "\n")
    return 1 if loaded.problems else 0
