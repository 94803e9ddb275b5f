"""Corpus mode — find and link every mention of a table entity in running text.

Accepts: a :class:`~normalizer.core.resolver.Resolver` (its table and index) and any ``str``.
Guarantees: mentions are in text order, never overlap, start and end on word boundaries
of the caller's original string (``text[start:end] == mention.text``, also with
combining marks, ZWJ/ZWNJ and CRLF), and leave out Arabic proclitics (بترامب → ترامب),
Hindi postpositions (separate words) and titles. Three passes:

1. *Exact*: table spellings, longest match first, over cleaned tokens joined by spaces,
   hyphens or dots (किम जोंग-उन = किम जोंग उन), with Arabic proclitics cut off the first
   token and Russian case endings read off any token. A one-word spelling that is a
   common word or at most two letters long (उन, शी, بين) links only when context agrees:
   a title stands before it or the same entity is named otherwise in the document.
   A ``context`` alias (لولا "were it not", مالی "financial") links only right after a
   title, or a title and a place word (الرئيس البرازيلي لولا), or for a place a generic
   word (کشور مالی), and never on the document's say-so.
   A person's spelling that is part of the name (Trump) right after an unknown word takes
   it in when the core reads both as the person (डोनल्ड ट्रम्प), and links nothing when
   the word is a listed given name (Eric Trump: another person); after an initial and
   its dot it takes the initial when the core reads both as a person (Э. Агаларов: Emin),
   and links nothing when the initial fits none of the person's given names (И. Трамп);
   initials after it (Путин В.В.) are taken in when they fit.
   A one-word spelling the table writes in capitals (UK, UN, US), written so next to a
   word with small letters, needs no context. A person's spelling
   followed by a generational suffix it lacks (Vladimir Putin Jr.) links only to a
   spelling that has the suffix, else not at all. In a text that uses capitals, a Latin
   or Cyrillic word written all small is not a name the table capitalises (every pass).
2. *Neighbours*: a distinctive word of some table name (अरास; carried by at most
   :data:`MAX_ANCHOR_ENTITIES` entities, not a generic word) next to a word the table does
   not know (एग्रालोव), or the words after a title, are resolved together by the core
   resolver — only after a cheap test that the unknown word sounds like a word standing
   beside the anchor in one of the entity's spellings. The match is kept when it clears
   the threshold, or, for a name word's own entity, when the unknown word sounds like the
   entity's (:data:`NEIGHBOUR_BAR`, :data:`NEIGHBOUR_SIM`). Adjectives of places are refused
   (:mod:`normalizer.core.lexicons`).
3. *Document*: once an entity is named in the document, another spelling of one of its
   words (मुसाएव after एलनूर मुसायेव) links to it when the resolver ranks it first among
   the document's entities.

Words are not visited one by one: :mod:`normalizer.corpus.scan` finds, in compiled code, the
words that may be a table word or a title (with a proclitic or a case ending); only those
are analysed (each distinct word once, in a bounded two-generation cache), and their
neighbours are read from the text only when a pass needs them.
Does not: resolve every word with the core (too slow and too loose); that happens only
next to evidence (passes 2 and 3).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from normalizer.core.affixes import (
    alternates,
    clitic_readings,
    context_designators,
    designators,
    letter_names,
    postpositions,
    proclitics,
    titles,
)
from normalizer.core.clean import clean
from normalizer.core.decide import TABLE_SCORE, is_stopword
from normalizer.core.index import TokenForm, read, without_article
from normalizer.core.lexicons import (
    ARABIC_SCRIPT_LANGS,
    NO_PROCLITIC_LANGS,
    agrees,
    arabic_script_language,
    is_adjective,
    is_given_name,
    is_name_suffix,
)
from normalizer.core.score import is_initials, stands_for, token_similarity
from normalizer.core.scripts import dominant_script
from normalizer.corpus.scan import SPACE, SPECIAL, TOKEN, Scanner
from normalizer.corpus.scan import tokens as _starts
from normalizer.model import Entity, Match, Mention, Step

if TYPE_CHECKING:
    from normalizer.core.resolver import Resolver

_ARABIC = re.compile("[\u0600-\u06ff]")
#: What may stand between two words of one name: spaces, one line break, hyphens, a dot
#: after an initial or abbreviation, an apostrophe.
_JOIN = re.compile(r"[ \t\u00a0\u200c\u200d\-\u2010-\u2013'’]{1,3}|[ \t]*\r?\n[ \t]*|\.[ \t]?")
#: A dot joins two words only after a word this short (an initial, "Mr").
_DOT_AFTER = 3
#: What stands between a given name and the surname after it: spaces only.
_SPACES = re.compile(r"[ \t\u00a0]+")
#: What follows a middle initial: a dot and spaces (Donald J. Trump).
_INITIAL_GAP = re.compile(r"\.[ \t\u00a0]+")
#: What follows an initial before another initial or a surname: a dot, spaces or none (एम.एस.).
_DOTTED = re.compile(r"\.[ \t\u00a0]*")
#: A one-word table spelling this short links only with context (शी, ли).
SHORT_WORD = 2
#: The core resolves windows of at most this many words around a name word (pass 2).
WINDOW = 3
#: Pass 2 accepts a candidate this weak when the window holds one of its words and each
#: unknown word sounds like one of its words (at least NEIGHBOUR_SIM, with a skeleton of
#: at least NEIGHBOUR_SKELETON consonants): अरास एग्रालोव for Aras Agalarov.
NEIGHBOUR_BAR = 0.1
NEIGHBOUR_SIM = 0.58
NEIGHBOUR_SKELETON = 3
#: A name word carried by more entities than this (Kim, Muhammad, New) anchors nothing.
MAX_ANCHOR_ENTITIES = 8
#: Pass 3 looks at a word only if it sounds at least this much like a word of a named entity.
DOCUMENT_SIM = 0.75
#: Core answers kept per spotter (windows and words repeat across a corpus; each holds
#: explained matches, so the bound is small).
CORE_CACHE = 5_000
#: Pass 3 accepts a candidate at this fraction of the threshold (the document has named it).
DOCUMENT_BAR = 0.6
#: Analyses of distinct words in each of the word cache's two generations, so that memory
#: stays flat (streaming 50 MB peaks within 1.2 × of 5 MB) while frequent words stay.
CACHE_SIZE = 20_000
#: Entries of the smaller caches (decisions, matches, readings, sound-alike tests).
SMALL_CACHE = 20_000
#: An Arabic-script table word at least this long is scanned for as a word ending (after
#: at most the longest proclitic); a shorter one with each proclitic spelled out.
SCAN_SUFFIX = 5
_POSSESSIVE = ("'s", "’s")
_ZWNJ = "\u200c"
_CAPITAL = re.compile("[A-ZÀ-ÖØ-ÞА-ЯЁ]")
_SMALL = re.compile("[a-zß-öø-ÿа-яё]")


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a word: ``cleaned`` from ``raw[cut_start:len(raw) - cut_end]``."""

    cut_start: int
    cut_end: int
    cleaned: str
    rule_id: str


@dataclass(frozen=True, slots=True, eq=False)  # compared by identity: cheap in sets and `in`
class Analysis:
    """What the spotter knows about one distinct word."""

    plain: str                    # the cleaned word
    readings: tuple[Reading, ...]  # readings that are a word of some table spelling
    heads: tuple[Reading, ...]     # readings that begin some table spelling
    name_word: bool               # some reading is a word of a table spelling
    common: bool                  # a common word of its language (stop list) or a postposition
    title: bool                   # a one-word title (राष्ट्रपति, الرئيس, Mr)
    interesting: bool             # may take part in a mention or its context (name word or title)
    other: bool                   # may be another spelling of a named person (pass 3): none of the above
    heads2: tuple[str, ...]       # first two letters of the word and of its clitic-cut readings
    cuts: tuple[Reading, ...]     # its readings with a proclitic cut off (for pass 3)


_NOTHING = Analysis("", (), (), False, True, False, False, False, (), ())


K = TypeVar("K")
V = TypeVar("V")
_MISSING = object()


class _Memo(Generic[K, V]):
    """A bounded memo in two generations: a hit in the older moves to the newer; when the
    newer is full it becomes the older. At most twice ``size`` entries; frequent keys stay."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.new: dict[K, V] = {}
        self.old: dict[K, V] = {}

    def get(self, key: K, make: Callable[[], V]) -> V:
        """Return the value for ``key``, computing it with ``make`` when neither generation has it."""
        value = self.new.get(key, _MISSING)  # one lookup: another thread may swap generations
        if value is not _MISSING:
            return value  # type: ignore[return-value]
        value = self.old.get(key, _MISSING)
        if value is _MISSING:
            value = make()
        if len(self.new) >= self.size:
            self.old, self.new = self.new, {}
        self.new[key] = value  # type: ignore[assignment]
        return value  # type: ignore[return-value]


class Spotter:
    """The corpus-mode engine of one Resolver (built on first use, read-only afterwards)."""

    def __init__(self, norm: Resolver) -> None:
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
        # word → entities whose spellings hold it (None once more than MAX_ANCHOR_ENTITIES do)
        self.carriers: dict[str, set[int] | None] = {}
        for form in index.forms:
            for word in form.cleaned.split():
                held = self.carriers.setdefault(word, set())
                if held is not None:
                    held.add(form.entity)
                    if len(held) > MAX_ANCHOR_ENTITIES:
                        self.carriers[word] = None
        self.title_phrases = {" ".join(t) for t, position, _ in titles() if position == "before"}
        self.title_words = {t for t in self.title_phrases if " " not in t}
        self.title_length = max((t.count(" ") + 1 for t in self.title_phrases), default=0)
        self.post_words = {" ".join(p) for p, _ in postpositions()}
        self.generic_words = {w for form in designators() for w in form}
        self.context_words = {form[0] for form in context_designators() if len(form) == 1}
        self.case_rules = [(rid, pat, rep) for rid, pat, rep in alternates() if rid.startswith("ru.case.")]
        self._cache: dict[str, Analysis] = {}
        self._older: dict[str, Analysis] = {}
        self._langs: dict[int, frozenset[str]] = {}
        self._phrase_langs: dict[tuple[int, str], frozenset[str]] = {}
        self._reads: _Memo[str, TokenForm] = _Memo(SMALL_CACHE)
        self._entity_reads: dict[int, tuple[tuple[str, TokenForm, str], ...]] = {}
        self._core: _Memo[str, list[Match]] = _Memo(CORE_CACHE)
        self._decided: _Memo[tuple[str, str], tuple[int, int] | None] = _Memo(SMALL_CACHE)
        self._matches: _Memo[tuple[int, str, str, str], Match] = _Memo(SMALL_CACHE)
        self._alike: _Memo[tuple[str, str], bool] = _Memo(SMALL_CACHE)
        self._partner_cache: _Memo[str, dict[str, TokenForm]] = _Memo(SMALL_CACHE)
        self._words_of: dict[str, frozenset[str]] = {}
        self.scanner = self._scanner()

    def _scanner(self) -> Scanner:
        """An automaton for the words that may be interesting: table words (with each
        proclitic before a short Arabic-script one, or any short lead before a longer one;
        Cyrillic ones with any case ending) and one-word titles."""
        forms = [form for form, _ in proclitics()]
        whole = set(self.words) | self.title_words
        prefixes: set[str] = set()
        suffixes: set[str] = set()
        for word in self.words:
            script = dominant_script(word)
            if script == "Arab":
                if len(word) >= SCAN_SUFFIX:
                    suffixes.add(word)
                else:
                    whole.update(form + word for form in forms)
            elif script == "Cyrl":
                prefixes.update(word[:len(word) - len(rep)] for _, _, rep in self.case_rules if word.endswith(rep))
        return Scanner(whole, prefixes, suffixes, max_lead=max(map(len, forms), default=0))

    # -- words ------------------------------------------------------------------------

    def analyse(self, raw: str) -> Analysis:
        """Return the (cached) analysis of one word as written.

        Two generations: a word found in the older one moves to the newer; when the newer
        is full it becomes the older (the old one is dropped). Frequent words stay, memory
        stays under two generations, and no per-lookup bookkeeping is needed.
        """
        found = self._cache.get(raw)
        if found is None:
            found = self._older.get(raw)
            if found is None:
                found = self._analyse(raw)
            if len(self._cache) >= CACHE_SIZE:
                self._older, self._cache = self._cache, {}
            self._cache[raw] = found
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
        if _ZWNJ in raw:  # a Persian compound written with a zero-width non-joiner (پیونگ‌یانگ)
            spaced = " ".join(p for p in map(clean, raw.split(_ZWNJ)) if p)
            if spaced in self.prefixes:
                options.append(Reading(0, 0, spaced, "zwnj-as-space"))
        readings = tuple(r for r in options if r.cleaned in self.words or r.cleaned in self.prefixes)
        heads = tuple(r for r in readings if r.cleaned in self.prefixes)
        cuts = tuple(r for r in options if r.cut_start)
        title = plain in self.title_words
        name_word = bool(readings)
        other = not (name_word or common or title or len(plain) <= SHORT_WORD + 1)
        heads2 = tuple(dict.fromkeys(r.cleaned[:2] for r in options if r.cut_start == 0 or r.rule_id.startswith("ar.")))
        return Analysis(plain, readings, heads, name_word, common, title, name_word or title, other, heads2, cuts)

    # -- text -------------------------------------------------------------------------

    def annotate(self, text: str) -> list[Mention]:
        """Return the mentions in ``text`` (see the module contract)."""
        if not isinstance(text, str):
            if isinstance(text, (bytes, bytearray)):
                raise TypeError("expected str, got bytes: decode it first (e.g. data.decode('utf-8'))")
            raise TypeError(f"expected str, got {type(text).__name__}")
        scan, starts = self.scanner.scan(text)
        if not starts:
            return []
        doc = _Doc(self, text, scan, starts)
        words, interesting, cached, match = doc.words, doc.interesting, self._cache.get, TOKEN.match
        for k in starts:  # the hot loop of corpus mode: one regex match and one dict lookup per candidate
            m = match(text, k)
            if m is None:
                continue  # a symbol, not a word, that the scan marked
            raw = m.group()
            word = cached(raw) or self.analyse(raw)
            words[k] = (m.end(), word)
            if word.interesting:
                interesting.append(k)
        if not interesting:
            return []
        self._exact(doc)
        self._neighbours(doc)
        self._document(doc, starts)
        return [doc.found[k] for k in sorted(doc.found)]

    def _joined(self, doc: _Doc, i: int, j: int) -> bool:
        """True if word ``j``, right after word ``i``, may continue a name begun with ``i``."""
        gap = doc.text[doc.end(i):j]
        if not _JOIN.fullmatch(gap):
            return False
        return "." not in gap or doc.end(i) - i <= _DOT_AFTER

    def _exact(self, doc: _Doc) -> None:
        exact, words = self.index.exact, doc.words
        after = 0  # text before this offset is taken
        for i in doc.interesting:
            first = words[i][1]
            if i < after or not first.heads:
                continue
            # words, -cut, first reading, last reading, phrase, last word
            best: tuple[int, int, Reading, Reading, str, int] | None = None
            for head in first.heads:
                states = [(head.cleaned, head)]
                j, count = i, 1
                while states:
                    for phrase, last in states:
                        if phrase in exact:
                            key = (count, -head.cut_start - last.cut_end)
                            if best is None or key > best[:2]:
                                best = (key[0], key[1], head, last, phrase, j)
                    nxt = doc.next_candidate(j)  # a word of a table name is a candidate
                    if nxt is None or not self._joined(doc, j, nxt):
                        break
                    j, count = nxt, count + 1
                    readings = [r for r in doc.word(j).readings if r.cut_start == 0]
                    states = [(phrase, r) for p, _ in states for r in readings
                              if (phrase := f"{p} {r.cleaned}") in self.prefixes]
            if best is None:
                continue
            _, _, head, last, phrase, j = best
            if self._stated(doc, i, j, head, last, phrase):
                after = doc.end(j)

    def _stated(self, doc: _Doc, i: int, j: int, head: Reading, last: Reading, phrase: str) -> bool:
        lang = doc.lang if _ARABIC.search(phrase) else ""
        if head.cut_start and lang in NO_PROCLITIC_LANGS:
            return False  # Arabic proclitics are Arabic grammar: Urdu لگنے ("to begin") is not ل + گنے (Guinea)
        key = (phrase, lang)
        chosen = self._decided.get(key, lambda: self._decide(phrase, lang))
        if chosen is None:
            return False  # the table gives this spelling to several entities: ambiguous
        entity, form = chosen
        ent = self.index.entities[entity]
        first = doc.word(i)
        person = ent.type == "PER"
        context_only = self.index.forms[form].context_only
        title = (self._context_before(doc, i, person) if context_only
                 else doc.title_before(i) if person else None)
        if context_only and title is None:
            return False  # an ordinary word (لولا "were it not", مالی "financial") out of context
        if not person and i == j and not head.cut_start and (before := doc.before(i)) is not None:
            prev = doc.word(before)
            if not prev.common and agrees(head.cleaned, prev.plain, (ent.name, *ent.aliases)):
                return False  # an adjective agreeing with the word before: روسية after a feminine noun
        start = i + head.cut_start
        end = doc.end(j) - last.cut_end
        if self._uncased(doc, doc.text[start:end], self.index.forms[form].alias):
            return False  # "his trump card": a name written small in a text that capitalises
        if person and (suffix := self._suffix_after(doc, j)) is not None:
            self._someone_else(doc, i, start, suffix)
            return True  # the words are taken either way: Putin in "Vladimir Putin Jr." is not Putin
        if person and i == j and len(phrase.split()) < len(_spelling(ent.name).split()):
            after_name = self._name_before(doc, i, entity, end)
            if after_name is None:
                after_name = self._initial_before(doc, i, entity, end)
            if after_name is None and start == i:
                after_name = self._initials_after(doc, i, j) or None
            if after_name is not None:
                return after_name
        # (a place's generic word gates a context alias but is no title)
        joined = title is not None and person and (context_only or self._joined(doc, title, i))
        titled = doc.word(title).plain if joined and title is not None else None
        spot = _Spot(start, end, entity, form, head, last, phrase, titled)
        if (i == j and not context_only and (first.common or len(head.cleaned) <= SHORT_WORD
                                           or head.cleaned in self.post_words)
                and not self._capitals(doc, i, doc.text[start:end], self.index.forms[form].alias)):
            doc.hold(i, spot)  # needs context: settled (and its match made) in pass 3
        else:
            doc.add(doc.span(i, j), self._mention(doc, spot, first.plain, doc.word(j).plain))
        return True

    def _context_before(self, doc: _Doc, i: int, person: bool) -> int | None:
        """The start of the context a ``context`` alias at word ``i`` needs, if it is there:
        for a person, a title of one or more words (رئیس جمهور) right before it, or before a
        place word right before it (الرئيس البرازيلي لولا); for anything else, a generic word
        that names a kind of place right before it (کشور مالی, "the country Mali"; not "of":
        :func:`~normalizer.core.affixes.context_designators`)."""
        if not person:
            b = doc.before(i)
            ok = b is not None and self._joined(doc, b, i) and doc.word(b).plain in self.context_words
            return b if ok else None
        t = self._title_ending_at(doc, i)
        if t is not None:
            return t
        b = doc.before(i)
        if b is None or not self._joined(doc, b, i) or not self.index.place_word(doc.word(b).plain):
            return None
        return self._title_ending_at(doc, b)

    def _title_ending_at(self, doc: _Doc, k: int) -> int | None:
        """The start of a title whose last word stands right before word ``k``."""
        words: list[str] = []
        for _ in range(self.title_length):
            b = doc.before(k)
            if b is None or not self._joined(doc, b, k):
                return None
            words.insert(0, doc.word(b).plain)
            if " ".join(words) in self.title_phrases:
                return b
            k = b
        return None

    @staticmethod
    def _uncased(doc: _Doc, text: str, alias: str) -> bool:
        """True if ``text`` is written all in small letters where its table spelling has a
        capital, in a text that uses capitals (Latin or Cyrillic): an ordinary word there
        ("his trump card", "the kremlin of Kazan"), not the name. A text with no capital
        letter at all (a lower-cased corpus) says nothing."""
        return (doc.cased and any(c.islower() for c in text) and not any(c.isupper() for c in text)
                and any(c.isupper() for c in alias))  # (Arabic and Devanagari letters have no case)

    @staticmethod
    def _capitals(doc: _Doc, i: int, text: str, alias: str) -> bool:
        """True if ``text`` (the word at ``i``) is an acronym the table writes in capitals,
        written so next to a word with small letters (The UK, the UN and the US said): the
        acronym, not the common word (us, un) it is spelled like. Among words all in
        capitals (LET US GO) it says nothing."""
        if not (len(text) >= 2 and text.isupper() and alias.isupper()):
            return False
        return any(k is not None and _SMALL.search(doc.raw(k)) for k in (doc.before(i), doc.after(i)))

    def _name_before(self, doc: _Doc, i: int, entity: int, end: int) -> bool | None:
        """A word of a person's name (Trump) right after a word the table does not know.

        When the core reads the two words as this person (डोनल्ड ट्रम्प, the given name spelled
        another way; also over a middle initial, डोनाल्ड जे. ट्रंप), the mention takes them:
        True. So it does with three words, the middle one a middle name or patronymic the
        table lacks (Jared Corey Kushner, Сергей Кужугетович Шойгу). When the word before
        is a given name (Eric Trump, إريك ترامب;
        :func:`~normalizer.core.lexicons.is_given_name`), it names someone else of that name, so
        nothing is linked: False. Otherwise None.
        """
        k = i  # the word after b
        b = doc.before(i)
        if b is not None and _INITIAL_GAP.fullmatch(doc.text[doc.end(b):i]) and len(doc.word(b).plain) <= SHORT_WORD:
            k = b  # a middle initial stands between: डोनाल्ड जे. ट्रंप
            b = doc.before(b)
        if b is None or not _SPACES.fullmatch(doc.text[doc.end(b):k]):
            return None
        prev = doc.word(b)
        if prev.title or len(prev.plain) <= SHORT_WORD:
            return None
        # (a table word may stand at b: Alexander is also Torshin's given name)
        if not prev.common and self._read_from(doc, b, i, entity, end):
            return True
        b2 = doc.before(b)
        if (k == i and b2 is not None and _SPACES.fullmatch(doc.text[doc.end(b2):b]) and _may_begin_name(doc.word(b2))
                and self._read_from(doc, b2, i, entity, end)):
            return True  # over a middle name, which may also be a common word: Jared Corey Kushner, جاريد كوري كوشنر
        if prev.common:
            return None
        if any(is_given_name(r.cleaned) for r in _as_written_or_cut(prev)):
            return False
        return None

    def _initial_before(self, doc: _Doc, i: int, entity: int, end: int) -> bool | None:
        """A word of a person's name (Агаларов) right after an initial and its dot (Э.).

        When the core reads the words as a person, at or above the threshold, and the initial
        fits that person, the mention takes the initials (one to three: В.В. Путин, एम.एस.
        धोनी) and links that person, who may be another of the name (Э. Агаларов is Emin,
        А. Агаларов Aras): True. When the initial stands for the first word of none of the
        person's spellings of two or more words (И. Трамп), it names someone else: False —
        but not for a letter written by its name (के. मोदी), which may be a word ending the
        sentence before (वह आई. ट्रंप ने …): None. Otherwise (no spelling to judge by) None.
        """
        b = self._initial_at(doc, doc.before(i), i)
        if b is None:
            return None
        start = b
        for _ in range(2):  # initials before it too: А. В. Путин, एम.एस. धोनी
            a = self._initial_at(doc, doc.before(start), start)
            if a is None:
                break
            start = a
        text = doc.text[start:end]
        initial = self._read(doc.word(start).plain.split()[0])  # the first: M of एम.एस. धोनी
        match = next(iter(self._core_candidates(text)), None)
        if (match is not None and match.entity.type == "PER" and match.score >= self.norm.config.threshold
                and self._fits(initial, match.entity) is not False):
            doc.add(doc.span(start, i), Mention(start, end, text, _in_context(match, "initial-before", text,
                                                                               query=text)))
            return True
        if self._fits(initial, self.index.entities[entity]) is not False or initial.text in letter_names():
            return None  # (a letter's name is also a word — आई "came", जी — that may end a sentence)
        return False

    def _initials_after(self, doc: _Doc, i: int, j: int) -> bool:
        """A person's surname followed by initials with their dots, as Russian lists and
        documents write (Путин В.В., Путин В. В.): when the core reads the words as a person
        the first initial fits, the mention takes the initials (and their last dot)."""
        k, first, last = j, None, None
        for n in range(3):
            a = doc.after(k)
            if a is None or doc.covered(a):
                break
            gap = doc.text[doc.end(k):a]
            joined = _SPACES.fullmatch(gap) if n == 0 else (
                _DOTTED.fullmatch(gap) or (doc.raw(k).endswith(".") and _SPACES.fullmatch(gap)))
            dotted = doc.raw(a).endswith(".") or doc.text.startswith(".", doc.end(a))
            if not (joined and dotted and self._initials_word(doc, a)):
                break
            k = last = a
            first = first if first is not None else a
        if first is None or last is None:
            return False
        stop = doc.end(last) + (1 if doc.text.startswith(".", doc.end(last)) else 0)
        text = doc.text[i:stop]
        match = next(iter(self._core_candidates(text)), None)
        initial = self._read(doc.word(first).plain.split()[0])
        if (match is None or match.entity.type != "PER" or match.score < self.norm.config.threshold
                or self._fits(initial, match.entity) is not True):
            return False
        doc.add(doc.span(i, last), Mention(i, stop, text, _in_context(match, "initials-after", text, query=text)))
        return True

    @staticmethod
    def _initials_word(doc: _Doc, k: int) -> bool:
        """True if the word at ``k`` may be initials: not a title, each part an initial, and
        a Latin or Cyrillic initial written as a capital (в. is "century", not V.)."""
        word = doc.word(k)
        if word.title or not word.plain or not all(is_initials(w) for w in word.plain.split()):
            return False
        return not doc.raw(k)[:1].islower()

    def _fits(self, initial: TokenForm, person: Entity) -> bool | None:
        """Whether an initial stands for the first word of one of the person's spellings of
        two or more words (None: the table has no such spelling to judge by)."""
        firsts = {words[0] for a in (person.name, *person.aliases) if len(words := _spelling(a).split()) > 1}
        if not firsts:
            return None
        return any(stands_for(initial, self._read(w)) for w in firsts)

    def _initial_at(self, doc: _Doc, b: int | None, k: int) -> int | None:
        """``b`` if the word there is an initial (or initials: В.В.) with its dot, right
        before the word at ``k``, and not already in a mention; else None."""
        if b is None or doc.covered(b):
            return None
        gap = doc.text[doc.end(b):k]
        if not (_DOTTED.fullmatch(gap) or (doc.raw(b).endswith(".") and _SPACES.fullmatch(gap))):
            return None
        return b if self._initials_word(doc, b) else None

    def _read_from(self, doc: _Doc, b: int, i: int, entity: int, end: int) -> bool:
        """Link the words from ``b`` to the end of word ``i`` as one mention if word ``b`` (or
        a reading of it without its proclitic) sounds like a word of the person and the core
        reads the whole as that person."""
        prev = doc.word(b)
        target = self.index.entities[entity].id
        for r in _as_written_or_cut(prev):
            if not self._sounds_like(r.cleaned, {entity}):
                continue
            start = b + r.cut_start
            text = doc.text[start:end]
            match = next(iter(self._core_candidates(text)), None)
            if match is not None and match.entity.id == target and match.score >= self.norm.config.threshold:
                doc.add(doc.span(b, i), Mention(start, end, text, _in_context(match, "name-before", text, query=text)))
                return True
        return False

    def _suffix_after(self, doc: _Doc, j: int) -> int | None:
        """The start of a generational suffix (Jr, الابن, младший) right after word ``j``, if any."""
        a = doc.after(j)
        if a is None or not _SPACES.fullmatch(doc.text[doc.end(j):a]):
            return None
        return a if is_name_suffix(doc.word(a).plain) else None

    def _someone_else(self, doc: _Doc, i: int, start: int, suffix: int) -> None:
        """A person's spelling followed by a suffix the table's spelling lacks (Трамп младший,
        Vladimir Putin Jr.): the words with the suffix name another person. Linked when the
        core resolves them to a spelling that has this very suffix; otherwise nothing is
        linked (सीनियर, "senior", reads like जूनियर, "junior")."""
        end = doc.end(suffix)
        text = doc.text[start:end]
        match = next(iter(self._core_candidates(text)), None)
        if (match is None or match.score < self.norm.config.threshold
                or doc.word(suffix).plain not in _spelling(match.alias).split()):
            return
        doc.add(doc.span(i, suffix), Mention(start, end, text, _in_context(match, "suffix-after", text, query=text)))

    def _mention(self, doc: _Doc, spot: _Spot, first_plain: str, last_plain: str) -> Mention:
        text = doc.text[spot.start:spot.end]
        key = (spot.form, text, spot.head.rule_id, spot.last.rule_id)
        match = self._matches.get(key, lambda: self._stated_match(spot.form, text, spot.phrase, spot.head, spot.last,
                                                                  first_plain, last_plain))
        if spot.title is not None:
            match = _titled(match, spot.title)
        return Mention(spot.start, spot.end, text, match)

    def _decide(self, phrase: str, lang: str) -> tuple[int, int] | None:
        """The entity and form a table spelling names in a document of ``lang`` (None: ambiguous)."""
        index = self.index
        forms = self._usable(index.exact[phrase], lang)
        strong = {index.forms[f].entity for f in forms if not index.forms[f].weak}
        pool = strong or {index.forms[f].entity for f in forms}
        if len(pool) != 1:
            return None
        entity = next(iter(pool))
        form = next(f for f in forms if index.forms[f].entity == entity and (not strong or not index.forms[f].weak))
        return entity, form

    def _stated_match(self, form_idx: int, text: str, phrase: str, head: Reading, last: Reading,
                      first_plain: str, last_plain: str) -> Match:
        form = self.index.forms[form_idx]
        evidence = [Step("spot", "exact", text, phrase)]
        if head.rule_id:
            evidence.append(Step("affix", head.rule_id, first_plain, head.cleaned))
        if last.rule_id and last is not head:
            evidence.append(Step("affix", last.rule_id, last_plain, last.cleaned))
        return Match(entity=self.index.entities[form.entity], score=TABLE_SCORE["weak" if form.weak else "strong"],
                     alias=form.alias, method="exact" if form.canonical else "alias", query=text,
                     evidence=tuple(evidence), reason="the cleaned text equals this table spelling")

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
            if len(self._phrase_langs) >= SMALL_CACHE:
                self._phrase_langs.clear()
            entity = self.index.entities[e_idx]
            langs = frozenset(entity.alias(a).lang for a in (entity.name, *entity.aliases)
                              if phrase in _spelling_forms(a, entity.alias(a).lang))
            self._phrase_langs[key] = langs
        return langs

    def _entity_langs(self, e_idx: int) -> frozenset[str]:
        langs = self._langs.get(e_idx)
        if langs is None:
            if len(self._langs) >= SMALL_CACHE:
                self._langs.clear()
            entity = self.index.entities[e_idx]
            langs = self._langs[e_idx] = frozenset(entity.alias(a).lang for a in entity.aliases)
        return langs

    def _neighbours(self, doc: _Doc) -> None:
        """Pass 2: resolve windows around distinctive name words and after titles."""
        words = doc.words
        anchors = sorted({k for k in doc.interesting if words[k][1].name_word}
                         | {k for t in doc.interesting if words[t][1].title and (k := doc.after(t)) is not None})
        for i in anchors:
            word = doc.word(i)
            if word.common or doc.covered(i) or len(word.plain) <= SHORT_WORD:
                continue
            title = doc.title_before(i)
            after_title = (title is not None and self._joined(doc, title, i)
                           and self._read(word.plain).key in self.index.by_key)  # sounds like a table word
            entities = self._anchored(word) if word.name_word else set()
            if not entities and not after_title:
                continue  # a generic word (पश्चिमी, "western"), a frequent one (Kim) or no name word
            partners = self._partners(word, entities)
            seq, at = doc.around(i, WINDOW - 1)
            best: tuple[float, int, int, Match] | None = None
            for lo in range(max(0, at - WINDOW + 1), at + 1):
                for hi in range(at, min(len(seq), lo + WINDOW)):
                    span = seq[lo:hi + 1]
                    window = [doc.word(k) for k in span]
                    if not after_title and all(w.name_word for w in window):
                        continue  # only table words (Kim Jong): pass 1 found no spelling, so no name
                    if not self._free_run(doc, span):
                        continue
                    if not after_title and not all(self._sounds_like_any(w.plain, partners)
                                                   for w in window if not w.name_word):
                        continue  # cheap test first: each unknown word must sound like a partner word
                    match = self._window_match(doc, span, window, after_title)
                    if match is not None and (best is None or (match.score, hi - lo) > best[0:2]):
                        best = (match.score, hi - lo, lo, match)
            if best is not None:
                _, width, lo, match = best
                self._fuzzy(doc, seq[lo:lo + width + 1], match, "neighbours" if not after_title else "after-title")

    def _anchored(self, word: Analysis) -> set[int]:
        """Entities a distinctive name word points to (none for generic or frequent words)."""
        out: set[int] = set()
        for r in word.readings:
            if r.cleaned in self.generic_words:
                continue
            held = self.carriers.get(r.cleaned)
            if held is None:
                return set()
            out |= held
        return out if len(out) <= MAX_ANCHOR_ENTITIES else set()

    def _partners(self, word: Analysis, entities: set[int]) -> dict[str, TokenForm]:
        """Words that stand beside ``word`` in some spelling of ``entities`` (अगालैरोव beside
        अरास in अरास अगालैरोव), in the same script: what an unknown neighbour may be."""
        return self._partner_cache.get(word.plain, lambda: self._find_partners(word, entities))

    def _find_partners(self, word: Analysis, entities: set[int]) -> dict[str, TokenForm]:
        mine = {r.cleaned for r in word.readings}
        script = dominant_script(word.plain)
        out: dict[str, TokenForm] = {}
        for e in entities:
            entity = self.index.entities[e]
            for spelling in (entity.name, *entity.aliases):
                tokens = _spelling(spelling).split()
                if len(tokens) > 1 and mine.intersection(tokens):
                    for t in tokens:
                        if t not in mine and t not in out and dominant_script(t) == script:
                            out[t] = self._read(t)
        return out

    def _sounds_like_any(self, word: str, partners: dict[str, TokenForm]) -> bool:
        form = self._read(word)
        if len(form.skel) < NEIGHBOUR_SKELETON:
            return False
        return any(_close(form, other) and token_similarity(form, other, NEIGHBOUR_SIM) >= NEIGHBOUR_SIM
                   for other in partners.values())

    def _core_candidates(self, text: str) -> list[Match]:
        return self._core.get(text, lambda: self.norm.candidates(text, limit=3))

    def _window_match(self, doc: _Doc, span: list[int], window: list[Analysis], after_title: bool) -> Match | None:
        """The match for the words of ``span``: the core's answer, or, next to a word of the
        entity, its best candidate whose other words sound like the unknown ones."""
        text = doc.text[span[0]:doc.end(span[-1])]
        threshold = self.norm.config.threshold
        for match in self._core_candidates(text):
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
            e_idx = self.index.entity_index(match.entity.id)
            if match.score >= NEIGHBOUR_BAR and all(self._sounds_like(w.plain, {e_idx}, NEIGHBOUR_SIM)
                                                    for w in window if not w.name_word):
                return match
        return None

    def _entity_words(self, entity: Entity) -> frozenset[str]:
        words = self._words_of.get(entity.id)
        if words is None:
            if len(self._words_of) >= SMALL_CACHE:
                self._words_of.clear()
            words = self._words_of[entity.id] = frozenset(
                w for a in (entity.name, *entity.aliases) for w in _spelling(a).split())
        return words

    def _read(self, word: str) -> TokenForm:
        return self._reads.get(word, lambda: read(word))

    def _entity_forms(self, e_idx: int) -> tuple[tuple[str, TokenForm, str], ...]:
        """The entity's words longer than one letter, read, with their script (cached)."""
        forms = self._entity_reads.get(e_idx)
        if forms is None:
            if len(self._entity_reads) >= SMALL_CACHE:
                self._entity_reads.clear()
            entity = self.index.entities[e_idx]
            words = dict.fromkeys(w for a in (entity.name, *entity.aliases) for w in _spelling(a).split() if len(w) > 1)
            forms = self._entity_reads[e_idx] = tuple((w, self._read(w), dominant_script(w)) for w in words)
        return forms

    def _people_forms(self, people: set[int]) -> dict[tuple[str, str], list[tuple[str, TokenForm]]]:
        """The words of ``people`` by script and first skeleton consonant (what :func:`_close` compares)."""
        out: dict[tuple[str, str], list[tuple[str, TokenForm]]] = {}
        for e in people:
            for w, form, script in self._entity_forms(e):
                out.setdefault((script, form.skel[:1]), []).append((w, form))
        return out

    def _alike_any(self, word: str, forms: dict[tuple[str, str], list[tuple[str, TokenForm]]]) -> bool:
        """Pass 3's test: ``word`` sounds like a word of a named person (see :meth:`_sounds_like`)."""
        form = self._read(word)
        if len(form.skel) < NEIGHBOUR_SKELETON:
            return False
        for w, other in forms.get((dominant_script(word), form.skel[:1]), ()):
            if _close(form, other) and self._alike.get(
                    (word, w), lambda other=other: token_similarity(form, other, DOCUMENT_SIM) >= DOCUMENT_SIM):  # type: ignore[misc]
                return True
        return False

    def _sounds_like(self, word: str, entities: Iterable[int], bar: float = NEIGHBOUR_SIM) -> bool:
        """True if ``word`` has a long enough skeleton and sounds like a word of ``entities``
        written in the same script."""
        form = self._read(word)
        if len(form.skel) < NEIGHBOUR_SKELETON:
            return False
        script = dominant_script(word)
        return any(_close(form, other) and token_similarity(form, other, bar) >= bar
                   for e in entities for _, other, other_script in self._entity_forms(e) if other_script == script)

    def _free_run(self, doc: _Doc, span: list[int]) -> bool:
        for n, k in enumerate(span):
            word = doc.word(k)
            if doc.covered(k) or word.common or word.title:
                return False
            if n and not self._joined(doc, span[n - 1], k):
                return False
        return True

    def _fuzzy(self, doc: _Doc, span: list[int], match: Match, why: str) -> None:
        start, end = span[0], doc.end(span[-1])
        text = doc.text[start:end]
        if self._uncased(doc, text, match.alias):
            return
        doc.add(span, Mention(start, end, text, _in_context(match, why, text, query=text)))

    def _document(self, doc: _Doc, starts: list[int]) -> None:
        """Pass 3: settle gated one-word mentions, then other spellings of named entities (not
        after another given name: :meth:`_given_name_before`)."""
        named = doc.named()
        for i, spot in doc.held.items():
            titled = doc.title_before(i) is not None
            if self.index.entities[spot.entity].id in named or titled:
                plain = doc.word(i).plain
                mention = self._mention(doc, spot, plain, plain)
                why = "title-before" if titled else "named-in-document"
                doc.found[i] = replace(mention, match=_in_context(mention.match, why, mention.text))
            else:
                doc.release(i)
        people = {self.index.entity_index(k) for k, e in named.items() if e.type == "PER"}
        if not people:
            return
        heads = {w[:2] for e in people for w, _, _ in self._entity_forms(e) if len(w) > 2}
        forms = self._people_forms(people)
        bar = self.norm.config.threshold * DOCUMENT_BAR
        hits: dict[str, tuple[Reading, Match] | None] = {}
        for k in self.scanner.beginning(doc.scan, heads, starts, longer=SHORT_WORD + 1):  # shorter: not `other`
            word = doc.word(k)
            if not word.other or doc.covered(k) or not any(h in heads for h in word.heads2):
                continue
            raw = doc.raw(k)
            if raw not in hits:
                hits[raw] = self._other_spelling(raw, word, heads, forms, named, bar)
            found = hits[raw]
            if found is not None:
                reading, match = found
                start, end = k + reading.cut_start, doc.end(k)
                text = doc.text[start:end]
                if self._uncased(doc, text, match.alias) or self._given_name_before(doc, k, match.entity.id):
                    continue
                doc.add([k], Mention(start, end, text, _in_context(match, "named-in-document", text, query=text)))

    def _given_name_before(self, doc: _Doc, k: int, entity_id: str) -> bool:
        """True if a listed given name that is not a word of the person stands right before
        word ``k``: Eric Musayeff, after Alnur Musayev was named, is someone else."""
        b = doc.before(k)
        if b is None or not _SPACES.fullmatch(doc.text[doc.end(b):k]):
            return False
        prev = doc.word(b)
        readings = _as_written_or_cut(prev)
        entity = self.index.entity_index(entity_id)
        return (any(is_given_name(r.cleaned) for r in readings)
                and not any(self._sounds_like(r.cleaned, {entity}) for r in readings))

    def _other_spelling(self, raw: str, word: Analysis, heads: set[str],
                        forms: dict[tuple[str, str], list[tuple[str, TokenForm]]],
                        named: dict[str, Entity], bar: float) -> tuple[Reading, Match] | None:
        """A reading of ``raw`` that the core ranks as a named person, with the match."""
        for reading in _as_written_or_cut(word):
            if reading.cleaned[:2] not in heads or not self._alike_any(reading.cleaned, forms):
                continue
            match = next((m for m in self._core_candidates(raw[reading.cut_start:])
                          if m.entity.id in named and m.entity.type == "PER" and m.score >= bar), None)
            if match is not None:
                return reading, match
        return None


class _Spot(NamedTuple):
    """A table spelling found in pass 1, before its match is made."""

    start: int
    end: int
    entity: int
    form: int
    head: Reading
    last: Reading
    phrase: str
    title: str | None  # the title right before it, if any


class _Doc:
    """The words of one text that the passes have looked at, by start offset, and the
    mentions found so far (by the start offset of their first word).

    Words are read from the text on demand (a word, the one before or after it); ``scan``
    is the text's encoding by :mod:`normalizer.corpus.scan` (offset + 1 = text offset).
    """

    def __init__(self, spotter: Spotter, text: str, scan: bytes, starts: list[int]) -> None:
        self.spotter = spotter
        self.text = text
        self.scan = scan
        self._next = dict(zip(starts, starts[1:], strict=False))
        self._candidates = set(starts)
        self.interesting: list[int] = []
        self.words: dict[int, tuple[int, Analysis]] = {}  # start → end, analysis
        self._after: dict[int, int | None] = {}
        self._before: dict[int, int | None] = {}
        self._lang: str | None = None
        self._cased: bool | None = None
        self.found: dict[int, Mention] = {}
        self.held: dict[int, _Spot] = {}
        self._owner: dict[int, int] = {}

    @property
    def cased(self) -> bool:
        """True if the text has a capital letter (Latin or Cyrillic) somewhere, on first use."""
        if self._cased is None:
            self._cased = _CAPITAL.search(self.text) is not None
        return self._cased

    @property
    def lang(self) -> str:
        """The Arabic-script language of the text ("" when none or unclear), on first use."""
        if self._lang is None:
            self._lang = arabic_script_language(self.text)
        return self._lang

    def _read(self, k: int) -> tuple[int, Analysis]:
        m = TOKEN.match(self.text, k)
        found = self.words[k] = (m.end(), self.spotter.analyse(m.group())) if m is not None else (k, _NOTHING)
        return found

    def word(self, k: int) -> Analysis:
        """The analysis of the word that starts at offset ``k``."""
        found = self.words.get(k)
        return (found or self._read(k))[1]

    def end(self, k: int) -> int:
        found = self.words.get(k)
        return (found or self._read(k))[0]

    def raw(self, k: int) -> str:
        return self.text[k:self.end(k)]

    def after(self, k: int) -> int | None:
        """The start of the word after the word at ``k`` (None at the end of the text)."""
        if k not in self._after:
            m = TOKEN.search(self.text, self.end(k))
            self._after[k] = m.start() if m is not None else None
        return self._after[k]

    def next_candidate(self, k: int) -> int | None:
        """The start of the scanner's next candidate word after the candidate ``k``."""
        return self._next.get(k)

    def title_before(self, k: int) -> int | None:
        """The start of the word before ``k`` if it is a title (titles are candidates)."""
        b = self.before(k)
        return b if b in self._candidates and self.word(b).title else None

    def before(self, k: int) -> int | None:
        """The start of the word before the word at ``k`` (None at the start of the text)."""
        if k not in self._before:
            scan, end = self.scan, k  # scan offset k is the character before the word
            while end > 0 and scan[end] == SPACE:
                end -= 1
            if end == 0:
                self._before[k] = None
            else:
                start = scan.rfind(SPACE, 0, end)
                if scan.find(SPECIAL, start, end) == -1:  # one token, as in the scan
                    self._before[k] = start
                else:
                    starts = _starts(self.text, start, end)
                    self._before[k] = starts[-1] if starts else None
        return self._before[k]

    def around(self, k: int, reach: int) -> tuple[list[int], int]:
        """Up to ``reach`` words on each side of word ``k``, in order, and where ``k`` is."""
        left: list[int] = []
        j: int | None = k
        while len(left) < reach and (j := self.before(j)) is not None:  # type: ignore[arg-type]
            left.append(j)
        right: list[int] = []
        j = k
        while len(right) < reach and (j := self.after(j)) is not None:
            right.append(j)
        return [*reversed(left), k, *right], len(left)

    def span(self, i: int, j: int) -> list[int]:
        """The words from ``i`` to ``j``."""
        out = [i]
        while out[-1] != j:
            out.append(self.after(out[-1]))  # type: ignore[arg-type]
        return out

    def covered(self, k: int) -> bool:
        return k in self._owner

    def add(self, span: list[int], mention: Mention) -> None:
        for k in span:
            self._owner[k] = span[0]
        self.found[span[0]] = mention

    def hold(self, i: int, spot: _Spot) -> None:
        """Keep word ``i`` for a one-word spelling that links only with context (pass 3)."""
        self._owner[i] = i
        self.held[i] = spot

    def release(self, i: int) -> None:
        """Free a held word that found no context."""
        del self._owner[i]

    def named(self) -> dict[str, Entity]:
        """Entities linked by a mention that needed no context (held words are not found): id → entity."""
        return {m.match.entity.id: m.match.entity for m in self.found.values()}


def _as_written_or_cut(word: Analysis) -> tuple[Reading, ...]:
    """The word as written, then its readings with an Arabic proclitic cut off (وجاريد → جاريد)."""
    return (Reading(0, 0, word.plain, ""), *word.cuts)


def _may_begin_name(word: Analysis) -> bool:
    """True for a word that may be part of a name before a surname: not a common word, not a
    title, longer than :data:`SHORT_WORD`."""
    return not (word.common or word.title or len(word.plain) <= SHORT_WORD)


def _in_context(match: Match, why: str, before: str, *, query: str | None = None) -> Match:
    """The match with one more evidence step: the context (``why``) that linked it."""
    return replace(match, query=match.query if query is None else query,
                   evidence=match.evidence + (Step("context", why, before, match.entity.id),))


def _titled(match: Match, title: str) -> Match:
    """A person's table spelling right after a title (राष्ट्रपति ट्रंप): the title is
    evidence, so a weak alias (a surname alone) counts as strong."""
    return replace(_in_context(match, "title-before", title), score=max(match.score, TABLE_SCORE["strong"]),
                   reason=match.reason + "; a title stands before it")


@functools.lru_cache(maxsize=SMALL_CACHE // 2)
def _spelling(alias: str) -> str:
    """A table spelling, cleaned (cached: the passes look at the same entities' spellings often)."""
    return clean(alias)


@functools.lru_cache(maxsize=SMALL_CACHE // 2)
def _spelling_forms(alias: str, lang: str) -> tuple[str, str]:
    """A table spelling cleaned, and without an Arabic article (as the index files it)."""
    cleaned = _spelling(alias)
    return cleaned, without_article(cleaned, alias, lang)


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


#: Two spellings of one name differ in at most this many skeleton consonants in length.
_SKELETON_SLACK = 2


def _close(a: TokenForm, b: TokenForm) -> bool:
    """Cheap test before a similarity: same first consonant, skeletons of similar length."""
    return a.skel[:1] == b.skel[:1] and abs(len(a.skel) - len(b.skel)) <= _SKELETON_SLACK

