"""The alias table: load, validate, merge and save entity/alias files.

Accepts: UTF-8 files in three layouts, recognised by their header or suffix:
  * entity TSV/CSV — ``id, type, name[, wikidata, note]``, one entity a row;
  * alias TSV/CSV — ``entity_id, alias[, lang, strength, source, note]``, one alias a row;
  * combined TSV/CSV — ``id, type, name, wikidata, alias, lang, strength, source, note``:
    one alias a row, entity metadata on the entity's first row only;
  * JSONL — one entity a line: ``{"id", "name", "type", "wikidata"?, "aliases": [str |
    {"alias", "lang"?, "strength"?, "source"?, "note"?}]}``.
Several paths merge in order (entities first found win their metadata; aliases add up).
Guarantees: every problem raises :class:`TableError` with ``file:line``; nothing is
skipped silently; :meth:`AliasTable.save` writes atomically in a stable order.
Does not: index or match (see :mod:`normalizer.index`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from normalizer.atomic import write_atomic
from normalizer.errors import TableError
from normalizer.model import ENTITY_TYPES, STRENGTHS, Alias, Entity
from normalizer.rules import data_text

__all__ = ["AliasTable", "TableError"]

ENTITY_COLUMNS = ("id", "type", "name", "wikidata", "note")
ALIAS_COLUMNS = ("entity_id", "alias", "lang", "strength", "source", "note")
COMBINED_COLUMNS = ("id", "type", "name", "wikidata", "alias", "lang", "strength", "source", "note")
DEFAULT_FILES = ("entities.tsv", "cldr/entities.tsv", "aliases.tsv", "cldr/aliases.tsv")

_DEFAULT: AliasTable | None = None
_DEFAULT_LOCK = threading.Lock()


class _Builder:
    """Collects entities and aliases across files, keeping where each came from."""

    def __init__(self) -> None:
        self.meta: dict[str, dict[str, str]] = {}
        self.aliases: dict[str, dict[str, Alias]] = {}
        self.pending: list[tuple[str, int, str, Alias]] = []

    def entity(self, path: str, line: int, row: dict[str, str]) -> None:
        eid = row.get("id", "").strip()
        if not eid:
            raise TableError(path, line, "empty id → give every entity a stable id")
        etype = row.get("type", "").strip()
        if etype not in ENTITY_TYPES:
            raise TableError(path, line, f"type {etype!r} of {eid!r} is not one of {', '.join(ENTITY_TYPES)}")
        name = row.get("name", "").strip()
        if not name:
            raise TableError(path, line, f"entity {eid!r} has no name → give its canonical name")
        if eid not in self.meta:
            self.meta[eid] = {"name": name, "type": etype, "wikidata": row.get("wikidata", "").strip()}
            self.aliases.setdefault(eid, {})

    def alias(self, path: str, line: int, eid: str, row: dict[str, str]) -> None:
        text = row.get("alias", "").strip()
        if not text:
            raise TableError(path, line, f"empty alias for {eid!r} → remove the row or write the spelling")
        strength = row.get("strength", "").strip() or "strong"
        if strength not in STRENGTHS:
            raise TableError(path, line, f"strength {strength!r} is not one of {', '.join(STRENGTHS)}")
        alias = Alias(text, row.get("lang", "").strip(), strength, row.get("source", "").strip(),
                      row.get("note", "").strip())
        self.pending.append((path, line, eid, alias))

    def build(self) -> list[Entity]:
        for path, line, eid, alias in self.pending:
            if eid not in self.meta:
                raise TableError(path, line, f"unknown entity id {eid!r} → add it to an entity file first")
            self.aliases[eid].setdefault(alias.text, alias)
        entities = []
        for eid, meta in self.meta.items():
            details = tuple(self.aliases[eid].values())
            entities.append(Entity(id=eid, name=meta["name"], type=meta["type"], wikidata=meta["wikidata"],
                                   aliases=tuple(a.text for a in details), details=details))
        return entities


def _rows(text: str, path: str, delimiter: str) -> Iterator[tuple[int, dict[str, str], list[str]]]:
    if delimiter == "\t":
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    for row in reader:
        line = reader.line_num
        if not row or all(not f.strip() for f in row):
            continue
        if header is None:
            header = [h.strip() for h in row]
            yield line, {}, header
            continue
        if len(row) != len(header):
            raise TableError(path, line, f"{len(row)} fields, the header has {len(header)} ({', '.join(header)})")
        yield line, dict(zip(header, row, strict=True)), header
    if header is None:
        raise TableError(path, 1, "empty file: expected a header row")


def _read_delimited(builder: _Builder, text: str, path: str, delimiter: str) -> None:
    kind = ""
    for line, row, header in _rows(text, path, delimiter):
        if not row:
            cols = set(header)
            if {"entity_id", "alias"} <= cols:
                kind = "alias"
            elif {"id", "type", "name", "alias"} <= cols:
                kind = "combined"
            elif {"id", "type", "name"} <= cols:
                kind = "entity"
            else:
                raise TableError(path, line, "unknown header: expected columns id,type,name (entities), "
                                 "entity_id,alias (aliases) or id,type,name,alias (combined)")
            continue
        if kind == "entity":
            builder.entity(path, line, row)
        elif kind == "alias":
            builder.alias(path, line, row["entity_id"].strip(), row)
        else:
            eid = row["id"].strip()
            if row.get("type", "").strip() or row.get("name", "").strip():
                builder.entity(path, line, row)
            elif eid not in builder.meta:
                raise TableError(path, line, f"entity {eid!r} has no type and name on its first row")
            if row.get("alias", "").strip():
                builder.alias(path, line, eid, row)


def _read_jsonl(builder: _Builder, text: str, path: str) -> None:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise TableError(path, line, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(obj, dict):
            raise TableError(path, line, "expected a JSON object with id, name, type, aliases")
        builder.entity(path, line, {k: str(obj.get(k, "") or "") for k in ("id", "type", "name", "wikidata")})
        aliases = obj.get("aliases", [])
        if not isinstance(aliases, list):
            raise TableError(path, line, "aliases must be a list")
        for item in aliases:
            row = {"alias": item} if isinstance(item, str) else item
            if not isinstance(row, dict):
                raise TableError(path, line, f"alias {item!r} must be a string or an object")
            builder.alias(path, line, str(obj.get("id", "")).strip(), {k: str(v) for k, v in row.items()})


def _read_into(builder: _Builder, text: str, path: str) -> None:
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        _read_jsonl(builder, text, path)
    elif suffix in (".tsv", ".csv"):
        _read_delimited(builder, text, path, "\t" if suffix == ".tsv" else ",")
    else:
        raise ValueError(f"{path}: unsupported table format {suffix!r}; use .tsv, .csv or .jsonl")


class AliasTable:
    """The set of entities and their aliases: the source of truth for matching.

    >>> t = AliasTable([Entity(id="x", name="X Y", type="PER", aliases=("Y",))])
    >>> len(t), t["x"].name
    (1, 'X Y')
    """

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._entities: dict[str, Entity] = {}
        for entity in entities:
            if not isinstance(entity, Entity):
                raise TypeError(f"AliasTable takes Entity objects, got {type(entity).__name__}")
            if entity.id in self._entities:
                raise ValueError(f"duplicate entity id {entity.id!r}")
            self._entities[entity.id] = entity

    @classmethod
    def load(cls, *paths: str | os.PathLike[str]) -> AliasTable:
        """Load and merge alias-table files (.tsv, .csv, .jsonl); see the module doc for layouts.

        Raises:
            TableError: a malformed row, with ``file:line``.
            FileNotFoundError: a path does not exist.
        """
        if not paths:
            raise ValueError("AliasTable.load needs at least one path")
        builder = _Builder()
        for path in paths:
            text = Path(path).read_text(encoding="utf-8")
            _read_into(builder, text, os.fspath(path))
        return cls(builder.build())

    @classmethod
    def default(cls) -> AliasTable:
        """Return the bundled default table (seed entities plus CLDR countries), loaded once."""
        global _DEFAULT
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                builder = _Builder()
                for name in DEFAULT_FILES:
                    _read_into(builder, data_text(name), f"data/{name}")
                _DEFAULT = cls(builder.build())
            return _DEFAULT

    def __len__(self) -> int:
        return len(self._entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities.values())

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def __getitem__(self, entity_id: str) -> Entity:
        try:
            return self._entities[entity_id]
        except KeyError:
            raise KeyError(f"no entity with id {entity_id!r} in this table") from None

    def __repr__(self) -> str:
        return f"AliasTable({len(self)} entities, {sum(len(e.aliases) for e in self)} aliases)"

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the table to one file, atomically, in a stable order (sorted by id, then alias).

        ``.tsv``/``.csv`` use the combined layout; ``.jsonl`` one entity a line.
        """
        target = Path(path)
        suffix = target.suffix.lower()
        entities = sorted(self, key=lambda e: e.id)
        if suffix == ".jsonl":
            body = "".join(json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for e in entities)
        elif suffix in (".tsv", ".csv"):
            body = _combined_text(entities, "\t" if suffix == ".tsv" else ",")
        else:
            raise ValueError(f"{target}: unsupported table format {suffix!r}; use .tsv, .csv or .jsonl")
        write_atomic(target, body)


def _combined_text(entities: list[Entity], delimiter: str) -> str:
    out = io.StringIO()
    if delimiter == "\t":
        for value in (a for e in entities for a in (e.id, e.name, e.wikidata, *e.aliases)):
            if "\t" in value or "\n" in value:
                raise ValueError(f"value {value!r} contains a tab or newline and cannot be written as TSV")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n",
                        quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL)
    writer.writerow(COMBINED_COLUMNS)
    for entity in entities:
        first = True
        details = sorted((entity.alias(a) for a in entity.aliases), key=lambda a: a.text)
        if not details:
            writer.writerow([entity.id, entity.type, entity.name, entity.wikidata, "", "", "", "", ""])
        for alias in details:
            meta = [entity.type, entity.name, entity.wikidata] if first else ["", "", ""]
            writer.writerow([entity.id, *meta, alias.text, alias.lang, alias.strength, alias.source, alias.note])
            first = False
    return out.getvalue()
