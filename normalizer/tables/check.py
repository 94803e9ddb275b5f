"""Checking alias tables: structured findings, each ``file:line: what is wrong → what to do``.

Accepts: table files (read leniently, so every problem is reported, not only the first),
or a loaded :class:`~normalizer.table.AliasTable`.
Guarantees: findings are sorted by file and line; ``error`` findings make a table unfit
to load or to trust (bad rows, unknown or duplicate ids, empty aliases, control
characters, one spelling on two entities unless every one of them marks it weak (or context),
redirects that lead nowhere, rule tables whose own examples fail); ``warning`` findings
deserve a look (invisible characters, mixed scripts inside a word, a script that
contradicts the alias's ``lang``, spellings of different entities that read the same,
entities that look like duplicates of one another, a redirect file beside the files
checked that is not among them). The work is one pass over the
aliases with a per-word cache: linear in the table size.
Does not: change any file.
"""

from __future__ import annotations

import heapq
import itertools
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from normalizer.caches import cached
from normalizer.core.clean import clean
from normalizer.core.index import without_article
from normalizer.core.key import token_of
from normalizer.core.scripts import dominant_script, letter_ranges, letter_scripts
from normalizer.errors import TableError
from normalizer.model import Entity
from normalizer.table import REDIRECTS_FILE, AliasTable, no_gc

#: The script each language's aliases are written in.
LANG_SCRIPT = {"hi": "Deva", "mr": "Deva", "ne": "Deva", "ar": "Arab", "fa": "Arab", "ur": "Arab", "ps": "Arab",
               "ru": "Cyrl", "uk": "Cyrl", "kk": "Cyrl", "be": "Cyrl", "bg": "Cyrl", "sr": "Cyrl",
               "en": "Latn", "fr": "Latn", "de": "Latn", "es": "Latn", "it": "Latn", "pt": "Latn", "tr": "Latn"}
_ALLOWED_FORMAT = {"\u200c", "\u200d"}  # ZWNJ and ZWJ are part of Persian and Indic spelling
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a table: where, how bad, what, and what to do."""

    path: str
    line: int
    severity: str  # "error" or "warning"
    code: str
    message: str
    fix: str

    def render(self) -> str:
        """Return ``file:line: severity [code]: message → fix``."""
        return f"{self.path}:{self.line}: {self.severity} [{self.code}]: {self.message} → {self.fix}"

    def to_dict(self) -> dict[str, object]:
        """Return a plain dict (JSONL-ready)."""
        return {"path": self.path, "line": self.line, "severity": self.severity, "code": self.code,
                "message": self.message, "fix": self.fix}


def check_files(*paths: str | os.PathLike[str], rules: bool = True, base: AliasTable | None = None) -> list[Finding]:
    """Read ``paths`` leniently and return every finding (rows, table, and rule tables); with
    ``base``, the files are read over that table (an id it has already is a ``row`` error)."""
    table, problems = AliasTable.load_lenient(*paths, base=base)
    findings = [Finding(p.path, p.line, "error", "row", *_split_fix(p.message)) for p in problems]
    findings += _unloaded_redirects(paths)
    with no_gc():
        return sorted(findings + check_table(table, rules=rules), key=_order)


def _unloaded_redirects(paths: Iterable[str | os.PathLike[str]]) -> list[Finding]:
    """A redirect file (``redirects.tsv``/``.csv``, as ``aliases merge`` and ``rename`` create)
    beside the files checked but not among them: its old ids would not resolve."""
    named = {os.path.realpath(p) for p in paths}
    out = []
    for folder in dict.fromkeys(os.path.dirname(os.path.abspath(p)) for p in paths):
        for name in (f"{REDIRECTS_FILE}.tsv", f"{REDIRECTS_FILE}.csv"):
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and os.path.realpath(candidate) not in named:
                out.append(Finding(os.path.relpath(candidate), 1, "warning", "redirects-not-loaded",
                                   "a redirect file beside the table is not loaded: the ids it redirects are "
                                   "unknown to this table", f"load it too (--table {os.path.relpath(candidate)})"))
    return out


def check_table(table: AliasTable, *, rules: bool = True) -> list[Finding]:
    """Return the findings for a loaded table (file and line where it was read from files)."""
    out: list[Finding] = []
    where = _Where(table)
    loaded = table._loaded  # noqa: SLF001 - provenance of this table
    if loaded is not None:
        for origin, eid, first in loaded.duplicates:
            out.append(Finding(origin.path, origin.line, "error", "duplicate-id",
                               f"entity {eid!r} is defined again (first at {first.path}:{first.line})",
                               "merge the two definitions or give one another id"))
    for old, new in sorted(table.redirects.items()):
        path, line = where.entity(old)
        try:
            target = table.canonical_id(old)
        except ValueError:
            out.append(Finding(path, line, "error", "redirect-loop", f"redirect {old!r} → {new!r} loops",
                               "point it at an entity"))
            continue
        if target not in {e.id for e in table}:
            out.append(Finding(path, line, "error", "redirect-target", f"{old!r} redirects to unknown id {target!r}",
                               "point it at an existing entity"))
    by_spelling: dict[str, list[tuple[str, bool, str]]] = defaultdict(list)
    keys: dict[tuple[str, ...], set[str]] = defaultdict(set)
    key_cache: dict[str, str] = {}
    name_keys: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    for entity in table:
        out.extend(_text_findings(where, entity, entity.name, None))
        name_key = _key(clean(entity.name), key_cache)
        if name_key:
            keys[name_key].add(entity.id)
            name_keys[(entity.type, name_key)].append(entity.id)
        for text in entity.aliases:
            alias = entity.alias(text)
            out.extend(_text_findings(where, entity, text, alias.lang))
            cleaned = clean(text)
            for variant in dict.fromkeys((cleaned, without_article(cleaned, text, alias.lang))):
                if variant:
                    by_spelling[variant].append((entity.id, alias.strength != "strong", text))
            key = _key(cleaned, key_cache)
            if key:
                keys[key].add(entity.id)
    for owners in by_spelling.values():
        if len(owners) < 2:
            continue
        ids = sorted({eid for eid, _, _ in owners})
        if len(ids) < 2:
            continue
        weak_everywhere = all(weak for _, weak, _ in owners)
        eid, _, text = owners[0]
        path, line = where.alias(eid, text)
        if weak_everywhere:
            continue
        out.append(Finding(path, line, "error", "shared-alias",
                           f"{text!r} is a spelling of {', '.join(ids)}",
                           "keep it on one entity, or mark it weak on every entity that shares it (ambiguous)"))
    ambiguous_spellings = {c for c, owners in by_spelling.items() if len({o[0] for o in owners}) > 1}
    for key, owners_of_key in keys.items():
        if len(owners_of_key) < 2:
            continue
        members = heapq.nsmallest(6, owners_of_key)
        path, line = where.entity(members[0])
        if " ".join(key) in ambiguous_spellings:
            continue
        out.append(Finding(path, line, "warning", "same-key",
                           f"spellings of {', '.join(members[:5])}{' …' if len(members) > 5 else ''} read the same "
                           f"({' '.join(key)}): the resolver cannot tell them apart by spelling",
                           "check they are different entities; add a distinguishing spelling or merge them"))
    by_wikidata: dict[str, list[str]] = defaultdict(list)
    for entity in table:
        if entity.wikidata:
            by_wikidata[entity.wikidata].append(entity.id)
    for qid, ids in sorted((q, i) for q, i in by_wikidata.items() if len(i) > 1):
        if len(ids) > 1:
            path, line = where.entity(ids[1])
            out.append(Finding(path, line, "warning", "duplicate-entity",
                               f"{', '.join(ids)} have the same Wikidata id {qid}", "merge them (aliases merge)"))
    for (etype, _), ids in sorted((k, i) for k, i in name_keys.items() if len(i) > 1):
        if len(ids) > 1:
            path, line = where.entity(ids[1])
            out.append(Finding(path, line, "warning", "duplicate-entity",
                               f"{', '.join(ids)} ({etype}) have names that read the same",
                               "merge them if they are one entity"))
    out.extend(_shared_keys(table, keys, where, {f.message for f in out if f.code == "duplicate-entity"}))
    if rules:
        from normalizer.tables.rulecheck import check_rules

        out.extend(Finding(e.path, e.line, "error", "rule-example", *_split_fix(e.message)) for e in check_rules())
    return sorted(out, key=_order)


#: Entities of one type whose spellings read alike in this many distinct keys look like one.
SHARED_KEYS = 2
#: Larger same-key groups (a common surname) are not paired up.
_MAX_GROUP = 10


def _shared_keys(table: AliasTable, keys: dict[tuple[str, ...], set[str]], where: _Where,
                 seen: set[str]) -> list[Finding]:
    """Entities of the same type with at least SHARED_KEYS spellings that read alike: their
    aliases resolve across, so they may be one entity entered twice."""
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for ids in keys.values():
        if 1 < len(ids) <= _MAX_GROUP:
            for a, b in itertools.combinations(sorted(ids), 2):
                pairs[(a, b)] += 1
    out = []
    for (a, b), count in sorted(pairs.items()):
        if count < SHARED_KEYS or table[a].type != table[b].type:
            continue
        message = f"{a}, {b} ({table[a].type}) have {count} spellings that read alike"
        if any(a in m and b in m for m in seen):
            continue
        path, line = where.entity(b)
        out.append(Finding(path, line, "warning", "duplicate-entity", message,
                           "merge them if they are one entity (normalizer aliases merge)"))
    return out


def _order(f: Finding) -> tuple[str, int, str, str]:
    return (f.path, f.line, f.code, f.message)


def _split_fix(message: str) -> tuple[str, str]:
    if " → " in message:
        what, fix = message.split(" → ", 1)
        return what, fix
    return message, "fix the row"


def _key(cleaned: str, cache: dict[str, str]) -> tuple[str, ...]:
    out = []
    for word in cleaned.split():
        key = cache.get(word)
        if key is None:
            key = cache[word] = token_of(word).key
        out.append(key)
    return tuple(out) if any(out) else ()


class _Where:
    """File and line of entities and aliases (``<table>``, 0 for a table built in memory)."""

    def __init__(self, table: AliasTable) -> None:
        self.table = table

    def entity(self, eid: str) -> tuple[str, int]:
        origin = self.table.origin(eid)
        return (origin.path, origin.line) if origin else ("<table>", 0)

    def alias(self, eid: str, text: str) -> tuple[str, int]:
        origin = self.table.origin(eid, text) or self.table.origin(eid)
        return (origin.path, origin.line) if origin else ("<table>", 0)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: Format characters (Unicode category Cf) other than ZWNJ and ZWJ.
_FORMAT = re.compile("[" + "".join(chr(c) for c in range(0x10000)
                                   if unicodedata.category(chr(c)) == "Cf" and chr(c) not in _ALLOWED_FORMAT) + "]")
_SPACES = re.compile(r"^\s|\s$|\s\s")


@cached()
def _sound(script: str) -> re.Pattern[str]:
    """A name that fully matches this has nothing to report: letters of ``script`` only (with
    its marks), ASCII punctuation and digits, ZWJ/ZWNJ, single inner spaces."""
    letters = letter_ranges(script)
    return re.compile(f"(?!\\s)(?!.*\\s\\s)(?!.*\\s$)[{letters} !-@\\[-`{{-~\u200c\u200d]+")


def _text_findings(where: _Where, entity: Entity, text: str, lang: str | None) -> Iterable[Finding]:
    expected_script = LANG_SCRIPT.get(lang or "") or dominant_script(text)
    if expected_script != "Zyyy" and _sound(expected_script).fullmatch(text):
        return  # one script, the expected one, nothing odd: the usual case, one regex call
    if text.isascii() and text.isprintable() and not _SPACES.search(text):
        if lang and LANG_SCRIPT.get(lang, "Latn") != "Latn" and any(c.isalpha() for c in text):
            path, line = where.alias(entity.id, text)
            yield Finding(path, line, "warning", "lang-script",
                          f"alias {text!r} of {entity.id!r} is tagged {lang!r} but is written in Latn",
                          f"fix the lang tag or the spelling ({lang} is written in {LANG_SCRIPT[lang]})")
        return  # plain ASCII: nothing else can be wrong
    path, line = where.alias(entity.id, text) if lang is not None else where.entity(entity.id)
    what = f"alias {text!r} of {entity.id!r}" if lang is not None else f"name {text!r} of {entity.id!r}"
    if _CONTROL.search(text):
        controls = sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cc"})
        yield Finding(path, line, "error", "control-char", f"{what} holds control characters {', '.join(controls)}",
                      "delete them")
    invisible = sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cf"
                        and c not in _ALLOWED_FORMAT}) if _FORMAT.search(text) else []
    if invisible:
        yield Finding(path, line, "warning", "invisible-char",
                      f"{what} holds invisible characters {', '.join(invisible)}", "delete them unless intended")
    if _SPACES.search(text):
        yield Finding(path, line, "warning", "whitespace", f"{what} has extra spaces", "trim them")
    letters = letter_scripts(text)
    if len(letters) > 1:
        for word in _WORD.findall(text):
            scripts = letter_scripts(word)
            if len(scripts) > 1:
                yield Finding(path, line, "warning", "mixed-script",
                              f"{what}: the word {word!r} mixes scripts ({', '.join(sorted(scripts))})",
                              "retype it in one script (a look-alike letter from another script?)")
    expected = LANG_SCRIPT.get(lang or "")
    if expected and letters and expected not in letters:
        yield Finding(path, line, "warning", "lang-script",
                      f"{what} is tagged {lang!r} but is written in {', '.join(sorted(letters))}",
                      f"fix the lang tag or the spelling ({lang} is written in {expected})")


def check_errors(findings: Iterable[Finding]) -> int:
    """Return how many findings are errors."""
    return sum(1 for f in findings if f.severity == "error")


__all__ = ["Finding", "TableError", "check_errors", "check_files", "check_table"]
