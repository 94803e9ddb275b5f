"""Candidate words of running text, found in compiled code (corpus mode's first step).

Accepts: the cleaned strings a word may be (``whole``), begin with (``prefixes``) or end
with after a short lead (``suffixes``), and any ``str``.
Guarantees: :meth:`Scanner.starts` returns, in text order, the start offset of every word
(a :data:`TOKEN` of the text) whose cleaned form is one of those — and more: the result
is a superset, the caller decides. It runs in
compiled code: the text is mapped character by character to one byte each (a numpy
table lookup, so byte offsets are character offsets), separators to a space, and an
Aho–Corasick automaton (``ahocorasick-rs``) finds the strings with a space before them (and
after them, for ``whole``). A word the per-character map cannot fold exactly — letters
that cleaning drops or merges with a neighbour (Arabic diacritics, joiners, combining
accents, a precomposed nukta, nasal + virama, characters outside the BMP), a dotted
acronym (K.G.B.) or a word that goes on in another script after an Arabic-script lead
(وTrump) — is always returned.
Does not: analyse words (:mod:`normalizer.corpus.words` does, for the words returned here).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from normalizer.caches import cached
from normalizer.config import CHAR_CACHE
from normalizer.core.clean import clean

if TYPE_CHECKING:
    import numpy as np

# numpy and ahocorasick_rs are imported on first use: `import normalizer` stays fast.

# A word: letters, digits and the combining marks, joiners and signs of the supported
# scripts (Devanagari and other Indic blocks without the dandas, Arabic harakat), or an
# acronym written with dots (K.G.B.).
MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
         "\u0900-\u0963\u0966-\u0dff\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe20-\ufe2f")
TOKEN = re.compile(rf"(?:[^\W\d_]\.){{2,}}|[\w{MARKS}]+")

SPACE = 0x20
#: The byte of a word character that the per-character map cannot fold exactly.
SPECIAL = 0x01
#: The byte shared by letters outside the scanner's alphabet.
OTHER = 0x02
_NASAL_VIRAMA = re.compile("[ङञणनम]\u094d(?=[\u0915-\u0939\u0958-\u095f])")
_ACRONYM_DOT = re.compile(r"\.(?=[^\W\d_]\.)")
#: Cleaned letters that get a byte of their own, in order of priority (the rest share
#: OTHER, which only costs a few more candidates): Latin, digits, Devanagari, Arabic with
#: the Persian and Urdu letters, Cyrillic with Ukrainian and Kazakh letters, Latin-1 and
#: Latin Extended-A.
_ALPHABET = ("abcdefghijklmnopqrstuvwxyz0123456789"
             + "".join(map(chr, [*range(0x0902, 0x0904), *range(0x0905, 0x093A), *range(0x093C, 0x094E),
                                 0x0950, *range(0x0960, 0x0964)]))
             + "".join(map(chr, range(0x0621, 0x064B))) + "پچژگٹڈڑںھڤ"
             + "".join(map(chr, range(0x0430, 0x0450))) + "іїєґўәғқңөұүһ"
             + "".join(map(chr, [*range(0x00DF, 0x0100), *range(0x0101, 0x0180, 2)])))


def _composable() -> set[str]:
    """Characters that NFC may merge into the character before them."""
    out = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}  # Hangul V, T
    for cp in range(0x10000):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            second = chr(int(parts[1], 16))
            if unicodedata.normalize("NFC", chr(int(parts[0], 16)) + second) == chr(cp):
                out.add(second)
    return out


@cached()
def byte_table() -> np.ndarray:
    """The per-character map of the scan: a byte for every code point (built once, ≈ 0.5 s).

    A separator (not a :data:`TOKEN` character) is a space; a word character is the byte of
    its cleaned form, or :data:`SPECIAL` when cleaning does not turn it into exactly one
    letter on its own (and for every character outside the BMP).
    """
    import numpy as np

    composable = _composable()
    alphabet: dict[str, int] = {}
    free = iter(b for b in range(3, 256) if b != SPACE)
    for c in _ALPHABET:
        if c not in alphabet and clean(c) == c:
            byte = next(free, None)
            if byte is None:
                break
            alphabet[c] = byte
    table = np.full(0x110000, SPECIAL, dtype=np.uint8)
    for cp in range(0x10000):
        c = chr(cp)
        if 0xD800 <= cp < 0xE000 or not TOKEN.fullmatch(c):
            table[cp] = SPACE
            continue
        x = c.lower() if c.isascii() and c.isalnum() else clean(c)  # cleaning drops _ (Trump_ is Trump)
        if len(x) != 1 or c in composable or x in composable:
            table[cp] = SPECIAL
        else:
            table[cp] = alphabet.get(x, OTHER)
    return table


def encode(text: str) -> bytes:
    """One byte per character of ``text`` (see the module contract)."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return byte_table()[codes].tobytes()


@cached()
def _arabic_lead() -> re.Pattern[bytes]:
    """Words that begin with one to four Arabic-script letters and go on in another script
    (وTrump, بПутин): a proclitic may stand before a word of any table spelling."""
    table = byte_table()
    arabic = sorted({int(table[cp]) for cp in range(0x0600, 0x0700)} - {SPACE, SPECIAL, OTHER})
    letters = b"".join(re.escape(bytes([b])) for b in arabic)
    return re.compile(b" [" + letters + b"]{1,4}[^ " + letters + b"]")


@cached(CHAR_CACHE)
def _encoded(word: str) -> bytes:
    return encode(word)


class Scanner:
    """An automaton over the encoded forms of words, word beginnings and word endings.

    ``whole``: cleaned words a word may be; ``prefixes``: cleaned strings a word may begin
    with; ``suffixes``: cleaned strings a word may end with after at most ``max_lead``
    other characters (an Arabic proclitic before a name).
    """

    def __init__(self, whole: Iterable[str], prefixes: Iterable[str] = (), suffixes: Iterable[str] = (),
                 max_lead: int = 0) -> None:
        patterns = {b" " + encode(w) + b" ": False for w in whole if w}
        patterns.update({b" " + encode(p): False for p in prefixes if p})
        patterns.update({encode(x) + b" ": True for x in suffixes if x})
        kept = sorted(p for p in patterns if SPECIAL not in p)  # such words are always returned
        self.size = len(kept)
        self.max_lead = max_lead
        self._suffix = [patterns[p] for p in kept]
        import ahocorasick_rs

        nfa = ahocorasick_rs.Implementation.ContiguousNFA
        self._automaton = ahocorasick_rs.BytesAhoCorasick(kept, implementation=nfa) if kept else None

    def starts(self, text: str) -> list[int]:
        """Start offsets of the candidate words of ``text``, in text order."""
        return self.scan(text)[1]

    def scan(self, text: str) -> tuple[bytes, list[int]]:
        """The encoded text (one space before and after) and :meth:`starts`."""
        scan = b" " + encode(text) + b" "
        found: set[int] = set()
        if "." in text:
            scan = _join_acronyms(text, scan, found)
        if self._automaton is not None:
            # a hit at scan offset s is the space before a word that starts at text offset s
            hits = self._automaton.find_matches_as_indexes(scan, overlapping=True)
            suffix = self._suffix
            found.update(s for p, s, _ in hits if not suffix[p])
            for p, s, _ in hits:
                if suffix[p] and (space := self._led(scan, s)) is not None:
                    found.add(space)
        k = scan.find(SPECIAL)
        while k != -1:  # every token of a scan word that holds a special character
            start, end = scan.rfind(SPACE, 0, k), scan.find(SPACE, k)
            found.update(tokens(text, start, end - 1))
            k = scan.find(SPECIAL, end)
        found.update(m.start() for m in _arabic_lead().finditer(scan))
        if "\u094d" in text:
            found.update(scan.rfind(SPACE, 0, m.start() + 1) for m in _NASAL_VIRAMA.finditer(text))
        return scan, sorted(found)

    def beginning(self, scan: bytes, heads: Iterable[str], extra: Iterable[int] = (), longer: int = 0) -> list[int]:
        """Starts of the words of an encoded text (from :meth:`scan`) that are more than
        ``longer`` characters long and begin with one of ``heads`` (cleaned; an
        Arabic-script one after at most ``max_lead`` characters), and of the words
        ``extra``, in text order."""
        found = set(extra)
        for head in heads:
            code = _encoded(head)
            if not code or SPECIAL in code:
                continue  # words with such letters are special: the caller passes them in extra
            arabic = "\u0600" <= head[0] <= "\u06ff"
            needle = code if arabic else b" " + code
            k = scan.find(needle)
            while k != -1:
                space = self._led(scan, k) if arabic else k
                if space is not None and scan.find(SPACE, space + 1) - space > longer + 1:
                    found.add(space)
                k = scan.find(needle, k + 1)
        return sorted(found)

    def _led(self, scan: bytes, k: int) -> int | None:
        """The space before the word holding scan offset ``k`` if at most ``max_lead``
        characters of that word come before ``k`` (a proclitic), else None."""
        space = scan.rfind(SPACE, 0, k)
        return space if k - space <= self.max_lead + 1 else None


def tokens(text: str, start: int, end: int) -> list[int]:
    """Starts of the tokens that begin in ``text[start:end]`` (the last may run past it)."""
    out = []
    while start < end and (m := TOKEN.search(text, start)) is not None and m.start() < end:
        out.append(m.start())
        start = m.end()
    return out


def _join_acronyms(text: str, scan: bytes, found: set[int]) -> bytes:
    """Make the inner dots of dotted acronyms (K.G.B.) word bytes, so that the words of
    the scan are the tokens of the text; the acronyms are returned as candidates."""
    patched: bytearray | None = None
    done = 0  # the text before this offset is settled
    for m in _ACRONYM_DOT.finditer(text):
        if m.start() < done:
            continue  # a dot of the acronym just joined
        start = scan.rfind(SPACE, 0, m.start() + 1)
        token = TOKEN.match(text, start)
        if token is None or token.end() <= m.start():
            continue  # AB.C.D.: this dot is not inside a token
        if patched is None:
            patched = bytearray(scan)
        for k in range(start, token.end() - 1):
            if text[k] == ".":
                patched[k + 1] = SPECIAL
        found.add(start)
        done = token.end()
    return bytes(patched) if patched is not None else scan
