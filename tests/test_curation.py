"""Curation assumptions, written as checks with messages: what the curated tables must keep saying.

Each test states one judgement of the curation (which claims measure the same quantity, which table a
figure lives in, how the seed texts are kept); a failure means the data changed under that judgement.
"""

import csv
from pathlib import Path

import pytest

from figures.rules.schema import ARTICLE_SCHEMA, EXCLUDED_SCHEMA, FIGURE_SCHEMA, QUANTITY_SCHEMA, THEMES

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DATA = REPO / "figures" / "data"
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


ARTICLES = read(SEEDS / "articles.csv")
QUANTITIES = {row["quantity_id"]: row for row in read(DATA / "quantities.csv")}
FIGURES_BY_THEME = {theme: read(DATA / f"{theme}.csv") for theme in THEMES}
FIGURES = [row for rows in FIGURES_BY_THEME.values() for row in rows]
EXCLUDED = read(DATA / "excluded.csv")
TEXTS = {a["article_id"]: (SEEDS / a["file"]).read_text(encoding="utf-8") for a in ARTICLES}


def figures_of(quantity_id: str) -> list[dict[str, str]]:
    return [f for f in FIGURES if f["quantity_id"] == quantity_id]


# --- seeds -------------------------------------------------------------------------------------------


def test_seed_texts_are_byte_identical_to_shared_seeds():
    # never skipped: the shared seeds sit beside the repository, in CI as in development
    assert SHARED_SEEDS.is_dir(), f"{SHARED_SEEDS} absent: the shared seeds must sit beside the repository"
    shared = sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    ours = {p.name for p in SEEDS.glob("*.txt")}
    # the corpus grows beyond the five shared seeds; each of those must still be here, unchanged
    assert not set(shared) - ours, f"shared seed texts missing from seeds/: {sorted(set(shared) - ours)}"
    for name in shared:
        assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), (
            f"seeds/{name} is not byte-identical to {SHARED_SEEDS / name}: texts are kept exactly as received"
        )


def test_every_article_has_its_text_and_every_text_is_listed():
    listed = {a["file"] for a in ARTICLES}
    on_disk = {p.name for p in SEEDS.glob("*.txt")}
    assert not listed - on_disk, f"articles.csv lists files missing from seeds/: {sorted(listed - on_disk)}"
    assert not on_disk - listed, f"seed texts not listed in articles.csv: {sorted(on_disk - listed)}"


def test_articles_known_csv_is_not_copied_as_is():
    assert not (SEEDS / "articles-known.csv").exists(), (
        "seeds/articles-known.csv must not be copied: seeds/articles.csv replaces it in the schema's columns"
    )


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        (SEEDS / "articles.csv", ARTICLE_SCHEMA),
        (DATA / "quantities.csv", QUANTITY_SCHEMA),
        (DATA / "excluded.csv", EXCLUDED_SCHEMA),
        *[(DATA / f"{theme}.csv", FIGURE_SCHEMA) for theme in THEMES],
    ],
    ids=lambda x: x.name if isinstance(x, Path) else "",
)
def test_columns_are_exactly_the_schema_columns(path, schema):
    assert header(path) == list(schema.columns), (
        f"{path.name}: columns must be exactly {list(schema.columns)}"
    )


def test_unknown_article_facts_are_empty_not_placeholders():
    for a in ARTICLES:
        for column in ("title", "outlet", "author", "published", "url"):
            value = a[column].lower()
            for placeholder in ("not found", "unknown", "unconfirmed", "(from url slug"):
                assert placeholder not in value and value not in ("n/a", "none", "?", "-"), (
                    f"{a['article_id']}.{column} = {a[column]!r}: unknown or unconfirmed is written empty, "
                    "with the candidate and its basis in notes"
                )
        if a["published"]:
            assert a["published_basis"], f"{a['article_id']}: a published date needs its basis"
        if a["url"]:
            assert a["url_basis"], f"{a['article_id']}: a url needs its basis"


def test_inferred_publication_dates_say_so():
    by_id = {a["article_id"]: a for a in ARTICLES}
    proletarian = by_id["proletarian-2016-12"]
    assert proletarian["published"] == "2016-12" and proletarian["published_basis"].startswith("inferred:"), (
        "the Proletarian article's date is only inferred (not before 2016-11-16, likely December 2016)"
    )
    washex = by_id["washex-2017-07"]
    assert washex["published_basis"].startswith("inferred:"), (
        "the Washington Examiner original's date is unknown"
    )
    assert "2017-07-26" in washex["published_basis"] and "repost" in washex["published_basis"].lower(), (
        "washex-2017-07 must say the text is a WordPress repost dated 2017-07-26 of an undated original"
    )


def test_article_003_is_listed_but_has_no_figures():
    assert "washex-2017-07" in TEXTS, "the Washington Examiner repost is a seed article and must be listed"
    assert not [f for f in FIGURES if f["article_id"] == "washex-2017-07"], (
        "the Washington Examiner piece prints no casualty, bombing, displacement or forces figure"
    )


# --- figures -----------------------------------------------------------------------------------------


def test_each_figure_table_holds_only_its_theme():
    for theme, rows in FIGURES_BY_THEME.items():
        for f in rows:
            q = QUANTITIES.get(f["quantity_id"])
            assert q is not None, f"{f['figure_id']}: unknown quantity {f['quantity_id']}"
            assert q["theme"] == theme, (
                f"{f['figure_id']} is in {theme}.csv, its quantity {f['quantity_id']} is {q['theme']}"
            )


def test_figure_ids_are_unique_and_start_with_their_article():
    ids = [f["figure_id"] for f in FIGURES]
    assert len(ids) == len(set(ids)), f"duplicate figure_ids: {sorted({i for i in ids if ids.count(i) > 1})}"
    for f in FIGURES:
        assert f["figure_id"].startswith(f["article_id"] + "-"), (
            f"{f['figure_id']}: prefix it with its article_id"
        )


def test_every_quantity_is_used():
    used = {f["quantity_id"] for f in FIGURES}
    assert not set(QUANTITIES) - used, f"quantities without figures: {sorted(set(QUANTITIES) - used)}"


def test_quotes_occur_exactly_once_on_one_line_of_their_article():
    for f in FIGURES:
        assert "\n" not in f["quote"], f"{f['figure_id']}: a quote lies on one line of the text"
        n = TEXTS[f["article_id"]].count(f["quote"])
        assert n == 1, (
            f"{f['figure_id']}: quote {f['quote']!r} occurs {n} times in {f['article_id']}, must be once"
        )
    for e in EXCLUDED:
        assert e["quote"] in TEXTS[e["article_id"]], f"excluded quote {e['quote']!r} not in {e['article_id']}"


def test_vague_figures_have_no_value_ranges_have_ends_and_others_have_one():
    for f in FIGURES:
        if f["bound"] == "vague":
            assert f["value"] == "", f"{f['figure_id']}: a vague amount has no value"
            assert f["low"] and f["high"], (
                f"{f['figure_id']}: a vague amount takes low/high from the rule table"
            )
        elif f["bound"] == "range":
            # a range's two ends are its low and high ("30,000-50,000"); value may stay empty, as check allows
            assert f["low"] and f["high"], f"{f['figure_id']}: a range needs both ends as low and high"
        else:
            assert f["value"] != "", f"{f['figure_id']}: a {f['bound']} figure needs its printed value"


def test_hundreds_of_thousands_is_one_vague_amount():
    (f,) = [f for f in FIGURES if "hundreds of thousands" in f["quote"]]
    assert (f["low"], f["high"]) == ("200000", "999999"), (
        f"{f['figure_id']}: 'hundreds of thousands' is 200,000-999,999, not the span of 'hundreds' to it"
    )


def test_march_17_strike_holds_wsws_and_antimedia_claims():
    rows = figures_of("mosul-2017-03-17-strike-deaths")
    by_article = {f["article_id"]: f for f in rows}
    assert {"wsws-2017-03-27", "antimedia-2017-07-11"} <= set(by_article), (
        "the 17 March 2017 Mosul strike holds the WSWS 'as many as 200' and the Anti-Media 'close to 300'"
    )
    assert (by_article["wsws-2017-03-27"]["value"], by_article["wsws-2017-03-27"]["bound"]) == (
        "200",
        "at_most",
    )
    anti = by_article["antimedia-2017-07-11"]
    assert (anti["value"], anti["bound"]) == ("300", "approx_below")
    assert "infer" in anti["notes"].lower(), (
        "Anti-Media does not date its 'one such air raid': notes must say the 17 March link is inferred"
    )
    assert all(f["period_start"] == f["period_end"] == "2017-03-17" for f in rows)


def test_fled_mosul_holds_march_and_july_claims_at_different_dates():
    rows = figures_of("mosul-fled-since-offensive")
    assert QUANTITIES["mosul-fled-since-offensive"]["kind"] == "cumulative"
    by_article = {f["article_id"]: f for f in rows}
    assert {"wsws-2017-03-27", "antimedia-2017-07-11"} <= set(by_article), (
        "people who fled Mosul since the offensive: WSWS (March 2017) and the U.N. via Anti-Media (July 2017)"
    )
    march, july = by_article["wsws-2017-03-27"], by_article["antimedia-2017-07-11"]
    assert (march["value"], march["qualifier"], march["bound"]) == ("200000", "well over", "at_least")
    assert (july["value"], july["qualifier"], july["bound"], july["cited_source"]) == (
        "742000",
        "more than",
        "at_least",
        "un",
    )
    assert march["period_end"] < july["period_end"], "a cumulative count at two dates: period_end must differ"


def test_daily_flight_holds_march_and_july_claims():
    rows = figures_of("mosul-fleeing-per-day")
    assert QUANTITIES["mosul-fleeing-per-day"]["kind"] == "rate"
    assert {(f["article_id"], f["bound"]) for f in rows} >= {
        ("antimedia-2017-07-11", "approx"),
        ("wsws-2017-03-27", "at_least"),
        ("wsws-2017-03-27", "vague"),
    }, "daily flight: WSWS 'thousands' and 'more than 10,000 ... most days', U.N. 'approximately 10,000'"


def test_trapped_in_mosul_holds_the_rt_and_wsws_claims():
    rows = figures_of("mosul-civilians-trapped")
    values = {(f["article_id"], f["value"]) for f in rows}
    assert values >= {
        ("proletarian-2016-12", "1000000"),
        ("wsws-2017-03-27", ""),
        ("wsws-2017-03-27", "400000"),
    }, "trapped in ISIS-held Mosul: RT's one million (Nov 2016), WSWS's 400,000 and 'hundreds of thousands'"
    rt = next(f for f in rows if f["value"] == "1000000")
    assert "ISIS-held" in rt["notes"], (
        "the notes must say why 'in Mosul' (Nov 2016) = 'ISIS-held areas' (Mar 2017)"
    )
    assert rt["cited_source"] == "ziad-haidar" and rt["cited_via"] == "rt"
    assert rt["cited_as"] == "a commentator on RT"


def test_us_bombs_since_2014_holds_both_84000_claims():
    rows = figures_of("us-bombs-iraq-syria-since-2014")
    assert sorted((f["article_id"], f["value"], f["bound"]) for f in rows) == [
        ("antimedia-2017-07-11", "84000", "at_least"),
        ("antimedia-2017-07-11", "84000", "exact"),
    ], "Anti-Media prints 84,000 bombs twice, once plain and once 'over': two figures of one quantity"


def test_different_death_counts_are_different_quantities():
    observatory = [f for f in FIGURES if f["cited_source"] == "iraqi-observatory"]
    airwars = [f for f in FIGURES if f["cited_source"] == "airwars"]
    assert observatory and airwars
    assert {f["quantity_id"] for f in observatory if "death" in f["quote"]}.isdisjoint(
        {f["quantity_id"] for f in airwars}
    ), "West Mosul deaths since February 2017 and Airwars' Iraq-and-Syria minimum are not one quantity"


def test_projection_is_marked_as_such():
    (f,) = [f for f in FIGURES if f["qualifier"] == "could rise to"]
    assert "projection" in f["notes"].lower(), f"{f['figure_id']}: say in notes that it is a projection"


def test_excluded_rows_are_unique_and_reasoned():
    keys = [(e["article_id"], e["quote"]) for e in EXCLUDED]
    assert len(keys) == len(set(keys)), "an excluded (article_id, quote) appears twice"
    assert all(e["reason"].strip() for e in EXCLUDED), "every excluded number needs a reason"
    figure_quotes = {(f["article_id"], f["quote"]) for f in FIGURES}
    assert not figure_quotes & set(keys), "a quote is either a figure or excluded, never both"
