"""Words around names: which Arabic-script language a text is in, adjectives of names, given names.

Accepts: text and cleaned words.
Guarantees: :func:`arabic_script_language` tells Arabic, Persian and Urdu apart by the
letters only one of them uses (``data/rules/arabic-script-languages.tsv``);
:func:`is_adjective` and :func:`agrees` tell an adjective made from a name (रूसी from
रूस, الروسية from روسيا) from the name, by the endings of ``data/rules/adjectives.tsv``;
:func:`is_given_name` says whether a word is listed as a given name
(``data/rules/given-names.tsv``: Eric, إريك, एरिक), :func:`is_name_suffix` whether it is a
generational suffix (``data/rules/name-suffixes.tsv``: Jr, الابن, младший), exactly as cleaned.
Does not: find names (see :mod:`normalizer.corpus`).
"""

from __future__ import annotations

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
