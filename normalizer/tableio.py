"""Alias-table files: read and write the five layouts, keeping every column and where each row came from.

Accepts: UTF-8 text in one of five layouts, recognised by the header (or the suffix):
  * ``entity`` TSV/CSV — ``id, type, name[, wikidata, note, …]``, one entity a row;
  * ``alias`` TSV/CSV — ``entity_id, alias[, lang, strength, source, note, …]``, one alias a row;
  * ``combined`` TSV/CSV — ``id, type, name, wikidata, alias, lang, strength, source, note[, …]``:
    one alias a row, entity metadata on the entity's first row only (entity-level extra
    columns are written ``entity.<column>``); a row with only ``id`` and alias columns may
    give more spellings to an entity defined in another file;
  * ``redirect`` TSV/CSV — ``id, redirect_to[, …]``: one id merged into another or renamed
    a row (``redirects.tsv``);
  * ``jsonl`` — one entity a line: ``{"id", "name", "type", "wikidata"?, "aliases": [str |
    {"alias", "lang"?, "strength"?, "source"?, "note"?, …}], …}``; a redirect is a line
    ``{"id": old, "redirect_to": new}``.
Files written before redirect files existed hold a redirect as an entity or combined row
with only ``id`` and ``redirect_to``; they still load.
Guarantees: columns this module does not know are kept as ``extra`` on the entity, alias
or redirect and written back; every problem is a :class:`~normalizer.errors.TableError`
with ``file:line`` (or, leniently, collected as findings); :func:`render` produces one
canonical text per table (sorted by id then alias, fixed column order), or, writing a file
back, keeps the file's columns and order wherever the table did not change, so an edit
changes only its rows. Files may be read over a base table (:meth:`Builder.over`), whose
ids they may not use again.
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
LAYOUTS = ("entity", "alias", "combined", "redirect", "jsonl")
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
    headers: dict[str, list[str]] = field(default_factory=dict)  # each TSV/CSV file's columns, as read
    unsorted: set[str] = field(default_factory=set)  # files whose rows were not in (id, alias) order
    redirect_extra: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # a redirect row's extras
    base: dict[str, Entity] = field(default_factory=dict)  # the entities of a table read under the files
    base_redirects: dict[str, str] = field(default_factory=dict)  # and its redirects
    writable: bool = True  # False for the bundled table: its files are not the user's to write


class Builder:
    """Collects entities, aliases and redirects across files (strict: raise; lenient: collect)."""

    def __init__(self, *, lenient: bool = False) -> None:
        self.lenient = lenient
        self.meta: dict[str, dict[str, object]] = {}
        self.aliases: dict[str, dict[str, Alias]] = {}
        self.pending: list[tuple[Origin, str, Alias]] = []
        self.out = Loaded()

    def over(self, entities: Iterable[Entity], redirects: dict[str, str], origins: Loaded | None) -> None:
        """Read the files to come over a base table: their alias rows may name its entities,
        and an entity or redirect row whose id it has already is a clash (a problem at the row,
        naming where the base has it). ``origins`` is the base's own provenance, if it has any."""
        for entity in entities:
            self.meta[entity.id] = {"name": entity.name, "type": entity.type, "wikidata": entity.wikidata,
                                    "extra": entity.extra}
            self.aliases[entity.id] = {text: entity.alias(text) for text in entity.aliases}
            self.out.base[entity.id] = entity
        self.out.redirects.update(redirects)
        self.out.base_redirects.update(redirects)
        if origins is not None:
            self.out.entity_origin.update(origins.entity_origin)
            self.out.alias_origin.update(origins.alias_origin)
            self.out.redirect_extra.update(origins.redirect_extra)

    def _clash(self, origin: Origin, eid: str) -> bool:
        """Report an id of the files that the base table has already; True if it does."""
        if eid not in self.out.base and eid not in self.out.base_redirects:
            return False
        first = self.out.entity_origin.get(eid)
        where = f"{first.path}:{first.line}" if first else "the base table"
        what = "an entity" if eid in self.out.base else f"a redirect to {self.out.base_redirects[eid]!r}"
        self.problem(origin.path, origin.line, f"id {eid!r} clashes with {what} of the table underneath ({where}) "
                     "→ choose another id; to give that entity more spellings, add alias rows (entity_id, alias)")
        return True

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
        if target or origin.layout == "redirect":
            if not target:
                self.problem(origin.path, origin.line, f"redirect {eid!r} has no redirect_to → name the id it "
                             "stands for now")
                return False
            if any(row.get(k, "").strip() for k in ("type", "name", "alias")):
                self.problem(origin.path, origin.line,
                             f"{eid!r} has redirect_to and also a type, name or alias → a redirect row has only id "
                             "and redirect_to")
                return False
            if self._clash(origin, eid):
                return False
            if eid in self.out.redirects and self.out.redirects[eid] != target:
                self.problem(origin.path, origin.line, f"{eid!r} redirects twice → keep one redirect_to")
            self.out.redirects[eid] = target
            self.out.entity_origin.setdefault(eid, origin)
            if extra:
                self.out.redirect_extra.setdefault(eid, extra)
            return False
        etype = row.get("type", "").strip()
        if etype not in ENTITY_TYPES:
            self.problem(origin.path, origin.line, f"type {etype!r} of {eid!r} is not one of {', '.join(ENTITY_TYPES)}")
            return False
        name = row.get("name", "").strip()
        if not name:
            self.problem(origin.path, origin.line, f"entity {eid!r} has no name → give its canonical name")
            return False
        if self._clash(origin, eid):
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
    for row in _csv_rows(reader, path, builder):
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


def _csv_rows(reader: Iterator[list[str]], path: str, builder: Builder) -> Iterator[list[str]]:
    """The reader's rows, until one the csv module cannot read (a field over its size limit):
    a problem at its line, and the rest of the file unread."""
    try:
        yield from reader
    except csv.Error as exc:
        builder.problem(path, getattr(reader, "line_num", 0), f"cannot read the row: {exc} → shorten the field")


def layout_of(header: Iterable[str]) -> str:
    """Return the layout a header announces (``""`` if none)."""
    cols = set(header)
    if {"entity_id", "alias"} <= cols:
        return "alias"
    if {"id", "type", "name", "alias"} <= cols:
        return "combined"
    if {"id", "type", "name"} <= cols:
        return "entity"
    if {"id", "redirect_to"} <= cols:
        return "redirect"
    return ""


_KNOWN = {
    "redirect": {"id", "redirect_to"},
    "entity": {"id", "type", "name", "wikidata", "redirect_to"},
    "alias": {"entity_id", *ALIAS_COLUMNS},
    "combined": {*ENTITY_COLUMNS, *ALIAS_COLUMNS, "redirect_to"},
}


def _read_delimited(builder: Builder, text: str, path: str, delimiter: str) -> None:
    layout = ""
    extras: list[str] = []
    last = ("", "")
    for line, row, header in _rows(text, path, delimiter, builder):
        if not row:
            layout = layout_of(header)
            if not layout:
                builder.problem(path, line, "unknown header: expected columns id,type,name (entities), "
                                "entity_id,alias (aliases), id,type,name,alias (combined) or id,redirect_to "
                                "(redirects)")
                return
            builder.out.layouts[path] = layout
            builder.out.headers[path] = header
            extras = [h for h in header if h not in _KNOWN[layout]]
            continue
        origin = Origin(path, line, layout)
        key = (row.get("entity_id" if layout == "alias" else "id", "").strip(), row.get("alias", "").strip())
        if key < last:
            builder.out.unsorted.add(path)
        last = key
        entity_extra = tuple((h.removeprefix(_ENTITY_PREFIX), row[h]) for h in extras
                             if (layout in ("entity", "redirect") or h.startswith(_ENTITY_PREFIX)) and row[h] != "")
        alias_extra = tuple((h, row[h]) for h in extras if not h.startswith(_ENTITY_PREFIX) and row[h] != "")
        if layout in ("entity", "redirect"):
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
    last = ""
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
        if _text(obj.get("id", "")).strip() < last:
            builder.out.unsorted.add(path)
        last = _text(obj.get("id", "")).strip()
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


@dataclass
class _Row:
    """One row to write: its sort key (id, alias), where it was read (None: new) and its values."""

    key: tuple[str, str]
    line: int | None
    values: dict[str, str]
    entity: Entity | None = None  # combined layout: the entity whose type and name go on its first row


#: The columns every file of a layout has (its header announces the layout).
_REQUIRED = {"entity": ("id", "type", "name"), "alias": ("entity_id", "alias"),
             "combined": ("id", "type", "name", "alias"), "redirect": ("id", "redirect_to")}


def render(entities: Iterable[Entity], layout: str, suffix: str, redirects: dict[str, str] | None = None, *,
           header: list[str] | None = None, lines: dict[tuple[str, str], int] | None = None,
           defined: set[str] | None = None, redirect_extra: dict[str, tuple[tuple[str, str], ...]] | None = None,
           keep_order: bool = False) -> str:
    """Return the text of a table in ``layout`` (``.tsv``/``.csv``/``.jsonl`` by ``suffix``).

    Without ``header`` the text is canonical: rows sorted by id, then alias; known columns
    in a fixed order, then the extra columns in the order first met. Writing a file back,
    ``header`` (its columns as read) and ``lines`` (``(id, alias or "")`` → the line each
    row was read from) keep the file as it is wherever the table did not change: its
    columns in its order (one that is now empty on every row stays; one that a row needs
    is added at the end) and, with ``keep_order`` (the file was not sorted), its rows in
    their order, new rows at the end. ``defined`` names the entities whose type and name this file holds (a
    combined file may also hold alias rows of entities defined elsewhere); None is all.
    ``redirect_extra`` gives the extra columns of redirect rows.
    """
    entities = [e for e in entities]
    redirects = redirects or {}
    extras = redirect_extra or {}
    if suffix == ".jsonl" or layout == "jsonl":
        return _render_jsonl(entities, redirects, extras, lines, keep_order)
    if layout not in _REQUIRED:
        raise ValueError(f"unknown layout {layout!r}: choose from {', '.join(LAYOUTS)}")
    where = lines or {}
    rows: list[_Row] = []
    if layout in ("entity", "combined", "redirect"):
        for old, new in redirects.items():
            values = {"id": old, "redirect_to": new}
            values.update({(_ENTITY_PREFIX + k if layout == "combined" else k): v for k, v in extras.get(old, ())})
            rows.append(_Row((old, ""), where.get((old, "")), values))
    if layout == "entity":
        for e in entities:
            values = {"id": e.id, "type": e.type, "name": e.name, "wikidata": e.wikidata}
            values.update((k, v) for k, v in e.extra if k not in values and k != "__placeholder__")
            rows.append(_Row((e.id, ""), where.get((e.id, "")), values))
    elif layout == "alias":
        for e in entities:
            for a in _sorted_aliases(e):
                rows.append(_Row((e.id, a.text), where.get((e.id, a.text)), _alias_values(a, {"entity_id": e.id})))
    elif layout == "combined":
        for e in entities:
            owner = e if defined is None or e.id in defined else None
            details = _sorted_aliases(e)
            if not details and owner is not None:
                rows.append(_Row((e.id, ""), where.get((e.id, "")), {"id": e.id}, owner))
            for a in details:
                rows.append(_Row((e.id, a.text), where.get((e.id, a.text)), _alias_values(a, {"id": e.id}), owner))
    rows = _ordered(rows, keep_order)
    if layout == "combined":
        seen: set[str] = set()
        for row in rows:
            owner = row.entity
            if owner is not None and owner.id not in seen:
                seen.add(owner.id)
                row.values.update({"type": owner.type, "name": owner.name, "wikidata": owner.wikidata})
                row.values.update((_ENTITY_PREFIX + k, v) for k, v in owner.extra if k != "__placeholder__")
    columns = _columns(layout, rows, header, bool(redirects))
    delimiter = "\t" if suffix == ".tsv" else ","
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n",
                        quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        fields = [row.values.get(c, "") for c in columns]
        if delimiter == "\t":
            for value in fields:
                if "\t" in value or "\n" in value:
                    raise ValueError(f"value {value!r} contains a tab or newline and cannot be written as TSV")
        writer.writerow(fields)
    return out.getvalue()


def _alias_values(a: Alias, first: dict[str, str]) -> dict[str, str]:
    values = {**first, "alias": a.text, "lang": a.lang, "strength": a.strength, "source": a.source, "note": a.note}
    values.update((k, v) for k, v in a.extra if k not in values)
    return values


def _ordered(rows: list[_Row], keep_order: bool) -> list[_Row]:
    """Rows sorted by key; or, with ``keep_order``, in the order they were read, new rows after them, sorted."""
    if not keep_order:
        return sorted(rows, key=lambda r: r.key)
    read = sorted((r for r in rows if r.line is not None), key=lambda r: (r.line or 0, r.key))
    return read + sorted((r for r in rows if r.line is None), key=lambda r: r.key)


def _columns(layout: str, rows: list[_Row], header: list[str] | None, redirects: bool) -> list[str]:
    """The header to write (see :func:`render`)."""
    known = {"entity": [*ENTITY_COLUMNS, "redirect_to"], "alias": ["entity_id", *ALIAS_COLUMNS],
             "combined": [*ENTITY_COLUMNS, *ALIAS_COLUMNS, "redirect_to"], "redirect": ["id", "redirect_to"]}[layout]
    used = dict.fromkeys(k for r in rows for k, v in r.values.items() if v != "" and k not in known)
    if header is None:  # canonical: every known column but redirect_to (only with redirects), extras after
        base = [c for c in known if c != "redirect_to" or redirects or layout == "redirect"]
        if layout == "combined":  # entity extras before alias extras, as read back
            entity_cols = [c for c in used if c.startswith(_ENTITY_PREFIX)]
            used = dict.fromkeys([*entity_cols, *[c for c in used if not c.startswith(_ENTITY_PREFIX)]])
            base = [c for c in base if c != "redirect_to"] + [*used] + (["redirect_to"] if redirects else [])
            return base
        return [*base, *used]
    columns = list(header)
    needed = [c for c in known if c in _REQUIRED[layout] or any(
        r.values.get(c, "") not in ("", "strong" if c == "strength" else "") for r in rows)]
    columns += [c for c in [*needed, *used] if c not in columns]
    return columns


def _render_jsonl(entities: list[Entity], redirects: dict[str, str],
                  extras: dict[str, tuple[tuple[str, str], ...]], lines: dict[tuple[str, str], int] | None,
                  keep_order: bool) -> str:
    where = lines or {}
    rows = []
    for old, new in redirects.items():
        redirect = {"id": old, "redirect_to": new, **dict(extras.get(old, ()))}
        rows.append(_Row((old, ""), where.get((old, "")), {"": json.dumps(redirect, ensure_ascii=False)}))
    for e in entities:
        record = e.to_dict()
        record["aliases"] = sorted(record["aliases"], key=lambda a: a["alias"])
        rows.append(_Row((e.id, ""), where.get((e.id, "")),
                         {"": json.dumps(record, ensure_ascii=False, sort_keys=True)}))
    return "".join(row.values[""] + "\n" for row in _ordered(rows, keep_order))
