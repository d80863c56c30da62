"""The data API, served beside the pages by the same `streamlit run dashboard.py` (dashboard.py hands
ROUTES to st.App): /api/figures.csv and /api/figures.json take the pages' query keys
(`?city=Mosul&theme=casualties`), parsed as the pages parse them (figures.view.filters), and return the
filtered figures with the Data page's download columns (figures.view.export_rows), read from the app's
cached snapshot, so an edited table reaches the API as it reaches the pages; an answer is kept written
per snapshot and query while it is small.

A program must never take a typo for a wider answer: where a page ignores an unknown key or value with a
notice (and shows every figure), the API answers 400 and names what it did not know, in the format asked
for. A page's own keys (`article`, `figure`, `claims` ...) are accepted and leave the rows as they are.
"""

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from figures.app import state
from figures.view.export import csv_bytes, json_bytes
from figures.view.export_rows import SOURCE_COLUMNS, export_frame, file_name
from figures.view.filters import FILTERS, Selection, filter_figures, filter_mask, parse_query
from figures.view.pages import PAGE_KEYS

ANSWERS_KEPT = 64  # recent answers kept written, per snapshot, query and format
MEMOISED_ROWS = 20_000  # larger answers are written anew each time, never kept
KNOWN_LISTED = 30  # a filter's known values named in an error, at most
CSV_TYPE = "text/csv; charset=utf-8"
# Public data, no credentials: a notebook or page on another site may read it, as OWID's and ACLED's allow.
OPEN = {"access-control-allow-origin": "*"}


def _problems(unknown: Sequence[tuple[str, str | None]], options: Mapping[str, Sequence[str]]) -> list[str]:
    keys = ", ".join(f.url_key for f in FILTERS)
    problems = []
    for key, value in unknown:
        if value is None:
            problems.append(f"unknown query key {key!r}; the filters are {keys}")
            continue
        known = options.get(key, [])
        listed = ", ".join(known[:KNOWN_LISTED])
        more = f" and {len(known) - KNOWN_LISTED:,} more" if len(known) > KNOWN_LISTED else ""
        problems.append(f"unknown {key} {value!r}; known values: {listed}{more}")
    return problems


def _query(request: Request) -> Selection | list[str]:
    """The filters the query string chooses, or what it names that is unknown."""
    options, _ = state.filter_choices()
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    parsed = parse_query(params, options, state.url_aliases(), PAGE_KEYS)
    return _problems(parsed.unknown, options) if parsed.unknown else parsed.selection


def _write(figures: pd.DataFrame, suffix: str) -> bytes:
    rows = export_frame(figures)
    return json_bytes(rows) if suffix == "json" else csv_bytes(rows)


@st.cache_resource(max_entries=ANSWERS_KEPT, show_spinner=False)
def _memoised(root: str, signature: str, chosen: Selection, suffix: str) -> bytes:
    return _write(filter_figures(state.snapshot(root, signature).figures, chosen, SOURCE_COLUMNS), suffix)


def _body(chosen: Selection, suffix: str) -> bytes:
    """The answer to `chosen` in the current snapshot, memoised per snapshot, query and format unless
    it is large (a program polling the same URL gets the bytes already written)."""
    current = state.version()
    figures = state.snapshot(*current).figures
    if filter_mask(figures, chosen).sum() <= MEMOISED_ROWS:
        return _memoised(*current, chosen, suffix)
    return _write(filter_figures(figures, chosen, SOURCE_COLUMNS), suffix)


def _endpoint(suffix: str) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:  # sync: Starlette runs it in a worker thread
        chosen = _query(request)
        if isinstance(chosen, list):
            if suffix == "json":
                return JSONResponse({"error": "bad query", "problems": chosen}, 400, OPEN)
            return Response(csv_bytes(pd.DataFrame({"error": chosen})), 400, OPEN, CSV_TYPE)
        if suffix == "json":
            return Response(_body(chosen, suffix), 200, OPEN, "application/json")
        disposition = f'attachment; filename="{file_name(chosen, "csv")}"'
        return Response(_body(chosen, suffix), 200, {**OPEN, "content-disposition": disposition}, CSV_TYPE)

    return answer


ROUTES = [
    Route("/api/figures.csv", _endpoint("csv"), methods=["GET"]),
    Route("/api/figures.json", _endpoint("json"), methods=["GET"]),
]
