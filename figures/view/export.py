"""Every CSV (and the data API's JSON) the project writes: cells a spreadsheet would run as a formula
are made inert, and whole numbers are written as integers.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single
quote, as OWASP recommends against CSV injection (the cell then reads as text in Excel, LibreOffice and
Google Sheets); quoting follows the CSV rules as usual. Numbers print as they were written: `3846`, not
`3846.0`; `1.5` stays `1.5`.
"""

import json
import re

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
    return (
        pd.DataFrame({column: _cells(frame[column]) for column in frame.columns}).to_csv(index=False).encode()
    )


def _cells(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return number_texts(values).to_numpy(dtype=object)
    # each distinct text written once: columns repeat a few thousand values over a million rows
    codes, distinct = pd.factorize(values)
    return np.array([*(inert(str(v)) for v in distinct), ""], dtype=object)[codes]  # -1, missing: ""


def json_bytes(frame: pd.DataFrame) -> bytes:
    """`frame` as a UTF-8 JSON array of objects, one per row: numbers as written above (`3846`, `1.5`),
    text as text (never escaped for spreadsheets: JSON is read by programs), an empty cell `null`."""
    keys = [json.dumps(str(column), ensure_ascii=False) + ":" for column in frame.columns]
    if frame.empty:
        return b"[]\n"
    rows = "{" + pd.Series(keys[0] + _json_cells(frame.iloc[:, 0]), dtype=object)
    for key, column in zip(keys[1:], frame.columns[1:], strict=True):
        rows = rows + ("," + key) + _json_cells(frame[column])
    return ("[\n" + ",\n".join(rows + "}") + "\n]\n").encode()


def _json_cells(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        written = number_texts(values).to_numpy(dtype=object)
        written[~np.isfinite(values.to_numpy(dtype=float))] = "null"  # JSON has no NaN or Infinity
        return written
    codes, distinct = pd.factorize(values)
    encoded = [json.dumps(str(v), ensure_ascii=False) if str(v) != "" else "null" for v in distinct]
    return np.array([*encoded, "null"], dtype=object)[codes]
