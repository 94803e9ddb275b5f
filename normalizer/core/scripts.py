"""Step 2 — scripts: tag each character and split text into runs of one script.

Accepts: cleaned text.
Guarantees: codes follow ISO 15924 (``Deva``, ``Arab``, ``Cyrl``, ``Latn``); other
Indic scripts are reported by their own code (``Beng``, ``Guru`` …) so the
romanizer can convert them; digits, spaces and marks are ``Zyyy`` (common) and
join the run they stand in.
Does not: guess the language of a run.
"""

from __future__ import annotations

import re

from normalizer.caches import cached
from normalizer.config import CHAR_CACHE

_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latn"), (0x0061, 0x007A, "Latn"), (0x00C0, 0x024F, "Latn"),
    (0x1E00, 0x1EFF, "Latn"), (0x0400, 0x052F, "Cyrl"), (0x1C80, 0x1C8F, "Cyrl"),
    (0x2DE0, 0x2DFF, "Cyrl"), (0xA640, 0xA69F, "Cyrl"), (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"), (0x08A0, 0x08FF, "Arab"), (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"), (0x0900, 0x097F, "Deva"), (0xA8E0, 0xA8FF, "Deva"),
    (0x0980, 0x09FF, "Beng"), (0x0A00, 0x0A7F, "Guru"), (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"), (0x0B80, 0x0BFF, "Taml"), (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"), (0x0D00, 0x0D7F, "Mlym"),
)


@cached(CHAR_CACHE)
def script_of(char: str) -> str:
    """Return the ISO 15924 code of one character (``Zyyy`` for common, ``Zzzz`` unknown)."""
    code = ord(char)
    if code < 0x80:
        return "Latn" if char.isalpha() else "Zyyy"
    for low, high, script in _RANGES:
        if low <= code <= high:
            return script
    if not char.isalpha():
        return "Zyyy"
    return "Zzzz"


def dominant_script(text: str) -> str:
    """Return the script of the first non-common character, or ``Zyyy`` if none."""
    for char in text:
        script = script_of(char)
        if script != "Zyyy":
            return script
    return "Zyyy"


def split_runs(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into ``(script, run)`` pairs; common characters join the current run.

    >>> split_runs("FSBका")
    [('Latn', 'FSB'), ('Deva', 'का')]
    """
    main = dominant_script(text)
    if main == "Zyyy" or not _foreign_letter(main).search(text):
        return [(main, text)] if text else []  # one script (the usual case): no per-character loop
    runs: list[tuple[str, str]] = []
    current = ""
    current_script = "Zyyy"
    for char in text:
        script = script_of(char)
        if script in ("Zyyy", current_script) or current_script == "Zyyy":
            current += char
            if current_script == "Zyyy":
                current_script = script
            continue
        runs.append((current_script, current))
        current, current_script = char, script
    if current:
        runs.append((current_script, current))
    return runs


@cached()
def _foreign_letter(script: str) -> re.Pattern[str]:
    """A pattern for a letter outside ``script``'s ranges."""
    ranges = "".join(f"\\u{lo:04x}-\\u{hi:04x}" if hi <= 0xFFFF else "" for lo, hi, s in _RANGES if s == script)
    return re.compile(f"[^\\W\\d_{ranges}]")


def letter_scripts(text: str) -> set[str]:
    """Return the scripts of the letters of ``text`` (fast when there is only one).

    >>> sorted(letter_scripts("Пyтин")), letter_scripts("पुतिन")
    (['Cyrl', 'Latn'], {'Deva'})
    """
    main = dominant_script(text)
    if main == "Zyyy":
        return set()
    if not _foreign_letter(main).search(text):
        return {main}
    found = {script for script in _COMMON_SCRIPTS if _letter_of(script).search(text)}
    if _other_letter().search(text):
        found |= {script_of(c) for c in text if c.isalpha()} - {"Zyyy"}
    return found


_COMMON_SCRIPTS = ("Latn", "Cyrl", "Arab", "Deva")


def letter_ranges(script: str) -> str:
    """Return the letters of ``script`` as the inside of a regular-expression class (``\\u0900-\\u097f…``).

    >>> re.fullmatch(f"[{letter_ranges('Deva')}]+", "पुतिन") is not None
    True
    """
    return "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi, s in _RANGES if s == script and hi <= 0xFFFF)


@cached()
def _letter_of(script: str) -> re.Pattern[str]:
    return re.compile(f"[{letter_ranges(script)}]")


@cached()
def _other_letter() -> re.Pattern[str]:
    ranges = "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi, s in _RANGES if s in _COMMON_SCRIPTS and hi <= 0xFFFF)
    return re.compile(f"[^\\W\\d_{ranges}]")
