"""Table-driven cases on the bundled default table: tests/cases/*.tsv, one test per row.

pairs.tsv     every seed spelling (expect=resolve) and plausible unseen variants
              (expect=fuzzy): ``resolve`` must return that entity.
negative.tsv  near-miss names and common words that must NOT resolve to that entity.
common_words.tsv  frequent words (wordfreq ranks ≤ 600; not stop words, not table spellings):
              must not resolve to anything.
known_failures.tsv  rows of any kind that fail today (entity_id empty for a common word): run as
              strict xfail, so one that starts passing fails the suite until it is moved back.
"""

from __future__ import annotations

import pytest

from normalizer import Normalizer

from .conftest import read_cases

KNOWN = {(r["query"], r["entity_id"]): r["why"] for r in read_cases("known_failures.tsv")}


def _param(row: dict[str, str]):  # type: ignore[no-untyped-def]
    why = KNOWN.get((row["query"], row.get("entity_id", "")))
    marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
    return pytest.param(row, id=row["note"], marks=marks)


@pytest.mark.parametrize("row", [_param(r) for r in read_cases("pairs.tsv")])
def test_pair_resolves(default: Normalizer, row: dict[str, str]) -> None:
    match = default.resolve(row["query"])
    assert match is not None, [(m.entity.id, m.score) for m in default.candidates(row["query"])]
    assert match.entity.id == row["entity_id"], match.explain()


@pytest.mark.parametrize("row", [_param(r) for r in read_cases("negative.tsv")])
def test_negative_does_not_resolve_to_entity(default: Normalizer, row: dict[str, str]) -> None:
    match = default.resolve(row["query"])
    assert match is None or match.entity.id != row["entity_id"], match.explain()


def test_known_failures_are_real_rows() -> None:
    rows = {(r["query"], r["entity_id"]) for r in read_cases("pairs.tsv") + read_cases("negative.tsv")}
    rows |= {(r["query"], "") for r in read_cases("common_words.tsv")}
    assert set(KNOWN) <= rows, set(KNOWN) - rows


@pytest.mark.parametrize("row", [_param(r) for r in read_cases("common_words.tsv")])
def test_common_word_does_not_resolve(default: Normalizer, row: dict[str, str]) -> None:
    # Frequent words of each language that are not in the stop-word list nor a table spelling.
    match = default.resolve(row["query"])
    assert match is None, match.explain()
