"""Step 3 — affixes: the readings of a query worth scoring.

Accepts: cleaned text (see :mod:`normalizer.core.clean`).
Guarantees: :func:`variants` returns the text as given first, then each distinct
reading with titles (``data/rules/titles.tsv``), a trailing postposition
(``data/rules/postpositions-hi.tsv``) or Arabic proclitics (``data/rules/clitics-ar.tsv``)
removed, generic words translated (``data/rules/designators.tsv``), two short tokens
joined, and the alternate readings of ``data/rules/alternates.tsv`` (Russian case
endings and adjectives of place names, initial г for h, у for w, гв for gu, ев for eu,
plural -ы for -s, ей for a, -ция for -ce; Hindi anusvara as m, a before र् as e, ाइ as i, औ as o; Arabic ه after
a consonant as the second letter of an aspirate, و before ي as w) — at most
:data:`MAX_VARIANTS`, each with the steps that made it. The scorer keeps whichever
reading matches best, so stripping never makes a match worse. :func:`strip_article`
removes the Arabic article ال (the index files aliases both ways). :func:`place_words`
are the generic words that say a query names a place or an organisation.
Does not: decide which reading is right.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from normalizer.caches import cached
from normalizer.core.clean import clean
from normalizer.core.scripts import letter_scripts
from normalizer.model import Step
from normalizer.rules.tsv import rule_table

#: At most this many readings of one query are scored.
MAX_VARIANTS = 12
#: At most this many of them are alternate readings (data/rules/alternates.tsv).
MAX_ALTERNATES = 6
#: Two adjacent tokens are also tried as one word when together they are at most this long.
MAX_JOINED = 12
_ARTICLE = "ال"
_MIN_STEM = 2


@cached()
def titles() -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """Return titles as ``(cleaned tokens, position, rule id)``, longest first."""
    out = {}
    for row in rule_table("rules/titles.tsv"):
        tokens = tuple(clean(row["form"]).split())
        if tokens:
            out[(tokens, row["position"])] = f"{row['lang']}.title.{'-'.join(tokens)}"
    return tuple(sorted(((t, p, r) for (t, p), r in out.items()), key=lambda x: -len(x[0])))


@cached()
def postpositions() -> tuple[tuple[tuple[str, ...], str], ...]:
    """Return Hindi postpositions as ``(cleaned tokens, rule id)``, longest first."""
    rows = [(tuple(clean(r["form"]).split()), r["rule_id"]) for r in rule_table("rules/postpositions-hi.tsv")]
    return tuple(sorted((r for r in rows if r[0]), key=lambda x: -len(x[0])))


@cached()
def proclitics() -> tuple[tuple[str, str], ...]:
    """Return Arabic proclitics as ``(cleaned form, rule id)``, longest first."""
    rows = [(clean(r["form"]).replace(" ", ""), r["rule_id"]) for r in rule_table("rules/clitics-ar.tsv")]
    return tuple(sorted((r for r in rows if r[0]), key=lambda x: -len(x[0])))


@cached()
def designators() -> dict[tuple[str, ...], tuple[str, str]]:
    """Return translated generic words of names: cleaned tokens → (English words, rule id).

    उत्तर कोरिया is North Korea: उत्तर is translated, कोरिया transliterated. A form may
    clean to several tokens (Russian о-ва → о ва).
    """
    out = {}
    for row in rule_table("rules/designators.tsv"):
        form = tuple(clean(row["form"]).split())
        if form:
            out[form] = (clean(row["english"]), f"{row['lang']}.designator.{row['english'].replace(' ', '-')}")
    return out


@cached()
def context_designators() -> frozenset[tuple[str, ...]]:
    """Return the cleaned forms of the generic words that name a kind of place or body
    (کشور "country", جمهورية "republic", جزيرة "island": ``context`` = yes in
    ``data/rules/designators.tsv``). Right before a ``context`` alias of a place or an
    organisation, one of them opens it (کشور مالی, "the country Mali"); "of", "new" or
    "north" do not (Urdu سال کی شام is "the evening of the year", not Syria)."""
    return frozenset(tuple(clean(r["form"]).split()) for r in rule_table("rules/designators.tsv")
                     if r["context"] == "yes" and clean(r["form"]))


@cached()
def _designator_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(k) for k in designators()}, reverse=True))


@cached()
def place_words() -> frozenset[str]:
    """Return the English generic words that name a place or an organisation, never a person
    (republic, kingdom, islands …: ``data/rules/place-words.tsv``)."""
    return frozenset(clean(r["word"]) for r in rule_table("rules/place-words.tsv"))


@cached()
def optional_words() -> frozenset[str]:
    """Return the English generic words a name often drops (republic, kingdom, of …)."""
    return frozenset(clean(r["english"]) for r in rule_table("rules/designators.tsv") if r["optional"] == "yes")


@cached()
def letter_names() -> dict[str, str]:
    """Return cleaned spelling → Latin letter for letters written by their names
    (``data/rules/letter-names.tsv``): Hindi writes the initials of M. S. Dhoni एम. एस.,
    of P. Chidambaram पी."""
    return {clean(r["spelling"]): r["letter"].lower() for r in rule_table("rules/letter-names.tsv")}


@cached()
def kinship_words() -> frozenset[str]:
    """Return the cleaned kinship words of ``data/rules/kinship.tsv`` (ابنة, बेटी, дочь …).

    They are ordinary words, not names: the scorer aligns one only with a word of the same
    key, so "Trump's daughter" (ابنة ترامب) does not read as "Trump the son" (ترامب الابن).
    """
    return frozenset(clean(r["form"]) for r in rule_table("rules/kinship.tsv"))


def translate_designators(tokens: list[str]) -> tuple[list[str], list[Step]]:
    """Replace translated generic words by their English form (Южная Корея → south корея).

    A token that is the whole name is left alone (a designator is never the name).
    """
    if len(tokens) < 2:
        return tokens, []
    table = designators()
    out: list[str] = []
    steps: list[Step] = []
    i = 0
    while i < len(tokens):
        for k in _designator_lengths():
            hit = table.get(tuple(tokens[i:i + k])) if k < len(tokens) or i > 0 else None
            if hit is not None:
                out.extend(hit[0].split())
                steps.append(Step("affix", hit[1], " ".join(tokens[i:i + k]), hit[0]))
                i += k
                break
        else:
            out.append(tokens[i])
            i += 1
    return out, steps


def strip_titles(tokens: list[str]) -> tuple[list[str], list[Step]]:
    """Remove leading (and trailing) titles while at least one token remains.

    The longest title goes first; of two that are as long, the one listed first.
    """
    lookup, lengths = _title_lookup()
    steps: list[Step] = []
    while True:
        for k in lengths:
            if len(tokens) <= k:
                continue
            hits = [h for h in (lookup.get((tuple(tokens[:k]), "before")),
                                lookup.get((tuple(tokens[-k:]), "after"))) if h is not None]
            if hits:
                _, position, rule_id = min(hits)
                rest = tokens[k:] if position == "before" else tokens[:-k]
                steps.append(Step("affix", rule_id, " ".join(tokens), " ".join(rest)))
                tokens = rest
                break
        else:
            return tokens, steps


@cached()
def _title_lookup() -> tuple[dict[tuple[tuple[str, ...], str], tuple[int, str, str]], tuple[int, ...]]:
    """:func:`titles` as a map ``(tokens, position) → (rank, position, rule id)``, and their lengths, longest first."""
    lookup = {(form, position): (rank, position, rule_id) for rank, (form, position, rule_id) in enumerate(titles())}
    return lookup, tuple(sorted({len(form) for form, _ in lookup}, reverse=True))


def strip_postpositions(tokens: list[str]) -> tuple[list[str], list[Step]]:
    """Remove one trailing postposition (पुतिन के → पुतिन) if a name token remains."""
    for form, rule_id in postpositions():
        k = len(form)
        if len(tokens) > k and tuple(tokens[-k:]) == form:
            return tokens[:-k], [Step("affix", rule_id, " ".join(tokens), " ".join(tokens[:-k]))]
    return tokens, []


def clitic_readings(token: str) -> list[tuple[str, str]]:
    """Return ``(stem, rule id)`` for every proclitic that can be taken off an Arabic token.

    ``لل`` (li + al) leaves the stem without its article.
    """
    out = []
    for form, rule_id in proclitics():
        if token.startswith(form) and len(token) - len(form) >= _MIN_STEM:
            out.append((token[len(form):], rule_id))
    return out


def strip_article(token: str) -> str:
    """Return an Arabic-script token without a leading article ال (الكرملين → كرملين)."""
    if token.startswith(_ARTICLE) and len(token) - 2 >= _MIN_STEM:
        return token[2:]
    return token


def variants(cleaned: str, place: Callable[[str], bool] | None = None) -> list[tuple[str, tuple[Step, ...]]]:
    """Return readings of a cleaned query: the text itself first, then with affixes removed.

    ``place`` says whether a word names a place (or is its adjective): such a word right
    before or after a title goes with it (رئیس‌جمهور آمریکا, रूसी राष्ट्रपति).

    >>> readings = [v for v, _ in variants(clean("وبوتين"))]
    >>> readings[0], "بوتين" in readings
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
    # worked-on first), then clitic cuts and joined tokens; the list is cut at MAX_VARIANTS.
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
    return list(out.items())[:MAX_VARIANTS]


def _title_places(tokens: list[str], base: list[str], steps: list[Step],
                  place: Callable[[str], bool]) -> tuple[list[str], list[Step]]:
    """Take a place word standing before a leading title (रूसी राष्ट्रपति, Russian President)
    or right after it (الرئيس الأمريكي, Президент России) off with the title."""
    if not steps and len(tokens) >= 3:
        rest, rest_steps = strip_titles(tokens[1:])
        if rest_steps and place(tokens[0]):
            first = Step("affix", "title-place", " ".join(tokens), " ".join(tokens[1:]))
            return rest, [first, *rest_steps]
    if steps and len(base) >= 2 and tokens[len(tokens) - len(base):] == base and place(base[0]):
        return base[1:], [*steps, Step("affix", "title-place", " ".join(base), " ".join(base[1:]))]
    return base, steps


def clitic_cuts(tokens: list[str]) -> list[tuple[str, tuple[Step, ...]]]:
    """Return readings with Arabic proclitics cut off one or more tokens (at most MAX_VARIANTS)."""
    options: list[list[tuple[str, tuple[Step, ...]]]] = []
    for token in tokens:
        opts: list[tuple[str, tuple[Step, ...]]] = [(token, ())]
        for stem, rule_id in clitic_readings(token):
            opts.append((stem, (Step("affix", rule_id, token, stem),)))
        options.append(opts)
    out = []
    for combo in itertools.islice(itertools.product(*options), 1, MAX_VARIANTS + 1):
        out.append((" ".join(t for t, _ in combo), tuple(st for _, steps in combo for st in steps)))
    return out


@cached()
def alternates() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """Return the rules of ``data/rules/alternates.tsv``: another way a letter is read."""
    return tuple((r["rule_id"], re.compile(r["pattern"]), r["replace"]) for r in rule_table("rules/alternates.tsv"))


@cached()
def alternate_rule_ids() -> frozenset[str]:
    """Return the ids of the rules of ``data/rules/alternates.tsv``."""
    return frozenset(rule_id for rule_id, _, _ in alternates())


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
            out.append((" ".join(joined), Step("affix", LETTER_NAMES_RULE, " ".join(tokens[i:j]), run)))
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
            out.append((" ".join(joined), Step("affix", "join", f"{tokens[i]} {tokens[i + 1]}", pair)))
    return out
