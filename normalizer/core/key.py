"""Step 5 — keys: a coarse phonetic form of one romanized token.

Accepts: one token's romanization (lowercase ASCII from :mod:`normalizer.core.romanize`).
Guarantees: :func:`fold` applies the ordered rules of ``data/rules/fold.tsv``:
consonants fold into classes (p/b, f/v/w, k/q/c/kh, g/j/zh/gh, s/z/sh/ch, t/th,
d/dh), vowels into three classes (a; e/i/y → i; o/u → o), vowel runs keep their
first class and doubled letters count once. :func:`skeleton` keeps the
consonants only. Both are idempotent: ``fold(fold(x)) == fold(x)`` (the rules run to a fixed point).
Does not: compare keys (that is :mod:`normalizer.core.align`).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from normalizer.caches import cached
from normalizer.config import STEP_CACHE, STRING_CACHE, TOKEN_CACHE
from normalizer.core.romanize import romanize_token
from normalizer.rules.tsv import rule_table

VOWELS = frozenset("aio")
_VOWEL_RE = re.compile("[aio]+")
_DOUBLE = re.compile(r"(.)\1+")
#: The rules run again until nothing changes (a class letter next to h can form a digraph).
_MAX_PASSES = 4


@cached()
def fold_rules() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """Return the fold rules as ``(rule_id, compiled pattern, replacement)``, in file order."""
    return tuple((r["rule_id"], re.compile(r["pattern"]), r["replace"]) for r in rule_table("rules/fold.tsv"))


def _triggers(pattern: str) -> frozenset[str] | None:
    """Letters one of which any match of ``pattern`` must touch, or None when that cannot
    be told simply (a dot, a negated class, an escape): then the rule always runs."""
    if "." in pattern or "[^" in pattern or "\\" in pattern or re.fullmatch(pattern, "") is not None:
        return None
    return frozenset(ch for ch in pattern if ch.isalpha() or ch in "'`")


_Step = tuple[re.Pattern[str] | None, str, frozenset[str] | None, dict[int, str] | None]


@cached()
def _fast_rules() -> tuple[_Step, ...]:
    """The fold rules compiled for speed, same result as applying them one by one: runs of
    consecutive one-letter rules (c → K, q → K …) whose outputs no rule of the run reads
    become one ``str.translate``; a rule whose trigger letters are absent is skipped."""
    steps: list[_Step] = []
    group: dict[int, str] = {}

    def flush() -> None:
        if group:
            steps.append((None, "", frozenset(chr(c) for c in group), dict(group)))
            group.clear()

    for _rule_id, pattern, replace in fold_rules():
        single = len(pattern.pattern) == 1 and pattern.pattern.isalpha() and replace != "LOWER"
        if single and not (set(replace) & {chr(c) for c in group}) and pattern.pattern not in "".join(group.values()):
            group[ord(pattern.pattern)] = replace
            continue
        flush()
        if single:
            group[ord(pattern.pattern)] = replace
            continue
        if replace == "LOWER":
            steps.append((None, "", None, _lower_table(pattern)))
            continue
        steps.append((pattern, replace, _triggers(pattern.pattern), None))
    flush()
    return tuple(steps)


def apply_rule(pattern: re.Pattern[str], replace: str, text: str) -> str:
    """Apply one fold rule (``LOWER`` lowercases whatever letter the pattern matches)."""
    if replace == "LOWER":
        return text.translate(_lower_table(pattern))
    return pattern.sub(replace, text)


@cached()
def _lower_table(pattern: re.Pattern[str]) -> dict[int, str]:
    """A ``LOWER`` rule as a ``str.translate`` table: keys are ASCII by then (romanized)."""
    return {ord(c): c.lower() for c in string.ascii_uppercase if pattern.fullmatch(c)}


@cached(STRING_CACHE)
def fold(romanized: str) -> str:
    """Return the key of one romanized token.

    >>> fold("trump") == fold("tramp") == fold("tramb")
    False
    >>> fold("putin"), fold("butin"), fold("vladimir"), fold("fladimir")
    ('botin', 'botin', 'fladimir', 'fladimir')
    """
    text = romanized
    rules = _fast_rules()
    for _ in range(_MAX_PASSES):
        before = text
        for pattern, replace, triggers, table in rules:
            if triggers is not None and triggers.isdisjoint(text):
                continue  # the rule cannot match: skip it
            if table is not None:
                text = text.translate(table)
            else:
                text = pattern.sub(replace, text)  # type: ignore[union-attr]
        if text == before:
            break
    return text


@cached()
def _rules_with_triggers() -> tuple[tuple[str, re.Pattern[str], str, frozenset[str] | None], ...]:
    return tuple((rule_id, pattern, replace, _triggers(pattern.pattern)) for rule_id, pattern, replace in fold_rules())


def fold_steps(romanized: str) -> list[tuple[str, str, str]]:
    """Return ``(rule_id, before, after)`` for each fold rule that changed the token."""
    return list(_fold_steps(romanized))


@cached(STEP_CACHE)
def _fold_steps(romanized: str) -> tuple[tuple[str, str, str], ...]:
    steps: list[tuple[str, str, str]] = []
    text = romanized
    for _ in range(_MAX_PASSES):
        before = text
        passed = []
        for rule_id, pattern, replace, triggers in _rules_with_triggers():
            if triggers is not None and triggers.isdisjoint(text):
                continue  # cannot match (as in fold)
            after = apply_rule(pattern, replace, text)
            if after != text:
                passed.append((rule_id, text, after))
            text = after
        if text == before:
            break
        steps.extend(passed)
    return tuple(steps)


def skeleton(key: str) -> str:
    """Return the consonant skeleton of a key (vowels dropped, doubles collapsed).

    >>> skeleton("aGalaroF".lower())
    'glrf'

    The sh class ``S`` is written ``s``, as in :func:`shape`: candidates are looked up by
    skeleton, and an s for sh costs only half a consonant.
    """
    return _DOUBLE.sub(r"\1", _VOWEL_RE.sub("", key).replace("S", "s"))


@cached()
def _vowel_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The rules of ``data/rules/fold.tsv`` numbered 100 to 139: the vowel classes, vowel runs
    and doubled letters."""
    return tuple((pattern, replace) for rule_id, pattern, replace in fold_rules() if "fold.100" <= rule_id < "fold.140")


def letters(romanized: str) -> str:
    """Return a key that folds only the vowels (the rules of ``data/rules/fold.tsv`` numbered
    100 to 139: a; e/i/y → i; o/u → o; a run keeps its first; doubled letters once) and keeps
    every consonant as romanized: how two spellings in one script are compared
    (:func:`normalizer.core.similarity.same_orthography`).

    >>> letters("nagar"), letters("naijar"), letters("bolshaya"), letters("polsha")
    ('nagar', 'najar', 'bolsha', 'polsha')
    """
    for pattern, replace in _vowel_rules():
        romanized = pattern.sub(replace, romanized)
    return romanized


def shape(key: str) -> str:
    """Return a key with every vowel written ``a``: what the candidate prefilter compares.

    Vowels are cheap to change in :func:`~normalizer.core.similarity.key_similarity`, so a prefilter
    that counted them as letters would rank ``ostrili`` (ऑस्ट्रेलिया) far from ``astrali``
    (Australia) and drop it among hundreds of tokens of skeleton ``strl``.

    >>> shape("ostrili"), shape("astrali")
    ('astrala', 'astrala')

    The sh class ``S`` is written ``s``: the two differ at half a consonant's cost.
    """
    return _VOWEL_RE.sub("a", key).replace("S", "s")


KeyFunction = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Token:
    """One token read for matching: cleaned text, romanization, key and skeleton."""

    text: str
    roman: str
    key: str
    skel: str


@cached(TOKEN_CACHE)
def token_of(token: str) -> Token:
    """Read one cleaned token into its matching form: romanization, key, skeleton."""
    roman = romanize_token(token)
    key = fold(roman)
    return Token(token, roman, key, skeleton(key))


def joined_token(words: list[str]) -> Token:
    """Read words written as one (New York → ``newyork``). Each word is read on its own, so
    a letter keeps the reading it has at the end of its word: the w of New is a glide, and
    the key is ``nirk``, as for न्यूयॉर्क, not the ``nifirk`` of the word newyork."""
    forms = [token_of(w) for w in words]
    key = fold("".join(f.key for f in forms))
    return Token("".join(words), "".join(f.roman for f in forms), key, skeleton(key))
