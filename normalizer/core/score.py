"""Step 7 — scoring: token similarity, token alignment, a raw name score in 0..1.

Accepts: query tokens already read (:class:`~normalizer.core.index.TokenForm`) and index
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

import functools
import itertools
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Indel, LCSseq

from normalizer.core.affixes import kinship_words, letter_names, optional_words
from normalizer.core.index import Index, TokenForm, read
from normalizer.core.key import VOWELS, letters, shape
from normalizer.core.lexicons import is_name_suffix
from normalizer.core.scripts import script_of

_DOUBLES = re.compile(r"(.)\1+")
#: Weights of the three views compared for one token pair (they sum to 1).
W_KEY, W_SKEL, W_ROMAN = 0.5, 0.3, 0.2
#: An aligned token counts ``similarity ** SIM_POWER`` of its weight: a near-miss token
#: (Potanin for Putin) costs more than its similarity alone says.
SIM_POWER = 3
#: Token pairs below this similarity are not aligned.
TOKEN_FLOOR = 0.6
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


#: Cost of inserting, deleting or changing a vowel in :func:`key_similarity` (a consonant costs 1).
VOWEL_COST = 0.25
#: Cost of changing s into the sh class S (Hindi इंडोनेशिया, Urdu انڈونیشیا for Indonesia;
#: German st, Liechtenstein = Лихтенштейн) in :func:`key_similarity`.
SIBILANT_COST = 0.5
#: Cost of inserting or deleting a vowel that begins a word: as much as a consonant. A reader
#: hears it (Europe is not Rop, Ukraine is not Kren) and every script writes it as a letter.
INITIAL_VOWEL_COST = 1.0
#: Candidate tokens kept per query token by a first pass on the key's shape alone (in C), plus
#: up to as many tokens of the very same key.
PREFILTER = 64
#: Candidate tokens re-scored with :func:`key_similarity` per query token (12: as accurate as
#: 16 or 24 on the dev data, and 4 % faster than 16 at 1 M aliases).
RESCORE = 12
#: Query tokens whose :func:`near_tokens` answer is kept (the memo is emptied when full).
NEAR_MEMO = 1 << 13


#: Similarity of an initial to the word it stands for (Д. of Д. Трамп, N. of N. Korea).
INITIAL_SIM = 0.9
#: Initials are read so only beside a query word (not an initial) aligned at least this well.
INITIAL_BESIDE = 0.9
#: Scripts whose names are abbreviated by initials in this library's scope.
_INITIAL_SCRIPTS = frozenset({"Latn", "Cyrl"})
#: Vowel letters of those scripts: a word of two or three letters with none is read as initials (вв, дж).
_WRITTEN_VOWELS = frozenset("aeiouyаеёиоуыэюяіїєў")

#: Scripts with one spelling tradition in this library's scope (Hindi, Marathi and Nepali
#: share Devanagari's letters; Russian, Ukrainian and Kazakh Cyrillic's): two spellings in one
#: of them are compared letter for letter in their consonants (:func:`same_orthography`).
ONE_ORTHOGRAPHY = frozenset({"Deva", "Cyrl"})

#: Consonants only, the sh class written as s (their difference costs less than 1).
_NO_VOWELS = str.maketrans({**dict.fromkeys(map(ord, VOWELS)), ord("S"): "s"})


def _weight(char: str) -> float:
    return VOWEL_COST if char in VOWELS else 1.0


@functools.lru_cache(maxsize=1 << 16)
def _key_weight(key: str) -> float:
    """Total weight of a key, its first letter at :data:`INITIAL_VOWEL_COST` if a vowel."""
    total = sum(map(_weight, key))
    if key and key[0] in VOWELS:
        total += INITIAL_VOWEL_COST - VOWEL_COST
    return total


@functools.lru_cache(maxsize=1 << 16)
def key_similarity(a: str, b: str) -> float:
    """Similarity of two keys where vowels are cheap and consonants strict (0..1).

    A weighted edit distance: a vowel costs :data:`VOWEL_COST` to insert, delete or
    change (:data:`INITIAL_VOWEL_COST` to insert or delete at the start of the word); a
    consonant costs 1. Scripts disagree mostly on vowels (Arabic writes few, Hindi drops the
    inherent one), so ``knda`` is close to ``kanada``.

    >>> round(key_similarity("knda", "kanada"), 2), round(key_similarity("knda", "kinda"), 2)
    (0.87, 0.93)
    >>> round(key_similarity("irob", "irobi"), 2), round(key_similarity("irob", "rob"), 2)  # यूरोप: Europe, not Rop
    (0.93, 0.69)
    """
    if a == b:
        return 1.0
    total = max(_key_weight(a), _key_weight(b))
    if not total:
        return 0.0
    # A shared prefix or suffix costs nothing and never changes the best alignment
    # (every substitution costs at most an insertion plus a deletion): cut it off.
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start:len(a) - end], b[start:len(b) - end]
    wb = [_weight(cb) for cb in b]
    vb = [cb in VOWELS for cb in b]
    sb = [cb in "sS" for cb in b] if "S" in a or "S" in b else None  # an s against an S costs less
    if start == 0 and vb and vb[0]:
        wb[0] = INITIAL_VOWEL_COST
    prev = [0.0]
    for w in wb:
        prev.append(prev[-1] + w)
    for i, ca in enumerate(a):
        va = ca in VOWELS
        sa = sb is not None and ca in "sS"
        wa = INITIAL_VOWEL_COST if va and i == 0 and start == 0 else _weight(ca)
        cur = [prev[0] + wa]
        left = cur[0]
        for j, cb in enumerate(b):
            diag = prev[j] if ca == cb else prev[j] + (
                VOWEL_COST if va and vb[j] else SIBILANT_COST if sa and sb[j] else 1.0)  # type: ignore[index]
            up = prev[j + 1] + wa
            side = left + wb[j]
            left = diag if diag <= up and diag <= side else (up if up <= side else side)
            cur.append(left)
        prev = cur
    return max(0.0, 1.0 - prev[-1] / total)


def key_bound(a: str, b: str) -> float:
    """An upper bound of :func:`key_similarity`, computed in C: every consonant of either key
    that is not matched to the same consonant of the other costs at least 1, and at most
    as many are matched as the two consonant strings have in common (their longest
    common subsequence).

    >>> key_bound("knda", "kanada") >= key_similarity("knda", "kanada")
    True
    """
    if a == b:
        return 1.0
    total = max(_key_weight(a), _key_weight(b))
    if not total:
        return 0.0
    ca, cb = a.translate(_NO_VOWELS), b.translate(_NO_VOWELS)
    return 1.0 - (max(len(ca), len(cb)) - LCSseq.similarity(ca, cb)) / total


def same_orthography(a: TokenForm, b: TokenForm) -> bool:
    """True if both tokens are written in one script of :data:`ONE_ORTHOGRAPHY`.

    Keys fold consonants into classes (p/b, g/j, t/th) because scripts render foreign sounds
    differently; a writer of one script has no such excuse. Hindi नगर ("town") and नाइजर
    (Niger), Russian большая ("big") and Польша (Poland) share a key but differ in a letter
    their readers never confuse, so such a pair is compared by :func:`~normalizer.core.key.letters`.
    """
    script = script_of(a.text[0]) if a.text else ""
    return script in ONE_ORTHOGRAPHY and bool(b.text) and script_of(b.text[0]) == script


@functools.lru_cache(maxsize=1 << 16)
def _letter_form(form: TokenForm) -> TokenForm:
    key = letters(form.roman)
    return TokenForm(form.text, form.roman, key, key.translate(_NO_VOWELS))


def compared(a: TokenForm, b: TokenForm) -> tuple[TokenForm, TokenForm]:
    """The forms to compare: ``a`` and ``b`` themselves, or, written in one script of
    :data:`ONE_ORTHOGRAPHY`, their forms keyed by :func:`~normalizer.core.key.letters`."""
    if same_orthography(a, b):
        return _letter_form(a), _letter_form(b)
    return a, b


def token_similarity(a: TokenForm, b: TokenForm, floor: float = 0.0) -> float:
    """Similarity of two read tokens in 0..1.

    A caller that only compares the answer with ``floor`` may pass it: a pair that cannot
    reach it gets an upper bound below it instead of its exact similarity (cheaper).

    >>> from normalizer.core.index import read
    >>> token_similarity(read("ट्रंप"), read("trump")) > 0.8
    True
    >>> token_similarity(read("नगर"), read("नाइजर")) < 0.8 < token_similarity(read("nagar"), read("नाइजर"))
    True
    """
    a, b = compared(a, b)
    return _similarity(a, b, floor)


def _similarity(a: TokenForm, b: TokenForm, floor: float = 0.0) -> float:
    if a.key == b.key:
        if a.roman == b.roman:
            return 1.0
        fine = Indel.normalized_similarity(_fine(a.roman), _fine(b.roman))
        return 0.97 + 0.02 * fine + 0.01 * Indel.normalized_similarity(a.roman, b.roman)
    return fine_similarity(a, b, quick_similarity(a, b), floor)


def _fine(roman: str) -> str:
    """The finer view that breaks ties between tokens of one key: y = i, doubles once."""
    return _DOUBLES.sub(r"\1", roman.replace("y", "i"))


def quick_similarity(a: TokenForm, b: TokenForm) -> float:
    """A fast first estimate (all in rapidfuzz's C code), used to pick tokens to re-score."""
    if not a.skel and not b.skel:
        return W_KEY * Indel.normalized_similarity(a.key, b.key)
    return (W_KEY * Indel.normalized_similarity(a.key, b.key)
            + W_SKEL * Indel.normalized_similarity(a.skel, b.skel)
            + W_ROMAN * Indel.normalized_similarity(a.roman, b.roman))


def _rough_similarity(a: TokenForm, a_shape: str, b: TokenForm, b_shape: str) -> float:
    """:func:`quick_similarity` with the key compared by shape (vowels alike): picks tokens to re-score."""
    return (W_KEY * Indel.normalized_similarity(a_shape, b_shape)
            + W_SKEL * Indel.normalized_similarity(a.skel, b.skel)
            + W_ROMAN * Indel.normalized_similarity(a.roman, b.roman))


def fine_similarity(a: TokenForm, b: TokenForm, quick: float, floor: float = 0.0) -> float:
    """Replace the key term of ``quick`` by the vowel-cheap :func:`key_similarity` (only an
    upper bound under ``floor`` when :func:`key_bound` shows it cannot reach ``floor``)."""
    if a.key == b.key:
        return _similarity(a, b)
    kin = kinship_words()
    if a.text in kin or b.text in kin:
        return 0.0  # a kinship word is a word, not a name: it aligns only with itself
    indel = Indel.normalized_similarity(a.key, b.key)
    if quick + W_KEY * (1.0 - indel) < TOKEN_FLOOR:
        return quick  # cannot reach the floor even if the vowels were free: skip the slow distance
    if floor:
        bound = quick + W_KEY * (key_bound(a.key, b.key) - indel)
        if bound < floor:
            return bound
    return quick + W_KEY * (key_similarity(a.key, b.key) - indel)


def token_weight(form: TokenForm, idf: float) -> float:
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

    form: int
    raw: float
    pairs: tuple[tuple[int, int, float], ...]  # (query token index, alias token id, similarity)
    unmatched_query: tuple[int, ...]
    unmatched_alias: tuple[int, ...]
    phonetic: bool
    #: Query tokens left unaligned between a person's first and last aligned words (a
    #: middle name or patronymic the spelling lacks): charged like a missing alias word.
    middle_query: tuple[int, ...] = ()


def near_tokens(index: Index, q: TokenForm) -> tuple[tuple[int, float], ...]:
    """The vocabulary tokens a query token aligns with, best first, as ``(token id, similarity)``.

    The index's candidates are cut to :data:`PREFILTER` by the key's shape (vowels alike,
    :func:`~normalizer.core.key.shape`; in C) plus the tokens of the very same key, to
    :data:`RESCORE` by a rough similarity that also compares shapes, then scored finely;
    those under :data:`TOKEN_FLOOR` are dropped.
    Answers are memoised per index (:data:`NEAR_MEMO` tokens): in running text the same words
    come back again and again, and a short skeleton can bring thousands of candidates.
    """
    memo = index.memo
    found = memo.get(q.text)
    if found is not None:
        return found
    tids = list(index.candidate_tokens(q))
    q_shape = shape(q.key)
    if len(tids) > PREFILTER:
        tids = _prefilter(index, q, q_shape, tids)
    rough = []
    for tid in tids:
        t = index.tokens[tid]
        # A token of the very key ranks above every other, and among them by the finer view
        # (as the final score will): a key can carry more tokens than RESCORE keeps.
        rough.append((1.0 + token_similarity(q, t) if t.key == q.key
                      else _rough_similarity(q, q_shape, t, index.shapes[tid]), tid))
    rough.sort(key=lambda x: -x[0])
    scored = []
    for _, tid in rough[:RESCORE]:
        a, t = compared(q, index.tokens[tid])
        s = fine_similarity(a, t, quick_similarity(a, t), TOKEN_FLOOR)
        if s >= TOKEN_FLOOR:
            scored.append((tid, s))
    scored.sort(key=lambda x: -x[1])
    found = tuple(scored)
    if len(memo) >= NEAR_MEMO:
        memo.clear()
    memo[q.text] = found
    return found


def _prefilter(index: Index, q: TokenForm, q_shape: str, tids: list[int]) -> list[int]:
    """The :data:`PREFILTER` tokens of ``tids`` nearest ``q`` by the key's shape, in C.

    Shapes tie often (117 dev names have the shape ``sara`` of سوریه), so the tokens tied at
    the cut are chosen by their whole key, vowels and all; the tokens of the very key are
    always kept.
    """
    import numpy  # here, not at the top: rapidfuzz's cdist needs it anyway, and import stays fast

    shapes = operator.itemgetter(*tids)(index.shapes)
    scores = process.cdist((q_shape,), shapes, scorer=Indel.normalized_similarity)[0]
    cut = len(scores) - PREFILTER
    edge = numpy.partition(scores, cut)[cut]
    kept = {tids[i] for i in numpy.flatnonzero(scores > edge).tolist()}
    tied = numpy.flatnonzero(scores == edge).tolist()
    room = PREFILTER - len(kept)
    if len(tied) > room:
        tokens = index.tokens
        keys = [tokens[tids[i]].key for i in tied]
        tied = [tied[j] for _, _, j in process.extract(q.key, keys, scorer=Indel.normalized_similarity, limit=room)]
    kept.update(tids[i] for i in tied)
    kept.update(index.by_key.get("=" + q.key, ())[:PREFILTER])
    return list(kept)


def score_reading(index: Index, query: list[TokenForm], types: frozenset[str] | None,
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
        found = near_tokens(index, q)
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
        bound = {f: b for f, b in bound.items() if index.entities[index.forms[f].entity].type in types}
    ranked: Iterable[int] = sorted(bound, key=bound.__getitem__, reverse=True)
    if writing:
        forms, form_writing, entity_writing = index.forms, index.form_writing, index.entity_writing
        mine = [(w, len(query)) for w in writing]
        ranked = (f for f in ranked if not writing.isdisjoint(form_writing[f])
                  or not any(x in entity_writing[forms[f].entity] for x in mine))
    best = itertools.islice(ranked, MAX_FORMS if len(query) == 1 else MAX_FORMS_MULTI)
    return [align(index, query, f, sims) for f in best]


def align(index: Index, query: list[TokenForm], f_idx: int, sims: dict[tuple[int, int], float]) -> Scored:
    """Align query tokens to one spelling's tokens greedily (best pair first) and score.

    ``sims`` holds similarities already known; the others are computed.
    """
    form = index.forms[f_idx]
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


@functools.lru_cache(maxsize=1 << 12)
def is_initials(text: str) -> bool:
    """True for a query word that may be initials: one letter, or two or three letters with
    no vowel (cleaning writes В.В. as вв; Дж. is J), in the Latin or Cyrillic script; or a
    letter written by its name (Hindi एम for M: :func:`~normalizer.core.affixes.letter_names`).

    >>> is_initials("д"), is_initials("вв"), is_initials("дж"), is_initials("ли"), is_initials("ट")
    (True, True, True, False, False)
    >>> is_initials("एम"), is_initials("धोनी")
    (True, False)
    """
    if text in letter_names():
        return True
    if not text.isalpha() or len(text) > 3 or script_of(text[0]) not in _INITIAL_SCRIPTS:
        return False
    return len(text) == 1 or not any(c in _WRITTEN_VOWELS for c in text)


def stands_for(initials: TokenForm, word: TokenForm) -> bool:
    """True if ``initials`` may abbreviate ``word``: its first letter, in one script; across
    scripts, its first sound (the key's first letter: Д for Donald, J for Джон). A letter
    written by its name stands for a Latin word with that letter first, or another word
    with its sound first (एम for Mahendra and for महेंद्र).

    >>> stands_for(read("д"), read("donald")), stands_for(read("j"), read("джон"))
    (True, True)
    >>> stands_for(read("в"), read("дмитрий")), stands_for(read("एम"), read("महेंद्र"))
    (False, True)
    """
    if is_name_suffix(word.text) or word.text in kinship_words():
        return False  # a word of its own, not a name an initial abbreviates (J is not जूनियर, Junior)
    letter = letter_names().get(initials.text)
    if letter is not None:
        if script_of(word.text[0]) == "Latn":
            return word.text[0] == letter
        return word.key[:1] == read(letter).key[:1]
    if script_of(word.text[0]) == script_of(initials.text[0]):
        return word.text[0] == initials.text[0]
    return bool(initials.key) and word.key[:1] == initials.key[:1]

