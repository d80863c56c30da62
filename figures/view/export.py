"""Every CSV (and the data API's JSON) the project writes: cells a spreadsheet would run as a formula
are made inert, and whole numbers are written as integers.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single
quote, as OWASP recommends against CSV injection (the cell then reads as text in Excel, LibreOffice and
Google Sheets); quoting follows the CSV rules as usual. Numbers print as they were written: `3846`, not
`3846.0`; `1.5` stays `1.5`.
"""

import csv
import json
import re
from collections.abc import Callable, Sequence
from types import SimpleNamespace

import numpy as np
import pandas as pd

FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def inert(text: str) -> str:
    """`text` as a spreadsheet shows it without running it."""
    return "'" + text if FORMULA_START.match(text) else text


def number_texts(values: pd.Series) -> pd.Series:
    """Numbers as written: no ".0" on a whole number, "" when missing."""
    numbers = values.to_numpy(dtype=float)
    whole = np.isfinite(numbers) & (numbers == np.round(numbers))
    written = np.where(whole, np.where(whole, numbers, 0).astype(np.int64).astype(str), numbers.astype(str))
    return pd.Series(np.where(np.isnan(numbers), "", written), index=values.index, dtype=str)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """`frame` as UTF-8 CSV with a header, every cell written as above."""
    header, lines = csv_lines(frame)
    return (header + "".join(lines)).encode()


def csv_lines(frame: pd.DataFrame) -> tuple[str, list[str]]:
    """The header line and each row's line, as csv_bytes writes them (each with its line end): rows
    written once can then be picked per query and joined."""
    lines: list[str] = []
    writer = csv.writer(SimpleNamespace(write=lines.append), lineterminator="\n")  # one write a record
    writer.writerow([str(column) for column in frame.columns])
    writer.writerows(zip(*(_cells(frame[column], inert, "") for column in frame.columns), strict=True))
    return lines[0], lines[1:]


def json_bytes(frame: pd.DataFrame) -> bytes:
    """`frame` as a UTF-8 JSON array of objects, one per row: numbers as written above (`3846`, `1.5`),
    text as text (never escaped for spreadsheets: JSON is read by programs), an empty cell `null`."""
    return json_array(json_objects(frame))


def json_objects(frame: pd.DataFrame) -> list[str]:
    """Each row as the JSON object json_bytes writes for it."""
    keys = [json.dumps(str(column), ensure_ascii=False) + ":" for column in frame.columns]
    cells = zip(*(_cells(frame[column], _json_text, "null") for column in frame.columns), strict=True)
    return ["{" + ",".join(map(str.__add__, keys, row)) + "}" for row in cells]


def json_array(objects: Sequence[str]) -> bytes:
    """JSON objects (json_objects) as the array json_bytes writes."""
    return ("[\n" + ",\n".join(objects) + "\n]\n").encode() if len(objects) else b"[]\n"


def _json_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False) if text else "null"


def _cells(values: pd.Series, text: Callable[[str], str], missing: str) -> list[str]:
    """A column's cells written: numbers by number_texts, text through `text`, a missing or non-finite
    value as `missing`. Plain Python lists: for the few rows of most answers, pandas' per-call cost
    would be most of the time."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        written = number_texts(values).to_numpy(dtype=object)
        written[~np.isfinite(values.to_numpy(dtype=float))] = missing
        return written.tolist()

    def write(value: object) -> str:
        return missing if value is None or value is pd.NA or value != value else text(str(value))

    # each distinct text written once: columns repeat a few thousand values over a million rows
    done: dict[object, str] = {}
    return [done[v] if v in done else done.setdefault(v, write(v)) for v in values.tolist()]
