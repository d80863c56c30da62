"""How close `python -m figures draft` comes to the curation: each curated article is drafted (from its
text and the registries, never its own rows) and compared with its curated figure rows, field by field.

    .venv/bin/python tests/benchmarks/draft_accuracy.py [--root DIR] [--per-article] [--runs N]

A drafted row and a curated figure are the same claim when the drafted quote overlaps the curated one in
the text. Each field's share is over all curated figures (a figure the draft missed counts as wrong for
every field): value (and both ends of a range), bound, qualifier (case aside), cited source (empty =
the outlet's own claim) and suggested quantity. Precision: drafted rows that are curated figures;
recall: curated figures that were drafted. Also: articles where the draft has more rows than the text
has numbers (should be none), and the median time to draft an article over N runs.
"""

import argparse
import math
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from figures.commands.candidates import table_rows
from figures.commands.draft import draft_article
from figures.rules.numbers import find_numbers
from figures.rules.schema import FIGURE_FILES
from figures.tables.layout import layout

FIELDS = ("value", "bound", "qualifier", "cited_source", "quantity_id")
TARGETS = {"value": 0.95, "bound": 0.90, "cited_source": 0.60}


def _number(text: str) -> float:
    return float(text) if text else math.nan


def _same_numbers(drafted: dict[str, str], curated: dict[str, str]) -> bool:
    return all(
        (math.isnan(a) and math.isnan(b)) or a == b
        for a, b in (
            (_number(drafted[c]), _number(curated[c]))
            for c in ("value", "low", "high")
            if curated["bound"] == "range" or c == "value"
        )
    )


def _field_right(field: str, drafted: dict[str, str], curated: dict[str, str]) -> bool:
    if field == "value":
        return _same_numbers(drafted, curated)
    if field == "qualifier":
        return drafted["qualifier"].lower() == curated["qualifier"].lower()
    return drafted[field] == curated[field]


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.find(quote)
    return (start, start + len(quote)) if start >= 0 else (-1, -1)


def compare(text: str, drafted: list[dict[str, str]], curated: list[dict[str, str]]) -> Counter:
    """Counts for one article: curated, drafted, matched, and right per field."""
    counts: Counter = Counter(curated=len(curated), drafted=len(drafted))
    taken: set[int] = set()
    for figure in curated:
        a, b = _span(text, figure["quote"])
        overlapping = [
            i
            for i, row in enumerate(drafted)
            if i not in taken and (span := _span(text, row["quote"]))[0] < b and a < span[1]
        ]
        if not overlapping:
            continue
        best = max(overlapping, key=lambda i: _same_numbers(drafted[i], figure))
        taken.add(best)
        counts["matched"] += 1
        for field in FIELDS:
            counts[field] += _field_right(field, drafted[best], figure)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", help="a data package (default: the repository's)")
    parser.add_argument("--per-article", action="store_true", help="one line per article too")
    parser.add_argument("--runs", type=int, default=3, help="drafting runs for the median time")
    args = parser.parse_args()
    where = layout(args.root)
    figures = [row for name in FIGURE_FILES.values() for row in table_rows(where.data_dir / name)]
    total: Counter = Counter()
    times: list[float] = []
    over: list[str] = []
    for article in table_rows(where.articles_csv):
        text = (where.seeds_dir / article["file"]).read_text(encoding="utf-8")
        curated = [row for row in figures if row["article_id"] == article["article_id"]]
        runs = []
        for _ in range(args.runs):
            started = time.perf_counter()
            drafted = draft_article(where, text, article["file"], article["article_id"]).figures
            runs.append(time.perf_counter() - started)
        times.append(statistics.median(runs))
        if len(drafted) > len(find_numbers(text)):
            over.append(article["article_id"])
        counts = compare(text, drafted, curated)
        total += counts
        if args.per_article:
            print(f"{article['article_id']}: {dict(counts)}")
    n = total["curated"]
    print(f"{len(times)} articles, {n} curated figures, {total['drafted']} drafted rows\n")
    print("| measure | share | target |\n|---|---|---|")
    for field in FIELDS:
        target = TARGETS.get(field)
        goal = f"{target:.0%}" if target else ""
        print(f"| {field} right | {total[field] / n:.0%} ({total[field]}/{n}) | {goal} |")
    print(f"| recall (curated figures drafted) | {total['matched'] / n:.0%} ({total['matched']}/{n}) | |")
    precision = total["matched"] / total["drafted"] if total["drafted"] else 0
    matched = f"{total['matched']}/{total['drafted']}"
    print(f"| precision (drafted rows that are figures) | {precision:.0%} ({matched}) | |")
    print(f"| articles with more rows than numbers | {len(over)} | 0 |")
    median_ms = statistics.median(times) * 1000
    print(f"\nmedian draft time per article: {median_ms:.1f} ms (median of {args.runs} runs each)")
    print(
        "reproduce: .venv/bin/python tests/benchmarks/draft_accuracy.py"
        + (f" --root {args.root}" if args.root else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
