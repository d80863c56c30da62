"""`python -m figures synthesize`: a synthetic package of N figures, for benchmarks and broken-input tests.

The package has the real layout (`DIR/data/*.csv`, `DIR/seeds/articles.csv` and one text per article) and
the real schema (figures.rules.schema). Every quote occurs exactly once in its article's text, its number
is the figure's `value`, and qualifier, bound, low and high follow the rule table (figures.rules.bounds),
so the output passes `python -m figures check --root DIR`. Nothing is real: every outlet, number and
sentence is made up, and every article says so in its notes.

Rows are streamed article by article (memory stays flat) and the output depends only on N and --seed.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from figures.rules.bounds import RULES_BY_BOUND, derived_interval
from figures.rules.schema import (
    ARTICLE_SCHEMA,
    EXCLUDED_SCHEMA,
    FIGURE_FILES,
    FIGURE_SCHEMA,
    QUANTITY_SCHEMA,
    SOURCE_SCHEMA,
)
from figures.tables.layout import layout

FIGURES_PER_ARTICLE = 40  # mean; short texts keep `figures check` (a substring search per quote) fast


@dataclass(frozen=True)
class Metric:
    name: str
    theme: str
    unit: str
    noun: str  # what follows the number in a sentence
    verb: str  # what precedes it; a word, so one quote's number never ends inside another's
    kind: str
    median: float  # typical value (log-normal)
    spread: float  # sigma of log(value)
    percent: bool = False


METRICS: tuple[Metric, ...] = (
    Metric(
        "civilians_killed", "casualties", "people", "civilians killed", "reported", "cumulative", 900, 1.6
    ),
    Metric("killed", "casualties", "people", "people killed", "counted", "cumulative", 1500, 1.6),
    Metric("injured", "casualties", "people", "people wounded", "listed", "cumulative", 2500, 1.5),
    Metric(
        "bodies_unrecovered", "casualties", "people", "bodies under the rubble", "left", "stock", 800, 1.3
    ),
    Metric("bombs_dropped", "bombing", "bombs", "bombs dropped", "recorded", "cumulative", 9000, 1.4),
    Metric("munitions", "bombing", "munitions", "munitions fired", "tallied", "cumulative", 20000, 1.5),
    Metric(
        "buildings_destroyed", "bombing", "buildings", "buildings destroyed", "saw", "cumulative", 3000, 1.3
    ),
    Metric(
        "share_destroyed", "bombing", "per cent", "per cent of homes destroyed", "put", "stock", 45, 0.5, True
    ),
    Metric("displaced", "displacement", "people", "people displaced", "registered", "cumulative", 90000, 1.5),
    Metric(
        "displaced_per_day",
        "displacement",
        "people per day",
        "people fleeing each day",
        "saw",
        "rate",
        4000,
        1.0,
    ),
    Metric("trapped", "displacement", "people", "civilians trapped", "left", "stock", 150000, 1.2),
    Metric("fighters", "forces", "fighters", "fighters", "fielded", "stock", 5000, 1.4),
)

# City -> (weight, finer places). Mosul, Raqqa and Aleppo dominate, as in the seed articles.
CITIES: dict[str, tuple[float, tuple[str, ...]]] = {
    "Mosul": (30, ("", "West Mosul", "East Mosul", "Old City", "al-Jadida", "Nineveh province")),
    "Raqqa": (22, ("", "Old City", "Tabqa", "eastern districts", "Raqqa province")),
    "Aleppo": (22, ("", "East Aleppo", "West Aleppo", "Old City", "Bustan al-Qasr")),
    "Tal Afar": (3, ("",)),
    "Hawija": (2, ("",)),
    "Deir ez-Zor": (3, ("", "Deir ez-Zor province")),
    "Fallujah": (2, ("",)),
    "Ramadi": (2, ("",)),
    "Palmyra": (2, ("",)),
    "Manbij": (2, ("",)),
    "al-Bab": (2, ("",)),
    "Homs": (2, ("", "al-Waer")),
    "Idlib": (2, ("", "Idlib province")),
    "Iraq and Syria": (4, ("",)),
}

OUTLETS: tuple[str, ...] = (
    "World Socialist Web Site", "The Anti-Media", "HuffPost", "Proletarian", "Washington Examiner",
    "Daily Dispatch", "The Frontline Review", "Morning Courier", "Eastern Gazette", "People's Voice",
    "The Liberty Post", "Red Flag Weekly", "The National Interest Watch", "Citizen Ledger", "Global Monitor",
    "The Levant Observer", "Tigris Times", "Euphrates Herald", "The Free Press Collective", "Counterpoint",
    "The Patriot Journal", "Solidarity Now", "Desert Bulletin", "The Evening Standardist",
    "Open Source Weekly", "Northern Star", "The Analyst", "Workers' Tribune", "Coalition Affairs",
    "Crescent Review",
)  # fmt: skip

CITED: tuple[str, ...] = (
    "U.N.", "Airwars", "Pentagon", "Iraqi Observatory for Human Rights", "Amnesty International",
    "Syrian Observatory for Human Rights", "Human Rights Watch", "UNHCR", "OCHA", "CENTCOM",
    "Iraqi Joint Operations Command", "Kurdish officials", "Syrian Arab Army", "Russian Defence Ministry",
    "White Helmets", "Red Cross", "Mosul city council", "Raqqa Is Being Slaughtered Silently",
    "local medics", "Iraqi Health Ministry", "U.S. State Department", "Save the Children",
)  # fmt: skip
VIA: tuple[str, ...] = ("Reuters", "AP", "AFP", "the BBC", "Al Jazeera", "RT", "city officials", "witnesses")
COALITION, IRAQ, SYRIA = "US-led coalition", "Iraqi government", "Syrian government and allies"
# (kind, side) of every source that is not an outlet (outlets are media with no side)
SOURCE_KINDS: dict[str, tuple[str, str]] = {
    "U.N.": ("un_agency", ""), "UNHCR": ("un_agency", ""), "OCHA": ("un_agency", ""),
    "Airwars": ("ngo_monitor", ""), "Iraqi Observatory for Human Rights": ("ngo_monitor", ""),
    "Amnesty International": ("ngo_monitor", ""), "Syrian Observatory for Human Rights": ("ngo_monitor", ""),
    "Human Rights Watch": ("ngo_monitor", ""), "White Helmets": ("ngo_monitor", ""),
    "Red Cross": ("ngo_monitor", ""), "Save the Children": ("ngo_monitor", ""),
    "Raqqa Is Being Slaughtered Silently": ("ngo_monitor", ""), "Pentagon": ("military", COALITION),
    "CENTCOM": ("military", COALITION), "U.S. State Department": ("government", COALITION),
    "Iraqi Joint Operations Command": ("military", IRAQ), "Iraqi Health Ministry": ("government", IRAQ),
    "Mosul city council": ("local_authority", IRAQ), "Kurdish officials": ("local_authority", "SDF"),
    "Syrian Arab Army": ("military", SYRIA), "Russian Defence Ministry": ("government", SYRIA),
    "local medics": ("individual", ""), "city officials": ("local_authority", ""),
    "witnesses": ("individual", ""), "RT": ("media", SYRIA),
}  # fmt: skip

# Words around a quote. No digits and no number words, so the only numbers in a text are the quotes'
# and the excluded datelines' (`figures candidates` would flag anything else as NEW).
LEADS: tuple[str, ...] = (
    "According to the latest count,", "Officials said that the campaign", "The report",
    "Residents said the siege", "Aid workers say the offensive", "By this week the assault",
    "Monitors said the battle", "Critics note the coalition", "Local sources said the fighting",
)  # fmt: skip
TAILS: tuple[str, ...] = (
    "", " since the offensive began", " during the siege", " by the end of the month",
    " in the latest phase of the battle", " according to those on the ground",
)  # fmt: skip
FILLER: tuple[str, ...] = (
    "The streets were silent after the strikes.",
    "Nobody could say when the water would return.",
    "Families fled toward the river with what they could carry.",
    "The coalition says it takes every precaution.",
    "Hospitals ran short of fuel and medicine.",
    "Journalists were kept away from the front.",
    "The government declared victory while the rubble still smoked.",
    "Aid convoys waited at the checkpoints for days.",
)
GENRE_WEIGHTS = {"news": 5, "opinion": 3, "analysis": 2, "report": 1}
BOUND_WEIGHTS = {
    "exact": 30, "at_least": 15, "at_most": 12, "approx": 20, "approx_below": 8, "range": 8, "vague": 7,
}  # fmt: skip
# Vague amounts a quote may print, by rough size of the quantity (see figures.rules.bounds.VAGUE_AMOUNTS).
VAGUE_WORDS: tuple[tuple[float, str], ...] = (
    (100, "dozens of"),
    (1_000, "hundreds of"),
    (10_000, "thousands of"),
    (100_000, "tens of thousands of"),
    (1_000_000, "hundreds of thousands of"),
    (math.inf, "millions of"),
)

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


@dataclass(frozen=True)
class Quantity:
    quantity_id: str
    metric: Metric
    city: str
    place: str
    scope: str
    start: str
    end: str


def _month(index: int) -> str:
    """Month `index` of the window Sept 2016 .. Dec 2017 as YYYY-MM."""
    year, month = divmod(8 + index, 12)
    return f"{2016 + year}-{month + 1:02d}"


def _quantities(rng: random.Random, count: int) -> list[Quantity]:
    cities = list(CITIES)
    weights = [CITIES[c][0] for c in cities]
    out: list[Quantity] = []
    for i in range(count):
        metric = METRICS[i % len(METRICS)]  # every metric (so every theme) is present even for tiny N
        city = rng.choices(cities, weights)[0]
        place = rng.choice(CITIES[city][1])
        first = rng.randrange(0, 14)
        last = min(15, first + rng.randrange(0, 6))
        start, end = _month(first), _month(last)
        where = place or city
        scope = f"{metric.noun} in {where}, {start} to {end}"
        qid = f"{slug(city)}-{slug(place) + '-' if place else ''}{slug(metric.name)}-q{i:05d}"
        out.append(Quantity(qid, metric, city, place, scope, start, end))
    return out


def _quantity_row(q: Quantity) -> dict[str, str]:
    where = f"{q.place}, {q.city}" if q.place else q.city
    return {
        "quantity_id": q.quantity_id,
        "label": f"{q.metric.noun.capitalize()}, {where}",
        "theme": q.metric.theme,
        "metric": q.metric.name,
        "unit": q.metric.unit,
        "city": q.city,
        "place": q.place,
        "kind": q.metric.kind,
        "scope": q.scope,
        "definition": f"Synthetic: {q.metric.noun} in {where} ({q.metric.kind}).",
    }


def _number(value: float) -> str:
    """As an article prints it: thousands separated by commas, no trailing .0."""
    return f"{int(value):,}" if value == int(value) else f"{value:,}"


def _fmt(value: float) -> str:
    """As the tables store it: a plain number, empty for NaN."""
    if value != value:  # NaN: an open side
        return ""
    return str(int(value)) if value == int(value) else repr(value)


def _value(rng: random.Random, metric: Metric) -> float:
    if metric.percent:
        return float(rng.randint(5, 95))
    raw = rng.lognormvariate(math.log(metric.median), metric.spread)
    # Articles print round numbers more often than not
    digits = max(0, len(str(int(raw))) - rng.choice((1, 2, 2, 3)))
    return float(max(2, round(raw, -digits)))


def _claim(rng: random.Random, q: Quantity) -> tuple[str, str, str, float, float, float]:
    """(number text with qualifier, qualifier, bound, value, low, high) of one claim."""
    bound = rng.choices(list(BOUND_WEIGHTS), list(BOUND_WEIGHTS.values()))[0]
    if q.metric.percent and bound == "vague":
        bound = "approx"  # "hundreds of per cent" would be nonsense
    value = _value(rng, q.metric)
    if bound == "range":
        high = float(round(value * rng.uniform(1.1, 1.6)))
        return f"between {_number(value)} and {_number(high)}", "between", bound, math.nan, value, high
    if bound == "vague":
        word = next(w for limit, w in VAGUE_WORDS if value < limit)
        low, high = derived_interval(math.nan, "vague", word)
        # The vague amount itself carries the meaning; a hedge ("perhaps") is the qualifier where printed
        qualifier = rng.choice(RULES_BY_BOUND["vague"].qualifiers) if rng.random() < 0.3 else ""
        return (f"{qualifier} {word}" if qualifier else word), qualifier, bound, math.nan, low, high
    qualifier = "" if bound == "exact" else rng.choice(RULES_BY_BOUND[bound].qualifiers)
    low, high = derived_interval(value, bound)
    number = _number(value)
    return (f"{qualifier} {number}" if qualifier else number), qualifier, bound, value, low, high


@dataclass
class Writers:
    figures: dict[str, csv.DictWriter]
    articles: csv.DictWriter
    excluded: csv.DictWriter
    files: list[TextIO]
    sources: set[str]  # the names used so far: sources.csv holds these (every source must be used)


def _open(path: Path, columns: list[str], files: list[TextIO]) -> csv.DictWriter:
    handle = path.open("w", encoding="utf-8", newline="")
    files.append(handle)
    writer = csv.DictWriter(handle, columns, lineterminator="\n")
    writer.writeheader()
    return writer


def _article(
    rng: random.Random, index: int, n_figures: int, quantities: list[Quantity], seeds: Path, w: Writers
) -> None:
    outlet_index = min(int(rng.paretovariate(1.2)) - 1, len(OUTLETS) - 1)  # a few outlets write most
    outlet = OUTLETS[outlet_index]
    month = _month(rng.randrange(2, 16))
    published = f"{month}-{rng.randint(1, 28):02d}" if rng.random() < 0.8 else month
    article_id = f"{slug(outlet)}-{published}-a{index:06d}"
    genre = rng.choices(list(GENRE_WEIGHTS), list(GENRE_WEIGHTS.values()))[0]
    theme_of_article = rng.choice(quantities).city  # articles mostly talk about one city
    local = [q for q in rng.sample(quantities, min(len(quantities), 60)) if q.city == theme_of_article]
    pool = local + rng.sample(quantities, min(len(quantities), 8))

    while True:  # almost always one pass; a clash (two identical quotes) redraws the article
        sentences: list[str] = [f"{outlet}: a synthetic article about the war in {theme_of_article}."]
        excluded: list[dict[str, str]] = []
        if index % 5 == 0:  # some texts carry a dateline, a number that is not a figure
            dateline = f"date {published}"
            sentences.insert(0, dateline)
            excluded.append({"article_id": article_id, "quote": dateline, "reason": "publication date"})
        rows: list[tuple[str, dict[str, str]]] = []  # (theme, row)
        used: set[str] = set()
        for k in range(n_figures):
            while True:  # the same claim twice in one article would make its quote ambiguous: draw again
                q = rng.choice(pool)
                number, qualifier, bound, value, low, high = _claim(rng, q)
                quote = f"{q.metric.verb} {number} {q.metric.noun} in {q.place or q.city}"
                if quote not in used:
                    used.add(quote)
                    break
            sentences.append(f"{rng.choice(LEADS)} {quote}{rng.choice(TAILS)}.")
            if rng.random() < 0.3:
                sentences.append(rng.choice(FILLER))
            cited = rng.choice(CITED) if rng.random() < 0.6 else ""
            via = rng.choice(VIA) if cited and rng.random() < 0.2 else ""
            w.sources.update(x for x in (cited, via) if x)
            stock = q.metric.kind == "stock"
            rows.append(
                (
                    q.metric.theme,
                    {
                        "figure_id": f"{article_id}-{slug(q.metric.name)}-f{k:03d}",
                        "article_id": article_id,
                        "quantity_id": q.quantity_id,
                        "quote": quote,
                        "value": _fmt(value),
                        "qualifier": qualifier,
                        "bound": bound,
                        "low": _fmt(low),
                        "high": _fmt(high),
                        "period_start": "" if stock else q.start,
                        "period_end": q.end,
                        "cited_source": slug(cited),
                        "cited_as": cited,
                        "cited_via": slug(via),
                        "notes": "synthetic" if rng.random() < 0.05 else "",
                    },
                )
            )
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        text = "\n\n".join(paragraphs) + "\n"
        # The contract: each quote occurs exactly once in its article (str.count is a fast C search)
        if all(text.count(r["quote"]) == 1 for _, r in rows) and all(
            text.count(e["quote"]) == 1 for e in excluded
        ):
            break

    w.sources.add(outlet)
    file = f"{article_id}.txt"
    (seeds / file).write_text(text, encoding="utf-8")
    w.articles.writerow(
        {
            "article_id": article_id,
            "file": file,
            "title": f"Synthetic dispatch {index} on {theme_of_article}",
            "outlet": slug(outlet),
            "author": "" if rng.random() < 0.3 else f"Staff writer {slug(outlet)[:12]}",
            "published": published,
            "published_basis": "stated in text" if index % 5 == 0 else "inferred: synthetic",
            "url": f"https://example.org/{article_id}",
            "url_basis": "synthetic",
            "genre": genre,
            "notes": "Synthetic article generated by `python -m figures synthesize`; not a real text.",
        }
    )
    for theme, row in rows:
        w.figures[theme].writerow(row)
    for row in excluded:
        w.excluded.writerow(row)


def synthesize(out: Path, n_figures: int, seed: int = 0) -> dict[str, int]:
    """Write the package under `out` (replacing its data/ and seeds/); return counts of what was written."""
    rng = random.Random(seed)
    target = layout(out)
    for folder in (target.data_dir, target.seeds_dir):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    n_quantities = max(len(METRICS), min(5_000, n_figures // 200))
    quantities = _quantities(rng, n_quantities)

    files: list[TextIO] = []
    try:
        quantity_writer = _open(target.data_dir / "quantities.csv", list(QUANTITY_SCHEMA.columns), files)
        for q in quantities:
            quantity_writer.writerow(_quantity_row(q))
        w = Writers(
            figures={
                theme: _open(target.data_dir / name, list(FIGURE_SCHEMA.columns), files)
                for theme, name in FIGURE_FILES.items()
            },
            articles=_open(target.articles_csv, list(ARTICLE_SCHEMA.columns), files),
            excluded=_open(target.data_dir / "excluded.csv", list(EXCLUDED_SCHEMA.columns), files),
            files=files,
            sources=set(),
        )
        written, index = 0, 0
        while written < n_figures:
            count = min(
                n_figures - written, rng.randint(FIGURES_PER_ARTICLE // 2, FIGURES_PER_ARTICLE * 3 // 2)
            )
            _article(rng, index, count, quantities, target.seeds_dir, w)
            written += count
            index += 1
        sources = _open(target.data_dir / "sources.csv", list(SOURCE_SCHEMA.columns), files)
        for name in sorted(w.sources):
            kind, side = SOURCE_KINDS.get(name, ("media", ""))
            sources.writerow(
                {"source_id": slug(name), "name": name, "kind": kind, "side": side, "notes": "Synthetic."}
            )
    finally:
        for handle in files:
            handle.close()
    return {"figures": n_figures, "quantities": n_quantities, "articles": index}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m figures synthesize",
        description="Write a synthetic data package (DIR/data, DIR/seeds) of N figures in the real schema.",
    )
    parser.add_argument("--figures", type=int, required=True, metavar="N", help="number of figures")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="package root to (over)write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same package)")
    args = parser.parse_args(argv)
    if args.figures < 1:
        parser.error("--figures must be at least 1")
    started = time.perf_counter()
    counts = synthesize(args.out, args.figures, args.seed)
    print(
        f"wrote {counts['figures']} figures, {counts['quantities']} quantities, "
        f"{counts['articles']} articles to {args.out} in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
