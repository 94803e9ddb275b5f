"""Rule tables check themselves: every row's own example must come out as the row says.

Accepts: nothing (reads the bundled ``data/rules/*.tsv``).
Guarantees: one :class:`~normalizer.errors.TableError` per failing row, with the rule
file and line, so ``normalizer aliases check`` can report a rule edit that broke its
own example; the test suite runs the same examples.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from normalizer.errors import TableError
from normalizer.rules.tsv import data_text


def numbered_rows(relative: str) -> list[tuple[int, dict[str, str]]]:
    """Return ``(line, row)`` for each row of ``data/<relative>``."""
    lines = data_text(relative).splitlines()
    header = lines[0].split("\t")
    return [(n, dict(zip(header, line.split("\t"), strict=False)))
            for n, line in enumerate(lines[1:], start=2) if line.strip()]


def _fold(row: dict[str, str]) -> bool:
    from normalizer.core.key import apply_rule

    return apply_rule(re.compile(row["pattern"]), row["replace"], row["example_in"]) == row["example_out"]


def _title(row: dict[str, str]) -> bool:
    from normalizer.core.affixes import strip_titles
    from normalizer.core.clean import clean

    tokens, steps = strip_titles(clean(row["example_in"]).split())
    out = clean(row["example_out"]).split()
    return bool(steps) and (tokens == out or (len(tokens) < len(out) and out[-len(tokens):] == tokens))


def _clitic(row: dict[str, str]) -> bool:
    from normalizer.core.affixes import clitic_readings
    from normalizer.core.clean import clean

    stems = {stem for stem, rid in clitic_readings(clean(row["example_in"])) if rid == row["rule_id"]}
    return clean(row["example_out"]) in stems


def _postposition(row: dict[str, str]) -> bool:
    from normalizer.core.affixes import strip_postpositions
    from normalizer.core.clean import clean

    tokens, steps = strip_postpositions(clean(row["example_in"]).split())
    return bool(steps) and tokens == clean(row["example_out"]).split()


def _designator(row: dict[str, str]) -> bool:
    from normalizer.core.affixes import translate_designators
    from normalizer.core.clean import clean

    for column in ("optional", "context"):
        if row[column] not in ("yes", "no"):
            raise ValueError(f"{column} is {row[column]!r}, not yes or no")
    tokens, steps = translate_designators(clean(row["example_in"]).split())
    return bool(steps) and clean(row["english"]) in " ".join(tokens)


def _alternate(row: dict[str, str]) -> bool:
    from normalizer.core.clean import clean
    from normalizer.core.readings import alternate_readings

    # the reading is compared as written: an alternate may be what cleaning would undo (म् for ं)
    return row["example_out"] in [t for t, _ in alternate_readings(clean(row["example_in"]))]


def _adjective(row: dict[str, str]) -> bool:
    from normalizer.core.clean import clean
    from normalizer.core.lexicons import agrees, is_adjective

    if row["after"]:
        return agrees(clean(row["example_adjective"]), clean("x" + row["after"]), [row["example_name"]])
    return is_adjective(row["example_adjective"], [row["example_name"]])


def _kinship(row: dict[str, str]) -> bool:
    from normalizer.core.clean import clean
    from normalizer.core.key import token_of
    from normalizer.core.similarity import token_similarity

    form = token_of(clean(row["form"]))
    return token_similarity(form, form) == 1.0 and (
        not row["not_like"] or token_similarity(form, token_of(clean(row["not_like"]))) == 0.0)


def _place_word(row: dict[str, str]) -> bool:
    from normalizer.core.lexicons import designators

    if row["word"] not in {english for english, _ in designators().values()}:
        raise ValueError(f"{row['word']!r} is not the english of any row of designators.tsv")
    return True


def _given_name(row: dict[str, str]) -> bool:
    from normalizer.core.clean import clean
    from normalizer.core.lexicons import is_stopword

    words = clean(row["name"]).split()
    if len(words) != 1 or len(words[0]) < 3:
        raise ValueError(f"{row['name']!r} is not one word of three letters or more")
    if is_stopword(words[0]):
        raise ValueError(f"{row['name']!r} is a common word (data/rules/stopwords.tsv)")
    return True


def _name_suffix(row: dict[str, str]) -> bool:
    from normalizer.core.clean import clean

    if len(clean(row["form"]).split()) != 1:
        raise ValueError(f"{row['form']!r} is not one word")
    return True


def _abbreviation(row: dict[str, str]) -> bool:
    from normalizer.core.index import expanded

    return expanded(row["example_in"]) == row["example_out"]


def _letter_name(row: dict[str, str]) -> bool:
    from normalizer.core.clean import clean
    from normalizer.core.scripts import dominant_script

    if len(clean(row["spelling"]).split()) != 1 or dominant_script(row["spelling"]) != row["script"]:
        raise ValueError(f"{row['spelling']!r} is not one word in the script {row['script']!r}")
    if not (len(row["letter"]) == 1 and "A" <= row["letter"] <= "Z"):
        raise ValueError(f"letter {row['letter']!r} is not one capital Latin letter")
    return True


def _stopword_exception(row: dict[str, str]) -> bool:
    from normalizer.rules.tsv import rule_table

    if not any(r["word"] == row["word"] and r["lang"] == row["lang"] for r in rule_table("rules/stopwords.tsv")):
        raise ValueError(f"{row['word']!r} ({row['lang']}) is not in data/rules/stopwords.tsv: the row is stale")
    return True


#: Rule file → the test its rows' examples must pass.
CHECKS: dict[str, Callable[[dict[str, str]], bool]] = {
    "rules/fold.tsv": _fold,
    "rules/titles.tsv": _title,
    "rules/clitics-ar.tsv": _clitic,
    "rules/postpositions-hi.tsv": _postposition,
    "rules/designators.tsv": _designator,
    "rules/alternates.tsv": _alternate,
    "rules/adjectives.tsv": _adjective,
    "rules/kinship.tsv": _kinship,
    "rules/place-words.tsv": _place_word,
    "rules/given-names.tsv": _given_name,
    "rules/name-suffixes.tsv": _name_suffix,
    "rules/abbreviations.tsv": _abbreviation,
    "rules/stopword-exceptions.tsv": _stopword_exception,
    "rules/letter-names.tsv": _letter_name,
}


def check_rules() -> list[TableError]:
    """Return a TableError for every rule row whose example fails."""
    out = []
    for relative, test in CHECKS.items():
        for line, row in numbered_rows(relative):
            try:
                ok = test(row)
            except (KeyError, re.error, ValueError) as exc:
                out.append(TableError(f"data/{relative}", line, f"the row cannot be applied ({exc}) → fix the row"))
                continue
            if not ok:
                out.append(TableError(f"data/{relative}", line,
                                      f"its example {row.get('example_in', row.get('example_name'))!r} does not give "
                                      "the stated result → fix the rule or the example"))
    return out
