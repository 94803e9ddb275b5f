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

from normalizer import AliasTable

from .conftest import fail_rows, numbered_cases

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
NUMBERED = numbered_cases("mentions.tsv")
ROWS = [row for _, row in NUMBERED]


def _text(doc: str) -> str:
    with open(SEEDS / doc, encoding="utf-8", newline="") as handle:
        return handle.read()


def test_gold_covers_every_seed() -> None:
    assert {r["doc"] for r in ROWS} == {p.name for p in SEEDS.glob("*.txt")}
    assert len(ROWS) > 100


def bad_offsets(numbered: list[tuple[int, dict[str, str]]]) -> list[str]:
    """Every row whose offsets do not cut exactly its mention out of its document, at a word boundary."""
    texts = {doc: _text(doc) for doc in {row["doc"] for _, row in numbered}}
    out = []
    for line, row in numbered:
        text = texts[row["doc"]]
        start, end = int(row["start"]), int(row["end"])
        where = f"tests/cases/mentions.tsv:{line}: {row['mention']}"
        if text[start:end] != row["mention"]:
            out.append(f"{where} → got {text[start:end]!r} at {start}:{end} of {row['doc']}, expected the mention")
        # A mention ends at a word boundary: no letter or combining mark (a matra) follows it.
        elif end < len(text) and unicodedata.category(text[end])[0] in "LM":
            out.append(f"{where} → got {text[end]!r} after it at {end} of {row['doc']}, expected a word boundary")
    return out


def test_gold_offsets_cut_the_mention() -> None:
    fail_rows(bad_offsets(NUMBERED), len(NUMBERED), "tests/cases/mentions.tsv")


def test_bad_gold_offsets_are_listed() -> None:
    # The test above can fail: a span off by one, or ending inside a word, is listed with its line.
    line, row = NUMBERED[0]
    start, end = int(row["start"]), int(row["end"])
    shifted = (1001, dict(row, start=str(start + 1), end=str(end + 1)))
    short = (1002, dict(row, end=str(end - 1), mention=row["mention"][:-1]))
    assert bad_offsets([(line, row)]) == []
    listed = bad_offsets([(line, row), shifted, short])
    assert [item.split(" →")[0] for item in listed] == [f"tests/cases/mentions.tsv:1001: {row['mention']}",
                                                      f"tests/cases/mentions.tsv:1002: {row['mention'][:-1]}"]
    assert "expected the mention" in listed[0] and "expected a word boundary" in listed[1]


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
