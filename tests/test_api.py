"""The public API of DESIGN.md: names, types, errors, table files."""

from __future__ import annotations

import json
import os
import pickle
import time
from pathlib import Path

import pytest

import normalizer
from normalizer import AliasTable, Entity, Match, Normalizer, TableError, romanize

from .conftest import fail_rows, numbered_cases


def test_public_names() -> None:
    for name in ("Entity", "AliasTable", "Normalizer", "Match", "Mention", "romanize", "resolve"):
        assert hasattr(normalizer, name)
        assert getattr(normalizer, name).__doc__


def test_module_level_resolve_uses_default_table() -> None:
    match = normalizer.resolve("ट्रंप")
    assert isinstance(match, Match) and match.entity.id == "donald-trump"


@pytest.mark.parametrize("bad", [b"Trump", 42, None, ["Trump"]])
def test_non_str_is_type_error(small: Normalizer, bad: object) -> None:
    with pytest.raises(TypeError) as info:
        small.resolve(bad)  # type: ignore[arg-type]
    if isinstance(bad, bytes):
        assert "decode" in str(info.value)
    with pytest.raises(TypeError):
        romanize(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("empty", ["", "   ", "\u200c\u200d", "\t\n", "ـــ", "..."])
def test_empty_input(small: Normalizer, empty: str) -> None:
    assert small.resolve(empty) is None
    assert small.candidates(empty) == []


def test_one_megabyte_answers_in_bounded_time(small: Normalizer) -> None:
    text = ("ट्रंप ترامب Trump " * 60000)[:1_000_000]
    started = time.perf_counter()
    assert small.resolve(text) is None
    assert time.perf_counter() - started < 30  # generous: a guard against a hang, not a benchmark
    assert small.resolve("x" * 1_000_000) is None


def test_bad_options(small: Normalizer) -> None:
    with pytest.raises(ValueError, match="limit"):
        small.candidates("Trump", limit=0)
    with pytest.raises(ValueError, match="PER, LOC, ORG, MISC"):
        small.resolve("Trump", types={"PERSON", "PLACE"})
    with pytest.raises(TypeError):
        Normalizer("not a table")  # type: ignore[arg-type]


def test_entity_validation() -> None:
    with pytest.raises(ValueError, match="type"):
        Entity(id="x", name="X", type="PERSON")
    with pytest.raises(ValueError, match="id"):
        Entity(id="", name="X", type="PER")
    with pytest.raises(TypeError):
        Entity(id="x", name="X", type="PER", aliases="X")  # type: ignore[arg-type]


def test_table_lookup_and_unknown_id(small_table: AliasTable) -> None:
    assert small_table["donald-trump"].name == "Donald Trump"
    with pytest.raises(KeyError):
        small_table["nobody"]


def test_load_merges_formats(tmp_path: Path) -> None:
    (tmp_path / "e.tsv").write_text("id\ttype\tname\twikidata\tnote\nx-y\tPER\tXavier Yu\t\t\n", encoding="utf-8")
    (tmp_path / "a.tsv").write_text("entity_id\talias\tlang\tstrength\tsource\tnote\nx-y\tज़ेवियर यू\thi\tstrong\tt\t\n",
                                    encoding="utf-8")
    (tmp_path / "b.csv").write_text("entity_id,alias\nx-y,\"Yu, Xavier\"\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "z", "name": "Zed", "type": "LOC",
                                                  "aliases": ["Зед", {"alias": "زد", "lang": "ar"}]}) + "\n",
                                      encoding="utf-8")
    table = AliasTable.load(tmp_path / "e.tsv", tmp_path / "a.tsv", tmp_path / "b.csv", tmp_path / "c.jsonl")
    assert set(table["x-y"].aliases) == {"ज़ेवियर यू", "Yu, Xavier"}
    assert table["z"].alias("زد").lang == "ar"
    assert Normalizer(table).resolve("ज़ेवियर यू").entity.id == "x-y"


@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".jsonl"])
def test_save_round_trip_is_stable(small_table: AliasTable, tmp_path: Path, suffix: str) -> None:
    first = tmp_path / f"one{suffix}"
    small_table.save(first)
    again = AliasTable.load(first)
    second = tmp_path / f"two{suffix}"
    again.save(second)
    assert first.read_bytes() == second.read_bytes()
    assert {e.id: (e.name, e.type, set(e.aliases)) for e in again} == \
        {e.id: (e.name, e.type, set(e.aliases)) for e in small_table}
    assert again["donald-trump"].alias("Trump").strength == "weak"
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(("content", "line", "what"), [
    ("id\ttype\tname\nx\tPER\tX\ny\tPERSON\tY\n", 3, "type"),
    ("id\ttype\tname\nx\tPER\n", 2, "fields"),
    ("entity_id\talias\nnobody\tZ\n", 2, "unknown entity id"),
    ("id\ttype\tname\n\tPER\tX\n", 2, "empty id"),
    ("foo\tbar\n1\t2\n", 1, "unknown header"),
])
def test_malformed_table_names_file_and_line(tmp_path: Path, content: str, line: int, what: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TableError) as info:
        AliasTable.load(path)
    assert info.value.path.endswith("bad.tsv") and info.value.line == line
    assert f"bad.tsv:{line}:" in str(info.value) and what in str(info.value)
    assert pickle.loads(pickle.dumps(info.value)).line == line


def test_table_with_byte_order_mark_or_bad_bytes(tmp_path: Path) -> None:
    # Spreadsheet programs save UTF-8 with a byte-order mark: it is not part of the first column's name.
    path = tmp_path / "excel.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + "id\ttype\tname\r\nx\tPER\tFoo Bar\r\n".encode())
    assert Normalizer(AliasTable.load(path)).resolve("Foo Bar").entity.id == "x"  # type: ignore[union-attr]
    path.write_bytes(b"id\ttype\tname\nx\tPER\tFoo \xff Bar\n")
    with pytest.raises(TableError, match=r"excel.tsv:2: invalid UTF-8 at byte 10 of the line"):
        AliasTable.load(path)


def test_malformed_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "name": "A", "type": "PER"}\n{broken\n', encoding="utf-8")
    with pytest.raises(TableError, match="bad.jsonl:2: invalid JSON"):
        AliasTable.load(path)


def test_results_are_frozen_and_serialisable(small: Normalizer) -> None:
    match = small.resolve("ट्रंप")
    with pytest.raises(AttributeError):
        match.score = 1.0  # type: ignore[misc]
    record = match.to_dict()
    assert record["entity_id"] == "donald-trump" and json.dumps(record, ensure_ascii=False)
    assert pickle.loads(pickle.dumps(match)) == match


def test_romanize_golden() -> None:
    # Every row of tests/cases/romanize.tsv: the readers' output, pinned (an upgrade shows as a diff).
    numbered = numbered_cases("romanize.tsv")
    failures = [f"tests/cases/romanize.tsv:{line}: {row['text']} → got {got!r}, expected {row['romanization']!r} "
                f"({row['note']})" for line, row in numbered if (got := romanize(row["text"])) != row["romanization"]]
    fail_rows(failures, len(numbered), "tests/cases/romanize.tsv")


def test_save_keeps_permissions_and_replaces_whole_file(small_table: AliasTable, tmp_path: Path) -> None:
    target = tmp_path / "t.tsv"
    target.write_text("old content\n", encoding="utf-8")
    target.chmod(0o640)
    small_table.save(target)
    assert target.stat().st_mode & 0o777 == 0o640
    assert AliasTable.load(target)["moscow"].name == "Moscow"
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "new.jsonl"
        small_table.save(fresh)
    finally:
        os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o644  # the usual mode, not mkstemp's 0600


def test_clear_caches_empties_every_memo_and_keeps_results(small_table) -> None:  # type: ignore[no-untyped-def]
    norm = Normalizer(small_table)
    text = "व्लादिमीर पुतिन ने कहा وبوتين Путина"
    before = [(m.start, m.end, m.match.entity.id, m.match.score) for m in norm.annotate(text)]
    assert norm.resolve("पुतिन") is not None
    memos = [*norm.spotter.memos(), norm.index.near_memo]
    assert any(len(memo) for memo in memos)
    norm.clear_caches()
    assert not any(len(memo) for memo in memos)
    assert [(m.start, m.end, m.match.entity.id, m.match.score) for m in norm.annotate(text)] == before


def test_two_normalizers_share_no_memo(small_table) -> None:  # type: ignore[no-untyped-def]
    a, b = Normalizer(small_table), Normalizer(small_table)
    a.annotate("व्लादिमीर पुतिन")
    assert a.spotter.memos()[0] is not b.spotter.memos()[0]
    assert not len(b.spotter.words.memo) and len(a.spotter.words.memo)
