"""Corpus mode — find and link every mention of a table entity in running text.

Accepts: a :class:`~normalizer.core.resolver.Resolver` (its table, index and config) and any ``str``.
Guarantees: mentions are in text order, never overlap, start and end on word boundaries
of the caller's original string (``text[start:end] == mention.text``, also with
combining marks, ZWJ/ZWNJ and CRLF), and leave out Arabic proclitics (بترامب → ترامب),
Hindi postpositions (separate words) and titles. Words are not visited one by one:
:mod:`~normalizer.corpus.scan` finds, in compiled code, the words that may be a table word
or a title; only those are analysed (:mod:`~normalizer.corpus.words`, each distinct word
once) and their neighbours are read from the text only when a pass needs them
(:mod:`~normalizer.corpus.document`). Three passes:

1. :mod:`~normalizer.corpus.exact` — table spellings, longest first, settled by the
   context rules of :mod:`~normalizer.corpus.context`;
2. :mod:`~normalizer.corpus.neighbours` — spellings the table lacks next to a distinctive
   word of a table name or after a title, resolved by the core;
3. :mod:`~normalizer.corpus.named` — held one-word spellings and other spellings of the
   people the document has named.

Does not: resolve every word with the core (too slow and too loose); that happens only
next to evidence (passes 2 and 3).
"""

from __future__ import annotations

from typing import Any

from normalizer.caches import Memo
from normalizer.config import CORE_CACHE, SMALL_CACHE
from normalizer.core.lexicons import context_designators, designators
from normalizer.core.resolver import Resolver
from normalizer.corpus.document import Document
from normalizer.corpus.exact import exact_pass
from normalizer.corpus.named import named_pass
from normalizer.corpus.neighbours import carriers, neighbours_pass
from normalizer.corpus.scan import TOKEN
from normalizer.corpus.sounds import Sounds
from normalizer.corpus.words import Words
from normalizer.model import Match, Mention


class Spotter:
    """The corpus-mode engine of one Resolver (built on first use, read-only afterwards)."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.index = resolver.index
        self.threshold = resolver.config.threshold
        self.words = Words(self.index)
        self.sounds = Sounds(self.index)
        # word → entities whose spellings hold it (None once more than MAX_ANCHOR_ENTITIES do)
        self.carriers = carriers(self)
        self.generic_words = {w for form in designators() for w in form}
        self.context_words = {form[0] for form in context_designators() if len(form) == 1}
        self.core: Memo[str, list[Match]] = Memo(CORE_CACHE)
        self.decided: Memo[tuple[str, str], tuple[int, int] | None] = Memo(SMALL_CACHE)
        self.matches: Memo[tuple[int, str, tuple[str, ...]], Match] = Memo(SMALL_CACHE)
        self.phrase_langs: Memo[tuple[int, str], frozenset[str]] = Memo(SMALL_CACHE)
        self.entity_langs: Memo[int, frozenset[str]] = Memo(SMALL_CACHE)

    def memos(self) -> list[Memo[Any, Any]]:
        """Every memo this spotter owns (word analyses, decisions, matches, sound-alike tests)."""
        return [self.words.memo, *self.sounds.memos(), self.core, self.decided, self.matches, self.phrase_langs,
                self.entity_langs]

    def clear(self) -> None:
        """Forget every memoised answer."""
        for memo in self.memos():
            memo.clear()

    def core_candidates(self, text: str) -> list[Match]:
        """The core's three best candidates for ``text`` (memoised)."""
        return self.core.get(text, lambda: self.resolver.candidates(text, limit=3))

    def annotate(self, text: str) -> list[Mention]:
        """Return the mentions in ``text`` (see the module contract)."""
        if not isinstance(text, str):
            if isinstance(text, (bytes, bytearray)):
                raise TypeError("expected str, got bytes: decode it first (e.g. data.decode('utf-8'))")
            raise TypeError(f"expected str, got {type(text).__name__}")
        scan, starts = self.words.scanner.scan(text)
        if not starts:
            return []
        doc = Document(self.words, text, scan, starts)
        words, interesting, match = doc.words, doc.interesting, TOKEN.match
        cached, analyse = self.words.memo.peek, self.words.analyse
        for k in starts:  # the hot loop of corpus mode: one regex match and one dict lookup per candidate
            m = match(text, k)
            if m is None:
                continue  # a symbol, not a word, that the scan marked
            raw = m.group()
            word = cached(raw) or analyse(raw)
            words[k] = (m.end(), word)
            if word.interesting:
                interesting.append(k)
        if not interesting:
            return []
        exact_pass(self, doc)
        neighbours_pass(self, doc)
        named_pass(self, doc, starts)
        return [doc.found[k] for k in sorted(doc.found)]
