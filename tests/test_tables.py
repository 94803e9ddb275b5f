"""The bundled data/: every rule's own example, table loading, sort order, non-empty files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normalizer import AliasTable
from normalizer.affixes import clitic_readings, strip_postpositions, strip_titles, translate_designators
from normalizer.clean import clean
from normalizer.key import apply_rule
from normalizer.rules import parse_tsv

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


@pytest.mark.parametrize("row", rows("rules/fold.tsv"), ids=lambda r: r["rule_id"])
def test_fold_rule_example(row: dict[str, str]) -> None:
    assert apply_rule(re.compile(row["pattern"]), row["replace"], row["example_in"]) == row["example_out"]


@pytest.mark.parametrize("row", rows("rules/titles.tsv"), ids=lambda r: f"{r['lang']}-{r['form']}")
def test_title_example(row: dict[str, str]) -> None:
    tokens, steps = strip_titles(clean(row["example_in"]).split())
    assert steps, f"no title stripped from {row['example_in']!r}"
    # One strip of this form: the example's output, or fewer tokens when a second title follows.
    out = clean(row["example_out"]).split()
    assert tokens == out or (len(tokens) < len(out) and out[-len(tokens):] == tokens)


@pytest.mark.parametrize("row", rows("rules/clitics-ar.tsv"), ids=lambda r: r["rule_id"])
def test_clitic_example(row: dict[str, str]) -> None:
    stems = {stem for stem, rule_id in clitic_readings(clean(row["example_in"])) if rule_id == row["rule_id"]}
    assert clean(row["example_out"]) in stems


@pytest.mark.parametrize("row", rows("rules/postpositions-hi.tsv"), ids=lambda r: r["rule_id"])
def test_postposition_example(row: dict[str, str]) -> None:
    tokens, steps = strip_postpositions(clean(row["example_in"]).split())
    assert steps and tokens == clean(row["example_out"]).split()


@pytest.mark.parametrize("row", rows("rules/designators.tsv"), ids=lambda r: f"{r['lang']}-{r['form']}")
def test_designator_example(row: dict[str, str]) -> None:
    tokens, steps = translate_designators(clean(row["example_in"]).split())
    assert steps
    assert clean(row["english"]) in " ".join(tokens)


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


@pytest.mark.parametrize("row", rows("rules/alternates.tsv"), ids=lambda r: r["rule_id"])
def test_alternate_example(row: dict[str, str]) -> None:
    from normalizer.affixes import alternate_readings

    assert clean(row["example_out"]) in [text for text, _ in alternate_readings(clean(row["example_in"]))]


@pytest.mark.parametrize("row", rows("rules/adjectives.tsv"), ids=lambda r: f"{r['lang']}-{r['suffix']}")
def test_adjective_example(row: dict[str, str]) -> None:
    from normalizer.wordforms import agrees, is_adjective

    if row["after"]:
        assert agrees(clean(row["example_adjective"]), clean("x" + row["after"]), [row["example_name"]])
    else:
        assert is_adjective(row["example_adjective"], [row["example_name"]])


@pytest.mark.parametrize("row", rows("rules/arabic-script-languages.tsv"), ids=lambda r: r["letter"])
def test_arabic_script_letter_tells_the_language(row: dict[str, str]) -> None:
    from normalizer.wordforms import arabic_script_language

    guess = arabic_script_language(("ا" + row["letter"] + " ") * 3)
    assert guess == row["lang"]
