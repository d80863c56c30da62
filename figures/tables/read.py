"""CSV decoding: one table file as strings in the declared column order, each row with its line number.

Nothing raises on bad input: an unreadable file, undecodable bytes, a ragged row or a header that does
not match the declaration becomes a `Problem` naming the file and line, and the rows that can be read
are returned.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from figures.rules.problems import Problem
from figures.rules.schema import Table


def relative_path(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def empty_frame(columns: Iterable[str]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})
    frame["source_line"] = pd.Series([], dtype="int64")
    return frame


_BLANK = re.compile(rb"\s*")


def line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


_ESCAPED = re.compile("[\udc80-\udcff]+")  # undecodable bytes, as surrogateescape keeps them


def _decode(raw: bytes, rel: str, problems: list[Problem]) -> tuple[str, set[int]]:
    """UTF-8 text, and the lines holding undecodable bytes: each is reported, its bytes become U+FFFD."""
    try:
        return raw.decode("utf-8"), set()
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="surrogateescape")
    bad_lines: set[int] = set()
    line, counted = 1, 0
    for match in _ESCAPED.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if line not in bad_lines:
            bad_lines.add(line)
            found = match.group().encode("utf-8", errors="surrogateescape")
            problems.append(Problem(rel, line, "", f"not UTF-8: undecodable byte(s) {found!r}"))
    return _ESCAPED.sub("\ufffd", text), bad_lines


def _header(raw: bytes) -> list[str]:
    end = raw.find(b"\n")
    first = (raw if end < 0 else raw[:end]).decode("utf-8", errors="replace")
    return next(csv.reader([first.rstrip("\r")]), [])


def _fast_read(raw: bytes, header: list[str]) -> pd.DataFrame | None:
    """pyarrow's reader, for the common case of a regular file; None when the file needs the careful path.

    pyarrow refuses ragged rows, invalid UTF-8 and (as pandas calls it) newlines inside quoted fields,
    and skips blank lines; a line count that does not match the rows read sends such files to `_slow_read`.
    """
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    if len(set(header)) != len(header) or raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype="str", keep_default_na=False, engine="pyarrow")
    except Exception:  # any parse trouble: the careful reader will say exactly what and where
        return None
    if list(frame.columns) != header or len(frame) != lines - 1:
        return None
    frame["source_line"] = np.arange(2, len(frame) + 2, dtype="int64")
    return frame


def _slow_read(
    text: str, header: list[str], rel: str, problems: list[Problem], bad_lines: set[int]
) -> pd.DataFrame:
    """The csv module, row by row: exact line numbers even with quoted newlines. Ragged rows are reported
    and left out, and so are rows on `bad_lines` (undecodable, reported already)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    rows: list[list[str]] = []
    starts: list[int] = []
    previous_end = reader.line_num
    for row in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if not row:
            continue  # a blank line
        if bad_lines and any(line in bad_lines for line in range(start, previous_end + 1)):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(rel, start, "", f"expected {len(header)} fields as in the header, found {len(row)}")
            )
            continue
        rows.append(row)
        starts.append(start)
    frame = (
        pd.DataFrame(rows, columns=header, dtype="str")
        if rows
        else empty_frame(header).drop(columns="source_line")
    )
    frame = frame.astype("str")
    frame["source_line"] = np.asarray(starts, dtype="int64")
    return frame


def read_table(path: Path, table: Table, rel: str) -> tuple[pd.DataFrame, list[Problem]]:
    """One CSV as strings in the table's column order, plus `source_line`; problems never raise.

    A missing or empty file gives an empty frame. Unexpected columns are reported and dropped; missing
    optional columns are reported and read as empty; a missing required column rejects the whole file.
    """
    problems: list[Problem] = []
    columns = table.columns
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return empty_frame(columns), [Problem(rel, 0, "", "file not found")]
    except OSError as err:
        return empty_frame(columns), [Problem(rel, 0, "", f"cannot read: {err.strerror}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if _BLANK.fullmatch(raw):
        return empty_frame(columns), [Problem(rel, 0, "", "empty file: expected a header line")]
    header = _header(raw)
    frame = _fast_read(raw, header)
    if frame is None:
        text, bad_lines = _decode(raw, rel, problems)
        header = next(csv.reader(io.StringIO(text, newline="")), [])
        frame = _slow_read(text, header, rel, problems, bad_lines)

    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(rel, 1, name, "column appears twice in the header"))
        seen.add(name)
    unexpected = [c for c in dict.fromkeys(header) if c not in columns]
    for name in unexpected:
        problems.append(Problem(rel, 1, name, f"unexpected column (expected: {', '.join(columns)})"))
    missing = [c for c in columns if c not in seen]
    required = {c for c in missing if table.schema.columns[c].metadata.get("required")}
    for name in missing:
        kind = "required column" if name in required else "column"
        problems.append(Problem(rel, 1, name, f"missing {kind}"))
    if required:
        return empty_frame(columns), problems
    if not missing and not unexpected and len(seen) == len(header) and header != columns:
        problems.append(Problem(rel, 1, "", f"columns out of order (expected: {', '.join(columns)})"))
    frame = frame.loc[:, ~frame.columns.duplicated()]
    for name in missing:
        frame[name] = ""
    frame = frame[[*columns, "source_line"]].reset_index(drop=True)
    return frame, problems
