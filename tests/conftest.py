"""Shared fixtures: small tables independent of data/ (tests/fixtures/), the bundled default, row-table helpers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from normalizer import AliasTable, Normalizer

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
FIXTURES = HERE / "fixtures"
SMALL = FIXTURES / "small.tsv"
SAMPLE = FIXTURES / "sample.tsv"


def numbered_cases(name: str) -> list[tuple[int, dict[str, str]]]:
    """``(line, row)`` for each row of tests/cases/<name> (TSV with a header; # starts a comment line)."""
    numbered = [(n, ln) for n, ln in enumerate((CASES / name).read_text(encoding="utf-8").splitlines(), start=1)
                if ln and not ln.startswith("#")]
    header = numbered[0][1].split("\t")
    rows = []
    for number, line in numbered[1:]:
        fields = line.split("\t")
        assert len(fields) == len(header), \
            f"tests/cases/{name}:{number}: {len(fields)} fields, header has {len(header)}"
        rows.append((number, dict(zip(header, fields, strict=True))))
    return rows


def read_cases(name: str) -> list[dict[str, str]]:
    """Rows of tests/cases/<name>, without their line numbers."""
    return [row for _, row in numbered_cases(name)]


def fail_rows(failures: Sequence[str], checked: int, what: str) -> None:
    """Fail the test with every failing row of a table, one per line; pass when there is none.

    A table of examples is one behaviour: its test runs every row and lists all that fail,
    each as ``file:line: …``, instead of stopping at the first.
    """
    if failures:
        pytest.fail(f"{len(failures)} of {checked} rows of {what} fail:\n" + "\n".join(failures), pytrace=False)


@pytest.fixture(scope="session")
def small_table() -> AliasTable:
    return AliasTable.load(SMALL)


@pytest.fixture(scope="session")
def small(small_table: AliasTable) -> Normalizer:
    return Normalizer(small_table)


@pytest.fixture(scope="session")
def sample_table() -> AliasTable:
    return AliasTable.load(SAMPLE)


@pytest.fixture(scope="session")
def sample(sample_table: AliasTable) -> Normalizer:
    return Normalizer(sample_table)


@pytest.fixture(scope="session")
def default() -> Normalizer:
    return Normalizer()
