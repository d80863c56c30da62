"""The data API, served beside the pages by the same `streamlit run dashboard.py` (dashboard.py hands
ROUTES to st.App): /api/figures.csv and /api/figures.json take the pages' query keys
(`?city=Mosul&theme=casualties`), parsed as the pages parse them (figures.view.filters), and return the
filtered figures with the Data page's download columns (figures.view.export_rows), read from the app's
cached snapshot, so an edited table reaches the API as it reaches the pages. Up to WRITTEN_ROWS figures,
every row is written once per snapshot and a query only picks its rows.

A program must never take a typo for a wider answer: where a page ignores an unknown key or value with a
notice (and shows every figure), the API answers 400 and names what it did not know, in the format asked
for. A page's own keys (`article`, `figure`, `claims` ...) are accepted and leave the rows as they are.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from figures.app import state
from figures.view.export import csv_bytes, csv_lines, json_array, json_bytes, json_objects
from figures.view.export_rows import SOURCE_COLUMNS, export_frame, file_name
from figures.view.filters import FILTERS, Selection, filter_mask, parse_query
from figures.view.pages import PAGE_KEYS

# Up to this many figures every row is written once per snapshot (a few MB); beyond, for each query.
WRITTEN_ROWS = 20_000
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
    choices = state.filter_choices()
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    parsed = parse_query(params, choices.options, choices.aliases, PAGE_KEYS)
    return _problems(parsed.unknown, choices.options) if parsed.unknown else parsed.selection


@dataclass(frozen=True)
class _Written:
    """Every figure of a snapshot written once, in both formats, to be picked per query."""

    csv_header: str
    csv_lines: np.ndarray  # one str a figure, in the snapshot's order
    json_objects: np.ndarray


@st.cache_resource(max_entries=state.SNAPSHOTS_KEPT, show_spinner=False)
def _written(root: str, signature: str) -> _Written | None:
    figures = state.snapshot(root, signature).figures
    if len(figures) > WRITTEN_ROWS:
        return None
    rows = export_frame(figures[SOURCE_COLUMNS])
    header, lines = csv_lines(rows)
    return _Written(header, np.array(lines, dtype=object), np.array(json_objects(rows), dtype=object))


def _body(chosen: Selection, suffix: str) -> bytes:
    """The figures `chosen` selects in the current snapshot, written as the Data page writes them: picked
    from every figure written once per snapshot, or at scale written anew for each query."""
    current = state.version()
    figures = state.snapshot(*current).figures
    mask = filter_mask(figures, chosen)
    written = _written(*current)
    if written is None:
        rows = export_frame(figures[SOURCE_COLUMNS][mask])
        return json_bytes(rows) if suffix == "json" else csv_bytes(rows)
    if suffix == "json":
        return json_array(written.json_objects[mask])
    return (written.csv_header + "".join(written.csv_lines[mask])).encode()


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


def _unknown(request: Request) -> Response:
    # without this, Streamlit answers any other path with its page and a 200: a program would take a
    # mistyped endpoint for success
    endpoints = [route.path for route in ROUTES[:2]]
    return JSONResponse({"error": "no such endpoint", "endpoints": endpoints}, 404, OPEN)


ROUTES = [
    Route("/api/figures.csv", _endpoint("csv"), methods=["GET"]),
    Route("/api/figures.json", _endpoint("json"), methods=["GET"]),
    Route("/api", _unknown),
    Route("/api/{rest:path}", _unknown),
]
