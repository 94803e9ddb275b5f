"""Step 3b — readings: the ways of reading a cleaned query that are worth scoring.

Accepts: cleaned text (see :mod:`normalizer.core.clean`).
Guarantees: :func:`readings` returns the text as given first, then each distinct reading
with titles, a trailing postposition or Arabic proclitics removed (:mod:`normalizer.core.affixes`),
generic words translated, two short tokens joined, letters written by their names read as
the Latin letters, and the alternate readings of ``data/rules/alternates.tsv`` (Russian case
endings and adjectives of place names, initial г for h, у for w, гв for gu, ев for eu,
plural -ы for -s, ей for a, -ция for -ce; Hindi anusvara as m, a before र् as e, ाइ as i, औ as
o; Arabic ه after a consonant as the second letter of an aspirate, و before ي as w) — at
most :data:`MAX_READINGS`, each with the steps that made it. The scorer keeps whichever
reading matches best, so a reading never makes a match worse.
Does not: decide which reading is right.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from normalizer.caches import cached
from normalizer.core.affixes import clitic_readings, strip_postpositions, strip_titles, translate_designators
from normalizer.core.lexicons import alternates, letter_names
from normalizer.core.scripts import letter_scripts
from normalizer.model import Step

#: At most this many readings of one query are scored.
MAX_READINGS = 12
#: At most this many of them are alternate readings (data/rules/alternates.tsv).
MAX_ALTERNATES = 6
#: Two adjacent tokens are also tried as one word when together they are at most this long.
MAX_JOINED = 12


def readings(cleaned: str, place: Callable[[str], bool] | None = None) -> list[tuple[str, tuple[Step, ...]]]:
    """Return readings of a cleaned query: the text itself first, then with affixes removed.

    ``place`` says whether a word names a place (or is its adjective): such a word right
    before or after a title goes with it (رئیس‌جمهور آمریکا, रूसी राष्ट्रपति).

    >>> from normalizer.core.clean import clean
    >>> texts = [text for text, _ in readings(clean("وبوتين"))]
    >>> texts[0], "بوتين" in texts
    ('وبوتين', True)
    """
    tokens = cleaned.split()
    if not tokens:
        return []
    base, steps = strip_titles(tokens)
    if place is not None:
        base, steps = _title_places(tokens, base, steps, place)
    base2, post = strip_postpositions(base)
    heads: list[tuple[list[str], tuple[Step, ...]]] = [(tokens, ())]
    if steps or post:
        heads.append((base2, tuple(steps + post)))
    translated, trans_steps = translate_designators(base2)
    if trans_steps:
        heads.append((translated, tuple(steps + post + trans_steps)))
    # In order of priority: the heads (as given, without titles and postpositions, with
    # generic words translated), the alternate readings of the last two heads (the most
    # worked-on first), then clitic cuts and joined tokens; the list is cut at MAX_READINGS.
    out: dict[str, tuple[Step, ...]] = {}
    for head, head_steps in heads:
        out.setdefault(" ".join(head), head_steps)
    alternate_count = 0
    for head, head_steps in heads[::-1][:2]:
        for alternate, step in alternate_readings(" ".join(head)):
            if alternate not in out and alternate_count < MAX_ALTERNATES:
                out[alternate] = head_steps + (step,)
                alternate_count += 1
    for head, head_steps in heads[::-1][:1]:
        for text, step in letter_readings(head):
            out.setdefault(text, head_steps + (step,))
    for head, head_steps in heads:
        for text, cut_steps in clitic_cuts(head):
            out.setdefault(text, head_steps + cut_steps)
    for text, text_steps in list(out.items()):
        for joined, step in joined_readings(text):
            out.setdefault(joined, text_steps + (step,))
    return list(out.items())[:MAX_READINGS]


def _title_places(tokens: list[str], base: list[str], steps: list[Step],
                  place: Callable[[str], bool]) -> tuple[list[str], list[Step]]:
    """Take a place word standing before a leading title (रूसी राष्ट्रपति, Russian President)
    or right after it (الرئيس الأمريكي, Президент России) off with the title."""
    if not steps and len(tokens) >= 3:
        rest, rest_steps = strip_titles(tokens[1:])
        if rest_steps and place(tokens[0]):
            first = Step("affix", TITLE_PLACE_RULE, " ".join(tokens), " ".join(tokens[1:]))
            return rest, [first, *rest_steps]
    if steps and len(base) >= 2 and tokens[len(tokens) - len(base):] == base and place(base[0]):
        return base[1:], [*steps, Step("affix", TITLE_PLACE_RULE, " ".join(base), " ".join(base[1:]))]
    return base, steps


def clitic_cuts(tokens: list[str]) -> list[tuple[str, tuple[Step, ...]]]:
    """Return readings with Arabic proclitics cut off one or more tokens (at most MAX_READINGS)."""
    options: list[list[tuple[str, str]]] = []
    for token in tokens:
        options.append([(token, ""), *clitic_readings(token)])
    out = []
    for combo in itertools.islice(itertools.product(*options), 1, MAX_READINGS + 1):
        current = list(tokens)
        steps = []
        for i, (stem, rule_id) in enumerate(combo):
            if rule_id:  # each cut a step over the whole reading, so the steps replay in order
                before = " ".join(current)
                current[i] = stem
                steps.append(Step("affix", rule_id, before, " ".join(current)))
        out.append((" ".join(current), tuple(steps)))
    return out


@cached()
def _alternate_scripts() -> tuple[frozenset[str], ...]:
    """The scripts of the letters of each alternate rule's pattern: a rule cannot change a
    text that has no letter of them (a Russian rule, a Hindi text)."""
    return tuple(frozenset(letter_scripts(pattern.pattern)) for _, pattern, _ in alternates())


def alternate_readings(text: str) -> list[tuple[str, Step]]:
    """Return one reading per alternate rule that changes some token (Гавана → хавана)."""
    out = []
    scripts = letter_scripts(text)
    for (rule_id, pattern, replace), needs in zip(alternates(), _alternate_scripts(), strict=True):
        if needs and scripts.isdisjoint(needs):
            continue
        tokens = [pattern.sub(replace, t) for t in text.split()]
        changed = " ".join(tokens)
        if changed != text:
            out.append((changed, Step("affix", rule_id, text, changed)))
    return out


#: The rule id of a reading with two adjacent short tokens written as one (xi jin ping → xi jinping).
JOIN_RULE = "join"
#: The rule id of a reading that takes a place word before or after a title off with it.
TITLE_PLACE_RULE = "title-place"
#: The rule id of a reading that writes letter names as the Latin letters (केएनबी → knb).
LETTER_NAMES_RULE = "letter-names"


@cached()
def _letter_name_run() -> re.Pattern[str]:
    """A word made of letter names only (checked in C before the letters are read out)."""
    names = sorted(letter_names(), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, names)) + ")+")


def spelled_letters(token: str) -> str | None:
    """The Latin letters a token spells by their names, if it is made of two or more of them
    and nothing else (केएनबी → knb, बीजेपी → bjp, यूके → uk); else None.

    >>> spelled_letters("केएनबी"), spelled_letters("धोनी"), spelled_letters("एम")
    ('knb', None, None)
    """
    names = letter_names()
    if not token or _letter_name_run().fullmatch(token) is None:
        return None
    longest = max(map(len, names))
    # reach[i]: the letters spelling token[:i], or None (a name may be a prefix of another)
    reach: list[str | None] = [""] + [None] * len(token)
    for i in range(len(token)):
        if reach[i] is None:
            continue
        for k in range(1, min(longest, len(token) - i) + 1):
            letter = names.get(token[i:i + k])
            if letter is not None and reach[i + k] is None:
                reach[i + k] = reach[i] + letter  # type: ignore[operator]
    spelled = reach[-1]
    return spelled if spelled is not None and len(spelled) >= 2 else None


def letter_readings(tokens: list[str]) -> list[tuple[str, Step]]:
    """Readings with letters written by their names read as the Latin letters: a token made
    of them (केएनबी → knb), and a run of two or more tokens that are one each (बी जे पी →
    bjp, एम एस धोनी → ms धोनी), as an acronym is written in a Latin spelling."""
    names = letter_names()
    out = []
    words = [spelled_letters(t) or t for t in tokens]
    if words != tokens:
        out.append((" ".join(words), Step("affix", LETTER_NAMES_RULE, " ".join(tokens), " ".join(words))))
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and tokens[j] in names:
            j += 1
        if j - i >= 2:
            run = "".join(names[t] for t in tokens[i:j])
            joined = tokens[:i] + [run] + tokens[j:]
            out.append((" ".join(joined), Step("affix", LETTER_NAMES_RULE, " ".join(tokens), " ".join(joined))))
        i = max(j, i + 1)
    return out


def joined_readings(text: str) -> list[tuple[str, Step]]:
    """Return readings with two adjacent short tokens written as one (Xi Jin Ping → xi jinping).

    Names split into syllables in one script are often one word in another.
    """
    tokens = text.split()
    out = []
    for i in range(len(tokens) - 1):
        pair = tokens[i] + tokens[i + 1]
        if len(pair) <= MAX_JOINED and len(tokens) > 1:
            joined = tokens[:i] + [pair] + tokens[i + 2:]
            out.append((" ".join(joined), Step("affix", JOIN_RULE, text, " ".join(joined))))
    return out


def joined_word(step: Step) -> str:
    """The word a :data:`JOIN_RULE` step made by joining two (``xi jin ping`` → ``jinping``)."""
    before, after = step.before.split(), step.after.split()
    for i, word in enumerate(after):
        if i >= len(before) or word != before[i]:
            return word
    return ""
