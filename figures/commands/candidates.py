"""`python -m figures candidates PATH...`: every number in article texts, and what the curation says of it.

Each number (see figures.rules.numbers for what counts) is printed on one line,

    PATH:LINE: MARK: NUMBER: …context on that line…

where MARK is `figure <figure_id>` when the number lies inside an occurrence of that figure's quote in the
same article, `excluded (<reason>)` when it lies inside an occurrence of an excluded.csv quote of the
article, and `NEW` otherwise (`NEW (a quote cuts through it: figure ...)` when a quote holds only part of
it). Where both apply, a figure whose value is the number wins, then an exclusion, then any other figure
whose quote holds it. Then one summary line with the counts. The article is found by the text's file name
in the `file` column of articles.csv; a text not listed there is a new article, and all its numbers are NEW.

Missing tables are read as empty: curation is written while this command is used to see what is left.
Exit code 0, or 2 when a path cannot be read.
"""

import argparse
import bisect
import csv
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from figures.rules.numbers import NumberMention, find_numbers
from figures.rules.schema import FIGURE_FILES
from figures.tables.layout import Layout, layout

CONTEXT_CHARS = 60  # on each side of the number, widened to whole words
T = TypeVar("T")


@dataclass(frozen=True)
class FigureQuote:
    figure_id: str
    quote: str
    value: float | None


@dataclass(frozen=True)
class ExcludedQuote:
    quote: str
    reason: str


@dataclass
class Curation:
    """What the tables say, per article: the figures' quotes and the excluded quotes."""

    article_by_file: dict[str, str] = field(default_factory=dict)
    figures: dict[str, list[FigureQuote]] = field(default_factory=dict)
    excluded: dict[str, list[ExcludedQuote]] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    """One number of an article and what the curation says of it."""

    mention: NumberMention
    line: int  # 1-based
    status: str  # "figure", "excluded" or "NEW"
    mark: str  # "figure <figure_id>", "excluded (<reason>)", "NEW" or "NEW (a quote cuts through it: ...)"
    context: str


def table_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV table as dicts; a missing table has none."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except FileNotFoundError:
        return []


def _float_or_none(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def load_curation(where: Layout | None = None) -> Curation:
    """Read articles.csv, the figure tables and excluded.csv; a missing table counts as empty."""
    where = where or layout()
    curation = Curation()
    for row in table_rows(where.articles_csv):
        if row.get("file") and row.get("article_id"):
            curation.article_by_file[Path(row["file"]).name] = row["article_id"]
    for file_name in FIGURE_FILES.values():
        for row in table_rows(where.data_dir / file_name):
            if row.get("quote"):
                curation.figures.setdefault(row.get("article_id") or "", []).append(
                    FigureQuote(
                        row.get("figure_id") or "?", row["quote"], _float_or_none(row.get("value") or "")
                    )
                )
    for row in table_rows(where.data_dir / "excluded.csv"):
        if row.get("quote"):
            curation.excluded.setdefault(row.get("article_id") or "", []).append(
                ExcludedQuote(row["quote"], row.get("reason") or "")
            )
    return curation


def _occurrences(text: str, quote: str) -> Iterable[tuple[int, int]]:
    start = text.find(quote)
    while start != -1:
        yield start, start + len(quote)
        start = text.find(quote, start + 1)


class _Spans(Generic[T]):
    """Every occurrence of some quotes in a text, found by position without scanning them all (a synthetic
    article may hold thousands of quotes)."""

    def __init__(self, text: str, quoted: list[tuple[str, T]]) -> None:
        spans = sorted((a, b, i) for i, (quote, _) in enumerate(quoted) for a, b in _occurrences(text, quote))
        self._starts = [a for a, _, _ in spans]
        self._spans = [(a, b, quoted[i][1]) for a, b, i in spans]
        self._longest = max((b - a for a, b, _ in spans), default=0)

    def _near(self, start: int, end: int) -> list[tuple[int, int, T]]:
        low = bisect.bisect_left(self._starts, start - self._longest)
        high = bisect.bisect_left(self._starts, end)
        return self._spans[low:high]

    def holding(self, start: int, end: int) -> list[T]:
        """What the occurrences that contain [start, end) belong to, shortest occurrence first."""
        found = [(b - a, a, item) for a, b, item in self._near(start, end) if a <= start and end <= b]
        return [item for _, _, item in sorted(found, key=lambda found: found[:2])]

    def cutting(self, start: int, end: int) -> list[T]:
        """What the occurrences that overlap [start, end) without containing it belong to."""
        return [
            item
            for a, b, item in self._near(start, end)
            if a < end and start < b and not (a <= start and end <= b)
        ]


def _context(text: str, line_start: int, line_end: int, start: int, end: int) -> str:
    left = max(line_start, start - CONTEXT_CHARS)
    right = min(line_end, end + CONTEXT_CHARS)
    # cut at spaces, so the context can be copied as a quote without half words
    if left > line_start:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < line_end:
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    return ("…" if left > line_start else "") + text[left:right] + ("…" if right < line_end else "")


def _value_matches(mention: NumberMention, figure: FigureQuote) -> bool:
    if mention.kind == "vague":
        return figure.value is None
    return mention.value is not None and figure.value == mention.value


def classify(
    text: str, figures: list[FigureQuote] | None = None, excluded: list[ExcludedQuote] | None = None
) -> list[Candidate]:
    """Every number in `text`, marked with the figure or exclusion whose quote holds it, or NEW."""
    figure_spans = _Spans(text, [(fig.quote, fig) for fig in figures or []])
    excluded_spans = _Spans(text, [(exc.quote, exc) for exc in excluded or []])
    line_starts = [0] + [newline.end() for newline in re.finditer("\n", text)]
    candidates = []
    for mention in find_numbers(text):
        start, end = mention.start, mention.end
        holding = figure_spans.holding(start, end)
        excluding = excluded_spans.holding(start, end)
        matching = [fig for fig in holding if _value_matches(mention, fig)]
        if matching:
            status, mark = "figure", f"figure {matching[0].figure_id}"
        elif excluding:
            status, mark = "excluded", f"excluded ({excluding[0].reason})"
        elif holding:
            status, mark = "figure", f"figure {holding[0].figure_id}"
        else:
            status, mark = "NEW", "NEW"
            cut = [f"figure {fig.figure_id}" for fig in figure_spans.cutting(start, end)]
            cut += [f"excluded ({exc.reason})" for exc in excluded_spans.cutting(start, end)]
            if cut:
                mark = f"NEW (a quote cuts through it: {'; '.join(dict.fromkeys(cut))})"
        line_index = bisect.bisect_right(line_starts, start) - 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end == -1 else line_end
        context = _context(text, line_starts[line_index], line_end, start, end)
        candidates.append(Candidate(mention, line_index + 1, status, mark, context))
    return candidates


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m figures candidates",
        description="List every number in the given article texts, marked figure <id>, excluded (reason) "
        "or NEW, against the curated tables.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article text files")
    parser.add_argument(
        "--new-only", action="store_true", help="print only the NEW numbers (and the summary)"
    )
    return parser


def main(argv: list[str]) -> int:
    """Run the command; argv excludes the program and the `candidates` word."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error already printed by argparse
        return int(exit_.code or 0)
    curation = load_curation()
    counts = {"figure": 0, "excluded": 0, "NEW": 0}
    files = 0
    exit_code = 0
    for given in args.paths:
        path = Path(given)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            print(f"candidates: cannot read {given}: {reason}", file=sys.stderr)
            exit_code = 2
            continue
        files += 1
        article_id = curation.article_by_file.get(path.name)
        if article_id is None:
            print(f"candidates: {given} is not in articles.csv: every number is NEW", file=sys.stderr)
        figures = curation.figures.get(article_id, []) if article_id else []
        excluded = curation.excluded.get(article_id, []) if article_id else []
        for candidate in classify(text, figures, excluded):
            counts[candidate.status] += 1
            if args.new_only and candidate.status != "NEW":
                continue
            print(
                f"{given}:{candidate.line}: {candidate.mark}: {candidate.mention.text}: {candidate.context}"
            )
    total = sum(counts.values())
    files_word = "file" if files == 1 else "files"
    print(
        f"{total} numbers in {files} {files_word}: {counts['figure']} figure, {counts['excluded']} excluded, "
        f"{counts['NEW']} NEW"
    )
    return exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
