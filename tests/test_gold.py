"""The hand-made gold standard for corpus mode (tests/cases/mentions.tsv) is sound.

Each row names a span of one seed article (tests/data/seeds, the owner's documents):
its offsets must cut exactly the mention out of the text, spans in one document must not
overlap, and every entity must exist in the default table. Corpus mode (issue 3) is
tested against these rows.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from normalizer import AliasTable

from .conftest import read_cases

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
ROWS = read_cases("mentions.tsv") if (Path(__file__).parent / "cases" / "mentions.tsv").exists() else []


def _text(doc: str) -> str:
    with open(SEEDS / doc, encoding="utf-8", newline="") as handle:
        return handle.read()


def test_gold_covers_every_seed() -> None:
    assert {r["doc"] for r in ROWS} == {p.name for p in SEEDS.glob("*.txt")}
    assert len(ROWS) > 100


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['doc'][:3]}-{r['start']}")
def test_gold_offsets_cut_the_mention(row: dict[str, str]) -> None:
    text = _text(row["doc"])
    start, end = int(row["start"]), int(row["end"])
    assert text[start:end] == row["mention"]
    # A mention ends at a word boundary: no letter or combining mark (a matra) follows it.
    assert end == len(text) or unicodedata.category(text[end])[0] not in "LM"


def test_gold_spans_sorted_and_disjoint() -> None:
    by_doc: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in ROWS:
        by_doc[row["doc"]].append((int(row["start"]), int(row["end"])))
    for doc, spans in by_doc.items():
        assert spans == sorted(spans), doc
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), doc


def test_gold_entities_exist() -> None:
    table = AliasTable.default()
    assert {r["entity_id"] for r in ROWS} <= {e.id for e in table}


def test_core_resolves_every_gold_spelling(default) -> None:  # type: ignore[no-untyped-def]
    # Corpus mode starts from these spans; the core must already link each one as written.
    wrong = []
    for mention, entity_id in sorted({(r["mention"], r["entity_id"]) for r in ROWS}):
        match = default.resolve(mention)
        if match is None or match.entity.id != entity_id:
            wrong.append((mention, entity_id, match and match.entity.id))
    assert not wrong
