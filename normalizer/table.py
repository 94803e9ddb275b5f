"""The alias table: the entities and their aliases, loaded from files, edited, saved.

Accepts: UTF-8 files in the layouts of :mod:`normalizer.tableio` (entity, alias, combined,
redirect TSV/CSV, JSONL); several paths merge in order (the first definition of an entity
wins its metadata; aliases add up); files may be read over a base table (the bundled one:
``--table +mine.tsv``), whose ids they may not define again.
Guarantees: every problem raises :class:`TableError` with ``file:line``; nothing is
skipped silently; an edit returns a new table (tables are immutable, so a Normalizer
built on one never sees it change); merged and renamed ids stay as redirects, which
lookups by id follow; every write is atomic. Written back into the files it came from, a
table changes only the rows that changed: each file keeps its columns and its order, a
new alias goes to the first file named that holds aliases, a redirect is one new row, and
a file that did not change is not written.
Does not: index or match (see :mod:`normalizer.core.index`); write the bundled table's
files (export a copy: :func:`export_default`).
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from normalizer.atomic import write_atomic
from normalizer.errors import TableError
from normalizer.model import Alias, Entity
from normalizer.rules.tsv import data_text
from normalizer.tableio import Builder, Loaded, Origin, is_placeholder, read_file, read_text, render

__all__ = ["AliasTable", "TableError", "export_default", "load_named"]

#: The bundled table's files under data/, in the order they load (and the order to name them in ``--table``).
DEFAULT_FILES = ("entities.tsv", "cldr/entities.tsv", "geonames/entities.tsv", "aliases.tsv", "cldr/aliases.tsv",
                 "geonames/aliases.tsv", "redirects.tsv")
#: The file a new redirect goes to when no file of the table holds redirects: created beside its first entity file.
REDIRECTS_FILE = "redirects"

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
    def load(cls, *paths: str | os.PathLike[str], base: AliasTable | None = None) -> AliasTable:
        """Load and merge alias-table files (.tsv, .csv, .jsonl); see :mod:`normalizer.tableio`.

        With ``base`` (e.g. ``AliasTable.default()``), the files are read over that table:
        they add entities and redirects, and their alias rows may name its entities (to give
        them more spellings); :meth:`save_sources` then writes only these files.

        Raises:
            TableError: a malformed row, or an id that ``base`` has already, with ``file:line``.
            FileNotFoundError: a path does not exist.
        """
        if not paths:
            raise ValueError("AliasTable.load needs at least one path")
        return cls._from(_builder(base), [(os.fspath(p), read_file(p)) for p in paths])

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
    def load_lenient(cls, *paths: str | os.PathLike[str],
                     base: AliasTable | None = None) -> tuple[AliasTable, list[TableError]]:
        """Load like :meth:`load` but collect row problems instead of raising (for checking)."""
        table = cls._from(_builder(base, lenient=True), [(os.fspath(p), read_file(p)) for p in paths])
        assert table._loaded is not None
        return table, table._loaded.problems

    @classmethod
    def default(cls) -> AliasTable:
        """Return the bundled default table (seed entities plus CLDR countries), loaded once.

        Its files are not written back (:meth:`save_sources` refuses): read your own files
        over it (``AliasTable.load(path, base=AliasTable.default())``) or export a copy to
        edit (:func:`export_default`).
        """
        global _DEFAULT
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = cls._from(Builder(), [(f"data/{name}", data_text(name)) for name in DEFAULT_FILES])
                assert _DEFAULT._loaded is not None
                _DEFAULT._loaded.writable = False
            return _DEFAULT

    def merged(self, other: AliasTable) -> AliasTable:
        """Return this table with ``other``'s entities and redirects added over it.

        >>> mine = AliasTable([Entity(id="my-mayor", name="Jane Roe", type="PER")])
        >>> both = AliasTable.default().merged(mine)
        >>> both["my-mayor"].name, both["country-ru"].name
        ('Jane Roe', 'Russia')

        An id both tables use is a clash. :meth:`save_sources` on the result writes only
        ``other``'s files (this table is the base, as for ``load(..., base=)``, which also
        lets alias rows name this table's entities).

        Raises:
            TableError: ``other`` uses an id this table has (at ``other``'s file and line
                when it was read from files, naming where this table has it).
        """
        clashes = sorted((other._where(eid), eid) for eid in [*(e.id for e in other), *other.redirects]
                         if eid in self._entities or eid in self.redirects)
        if clashes:
            (path, line), eid = clashes[0]
            mine = self._where(eid)
            what = "an entity" if eid in self._entities else f"a redirect to {self.redirects[eid]!r}"
            more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
            raise TableError(path, line, f"id {eid!r} clashes with {what} of the table underneath "
                             f"({mine[0]}:{mine[1]}){more} → choose another id; to give that entity more spellings, "
                             "add alias rows (entity_id, alias)")
        table = AliasTable([*self, *other], redirects={**self.redirects, **other.redirects})
        loaded = Loaded(writable=other._loaded.writable if other._loaded else True)
        for part in (self._loaded, other._loaded):
            if part is not None:
                loaded.entity_origin.update(part.entity_origin)
                loaded.alias_origin.update(part.alias_origin)
                loaded.redirect_extra.update(part.redirect_extra)
        if other._loaded is not None:
            loaded.layouts.update(other._loaded.layouts)
            loaded.headers.update(other._loaded.headers)
            loaded.unsorted.update(other._loaded.unsorted)
            loaded.base.update(other._loaded.base)
            loaded.base_redirects.update(other._loaded.base_redirects)
        loaded.base.update((e.id, e) for e in self)
        loaded.base_redirects.update(self.redirects)
        table._loaded = loaded
        return table

    def _where(self, entity_id: str) -> tuple[str, int]:
        origin = self.origin(entity_id)
        return (origin.path, origin.line) if origin else ("<table>", 0)

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

    def _derived(self, entities: Iterable[Entity], redirects: dict[str, str] | None = None,
                 loaded: Loaded | None = None) -> AliasTable:
        table = AliasTable(entities, redirects=self.redirects if redirects is None else redirects)
        table._loaded = self._loaded if loaded is None else loaded
        return table

    def _moved(self, old_id: str, new_id: str, *, keep_entity_row: bool) -> Loaded | None:
        """Provenance after ``old_id``'s rows became ``new_id``'s: they stay where they were
        read (a rename keeps the entity's row too; a merge drops it)."""
        if self._loaded is None:
            return None
        entity_origin = dict(self._loaded.entity_origin)
        alias_origin = dict(self._loaded.alias_origin)
        origin = entity_origin.pop(old_id, None)
        if keep_entity_row and origin is not None:
            entity_origin[new_id] = origin
        for key in [k for k in alias_origin if k[0] == old_id]:
            alias_origin.setdefault((new_id, key[1]), alias_origin.pop(key))
        return replace(self._loaded, entity_origin=entity_origin, alias_origin=alias_origin)

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
        return self._derived(entities, redirects, self._moved(old.id, into.id, keep_entity_row=False))

    def rename(self, old_id: str, new_id: str) -> AliasTable:
        """Return a table where entity ``old_id`` is called ``new_id``; the old id redirects."""
        entity = self[old_id]
        if not new_id.strip() or new_id in self:
            raise ValueError(f"id {new_id!r} is empty or already taken → choose another id")
        renamed = replace(entity, id=new_id)
        entities = [renamed if e.id == entity.id else e for e in self]
        redirects = {k: (new_id if v == entity.id else v) for k, v in self.redirects.items()}
        redirects[entity.id] = new_id
        return self._derived(entities, redirects, self._moved(entity.id, new_id, keep_entity_row=True))

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
        """Write the table back into the files it was loaded from, changing only what changed.

        Each file keeps its layout, its columns (in its order) and its rows (sorted by id and
        alias if they were; else in their order, new rows at the end). An entity stays in the file that
        defines it, an alias in the file it came from, a redirect in the file that holds it.
        A new entity goes to the first file (in load order) that can define entities; a new
        alias to ``new_aliases_to``, else to the first file that can hold it (an alias or
        combined file, or the JSONL file defining its entity): name your own file first and
        generated ones after it. A new redirect is one new row in the first file that holds
        redirects (a redirect file ``id, redirect_to``, a file with a ``redirect_to`` column,
        JSONL), else in a new ``redirects.tsv`` beside the first entity file. ``new_aliases_to``
        may name a file that does not exist yet: it is created, in the alias layout
        (``.tsv``/``.csv``) or as JSONL. A file whose text would not change is not written.
        Over a base table (``load(..., base=)``, :meth:`merged`), only the files read over
        it are written, and its own entities may gain aliases but not change.
        Returns the paths written (each atomically, through symbolic links).

        Raises:
            ValueError: the table was not loaded from files (use :meth:`save`), is the
                bundled table, changes an entity of the base table, or has a row that no
                file can hold (the message says what to load or name).
        """
        loaded = self._loaded
        if loaded is not None and not loaded.writable:
            raise ValueError("the bundled table's files are not written back → read your files over it "
                             "(--table +mine.tsv), or export a copy to edit (normalizer aliases export DIR)")
        if loaded is None or not loaded.layouts:
            raise ValueError("this table was not loaded from files: use save(path)")
        self._check_base(loaded)
        layouts = dict(loaded.layouts)
        if new_aliases_to is not None and new_aliases_to not in layouts:
            if Path(new_aliases_to).exists():
                raise ValueError(f"{new_aliases_to}: exists but is not one of the loaded files "
                                 f"({', '.join(layouts)}): load it too, or name a new file")
            layouts[new_aliases_to] = "jsonl" if new_aliases_to.lower().endswith(".jsonl") else "alias"
        elif new_aliases_to is not None and layouts[new_aliases_to] in ("entity", "redirect"):
            raise ValueError(f"{new_aliases_to}: has the {layouts[new_aliases_to]} layout, which holds no aliases → "
                             "name an alias file (a new one is created)")
        held = ", ".join(f"{p} ({layouts[p]} layout)" for p in layouts)

        def defines(path: str) -> bool:
            return layouts[path] in ("entity", "combined", "jsonl")

        home: dict[str, str | None] = {}
        for e in self:
            origin = loaded.entity_origin.get(e.id)
            if e.id in loaded.base:
                home[e.id] = None  # the base table's: not written
            elif origin is not None and origin.path in layouts and defines(origin.path):
                home[e.id] = origin.path
            else:
                first = next((p for p in layouts if defines(p)), None)
                if first is None:
                    raise ValueError(f"no loaded file can hold entities: {held} → load the entity file too")
                home[e.id] = first

        def holds_alias(path: str, eid: str) -> bool:
            return layouts[path] in ("alias", "combined") or (layouts[path] == "jsonl" and home[eid] == path)

        parts: dict[str, dict[str, list[Alias]]] = {p: {} for p in layouts}
        for e in self:
            fixed = loaded.base.get(e.id)
            for text in e.aliases:
                if fixed is not None and text in fixed.aliases:
                    continue  # the base table's own spelling
                origin = loaded.alias_origin.get((e.id, text))
                if origin is not None and origin.path in layouts and holds_alias(origin.path, e.id):
                    target = origin.path
                elif new_aliases_to is not None:
                    if not holds_alias(new_aliases_to, e.id):
                        raise ValueError(f"{new_aliases_to}: a JSONL file holds aliases only of the entities it "
                                         f"defines, not of {e.id!r} → name an alias file (a new one is created)")
                    target = new_aliases_to
                else:
                    found = next((p for p in layouts if holds_alias(p, e.id)), None)
                    if found is None:
                        raise ValueError(f"no loaded file can hold aliases: {held} → load the alias file too, or "
                                         "name a new one for the new rows (--into aliases.tsv)")
                    target = found
                parts[target].setdefault(e.id, []).append(e.alias(text))

        def holds_redirects(path: str) -> bool:
            return layouts[path] in ("redirect", "jsonl") or "redirect_to" in loaded.headers.get(path, ())

        placed: dict[str, dict[str, str]] = {p: {} for p in layouts}
        for old, new in self.redirects.items():
            if loaded.base_redirects.get(old) == new:
                continue
            origin = loaded.entity_origin.get(old)
            if origin is not None and origin.path in layouts and holds_redirects(origin.path):
                target = origin.path
            else:
                target = next((p for p in layouts if holds_redirects(p)), None) or self._new_redirect_file(layouts)
                placed.setdefault(target, {})
                parts.setdefault(target, {})
            placed[target][old] = new
        written = []
        for path, layout in layouts.items():
            chosen: list[Entity] = []
            defined: set[str] = set()
            lines: dict[tuple[str, str], int] = {}
            for e in self:
                holds_entity = home[e.id] == path and layout not in ("alias", "redirect")
                aliases = parts[path].get(e.id, [])
                if not holds_entity and not aliases:
                    continue
                if holds_entity:
                    defined.add(e.id)
                chosen.append(replace(e, aliases=tuple(a.text for a in aliases), details=tuple(aliases)))
                origin = loaded.entity_origin.get(e.id)
                if origin is not None and origin.path == path:
                    lines[(e.id, "")] = origin.line
                for a in aliases:
                    a_origin = loaded.alias_origin.get((e.id, a.text))
                    if a_origin is not None and a_origin.path == path:
                        lines[(e.id, a.text)] = a_origin.line
            for old in placed[path]:
                origin = loaded.entity_origin.get(old)
                if origin is not None and origin.path == path:
                    lines[(old, "")] = origin.line
            text = render(chosen, layout, Path(path).suffix.lower(), placed[path], header=loaded.headers.get(path),
                          lines=lines, defined=defined, redirect_extra=loaded.redirect_extra,
                          keep_order=path in loaded.unsorted)
            if _write_back(path, text):
                written.append(path)
        return written

    def _check_base(self, loaded: Loaded) -> None:
        """Raise ValueError if an entity or redirect of the base table changed (it is not written back)."""
        for eid, fixed in loaded.base.items():
            now = self._entities.get(eid)
            if now is None:
                problem = "was renamed, merged into another or removed"
            elif (now.name, now.type, now.wikidata, now.extra) != (fixed.name, fixed.type, fixed.wikidata, fixed.extra):
                problem = "has another name, type or wikidata id now"
            else:
                lost = [t for t in fixed.aliases if t not in now.aliases or now.alias(t) != fixed.alias(t)]
                if not lost:
                    continue
                problem = f"lost or changed its spelling {lost[0]!r}"
            path, line = self._where(eid)
            raise ValueError(f"{eid!r} {problem}, but it belongs to the table underneath ({path}:{line}), which is "
                             "not written back → export that table and edit the copy (normalizer aliases export "
                             "DIR), or change only your own entities")
        for old, new in loaded.base_redirects.items():
            if self.redirects.get(old) != new:
                path, line = self._where(old)
                raise ValueError(f"redirect {old!r} → {new!r} of the table underneath ({path}:{line}) changed; that "
                                 "table is not written back → export it and edit the copy")

    def _new_redirect_file(self, layouts: dict[str, str]) -> str:
        """Name (and add to ``layouts``) the redirect file beside the first entity file."""
        first = next(p for p in layouts if layouts[p] in ("entity", "combined"))
        suffix = ".csv" if first.lower().endswith(".csv") else ".tsv"
        path = os.fspath(Path(first).with_name(REDIRECTS_FILE + suffix))
        if Path(path).exists() or Path(path).is_symlink():
            raise ValueError(f"{path}: exists but is not one of the loaded files: it holds this table's redirects "
                             f"→ load it too (--table {path})")
        layouts[path] = "redirect"
        return path


def _builder(base: AliasTable | None, *, lenient: bool = False) -> Builder:
    builder = Builder(lenient=lenient)
    if base is not None:
        builder.over(base, base.redirects, base._loaded)
    return builder


def _write_back(path: str, text: str) -> bool:
    """Write ``text`` to ``path`` unless it holds that already, keeping the file's line
    endings (CRLF) and byte-order mark; return True if it was written."""
    try:
        old = Path(path).read_bytes()
    except FileNotFoundError:
        old = b""
    if old.startswith(b"\xef\xbb\xbf"):
        text = "\ufeff" + text
    if b"\r\n" in old[:old.find(b"\n") + 1]:
        text = text.replace("\n", "\r\n")
    if old and text.encode("utf-8") == old:
        return False
    write_atomic(path, text)
    return True


def load_named(values: Sequence[str]) -> AliasTable:
    """Return the table that ``--table`` values name: the files, merged in order; or, when
    any value is ``+PATH``, the bundled table with all the files read over it (one ``+`` is
    enough; write ``./+x.tsv`` for a file whose name starts with ``+``).

    Raises:
        TableError: as :meth:`AliasTable.load`, also for an id the bundled table has.
        ValueError: no file named (``--table +`` alone).
    """
    over = any(v.startswith("+") for v in values)
    paths = [v.removeprefix("+") for v in values]
    if not values or not all(paths):
        raise ValueError("--table + needs a file after it: --table +mine.tsv")
    return AliasTable.load(*paths, base=AliasTable.default() if over else None)


def export_default(folder: str | os.PathLike[str], *, overwrite: bool = False) -> list[Path]:
    """Write the bundled table's files into ``folder`` (created if need be), byte for byte,
    with their names under ``data/`` (:data:`DEFAULT_FILES`); return the paths, in load order.

    Raises:
        FileExistsError: one of the files exists and ``overwrite`` is False (nothing is written).
    """
    targets = [(name, Path(folder) / name) for name in DEFAULT_FILES]
    if not overwrite:
        for _, target in targets:
            if target.exists() or target.is_symlink():
                raise FileExistsError(errno.EEXIST, "exists: overwrite it (--force) or choose an empty folder",
                                      os.fspath(target))
    for name, target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data_text(name))
    return [target for _, target in targets]


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
