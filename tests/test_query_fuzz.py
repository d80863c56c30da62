"""Hostile URL query strings on every page: never an exception; unknown keys and values give a notice and are
left out of the filters, known values (in any case) are applied.

Hypothesis builds the query strings (unknown keys and values, empty, 5-10k characters, repeated keys, odd
unicode, HTML/JS payloads); each example is one AppTest session deep-linked to one page.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from figures.commands.synthesize import synthesize
from figures.rules.schema import FIGURE_FILES, THEMES
from figures.tables.layout import REPO
from figures.view.filters import FILTERS
from figures.view.pages import PAGE_KEYS

APP = str(REPO / "dashboard.py")
PAGES = ("compare", "timeline", "sources", "data", "about")
FILTER_KEYS = [f.url_key for f in FILTERS]
KNOWN_KEYS = {*FILTER_KEYS, *PAGE_KEYS}
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "**bold** `code` $x^2$ :red[red] <b>b</b>",
    "{{7*7}} ${7*7} %s %n",
    "'; DROP TABLE figures; --",
    "../../../../etc/passwd",
    "\x00\x01\x7f",
    "\u202eevil\u202c \u200b\ufeff",
    "Mosul\r\nSet-Cookie: x=1",
    "&city=Mosul#frag",
    "%00%ff%",
    "Ｍｏｓｕｌ",  # fullwidth: not the same option
    "💥" * 3,
]
NOT_AN_OPTION = "\u2603"  # no option contains a snowman: a value starting with it is surely unknown


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz")
    synthesize(root, 300, seed=5)
    with pytest.MonkeyPatch.context() as mp:  # module-wide: hypothesis re-runs the test body many times
        mp.setenv("FIGURES_ROOT", str(root))
        yield root


def _column(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


@pytest.fixture(scope="module")
def known(package: Path) -> dict[str, list[str]]:
    """Option values per filter key, as the dashboard shows them (quantity: the ids)."""
    return {
        "city": sorted(set(_column(package / "data" / "quantities.csv", "city"))),
        "outlet": sorted(set(_column(package / "seeds" / "articles.csv", "outlet"))),
        "cited": sorted(
            {v for name in FIGURE_FILES.values() for v in _column(package / "data" / name, "cited_source")}
            - {""}
        ),
        "theme": list(THEMES),
        "quantity": _column(package / "data" / "quantities.csv", "quantity_id"),
    }


def odd_text(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    # any code point but lone surrogates (a URL cannot carry them: browsers send U+FFFD instead)
    return st.text(st.characters(exclude_categories=("Cs",)), min_size=min_size, max_size=max_size)


huge = st.builds(
    lambda ch, n: (ch * n)[:n],
    st.sampled_from(["a", "é", "💥", "<", '"', "%", " "]),
    st.integers(5_000, 10_000),
)
unknown_value = odd_text().map(lambda s: NOT_AN_OPTION + s)
unknown_key = odd_text(max_size=20).map(lambda s: "x" + s)  # no known key starts with x


def recase(value: str) -> st.SearchStrategy[str]:
    return st.sampled_from([value, value.upper(), value.lower(), value.swapcase(), f"  {value} "])


@st.composite
def queries(draw: st.DrawFn, known: dict[str, list[str]]) -> dict[str, list[str]]:
    query: dict[str, list[str]] = {}
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.one_of(st.sampled_from([*FILTER_KEYS, "article", "figure"]), unknown_key))
        options = known.get(key, ["x"])
        value = st.one_of(
            st.sampled_from(options).flatmap(recase),
            unknown_value,
            st.just(""),
            st.sampled_from(PAYLOADS),
            odd_text(),
            huge,
        )
        query.setdefault(key, []).extend(draw(st.lists(value, min_size=1, max_size=4)))  # repeated keys
    return query


def _expected(
    query: dict[str, list[str]], known: dict[str, list[str]]
) -> tuple[dict[str, list[str]], set[str]]:
    """(the selection each filter must show, the notices that must appear) for keys whose options are
    plain values (quantity also accepts labels, so only its unknown values are predicted)."""
    selection: dict[str, list[str]] = {}
    notices: set[str] = set()
    for key, values in query.items():
        if key not in KNOWN_KEYS:
            notices.add("Unknown URL parameter")
            continue
        if key not in FILTER_KEYS:
            continue
        lookup = {o.lower(): o for o in known[key]}
        for value in values:
            if value.startswith(NOT_AN_OPTION):
                notices.add(f"Unknown {key} ")
            elif value.strip().lower() in lookup and lookup[value.strip().lower()] not in selection.get(
                key, []
            ):
                selection.setdefault(key, []).append(lookup[value.strip().lower()])
    return selection, notices


def _session(page: str, query: dict[str, list[str]]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    if page != "compare":
        at.switch_page(
            f"figures/app/pages/{page}.py"
        )  # a deep link: the page's URL path equals its file name
    at.run()
    return at


def _assert_handled(at: AppTest, page: str, query: dict[str, list[str]], known: dict[str, list[str]]) -> None:
    assert not at.exception, (page, [e.value for e in at.exception])
    warnings = [w.value for w in at.warning]
    selection, notices = _expected(query, known)
    for notice in notices:
        assert any(notice in w for w in warnings), (notice, warnings)
    for f in FILTERS:
        if f.url_key == "quantity" and f.url_key in query:
            continue  # a quantity may also be named by its label: not predicted here
        got = at.sidebar.multiselect(key=f.widget_key).value
        assert got == selection.get(f.url_key, []), (f.url_key, got)


@pytest.mark.usefixtures("package")
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_any_query_string_on_any_page(data: st.DataObject, known: dict[str, list[str]]) -> None:
    page = data.draw(st.sampled_from(PAGES), label="page")
    query = data.draw(queries(known), label="query")
    _assert_handled(_session(page, query), page, query, known)


@pytest.mark.usefixtures("package")
@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_every_payload(page: str, known: dict[str, list[str]]) -> None:
    query = {
        "city": [*PAYLOADS, known["city"][0].upper(), NOT_AN_OPTION + "x", "a" * 8_000, ""],
        "outlet": [NOT_AN_OPTION + "<b>"],
        "theme": ["", "   "],
        "quantity": ["<script>", known["quantity"][0]],
        "article": PAYLOADS,
        "figure": ["a" * 6_000],
        "<img src=x onerror=alert(1)>": ["1"],
        "": ["empty key"],
    }
    at = _session(page, query)
    _assert_handled(at, page, query, known)
    assert at.sidebar.multiselect(key="filter_quantity").value == [known["quantity"][0]]
