"""Alias-table files: read and write the four layouts, keeping every column and where each row came from.

Accepts: UTF-8 text in one of four layouts, recognised by the header (or the suffix):
  * ``entity`` TSV/CSV — ``id, type, name[, wikidata, note, redirect_to, …]``, one entity a row;
  * ``alias`` TSV/CSV — ``entity_id, alias[, lang, strength, source, note, …]``, one alias a row;
  * ``combined`` TSV/CSV — ``id, type, name, wikidata, alias, lang, strength, source, note[, …]``:
    one alias a row, entity metadata on the entity's first row only (entity-level extra
    columns are written ``entity.<column>``);
  * ``jsonl`` — one entity a line: ``{"id", "name", "type", "wikidata"?, "aliases": [str |
    {"alias", "lang"?, "strength"?, "source"?, "note"?, …}], …}``.
A redirect (an id merged into or renamed to another) is an entity row with only ``id`` and
``redirect_to`` (JSONL: ``{"id": old, "redirect_to": new}``).
Guarantees: columns this module does not know are kept as ``extra`` on the entity or alias
and written back; every problem is a :class:`~normalizer.errors.TableError` with
``file:line`` (or, leniently, collected as findings); writers produce one canonical text
per table (sorted by id then alias, fixed column order), so an edit is a one-line diff.
Does not: check meaning beyond the row (see :mod:`normalizer.tables.check`).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from normalizer.errors import TableError, json_problem
from normalizer.model import ENTITY_TYPES, STRENGTHS, Alias, Entity

ENTITY_COLUMNS = ("id", "type", "name", "wikidata")
ALIAS_COLUMNS = ("alias", "lang", "strength", "source", "note")
LAYOUTS = ("entity", "alias", "combined", "jsonl")
_ENTITY_PREFIX = "entity."


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a row came from: file, line and the file's layout."""

    path: str
    line: int
    layout: str


@dataclass
class Loaded:
    """What reading files gives: entities in order, redirects, origins and problems."""

    entities: list[Entity] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)
    entity_origin: dict[str, Origin] = field(default_factory=dict)
    alias_origin: dict[tuple[str, str], Origin] = field(default_factory=dict)
    layouts: dict[str, str] = field(default_factory=dict)
    problems: list[TableError] = field(default_factory=list)
    duplicates: list[tuple[Origin, str, Origin]] = field(default_factory=list)  # entity defined twice


class Builder:
    """Collects entities, aliases and redirects across files (strict: raise; lenient: collect)."""

    def __init__(self, *, lenient: bool = False) -> None:
        self.lenient = lenient
        self.meta: dict[str, dict[str, object]] = {}
        self.aliases: dict[str, dict[str, Alias]] = {}
        self.pending: list[tuple[Origin, str, Alias]] = []
        self.out = Loaded()

    def problem(self, path: str, line: int, message: str) -> None:
        error = TableError(path, line, message)
        if not self.lenient:
            raise error
        self.out.problems.append(error)

    def entity(self, origin: Origin, row: dict[str, str], extra: tuple[tuple[str, str], ...]) -> bool:
        eid = row.get("id", "").strip()
        if not eid:
            self.problem(origin.path, origin.line, "empty id → give every entity a stable id")
            return False
        target = row.get("redirect_to", "").strip()
        if target:
            if any(row.get(k, "").strip() for k in ("type", "name", "alias")):
                self.problem(origin.path, origin.line,
                             f"{eid!r} has redirect_to and also a type, name or alias → a redirect row has only id "
                             "and redirect_to")
                return False
            if eid in self.out.redirects and self.out.redirects[eid] != target:
                self.problem(origin.path, origin.line, f"{eid!r} redirects twice → keep one redirect_to")
            self.out.redirects[eid] = target
            self.out.entity_origin.setdefault(eid, origin)
            return False
        etype = row.get("type", "").strip()
        if etype not in ENTITY_TYPES:
            self.problem(origin.path, origin.line, f"type {etype!r} of {eid!r} is not one of {', '.join(ENTITY_TYPES)}")
            return False
        name = row.get("name", "").strip()
        if not name:
            self.problem(origin.path, origin.line, f"entity {eid!r} has no name → give its canonical name")
            return False
        if eid in self.meta:
            self.out.duplicates.append((origin, eid, self.out.entity_origin[eid]))
            return True
        self.meta[eid] = {"name": name, "type": etype, "wikidata": row.get("wikidata", "").strip(), "extra": extra}
        self.aliases.setdefault(eid, {})
        self.out.entity_origin[eid] = origin
        return True

    def alias(self, origin: Origin, eid: str, row: dict[str, str], extra: tuple[tuple[str, str], ...]) -> None:
        text = row.get("alias", "").strip()
        if not text:
            self.problem(origin.path, origin.line, f"empty alias for {eid!r} → remove the row or write the spelling")
            return
        strength = row.get("strength", "").strip() or "strong"
        if strength not in STRENGTHS:
            self.problem(origin.path, origin.line, f"strength {strength!r} is not one of {', '.join(STRENGTHS)}")
            return
        alias = Alias(text, row.get("lang", "").strip(), strength, row.get("source", "").strip(),
                      row.get("note", "").strip(), extra)
        self.pending.append((origin, eid, alias))

    def build(self, *, need_entities: bool = True) -> Loaded:
        for origin, eid, alias in self.pending:
            if eid not in self.meta:
                if eid in self.out.redirects:
                    self.problem(origin.path, origin.line,
                                 f"alias {alias.text!r} is filed under {eid!r}, which redirects to "
                                 f"{self.out.redirects[eid]!r} → file it under the new id")
                elif need_entities:
                    self.problem(origin.path, origin.line,
                                 f"unknown entity id {eid!r} → add it to an entity file first")
                    continue
                else:
                    self.meta[eid] = {"name": "", "type": "", "wikidata": "", "extra": ()}
                    self.aliases[eid] = {}
                if eid not in self.meta:
                    continue
            if alias.text in self.aliases[eid]:
                continue
            self.aliases[eid][alias.text] = alias
            self.out.alias_origin[(eid, alias.text)] = origin
        for eid, meta in self.meta.items():
            details = tuple(self.aliases[eid].values())
            if not meta["name"]:  # an alias-only file read on its own (fmt): a placeholder entity
                self.out.entities.append(_placeholder(eid, details))
                continue
            self.out.entities.append(Entity(id=eid, name=str(meta["name"]), type=str(meta["type"]),
                                            wikidata=str(meta["wikidata"]), aliases=tuple(a.text for a in details),
                                            details=details, extra=meta["extra"]))  # type: ignore[arg-type]
        for old, new in self.out.redirects.items():
            if old in self.meta:
                where = self.out.entity_origin.get(old)
                self.problem(where.path if where else "?", where.line if where else 0,
                             f"{old!r} is both an entity and a redirect to {new!r} → keep one")
        return self.out


def read_file(path: str | os.PathLike[str]) -> str:
    """The text of a table or review file: UTF-8, a leading byte-order mark dropped (as
    spreadsheet programs write one).

    Raises:
        FileNotFoundError: ``path`` does not exist.
        TableError: bytes that are not UTF-8, with the line they are on.
    """
    data = Path(path).read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1)
        raise TableError(os.fspath(path), line, f"invalid UTF-8 at byte {column} of the line: fix the encoding "
                         "(UTF-8 expected)") from None


def _placeholder(eid: str, details: tuple[Alias, ...]) -> Entity:
    return Entity(id=eid, name=eid, type="MISC", aliases=tuple(a.text for a in details), details=details,
                  extra=(("__placeholder__", "1"),))


def is_placeholder(entity: Entity) -> bool:
    """True for the stand-in entity of an alias-only file read on its own."""
    return ("__placeholder__", "1") in entity.extra


# -- reading ----------------------------------------------------------------------------


def _rows(text: str, path: str, delimiter: str, builder: Builder) -> Iterator[tuple[int, dict[str, str], list[str]]]:
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
            builder.problem(path, line, f"{len(row)} fields, the header has {len(header)} ({', '.join(header)}) "
                                        "→ add or remove fields (a tab inside a value?)")
            continue
        yield line, dict(zip(header, row, strict=True)), header
    if header is None:
        builder.problem(path, 1, "empty file: expected a header row")


def layout_of(header: Iterable[str]) -> str:
    """Return the layout a header announces (``""`` if none)."""
    cols = set(header)
    if {"entity_id", "alias"} <= cols:
        return "alias"
    if {"id", "type", "name", "alias"} <= cols:
        return "combined"
    if {"id", "type", "name"} <= cols or {"id", "redirect_to"} <= cols:
        return "entity"
    return ""


_KNOWN = {
    "entity": {"id", "type", "name", "wikidata", "redirect_to"},
    "alias": {"entity_id", *ALIAS_COLUMNS},
    "combined": {*ENTITY_COLUMNS, *ALIAS_COLUMNS, "redirect_to"},
}


def _read_delimited(builder: Builder, text: str, path: str, delimiter: str) -> None:
    layout = ""
    extras: list[str] = []
    for line, row, header in _rows(text, path, delimiter, builder):
        if not row:
            layout = layout_of(header)
            if not layout:
                builder.problem(path, line, "unknown header: expected columns id,type,name (entities), "
                                "entity_id,alias (aliases) or id,type,name,alias (combined)")
                return
            builder.out.layouts[path] = layout
            extras = [h for h in header if h not in _KNOWN[layout]]
            continue
        origin = Origin(path, line, layout)
        entity_extra = tuple((h.removeprefix(_ENTITY_PREFIX), row[h]) for h in extras
                             if (layout == "entity" or h.startswith(_ENTITY_PREFIX)) and row[h] != "")
        alias_extra = tuple((h, row[h]) for h in extras if not h.startswith(_ENTITY_PREFIX) and row[h] != "")
        if layout == "entity":
            builder.entity(origin, row, entity_extra)
        elif layout == "alias":
            builder.alias(origin, row["entity_id"].strip(), row, alias_extra)
        else:
            eid = row["id"].strip()
            if row.get("redirect_to", "").strip() or row.get("type", "").strip() or row.get("name", "").strip():
                if not builder.entity(origin, row, entity_extra):
                    continue
            elif eid not in builder.meta:
                builder.problem(path, line, f"entity {eid!r} has no type and name on its first row")
                continue
            if row.get("alias", "").strip():
                builder.alias(origin, eid, row, alias_extra)


def _read_jsonl(builder: Builder, text: str, path: str) -> None:
    builder.out.layouts[path] = "jsonl"
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            builder.problem(path, line, f"invalid JSON ({json_problem(exc)})")
            continue
        if not isinstance(obj, dict):
            builder.problem(path, line, "expected a JSON object with id, name, type, aliases")
            continue
        origin = Origin(path, line, "jsonl")
        known = {"id", "type", "name", "wikidata", "aliases", "redirect_to"}
        extra = tuple((k, _text(v)) for k, v in obj.items() if k not in known)
        if not builder.entity(origin, {k: _text(obj.get(k, "")) for k in ("id", "type", "name", "wikidata",
                                                                           "redirect_to")}, extra):
            continue
        aliases = obj.get("aliases", [])
        if not isinstance(aliases, list):
            builder.problem(path, line, "aliases must be a list")
            continue
        for item in aliases:
            row = {"alias": item} if isinstance(item, str) else item
            if not isinstance(row, dict):
                builder.problem(path, line, f"alias {item!r} must be a string or an object")
                continue
            alias_extra = tuple((k, _text(v)) for k, v in row.items() if k not in ALIAS_COLUMNS)
            builder.alias(origin, _text(obj.get("id", "")).strip(), {k: _text(v) for k, v in row.items()},
                          alias_extra)


def _text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def read_text(builder: Builder, text: str, path: str) -> None:
    """Read one file's text into ``builder`` (format from the suffix)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        _read_jsonl(builder, text, path)
    elif suffix in (".tsv", ".csv"):
        _read_delimited(builder, text, path, "\t" if suffix == ".tsv" else ",")
    else:
        raise ValueError(f"{path}: unsupported table format {suffix!r}; use .tsv, .csv or .jsonl")


# -- writing ----------------------------------------------------------------------------


def _sorted_aliases(entity: Entity) -> list[Alias]:
    return sorted((entity.alias(a) for a in entity.aliases), key=lambda a: a.text)


def render(entities: Iterable[Entity], layout: str, suffix: str, redirects: dict[str, str] | None = None) -> str:
    """Return the canonical text of a table in ``layout`` (``.tsv``/``.csv``/``.jsonl`` by ``suffix``)."""
    ordered = sorted(entities, key=lambda e: e.id)
    redirects = dict(sorted((redirects or {}).items()))
    if suffix == ".jsonl" or layout == "jsonl":
        keyed = [(old, json.dumps({"id": old, "redirect_to": new}, ensure_ascii=False))
                 for old, new in redirects.items()]
        for e in ordered:
            record = e.to_dict()
            record["aliases"] = sorted(record["aliases"], key=lambda a: a["alias"])
            keyed.append((e.id, json.dumps(record, ensure_ascii=False, sort_keys=True)))
        keyed.sort(key=lambda pair: pair[0])
        return "".join(line + "\n" for _, line in keyed)
    delimiter = "\t" if suffix == ".tsv" else ","
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n",
                        quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL)
    entity_extra = list(dict.fromkeys(k for e in ordered for k, _ in e.extra if k != "__placeholder__"))
    alias_extra = list(dict.fromkeys(k for e in ordered for a in e.details for k, _ in a.extra))
    redirect_col = ["redirect_to"] if redirects else []
    rows: list[tuple[str, list[str]]] = []
    if layout == "entity":
        header = [*ENTITY_COLUMNS, *entity_extra, *redirect_col]
        for e in ordered:
            extra = dict(e.extra)
            rows.append((e.id, [e.id, e.type, e.name, e.wikidata, *[extra.get(k, "") for k in entity_extra],
                                *[""] * len(redirect_col)]))
        for old, new in redirects.items():
            rows.append((old, [old, "", "", "", *[""] * len(entity_extra), new]))
    elif layout == "alias":
        header = ["entity_id", *ALIAS_COLUMNS, *alias_extra]
        for e in ordered:
            for a in _sorted_aliases(e):
                extra = dict(a.extra)
                rows.append((e.id, [e.id, a.text, a.lang, a.strength, a.source, a.note,
                                    *[extra.get(k, "") for k in alias_extra]]))
    elif layout == "combined":
        entity_cols = [_ENTITY_PREFIX + k for k in entity_extra]
        header = [*ENTITY_COLUMNS, *ALIAS_COLUMNS, *entity_cols, *alias_extra, *redirect_col]
        for e in ordered:
            eextra = dict(e.extra)
            meta = [e.type, e.name, e.wikidata]
            emeta = [eextra.get(k, "") for k in entity_extra]
            details = _sorted_aliases(e)
            if not details:
                rows.append((e.id, [e.id, *meta, "", "", "", "", "", *emeta, *[""] * len(alias_extra),
                                    *[""] * len(redirect_col)]))
            for n, a in enumerate(details):
                aextra = dict(a.extra)
                first = n == 0
                rows.append((e.id, [e.id, *(meta if first else ["", "", ""]), a.text, a.lang, a.strength, a.source,
                                    a.note, *(emeta if first else [""] * len(emeta)),
                                    *[aextra.get(k, "") for k in alias_extra], *[""] * len(redirect_col)]))
        for old, new in redirects.items():
            rows.append((old, [old, "", "", "", "", "", "", "", "", *[""] * (len(entity_cols) + len(alias_extra)),
                               new]))
    else:
        raise ValueError(f"unknown layout {layout!r}: choose from {', '.join(LAYOUTS)}")
    if delimiter == "\t":
        for _, values in rows:
            for value in values:
                if "\t" in value or "\n" in value:
                    raise ValueError(f"value {value!r} contains a tab or newline and cannot be written as TSV")
    writer.writerow(header)
    rows.sort(key=lambda r: r[0])  # stable: aliases keep their sorted order within an id
    for _, values in rows:
        writer.writerow(values)
    return out.getvalue()
