"""Table-driven cases on the bundled default table: tests/cases/*.tsv, one test per file.

pairs.tsv     every seed spelling (expect=resolve) and plausible unseen variants
              (expect=fuzzy): ``resolve`` must return that entity.
negative.tsv  near-miss names and common words that must NOT resolve to that entity.
common_words.tsv  frequent words (wordfreq ranks ≤ 600; not stop words, not table spellings):
              must not resolve to anything.
press.tsv     spellings of the bundled table's entities as the hi, ar, ur, fa, ru press writes them
              (titles, clitics, case forms, other transliterations; mostly not the table's own
              aliases): at least PRESS_MIN_SHARE of them must resolve to their entity; the test
              lists every failing row and the share per language.
known_failures.tsv  rows of any kind that fail today (entity_id empty for a common word): expected
              to fail and not reported; one that starts passing fails its file's test until it is
              moved back, and one that is in no file is an error.

Each file is one behaviour: its test runs every row and lists every failing one as
``tests/cases/<file>:<line>: <query> → …``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from normalizer import Normalizer

from .conftest import fail_rows, numbered_cases, read_cases

KNOWN = {(r["query"], r["entity_id"]): r["why"] for r in read_cases("known_failures.tsv")}

#: A row's check: None when the row holds, else what went wrong.
Check = Callable[[dict[str, str]], str | None]


def row_failures(name: str, numbered: list[tuple[int, dict[str, str]]], check: Check,
                 known: Mapping[tuple[str, str], str]) -> list[str]:
    """Every row of tests/cases/<name> that fails and is not a known failure, and every known failure that passes."""
    out = []
    for line, row in numbered:
        try:
            wrong = check(row)
        except Exception as exc:  # a row whose check raises fails, as a parametrised test would
            wrong = f"raised {type(exc).__name__}: {exc}"
        why = known.get((row["query"], row.get("entity_id", "")))
        where = f"tests/cases/{name}:{line}: {row['query']}"
        if why is None and wrong is not None:
            summary, _, detail = wrong.partition("\n")
            out.append(f"{where} → {summary} ({row['note']})" + (f"\n{detail}" if detail else ""))
        elif why is not None and wrong is None:
            out.append(f"{where} passes now: move it back out of tests/cases/known_failures.tsv (it says: {why})")
    return out


def _check_file(name: str, check: Check) -> None:
    numbered = numbered_cases(name)
    fail_rows(row_failures(name, numbered, check, KNOWN), len(numbered), f"tests/cases/{name}")


def _indented(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def pair_check(norm: Normalizer) -> Check:
    def check(row: dict[str, str]) -> str | None:
        match = norm.resolve(row["query"])
        if match is None:
            found = [(m.entity.id, round(m.score, 3)) for m in norm.candidates(row["query"])]
            return f"got no match, expected {row['entity_id']}; candidates {found}"
        if match.entity.id != row["entity_id"]:
            return f"got {match.entity.id}, expected {row['entity_id']}\n{_indented(match.explain())}"
        return None
    return check


def negative_check(norm: Normalizer) -> Check:
    def check(row: dict[str, str]) -> str | None:
        match = norm.resolve(row["query"])
        if match is not None and match.entity.id == row["entity_id"]:
            return f"got {match.entity.id}, expected any other answer\n{_indented(match.explain())}"
        return None
    return check


def common_word_check(norm: Normalizer) -> Check:
    def check(row: dict[str, str]) -> str | None:
        match = norm.resolve(row["query"])
        if match is not None:
            return f"got {match.entity.id}, expected no match\n{_indented(match.explain())}"
        return None
    return check


def test_pair_resolves(default: Normalizer) -> None:
    _check_file("pairs.tsv", pair_check(default))


def test_negative_does_not_resolve_to_entity(default: Normalizer) -> None:
    _check_file("negative.tsv", negative_check(default))


def test_common_word_does_not_resolve(default: Normalizer) -> None:
    # Frequent words of each language that are not in the stop-word list nor a table spelling.
    _check_file("common_words.tsv", common_word_check(default))


#: Share of tests/cases/press.tsv that must resolve right (issue 22).
PRESS_MIN_SHARE = 0.95


def press_share(norm: Normalizer) -> tuple[float, dict[str, tuple[int, int]], list[str]]:
    """Share of press.tsv rows resolved right, (right, rows) per language, and the failing rows."""
    numbered = numbered_cases("press.tsv")
    failures = row_failures("press.tsv", numbered, pair_check(norm), {})
    failed = {int(item.split(":")[1]) for item in failures}
    per_lang: dict[str, tuple[int, int]] = {}
    for line, row in numbered:
        right, total = per_lang.get(row["lang"], (0, 0))
        per_lang[row["lang"]] = (right + (line not in failed), total + 1)
    return 1 - len(failed) / len(numbered), per_lang, failures


def test_press_spellings_resolve(default: Normalizer, record_property: Callable[[str, object], None]) -> None:
    share, per_lang, failures = press_share(default)
    summary = ", ".join(f"{lang} {right}/{total}" for lang, (right, total) in sorted(per_lang.items()))
    record_property("press_share", round(share, 4))
    print(f"tests/cases/press.tsv: {100 * share:.1f} % right ({summary})")
    assert sum(total for _, total in per_lang.values()) >= 500
    if share < PRESS_MIN_SHARE:
        pytest.fail(f"{100 * share:.1f} % of tests/cases/press.tsv resolve right ({summary}), below "
                    f"{100 * PRESS_MIN_SHARE:.0f} %; {len(failures)} rows fail:\n" + "\n".join(failures),
                    pytrace=False)


def test_known_failures_are_real_rows() -> None:
    rows = {(r["query"], r["entity_id"]) for r in read_cases("pairs.tsv") + read_cases("negative.tsv")}
    rows |= {(r["query"], "") for r in read_cases("common_words.tsv")}
    assert set(KNOWN) <= rows, set(KNOWN) - rows


def test_a_failing_row_is_listed_and_a_known_failure_that_passes_too(small: Normalizer) -> None:
    # The file tests above can fail: a wrong row is listed with its line; a known failure that
    # still fails is not; a known failure that passes is listed, to be moved back.
    numbered = [(2, {"query": "Путин", "entity_id": "vladimir-putin", "note": "right"}),
                (3, {"query": "Путин", "entity_id": "moscow", "note": "wrong"}),
                (4, {"query": "Москва", "entity_id": "kremlin", "note": "wrong, known"}),
                (5, {"query": "Москва", "entity_id": "moscow", "note": "right, known"}),
                (6, {"query": "Clinton", "entity_id": "bill-clinton", "note": "ambiguous"})]
    known = {("Москва", "kremlin"): "a known failure", ("Москва", "moscow"): "fixed since"}
    listed = row_failures("x.tsv", numbered, pair_check(small), known)
    assert [item.split(" →")[0].split(" passes")[0] for item in listed] == \
        ["tests/cases/x.tsv:3: Путин", "tests/cases/x.tsv:5: Москва", "tests/cases/x.tsv:6: Clinton"]
    assert listed[0].startswith("tests/cases/x.tsv:3: Путин → got vladimir-putin, expected moscow (wrong)\n")
    assert "move it back out of tests/cases/known_failures.tsv (it says: fixed since)" in listed[1]
    assert "got no match, expected bill-clinton; candidates [" in listed[2]
    assert row_failures("x.tsv", numbered[:1], pair_check(small), {}) == []
    negatives = row_failures("n.tsv", numbered[:2], negative_check(small), {})
    assert [item.split(" →")[0] for item in negatives] == ["tests/cases/n.tsv:2: Путин"]
    common = row_failures("c.tsv", [(9, {"query": "Clinton", "note": "shared"}), (10, {"query": "Путин", "note": "x"})],
                          common_word_check(small), {})
    assert [item.split(" →")[0] for item in common] == ["tests/cases/c.tsv:10: Путин"]
