"""The bundled data/: every rule's own example, table loading, sort order, non-empty files."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalizer import AliasTable
from normalizer.rules.tsv import parse_tsv
from normalizer.tables.rulecheck import CHECKS, numbered_rows

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


RULE_ROWS = [pytest.param(relative, line, row, id=f"{relative.removeprefix('rules/')}:{line}")
             for relative in CHECKS for line, row in numbered_rows(relative)]


@pytest.mark.parametrize(("relative", "line", "row"), RULE_ROWS)
def test_rule_example(relative: str, line: int, row: dict[str, str]) -> None:
    # Each row of a rule table with examples (fold, titles, clitics, postpositions,
    # designators, alternates, adjectives) must turn its example into the stated result;
    # `normalizer aliases check` runs the same test (normalizer.tables.rulecheck).
    assert CHECKS[relative](row), f"data/{relative}:{line}: {row}"


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


@pytest.mark.parametrize("row", rows("rules/arabic-script-languages.tsv"), ids=lambda r: r["letter"])
def test_arabic_script_letter_tells_the_language(row: dict[str, str]) -> None:
    from normalizer.core.lexicons import arabic_script_language

    guess = arabic_script_language(("ا" + row["letter"] + " ") * 3)
    assert guess == row["lang"]
