"""The bundled data/: every rule's own example, table loading, sort order, non-empty files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normalizer import AliasTable
from normalizer.rules.tsv import parse_tsv
from normalizer.tables.rulecheck import CHECKS, numbered_rows

from .conftest import fail_rows

DATA = Path(__file__).resolve().parent.parent / "data"


def rows(relative: str) -> list[dict[str, str]]:
    path = DATA / relative
    return parse_tsv(path.read_text(encoding="utf-8"), f"data/{relative}")


@pytest.mark.parametrize("relative", [
    "entities.tsv", "aliases.tsv", "cldr/entities.tsv", "cldr/aliases.tsv", "calibration.tsv",
    "rules/fold.tsv", "rules/titles.tsv", "rules/clitics-ar.tsv", "rules/postpositions-hi.tsv",
    "rules/stopwords.tsv", "rules/designators.tsv", "rules/translit-deva.tsv", "rules/translit-arab.tsv",
    "rules/translit-cyrl.tsv",
])
def test_table_is_not_empty(relative: str) -> None:
    assert len(rows(relative)) >= 5, f"data/{relative} has fewer than 5 rows"


def _outcome(relative: str, row: dict[str, str]) -> tuple[str, str]:
    """What a rule row's example gave and what the row states, for the report of a failing row.

    Only used to describe a row that failed: whether it fails is decided by
    ``CHECKS[relative]`` alone (normalizer.tables.rulecheck), as ``normalizer aliases check`` does.
    """
    from normalizer.core.affixes import clitic_readings, strip_postpositions, strip_titles, translate_designators
    from normalizer.core.clean import clean
    from normalizer.core.index import expanded
    from normalizer.core.key import apply_rule, token_of
    from normalizer.core.lexicons import agrees, is_adjective
    from normalizer.core.readings import alternate_readings
    from normalizer.core.similarity import token_similarity

    name = relative.removeprefix("rules/")
    if name == "fold.tsv":
        return apply_rule(re.compile(row["pattern"]), row["replace"], row["example_in"]), row["example_out"]
    if name == "alternates.tsv":
        got = [t for t, _ in alternate_readings(clean(row["example_in"]))]
        return repr(got), f"{row['example_out']!r} among them"
    if name in ("titles.tsv", "postpositions-hi.tsv"):
        strip = strip_titles if name == "titles.tsv" else strip_postpositions
        tokens, steps = strip(clean(row["example_in"]).split())
        return (" ".join(tokens) if steps else "nothing stripped"), clean(row["example_out"])
    if name == "clitics-ar.tsv":
        stems = sorted(stem for stem, rid in clitic_readings(clean(row["example_in"])) if rid == row["rule_id"])
        return f"{row['rule_id']} readings {stems}", clean(row["example_out"])
    if name == "designators.tsv":
        tokens, steps = translate_designators(clean(row["example_in"]).split())
        return (" ".join(tokens) if steps else "nothing translated"), f"a reading with {clean(row['english'])!r}"
    if name == "adjectives.tsv":
        if row["after"]:
            ok = agrees(clean(row["example_adjective"]), clean("x" + row["after"]), [row["example_name"]])
            return ("agrees" if ok else "does not agree"), f"agrees with {row['example_name']} after -{row['after']}"
        ok = is_adjective(row["example_adjective"], [row["example_name"]])
        return ("an adjective" if ok else "not an adjective"), f"an adjective of {row['example_name']}"
    if name == "kinship.tsv":
        form = token_of(clean(row["form"]))
        alike = token_similarity(form, token_of(clean(row["not_like"]))) if row["not_like"] else 0.0
        return f"similarity {token_similarity(form, form)} to itself, {alike} to {row['not_like']!r}", "1.0 and 0.0"
    if name == "abbreviations.tsv":
        return expanded(row["example_in"]), row["example_out"]
    return "False", "a valid row"


def failing_rule_rows(relative: str, numbered: list[tuple[int, dict[str, str]]]) -> list[str]:
    """``data/<relative>:LINE: example → got …, expected …`` for every row whose example fails its check."""
    check = CHECKS[relative]
    failures = []
    for line, row in numbered:
        given = next((row[c] for c in ("example_in", "example_adjective", "form", "word", "name", "spelling")
                      if row.get(c)), "")
        try:
            if check(row):
                continue
        except Exception as exc:  # a row that cannot be applied is a failing row too
            failures.append(f"data/{relative}:{line}: {given} → got {type(exc).__name__}: {exc}, "
                            "expected a row the check can apply")
            continue
        try:
            got, expected = _outcome(relative, row)
        except Exception as exc:  # only the description failed; the row is still listed
            got, expected = f"False (and describing it raised {exc!r})", "the stated result"
        failures.append(f"data/{relative}:{line}: {given} → got {got}, expected {expected}")
    return failures


@pytest.mark.parametrize("relative", sorted(CHECKS), ids=lambda r: r.removeprefix("rules/"))
def test_rule_example(relative: str) -> None:
    # Each row of a rule table with examples (fold, titles, clitics, postpositions,
    # designators, alternates, adjectives …) must turn its example into the stated result;
    # `normalizer aliases check` runs the same test (normalizer.tables.rulecheck).
    numbered = numbered_rows(relative)
    assert numbered, f"data/{relative} has no rows"
    fail_rows(failing_rule_rows(relative, numbered), len(numbered), f"data/{relative}")


def test_a_failing_rule_example_is_listed() -> None:
    # The test above can fail: rows whose example is wrong, or that cannot be applied, are
    # listed with their file and line; a good row is not.
    good_fold = numbered_rows("rules/fold.tsv")[0]
    wrong_fold = (900, dict(good_fold[1], example_out=good_fold[1]["example_out"] + "zz"))
    listed = failing_rule_rows("rules/fold.tsv", [good_fold, wrong_fold])
    assert len(listed) == 1 and listed[0].startswith("data/rules/fold.tsv:900: ")
    assert f"got {good_fold[1]['example_out']}, expected {good_fold[1]['example_out']}zz" in listed[0]
    designator = numbered_rows("rules/designators.tsv")[0][1]
    clitic = numbered_rows("rules/clitics-ar.tsv")[0][1]
    listed = failing_rule_rows("rules/designators.tsv", [(7, dict(designator, context="Yes")),
                                                        (8, dict(designator, example_in="xyz"))])
    assert [item.split(" → ")[0] for item in listed] == ["data/rules/designators.tsv:7: " + designator["example_in"],
                                                        "data/rules/designators.tsv:8: xyz"]
    assert "got ValueError: context is 'Yes', not yes or no" in listed[0] and "nothing translated" in listed[1]
    listed = failing_rule_rows("rules/clitics-ar.tsv", [(3, dict(clitic, example_out="غير"))])
    assert len(listed) == 1 and listed[0].endswith(", expected غير")
    assert listed[0].startswith(f"data/rules/clitics-ar.tsv:3: {clitic['example_in']} → "
                                f"got {clitic['rule_id']} readings [")
    report = r"1 of 2 rows of data/rules/fold.tsv fail:\ndata/rules/fold.tsv:900: "
    with pytest.raises(pytest.fail.Exception, match=report):
        fail_rows(failing_rule_rows("rules/fold.tsv", [good_fold, wrong_fold]), 2, "data/rules/fold.tsv")


def test_a_designator_flag_must_be_yes_or_no() -> None:
    row = dict(rows("rules/designators.tsv")[0], context="Yes")
    with pytest.raises(ValueError, match="context is 'Yes', not yes or no"):
        CHECKS["rules/designators.tsv"](row)


def test_every_rule_table_with_examples_is_checked() -> None:
    with_examples = {f"rules/{p.name}" for p in (DATA / "rules").glob("*.tsv")
                     if {"example_in", "example_name"} & set(rows(f"rules/{p.name}")[0])}
    assert with_examples <= set(CHECKS)


def test_default_table_loads_with_every_file() -> None:
    table = AliasTable.default()
    assert len(table) > 250  # seed entities plus CLDR countries
    assert "donald-trump" in table and "country-kz" in table
    assert table["country-ru"].type == "LOC"


@pytest.mark.parametrize("relative", ["entities.tsv", "cldr/entities.tsv"])
def test_entity_files_sorted_by_id(relative: str) -> None:
    ids = [r["id"] for r in rows(relative)]
    assert ids == sorted(ids) and len(ids) == len(set(ids))


@pytest.mark.parametrize("relative", ["aliases.tsv", "cldr/aliases.tsv"])
def test_alias_files_sorted_and_unique(relative: str) -> None:
    keys = [(r["entity_id"], r["alias"]) for r in rows(relative)]
    assert keys == sorted(keys), f"data/{relative} is not sorted by entity_id, alias"
    assert len(keys) == len(set(keys))


def test_arabic_script_letter_tells_the_language() -> None:
    # Every row of data/rules/arabic-script-languages.tsv: a text of that letter is read as that language.
    from normalizer.core.lexicons import arabic_script_language

    numbered = numbered_rows("rules/arabic-script-languages.tsv")
    failures = []
    for line, row in numbered:
        guess = arabic_script_language(("ا" + row["letter"] + " ") * 3)
        if guess != row["lang"]:
            failures.append(f"data/rules/arabic-script-languages.tsv:{line}: {row['letter']} → got {guess}, "
                            f"expected {row['lang']}")
    fail_rows(failures, len(numbered), "data/rules/arabic-script-languages.tsv")
