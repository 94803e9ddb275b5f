"""Step 7b — alignment: query tokens aligned with a spelling's tokens, a raw name score in 0..1.

Accepts: query tokens already read (:class:`~normalizer.core.index.Token`) and index
candidates; nothing is normalised here.
Guarantees: consonants weigh more than vowels (the key compares vowel *classes*, the
skeleton ignores vowels), except a vowel that begins a word; a kinship word
(``data/rules/kinship.tsv``) aligns only with a token of its own key; tokens are aligned
one-to-one, in any order; every token weighs by its rarity in the table (inverse document
frequency), so "Kim" or "Donald" count less than "Agalarov", and an aligned pair weighs as
its lighter side (a generic word such as republic stays light when a name is spelled like
it). A query token left unaligned costs its full weight (Donald Trump **Jr.** is not
Donald Trump), except a person's middle name or patronymic between the aligned first and
last words of a fully aligned spelling (Jared **Corey** Kushner), which costs
:data:`PARTIAL_COST` of it; an alias token left unaligned costs :data:`PARTIAL_COST` of its
weight when the entity is a person and its last name token is aligned (a surname alone
may name the person), :data:`FULL_NAME_COST` otherwise. An entity the table spells in the
query's own writing system, with as many words, is scored by those spellings only (see
:func:`score_reading`).
A query word of several that may be an initial (one letter, В.В. cleaned to вв, or a letter
written by its name, Hindi एम) is at least :data:`INITIAL_SIM` similar to an alias word it
stands for (:func:`stands_for`).
Does not: decide (see :mod:`normalizer.core.decide`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from normalizer.core.index import Index
from normalizer.core.key import Token
from normalizer.core.lexicons import optional_words
from normalizer.core.similarity import INITIAL_SIM, TOKEN_FLOOR, compared, is_initials, stands_for, token_similarity

#: An aligned token counts ``similarity ** SIM_POWER`` of its weight: a near-miss token
#: (Potanin for Putin) costs more than its similarity alone says.
SIM_POWER = 3
#: Share of an unaligned alias token's weight charged against the score.
PARTIAL_COST = 0.35
#: The same for any other missing token: a person's given name alone ("Donald"), or part of
#: the name of a place or organisation ("Party" of "Democratic Party"); the table lists the
#: short forms it means.
FULL_NAME_COST = 1.0
#: Tokens with no consonant (a, e, ए) weigh this share of their rarity.
VOWEL_TOKEN_WEIGHT = 0.2
#: Generic words a name often drops (republic, of) weigh this share of their rarity.
OPTIONAL_WEIGHT = 0.15
#: Candidate spellings fully scored per reading of a one-token query, and of a longer one
#: (whose tokens each bring their own candidates).
MAX_FORMS = 16
MAX_FORMS_MULTI = 32
#: A posting list longer than this is read only if nothing rarer found a candidate, and then
#: only its first ``4 * POSTING_CAP`` spellings (a bound on the work for tokens like Muhammad).
POSTING_CAP = 4000
#: Initials are read so only beside a query word (not an initial) aligned at least this well.
INITIAL_BESIDE = 0.9


def token_weight(form: Token, idf: float) -> float:
    """Weight of a token: its rarity, less for a token with no consonant or a generic word."""
    if form.text in optional_words():
        return idf * OPTIONAL_WEIGHT
    if not form.skel:
        return idf * VOWEL_TOKEN_WEIGHT
    if len(form.skel) == 1:
        return idf * 0.6
    return idf


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate spelling with its raw score and alignment."""

    spelling: int
    raw: float
    pairs: tuple[tuple[int, int, float], ...]  # (query token index, alias token id, similarity)
    unmatched_query: tuple[int, ...]
    unmatched_alias: tuple[int, ...]
    phonetic: bool
    #: Query tokens left unaligned between a person's first and last aligned words (a
    #: middle name or patronymic the spelling lacks): charged like a missing alias word.
    middle_query: tuple[int, ...] = ()


def score_reading(index: Index, query: list[Token], types: frozenset[str] | None,
                  writing: frozenset[str] = frozenset()) -> list[Scored]:
    """Score the best candidate spellings for one reading of a query.

    Args:
        index: the table's index.
        query: the reading's tokens, read.
        types: entity types to keep (the ``types=`` filter), or None for all.
        writing: the query's writing systems (:func:`~normalizer.core.index.query_writing`). An
            entity the table spells in one of them with as many words as the query is
            scored only by those spellings: Latin "tons" is compared with Tunisia, not with
            Arabic تونس, which lacks the vowels that tell the two apart, and Arabic جاريد
            كوشنر with Arabic spellings, not with Persian جرد کوشنر. Another system's
            spelling is a rendering that lost what the query still shows, so it meets words
            the entity's own spellings do not (on the default table: English garcia read
            like Hindi जर्सी, Jersey; Russian близ like Arabic بليز, Belize); where the table
            has no such spelling (a surname only in Latin), any spelling counts.
    """
    sims: dict[tuple[int, int], float] = {}
    per_token: list[tuple[tuple[int, float], ...]] = []
    for qi, q in enumerate(query):
        found = index.near_tokens(q)
        for tid, s in found:
            sims[(qi, tid)] = s
        per_token.append(found)
    # Accumulate an upper bound per form, reading short posting lists first.
    order = sorted(range(len(query)), key=lambda qi: min((len(index.postings[t]) for t, _ in per_token[qi]), default=0))
    bound: dict[int, float] = {}
    for rank, qi in enumerate(order):
        for tid, s in per_token[qi]:
            posting = index.postings[tid]
            if len(posting) > POSTING_CAP and (rank > 0 or len(query) > 1) and bound:
                continue
            gain = s * index.idf[tid]
            if not bound:
                bound = dict.fromkeys(posting[:POSTING_CAP * 4], gain)
                continue
            get = bound.get
            for f in posting[:POSTING_CAP * 4]:
                bound[f] = get(f, 0.0) + gain
    if types is not None:
        bound = {f: b for f, b in bound.items() if index.entities[index.spellings[f].entity].type in types}
    ranked: Iterable[int] = sorted(bound, key=bound.__getitem__, reverse=True)
    if writing:
        spellings, spelling_writing, entity_writing = index.spellings, index.spelling_writing, index.entity_writing
        mine = [(w, len(query)) for w in writing]
        ranked = (f for f in ranked if not writing.isdisjoint(spelling_writing[f])
                  or not any(x in entity_writing[spellings[f].entity] for x in mine))
    best = itertools.islice(ranked, MAX_FORMS if len(query) == 1 else MAX_FORMS_MULTI)
    return [align(index, query, f, sims) for f in best]


def align(index: Index, query: list[Token], f_idx: int, sims: dict[tuple[int, int], float]) -> Scored:
    """Align query tokens to one spelling's tokens greedily (best pair first) and score.

    ``sims`` holds similarities already known; the others are computed.
    """
    form = index.spellings[f_idx]
    pairs_all = []
    as_initials: list[tuple[float, int, int, int]] = []  # (initial, word it stands for) pairs …
    as_words: list[tuple[float, int, int, int]] = []  # … and the same pairs compared as words
    several = len(query) > 1
    # One query word takes the alias word most like it: a word that cannot beat the best
    # similarity already known need not be scored exactly (its bound says so).
    floor = TOKEN_FLOOR
    if not several:
        floor = max([TOKEN_FLOOR, *(s for tid in form.tokens if (s := sims.get((0, tid))) is not None)])
    for qi, q in enumerate(query):
        initials = several and is_initials(q.text)
        for aj, tid in enumerate(form.tokens):
            s = sims.get((qi, tid))
            if s is None:
                s = token_similarity(q, index.tokens[tid], floor)
            if initials and s < INITIAL_SIM and stands_for(q, index.tokens[tid]):
                as_initials.append((INITIAL_SIM, qi, aj, tid))
                if s >= TOKEN_FLOOR:
                    as_words.append((s, qi, aj, tid))
            elif s >= TOKEN_FLOOR:
                pairs_all.append((s, qi, aj, tid))
    if as_initials:
        # Initials only beside a word that aligned well (Д. Трамп), not on their own (ф с б).
        beside = any(s >= INITIAL_BESIDE and not is_initials(query[qi].text) for s, qi, _, _ in pairs_all)
        pairs_all.extend(as_initials if beside else as_words)
    pairs_all.sort(key=lambda p: (-p[0], abs(p[1] - p[2])))
    used_q: set[int] = set()
    q_of: dict[int, int] = {}  # alias token position → the query token aligned with it
    pairs = []
    for s, qi, aj, tid in pairs_all:
        if qi in used_q or aj in q_of:
            continue
        used_q.add(qi)
        q_of[aj] = qi
        pairs.append((qi, tid, s))
    matched = 0.0
    total = 0.0
    for qi, tid, s in pairs:
        # The lighter of the two sides: a generic word of the query (republic) aligned with
        # a name that happens to be spelled so (República) is still a generic word.
        idf = index.idf[tid]
        w = min(token_weight(index.tokens[tid], idf), token_weight(query[qi], idf))
        matched += w * s ** SIM_POWER
        total += w
    unmatched_q = tuple(qi for qi in range(len(query)) if qi not in used_q)
    person = index.entities[form.entity].type == "PER"
    middle: tuple[int, ...] = ()
    if person and unmatched_q and len(form.tokens) >= 2 and len(q_of) == len(form.tokens):
        # Every word of a person's spelling aligned, in order at its ends: a query word
        # between (Jared **Corey** Kushner, Сергей **Кужугетович** Шойгу) is a middle name or
        # patronymic, not another person (Donald Trump **Jr.**, Kim Jong **Il** end elsewhere).
        first, last = q_of[0], q_of[len(form.tokens) - 1]
        middle = tuple(qi for qi in unmatched_q if first < qi < last)
        unmatched_q = tuple(qi for qi in unmatched_q if qi not in middle)
    for qi in unmatched_q:
        total += token_weight(query[qi], index.max_idf * 0.8)
    for qi in middle:
        total += PARTIAL_COST * token_weight(query[qi], index.max_idf * 0.8)
    unmatched_a = tuple(form.tokens[aj] for aj in range(len(form.tokens)) if aj not in q_of)
    surname_missing = len(form.tokens) > 1 and len(form.tokens) - 1 not in q_of
    cost = PARTIAL_COST if person and not surname_missing else FULL_NAME_COST
    # A missing word of a place or organisation name costs at least as much as an aligned one
    # weighs on average: "Party" alone is not the Democratic Party, however common "Democratic" is.
    floor = 0.0 if person or not pairs else total / len(pairs)
    for tid in unmatched_a:
        total += cost * max(floor, token_weight(index.tokens[tid], index.idf[tid]))
    raw = matched / total if total else 0.0
    phonetic = not unmatched_q and not middle and not unmatched_a and all(
        a.key == b.key for a, b in (compared(query[qi], index.tokens[tid]) for qi, tid, _ in pairs))
    return Scored(f_idx, raw, tuple(pairs), unmatched_q, unmatched_a, phonetic, middle)
