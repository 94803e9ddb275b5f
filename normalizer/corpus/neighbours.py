"""Corpus mode, pass 2: spellings the table lacks, next to a word of a table name or after a title.

Accepts: the :class:`~normalizer.corpus.spotter.Spotter` and a
:class:`~normalizer.corpus.document.Document` after pass 1.
Guarantees: a distinctive word of some table name (अरास; carried by at most
:data:`MAX_ANCHOR_ENTITIES` entities, not a generic word) next to a word the table does
not know (एग्रालोव), or the words after a title, are resolved together by the core in
windows of at most :data:`WINDOW` free words — only after a cheap test that each unknown
word sounds like a word standing beside the anchor in one of the entity's spellings. The
match is kept when it clears the threshold, or, for a name word's own entity, when the
unknown word sounds like the entity's (:data:`~normalizer.corpus.sounds.NEIGHBOUR_BAR`,
:data:`~normalizer.corpus.sounds.NEIGHBOUR_SIM`). Adjectives of places are refused
(:func:`~normalizer.core.lexicons.is_adjective`).
Does not: take words already in a mention, common words or titles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from normalizer.core.lexicons import is_adjective
from normalizer.corpus.context import in_context
from normalizer.corpus.document import Document
from normalizer.corpus.sounds import NEIGHBOUR_BAR, NEIGHBOUR_SIM
from normalizer.corpus.words import SHORT_WORD, Analysis
from normalizer.model import Match, Mention

if TYPE_CHECKING:
    from normalizer.corpus.spotter import Spotter

#: The core resolves windows of at most this many words around a name word.
WINDOW = 3
#: A name word carried by more entities than this (Kim, Muhammad, New) anchors nothing.
MAX_ANCHOR_ENTITIES = 8


def neighbours_pass(sp: Spotter, doc: Document) -> None:
    """Pass 2: resolve windows around distinctive name words and after titles."""
    words = doc.words
    anchors = sorted({k for k in doc.interesting if words[k][1].name_word}
                     | {k for t in doc.interesting if words[t][1].title and (k := doc.after(t)) is not None})
    for i in anchors:
        word = doc.word(i)
        if word.common or doc.covered(i) or len(word.plain) <= SHORT_WORD:
            continue
        title = doc.title_before(i)
        after_title = (title is not None and doc.joined(title, i)
                       and sp.sounds.token(word.plain).key in sp.index.by_key)  # sounds like a table word
        entities = anchored(sp, word) if word.name_word else set()
        if not entities and not after_title:
            continue  # a generic word (पश्चिमी, "western"), a frequent one (Kim) or no name word
        partners = sp.sounds.partners(word, entities)
        seq, at = doc.around(i, WINDOW - 1)
        best: tuple[float, int, int, Match] | None = None
        for lo in range(max(0, at - WINDOW + 1), at + 1):
            for hi in range(at, min(len(seq), lo + WINDOW)):
                span = seq[lo:hi + 1]
                window = [doc.word(k) for k in span]
                if not after_title and all(w.name_word for w in window):
                    continue  # only table words (Kim Jong): pass 1 found no spelling, so no name
                if not free_run(doc, span):
                    continue
                if not after_title and not all(sp.sounds.sounds_like_any(w.plain, partners)
                                               for w in window if not w.name_word):
                    continue  # cheap test first: each unknown word must sound like a partner word
                match = window_match(sp, doc, span, window, after_title)
                if match is not None and (best is None or (match.score, hi - lo) > best[0:2]):
                    best = (match.score, hi - lo, lo, match)
        if best is not None:
            _, width, lo, match = best
            fuzzy(doc, seq[lo:lo + width + 1], match, "neighbours" if not after_title else "after-title")


def carriers(sp: Spotter) -> dict[str, set[int] | None]:
    """Word → the entities whose spellings hold it (None once more than :data:`MAX_ANCHOR_ENTITIES` do)."""
    out: dict[str, set[int] | None] = {}
    for form in sp.index.spellings:
        for word in form.cleaned.split():
            held = out.setdefault(word, set())
            if held is not None:
                held.add(form.entity)
                if len(held) > MAX_ANCHOR_ENTITIES:
                    out[word] = None
    return out


def anchored(sp: Spotter, word: Analysis) -> set[int]:
    """Entities a distinctive name word points to (none for generic or frequent words)."""
    out: set[int] = set()
    for r in word.readings:
        if r.cleaned in sp.generic_words:
            continue
        held = sp.carriers.get(r.cleaned)
        if held is None:
            return set()
        out |= held
    return out if len(out) <= MAX_ANCHOR_ENTITIES else set()


def window_match(sp: Spotter, doc: Document, span: list[int], window: list[Analysis],
                 after_title: bool) -> Match | None:
    """The match for the words of ``span``: the core's answer, or, next to a word of the
    entity, its best candidate whose other words sound like the unknown ones."""
    text = doc.text[span[0]:doc.end(span[-1])]
    threshold = sp.threshold
    for match in sp.core_candidates(text):
        if match.entity.type != "PER" and any(
                is_adjective(w.plain, (match.entity.name, *match.entity.aliases))
                for w in window if not w.name_word):
            continue  # उत्तर कोरियाई is "North Korean", not North Korea
        if after_title:
            return match if match.score >= threshold else None
        mine = sp.sounds.entity_words(match.entity)
        if not any(r.cleaned in mine for w in window for r in w.readings):
            continue  # the name word belongs to another entity
        if match.score >= threshold:
            return match
        e_idx = sp.index.entity_index(match.entity.id)
        if match.score >= NEIGHBOUR_BAR and all(sp.sounds.sounds_like(w.plain, {e_idx}, NEIGHBOUR_SIM)
                                                for w in window if not w.name_word):
            return match
    return None


def free_run(doc: Document, span: list[int]) -> bool:
    """True if the words of ``span`` are free (in no mention), no common word or title, and joined."""
    for n, k in enumerate(span):
        word = doc.word(k)
        if doc.covered(k) or word.common or word.title:
            return False
        if n and not doc.joined(span[n - 1], k):
            return False
    return True


def fuzzy(doc: Document, span: list[int], match: Match, why: str) -> None:
    """Add the mention of ``span`` with its match, unless it is written small in a text with capitals."""
    start, end = span[0], doc.end(span[-1])
    text = doc.text[start:end]
    if doc.uncased(text, match.alias):
        return
    doc.add(span, Mention(start, end, text, in_context(match, why, text, query=text)))
