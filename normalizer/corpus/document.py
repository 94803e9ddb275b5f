"""Corpus mode, the document: the words of one text the passes look at, and the mentions found so far.

Accepts: a text, its encoding by :mod:`normalizer.corpus.scan` and the scanner's candidate
word starts.
Guarantees: words are read from the text on demand (a word, the one before or after it)
and analysed by :class:`~normalizer.corpus.words.Words`; a word belongs to at most one
mention (:meth:`Document.add`) or is held for a one-word spelling that needs context
(:meth:`Document.hold`); :meth:`Document.joined` says what may stand between two words of
one name.
Does not: decide anything about names (the passes do).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from normalizer.core.lexicons import arabic_script_language
from normalizer.corpus.scan import SPACE, SPECIAL, TOKEN
from normalizer.corpus.scan import tokens as starts_between
from normalizer.corpus.words import NOTHING, Analysis, Reading, Words
from normalizer.model import Entity, Mention

#: What may stand between two words of one name: spaces, one line break, hyphens, a dot
#: after an initial or abbreviation, an apostrophe.
_JOIN = re.compile(r"[ \t\u00a0\u200c\u200d\-\u2010-\u2013'’]{1,3}|[ \t]*\r?\n[ \t]*|\.[ \t]?")
#: A dot joins two words only after a word this short (an initial, "Mr").
_DOT_AFTER = 3
_CAPITAL = re.compile("[A-ZÀ-ÖØ-ÞА-ЯЁ]")
_SMALL = re.compile("[a-zß-öø-ÿа-яё]")


class Spot(NamedTuple):
    """A table spelling found in pass 1, before its match is made."""

    start: int          # the mention, without a proclitic or case ending cut off
    end: int
    first: int          # the start of its first word as written (with a proclitic) …
    words_end: int      # … and the end of its last (with a case ending or possessive)
    entity: int
    spelling: int       # the spelling met (index.spellings)
    read: tuple[Reading, ...]  # how each word was read
    phrase: str
    title: str | None  # the title right before it, if any


class Document:
    """The words of one text that the passes have looked at, by start offset, and the
    mentions found so far (by the start offset of their first word).

    ``scan`` is the text's encoding by :mod:`normalizer.corpus.scan` (offset + 1 = text offset).
    """

    def __init__(self, words: Words, text: str, scan: bytes, starts: list[int]) -> None:
        self._analyse = words.analyse
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
        self.held: dict[int, Spot] = {}
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
        found = self.words[k] = (m.end(), self._analyse(m.group())) if m is not None else (k, NOTHING)
        return found

    def word(self, k: int) -> Analysis:
        """The analysis of the word that starts at offset ``k``."""
        found = self.words.get(k)
        return (found or self._read(k))[1]

    def end(self, k: int) -> int:
        """The end of the word that starts at offset ``k``."""
        found = self.words.get(k)
        return (found or self._read(k))[0]

    def raw(self, k: int) -> str:
        """The word that starts at offset ``k``, as written."""
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
                    starts = starts_between(self.text, start, end)
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

    def joined(self, i: int, j: int) -> bool:
        """True if word ``j``, right after word ``i``, may continue a name begun with ``i``."""
        gap = self.text[self.end(i):j]
        if not _JOIN.fullmatch(gap):
            return False
        return "." not in gap or self.end(i) - i <= _DOT_AFTER

    def uncased(self, text: str, alias: str) -> bool:
        """True if ``text`` is written all in small letters where its table spelling has a
        capital, in a text that uses capitals (Latin or Cyrillic): an ordinary word there
        ("his trump card", "the kremlin of Kazan"), not the name. A text with no capital
        letter at all (a lower-cased corpus) says nothing."""
        return (self.cased and any(c.islower() for c in text) and not any(c.isupper() for c in text)
                and any(c.isupper() for c in alias))  # (Arabic and Devanagari letters have no case)

    def capitals(self, i: int, text: str, alias: str) -> bool:
        """True if ``text`` (the word at ``i``) is an acronym the table writes in capitals,
        written so next to a word with small letters (The UK, the UN and the US said): the
        acronym, not the common word (us, un) it is spelled like. Among words all in
        capitals (LET US GO) it says nothing."""
        if not (len(text) >= 2 and text.isupper() and alias.isupper()):
            return False
        return any(k is not None and _SMALL.search(self.raw(k)) for k in (self.before(i), self.after(i)))

    def covered(self, k: int) -> bool:
        """True if the word at ``k`` is part of a mention, or held for one."""
        return k in self._owner

    def add(self, span: list[int], mention: Mention) -> None:
        """Record a mention over the words of ``span``."""
        for k in span:
            self._owner[k] = span[0]
        self.found[span[0]] = mention

    def hold(self, i: int, spot: Spot) -> None:
        """Keep word ``i`` for a one-word spelling that links only with context (pass 3)."""
        self._owner[i] = i
        self.held[i] = spot

    def release(self, i: int) -> None:
        """Free a held word that found no context."""
        del self._owner[i]

    def named(self) -> dict[str, Entity]:
        """Entities linked by a mention that needed no context (held words are not found): id → entity."""
        return {m.match.entity.id: m.match.entity for m in self.found.values()}
