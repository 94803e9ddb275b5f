"""Importers: Wikidata entities and any CSV/TSV with a column mapping, into alias tables.

Accepts: Wikidata JSON as ``wbgetentities`` returns it (``{"entities": {QID: …}}``) or as
dump lines (one entity a line inside ``[`` … ``]``, lines ending in commas); a CSV or TSV
file and a mapping ``id=COL,name=COL,type=COL,alias=COL,lang=COL,wikidata=COL``.
Guarantees: Wikidata labels and aliases in the chosen languages become aliases with their
language and ``source=wikidata``, the QID goes to ``wikidata``, the type comes from the
first known P31 class (``data/wikidata-types.tsv``) unless given; ids are slugs of the
English label (with the QID when two labels collide); a row that cannot be imported is
an error naming file and line; the output is written atomically.
Does not: download anything (give it files you fetched).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from normalizer.caches import cached
from normalizer.errors import TableError, json_problem
from normalizer.model import ENTITY_TYPES, Alias, Entity
from normalizer.rules.tsv import rule_table
from normalizer.table import AliasTable
from normalizer.tableio import read_file

_SLUG = re.compile(r"[^a-z0-9]+")


@cached()
def wikidata_types() -> dict[str, str]:
    """Return P31 class QID → entity type (``data/wikidata-types.tsv``)."""
    return {r["qid"]: r["type"] for r in rule_table("wikidata-types.tsv")}


def slug(text: str) -> str:
    """Return a lowercase ASCII id for ``text`` ("Vladimir Putin" → "vladimir-putin")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", ascii_text.lower()).strip("-")


def wikidata_records(path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line, entity JSON)`` from a wbgetentities file or a dump-lines file.

    Raises:
        TableError: broken JSON, with file and line.
    """
    text = read_file(path)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            if "\n{" not in text:
                raise TableError(path, exc.lineno, f"invalid JSON ({exc.msg})") from None
        else:
            if isinstance(obj, dict) and isinstance(obj.get("entities"), dict):
                for qid, entity in obj["entities"].items():
                    if isinstance(entity, dict) and "missing" not in entity:
                        yield 1, {"id": qid, **entity}
                return
            if isinstance(obj, dict) and "id" in obj:
                yield 1, obj
                return
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip().rstrip(",")
        if not line or line in ("[", "]"):
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TableError(path, number, f"invalid JSON in a dump line ({json_problem(exc)})") from None
        if not isinstance(entity, dict) or "id" not in entity:
            raise TableError(path, number, "expected a Wikidata entity object with an id")
        yield number, entity


class _Reader:
    """Reads the parts of one Wikidata entity, raising :class:`TableError` at its file and
    line where the JSON does not have Wikidata's shape (a malformed ``claims``, a label
    that is not an object …)."""

    def __init__(self, path: str, line: int, qid: str) -> None:
        self.path, self.line, self.qid = path, line, qid

    def fail(self, where: str, value: object, expected: str) -> TableError:
        return TableError(self.path, self.line, f"{self.qid}: {where} is {_kind(value)}, expected {expected} → "
                          "give entity JSON as Wikidata's wbgetentities or dumps write it")

    def mapping(self, value: object, where: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where, value, "an object")
        return value

    def items(self, value: object, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, value, "a list")
        return value

    def text(self, value: object, where: str) -> str:
        """The ``value`` of a label or alias object ('' when it has none)."""
        record = self.mapping(value, where)
        text = record.get("value", "")
        if not isinstance(text, str):
            raise self.fail(f"{where}.value", text, "a string")
        return text

    def p31(self, item: dict[str, Any]) -> list[str]:
        """The classes the entity is an instance of (claims that have no value are skipped)."""
        claims = self.mapping(item.get("claims"), "claims")
        out = []
        for n, claim in enumerate(self.items(claims.get("P31"), "claims.P31")):
            where = f"claims.P31[{n}]"
            snak = self.mapping(self.mapping(claim, where).get("mainsnak"), f"{where}.mainsnak")
            datavalue = self.mapping(snak.get("datavalue"), f"{where}.mainsnak.datavalue")
            value = datavalue.get("value")
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                out.append(value["id"])
            elif value is not None:
                raise self.fail(f"{where}.mainsnak.datavalue.value", value, 'an object with an "id"')
        return out


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def from_wikidata(path: str, langs: Iterable[str], etype: str | None = None) -> list[Entity]:
    """Return the entities of a Wikidata JSON file (see the module contract).

    Raises:
        TableError: broken JSON, an entity without a label, or parts that do not have
            Wikidata's shape, with file and line.
    """
    langs = list(langs)
    types = wikidata_types()
    rows = []
    for line, item in wikidata_records(path):
        if not isinstance(item["id"], str):
            raise TableError(path, line, f"entity id {item['id']!r} is not a string → give Wikidata entity JSON")
        qid = item["id"]
        read = _Reader(path, line, qid)
        labels = {lang: read.text(label, f"labels.{lang}")
                  for lang, label in read.mapping(item.get("labels"), "labels").items()}
        name = labels.get("en") or next((v for v in labels.values() if v), "")
        if not name:
            raise TableError(path, line, f"{qid} has no label → fetch it with labels in some language")
        kind = etype or next((types[c] for c in read.p31(item) if c in types), "MISC")
        aliases = read.mapping(item.get("aliases"), "aliases")
        found: dict[str, Alias] = {}
        for lang in langs:
            label = labels.get(lang)
            if label and label != name:
                found.setdefault(label, Alias(label, lang, "strong", "wikidata"))
            for n, alias in enumerate(read.items(aliases.get(lang), f"aliases.{lang}")):
                value = read.text(alias, f"aliases.{lang}[{n}]")
                if value and value != name:
                    found.setdefault(value, Alias(value, lang, "strong", "wikidata"))
        rows.append((qid, name, kind, tuple(found.values())))
    taken: dict[str, int] = {}
    for _, name, _, _ in rows:
        taken[slug(name)] = taken.get(slug(name), 0) + 1
    out = []
    for qid, name, kind, details in rows:
        base = slug(name) or qid.lower()
        eid = base if taken.get(base, 0) == 1 else f"{base}-{qid.lower()}"
        out.append(Entity(id=eid, name=name, type=kind, wikidata=qid, aliases=tuple(a.text for a in details),
                          details=details))
    return out


def parse_mapping(spec: str) -> dict[str, str]:
    """Parse ``id=COL,name=COL,…`` (ValueError naming the bad part)."""
    fields = {"id", "name", "type", "alias", "lang", "wikidata", "strength", "note"}
    out = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        key, sep, column = part.partition("=")
        if not sep or key not in fields or not column:
            raise ValueError(f"bad --map part {part!r}: write FIELD=COLUMN with FIELD in {', '.join(sorted(fields))}")
        out[key] = column
    if "name" not in out or ("id" not in out and "name" not in out):
        raise ValueError("--map needs at least name=COLUMN (and usually id=, type=, alias=)")
    return out


def from_csv(path: str, mapping: dict[str, str], etype: str | None = None) -> list[Entity]:
    """Return entities from a CSV/TSV file whose columns ``mapping`` names (one alias a row)."""
    delimiter = "\t" if path.lower().endswith(".tsv") else ","
    with io.StringIO(read_file(path), newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        missing = [c for c in mapping.values() if c not in (reader.fieldnames or [])]
        if missing:
            raise TableError(path, 1, f"no column {', '.join(map(repr, missing))} (columns: "
                             f"{', '.join(reader.fieldnames or [])}) → fix --map")
        order: list[str] = []
        meta: dict[str, dict[str, str]] = {}
        details: dict[str, dict[str, Alias]] = {}
        for row in reader:
            line = reader.line_num

            def get(key: str, row: dict[str, str] = row) -> str:
                return (row.get(mapping[key]) or "").strip() if key in mapping else ""

            name = get("name")
            eid = get("id") or slug(name)
            if not eid:
                raise TableError(path, line, "no id and no name → fill one of them")
            if eid not in meta:
                kind = get("type") or etype or ""
                if kind not in ENTITY_TYPES:
                    raise TableError(path, line, f"type {kind!r} is not one of {', '.join(ENTITY_TYPES)} → map a "
                                     "type column or give --type")
                if not name:
                    raise TableError(path, line, f"entity {eid!r} has no name on its first row")
                meta[eid] = {"name": name, "type": kind, "wikidata": get("wikidata")}
                details[eid] = {}
                order.append(eid)
            alias = get("alias")
            if alias and alias != meta[eid]["name"]:
                strength = get("strength") or "strong"
                details[eid].setdefault(alias, Alias(alias, get("lang"), strength, f"import:{Path(path).name}",
                                                     get("note")))
    return [Entity(id=e, name=meta[e]["name"], type=meta[e]["type"], wikidata=meta[e]["wikidata"],
                   aliases=tuple(details[e]), details=tuple(details[e].values())) for e in order]


def import_command(args: argparse.Namespace, out: TextIO) -> int:
    """``normalizer aliases import``: write the imported entities to ``--out``."""
    if args.kind == "wikidata":
        entities = from_wikidata(args.path, [x.strip() for x in args.langs.split(",") if x.strip()], args.type)
    else:
        entities = from_csv(args.path, parse_mapping(args.map), args.type)
    target = Path(args.out)
    if args.merge and target.exists():
        table = AliasTable.load(target)
        for entity in entities:
            if entity.id in table:
                for text in entity.aliases:
                    table = table.with_alias(entity.id, entity.alias(text))
            else:
                table = table.with_entity(entity)
        table.save_sources()  # only the new rows change the file
    else:
        AliasTable(entities).save(target)
    out.write(f"{len(entities)} entities imported into {target}\n")
    sys.stderr.flush()
    return 0
