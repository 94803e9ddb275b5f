"""Corpus mode, pass 3: what the document has named already.

Accepts: the :class:`~normalizer.corpus.spotter.Spotter`, a
:class:`~normalizer.corpus.document.Document` after passes 1 and 2, and the scanner's
candidate word starts.
Guarantees: a one-word spelling held in pass 1 (a common word or a short one: उन, शी) links
when a title stands before it or its entity is named elsewhere in the document; then,
once a person is named, another spelling of one of their words (मुसाएव after एलनूर
मुसायेव) links to them when the core ranks that person first among the named, at
:data:`DOCUMENT_BAR` of the threshold — not after another given name (Eric Musayeff).
Does not: link an entity the document has not named.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from normalizer.corpus.context import given_name_before, in_context
from normalizer.corpus.document import Document
from normalizer.corpus.exact import mention
from normalizer.corpus.sounds import PeopleWords
from normalizer.corpus.words import SHORT_WORD, Analysis, Reading, as_written_or_cut
from normalizer.model import Entity, Match, Mention

if TYPE_CHECKING:
    from normalizer.corpus.spotter import Spotter

#: Pass 3 accepts a candidate at this fraction of the threshold (the document has named it).
DOCUMENT_BAR = 0.6


def named_pass(sp: Spotter, doc: Document, starts: list[int]) -> None:
    """Pass 3: settle held one-word mentions, then other spellings of named people."""
    named = doc.named()
    for i, spot in doc.held.items():
        titled = doc.title_before(i) is not None
        if sp.index.entities[spot.entity].id in named or titled:
            held = mention(sp, doc, spot)
            why = "title-before" if titled else "named-in-document"
            doc.found[i] = replace(held, match=in_context(held.match, why, held.text))
        else:
            doc.release(i)
    people = {sp.index.entity_index(k) for k, e in named.items() if e.type == "PER"}
    if not people:
        return
    heads = {w[:2] for e in people for w, _, _ in sp.sounds.entity_forms(e) if len(w) > 2}
    forms = sp.sounds.people_forms(people)
    bar = sp.threshold * DOCUMENT_BAR
    hits: dict[str, tuple[Reading, Match] | None] = {}
    for k in sp.words.scanner.beginning(doc.scan, heads, starts, longer=SHORT_WORD + 1):  # shorter: not `other`
        word = doc.word(k)
        if not word.other or doc.covered(k) or not any(h in heads for h in word.heads2):
            continue
        raw = doc.raw(k)
        if raw not in hits:
            hits[raw] = other_spelling(sp, raw, word, heads, forms, named, bar)
        found = hits[raw]
        if found is not None:
            reading, match = found
            start, end = k + reading.cut_start, doc.end(k)
            text = doc.text[start:end]
            if doc.uncased(text, match.alias) or given_name_before(sp, doc, k, match.entity.id):
                continue
            doc.add([k], Mention(start, end, text, in_context(match, "named-in-document", text, query=text)))


def other_spelling(sp: Spotter, raw: str, word: Analysis, heads: set[str], forms: PeopleWords,
                   named: dict[str, Entity], bar: float) -> tuple[Reading, Match] | None:
    """A reading of ``raw`` that the core ranks as a named person, with the match."""
    for reading in as_written_or_cut(word):
        if reading.cleaned[:2] not in heads or not sp.sounds.alike_any(reading.cleaned, forms):
            continue
        match = next((m for m in sp.core_candidates(raw[reading.cut_start:])
                      if m.entity.id in named and m.entity.type == "PER" and m.score >= bar), None)
        if match is not None:
            return reading, match
    return None
