"""The rows that leave the dashboard, the same in the Data page's "Download CSV" and the data API: every
column a row needs to stand alone (the figure, its quantity, its article, its primary source and the
curation line), and a file name that says what was filtered.
"""

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence

import pandas as pd

from figures.rules.schema import FIGURE_SCHEMA
from figures.view.estimates import estimate_ids

EXPORT_COLUMNS: list[str] = [
    *FIGURE_SCHEMA.columns,
    *("label", "unit", "definition", "city", "theme"),  # the quantity
    *("title", "outlet", "outlet_name", "published", "url"),  # the article
    *("cited_name", "primary_source", "primary_name", "primary_kind", "estimate_id"),  # who says it
    "curation_line",  # source_file:source_line, where the row is curated
]
# What export_frame reads: the columns it passes on, and those it derives estimate_id and curation_line from.
SOURCE_COLUMNS: list[str] = [
    *(c for c in EXPORT_COLUMNS if c not in ("estimate_id", "curation_line")),
    *("source_file", "source_line"),
]
NAME_LIMIT = 120  # characters of a file name before the filter part is cut and a digest stands for it


def export_frame(figures: pd.DataFrame) -> pd.DataFrame:
    """`figures` (load()'s joined rows) with EXPORT_COLUMNS, in that order."""
    return figures.assign(
        estimate_id=estimate_ids(figures),
        curation_line=figures["source_file"].astype(str) + ":" + figures["source_line"].astype(str),
    )[EXPORT_COLUMNS]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or _digest(text)  # a name in another script keeps a stable, safe stand-in


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=4).hexdigest()


def file_name(selection: Mapping[str, Sequence[str]], suffix: str) -> str:
    """`figures-city-mosul-theme-casualties.csv` for ?city=Mosul&theme=casualties (`figures-all.csv`
    unfiltered): letters, digits and hyphens only, at most NAME_LIMIT characters before the suffix."""
    parts = [part for key, values in selection.items() if values for part in (key, *map(_slug, values))]
    stem = "-".join(["figures", *parts]) if parts else "figures-all"
    if len(stem) > NAME_LIMIT:
        stem = f"{stem[: NAME_LIMIT - 9].rstrip('-')}-{_digest(stem)}"
    return f"{stem}.{suffix}"
