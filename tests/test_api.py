"""The data API against a real `streamlit run dashboard.py` server: /api/figures.csv and .json give the
filtered rows with their provenance, take the pages' query keys, answer an unknown key or value with a
clear 400 in the format asked for, never a 500 whatever the query string, and follow table edits as the
pages do. Plain HTTP, no browser."""

import csv
import http.client
import io
import json
import re
import shutil
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import pandas as pd
import pytest
from conftest import StreamlitServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readme import README

from figures.app import api as api_module
from figures.view.export_rows import EXPORT_COLUMNS
from figures.view.filters import Selection

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REQUIRED = [
    *("figure_id", "article_id", "quote", "value", "qualifier", "bound", "low", "high", "quantity_id"),
    *("label", "unit", "city", "outlet", "url", "cited_source"),
]
MOSUL_DISPLACEMENT = {"herald-fled", "courier-fled", "courier-trapped"}


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    server = StreamlitServer(FIXTURES / "mini_app")
    yield server.url
    server.stop()


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """(status, headers with lower-case names, body) of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def raw_get(base: str, target: bytes) -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET of `target` sent byte for byte (no client-side quoting or
    checks: raw bytes, controls and broken escapes reach the server as they are)."""
    where = urlparse(base)
    with socket.create_connection((where.hostname, where.port), timeout=30) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.getheader("content-type", ""), response.read()


def test_json_gives_the_filtered_rows_with_their_provenance(api: str):
    status, headers, body = get(f"{api}/api/figures.json?city=Mosul&theme=displacement")
    assert status == 200 and headers["content-type"] == "application/json"
    rows = {row["figure_id"]: row for row in json.loads(body)}
    assert set(rows) == MOSUL_DISPLACEMENT
    assert list(rows["herald-fled"]) == EXPORT_COLUMNS and set(REQUIRED) <= set(EXPORT_COLUMNS)
    fled = rows["herald-fled"]
    assert fled["value"] == 900000 and isinstance(fled["value"], int)  # an integer, never 900000.0
    assert fled["quote"] == "Nearly 900,000 people had fled the city by July"
    assert (fled["label"], fled["unit"], fled["city"]) == ("People who had fled Mosul", "people", "Mosul")
    assert (fled["outlet"], fled["url"], fled["cited_source"]) == (
        "mini-herald",
        "https://example.org/herald",
        "u-n",
    )
    assert fled["curation_line"] == "data/displacement.csv:2"
    assert rows["courier-trapped"]["low"] is None and rows["courier-trapped"]["high"] == 400000  # open side


def test_csv_gives_the_same_rows_for_pandas(api: str):
    url = f"{api}/api/figures.csv?city=Mosul&theme=displacement"
    status, headers, body = get(url)
    assert status == 200 and headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        headers["content-disposition"] == 'attachment; filename="figures-city-mosul-theme-displacement.csv"'
    )
    rows = pd.read_csv(url)  # as the README shows it
    assert set(rows["figure_id"]) == MOSUL_DISPLACEMENT and list(rows.columns) == EXPORT_COLUMNS
    assert rows["value"].dtype == "int64"
    assert b",900000," in body and b"900000.0" not in body


def test_values_match_as_on_the_pages(api: str):
    # any case, and a quantity by its label as well as its id: the pages' parsing
    _, _, exact = get(f"{api}/api/figures.json?city=Mosul&theme=displacement")
    _, _, cased = get(f"{api}/api/figures.json?city=mOSUL&theme=DISPLACEMENT")
    assert json.loads(cased) == json.loads(exact)
    label = quote("Civilians trapped in the Old City")
    status, _, by_label = get(f"{api}/api/figures.json?quantity={label}")
    assert status == 200 and [r["figure_id"] for r in json.loads(by_label)] == ["courier-trapped"]
    # a page's own keys are accepted and change nothing; an empty value means all, as on the pages
    _, _, every = get(f"{api}/api/figures.json")
    _, _, with_page_keys = get(f"{api}/api/figures.json?claims=all&article=mini-herald&figure=x&city=")
    assert json.loads(with_page_keys) == json.loads(every) and len(json.loads(every)) > 3


def test_a_filter_that_matches_nothing_gives_no_rows(api: str):
    status, _, body = get(f"{api}/api/figures.json?city=Aleppo&theme=displacement")
    assert status == 200 and json.loads(body) == []
    status, _, body = get(f"{api}/api/figures.csv?city=Aleppo&theme=displacement")
    assert status == 200 and body.decode().splitlines() == [",".join(EXPORT_COLUMNS)]


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("city=Atlantis", "unknown city 'Atlantis'; known values: Aleppo, Mosul"),
        ("town=Mosul", "unknown query key 'town'; the filters are city, outlet, cited"),
        ("city=Mosul&quantity=nope", "unknown quantity 'nope'; known values:"),
    ],
)
def test_an_unknown_key_or_value_is_a_clear_400(api: str, query: str, problem: str):
    # a typo must never widen the answer to every figure, as a page's ignored value does
    status, headers, body = get(f"{api}/api/figures.json?{query}")
    assert status == 400 and headers["content-type"] == "application/json"
    answer = json.loads(body)
    assert answer["error"] == "bad query" and any(p.startswith(problem) for p in answer["problems"])
    status, headers, body = get(f"{api}/api/figures.csv?{query}")
    assert status == 400 and headers["content-type"] == "text/csv; charset=utf-8"
    errors = pd.read_csv(io.BytesIO(body))
    assert list(errors.columns) == ["error"] and any(e.startswith(problem) for e in errors["error"])


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/figures.xml", "/api/figures.json/extra"])
def test_an_unknown_endpoint_is_a_404_not_the_page(api: str, path: str):
    status, headers, body = get(f"{api}{path}")
    assert status == 404 and headers["content-type"] == "application/json"
    assert json.loads(body)["endpoints"] == ["/api/figures.csv", "/api/figures.json"]


def test_other_methods_are_refused_and_the_pages_still_served(api: str):
    request = urllib.request.Request(f"{api}/api/figures.json", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 405
    status, headers, body = get(f"{api}/data")
    assert status == 200 and headers["content-type"].startswith("text/html") and b"<html" in body.lower()


HOSTILE = [
    b"city=%FF%FE",
    b"city=\xff\xfe",  # raw bytes, not UTF-8
    b"city=%",
    b"city=%zz%2",
    b"city=%00",
    b"city=Mosul%00",
    b"%FF=1",
    b"=&&&==&",
    b"city",
    b"city=" + b"x" * 20_000,
    b"city=" + b"&city=".join([b"Mosul"] * 2_000),
    b"city=<script>alert(1)</script>",
    b"city=" + quote("\u202e\u200b\ufeff💥").encode(),
    b"theme=casualties&theme=casualties",
    b"quantity=../../../../etc/passwd",
    b"city=Mosul;theme=forces",
    b"city[]=Mosul",
    b"city=Mosul\tMosul",
    b"city=Mosul\x00",
]


@pytest.mark.parametrize("path", [b"/api/figures.json", b"/api/figures.csv"])
@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_string_is_never_a_500(api: str, path: bytes, query: bytes):
    status, content_type, body = raw_get(api, path + b"?" + query)
    assert status in (200, 400), (status, body[:300])
    if content_type == "application/json":
        json.loads(body)  # the body is what it claims to be
    elif status == 200:
        assert content_type == "text/csv; charset=utf-8" and body.startswith(b"figure_id,")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["city", "theme", "quantity", "outlet", "cited", "kind", "side", "claims"])
            | st.text(max_size=12),
            st.text(max_size=40),
        ),
        max_size=8,
    )
)
def test_no_generated_query_string_is_a_500(api: str, pairs: list[tuple[str, str]]):
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    status, _, body = raw_get(api, f"/api/figures.json?{query}".encode())
    assert status in (200, 400), (query, status, body[:300])
    answer = json.loads(body)
    assert isinstance(answer, list) if status == 200 else answer["problems"]


def test_an_edit_reaches_the_api_without_a_restart(tmp_path: Path):
    root = tmp_path / "package"
    shutil.copytree(FIXTURES / "base", root)
    # the real mechanism, on the period an operator may set (README: Bad input, untrusted text, scale)
    server = StreamlitServer(root, FIGURES_RECHECK_SECONDS="0.2")
    try:
        url = f"{server.url}/api/figures.json?city=Aleppo"
        _, _, before = get(url)
        assert [(r["figure_id"], r["notes"]) for r in json.loads(before)] == [("beta-aleppo-killed", None)]
        table = root / "data" / "casualties.csv"
        text = table.read_text(encoding="utf-8")
        table.write_text(
            text.replace(",2016,2016,u-n,U.N.,,\n", ",2016,2016,u-n,U.N.,,edited\n"), encoding="utf-8"
        )
        deadline = time.monotonic() + 15
        while json.loads(get(url)[2])[0]["notes"] != "edited":
            assert time.monotonic() < deadline, "the edit did not reach the API within 15 s"
            time.sleep(0.1)
    finally:
        server.stop()


def test_the_readmes_examples_answer_with_rows(streamlit_server: str):
    # the repository's own tables, as the README's reader would query them
    section = README.read_text(encoding="utf-8").split("### Data API", 1)[1].split("\n### ", 1)[0]
    urls = re.findall(r"[\'\"](http://localhost:8501/api/figures\.(?:csv|json)\?[^\'\"]+)", section)
    assert len(urls) == 4, urls
    for url in urls:
        status, _, body = get(url.replace("http://localhost:8501", streamlit_server))
        rows = json.loads(body) if ".json?" in url else list(csv.DictReader(io.StringIO(body.decode())))
        assert status == 200 and rows, url


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_a_large_package_writes_each_answer_anew_with_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch, suffix: str
):
    # past WRITTEN_ROWS the rows asked for are written per query instead of picked: same bytes
    monkeypatch.setenv("FIGURES_ROOT", str(FIXTURES / "mini_app"))
    selections = [
        Selection(),
        Selection({"city": ["Mosul"]}),
        Selection({"city": ["Aleppo"], "theme": ["bombing"]}),
    ]
    picked = [api_module._body(chosen, suffix) for chosen in selections]
    monkeypatch.setattr(api_module, "WRITTEN_ROWS", 0)
    api_module._written.clear()
    try:
        assert [api_module._body(chosen, suffix) for chosen in selections] == picked
    finally:
        api_module._written.clear()
