"""Step 5 — keys: a coarse phonetic form of one romanized token.

Accepts: one token's romanization (lowercase ASCII from :mod:`normalizer.romanize`).
Guarantees: :func:`fold` applies the ordered rules of ``data/rules/fold.tsv``:
consonants fold into classes (p/b, f/v/w, k/q/c/kh, g/j/zh/gh, s/z/sh/ch, t/th,
d/dh), vowels into three classes (a; e/i/y → i; o/u → o), vowel runs keep their
first class and doubled letters count once. :func:`skeleton` keeps the
consonants only. Both are idempotent: ``fold(fold(x)) == fold(x)`` (the rules run to a fixed point).
Does not: compare keys (that is :mod:`normalizer.score`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from normalizer.rules import rule_table

VOWELS = frozenset("aio")
_VOWEL_RE = re.compile("[aio]+")
_DOUBLE = re.compile(r"(.)\1+")
#: The rules run again until nothing changes (a class letter next to h can form a digraph).
_MAX_PASSES = 4


@functools.lru_cache(maxsize=1)
def fold_rules() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """Return the fold rules as ``(rule_id, compiled pattern, replacement)``, in file order."""
    return tuple((r["rule_id"], re.compile(r["pattern"]), r["replace"]) for r in rule_table("rules/fold.tsv"))


def apply_rule(pattern: re.Pattern[str], replace: str, text: str) -> str:
    """Apply one fold rule (``LOWER`` lowercases whatever the pattern matches)."""
    if replace == "LOWER":
        return text.lower()
    return pattern.sub(replace, text)


@functools.lru_cache(maxsize=1 << 16)
def fold(romanized: str) -> str:
    """Return the key of one romanized token.

    >>> fold("trump") == fold("tramp") == fold("tramb")
    False
    >>> fold("putin"), fold("butin"), fold("vladimir"), fold("fladimir")
    ('botin', 'botin', 'fladimir', 'fladimir')
    """
    text = romanized
    for _ in range(_MAX_PASSES):
        before = text
        for _rule_id, pattern, replace in fold_rules():
            text = apply_rule(pattern, replace, text)
        if text == before:
            break
    return text


def fold_steps(romanized: str) -> list[tuple[str, str, str]]:
    """Return ``(rule_id, before, after)`` for each fold rule that changed the token."""
    steps: list[tuple[str, str, str]] = []
    text = romanized
    for _ in range(_MAX_PASSES):
        before = text
        passed = []
        for rule_id, pattern, replace in fold_rules():
            after = apply_rule(pattern, replace, text)
            if after != text:
                passed.append((rule_id, text, after))
            text = after
        if text == before:
            break
        steps.extend(passed)
    return steps


def skeleton(key: str) -> str:
    """Return the consonant skeleton of a key (vowels dropped, doubles collapsed).

    >>> skeleton("aGalaroF".lower())
    'glrf'
    """
    return _DOUBLE.sub(r"\1", _VOWEL_RE.sub("", key))


KeyFunction = Callable[[str], str]
