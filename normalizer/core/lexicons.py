"""Lexicons: the word lists of ``data/rules``, cleaned as queries are, and what they tell about a word.

Accepts: text and cleaned words.
Guarantees: each list is read once per process (:func:`~normalizer.caches.cached`) and
cleaned with :func:`~normalizer.core.clean.clean`, so it meets queries in their own form:
titles, postpositions, proclitics, generic words (designators, place words, optional
words), letter names, kinship words, alternate readings, stop words, given names and
generational suffixes. :func:`arabic_script_language` tells Arabic, Persian and Urdu apart
by the letters only one of them uses (``data/rules/arabic-script-languages.tsv``);
:func:`is_adjective` and :func:`agrees` tell an adjective made from a name (रूसी from रूस,
الروسية from روسيا) from the name, by the endings of ``data/rules/adjectives.tsv``.
Does not: find names (see :mod:`normalizer.corpus`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from normalizer.caches import cached
from normalizer.core.clean import clean
from normalizer.rules.tsv import rule_table

ARABIC_SCRIPT_LANGS = ("ar", "fa", "ur")
#: Languages of Arabic script whose words take no Arabic proclitic (و ب ل ف ك): in Urdu
#: لگنے ("to begin") is a verb, not ل + گنے (Guinea).
NO_PROCLITIC_LANGS = ("fa", "ur")
#: A document is taken as Arabic when its Arabic-only letters outnumber the Persian/Urdu
#: ones this many times (and the other way round).
_LANG_RATIO = 3


@cached()
def _script_letters() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for row in rule_table("rules/arabic-script-languages.tsv"):
        out.setdefault(row["lang"], []).append(row["letter"])
    return {lang: tuple(letters) for lang, letters in out.items()}


def arabic_script_language(text: str) -> str:
    """Guess whether Arabic-script ``text`` is Arabic, Persian or Urdu ("" when it cannot tell).

    Counts the letters of ``data/rules/arabic-script-languages.tsv`` that only one of the
    three languages uses.

    >>> arabic_script_language("قالت الصحيفة الروسية"), arabic_script_language("روسیه و پاکستان")
    ('ar', 'fa')
    """
    letters = _script_letters()
    count = {lang: sum(text.count(ch) for ch in chars) for lang, chars in letters.items()}
    ar, fa, ur = count.get("ar", 0), count.get("fa", 0), count.get("ur", 0)
    if ar and ar >= _LANG_RATIO * (fa + ur):
        return "ar"
    if fa + ur and fa + ur >= _LANG_RATIO * ar:
        return "ur" if ur else "fa"
    return ""


@cached()
def adjective_suffixes(agreeing: bool = False) -> tuple[str, ...]:
    """Return the cleaned adjective suffixes of ``data/rules/adjectives.tsv``, longest first.

    ``agreeing``: only the suffixes whose adjective reads like the name itself, which
    apply only after a word ending as the row's ``after`` column says (see :func:`agrees`).
    """
    rows = rule_table("rules/adjectives.tsv")
    return tuple(sorted({clean(r["suffix"]) for r in rows if bool(r["after"]) == agreeing}, key=len, reverse=True))


@cached()
def _agreement() -> dict[str, str]:
    return {clean(r["suffix"]): clean(r["after"]) for r in rule_table("rules/adjectives.tsv") if r["after"]}


def agrees(word: str, previous: str, names: Iterable[str]) -> bool:
    """True if ``word`` reads as an adjective agreeing with the ``previous`` word.

    In مسؤولا روسيا ("a Russian official", accusative) روسيا is the adjective روسيًا,
    written exactly like the name Russia; the ending of مسؤولا tells.

    >>> agrees("روسيا", "مسؤولا", ["روسيا"]), agrees("روسيا", "في", ["روسيا"])
    (True, False)
    """
    for suffix, after in _agreement().items():
        if previous.endswith(after) and word.endswith(suffix) and is_adjective(word, names, (suffix,)):
            return True
    return False


#: A name may lose this many final letters before an adjective suffix (روسيا → روسي).
_ADJ_DROP = 2
_ADJ_STEM = 3


def is_adjective(word: str, names: Iterable[str], suffixes: tuple[str, ...] | None = None) -> bool:
    """True if ``word`` is an adjective made from a word of ``names`` (रूसी from रूस).

    >>> is_adjective("روسية", ["روسيا"]), is_adjective("ترامب", ["ترامب"])
    (True, False)
    """
    word = clean(word)
    stems = {w for n in names for w in clean(n).split() if len(w) >= _ADJ_STEM}
    for suffix in suffixes or adjective_suffixes():
        if not word.endswith(suffix) or len(word) - len(suffix) < _ADJ_STEM:
            continue
        base = word[:-len(suffix)]
        if any(s.startswith(base) and len(s) - len(base) <= _ADJ_DROP for s in stems):
            return True
    return False


@cached()
def given_names() -> frozenset[str]:
    """Return the cleaned given names of ``data/rules/given-names.tsv`` (all languages)."""
    return frozenset(clean(r["name"]) for r in rule_table("rules/given-names.tsv"))


def is_given_name(word: str) -> bool:
    """True if the cleaned ``word`` is a listed given name (Eric, Иванка, إيفانكا, मेलानिया).

    The list is matched exactly, never by sound: a given name read loosely would take in
    ordinary words (कारण reads like Karan).

    >>> is_given_name("eric"), is_given_name("trump")
    (True, False)
    """
    return word in given_names()


@cached()
def _name_suffixes() -> frozenset[str]:
    return frozenset(clean(r["form"]) for r in rule_table("rules/name-suffixes.tsv"))


def is_name_suffix(word: str) -> bool:
    """True if the cleaned ``word`` is a generational suffix (Jr, الابن, младший, जूनियर):
    after a person's name it names someone else (Donald Trump Jr.).

    >>> is_name_suffix("jr"), is_name_suffix("الابن"), is_name_suffix("said")
    (True, True, False)
    """
    return word in _name_suffixes()



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


@cached()
def alternates() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """Return the rules of ``data/rules/alternates.tsv``: another way a letter is read."""
    return tuple((r["rule_id"], re.compile(r["pattern"]), r["replace"]) for r in rule_table("rules/alternates.tsv"))


@cached()
def alternate_rule_ids() -> frozenset[str]:
    """Return the ids of the rules of ``data/rules/alternates.tsv``."""
    return frozenset(rule_id for rule_id, _, _ in alternates())


@cached()
def stopwords() -> frozenset[str]:
    """Return the cleaned common words of all supported languages: the published lists
    (``stopwords.tsv``, kept as published) less the names they hold that have no ordinary
    meaning (``stopword-exceptions.tsv``: Russian москва, россия)."""
    names = {clean(r["word"]) for r in rule_table("rules/stopword-exceptions.tsv")}
    return frozenset(w for r in rule_table("rules/stopwords.tsv") if (w := clean(r["word"])) not in names)


def is_stopword(cleaned: str) -> bool:
    """True if the cleaned query is one common word (e.g. उन, بين, the)."""
    return cleaned in stopwords()


@cached()
def context_rule_ids() -> frozenset[str]:
    """The rule ids of the generic words that name a kind of place (``fa.designator.country``,
    :func:`~normalizer.core.affixes.context_designators`)."""
    table = designators()
    return frozenset(table[form][1] for form in context_designators() if form in table)


@cached()
def designator_words() -> dict[str, str]:
    """Rule id of a generic word's translation → its English words (``fa.designator.country`` → country)."""
    return {rule_id: english for english, rule_id in designators().values()}
