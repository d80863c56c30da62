"""Hostile URL query strings on every page: never an exception; unknown keys and values give a notice and are
left out of the filters, known values (in any case) are applied.

Hypothesis builds the query strings (unknown keys and values, empty, 5-10k characters, repeated keys, odd
unicode, HTML/JS payloads); each example is one AppTest session deep-linked to one page. Streamlit drops a
query string over its limits whole, before the app sees it: the fuzzer stays well inside them, and
test_an_over_long_query_string_is_dropped_whole pins what happens past them.
"""

import csv
import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_plus, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.runtime.state.query_params import (
    CLIENT_STATE_QUERY_STRING_MAX_FIELDS,
    CLIENT_STATE_QUERY_STRING_MAX_LENGTH,
)
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
# Streamlit (runtime/state/query_params.py, sanitize_query_string) ignores a whole query string longer than
# this, counted as sent: URL-encoded, keys, values, "=" and "&" (AppTest urlencodes what it is given; the
# server checks what the browser sends). 💥 counts 12 (%F0%9F%92%A5), so 10k of them are 120k.
QUERY_LIMIT = CLIENT_STATE_QUERY_STRING_MAX_LENGTH
# The fuzzer's huge values share half of it: the small values drawn after the last huge one (at most
# MAX_KEYS * MAX_REPEATS, of at most SMALL_VALUE encoded characters with their key) cannot push a query past
# the limit. Its other limit, CLIENT_STATE_QUERY_STRING_MAX_FIELDS (1000 "&"-separated fields), is far above.
QUERY_BUDGET = QUERY_LIMIT // 2
MAX_KEYS, MAX_REPEATS = 6, 4  # a query draws up to 6 keys, each with up to 4 values
SMALL_VALUE = 750  # "x" + 20 odd characters, "=", "☃" + 40 odd characters, "&": 732 if all are 4-byte UTF-8


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
        "source": _column(package / "data" / "sources.csv", "source_id"),
        "kind": sorted(set(_column(package / "data" / "sources.csv", "kind"))),
        "side": sorted(set(_column(package / "data" / "sources.csv", "side")) - {""}),
        "theme": list(THEMES),
        "quantity": _column(package / "data" / "quantities.csv", "quantity_id"),
    }


def odd_text(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    # any code point but lone surrogates (a URL cannot carry them: browsers send U+FFFD instead)
    return st.text(st.characters(exclude_categories=("Cs",)), min_size=min_size, max_size=max_size)


def encoded(text: str) -> int:
    """Its length in the query string, as urlencode writes a key or a value."""
    return len(quote_plus(text))


HUGE_CHARS = ("a", "é", "💥", "<", '"', "%", " ")


def huge(room: int) -> st.SearchStrategy[str]:
    """5-10k times one character, at most `room` characters URL-encoded (nothing if 5k do not fit)."""
    fitting = [ch for ch in HUGE_CHARS if 5_000 * encoded(ch) <= room]
    if not fitting:
        return st.nothing()
    return st.sampled_from(fitting).flatmap(
        lambda ch: st.integers(5_000, min(10_000, room // encoded(ch))).map(lambda n: ch * n)
    )


unknown_value = odd_text().map(lambda s: NOT_AN_OPTION + s)
unknown_key = odd_text(max_size=20).map(lambda s: "x" + s)  # no known key starts with x


def recase(value: str) -> st.SearchStrategy[str]:
    return st.sampled_from([value, value.upper(), value.lower(), value.swapcase(), f"  {value} "])


@st.composite
def queries(draw: st.DrawFn, known: dict[str, list[str]]) -> dict[str, list[str]]:
    query: dict[str, list[str]] = {}
    used = 0  # the query's length so far, URL-encoded: huge values get what is left of QUERY_BUDGET
    for _ in range(draw(st.integers(0, MAX_KEYS))):
        key = draw(st.one_of(st.sampled_from([*FILTER_KEYS, "article", "figure"]), unknown_key))
        options = known.get(key, ["x"])
        for _ in range(draw(st.integers(1, MAX_REPEATS))):  # repeated keys
            room = QUERY_BUDGET - used - encoded(key) - 2
            value = draw(
                st.one_of(
                    st.sampled_from(options).flatmap(recase),
                    unknown_value,
                    st.just(""),
                    st.sampled_from(PAYLOADS),
                    odd_text(),
                    huge(room),
                )
            )
            query.setdefault(key, []).append(value)
            used += encoded(key) + encoded(value) + 2  # "=" and "&"
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
    # past the limit Streamlit drops it all and no notice could appear: a strategy bug, not an app bug
    assert (
        len(urlencode(query, doseq=True)) <= QUERY_BUDGET + MAX_KEYS * MAX_REPEATS * SMALL_VALUE < QUERY_LIMIT
    )
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


def _padded(query: dict[str, list[str]], length: int) -> dict[str, list[str]]:
    """`query` and an unknown outlet of 💥 (12 characters each URL-encoded), `length` long URL-encoded."""
    pad = length - len(urlencode({**query, "outlet": [NOT_AN_OPTION]}, doseq=True))
    value = NOT_AN_OPTION + "💥" * (pad // encoded("💥")) + "a" * (pad % encoded("💥"))
    padded = {**query, "outlet": [value]}
    assert len(urlencode(padded, doseq=True)) == length
    return padded


def _rendered(at: AppTest) -> list[object]:
    """What a reader sees of a page, to compare two renderings: its layout and its texts and tables."""
    seen: list[object] = [repr(at.main), repr(at.sidebar)]
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info", "error"):
        seen += [element.value for element in getattr(at, kind)]
    seen += [frame.value.to_csv() for frame in [*at.dataframe, *at.table]]  # NaN == NaN as text
    return seen


@pytest.mark.usefixtures("package")
def test_an_over_long_query_string_is_dropped_whole(
    known: dict[str, list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    # a known city first: a truncated query string would still apply it, a dropped one does not
    query = _padded({"city": [known["city"][0]], "xbogus": ["1"]}, QUERY_LIMIT + 1)
    assert len(query["outlet"][0]) < QUERY_LIMIT // 10  # over the limit only once URL-encoded
    # every page in one test: each test reloads the data (conftest clears the caches), each page ~0.1 s
    for page in PAGES:
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="streamlit"):
            at = _session(page, query)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert f"Ignoring query string with {QUERY_LIMIT + 1} characters" in caplog.text, page
        # the app saw no query at all: no notice, every filter empty, the page as with no query string
        assert [w.value for w in at.warning] == [], page
        for f in FILTERS:
            assert at.sidebar.multiselect(key=f.widget_key).value == [], (page, f.url_key)
        assert _rendered(at) == _rendered(_session(page, {})), page
        # The app rewrites the URL only when it differs from what it read: having read nothing, it leaves
        # the over-long query string in place (AppTest hands single values back unwrapped); but the
        # Timeline always writes the quantity it draws (README, Share, cite, embed), and that alone.
        if page == "timeline":
            assert at.query_params == {"shown": at.selectbox(key="timeline_quantity").value}, page
        else:
            assert at.query_params == {key: values[0] for key, values in query.items()}, page


@pytest.mark.usefixtures("package")
def test_the_limits_are_where_the_fuzzer_assumes(known: dict[str, list[str]]) -> None:
    # counted URL-encoded and inclusive: the fuzzer's budget, and the test above, rest on both
    city = known["city"][0]
    fields = CLIENT_STATE_QUERY_STRING_MAX_FIELDS
    cases = [
        ("at the length limit", _padded({"city": [city], "xbogus": ["1"]}, QUERY_LIMIT), True),
        ("at the field limit", {"city": [city], "xbogus": ["1"], "theme": [""] * (fields - 2)}, True),
        ("a field over", {"city": [city], "xbogus": ["1"], "theme": [""] * (fields - 1)}, False),
    ]
    for case, query, applied in cases:
        at = _session("compare", query)
        assert not at.exception, (case, [e.value for e in at.exception])
        assert at.sidebar.multiselect(key="filter_city").value == ([city] if applied else []), case
        assert any("Unknown URL parameter 'xbogus'" in w.value for w in at.warning) == applied, case
