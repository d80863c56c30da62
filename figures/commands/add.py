"""`python -m figures add PATH [--url URL]`: bring an article in, from a saved web page (.html) or a text.

A page's text and metadata (title, author, date, site name) are extracted with trafilatura; a `.txt` is
taken as it is. The text is written into seeds/ exactly as extracted, its articles.csv row is appended
with the basis of each fact ("page metadata", "given on the command line", empty when unknown), and the
draft rows (figures.rules.drafting) are written to two review files for the curator to correct and move
into the tables; `python -m figures check` then says what is still wrong. Nothing is overwritten: an
article id, a file name or a text already in seeds/ is refused (exit 1). Exit 2 when PATH cannot be read.
"""

import argparse
import csv
import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from figures.commands.candidates import table_rows
from figures.commands.draft import draft_article, write_csv
from figures.rules.attribution import SourceNames, slug
from figures.rules.drafting import FIGURE_COLUMNS
from figures.rules.schema import ARTICLE_SCHEMA, EXCLUDED_SCHEMA
from figures.tables.layout import Layout, layout
from figures.tables.read import MAX_TEXT_BYTES, FileRefused, read_file

PAGE_METADATA = "page metadata"
COMMAND_LINE = "given on the command line"
MAX_PAGE_BYTES = 16 << 20  # a saved page carries markup and scripts around its text


class Refused(Exception):
    """Adding would overwrite something, or there is nothing to add: the message says which."""


@dataclass(frozen=True)
class Page:
    text: str
    title: str = ""
    author: str = ""
    published: str = ""
    site: str = ""
    url: str = ""


def read_page(path: Path, url: str | None) -> Page:
    """The article in a saved page (`.html`, `.htm`) or a text file (anything else, as UTF-8)."""
    if path.suffix.lower() not in (".html", ".htm"):
        return Page(read_file(path, MAX_TEXT_BYTES).decode("utf-8"))
    import trafilatura  # only `add` needs it, and it takes a second to import

    raw = read_file(path, MAX_PAGE_BYTES)
    found = trafilatura.bare_extraction(
        raw.decode("utf-8", errors="replace"), url=url, with_metadata=True, include_comments=False
    )
    if found is None or not (found.text or "").strip():
        raise Refused(f"{path}: no article text found in the page")
    return Page(
        text=found.text,
        title=found.title or "",
        author=found.author or "",
        published=found.date or "",
        site=found.sitename or found.hostname or "",
        url=found.url or "",
    )


def _outlet(where: Layout, site: str) -> tuple[str, str]:
    """The outlet's source id for a site name, and how it was found."""
    if not site:
        return "", ""
    sources = table_rows(where.data_dir / "sources.csv")
    by_name = SourceNames({row["source_id"]: [row["name"]] for row in sources}).find(site)
    if by_name:
        return by_name[0], f"outlet: the page's site name '{site}' is the registry's {by_name[0]}"
    return slug(site), f"outlet: a NEW source id from the page's site name '{site}': add it to sources.csv"


def add(
    where: Layout,
    path: Path,
    *,
    url: str | None = None,
    article_id: str | None = None,
    published: str | None = None,
    review_dir: Path = Path("."),
) -> list[Path]:
    """Write the text, its articles.csv row and the review files; the paths written, in order."""
    page = read_page(path, url)
    outlet, outlet_note = _outlet(where, page.site)
    date = published or page.published
    article_id = article_id or slug(f"{outlet or path.stem} {date}")
    text_path = where.seeds_dir / f"{article_id}.txt"
    reviews = {name: review_dir / f"{article_id}.{name}.csv" for name in ("figures", "excluded")}
    _refuse_existing(where, article_id, [text_path, *reviews.values()], page.text)
    row = dict.fromkeys(ARTICLE_SCHEMA.columns, "")
    basis = {
        "title": PAGE_METADATA if page.title else "",
        "author": PAGE_METADATA if page.author else "",
    }
    row.update(
        article_id=article_id,
        file=text_path.name,
        title=page.title,
        outlet=outlet,
        author=page.author,
        published=date,
        published_basis=COMMAND_LINE if published else PAGE_METADATA if page.published else "",
        url=url or page.url,
        url_basis=COMMAND_LINE if url else PAGE_METADATA if page.url else "",
        notes="; ".join(
            [f"Added with `python -m figures add` from {path.name}"]
            + [f"{fact}: {how}" for fact, how in basis.items() if how]
            + ([outlet_note] if outlet_note else [])
        )
        + ".",
    )
    with text_path.open("x", encoding="utf-8", newline="") as handle:
        handle.write(page.text)
    _append(where.articles_csv, row)
    drafted = draft_article(where, page.text, text_path.name, article_id)
    review_dir.mkdir(parents=True, exist_ok=True)
    written = [text_path, where.articles_csv]
    for name, rows, columns in (
        ("figures", drafted.figures, FIGURE_COLUMNS),
        ("excluded", drafted.excluded, list(EXCLUDED_SCHEMA.columns)),
    ):
        review = reviews[name]
        with review.open("x", encoding="utf-8", newline="") as handle:
            write_csv(rows, columns, handle)
        written.append(review)
    return written


def _refuse_existing(where: Layout, article_id: str, paths: list[Path], text: str) -> None:
    """Refused before anything is written: an article that is there, a file that would be overwritten
    (the text, a review file), the same text under another name."""
    articles = table_rows(where.articles_csv)
    if any(row.get("article_id") == article_id for row in articles):
        raise Refused(f"article {article_id!r} is already in {where.articles_csv.name}: give --article-id")
    for path in paths:
        if path.exists() or path.is_symlink():
            raise Refused(f"{path} already exists: nothing is overwritten")
    digest = hashlib.sha256(text.encode()).digest()
    for existing in where.seeds_dir.glob("*.txt"):
        if existing.is_file() and hashlib.sha256(existing.read_bytes()).digest() == digest:
            raise Refused(f"the same text is already in seeds/ as {existing.name}")


def _append(table: Path, row: dict[str, str]) -> None:
    existing = table.read_bytes() if table.exists() else b""
    with table.open("a", encoding="utf-8", newline="") as handle:
        if existing and not existing.endswith(b"\n"):
            handle.write("\n")
        writer = csv.DictWriter(handle, fieldnames=list(row), lineterminator="\n")
        if not existing:
            writer.writeheader()
        writer.writerow(row)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m figures add", description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a saved web page (.html) or an article text")
    parser.add_argument("--url", help="where the page was found")
    parser.add_argument("--article-id", help="the new article's id (default: outlet and date)")
    parser.add_argument("--published", help="the publication date, ISO 8601 cut to the known precision")
    parser.add_argument(
        "--review-dir", type=Path, default=Path("."), help="where the draft rows go (default: .)"
    )
    parser.add_argument(
        "--root", help="a data package holding data/ and seeds/ (default: FIGURES_ROOT or the repo)"
    )
    args = parser.parse_args(argv)
    try:
        written = add(
            layout(args.root),
            args.path,
            url=args.url,
            article_id=args.article_id,
            published=args.published,
            review_dir=args.review_dir,
        )
    except Refused as err:
        print(f"python -m figures add: {err}", file=sys.stderr)
        return 1
    except (OSError, FileRefused, UnicodeDecodeError) as err:
        print(f"python -m figures add: {args.path}: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    print(
        f"next: correct {written[2].name} and {written[3].name}, move their rows into the figure tables and "
        "excluded.csv, then run `python -m figures check` and `python -m figures candidates` on the text"
    )
    return 0
