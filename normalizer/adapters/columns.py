"""Column mode: resolve one column of a table file and add the entity columns.

Accepts: a .csv, .tsv, .jsonl or .parquet file (parquet needs pyarrow) and a column name.
Guarantees: every input row comes out once, in order, with :data:`COLUMNS` added (empty
when the name does not resolve, or the row is bad: then ``error`` says why, with
file:line); each distinct name is resolved once (a bounded cache); the output has the
input's format; files are written atomically.
Does not: change the other columns (they pass through as read).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
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


def resolve_rows(path: str, fmt: str, column: str, resolver: CachedResolver) -> Iterator[tuple[dict[str, Any], str]]:
    """Yield ``(row with the added columns, error)`` for each row of a csv/tsv/jsonl file."""
    for rec in read_records(path, fmt, field_name=column, column=column):
        row = dict(rec.fields)
        row.update(match_columns(resolver(rec.text) if rec.text is not None else None))
        if rec.error:
            row["error"] = rec.error
        yield row, rec.error


def write_rows(rows: Iterator[tuple[dict[str, Any], str]], fmt: str, out: TextIO) -> int:
    """Write rows as csv/tsv (header from the first row) or jsonl; return the count of bad rows."""
    import csv

    bad = 0
    writer: Any = None
    for row, error in rows:
        bad += bool(error)
        if fmt == "jsonl":
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            continue
        if writer is None:
            fields = [k for k in row if k != "error"] + ["error"]
            writer = csv.DictWriter(out, fieldnames=fields, delimiter="\t" if fmt == "tsv" else ",",
                                    extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
        writer.writerow(row)
    return bad


def resolve_parquet(path: str, column: str, out: str, resolver: CachedResolver) -> None:
    """Add the entity columns to a parquet file, written atomically to ``out``.

    Raises:
        ImportError: pyarrow is not installed (``pip install pyarrow``).
        ValueError: the file has no such column, or it does not hold text.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("parquet needs pyarrow: pip install pyarrow") from exc
    table = pq.read_table(path)
    if column not in table.column_names:
        raise ValueError(f"{path}: no column {column!r} (columns: {', '.join(table.column_names)})")
    kind = table.schema.field(column).type
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind)):
        raise ValueError(f"{path}: column {column!r} holds {kind}, not text: choose a text column")
    matches = [resolver(v) if isinstance(v, str) else None for v in table.column(column).to_pylist()]
    added = [match_columns(m) for m in matches]
    for name in COLUMNS:
        values = [a[name] if a[name] != "" else None for a in added]
        table = table.append_column(name, pa.array(values, type=pa.float64() if name == "score" else pa.string()))
    with atomic_path(Path(out)) as tmp:
        pq.write_table(table, tmp)
