"""The alias table: the entities and their aliases, loaded from files, edited, saved.

Accepts: UTF-8 files in the layouts of :mod:`normalizer.tableio` (entity, alias, combined
TSV/CSV, JSONL); several paths merge in order (the first definition of an entity wins
its metadata; aliases add up).
Guarantees: every problem raises :class:`TableError` with ``file:line``; nothing is
skipped silently; an edit returns a new table (tables are immutable, so a Normalizer
built on one never sees it change); merged and renamed ids stay as redirects, which
lookups by id follow; every write is atomic and canonical (stable order, kept columns).
Does not: index or match (see :mod:`normalizer.core.index`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from normalizer.atomic import write_atomic
from normalizer.errors import TableError
from normalizer.model import Alias, Entity
from normalizer.rules.tsv import data_text
from normalizer.tableio import Builder, Loaded, Origin, is_placeholder, read_file, read_text, render

__all__ = ["AliasTable", "TableError"]

DEFAULT_FILES = ("entities.tsv", "cldr/entities.tsv", "geonames/entities.tsv", "aliases.tsv", "cldr/aliases.tsv", "geonames/aliases.tsv")

_DEFAULT: AliasTable | None = None
_DEFAULT_LOCK = threading.Lock()


class AliasTable:
    """The set of entities and their aliases: the source of truth for matching.

    >>> t = AliasTable([Entity(id="x", name="X Y", type="PER", aliases=("Y",))])
    >>> len(t), t["x"].name
    (1, 'X Y')
    >>> t2 = t.with_entity(Entity(id="z", name="Z", type="PER")).merge("z", "x")
    >>> t2["z"].id, t2.redirects
    ('x', {'z': 'x'})
    """

    def __init__(self, entities: Iterable[Entity], *, redirects: dict[str, str] | None = None) -> None:
        self._entities: dict[str, Entity] = {}
        for entity in entities:
            if not isinstance(entity, Entity):
                raise TypeError(f"AliasTable takes Entity objects, got {type(entity).__name__}")
            if entity.id in self._entities:
                raise ValueError(f"duplicate entity id {entity.id!r}")
            self._entities[entity.id] = entity
        self.redirects: dict[str, str] = dict(redirects or {})
        for old, new in self.redirects.items():
            if old in self._entities:
                raise ValueError(f"{old!r} is both an entity and a redirect to {new!r}")
        self._loaded: Loaded | None = None

    # -- loading ----------------------------------------------------------------------

    @classmethod
    def load(cls, *paths: str | os.PathLike[str]) -> AliasTable:
        """Load and merge alias-table files (.tsv, .csv, .jsonl); see :mod:`normalizer.tableio`.

        Raises:
            TableError: a malformed row, with ``file:line``.
            FileNotFoundError: a path does not exist.
        """
        if not paths:
            raise ValueError("AliasTable.load needs at least one path")
        return cls._from(Builder(), [(os.fspath(p), read_file(p)) for p in paths])

    @classmethod
    def _from(cls, builder: Builder, texts: list[tuple[str, str]], *, need_entities: bool = True) -> AliasTable:
        with no_gc():
            for path, text in texts:
                read_text(builder, text, path)
            loaded = builder.build(need_entities=need_entities)
        table = cls(loaded.entities, redirects={k: v for k, v in loaded.redirects.items()
                                                if k not in {e.id for e in loaded.entities}})
        table._loaded = loaded
        return table

    @classmethod
    def load_lenient(cls, *paths: str | os.PathLike[str]) -> tuple[AliasTable, list[TableError]]:
        """Load like :meth:`load` but collect row problems instead of raising (for checking)."""
        table = cls._from(Builder(lenient=True), [(os.fspath(p), read_file(p)) for p in paths])
        assert table._loaded is not None
        return table, table._loaded.problems

    @classmethod
    def default(cls) -> AliasTable:
        """Return the bundled default table (seed entities plus CLDR countries), loaded once."""
        global _DEFAULT
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = cls._from(Builder(), [(f"data/{name}", data_text(name)) for name in DEFAULT_FILES])
            return _DEFAULT

    # -- reading ----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities.values())

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities or entity_id in self.redirects

    def __getitem__(self, entity_id: str) -> Entity:
        """Return the entity with this id, following redirects (a merged or renamed id)."""
        try:
            return self._entities[self.canonical_id(entity_id)]
        except KeyError:
            raise KeyError(f"no entity with id {entity_id!r} in this table") from None

    def canonical_id(self, entity_id: str) -> str:
        """Return the id an id stands for now (itself, or where its redirects lead)."""
        seen = {entity_id}
        while entity_id in self.redirects:
            entity_id = self.redirects[entity_id]
            if entity_id in seen:
                raise ValueError(f"redirect loop through {entity_id!r}")
            seen.add(entity_id)
        return entity_id

    def origin(self, entity_id: str, alias: str | None = None) -> Origin | None:
        """Where an entity (or one of its aliases) was read from, if it was read from a file."""
        if self._loaded is None:
            return None
        if alias is None:
            return self._loaded.entity_origin.get(entity_id)
        return self._loaded.alias_origin.get((entity_id, alias))

    def __repr__(self) -> str:
        return f"AliasTable({len(self)} entities, {sum(len(e.aliases) for e in self)} aliases)"

    # -- editing (each returns a new table) -------------------------------------------

    def _derived(self, entities: Iterable[Entity], redirects: dict[str, str] | None = None) -> AliasTable:
        table = AliasTable(entities, redirects=self.redirects if redirects is None else redirects)
        table._loaded = self._loaded
        return table

    def with_entity(self, entity: Entity) -> AliasTable:
        """Return a table with ``entity`` added (ValueError if its id is taken)."""
        if entity.id in self:
            raise ValueError(f"id {entity.id!r} is already taken → choose another id")
        return self._derived([*self, entity])

    def with_alias(self, entity_id: str, alias: Alias | str) -> AliasTable:
        """Return a table where the entity also has ``alias`` (a no-op if it has it already)."""
        alias = alias if isinstance(alias, Alias) else Alias(alias)
        entity = self[entity_id]
        if alias.text in entity.aliases:
            return self
        details = (*[entity.alias(a) for a in entity.aliases], alias)
        return self._replace(entity, replace(entity, aliases=tuple(a.text for a in details), details=details))

    def without_alias(self, entity_id: str, text: str) -> AliasTable:
        """Return a table where the entity lacks the spelling ``text`` (KeyError if it has none)."""
        entity = self[entity_id]
        if text not in entity.aliases:
            raise KeyError(f"{entity.id!r} has no alias {text!r}")
        details = tuple(entity.alias(a) for a in entity.aliases if a != text)
        return self._replace(entity, replace(entity, aliases=tuple(a.text for a in details), details=details))

    def merge(self, old_id: str, into_id: str) -> AliasTable:
        """Return a table where ``old_id``'s aliases (and its name) belong to ``into_id``;
        ``old_id`` stays as a redirect, so data holding it keeps resolving."""
        old, into = self[old_id], self[into_id]
        if old.id == into.id:
            raise ValueError(f"cannot merge {old_id!r} into itself")
        details = [into.alias(a) for a in into.aliases]
        have = {a.text for a in details} | {into.name}
        for text in (old.name, *old.aliases):
            if text not in have:
                details.append(old.alias(text))
                have.add(text)
        merged = replace(into, aliases=tuple(a.text for a in details), details=tuple(details),
                         wikidata=into.wikidata or old.wikidata)
        entities = [merged if e.id == into.id else e for e in self if e.id != old.id]
        redirects = {k: (into.id if v == old.id else v) for k, v in self.redirects.items()}
        redirects[old.id] = into.id
        return self._derived(entities, redirects)

    def rename(self, old_id: str, new_id: str) -> AliasTable:
        """Return a table where entity ``old_id`` is called ``new_id``; the old id redirects."""
        entity = self[old_id]
        if not new_id.strip() or new_id in self:
            raise ValueError(f"id {new_id!r} is empty or already taken → choose another id")
        renamed = replace(entity, id=new_id)
        entities = [renamed if e.id == entity.id else e for e in self]
        redirects = {k: (new_id if v == entity.id else v) for k, v in self.redirects.items()}
        redirects[entity.id] = new_id
        return self._derived(entities, redirects)

    def _replace(self, old: Entity, new: Entity) -> AliasTable:
        return self._derived([new if e.id == old.id else e for e in self])

    # -- saving -----------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str], layout: str | None = None) -> None:
        """Write the whole table to one file, atomically, in canonical form.

        ``.tsv``/``.csv`` use the combined layout unless ``layout`` says otherwise
        (``entity`` or ``alias`` write only that part); ``.jsonl`` one entity a line.
        Redirects are kept (not in the alias layout, which has no place for them).
        """
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix not in (".tsv", ".csv", ".jsonl"):
            raise ValueError(f"{target}: unsupported table format {suffix!r}; use .tsv, .csv or .jsonl")
        chosen = "jsonl" if suffix == ".jsonl" else (layout or "combined")
        write_atomic(target, render(self, chosen, suffix, None if chosen == "alias" else self.redirects))

    def save_sources(self, new_aliases_to: str | None = None) -> list[str]:
        """Write the table back into the files it was loaded from, each in its own layout.

        Entities go back to the file that defined them, aliases to the file they came
        from; a new alias goes to ``new_aliases_to`` or else to the file holding the
        entity's other aliases (or its definition); a new entity and a redirect go to the
        first file that can hold them. ``new_aliases_to`` may name a file that does not
        exist yet: it is created, in the alias layout (``.tsv``/``.csv``) or as JSONL, so an
        entity-only table can be given aliases. Returns the paths written (all atomically).

        Raises:
            ValueError: the table was not loaded from files (use :meth:`save`), or a row has
                no file that can hold it (the message says what to load or name).
        """
        loaded = self._loaded
        if loaded is None or not loaded.layouts:
            raise ValueError("this table was not loaded from files: use save(path)")
        layouts = dict(loaded.layouts)
        if new_aliases_to is not None and new_aliases_to not in layouts:
            if Path(new_aliases_to).exists():
                raise ValueError(f"{new_aliases_to}: exists but is not one of the loaded files "
                                 f"({', '.join(layouts)}): load it too, or name a new file")
            layouts[new_aliases_to] = "jsonl" if new_aliases_to.lower().endswith(".jsonl") else "alias"
        elif new_aliases_to is not None and layouts[new_aliases_to] == "entity":
            raise ValueError(f"{new_aliases_to}: has the entity layout, which holds no aliases → name an alias "
                             "file (a new one is created)")
        paths = list(layouts)
        entity_files = [p for p in paths if layouts[p] in ("entity", "combined", "jsonl")]
        alias_files = [p for p in paths if layouts[p] in ("alias", "combined", "jsonl")]
        held = ", ".join(f"{p} ({layouts[p]} layout)" for p in paths)
        if not entity_files and len(self):
            raise ValueError(f"no loaded file can hold entities: {held} → load the entity file too")
        if not alias_files and any(e.aliases for e in self):
            raise ValueError(f"no loaded file can hold aliases: {held} → load the alias file too, or name a "
                             "new one for the new rows (--into aliases.tsv)")
        entity_home: dict[str, str] = {}
        parts: dict[str, dict[str, list[Alias]]] = {p: {} for p in paths}
        for e in self:
            origin = loaded.entity_origin.get(e.id)
            home = origin.path if origin is not None and origin.path in layouts else entity_files[0]
            entity_home[e.id] = home
            for text in e.aliases:
                a_origin = loaded.alias_origin.get((e.id, text))
                if a_origin is not None and a_origin.path in layouts:
                    target = a_origin.path
                elif new_aliases_to is not None:
                    target = new_aliases_to
                else:
                    target = next((o.path for (eid, _), o in loaded.alias_origin.items() if eid == e.id
                                   and o.path in layouts), home if layouts[home] != "entity" else alias_files[-1])
                if target not in layouts:
                    raise ValueError(f"{target}: not one of the loaded files ({', '.join(paths)})")
                parts[target].setdefault(e.id, []).append(e.alias(text))
        redirect_home = entity_files[0]
        written = []
        for path in paths:
            layout = layouts[path]
            chosen: list[Entity] = []
            for e in self:
                holds_entity = entity_home[e.id] == path and layout != "alias"
                aliases = parts[path].get(e.id, [])
                if not holds_entity and not aliases:
                    continue
                # (a combined or JSONL file may hold aliases of an entity defined elsewhere: they stay)
                chosen.append(replace(e, aliases=tuple(a.text for a in aliases), details=tuple(aliases)))
            redirects = self.redirects if path == redirect_home else {}
            write_atomic(Path(path), render(chosen, layout, Path(path).suffix.lower(), redirects))
            written.append(path)
        return written


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that form no
    cycles (a million-alias table loads about 15 % faster); it resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def placeholder(entity: Entity) -> bool:
    """True for the stand-in entity of an alias-only file read on its own (see ``aliases fmt``)."""
    return is_placeholder(entity)
