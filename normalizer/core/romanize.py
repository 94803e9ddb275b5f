"""Step 4 — romanization: one reader per script, the best single Latin reading.

Accepts: cleaned tokens (see :mod:`normalizer.core.clean`).
Guarantees: lowercase ASCII output (letters, digits, apostrophes); Devanagari is
read with Hindi schwa deletion (ट्रंप → tramp, not trampa); Arabic-script long
vowel letters become vowels (تورشين → turshin); Cyrillic by a BGN-like table;
Latin loses its diacritics; other Indic scripts go through Devanagari; anything
else falls back to ``unidecode``. Unknown characters are dropped from the reading
and reported by :func:`unread`.
Does not: fold sounds into classes (that is :mod:`normalizer.core.key`).

This is the ONLY module that imports indic-transliteration, pyarabic or unidecode,
so a romanizer can be swapped (for quality or licence) in one file.
"""

from __future__ import annotations

import re

from pyarabic import araby
from unidecode import unidecode

from normalizer.caches import cached
from normalizer.core.clean import clean
from normalizer.core.scripts import dominant_script, split_runs
from normalizer.rules.tsv import rule_table

_OTHER_INDIC = {"Beng": "bengali", "Guru": "gurmukhi", "Gujr": "gujarati", "Orya": "oriya",
                "Taml": "tamil", "Telu": "telugu", "Knda": "kannada", "Mlym": "malayalam"}
_ASCII_KEEP = re.compile(r"[^a-z0-9']+")


@cached()
def _deva() -> dict[str, tuple[str, str]]:
    return {r["char"]: (r["kind"], r["latin"]) for r in rule_table("rules/translit-deva.tsv")}


@cached()
def _arab() -> dict[str, tuple[str, str]]:
    return {r["char"]: (r["kind"], r["latin"]) for r in rule_table("rules/translit-arab.tsv")}


@cached()
def _cyrl() -> dict[str, str]:
    return {r["char"]: r["latin"] for r in rule_table("rules/translit-cyrl.tsv")}


_LABIALS = set("पफबभम")
_KEEP_FINAL_A_AFTER = {"y", "r", "v"}  # मित्र mitra, सत्य satya, विश्व vishva: keep the final a after such a cluster
#: A cluster that may begin a syllable — a consonant and र ल य, or स श and a stop — lets an a
#: before it fall (गुरप्रीत gurprit, मनज्योत manjyot, एपस्टीन epstin); before any other
#: cluster the a is pronounced (बनर्जी banarji, सुरक्षा suraksha, सरस्वती sarasvati).
_ONSET_SECOND = set("रलय")
_ONSET_S = set("सश")
_STOP_LETTERS = set("कखगघचछजझटठडढतथदधपफबभ")


_VISARGA = "\u0903"


def read_deva(token: str) -> str:
    """Read one Devanagari token with Hindi schwa deletion.

    >>> read_deva("ट्रंप"), read_deva("अलनूर"), read_deva("नरेंद्र"), read_deva("प्योंगयांग"), read_deva("ज़हरः")
    ('tramp', 'alnur', 'narendra', 'pyongyang', 'zahrah')
    >>> read_deva("बनर्जी"), read_deva("गुरप्रीत")
    ('banarji', 'gurprit')
    """
    table = _deva()
    segs: list[list[str]] = []  # [kind, latin]: C consonant, V vowel, S inherent a, N nasal, H visarga, X other
    i = 0
    n = len(token)
    while i < n:
        pair = token[i : i + 2]
        if len(pair) == 2 and pair in table:
            kind, latin = table[pair]
            step = 2
        elif token[i] in table:
            kind, latin = table[token[i]]
            step = 1
        else:
            segs.append(["X", _ascii(token[i])])
            i += 1
            continue
        char = token[i]
        i += step
        if kind == "consonant":
            segs.append(["C", latin, char])
            nxt = table.get(token[i], ("", ""))[0] if i < n else ""
            if nxt == "nukta":
                i += 1
                nxt = table.get(token[i], ("", ""))[0] if i < n else ""
            if nxt == "matra":
                segs.append(["V", table[token[i]][1]])
                i += 1
            elif nxt != "virama":
                segs.append(["S", "a"])
        elif kind in ("vowel", "matra"):
            segs.append(["V", latin])
        elif kind == "anusvara":
            segs.append(["N", "n"])
        elif kind in ("virama", "nukta"):
            continue  # a virama after a consonant was handled with it; a stray one reads as nothing
        elif char == _VISARGA:
            segs.append(["H", latin])  # an h after a pronounced vowel: ज़हरः = zahrah, not zaharh
        else:
            segs.append(["X", latin])
    _delete_schwas(segs)
    for k, seg in enumerate(segs):
        if seg[0] == "N":
            nxt_c = next((s for s in segs[k + 1 :] if s[0] == "C"), None)
            adjacent = k + 1 < len(segs) and segs[k + 1][0] == "C"
            seg[1] = "m" if adjacent and nxt_c is not None and nxt_c[2] in _LABIALS else "n"
    return "".join(s[1] for s in segs)


def _is_vowel(seg: list[str]) -> bool:
    return seg[0] in ("V", "S", "N")


def _delete_schwas(segs: list[list[str]]) -> None:
    """Delete inherent vowels that Hindi does not pronounce (marks them with an empty reading).

    The final a falls (not after a cluster ending in y r v: मित्र); then, from right to left
    (Ohala's rule), an a between a vowel and a consonant falls when that consonant starts a
    syllable — a vowel after it, or a cluster that can begin one — and the a after it stays:
    परमजीत paramjit, धरमपाल dharampal, कमलप्रीत kamalprit (read from the left: parmajit).
    """
    last = len(segs) - 1
    while last >= 0 and segs[last][0] == "X":
        last -= 1
    if last > 0 and segs[last][0] == "S" and any(_is_vowel(s) for s in segs[:last - 1]):
        cluster = last >= 2 and segs[last - 1][0] == "C" and segs[last - 2][0] == "C"
        if not (cluster and segs[last - 1][1] in _KEEP_FINAL_A_AFTER):
            segs[last] = ["D", ""]
    for k in range(last - 1, 1, -1):
        if segs[k][0] != "S":
            continue
        left_c, left_v = segs[k - 1], segs[k - 2]
        if left_c[0] != "C" or not _is_vowel(left_v) or left_v[0] == "D":
            continue
        if k + 2 > len(segs) - 1:
            continue
        right_c, after = segs[k + 1], segs[k + 2]
        if right_c[0] == "C" and (after[0] in ("V", "S", "N") or after[0] == "C" and (
                after[2] in _ONSET_SECOND or right_c[2] in _ONSET_S and after[2] in _STOP_LETTERS)):
            segs[k] = ["D", ""]


#: Arabic-script letters read h, and the Latin letters that would make a digraph with it.
_ARAB_H = frozenset("هح")
_DIGRAPH_FIRST = frozenset("bcdgjkprstz")


def read_arab(token: str) -> str:
    """Read one Arabic-script token (Arabic, Urdu, Persian letters).

    An h (ه, ح) after a consonant is set apart with an apostrophe (طهران → t'hran, Tehran),
    so the key never reads it as the second letter of a digraph; ``data/rules/alternates.tsv``
    adds the aspirate reading (دهارا = Dhara) as a second reading of a query.

    >>> read_arab("تورشين"), read_arab("ترامب"), read_arab("ويكيليكس"), read_arab("بحرين")
    ('turshin', 'tramb', 'wikiliks', "b'hrin")
    """
    table = _arab()
    token = araby.strip_tatweel(araby.strip_tashkeel(token))  # romanize_token may get uncleaned text
    out: list[str] = []
    n = len(token)
    for i, char in enumerate(token):
        kind, latin = table.get(char, ("other", ""))
        nxt = token[i + 1] if i + 1 < n else ""
        if kind == "other":
            out.append(_ascii(char))
        elif i == 0 and char == "ا" and nxt == "و":
            continue  # a hamza seat: أوباما, أون — the waw gives the vowel
        elif kind == "waw":
            between_vowels = bool(out) and out[-1] in ("a", "u", "i") and nxt in ("ي", "و")
            out.append("w" if i == 0 or nxt == "ا" or between_vowels else "u")
        elif kind == "yeh":
            out.append("y" if i == 0 or nxt in ("ا", "و") else "i")
        elif char == "ه" and i == n - 1 and i > 0 and table.get(token[i - 1], ("", ""))[0] == "consonant":
            out.append("a")
        elif char in _ARAB_H and out and out[-1][-1:] in _DIGRAPH_FIRST:
            out.append("'h")  # طهران: t, then h (Tehran), not the digraph th; see fold.005
        else:
            out.append(latin)
    return "".join(out)


_SOFT_VOWELS = frozenset("яюё")
_CYRL_ASPIRABLE = frozenset("тпк")
_CYRL_VOWELS_AND_SIGNS = frozenset("аеёиоуыэюяіїєьъ")


def read_cyrl(token: str) -> str:
    """Read one Cyrillic token (Russian, Ukrainian, Kazakh letters).

    >>> read_cyrl("путин"), read_cyrl("шойгу"), read_cyrl("брюссель"), read_cyrl("ялта")
    ('putin', 'shoygu', 'brussel', 'yalta')
    """
    table = _cyrl()
    out = []
    for i, c in enumerate(token):
        latin = table.get(c, _ascii(c))
        if c in _SOFT_VOWELS and i > 0 and token[i - 1] not in _CYRL_VOWELS_AND_SIGNS:
            latin = latin[1:]  # after a consonant я ю ё soften it: Брюссель = Brussels, not Bryussel
        elif c == "х" and i > 0 and token[i - 1] in _CYRL_ASPIRABLE:
            latin = "h"  # тх пх кх: the aspirates of Asian names, th ph kh (Тхаксин = Thaksin, Пхукет = Phuket)
        out.append(latin)
    return "".join(out)


def romanize_latn(token: str) -> str:
    """Read a Latin token: strip diacritics, lowercase."""
    return _ascii(token)


def _ascii(text: str) -> str:
    return _ASCII_KEEP.sub("", unidecode(text).lower())


def _read_other_indic(token: str, script: str) -> str:
    from indic_transliteration import sanscript

    deva = sanscript.transliterate(token, _OTHER_INDIC[script], sanscript.DEVANAGARI)
    return read_deva(deva)


def romanize_token(token: str, script: str | None = None) -> str:
    """Read one cleaned token with the reader for its script (mixed tokens are read run by run)."""
    if token.isascii():
        return _ASCII_KEEP.sub("", token.lower())
    runs = split_runs(token) if script is None else [(script, token)]
    parts = []
    for run_script, run in runs:
        if run_script == "Deva":
            parts.append(read_deva(run))
        elif run_script == "Arab":
            parts.append(read_arab(run))
        elif run_script == "Cyrl":
            parts.append(read_cyrl(run))
        elif run_script in _OTHER_INDIC:
            parts.append(_read_other_indic(run, run_script))
        else:
            parts.append(_ascii(run))
    return "".join(parts)


def unread(token: str) -> str:
    """Return the characters of ``token`` that no reader knows (kept for the evidence)."""
    known = _known_chars()
    read_here = ("Deva", "Arab", "Cyrl")
    return "".join(c for c in token if not c.isascii() and c not in known and dominant_script(c) in read_here)


@cached()
def _known_chars() -> frozenset[str]:
    return frozenset(_deva()) | frozenset(_arab()) | frozenset(_cyrl())


def romanize(text: str) -> str:
    """Return the best Latin reading of ``text`` in any supported script.

    Args:
        text: a name or any string; cleaned first (see :func:`normalizer.clean.clean`).

    Returns:
        Lowercase ASCII words separated by single spaces.

    Raises:
        TypeError: ``text`` is not a ``str``.

    >>> romanize("تورشين")
    'turshin'
    >>> romanize("किम जोंग-उन")
    'kim jong un'
    """
    return " ".join(w for w in (romanize_token(t) for t in clean(text).split()) if w)
