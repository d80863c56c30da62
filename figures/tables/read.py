"""Reading files safely, and CSV decoding: one table file as strings in the declared column order, each
row with its line number.

A file is read only if it is a regular file (never through a symbolic link, never a pipe, device or
folder) and no larger than a cap, so no file can disclose another, hang a reader or exhaust memory.
Nothing raises on bad input: a refused or unreadable file, undecodable bytes, a ragged row, a quote left
open or a last row cut short, or a header that does not match the declaration becomes a `Problem` naming
the file and line, and the rows that can be read are returned. Every record of the file is either a
row returned or a problem reported.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from figures.rules.problems import Problem
from figures.rules.schema import Table

MAX_TABLE_BYTES = 1 << 30  # far above a million figures' tables; below what the server can hold
MAX_TEXT_BYTES = 4 << 20  # an article text: real ones are tens of kilobytes


class FileRefused(Exception):
    """A file that is not read: its message says why, in words for a curator."""


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, opened without following a symbolic link and read up to
    `limit` bytes. Raises FileNotFoundError, FileRefused (a link, a pipe, a device, a folder, too large)
    or OSError."""
    try:
        # O_NONBLOCK: opening a pipe with no writer would wait forever; fstat then refuses it
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise FileRefused("is a symbolic link: a file must be a regular file, not a link") from None
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe" if stat.S_ISFIFO(mode) else "a device"
        raise FileRefused(f"is {kind}: a file must be a regular file")
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(f"is larger than {limit:,} bytes")
    return data


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


# Below this size the csv module reads a table faster than pyarrow can start (tens of milliseconds).
FAST_READ_FROM = 1 << 20
# A quote between two characters that are neither quotes nor field or line ends: in a valid file only
# inside an unquoted field ('5" tall'); after a closing quote it is a broken field. Both read carefully.
_QUOTE_INSIDE_TEXT = re.compile(rb'(?<=[^,"\n])"(?=[^,"\r\n])')


def _fast_read(raw: bytes, header: list[str]) -> pd.DataFrame | None:
    """pyarrow's reader, for the common case of a regular file; None when the file needs the careful path.

    pyarrow refuses ragged rows, invalid UTF-8 and (as pandas calls it) newlines inside quoted fields,
    and skips blank lines; a line count that does not match the rows read sends such files to
    `_slow_read`, and so do an odd number of quote characters (one left open), a quote inside text (text
    after a closing quote, which pyarrow would join to the field) and a missing last line end (a file
    cut short), which pyarrow would read without a word.
    """
    if len(raw) < FAST_READ_FROM or not raw.endswith(b"\n") or raw.count(b'"') % 2:
        return None
    if _QUOTE_INSIDE_TEXT.search(raw):
        return None
    if len(set(header)) != len(header) or raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype="str", keep_default_na=False, engine="pyarrow")
    except Exception:  # any parse trouble: the careful reader will say exactly what and where
        return None
    if list(frame.columns) != header or len(frame) != raw.count(b"\n") - 1:
        return None
    frame["source_line"] = np.arange(2, len(frame) + 2, dtype="int64")
    return frame


# The csv module caps a field at 128 KiB by default and raises past it; the file's own cap bounds it here.
csv.field_size_limit(MAX_TABLE_BYTES)
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")  # only "\n" ends a line: a field may hold U+2028 and the like
_CSV_ERRORS = {
    "unexpected end of data": "a quoted field is never closed: the file ends inside it (was it cut short?)",
    "',' expected after '\"'": "text after a closing quote: quote the whole field, doubling quotes in it",
}


class _Lines(Iterator[str]):
    """The lines of a text with their "\n", counting how many were taken."""

    def __init__(self, text: str) -> None:
        self._lines = (m.group() for m in _LINE.finditer(text))
        self.taken = 0

    def __next__(self) -> str:
        line = next(self._lines)
        self.taken += 1
        return line


def _records(text: str) -> Iterator[tuple[int, list[str] | str]]:
    """Every record of a CSV text: (its first line, its fields), or (its first line, why the csv module
    refuses it); reading goes on with the line after a refused record."""
    lines, start = _Lines(text), 1
    while True:
        try:
            for fields in csv.reader(lines, strict=True):
                yield start, fields
                start = lines.taken + 1
            return
        except csv.Error as err:
            yield start, _CSV_ERRORS.get(str(err), f"not valid CSV: {err}")
            start = lines.taken + 1


def _slow_read(
    text: str, rel: str, problems: list[Problem], bad_lines: set[int]
) -> tuple[list[str], pd.DataFrame]:
    """The header and the rows, by the csv module record by record: exact line numbers even with quoted
    newlines. Refused and ragged records are reported and left out, and so are records on `bad_lines`
    (undecodable, reported already) and a last record without its line end (the file may be cut short)."""
    records = list(_records(text))
    header = next((fields for _, fields in records if isinstance(fields, list)), [])
    if records and records[0][1] is header:
        records = records[1:]
    rows: list[list[str]] = []
    starts: list[int] = []
    for i, (start, fields) in enumerate(records):
        if isinstance(fields, str):
            problems.append(Problem(rel, start, "", fields))
            continue
        if not fields:
            continue  # a blank line
        end = start + sum(field.count("\n") for field in fields)
        if bad_lines and any(line in bad_lines for line in range(start, end + 1)):
            continue
        if len(fields) != len(header):
            message = f"expected {len(header)} fields as in the header, found {len(fields)}"
        elif i == len(records) - 1 and not text.endswith("\n"):
            message = (
                "no line end after the last row: the file may be cut short here (if the row is whole, "
                "end the file with a newline)"
            )
        else:
            rows.append(fields)
            starts.append(start)
            continue
        problems.append(Problem(rel, start, "", message))
    frame = (
        pd.DataFrame(rows, columns=header, dtype="str")
        if rows
        else pd.DataFrame({name: pd.Series([], dtype="str") for name in header})
    )
    frame["source_line"] = np.asarray(starts, dtype="int64")
    return header, frame


def read_table(path: Path, table: Table, rel: str) -> tuple[pd.DataFrame, list[Problem]]:
    """One CSV as strings in the table's column order, plus `source_line`; problems never raise.

    A missing or empty file gives an empty frame. Unexpected columns are reported and dropped; missing
    optional columns are reported and read as empty; a missing required column rejects the whole file.
    """
    return table_from(*table_bytes(path, rel), table, rel)


def table_bytes(path: Path, rel: str) -> tuple[bytes | None, Problem | None]:
    """A table file's bytes, or None and why it cannot be read."""
    try:
        return read_file(path, MAX_TABLE_BYTES), None
    except FileNotFoundError:
        return None, Problem(rel, 0, "", "file not found")
    except FileRefused as err:
        return None, Problem(rel, 0, "", f"not read: the file {err}")
    except OSError as err:
        return None, Problem(rel, 0, "", f"cannot read: {err.strerror}")


def table_from(
    raw: bytes | None, refused: Problem | None, table: Table, rel: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """read_table() of what table_bytes() gave."""
    return (empty_frame(table.columns), [refused]) if raw is None else parse_table(raw, table, rel)


def parse_table(raw: bytes, table: Table, rel: str) -> tuple[pd.DataFrame, list[Problem]]:
    """read_table() of a file's bytes."""
    problems: list[Problem] = []
    columns = table.columns
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if _BLANK.fullmatch(raw):
        return empty_frame(columns), [Problem(rel, 0, "", "empty file: expected a header line")]
    header = _header(raw)
    frame = _fast_read(raw, header)
    if frame is None:
        text, bad_lines = _decode(raw, rel, problems)
        header, frame = _slow_read(text, rel, problems, bad_lines)

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
    if len(seen) != len(header):
        frame = frame.loc[:, ~frame.columns.duplicated()]
    for name in missing:
        frame[name] = ""
    if list(frame.columns) != [*columns, "source_line"]:
        frame = frame[[*columns, "source_line"]]
    return frame.reset_index(drop=True), problems
