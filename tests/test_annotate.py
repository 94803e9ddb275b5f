"""Corpus mode: annotate() on the seed articles (gold standard) and on table-driven cases."""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizer import Mention, Normalizer

from .conftest import read_cases

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
GOLD = read_cases("mentions.tsv")
CASES = read_cases("annotate.tsv")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|r|n)")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: {"r": "\r", "n": "\n"}.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), text)


def _seed(doc: str) -> str:
    with open(SEEDS / doc, encoding="utf-8", newline="") as handle:
        return handle.read()


def _check_spans(text: str, mentions: list[Mention]) -> None:
    for m in mentions:
        assert text[m.start:m.end] == m.text
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))


@pytest.mark.parametrize("doc", sorted({r["doc"] for r in GOLD}), ids=lambda d: d[:3])
def test_gold_precision_and_recall_are_one(default: Normalizer, doc: str) -> None:
    text = _seed(doc)
    gold = {(int(r["start"]), int(r["end"]), r["entity_id"]) for r in GOLD if r["doc"] == doc}
    mentions = default.annotate(text)
    _check_spans(text, mentions)
    found = {(m.start, m.end, m.match.entity.id) for m in mentions}
    assert sorted(found - gold) == [], "linked but not in the gold standard"
    assert sorted(gold - found) == [], "in the gold standard but not found"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:30])
def test_annotate_case(request: pytest.FixtureRequest, case: dict[str, str]) -> None:
    norm: Normalizer = request.getfixturevalue(case["table"])
    text = _unescape(case["text"])
    mentions = norm.annotate(text)
    _check_spans(text, mentions)
    expected = [tuple(item.rsplit("=", 1)) for item in _unescape(case["expected"]).split(" | ") if item]
    assert [(m.text, m.match.entity.id) for m in mentions] == expected, case["note"]


def test_mention_explains_its_context(small: Normalizer) -> None:
    mention = small.annotate("व्लादिमीर पुतिन ने कहा कि पुटिन")[-1]
    assert mention.text == "पुटिन"
    assert "named-in-document" in mention.match.explain()
    proclitic = small.annotate("وبوتين")[0]
    assert (proclitic.start, proclitic.text) == (1, "بوتين")
    assert "ar.proclitic" in proclitic.match.explain()
    assert proclitic.to_dict()["entity_id"] == "vladimir-putin"


def test_annotate_rejects_non_text(small: Normalizer) -> None:
    with pytest.raises(TypeError, match="decode it first"):
        small.annotate(b"Putin")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        small.annotate(None)  # type: ignore[arg-type]
    assert small.annotate("") == [] and small.annotate(" \n ") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ترامبوين ال-.ट्रंपुतिन के\u200d\u064e\r\nTrump Putin'sK.G.B")), max_size=60))
def test_mentions_always_cut_the_text(text: str) -> None:
    norm = _DEFAULT
    mentions = norm.annotate(text)
    _check_spans(text, mentions)
    assert all(m.start < m.end for m in mentions)


_DEFAULT = Normalizer()


def test_annotate_many_keeps_order_across_processes(default: Normalizer) -> None:
    texts = [_seed(d) for d in sorted({r["doc"] for r in GOLD})] * 3 + ["", "Putin and Trump"]
    one = [[(m.start, m.end, m.match.entity.id) for m in ms] for ms in default.annotate_many(texts, processes=1)]
    two = [[(m.start, m.end, m.match.entity.id) for m in ms]
           for ms in default.annotate_many(iter(texts), processes=2, chunksize=2)]
    assert one == two
    assert one == [[(m.start, m.end, m.match.entity.id) for m in default.annotate(t)] for t in texts]


def test_mentions_from_workers_are_whole_and_share_the_tables_entities(default: Normalizer) -> None:
    # Workers send mentions back as plain values (cheap to unpickle); the parent rebuilds them
    # with its own entity objects: equal to in-process mentions, explanations included.
    texts = [_seed(d) for d in sorted({r["doc"] for r in GOLD})]
    local = [default.annotate(t) for t in texts]
    remote = list(default.annotate_many(texts, processes=2, chunksize=2))
    assert remote == local and sum(map(len, remote)) > 50
    assert [m.match.explain() for ms in remote for m in ms] == [m.match.explain() for ms in local for m in ms]
    assert all(m.match.entity is default.table[m.match.entity.id] for ms in remote for m in ms)


def test_default_processes_start_workers_only_for_large_inputs_on_more_than_two_cores(
        small: Normalizer, monkeypatch: pytest.MonkeyPatch) -> None:
    from normalizer.corpus import batch

    texts = ["Putin met Trump.", "Trump", "Moscow"] * 20
    expected = [small.annotate(t) for t in texts]
    pools: list[str] = []
    get_context = batch.multiprocessing.get_context
    monkeypatch.setattr(batch.multiprocessing, "get_context",
                        lambda method: pools.append(method) or get_context(method))
    monkeypatch.setattr(batch, "cores", lambda: 2)
    assert list(small.annotate_many(texts)) == expected and not pools  # two cores: this process only
    monkeypatch.setattr(batch, "cores", lambda: 4)
    assert list(small.annotate_many(texts)) == expected and not pools  # a small input: no pool either
    monkeypatch.setattr(batch, "LARGE_INPUT", 100)
    assert list(small.annotate_many(texts, chunksize=4)) == expected and len(pools) == 1  # past 100 characters
    assert list(small.annotate_many(texts, processes=2)) == expected and len(pools) == 2  # asked for: at once


def test_annotate_many_freezes_the_heap_only_while_it_runs(small: Normalizer) -> None:
    assert gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    stream = small.annotate_many(["Putin met Trump.", "Trump"], processes=1)
    first = next(stream)
    assert gc.get_freeze_count() > 0  # the index is out of the collector's scans while the batch runs
    assert gc.get_threshold()[2] > thresholds[2]  # and full collections are rare
    assert [m.match.entity.id for m in first] == [m.match.entity.id for m in small.annotate("Putin met Trump.")]
    assert len(list(stream)) == 1
    assert gc.get_freeze_count() == 0  # and back in afterwards
    assert gc.get_threshold() == thresholds
    gc.freeze()  # a caller's own freeze is left alone
    try:
        before = gc.get_freeze_count()
        assert len(list(small.annotate_many(["Trump"], processes=1))) == 1
        assert gc.get_freeze_count() == before
    finally:
        gc.unfreeze()


def test_annotate_many_validates_arguments(small: Normalizer) -> None:
    with pytest.raises(ValueError, match="processes"):
        small.annotate_many(["x"], processes=0)  # at the call, not at the first next()
    with pytest.raises(ValueError, match="chunksize"):
        small.annotate_many(["x"], processes=1, chunksize=0)
    for processes in (1, 2):
        stream = small.annotate_many(["Putin", None, "Trump"], processes=processes)  # type: ignore[list-item]
        with pytest.raises(TypeError, match=r"text 1 \(counting from 0\): expected str, got NoneType"):
            list(stream)


def test_gold_counts_by_document() -> None:
    per_doc: dict[str, int] = defaultdict(int)
    for row in GOLD:
        per_doc[row["doc"]] += 1
    assert min(per_doc.values()) >= 20


def test_a_title_before_a_person_raises_a_weak_alias(default: Normalizer) -> None:
    alone = default.annotate("कल ट्रंप ने कहा")[0]
    titled = default.annotate("कल राष्ट्रपति ट्रंप ने कहा")[0]
    assert alone.text == titled.text == "ट्रंप" and alone.match.score == 0.95
    assert titled.match.score == 0.99 and "title-before" in titled.match.explain()
    assert "title-before" not in alone.match.explain()


def test_annotate_from_many_threads_agrees_with_one(small_table) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    import normalizer.corpus.spot as spot

    norm = Normalizer(small_table)
    texts = [f"व्लादिमीर पुतिन {i} وبوتين Путина и Москвы ट्रंप" for i in range(400)]
    expected = [[(m.start, m.match.entity.id) for m in Normalizer(small_table).annotate(t)] for t in texts]
    old = spot.SMALL_CACHE, spot.CACHE_SIZE
    spot.SMALL_CACHE = spot.CACHE_SIZE = 8  # generations swap all the time
    try:
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(lambda t: [(m.start, m.match.entity.id) for m in norm.annotate(t)], texts))
    finally:
        spot.SMALL_CACHE, spot.CACHE_SIZE = old
    assert got == expected
