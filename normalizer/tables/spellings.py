"""Spelling a Latin name in other scripts: likely Devanagari, Arabic, Urdu/Persian and Cyrillic forms.

Accepts: a Latin name (any case, several words) and a script: ``deva``, ``arab``, ``urdu``
(Urdu and Persian letters) or ``cyrl``.
Guarantees: candidates come from the grapheme table ``data/rules/spellings.tsv`` (each
Latin grapheme with its usual spellings in each script, most usual first), with the
rules of each script for vowels: Devanagari vowel signs after a consonant and letters
at the start, a virama or the inherent vowel between consonants; Arabic script long
vowels written and short ones often not, an alif carrying a first vowel, ة or ا for a
final a. Candidates are ranked by how well our own romanizer reads them back as the
Latin name (the key similarity of :mod:`normalizer.core.align`), less a small cost for
less usual spellings; at most ``limit`` distinct spellings are returned, best first.
Does not: know the name's origin or language (an Arabic name spelled in Latin has an
established Arabic form this may not guess).
"""

from __future__ import annotations

import itertools
import re

from normalizer.caches import cached
from normalizer.core.clean import clean
from normalizer.core.key import token_of
from normalizer.core.romanize import romanize_latn
from normalizer.core.scripts import script_of
from normalizer.core.similarity import key_similarity
from normalizer.rules.tsv import rule_table

SCRIPTS = ("deva", "arab", "urdu", "cyrl")
#: Partial spellings kept while reading a word left to right.
BEAM = 48
#: Cost of each less usual choice (the n-th alternative costs n times this).
CHOICE_COST = 0.02
_VIRAMA = "\u094d"
_ANUSVARA = "\u0902"
#: The first letter of each word or hyphenated part.
_CAPITALS = re.compile(r"(?<![^\W\d_])[^\W\d_]")


@cached()
def _table() -> tuple[dict[str, dict[str, tuple[str, ...]]], tuple[str, ...]]:
    rows: dict[str, dict[str, tuple[str, ...]]] = {}
    for row in rule_table("rules/spellings.tsv"):
        cells = {k: tuple(v.strip() for v in row[k].split("|")) if row[k].strip() else () for k in
                 ("deva", "deva_initial", "arab", "urdu", "cyrl", "cyrl_initial")}
        rows[row["latin"]] = {**cells, "kind": (row["kind"],)}
    return rows, tuple(sorted(rows, key=len, reverse=True))


def graphemes(word: str) -> list[str]:
    """Split a lowercase Latin word into the table's graphemes, longest first (unknown letters pass)."""
    _, keys = _table()
    out, i = [], 0
    while i < len(word):
        unit = next((k for k in keys if word.startswith(k, i)), word[i])
        out.append(unit)
        i += len(unit)
    return out


def _options(units: list[str], k: int, script: str) -> list[str]:
    rows, _ = _table()
    unit = units[k]
    row = rows.get(unit)
    if row is None:
        return [""]
    vowel = row["kind"][0] == "V"
    first = k == 0
    after_vowel = k > 0 and rows.get(units[k - 1], {}).get("kind", ("",))[0] == "V"
    last = k == len(units) - 1
    nxt_consonant = not last and rows.get(units[k + 1], {}).get("kind", ("",))[0] == "C"
    if script == "deva":
        if vowel:
            return list(row["deva_initial"] if first or after_vowel else row["deva"])
        joins = [""] if last or not nxt_consonant else [_VIRAMA, ""]
        out = [c + j for c in row["deva"] for j in joins]
        if unit in ("n", "m") and nxt_consonant:
            out.insert(1, _ANUSVARA)
        return out
    if script in ("arab", "urdu"):
        cells = row["arab" if script == "arab" else "urdu"]
        if vowel and first:
            return list(dict.fromkeys("ا" + (c if c not in ("ا", "") else "") for c in cells))
        if vowel and last and unit == "a":
            return ["ا", "ة", "ه"] if script == "arab" else ["ا", "ہ", "ه"]
        return list(cells)
    if vowel and (first or after_vowel) and row["cyrl_initial"]:
        return list(row["cyrl_initial"])
    return list(row["cyrl"])


def _spell(units: list[str], script: str, start: float) -> list[tuple[str, float]]:
    states: list[tuple[str, float]] = [("", start)]
    for k in range(len(units)):
        options = _options(units, k, script)
        states = sorted(((s + o, cost + n * CHOICE_COST) for s, cost in states for n, o in enumerate(options)),
                        key=lambda x: x[1])[:BEAM]
    return states


def _single(units: list[str]) -> list[str]:
    """The graphemes with a doubled consonant written once (Harris → haris)."""
    rows, _ = _table()
    out: list[str] = []
    for u in units:
        if not (out and u == out[-1] and rows.get(u, {}).get("kind", ("",))[0] == "C"):
            out.append(u)
    return out


def _word(word: str, script: str) -> list[tuple[str, float]]:
    units = graphemes(word)
    single = _single(units)
    if script == "cyrl" or single == units:
        states = _spell(units, script, 0.0)  # Russian keeps a doubled letter: Харрис, Кеннеди
    elif script == "deva":
        # once first (हैरिस), twice next (Hindi names double a geminate: Pallavi = पल्लवी)
        states = _spell(single, script, 0.0) + _spell(units, script, CHOICE_COST)
    else:
        states = _spell(single, script, 0.0)  # Arabic script writes a geminate once (a shadda at most)
    target = token_of(word).key
    scored: dict[str, tuple[str, float]] = {}
    for spelling, cost in states:
        if not spelling:
            continue
        score = key_similarity(token_of(spelling).key, target) - cost
        key = clean(spelling)
        if key not in scored or score > scored[key][1]:
            scored[key] = (spelling, score)
    return sorted(scored.values(), key=lambda x: -x[1])


def latin_words(name: str) -> list[str]:
    """The Latin words of ``name``, lowercase, diacritics folded (José → jose, Erdoğan →
    erdogan); words in other scripts are left out.

    >>> latin_words("José Mourinho"), latin_words("Путин")
    (['jose', 'mourinho'], [])
    """
    out = []
    for word in clean(name).split():
        if all(script_of(c) in ("Latn", "Zyyy", "Zinh") for c in word) and (folded := romanize_latn(word)):
            out.append(folded)
    return out


def generate(name: str, script: str, limit: int = 5) -> list[tuple[str, float]]:
    """Return up to ``limit`` ``(spelling, score)`` for a Latin ``name`` in ``script``, best first.

    >>> [s for s, _ in generate("Putin", "cyrl", 1)], [s for s, _ in generate("Harris", "arab", 1)]
    (['Путин'], ['هاريس'])
    """
    if script not in SCRIPTS:
        raise ValueError(f"unknown script {script!r}: choose from {', '.join(SCRIPTS)}")
    words = latin_words(name)
    if not words:
        return []
    per_word = [_word(w, script)[:limit] for w in words]
    if any(not options for options in per_word):
        return []
    combos = []
    for combo in itertools.islice(itertools.product(*per_word), 200):
        spelling = " ".join(s for s, _ in combo)
        if script == "cyrl":  # a name, written as one: capitals (Сергей Лавров, Нью-Йорк)
            spelling = _CAPITALS.sub(lambda m: m.group(0).upper(), spelling)
        combos.append((spelling, sum(sc for _, sc in combo) / len(combo)))
    combos.sort(key=lambda x: -x[1])
    return combos[:limit]


def naive(name: str, script: str) -> str:
    """The baseline: each Latin letter replaced by its first single-letter spelling, no rules."""
    rows, _ = _table()
    column = {"deva": "deva", "arab": "arab", "urdu": "urdu", "cyrl": "cyrl"}[script]
    out = []
    for ch in clean(name):
        cells = rows.get(ch, {}).get(column, ())
        out.append(cells[0] if cells else ("" if ch != " " else " "))
    return "".join(out)
