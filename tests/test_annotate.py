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

from .conftest import fail_rows, numbered_cases, read_cases

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
GOLD = read_cases("mentions.tsv")
NUMBERED_CASES = numbered_cases("annotate.tsv")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|r|n)")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: {"r": "\r", "n": "\n"}.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), text)


def _seed(doc: str) -> str:
    with open(SEEDS / doc, encoding="utf-8", newline="") as handle:
        return handle.read()


def _span_problems(text: str, mentions: list[Mention]) -> list[str]:
    """What is wrong with mentions' offsets: a span that does not cut its text, or spans that overlap."""
    out = [f"{m.start}:{m.end} cuts {text[m.start:m.end]!r}, not {m.text!r}" for m in mentions
           if text[m.start:m.end] != m.text]
    out += [f"{a.text!r} at {a.start}:{a.end} overlaps {b.text!r} at {b.start}:{b.end}"
            for a, b in zip(mentions, mentions[1:], strict=False) if a.end > b.start]
    return out


def _check_spans(text: str, mentions: list[Mention]) -> None:
    assert not _span_problems(text, mentions)


@pytest.mark.parametrize("doc", sorted({r["doc"] for r in GOLD}), ids=lambda d: d[:3])
def test_gold_precision_and_recall_are_one(default: Normalizer, doc: str) -> None:
    text = _seed(doc)
    gold = {(int(r["start"]), int(r["end"]), r["entity_id"]) for r in GOLD if r["doc"] == doc}
    mentions = default.annotate(text)
    _check_spans(text, mentions)
    found = {(m.start, m.end, m.match.entity.id) for m in mentions}
    assert sorted(found - gold) == [], "linked but not in the gold standard"
    assert sorted(gold - found) == [], "in the gold standard but not found"


def _listed(pairs: list[tuple[str, ...]]) -> str:
    return " | ".join(f"{text}={entity_id}" for text, entity_id in pairs) or "(none)"


def annotate_failures(numbered: list[tuple[int, dict[str, str]]], tables: dict[str, Normalizer]) -> list[str]:
    """Every row of tests/cases/annotate.tsv whose text does not give exactly its mentions, in order."""
    out = []
    for line, case in numbered:
        text = _unescape(case["text"])
        where = f"tests/cases/annotate.tsv:{line}: {case['text']}"
        expected = [tuple(item.rsplit("=", 1)) for item in _unescape(case["expected"]).split(" | ") if item]
        try:
            mentions = tables[case["table"]].annotate(text)
        except Exception as exc:  # a row that raises fails, as a parametrised test would
            out.append(f"{where} → raised {type(exc).__name__}: {exc} ({case['note']})")
            continue
        got = [(m.text, m.match.entity.id) for m in mentions]
        problems = _span_problems(text, mentions)
        if problems:
            out.append(f"{where} → got spans that {'; '.join(problems)} ({case['note']})")
        elif got != expected:
            out.append(f"{where} → got {_listed(got)}, expected {_listed(expected)} ({case['note']})")
    return out


def test_annotate_case(small: Normalizer, default: Normalizer) -> None:
    # Every row of tests/cases/annotate.tsv, on the table its first column names.
    fail_rows(annotate_failures(NUMBERED_CASES, {"small": small, "default": default}), len(NUMBERED_CASES),
              "tests/cases/annotate.tsv")


def test_a_failing_annotate_case_is_listed(small: Normalizer) -> None:
    # The test above can fail: a row whose mentions differ from the expected ones is listed with its line.
    rows = [(5, {"table": "small", "text": "Путин и Москва", "expected": "Путин=vladimir-putin | Москва=moscow",
                 "note": "right"}),
            (6, {"table": "small", "text": "Путин и Москва", "expected": "Путин=vladimir-putin", "note": "wrong"}),
            (7, {"table": "small", "text": "Clinton", "expected": "Clinton=bill-clinton", "note": "none found"})]
    assert annotate_failures(rows, {"small": small}) == [
        "tests/cases/annotate.tsv:6: Путин и Москва → got Путин=vladimir-putin | Москва=moscow, "
        "expected Путин=vladimir-putin (wrong)",
        "tests/cases/annotate.tsv:7: Clinton → got (none), expected Clinton=bill-clinton (none found)"]


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
def test_mentions_always_cut_the_text(sample: Normalizer, text: str) -> None:
    mentions = sample.annotate(text)
    _check_spans(text, mentions)
    assert all(m.start < m.end for m in mentions)


def test_annotate_many_keeps_order_across_processes(sample: Normalizer) -> None:
    texts = [_seed(d) for d in sorted({r["doc"] for r in GOLD})] * 3 + ["", "Putin and Trump"]
    one = [[(m.start, m.end, m.match.entity.id) for m in ms] for ms in sample.annotate_many(texts, processes=1)]
    two = [[(m.start, m.end, m.match.entity.id) for m in ms]
           for ms in sample.annotate_many(iter(texts), processes=2, chunksize=2)]
    assert one == two
    assert one == [[(m.start, m.end, m.match.entity.id) for m in sample.annotate(t)] for t in texts]
    assert all(one[:-2]) and one[-2:] == [[], [(0, 5, "vladimir-putin"), (10, 15, "donald-trump")]]  # not vacuous


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


def test_a_title_before_a_person_raises_a_weak_alias(sample: Normalizer) -> None:
    alone = sample.annotate("कल ट्रंप ने कहा")[0]
    titled = sample.annotate("कल राष्ट्रपति ट्रंप ने कहा")[0]
    assert alone.text == titled.text == "ट्रंप" and alone.match.score == 0.95
    assert titled.match.score == 0.99 and "title-before" in titled.match.explain()
    assert "title-before" not in alone.match.explain()


def test_annotate_from_many_threads_agrees_with_one(small_table) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    norm = Normalizer(small_table)
    texts = [f"व्लादिमीर पुतिन {i} وبوتين Путина и Москвы ट्रंप" for i in range(400)]
    expected = [[(m.start, m.match.entity.id) for m in Normalizer(small_table).annotate(t)] for t in texts]
    for memo in norm.spotter.memos():
        memo.size = 8  # generations swap all the time
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda t: [(m.start, m.match.entity.id) for m in norm.annotate(t)], texts))
    assert got == expected


def test_a_spelling_after_a_cut_scores_in_running_text_as_resolve_scores_it(small: Normalizer) -> None:
    # One code path builds every Match: وبوتين ("and Putin") resolves at the score of a weak
    # alias less 0.01 for the cut, with the step ar.proclitic.wa; in running text the same
    # word gives the same score and the same steps (it scored 0.95 with other steps before).
    alone = small.resolve("وبوتين")
    (mention,) = small.annotate("قال وبوتين")
    assert alone is not None and mention.text == "بوتين" and mention.match.query == "وبوتين"
    assert mention.match.score == alone.score == 0.94
    assert [st.rule_id for st in mention.match.evidence if st.step == "affix"] == ["ar.proclitic.wa"]
    assert mention.match.evidence == alone.evidence
