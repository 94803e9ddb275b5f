"""Corpus mode — find and link every mention of a table entity in running text.

Accepts: a :class:`~normalizer.normalizer.Normalizer` (its table and index) and any ``str``.
Guarantees: mentions are in text order, never overlap, start and end on word boundaries
of the caller's original string (``text[start:end] == mention.text``, also with
combining marks, ZWJ/ZWNJ and CRLF), and leave out Arabic proclitics (بترامب → ترامب),
Hindi postpositions (separate words) and titles. Three passes:

1. *Exact*: table spellings, longest match first, over cleaned tokens joined by spaces,
   hyphens or dots (किम जोंग-उन = किम जोंग उन), with Arabic proclitics cut off the first
   token and Russian case endings read off any token. A one-word spelling that is a
   common word or at most two letters long (उन, शी, بين) links only when context agrees:
   a title stands before it or the same entity is named otherwise in the document.
2. *Neighbours*: a word of some table name (अरास) next to a word the table does not know
   (एग्रालोव), or the words after a title, are resolved together by the core resolver; the
   match is kept when it clears the threshold and, for a name word, names an entity that
   carries that word.
3. *Document*: once an entity is named in the document, another spelling of one of its
   words (मुसाएव after एलनूर मुसायेव) links to it when the resolver ranks it first among
   the document's entities.

Token analyses are cached per distinct word, so the cost per word is a few dict lookups.
Does not: resolve every word with the core (too slow and too loose); that happens only
next to evidence (passes 2 and 3).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from normalizer.affixes import alternates, clitic_readings, designators, postpositions, titles
from normalizer.clean import clean
from normalizer.decide import TABLE_SCORE, is_stopword
from normalizer.index import read, without_article
from normalizer.model import Entity, Match, Mention, Step
from normalizer.rules import rule_table
from normalizer.score import token_similarity
from normalizer.scripts import dominant_script

if TYPE_CHECKING:
    from normalizer.normalizer import Normalizer

# A word: letters, digits and the combining marks, joiners and signs of the supported
# scripts (Devanagari and other Indic blocks without the dandas, Arabic harakat), or an
# acronym written with dots (K.G.B.).
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
          "\u0900-\u0963\u0966-\u0dff\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe20-\ufe2f")
TOKEN = re.compile(rf"(?:[^\W\d_]\.){{2,}}|[\w{_MARKS}]+")
#: What may stand between two words of one name: spaces, one line break, hyphens, a dot
#: after an initial or abbreviation, an apostrophe.
_JOIN = re.compile(r"[ \t\u00a0\u200c\u200d\-\u2010-\u2013'’]{1,3}|[ \t]*\r?\n[ \t]*|\.[ \t]?")
#: A dot joins two words only after a word this short (an initial, "Mr").
_DOT_AFTER = 3
#: A one-word table spelling this short links only with context (शी, ли).
SHORT_WORD = 2
#: The core resolves windows of at most this many words around a name word (pass 2).
WINDOW = 3
#: Pass 2 accepts a candidate this weak when the window holds one of its words and each
#: unknown word sounds like one of its words (at least NEIGHBOUR_SIM, with a skeleton of
#: at least NEIGHBOUR_SKELETON consonants): अरास एग्रालोव for Aras Agalarov.
NEIGHBOUR_BAR = 0.1
NEIGHBOUR_SIM = 0.5
NEIGHBOUR_SKELETON = 3
#: Pass 3 accepts a candidate at this fraction of the threshold (the document has named it).
DOCUMENT_BAR = 0.6
#: Analyses of distinct words kept before the cache is emptied (memory stays bounded).
CACHE_SIZE = 500_000
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a word: ``cleaned`` from ``raw[cut_start:len(raw) - cut_end]``."""

    cut_start: int
    cut_end: int
    cleaned: str
    rule_id: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the spotter knows about one distinct word."""

    plain: str                    # the cleaned word
    readings: tuple[Reading, ...]  # readings that are a word of some table spelling
    heads: tuple[Reading, ...]     # readings that begin some table spelling
    name_word: bool               # some reading is a word of a table spelling
    common: bool                  # a common word of its language (stop list) or a postposition
    title: bool                   # a one-word title (राष्ट्रपति, الرئيس, Mr)


_NOTHING = Analysis("", (), (), False, True, False)


class Spotter:
    """The corpus-mode engine of one Normalizer (built on first use, read-only afterwards)."""

    def __init__(self, norm: Normalizer) -> None:
        self.norm = norm
        index = norm.index
        self.index = index
        self.prefixes: set[str] = set()
        self.words: set[str] = set()
        for phrase in index.exact:
            parts = phrase.split()
            self.words.update(parts)
            for k in range(1, len(parts) + 1):
                self.prefixes.add(" ".join(parts[:k]))
        self.title_phrases = {" ".join(t) for t, position, _ in titles() if position == "before"}
        self.title_words = {t for t in self.title_phrases if " " not in t}
        self.post_words = {" ".join(p) for p, _ in postpositions()}
        self.generic_words = {w for form in designators() for w in form}
        self.case_rules = [(rid, pat, rep) for rid, pat, rep in alternates() if rid.startswith("ru.case.")]
        self._cache: dict[str, Analysis] = {}
        self._langs: dict[int, frozenset[str]] = {}
        self._phrase_langs: dict[tuple[int, str], frozenset[str]] = {}

    # -- words ------------------------------------------------------------------------

    def analyse(self, raw: str) -> Analysis:
        """Return the (cached) analysis of one word as written."""
        found = self._cache.get(raw)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            found = self._cache[raw] = self._analyse(raw)
        return found

    def _analyse(self, raw: str) -> Analysis:
        plain = clean(raw)
        if not plain:
            return _NOTHING
        common = is_stopword(plain) or plain in self.post_words
        options = [Reading(0, 0, plain, "")]
        script = dominant_script(plain)
        if script == "Arab" and not common:
            for stem, rule_id in clitic_readings(plain):
                cut = _raw_cut(raw, stem)
                if cut:
                    options.append(Reading(cut, 0, stem, rule_id))
        elif script == "Cyrl":
            for rule_id, pattern, replace in self.case_rules:
                alt = pattern.sub(replace, plain)
                if alt != plain:
                    options.append(Reading(0, 0, alt, rule_id))
        elif script == "Latn":
            for ending in _POSSESSIVE:
                if raw.endswith(ending) and len(raw) > len(ending) + 1:
                    options.append(Reading(0, len(ending), clean(raw[:-len(ending)]), "en.possessive"))
        readings = tuple(r for r in options if r.cleaned in self.words)
        heads = tuple(r for r in readings if r.cleaned in self.prefixes)
        return Analysis(plain, readings, heads, bool(readings), common, plain in self.title_words)

    # -- text -------------------------------------------------------------------------

    def annotate(self, text: str) -> list[Mention]:
        """Return the mentions in ``text`` (see the module contract)."""
        if not isinstance(text, str):
            if isinstance(text, (bytes, bytearray)):
                raise TypeError("expected str, got bytes: decode it first (e.g. data.decode('utf-8'))")
            raise TypeError(f"expected str, got {type(text).__name__}")
        spans = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
        if not spans:
            return []
        words = [self.analyse(text[s:e]) for s, e in spans]
        doc = _Doc(text, spans, words, arabic_script_language(text))
        self._exact(doc)
        self._neighbours(doc)
        self._document(doc)
        return [doc.found[i] for i in sorted(doc.found)]

    def _joined(self, doc: _Doc, j: int) -> bool:
        """True if word ``j`` may continue a name begun before it."""
        gap = doc.text[doc.spans[j - 1][1]:doc.spans[j][0]]
        if not _JOIN.fullmatch(gap):
            return False
        return "." not in gap or doc.spans[j - 1][1] - doc.spans[j - 1][0] <= _DOT_AFTER

    def _exact(self, doc: _Doc) -> None:
        exact = self.index.exact
        n = len(doc.words)
        i = 0
        while i < n:
            first = doc.words[i]
            if not first.heads:
                i += 1
                continue
            best: tuple[int, int, Reading, Reading, str] | None = None  # length, -cut, first, last, phrase
            for head in first.heads:
                states = [(head.cleaned, head)]
                j = i
                while states:
                    for phrase, last in states:
                        if phrase in exact:
                            key = (j - i + 1, -head.cut_start - last.cut_end)
                            if best is None or key > best[:2]:
                                best = (key[0], key[1], head, last, phrase)
                    j += 1
                    if j >= n or not self._joined(doc, j):
                        break
                    nxt = [r for r in doc.words[j].readings if r.cut_start == 0]
                    states = [(f"{p} {r.cleaned}", r) for p, _ in states for r in nxt
                              if f"{p} {r.cleaned}" in self.prefixes]
            if best is None:
                i += 1
                continue
            length, _, head, last, phrase = best
            if self._stated(doc, i, i + length - 1, head, last, phrase):
                i += length
            else:
                i += 1

    def _stated(self, doc: _Doc, i: int, j: int, head: Reading, last: Reading, phrase: str) -> bool:
        index = self.index
        forms = self._usable(index.exact[phrase], doc.lang)
        if not forms:
            return False
        strong = {index.forms[f].entity for f in forms if not index.forms[f].weak}
        pool = strong or {index.forms[f].entity for f in forms}
        if len(pool) > 1:
            return False  # the table gives this spelling to several entities: ambiguous
        entity = next(iter(pool))
        ent = index.entities[entity]
        if (i == j and i > 0 and ent.type != "PER" and not doc.words[i - 1].common and not head.cut_start
                and agrees(head.cleaned, doc.words[i - 1].plain, (ent.name, *ent.aliases))):
            return False
        form = next(f for f in forms if index.forms[f].entity == entity and (not strong or not index.forms[f].weak))
        start = doc.spans[i][0] + head.cut_start
        end = doc.spans[j][1] - last.cut_end
        weak = index.forms[form].weak
        gated = i == j and (doc.words[i].common or len(head.cleaned) <= SHORT_WORD or head.cleaned in self.post_words)
        evidence = [Step("spot", "exact", doc.text[start:end], phrase)]
        for reading in {head, last}:
            if reading.rule_id:
                evidence.append(Step("affix", reading.rule_id, doc.words[i if reading is head else j].plain,
                                     reading.cleaned))
        method = "exact" if index.forms[form].canonical else "alias"
        match = Match(entity=index.entities[entity], score=TABLE_SCORE["weak" if weak else "strong"],
                      alias=index.forms[form].alias, method=method, query=doc.text[start:end],
                      evidence=tuple(evidence), reason="the cleaned text equals this table spelling")
        doc.add(i, j, Mention(start, end, doc.text[start:end], match), pending=gated)
        return True

    def _usable(self, forms: list[int], lang: str) -> list[int]:
        """Drop spellings of another Arabic-script language when the entity has one in ``lang``.

        Persian روسیه (Russia) cleans like Arabic روسية (Russian, feminine) and Urdu روس
        (Russia) like Arabic الروس (the Russians): in an Arabic document only the Arabic
        spellings of Russia count.
        """
        if not lang:
            return forms
        out = []
        for f in forms:
            form = self.index.forms[f]
            langs = self._spelling_langs(form.entity, form.cleaned)
            foreign = all(x in ARABIC_SCRIPT_LANGS and x != lang for x in langs)
            if foreign and lang in self._entity_langs(form.entity):
                continue
            out.append(f)
        return out

    def _spelling_langs(self, e_idx: int, phrase: str) -> frozenset[str]:
        """Languages of the entity's spellings that clean to ``phrase`` (several may)."""
        key = (e_idx, phrase)
        langs = self._phrase_langs.get(key)
        if langs is None:
            entity = self.index.entities[e_idx]
            langs = frozenset(entity.alias(a).lang for a in (entity.name, *entity.aliases)
                              if phrase in (clean(a), without_article(clean(a))))
            self._phrase_langs[key] = langs
        return langs

    def _entity_langs(self, e_idx: int) -> frozenset[str]:
        langs = self._langs.get(e_idx)
        if langs is None:
            entity = self.index.entities[e_idx]
            langs = self._langs[e_idx] = frozenset(entity.alias(a).lang for a in entity.aliases)
        return langs

    def _neighbours(self, doc: _Doc) -> None:
        """Pass 2: resolve windows around name words and after titles."""
        n = len(doc.words)
        for i, word in enumerate(doc.words):
            if doc.covered(i) or word.common:
                continue
            after_title = i > 0 and doc.words[i - 1].title and self._joined(doc, i)
            if not ((word.name_word and word.plain not in self.generic_words) or after_title):
                continue
            if len(word.plain) <= SHORT_WORD:
                continue  # a generic word (पश्चिमी, "western") or a short one is no anchor
            best: tuple[float, int, int, Match] | None = None
            for lo in range(max(0, i - WINDOW + 1), i + 1):
                for hi in range(i, min(n, lo + WINDOW)):
                    window = doc.words[lo:hi + 1]
                    if not after_title and all(w.name_word for w in window):
                        continue  # only table words (Kim Jong): pass 1 found no spelling, so no name
                    if not self._free_run(doc, lo, hi):
                        continue
                    match = self._window_match(doc, lo, hi, after_title)
                    if match is not None and (best is None or (match.score, hi - lo) > best[0:2]):
                        best = (match.score, hi - lo, lo, match)
            if best is not None:
                _, width, lo, match = best
                self._fuzzy(doc, lo, lo + width, match, "neighbours" if not after_title else "after-title")

    def _window_match(self, doc: _Doc, lo: int, hi: int, after_title: bool) -> Match | None:
        """The match for words ``lo..hi``: the core's answer, or, next to a word of the
        entity, its best candidate whose other words sound like the unknown ones."""
        text = doc.text[doc.spans[lo][0]:doc.spans[hi][1]]
        window = doc.words[lo:hi + 1]
        threshold = self.norm.config.threshold
        for match in self.norm.candidates(text, limit=3):
            if match.entity.type != "PER" and any(
                    is_adjective(w.plain, (match.entity.name, *match.entity.aliases))
                    for w in window if not w.name_word):
                continue  # उत्तर कोरियाई is "North Korean", not North Korea
            if after_title:
                return match if match.score >= threshold else None
            mine = self._entity_words(match.entity)
            if not any(r.cleaned in mine for w in window for r in w.readings):
                continue  # the name word belongs to another entity
            if match.score >= threshold:
                return match
            unknown = [w for w in window if not w.name_word]
            if match.score >= NEIGHBOUR_BAR and all(self._sounds_like(w.plain, mine) for w in unknown):
                return match
        return None

    def _entity_words(self, entity: Entity) -> set[str]:
        return {w for a in (entity.name, *entity.aliases) for w in clean(a).split()}

    @staticmethod
    def _sounds_like(word: str, words: set[str]) -> bool:
        """True if ``word`` has a long enough skeleton and sounds like one of ``words``."""
        form = read(word)
        if len(form.skel) < NEIGHBOUR_SKELETON:
            return False
        return any(token_similarity(form, read(w)) >= NEIGHBOUR_SIM for w in words)

    def _free_run(self, doc: _Doc, lo: int, hi: int) -> bool:
        for k in range(lo, hi + 1):
            if doc.covered(k) or doc.words[k].common or doc.words[k].title:
                return False
            if k > lo and not self._joined(doc, k):
                return False
        return True

    def _fuzzy(self, doc: _Doc, lo: int, hi: int, match: Match, why: str) -> None:
        start, end = doc.spans[lo][0], doc.spans[hi][1]
        ctx = Step("context", why, doc.text[start:end], match.entity.id)
        linked = Match(entity=match.entity, score=match.score, alias=match.alias, method=match.method,
                       query=doc.text[start:end], evidence=match.evidence + (ctx,), reason=match.reason)
        doc.add(lo, hi, Mention(start, end, doc.text[start:end], linked), pending=False)

    def _document(self, doc: _Doc) -> None:
        """Pass 3: settle gated one-word mentions, then other spellings of named entities."""
        named = doc.named()
        for i, mention in list(doc.pending.items()):
            titled = i > 0 and doc.words[i - 1].title
            if mention.match.entity.id in named or titled:
                why = "title-before" if titled else "named-in-document"
                ctx = Step("context", why, mention.text, mention.match.entity.id)
                m = mention.match
                doc.found[i] = Mention(mention.start, mention.end, mention.text,
                                       Match(entity=m.entity, score=m.score, alias=m.alias, method=m.method,
                                             query=m.query, evidence=m.evidence + (ctx,), reason=m.reason))
            else:
                doc.drop(i)
        named = {k: e for k, e in named.items() if e.type == "PER"}
        if not named:
            return
        heads = {w[:2] for e in named.values() for a in (e.name, *e.aliases) for w in clean(a).split() if len(w) > 2}
        candidates = self.norm.candidates
        for i, word in enumerate(doc.words):
            if doc.covered(i) or word.common or word.title or len(word.plain) <= SHORT_WORD + 1:
                continue
            options = [Reading(0, 0, word.plain, ""), *[r for r in word.readings if r.cut_start]]
            for reading in options:
                if reading.cleaned[:2] not in heads:
                    continue
                start, end = doc.spans[i][0] + reading.cut_start, doc.spans[i][1]
                for match in candidates(doc.text[start:end], limit=3):
                    if match.entity.id in named and match.score >= self.norm.config.threshold * DOCUMENT_BAR:
                        ctx = Step("context", "named-in-document", doc.text[start:end], match.entity.id)
                        linked = Match(entity=match.entity, score=match.score, alias=match.alias,
                                       method=match.method, query=doc.text[start:end],
                                       evidence=match.evidence + (ctx,), reason=match.reason)
                        doc.add(i, i, Mention(start, end, doc.text[start:end], linked), pending=False)
                        break
                if doc.covered(i):
                    break


class _Doc:
    """The words of one text and the mentions found so far (by first word index)."""

    def __init__(self, text: str, spans: list[tuple[int, int]], words: list[Analysis], lang: str) -> None:
        self.text = text
        self.lang = lang
        self.spans = spans
        self.words = words
        self.found: dict[int, Mention] = {}
        self.pending: dict[int, Mention] = {}
        self._owner: dict[int, int] = {}

    def covered(self, k: int) -> bool:
        return k in self._owner

    def add(self, i: int, j: int, mention: Mention, *, pending: bool) -> None:
        for k in range(i, j + 1):
            self._owner[k] = i
        self.found[i] = mention
        if pending:
            self.pending[i] = mention

    def drop(self, i: int) -> None:
        del self.found[i]
        del self.pending[i]
        for k in [k for k, owner in self._owner.items() if owner == i]:
            del self._owner[k]

    def named(self) -> dict[str, Entity]:
        """Entities linked by a mention that needed no context: id → entity."""
        return {m.match.entity.id: m.match.entity for i, m in self.found.items() if i not in self.pending}


def _raw_cut(raw: str, stem: str) -> int:
    """Return where ``stem`` (cleaned) begins in the word as written, or 0 if nowhere.

    The cut never falls before a combining mark or joiner (it stays with its letter).
    """
    for k in range(1, len(raw)):
        if not TOKEN.fullmatch(raw[k]) or _is_mark(raw[k]):
            continue
        if clean(raw[k:]) == stem:
            return k
    return 0


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M" or ch in "\u200c\u200d"


ARABIC_SCRIPT_LANGS = ("ar", "fa", "ur")
#: A document is taken as Arabic when its Arabic-only letters outnumber the Persian/Urdu
#: ones this many times (and the other way round).
_LANG_RATIO = 3


@functools.lru_cache(maxsize=1)
def _script_letters() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for row in rule_table("rules/arabic-script-languages.tsv"):
        out.setdefault(row["lang"], []).append(row["letter"])
    return {lang: tuple(letters) for lang, letters in out.items()}


def arabic_script_language(text: str) -> str:
    """Guess whether Arabic-script ``text`` is Arabic, Persian or Urdu ("" when it cannot tell).

    Counts the letters of ``data/rules/arabic-script-languages.tsv`` that only one of the
    three languages uses.

    >>> arabic_script_language("قالت الصحيفة الروسية"), arabic_script_language("روسیه و پاکستان")
    ('ar', 'fa')
    """
    letters = _script_letters()
    count = {lang: sum(text.count(ch) for ch in chars) for lang, chars in letters.items()}
    ar, fa, ur = count.get("ar", 0), count.get("fa", 0), count.get("ur", 0)
    if ar and ar >= _LANG_RATIO * (fa + ur):
        return "ar"
    if fa + ur and fa + ur >= _LANG_RATIO * ar:
        return "ur" if ur else "fa"
    return ""


@functools.lru_cache(maxsize=2)
def adjective_suffixes(agreeing: bool = False) -> tuple[str, ...]:
    """Return the cleaned adjective suffixes of ``data/rules/adjectives.tsv``, longest first.

    ``agreeing``: only the suffixes whose adjective reads like the name itself, which
    apply only after a word ending as the row's ``after`` column says (see :func:`agrees`).
    """
    rows = rule_table("rules/adjectives.tsv")
    return tuple(sorted({clean(r["suffix"]) for r in rows if bool(r["after"]) == agreeing}, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _agreement() -> dict[str, str]:
    return {clean(r["suffix"]): clean(r["after"]) for r in rule_table("rules/adjectives.tsv") if r["after"]}


def agrees(word: str, previous: str, names: Iterable[str]) -> bool:
    """True if ``word`` reads as an adjective agreeing with the ``previous`` word.

    In مسؤولا روسيا ("a Russian official", accusative) روسيا is the adjective روسيًا,
    written exactly like the name Russia; the ending of مسؤولا tells.

    >>> agrees("روسيا", "مسؤولا", ["روسيا"]), agrees("روسيا", "في", ["روسيا"])
    (True, False)
    """
    for suffix, after in _agreement().items():
        if previous.endswith(after) and is_adjective(word, names, (suffix,)):
            return True
    return False


#: A name may lose this many final letters before an adjective suffix (روسيا → روسي).
_ADJ_DROP = 2
_ADJ_STEM = 3


def is_adjective(word: str, names: Iterable[str], suffixes: tuple[str, ...] | None = None) -> bool:
    """True if ``word`` is an adjective made from a word of ``names`` (रूसी from रूस).

    >>> is_adjective("روسية", ["روسيا"]), is_adjective("ترامب", ["ترامب"])
    (True, False)
    """
    word = clean(word)
    stems = {w for n in names for w in clean(n).split() if len(w) >= _ADJ_STEM}
    for suffix in suffixes or adjective_suffixes():
        if not word.endswith(suffix) or len(word) - len(suffix) < _ADJ_STEM:
            continue
        base = word[:-len(suffix)]
        if any(s.startswith(base) and len(s) - len(base) <= _ADJ_DROP for s in stems):
            return True
    return False
