"""Corpus mode, context rules: what the words around a table spelling say about it.

Accepts: the :class:`~normalizer.corpus.spotter.Spotter` and a
:class:`~normalizer.corpus.document.Document`; word offsets of the document.
Guarantees: each rule answers for one kind of neighbour — a title or a generic word that a
``context`` alias needs (:func:`context_before`); a word before a person's surname that
makes one name with it or names another person (:func:`name_before`); initials before or
after it (:func:`initial_before`, :func:`initials_after`); a generational suffix after it
(:func:`suffix_after`, :func:`someone_else`); a listed given name before another spelling
of a named person (:func:`given_name_before`). A rule that takes words into a mention asks
the core and adds the mention to the document itself; the step it adds to the evidence
is one of the ``context`` ids of :data:`~normalizer.core.evidence.FIXED_IDS`.
Does not: find table spellings (pass 1 does) nor resolve windows (pass 2 does).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from normalizer.core.decide import TABLE_SCORE
from normalizer.core.key import Token
from normalizer.core.lexicons import is_given_name, is_name_suffix, letter_names
from normalizer.core.similarity import is_initials, stands_for
from normalizer.corpus.document import Document
from normalizer.corpus.words import SHORT_WORD, as_written_or_cut, may_begin_name
from normalizer.model import Entity, Match, Mention, Step

if TYPE_CHECKING:
    from normalizer.corpus.spotter import Spotter

#: What stands between a given name and the surname after it: spaces only.
_SPACES = re.compile(r"[ \t\u00a0]+")
#: What follows a middle initial: a dot and spaces (Donald J. Trump).
_INITIAL_GAP = re.compile(r"\.[ \t\u00a0]+")
#: What follows an initial before another initial or a surname: a dot, spaces or none (एम.एस.).
_DOTTED = re.compile(r"\.[ \t\u00a0]*")


def context_before(sp: Spotter, doc: Document, i: int, person: bool) -> int | None:
    """The start of the context a ``context`` alias at word ``i`` needs, if it is there:
    for a person, a title of one or more words (رئیس جمهور) right before it, or before a
    place word right before it (الرئيس البرازيلي لولا); for anything else, a generic word
    that names a kind of place right before it (کشور مالی, "the country Mali"; not "of":
    :func:`~normalizer.core.affixes.context_designators`)."""
    if not person:
        b = doc.before(i)
        ok = b is not None and doc.joined(b, i) and doc.word(b).plain in sp.context_words
        return b if ok else None
    t = title_ending_at(sp, doc, i)
    if t is not None:
        return t
    b = doc.before(i)
    if b is None or not doc.joined(b, i) or not sp.index.place_word(doc.word(b).plain):
        return None
    return title_ending_at(sp, doc, b)


def title_ending_at(sp: Spotter, doc: Document, k: int) -> int | None:
    """The start of a title whose last word stands right before word ``k``."""
    words: list[str] = []
    for _ in range(sp.words.title_length):
        b = doc.before(k)
        if b is None or not doc.joined(b, k):
            return None
        words.insert(0, doc.word(b).plain)
        if " ".join(words) in sp.words.title_phrases:
            return b
        k = b
    return None


def name_before(sp: Spotter, doc: Document, i: int, entity: int, end: int) -> bool | None:
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
    if not prev.common and read_from(sp, doc, b, i, entity, end):
        return True
    b2 = doc.before(b)
    if (k == i and b2 is not None and _SPACES.fullmatch(doc.text[doc.end(b2):b]) and may_begin_name(doc.word(b2))
            and read_from(sp, doc, b2, i, entity, end)):
        return True  # over a middle name, which may also be a common word: Jared Corey Kushner, جاريد كوري كوشنر
    if prev.common:
        return None
    if any(is_given_name(r.cleaned) for r in as_written_or_cut(prev)):
        return False
    return None


def initial_before(sp: Spotter, doc: Document, i: int, entity: int, end: int) -> bool | None:
    """A word of a person's name (Агаларов) right after an initial and its dot (Э.).

    When the core reads the words as a person, at or above the threshold, and the initial
    fits that person, the mention takes the initials (one to three: В.В. Путин, एम.एस.
    धोनी) and links that person, who may be another of the name (Э. Агаларов is Emin,
    А. Агаларов Aras): True. When the initial stands for the first word of none of the
    person's spellings of two or more words (И. Трамп), it names someone else: False —
    but not for a letter written by its name (के. मोदी), which may be a word ending the
    sentence before (वह आई. ट्रंप ने …): None. Otherwise (no spelling to judge by) None.
    """
    b = initial_at(doc, doc.before(i), i)
    if b is None:
        return None
    start = b
    for _ in range(2):  # initials before it too: А. В. Путин, एम.एस. धोनी
        a = initial_at(doc, doc.before(start), start)
        if a is None:
            break
        start = a
    text = doc.text[start:end]
    initial = sp.sounds.token(doc.word(start).plain.split()[0])  # the first: M of एम.एस. धोनी
    match = next(iter(sp.core_candidates(text)), None)
    if (match is not None and match.entity.type == "PER" and match.score >= sp.threshold
            and fits(sp, initial, match.entity) is not False):
        doc.add(doc.span(start, i), Mention(start, end, text, in_context(match, "initial-before", text, query=text)))
        return True
    if fits(sp, initial, sp.index.entities[entity]) is not False or initial.text in letter_names():
        return None  # (a letter's name is also a word — आई "came", जी — that may end a sentence)
    return False


def initials_after(sp: Spotter, doc: Document, i: int, j: int) -> bool:
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
        if not (joined and dotted and initials_word(doc, a)):
            break
        k = last = a
        first = first if first is not None else a
    if first is None or last is None:
        return False
    stop = doc.end(last) + (1 if doc.text.startswith(".", doc.end(last)) else 0)
    text = doc.text[i:stop]
    match = next(iter(sp.core_candidates(text)), None)
    initial = sp.sounds.token(doc.word(first).plain.split()[0])
    if (match is None or match.entity.type != "PER" or match.score < sp.threshold
            or fits(sp, initial, match.entity) is not True):
        return False
    doc.add(doc.span(i, last), Mention(i, stop, text, in_context(match, "initials-after", text, query=text)))
    return True


def initials_word(doc: Document, k: int) -> bool:
    """True if the word at ``k`` may be initials: not a title, each part an initial, and
    a Latin or Cyrillic initial written as a capital (в. is "century", not V.)."""
    word = doc.word(k)
    if word.title or not word.plain or not all(is_initials(w) for w in word.plain.split()):
        return False
    return not doc.raw(k)[:1].islower()


def fits(sp: Spotter, initial: Token, person: Entity) -> bool | None:
    """Whether an initial stands for the first word of one of the person's spellings of
    two or more words (None: the table has no such spelling to judge by)."""
    firsts = {words[0] for a in (person.name, *person.aliases) if len(words := sp.sounds.spelling(a).split()) > 1}
    if not firsts:
        return None
    return any(stands_for(initial, sp.sounds.token(w)) for w in firsts)


def initial_at(doc: Document, b: int | None, k: int) -> int | None:
    """``b`` if the word there is an initial (or initials: В.В.) with its dot, right
    before the word at ``k``, and not already in a mention; else None."""
    if b is None or doc.covered(b):
        return None
    gap = doc.text[doc.end(b):k]
    if not (_DOTTED.fullmatch(gap) or (doc.raw(b).endswith(".") and _SPACES.fullmatch(gap))):
        return None
    return b if initials_word(doc, b) else None


def read_from(sp: Spotter, doc: Document, b: int, i: int, entity: int, end: int) -> bool:
    """Link the words from ``b`` to the end of word ``i`` as one mention if word ``b`` (or
    a reading of it without its proclitic) sounds like a word of the person and the core
    reads the whole as that person."""
    prev = doc.word(b)
    target = sp.index.entities[entity].id
    for r in as_written_or_cut(prev):
        if not sp.sounds.sounds_like(r.cleaned, {entity}):
            continue
        start = b + r.cut_start
        text = doc.text[start:end]
        match = next(iter(sp.core_candidates(text)), None)
        if match is not None and match.entity.id == target and match.score >= sp.threshold:
            doc.add(doc.span(b, i), Mention(start, end, text, in_context(match, "name-before", text, query=text)))
            return True
    return False


def suffix_after(doc: Document, j: int) -> int | None:
    """The start of a generational suffix (Jr, الابن, младший) right after word ``j``, if any."""
    a = doc.after(j)
    if a is None or not _SPACES.fullmatch(doc.text[doc.end(j):a]):
        return None
    return a if is_name_suffix(doc.word(a).plain) else None


def someone_else(sp: Spotter, doc: Document, i: int, start: int, suffix: int) -> None:
    """A person's spelling followed by a suffix the table's spelling lacks (Трамп младший,
    Vladimir Putin Jr.): the words with the suffix name another person. Linked when the
    core resolves them to a spelling that has this very suffix; otherwise nothing is
    linked (सीनियर, "senior", reads like जूनियर, "junior")."""
    end = doc.end(suffix)
    text = doc.text[start:end]
    match = next(iter(sp.core_candidates(text)), None)
    if (match is None or match.score < sp.threshold
            or doc.word(suffix).plain not in sp.sounds.spelling(match.alias).split()):
        return
    doc.add(doc.span(i, suffix), Mention(start, end, text, in_context(match, "suffix-after", text, query=text)))


def given_name_before(sp: Spotter, doc: Document, k: int, entity_id: str) -> bool:
    """True if a listed given name that is not a word of the person stands right before
    word ``k``: Eric Musayeff, after Alnur Musayev was named, is someone else."""
    b = doc.before(k)
    if b is None or not _SPACES.fullmatch(doc.text[doc.end(b):k]):
        return False
    prev = doc.word(b)
    readings = as_written_or_cut(prev)
    entity = sp.index.entity_index(entity_id)
    return (any(is_given_name(r.cleaned) for r in readings)
            and not any(sp.sounds.sounds_like(r.cleaned, {entity}) for r in readings))


def in_context(match: Match, why: str, before: str, *, query: str | None = None) -> Match:
    """The match with one more evidence step: the context that linked it (``why``, a
    ``context`` id of :data:`~normalizer.core.evidence.FIXED_IDS`)."""
    return replace(match, query=match.query if query is None else query,
                   evidence=match.evidence + (Step("context", why, before, match.entity.id),))


def titled(match: Match, title: str) -> Match:
    """A person's table spelling right after a title (राष्ट्रपति ट्रंप): the title is
    evidence, so a weak alias (a surname alone) counts as strong."""
    return replace(in_context(match, "title-before", title), score=max(match.score, TABLE_SCORE["strong"]),
                   reason=match.reason + "; a title stands before it")
