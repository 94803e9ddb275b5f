"""Shared fixtures: a small table independent of data/, and the bundled default."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalizer import AliasTable, Normalizer

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
FIXTURES = HERE / "fixtures"


def read_cases(name: str) -> list[dict[str, str]]:
    """Rows of tests/cases/<name> (TSV with a header; lines starting with # are comments)."""
    lines = [ln for ln in (CASES / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        assert len(fields) == len(header), \
            f"tests/cases/{name}:{number}: {len(fields)} fields, header has {len(header)}"
        rows.append(dict(zip(header, fields, strict=True)))
    return rows


@pytest.fixture(scope="session")
def small_table() -> AliasTable:
    return AliasTable.load(FIXTURES / "small.tsv")


@pytest.fixture(scope="session")
def small(small_table: AliasTable) -> Normalizer:
    return Normalizer(small_table)


@pytest.fixture(scope="session")
def default() -> Normalizer:
    return Normalizer()
