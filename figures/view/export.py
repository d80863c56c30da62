"""Every CSV the project writes: cells a spreadsheet would run as a formula are made inert, and whole
numbers are written as integers.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single
quote, as OWASP recommends against CSV injection (the cell then reads as text in Excel, LibreOffice and
Google Sheets); quoting follows the CSV rules as usual. Numbers print as they were written: `3846`, not
`3846.0`; `1.5` stays `1.5`.
"""

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
