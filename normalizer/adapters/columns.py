"""Column mode: resolve one column of a table file and add the entity columns.

Accepts: a .csv, .tsv, .jsonl or .parquet file (parquet needs pyarrow) and a column name.
Guarantees: every input row comes out once, in order, with :data:`COLUMNS` and ``error``
added (empty, or null in parquet, when the name does not resolve or the row is bad: then
``error`` says why, with file:line); each distinct name is resolved once (a bounded
cache); any input format can be written in any of them (the command line takes the
format of ``--out``'s extension, else the input's); files are written atomically.
Does not: change the other columns (they pass through as read).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from normalizer.adapters.records import read_records
from normalizer.atomic import atomic_path
from normalizer.model import Match
from normalizer.normalizer import Normalizer

#: The columns added to each row.
COLUMNS = ("entity_id", "canonical_name", "entity_type", "score", "method")
_CACHE = 100_000


def match_columns(match: Match | None) -> dict[str, Any]:
    """Return the added columns for one match (empty strings for None)."""
    if match is None:
        return dict.fromkeys(COLUMNS, "")
    return {"entity_id": match.entity.id, "canonical_name": match.entity.name, "entity_type": match.entity.type,
            "score": round(match.score, 4), "method": match.method}


class CachedResolver:
    """``resolve`` with a bounded per-name cache (names repeat in a column)."""

    def __init__(self, norm: Normalizer, types: set[str] | None = None) -> None:
        self.norm = norm
        self.types = types
        self._cache: dict[str, Match | None] = {}

    def __call__(self, name: str) -> Match | None:
        if name in self._cache:
            return self._cache[name]
        if len(self._cache) >= _CACHE:
            self._cache.clear()
        match = self._cache[name] = self.norm.resolve(name, types=self.types)
        return match


#: Column-mode file formats by extension.
FILE_FORMATS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
#: Called once per row read: ``(size in bytes, or 1 for a parquet row; the row is bad)``.
OnRow = Callable[[int, bool], None]


def file_format(path: str) -> str | None:
    """Return the column-mode format of ``path`` by its extension (None if it has none of :data:`FILE_FORMATS`)."""
    return FILE_FORMATS.get(Path(path).suffix.lower())


def resolve_rows(path: str, fmt: str, column: str, resolver: CachedResolver,
                 on_row: OnRow | None = None) -> Iterator[tuple[dict[str, Any], str]]:
    """Yield ``(row with the added columns, error)`` for each row of a csv/tsv/jsonl or parquet file."""
    if fmt == "parquet":
        table, names = _parquet_column(path, column)
        for row, name in zip(table.to_pylist(), names, strict=True):
            row.pop("error", None)  # of an earlier run: this one read the row
            row.update(match_columns(resolver(name) if isinstance(name, str) else None))
            if on_row:
                on_row(1, False)
            yield row, ""
        return
    for rec in read_records(path, fmt, field_name=column, column=column):
        row = dict(rec.fields)
        row.update(match_columns(resolver(rec.text) if rec.text is not None else None))
        if rec.error:
            row["error"] = rec.error
        if on_row:
            on_row(rec.size, bool(rec.error))
        yield row, rec.error


def write_rows(rows: Iterable[tuple[dict[str, Any], str]], fmt: str, out: TextIO) -> int:
    """Write rows as csv/tsv (header from the first row) or jsonl; return the count of bad rows."""
    import csv

    bad = 0
    writer: Any = None
    for row, error in rows:
        bad += bool(error)
        if fmt == "jsonl":
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            continue
        if writer is None:
            fields = [k for k in row if k != "error"] + ["error"]
            writer = csv.DictWriter(out, fieldnames=fields, delimiter="\t" if fmt == "tsv" else ",",
                                    extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
        writer.writerow(row)
    return bad


def write_parquet(rows: Iterable[tuple[dict[str, Any], str]], out: str) -> int:
    """Write rows (of a csv/tsv/jsonl file) as parquet, atomically, and return the count of bad rows.

    The rows are gathered in memory (parquet is written whole). The added columns are
    typed (``score`` float64, the others string) and null where empty, as is ``error``
    when the row is good; the input's columns keep the type of their values.

    Raises:
        ImportError: pyarrow is not installed.
        ValueError: a column of the input holds values of more than one type (JSON lines).
    """
    pa, pq = _pyarrow()
    gathered = list(rows)
    names: dict[str, None] = {}
    for row, _ in gathered:
        names.update(dict.fromkeys(k for k in row if k not in COLUMNS and k != "error"))
    arrays = []
    for name in names:
        try:
            arrays.append(pa.array([row.get(name) for row, _ in gathered]))
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise ValueError(f"{out}: column {name!r} holds values of more than one type ({exc}): parquet needs one "
                             "type per column; write .jsonl instead") from None
    for name in (*COLUMNS, "error"):
        values = [None if row.get(name) in ("", None) else row.get(name) for row, _ in gathered]
        arrays.append(pa.array(values, type=pa.float64() if name == "score" else pa.string()))
    table = pa.Table.from_arrays(arrays, names=[*names, *COLUMNS, "error"])
    with atomic_path(Path(out)) as tmp:
        pq.write_table(table, tmp)
    return sum(bool(error) for _, error in gathered)


def resolve_parquet(path: str, column: str, out: str, resolver: CachedResolver, on_row: OnRow | None = None) -> None:
    """Add the entity columns and an (empty) ``error`` column to a parquet file, written
    atomically to ``out``; the other columns keep their types.

    Raises:
        ImportError: pyarrow is not installed (``pip install pyarrow``).
        ValueError: the file has no such column, or it does not hold text.
    """
    pa, pq = _pyarrow()
    table, names = _parquet_column(path, column)
    matches = []
    for name in names:
        matches.append(resolver(name) if isinstance(name, str) else None)
        if on_row:
            on_row(1, False)
    added = [match_columns(m) for m in matches]
    table = table.drop_columns([c for c in (*COLUMNS, "error") if c in table.column_names])  # replaced, as in rows
    for name in COLUMNS:
        values = [a[name] if a[name] != "" else None for a in added]
        table = table.append_column(name, pa.array(values, type=pa.float64() if name == "score" else pa.string()))
    table = table.append_column("error", pa.nulls(len(added), type=pa.string()))
    with atomic_path(Path(out)) as tmp:
        pq.write_table(table, tmp)


def parquet_rows(path: str) -> int:
    """Return the number of rows of a parquet file (from its footer, without reading the data)."""
    _, pq = _pyarrow()
    rows: int = pq.ParquetFile(path).metadata.num_rows
    return rows


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("parquet needs pyarrow: pip install pyarrow") from exc
    return pa, pq


def _parquet_column(path: str, column: str) -> tuple[Any, list[Any]]:
    """The parquet table at ``path`` and the values of its text ``column``."""
    pa, pq = _pyarrow()
    table = pq.read_table(path)
    if column not in table.column_names:
        raise ValueError(f"{path}: no column {column!r} (columns: {', '.join(table.column_names)})")
    kind = table.schema.field(column).type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind)):
        raise ValueError(f"{path}: column {column!r} holds {kind}, not text: choose a text column")
    return table, table.column(column).to_pylist()
