"""Corpus mode, words: what the spotter knows about one distinct word, and which words to scan for.

Accepts: the core's :class:`~normalizer.core.index.Index` (its table spellings, cleaned).
Guarantees: :class:`Words` holds the scanner's word list — every word of a table spelling
(an Arabic-script one also with each proclitic before it, or as a word ending; a Cyrillic
one with any case ending) and the one-word titles — and :meth:`Words.analyse` tells, once
per distinct word as written (a bounded memo in two generations), its readings that are
words of table spellings (as written, with an Arabic proclitic cut off, a Russian case
ending read off, an English possessive dropped, a Persian ZWNJ compound spaced), whether
it is a common word, a title, or may be another spelling of a named person.
Does not: look at a word's neighbours (see :mod:`normalizer.corpus.document`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from normalizer.caches import Memo
from normalizer.config import WORD_CACHE
from normalizer.core.affixes import clitic_readings
from normalizer.core.clean import clean
from normalizer.core.index import Index
from normalizer.core.lexicons import alternates, is_stopword, postpositions, proclitics, titles
from normalizer.core.scripts import dominant_script
from normalizer.corpus.scan import TOKEN, Scanner

#: A one-word table spelling this short links only with context (शी, ли).
SHORT_WORD = 2
#: An Arabic-script table word at least this long is scanned for as a word ending (after
#: at most the longest proclitic); a shorter one with each proclitic spelled out.
SCAN_SUFFIX = 5
#: English possessive endings read off a Latin word (Trump's).
POSSESSIVES = ("'s", "’s")
_ZWNJ = "\u200c"


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a word: ``cleaned`` from ``raw[cut_start:len(raw) - cut_end]``, by rule ``rule_id``."""

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


#: The analysis of a token that is no word.
NOTHING = Analysis("", (), (), False, True, False, False, False, (), ())


class Words:
    """The words of one index's table spellings, and the analyses of words of running text."""

    def __init__(self, index: Index) -> None:
        self.prefixes: set[str] = set()    # every beginning of a table spelling, in whole words
        self.name_words: set[str] = set()  # every word of a table spelling
        for phrase in index.exact:
            parts = phrase.split()
            self.name_words.update(parts)
            for k in range(1, len(parts) + 1):
                self.prefixes.add(" ".join(parts[:k]))
        self.title_phrases = {" ".join(t) for t, position, _ in titles() if position == "before"}
        self.title_words = {t for t in self.title_phrases if " " not in t}
        self.title_length = max((t.count(" ") + 1 for t in self.title_phrases), default=0)
        self.post_words = {" ".join(p) for p, _ in postpositions()}
        self.case_rules = [(rid, pat, rep) for rid, pat, rep in alternates() if rid.startswith("ru.case.")]
        self.memo: Memo[str, Analysis] = Memo(WORD_CACHE)
        self.scanner = self._scanner()

    def _scanner(self) -> Scanner:
        """An automaton for the words that may be interesting: table words (with each
        proclitic before a short Arabic-script one, or any short lead before a longer one;
        Cyrillic ones with any case ending) and one-word titles."""
        forms = [form for form, _ in proclitics()]
        whole = set(self.name_words) | self.title_words
        prefixes: set[str] = set()
        suffixes: set[str] = set()
        for word in self.name_words:
            script = dominant_script(word)
            if script == "Arab":
                if len(word) >= SCAN_SUFFIX:
                    suffixes.add(word)
                else:
                    whole.update(form + word for form in forms)
            elif script == "Cyrl":
                prefixes.update(word[:len(word) - len(rep)] for _, _, rep in self.case_rules if word.endswith(rep))
        return Scanner(whole, prefixes, suffixes, max_lead=max(map(len, forms), default=0))

    def analyse(self, raw: str) -> Analysis:
        """Return the (memoised) analysis of one word as written."""
        return self.memo.get(raw, lambda: self._analyse(raw))

    def _analyse(self, raw: str) -> Analysis:
        plain = clean(raw)
        if not plain:
            return NOTHING
        common = is_stopword(plain) or plain in self.post_words
        options = [Reading(0, 0, plain, "")]
        script = dominant_script(plain)
        if script == "Arab" and not common:
            for stem, rule_id in clitic_readings(plain):
                cut = raw_cut(raw, stem)
                if cut:
                    options.append(Reading(cut, 0, stem, rule_id))
        elif script == "Cyrl":
            for rule_id, pattern, replace in self.case_rules:
                alt = pattern.sub(replace, plain)
                if alt != plain:
                    options.append(Reading(0, 0, alt, rule_id))
        elif script == "Latn":
            for ending in POSSESSIVES:
                if raw.endswith(ending) and len(raw) > len(ending) + 1:
                    options.append(Reading(0, len(ending), clean(raw[:-len(ending)]), "en.possessive"))
        if _ZWNJ in raw:  # a Persian compound written with a zero-width non-joiner (پیونگ‌یانگ)
            spaced = " ".join(p for p in map(clean, raw.split(_ZWNJ)) if p)
            if spaced in self.prefixes:
                options.append(Reading(0, 0, spaced, "zwnj-as-space"))
        readings = tuple(r for r in options if r.cleaned in self.name_words or r.cleaned in self.prefixes)
        heads = tuple(r for r in readings if r.cleaned in self.prefixes)
        cuts = tuple(r for r in options if r.cut_start)
        title = plain in self.title_words
        name_word = bool(readings)
        other = not (name_word or common or title or len(plain) <= SHORT_WORD + 1)
        heads2 = tuple(dict.fromkeys(r.cleaned[:2] for r in options if r.cut_start == 0 or r.rule_id.startswith("ar.")))
        return Analysis(plain, readings, heads, name_word, common, title, name_word or title, other, heads2, cuts)


def as_written_or_cut(word: Analysis) -> tuple[Reading, ...]:
    """The word as written, then its readings with an Arabic proclitic cut off (وجاريد → جاريد)."""
    return (Reading(0, 0, word.plain, ""), *word.cuts)


def may_begin_name(word: Analysis) -> bool:
    """True for a word that may be part of a name before a surname: not a common word, not a
    title, longer than :data:`SHORT_WORD`."""
    return not (word.common or word.title or len(word.plain) <= SHORT_WORD)


def raw_cut(raw: str, stem: str) -> int:
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
