"""Corpus mode, pass 1: table spellings in running text, longest first, gated by context.

Accepts: the :class:`~normalizer.corpus.spotter.Spotter` and a
:class:`~normalizer.corpus.document.Document` whose candidate words are read.
Guarantees: over cleaned words joined by spaces, hyphens or dots (किम जोंग-उन = किम जोंग उन),
with an Arabic proclitic cut off the first word and a Russian case ending read off any
word, the longest table spelling at each word is taken; which entity it names is decided
once per spelling and Arabic-script language (:func:`decide`); then the context rules of
:mod:`normalizer.corpus.context` settle it — a ``context`` alias only after its title or
generic word, an adjective agreeing with the word before is no name, a name written small
in a text with capitals is no name, a person's spelling followed by a generational suffix
names someone else, a surname after an unknown word or initials takes them in. A one-word
spelling that is a common word or at most :data:`~normalizer.corpus.words.SHORT_WORD`
letters is held for pass 3 (it needs a title or the document's say-so), unless it is an
acronym the table writes in capitals next to small letters.
Does not: link a spelling the table lacks (passes 2 and 3 do).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from normalizer.core.clean import clean
from normalizer.core.index import without_article
from normalizer.core.lexicons import ARABIC_SCRIPT_LANGS, NO_PROCLITIC_LANGS, agrees
from normalizer.corpus.context import (
    context_before,
    initial_before,
    initials_after,
    name_before,
    someone_else,
    suffix_after,
    titled,
)
from normalizer.corpus.document import Document, Spot
from normalizer.corpus.words import SHORT_WORD, Reading
from normalizer.model import Mention, Step

if TYPE_CHECKING:
    from normalizer.corpus.spotter import Spotter


def exact_pass(sp: Spotter, doc: Document) -> None:
    """Pass 1: link (or hold for context) the table spellings of the document, longest first."""
    exact, words, prefixes = sp.index.exact, doc.words, sp.words.prefixes
    after = 0  # text before this offset is taken
    for i in doc.interesting:
        first = words[i][1]
        if i < after or not first.heads:
            continue
        # words, -cut, the words' readings, phrase, last word
        best: tuple[int, int, tuple[Reading, ...], str, int] | None = None
        for head in first.heads:
            states: list[tuple[str, tuple[Reading, ...]]] = [(head.cleaned, (head,))]
            j, count = i, 1
            while states:
                for phrase, read in states:
                    if phrase in exact:
                        key = (count, -head.cut_start - read[-1].cut_end)
                        if best is None or key > best[:2]:
                            best = (key[0], key[1], read, phrase, j)
                nxt = doc.next_candidate(j)  # a word of a table name is a candidate
                if nxt is None or not doc.joined(j, nxt):
                    break
                j, count = nxt, count + 1
                readings = [r for r in doc.word(j).readings if r.cut_start == 0]
                states = [(phrase, (*read, r)) for p, read in states for r in readings
                          if (phrase := f"{p} {r.cleaned}") in prefixes]
        if best is None:
            continue
        _, _, read, phrase, j = best
        if stated(sp, doc, i, j, read, phrase):
            after = doc.end(j)


def stated(sp: Spotter, doc: Document, i: int, j: int, read: tuple[Reading, ...], phrase: str) -> bool:
    """Settle the table spelling ``phrase`` found over words ``i`` to ``j`` (read so, word by
    word); True if its words are taken."""
    head, last = read[0], read[-1]
    lang = doc.lang if _arabic(phrase) else ""
    if head.cut_start and lang in NO_PROCLITIC_LANGS:
        return False  # Arabic proclitics are Arabic grammar: Urdu لگنے ("to begin") is not ل + گنے (Guinea)
    chosen = sp.decided.get((phrase, lang), lambda: decide(sp, phrase, lang))
    if chosen is None:
        return False  # the table gives this spelling to several entities: ambiguous
    entity, form = chosen
    ent = sp.index.entities[entity]
    first = doc.word(i)
    person = ent.type == "PER"
    context_only = sp.index.spellings[form].context_only
    title = (context_before(sp, doc, i, person) if context_only
             else doc.title_before(i) if person else None)
    if context_only and title is None:
        return False  # an ordinary word (لولا "were it not", مالی "financial") out of context
    if not person and i == j and not head.cut_start and (before := doc.before(i)) is not None:
        prev = doc.word(before)
        if not prev.common and agrees(head.cleaned, prev.plain, (ent.name, *ent.aliases)):
            return False  # an adjective agreeing with the word before: روسية after a feminine noun
    start = i + head.cut_start
    end = doc.end(j) - last.cut_end
    if doc.uncased(doc.text[start:end], sp.index.spellings[form].alias):
        return False  # "his trump card": a name written small in a text that capitalises
    if person and (suffix := suffix_after(doc, j)) is not None:
        someone_else(sp, doc, i, start, suffix)
        return True  # the words are taken either way: Putin in "Vladimir Putin Jr." is not Putin
    if person and i == j and len(phrase.split()) < len(sp.sounds.spelling(ent.name).split()):
        after_name = name_before(sp, doc, i, entity, end)
        if after_name is None:
            after_name = initial_before(sp, doc, i, entity, end)
        if after_name is None and start == i:
            after_name = initials_after(sp, doc, i, j) or None
        if after_name is not None:
            return after_name
    # (a place's generic word gates a context alias but is no title)
    joined = title is not None and person and (context_only or doc.joined(title, i))
    titled_by = doc.word(title).plain if joined and title is not None else None
    spot = Spot(start, end, i, doc.end(j), entity, form, read, phrase, titled_by)
    if (i == j and not context_only and (first.common or len(head.cleaned) <= SHORT_WORD
                                       or head.cleaned in sp.words.post_words)
            and not doc.capitals(i, doc.text[start:end], sp.index.spellings[form].alias)):
        doc.hold(i, spot)  # needs context: settled (and its match made) in pass 3
    else:
        doc.add(doc.span(i, j), mention(sp, doc, spot))
    return True


def mention(sp: Spotter, doc: Document, spot: Spot) -> Mention:
    """The mention of a table spelling found in pass 1, its match made by the core
    (:meth:`~normalizer.core.resolver.Resolver.stated`, memoised): the words as written are
    its query, and each word's cut (a proclitic, a case ending) a step of its evidence, as
    ``resolve`` of the same words gives them."""
    query = doc.text[spot.first:spot.words_end]
    key = (spot.spelling, query, tuple(r.rule_id for r in spot.read))
    match = sp.matches.get(key, lambda: sp.resolver.stated(query, spot.spelling, cut_steps(query, spot)))
    if spot.title is not None:
        match = titled(match, spot.title)
    return Mention(spot.start, spot.end, doc.text[spot.start:spot.end], match)


def cut_steps(query: str, spot: Spot) -> tuple[Step, ...]:
    """The steps from the cleaned words as written to the table spelling: one per word read
    another way (a proclitic cut off, a case ending read off), each over the whole phrase."""
    current = clean(query).split()
    if len(current) != len(spot.read):  # (words joined by a character that cleaning keeps)
        current = [r.cleaned for r in spot.read]
    steps = []
    for w, r in enumerate(spot.read):
        if r.rule_id and current[w] != r.cleaned:
            before = " ".join(current)
            current[w] = r.cleaned
            steps.append(Step("affix", r.rule_id, before, " ".join(current)))
    return tuple(steps)


def decide(sp: Spotter, phrase: str, lang: str) -> tuple[int, int] | None:
    """The entity and form a table spelling names in a document of ``lang`` (None: ambiguous)."""
    index = sp.index
    forms = usable(sp, index.exact[phrase], lang)
    strong = {index.spellings[f].entity for f in forms if not index.spellings[f].weak}
    pool = strong or {index.spellings[f].entity for f in forms}
    if len(pool) != 1:
        return None
    entity = next(iter(pool))
    form = next(f for f in forms if index.spellings[f].entity == entity and (not strong or not index.spellings[f].weak))
    return entity, form


def usable(sp: Spotter, forms: list[int], lang: str) -> list[int]:
    """Drop spellings of another Arabic-script language when the entity has one in ``lang``.

    Persian روسیه (Russia) cleans like Arabic روسية (Russian, feminine) and Urdu روس
    (Russia) like Arabic الروس (the Russians): in an Arabic document only the Arabic
    spellings of Russia count.
    """
    if not lang:
        return forms
    out = []
    for f in forms:
        form = sp.index.spellings[f]
        langs = spelling_langs(sp, form.entity, form.cleaned)
        foreign = all(x in ARABIC_SCRIPT_LANGS and x != lang for x in langs)
        if foreign and lang in entity_langs(sp, form.entity):
            continue
        out.append(f)
    return out


def spelling_langs(sp: Spotter, e_idx: int, phrase: str) -> frozenset[str]:
    """Languages of the entity's spellings that clean to ``phrase`` (several may)."""
    def make() -> frozenset[str]:
        entity = sp.index.entities[e_idx]
        return frozenset(entity.alias(a).lang for a in (entity.name, *entity.aliases)
                         if phrase in _spelling_forms(sp, a, entity.alias(a).lang))
    return sp.phrase_langs.get((e_idx, phrase), make)


def entity_langs(sp: Spotter, e_idx: int) -> frozenset[str]:
    """Languages of the entity's aliases."""
    def make() -> frozenset[str]:
        entity = sp.index.entities[e_idx]
        return frozenset(entity.alias(a).lang for a in entity.aliases)
    return sp.entity_langs.get(e_idx, make)


def _spelling_forms(sp: Spotter, alias: str, lang: str) -> tuple[str, str]:
    """A table spelling cleaned, and without an Arabic article (as the index files it)."""
    cleaned = sp.sounds.spelling(alias)
    return cleaned, without_article(cleaned, alias, lang)


def _arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)
