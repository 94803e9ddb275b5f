"""Corpus records: read documents from .txt, .jsonl, .csv and .tsv files, streaming.

Accepts: paths (or ``-`` for standard input, read as bytes) and how to find the text
(``field`` of a JSONL object, ``column`` of a CSV/TSV row, a .txt file whole or per line).
Guarantees: one :class:`Record` per input record, in input order, each with its file and
line; a record that cannot be read (invalid UTF-8, broken JSON, no such field or column)
is still yielded, with ``error`` set to ``file:line: what is wrong`` and ``text`` None,
so the number of records out always equals the number in. Memory is bounded by the
largest record (a .txt file read whole is one record).
Does not: annotate anything (see :mod:`normalizer.corpus.batch`) or write output (:mod:`normalizer.cli.main`).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from normalizer.errors import TableError, json_problem

#: Input formats by file extension.
FORMATS = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv"}


@dataclass(slots=True)
class Record:
    """One document of a corpus: where it came from, its fields and its text (or an error);
    ``size`` is the bytes of input it took (what a progress line counts)."""

    source: str
    line: int
    text: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    size: int = 0


def input_format(path: str, override: str | None) -> str:
    """Return the format of ``path`` (``override`` wins; ``-`` needs it or means txt)."""
    if override:
        return override
    if path == "-":
        return "txt"
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: unknown input format {suffix or '(no extension)'}: "
                         f"use one of {', '.join(sorted(FORMATS))} or --input-format")
    return FORMATS[suffix]


def read_records(path: str, fmt: str, *, field_name: str = "text", column: str | None = None,
                 lines: bool = False, stdin: BinaryIO | None = None) -> Iterator[Record]:
    """Yield the records of one input (see the module contract).

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ValueError: a CSV/TSV file lacks ``column`` (checked on its header, before any record).
    """
    if path == "-":
        handle = stdin or sys.stdin.buffer
        yield from _read(handle, "<stdin>", fmt, field_name, column, lines)
        return
    with open(path, "rb") as raw:
        yield from _read(raw, path, fmt, field_name, column, lines)


def _read(handle: BinaryIO, name: str, fmt: str, field_name: str, column: str | None,
          lines: bool) -> Iterator[Record]:
    if fmt == "txt":
        yield from (_txt_lines(handle, name) if lines else _txt_whole(handle, name))
    elif fmt == "jsonl":
        yield from _jsonl(handle, name, field_name)
    elif fmt in ("csv", "tsv"):
        yield from _table(handle, name, fmt, column or field_name)
    else:
        raise ValueError(f"unknown input format {fmt!r}: use txt, jsonl, csv or tsv")


def _decode(data: bytes, name: str, line: int) -> tuple[str | None, str]:
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        return None, f"{name}:{line}: invalid UTF-8 at byte {exc.start} of the line: fix the encoding (UTF-8 expected)"


def _txt_lines(handle: BinaryIO, name: str) -> Iterator[Record]:
    for number, data in enumerate(handle, start=1):
        body = data.rstrip(b"\r\n")
        if number == 1:
            body = body.removeprefix(codecs.BOM_UTF8)
        text, error = _decode(body, name, number)
        fields: dict[str, Any] = {"source": name, "line": number}
        if error:
            fields["raw"] = body.decode("utf-8", "replace")
        yield Record(name, number, text, fields, error, len(data))


def _txt_whole(handle: BinaryIO, name: str) -> Iterator[Record]:
    raw = handle.read()
    data = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text, error = data.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        text, error = None, f"{name}:{line}: invalid UTF-8: fix the encoding (UTF-8 expected)"
    yield Record(name, 1, text, {"source": name}, error, len(raw))


def _jsonl(handle: BinaryIO, name: str, field_name: str) -> Iterator[Record]:
    skipped = 0  # bytes of blank lines, counted with the next record
    for number, data in enumerate(handle, start=1):
        size = len(data) + skipped
        if number == 1:
            data = data.removeprefix(codecs.BOM_UTF8)
        if not data.strip():
            skipped = size
            continue
        skipped = 0
        line, error = _decode(data, name, number)
        if line is None:
            yield Record(name, number, None, {"source": name, "line": number}, error, size)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(name, number, None, {"source": name, "line": number, "raw": line.rstrip("\r\n")},
                         f"{name}:{number}: broken JSON ({json_problem(exc)})", size)
            continue
        if not isinstance(obj, dict):
            yield Record(name, number, None, {"source": name, "line": number, "raw": obj},
                         f"{name}:{number}: expected a JSON object, got {type(obj).__name__}", size)
            continue
        value = obj.get(field_name)
        if not isinstance(value, str):
            what = "no field" if field_name not in obj else f"field of type {type(value).__name__}, not text,"
            yield Record(name, number, None, obj,
                         f"{name}:{number}: {what} {field_name!r}: choose the text field with --field", size)
            continue
        yield Record(name, number, value, obj, "", size)


def _table(handle: BinaryIO, name: str, fmt: str, column: str) -> Iterator[Record]:
    stream = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.DictReader(stream, delimiter="\t" if fmt == "tsv" else ",")
    header = reader.fieldnames or []
    if column not in header:
        raise ValueError(f"{name}:1: no column {column!r} (columns: {', '.join(header) or 'none'}): "
                         "choose one with --column")
    # Sizes: bytes read from a file (in the text layer's read-ahead steps, exact in sum), or,
    # from a pipe, the row's UTF-8 length.
    seekable = handle.seekable()
    position = 0
    for row in _csv_rows(reader, name):
        number = reader.line_num
        text = row.get(column)
        if seekable:
            size, position = handle.tell() - position, handle.tell()
        else:
            size = sum(len(v.encode("utf-8", "surrogateescape")) + 1 for v in row.values() if isinstance(v, str))
        bad = [k for k, v in row.items() if isinstance(v, str) and has_surrogate(v)]
        if bad:
            clean = {k: (v.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if isinstance(v, str) else v)
                     for k, v in row.items()}
            yield Record(name, number, None, clean,
                         f"{name}:{number}: invalid UTF-8 in column {bad[0]!r}: fix the encoding", size)
        elif None in row or text is None:
            yield Record(name, number, None, {k: v for k, v in row.items() if k is not None},
                         f"{name}:{number}: {'more' if None in row else 'fewer'} fields than the header", size)
        else:
            yield Record(name, number, text, dict(row), "", size)


def _csv_rows(reader: csv.DictReader[str], name: str) -> Iterator[dict[str | Any, Any]]:
    """The reader's rows; a row the csv module cannot read (a field over its size limit)
    ends the file with a TableError at its line, not a csv.Error traceback."""
    try:
        yield from reader
    except csv.Error as exc:
        raise TableError(name, reader.reader.line_num, f"cannot read CSV/TSV: {exc} → split or shorten the field "
                         "(or give the corpus as .jsonl or .txt)") from None


def has_surrogate(value: str) -> bool:
    """True if ``value`` holds bytes that were not UTF-8, decoded with ``surrogateescape``."""
    return any("\udc80" <= ch <= "\udcff" for ch in value)
