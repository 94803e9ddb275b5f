"""Step 7a — similarity: how alike two read tokens are, in 0..1.

Accepts: tokens already read (:class:`~normalizer.core.key.Token`); nothing is normalised here.
Guarantees: three views are compared — the key (consonant classes strict, vowel classes
cheap: :func:`key_similarity`), the consonant skeleton and the romanization; consonants
weigh more than vowels, except a vowel that begins a word; two spellings in one script of
:data:`ONE_ORTHOGRAPHY` are compared letter for letter (:func:`compared`); a kinship word
(``data/rules/kinship.tsv``) is alike only to a token of its own key; an initial is
:data:`INITIAL_SIM` alike to a word it stands for (:func:`is_initials`, :func:`stands_for`).
Does not: choose candidates (see :mod:`normalizer.core.index`) nor align names (see
:mod:`normalizer.core.align`).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Indel, LCSseq

from normalizer.caches import cached
from normalizer.config import CHAR_CACHE, STRING_CACHE
from normalizer.core.key import VOWELS, Token, letters, token_of
from normalizer.core.lexicons import is_name_suffix, kinship_words, letter_names
from normalizer.core.scripts import script_of

_DOUBLES = re.compile(r"(.)\1+")
#: Weights of the three views compared for one token pair (they sum to 1).
W_KEY, W_SKEL, W_ROMAN = 0.5, 0.3, 0.2
#: Token pairs below this similarity are not aligned.
TOKEN_FLOOR = 0.6
#: Cost of inserting, deleting or changing a vowel in :func:`key_similarity` (a consonant costs 1).
VOWEL_COST = 0.25
#: Cost of changing s into the sh class S (Hindi इंडोनेशिया, Urdu انڈونیشیا for Indonesia;
#: German st, Liechtenstein = Лихтенштейн) in :func:`key_similarity`.
SIBILANT_COST = 0.5
#: Cost of inserting or deleting a vowel that begins a word: as much as a consonant. A reader
#: hears it (Europe is not Rop, Ukraine is not Kren) and every script writes it as a letter.
INITIAL_VOWEL_COST = 1.0
#: Similarity of an initial to the word it stands for (Д. of Д. Трамп, N. of N. Korea).
INITIAL_SIM = 0.9
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


@cached(STRING_CACHE)
def _key_weight(key: str) -> float:
    """Total weight of a key, its first letter at :data:`INITIAL_VOWEL_COST` if a vowel."""
    total = sum(map(_weight, key))
    if key and key[0] in VOWELS:
        total += INITIAL_VOWEL_COST - VOWEL_COST
    return total


@cached(STRING_CACHE)
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


def same_orthography(a: Token, b: Token) -> bool:
    """True if both tokens are written in one script of :data:`ONE_ORTHOGRAPHY`.

    Keys fold consonants into classes (p/b, g/j, t/th) because scripts render foreign sounds
    differently; a writer of one script has no such excuse. Hindi नगर ("town") and नाइजर
    (Niger), Russian большая ("big") and Польша (Poland) share a key but differ in a letter
    their readers never confuse, so such a pair is compared by :func:`~normalizer.core.key.letters`.
    """
    script = script_of(a.text[0]) if a.text else ""
    return script in ONE_ORTHOGRAPHY and bool(b.text) and script_of(b.text[0]) == script


@cached(STRING_CACHE)
def _letter_token(form: Token) -> Token:
    key = letters(form.roman)
    return Token(form.text, form.roman, key, key.translate(_NO_VOWELS))


def compared(a: Token, b: Token) -> tuple[Token, Token]:
    """The forms to compare: ``a`` and ``b`` themselves, or, written in one script of
    :data:`ONE_ORTHOGRAPHY`, their forms keyed by :func:`~normalizer.core.key.letters`."""
    if same_orthography(a, b):
        return _letter_token(a), _letter_token(b)
    return a, b


def token_similarity(a: Token, b: Token, floor: float = 0.0) -> float:
    """Similarity of two read tokens in 0..1.

    A caller that only compares the answer with ``floor`` may pass it: a pair that cannot
    reach it gets an upper bound below it instead of its exact similarity (cheaper).

    >>> from normalizer.core.key import token_of
    >>> token_similarity(token_of("ट्रंप"), token_of("trump")) > 0.8
    True
    >>> town, niger = token_of("नगर"), token_of("नाइजर")
    >>> token_similarity(town, niger) < 0.8 < token_similarity(token_of("nagar"), niger)
    True
    """
    a, b = compared(a, b)
    return _similarity(a, b, floor)


def _similarity(a: Token, b: Token, floor: float = 0.0) -> float:
    if a.key == b.key:
        if a.roman == b.roman:
            return 1.0
        fine = Indel.normalized_similarity(_fine(a.roman), _fine(b.roman))
        return 0.97 + 0.02 * fine + 0.01 * Indel.normalized_similarity(a.roman, b.roman)
    return fine_similarity(a, b, quick_similarity(a, b), floor)


def _fine(roman: str) -> str:
    """The finer view that breaks ties between tokens of one key: y = i, doubles once."""
    return _DOUBLES.sub(r"\1", roman.replace("y", "i"))


def quick_similarity(a: Token, b: Token) -> float:
    """A fast first estimate (all in rapidfuzz's C code), used to pick tokens to re-score."""
    if not a.skel and not b.skel:
        return W_KEY * Indel.normalized_similarity(a.key, b.key)
    return (W_KEY * Indel.normalized_similarity(a.key, b.key)
            + W_SKEL * Indel.normalized_similarity(a.skel, b.skel)
            + W_ROMAN * Indel.normalized_similarity(a.roman, b.roman))


def rough_similarity(a: Token, a_shape: str, b: Token, b_shape: str) -> float:
    """:func:`quick_similarity` with the key compared by shape (vowels alike): picks tokens to re-score."""
    return (W_KEY * Indel.normalized_similarity(a_shape, b_shape)
            + W_SKEL * Indel.normalized_similarity(a.skel, b.skel)
            + W_ROMAN * Indel.normalized_similarity(a.roman, b.roman))


def fine_similarity(a: Token, b: Token, quick: float, floor: float = 0.0) -> float:
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


@cached(CHAR_CACHE)
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


def stands_for(initials: Token, word: Token) -> bool:
    """True if ``initials`` may abbreviate ``word``: its first letter, in one script; across
    scripts, its first sound (the key's first letter: Д for Donald, J for Джон). A letter
    written by its name stands for a Latin word with that letter first, or another word
    with its sound first (एम for Mahendra and for महेंद्र).

    >>> stands_for(token_of("д"), token_of("donald")), stands_for(token_of("j"), token_of("джон"))
    (True, True)
    >>> stands_for(token_of("в"), token_of("дмитрий")), stands_for(token_of("एम"), token_of("महेंद्र"))
    (False, True)
    """
    if is_name_suffix(word.text) or word.text in kinship_words():
        return False  # a word of its own, not a name an initial abbreviates (J is not जूनियर, Junior)
    letter = letter_names().get(initials.text)
    if letter is not None:
        if script_of(word.text[0]) == "Latn":
            return word.text[0] == letter
        return word.key[:1] == token_of(letter).key[:1]
    if script_of(word.text[0]) == script_of(initials.text[0]):
        return word.text[0] == initials.text[0]
    return bool(initials.key) and word.key[:1] == initials.key[:1]
