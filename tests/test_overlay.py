"""Your table over the bundled one (`--table +mine.tsv`, `load(..., base=)`, `merged`), and `aliases export`.

The bundled table is the base here by design; the tests assume only that it has
country-ru and country-us (as tests/test_tables.py does) and take file and line numbers
from it rather than writing them down.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from normalizer import AliasTable, Entity
from normalizer.cli.main import main
from normalizer.errors import TableError
from normalizer.rules.tsv import data_text
from normalizer.table import DEFAULT_FILES

MINE = Path(__file__).resolve().parent / "fixtures" / "mine.tsv"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(args, stdout=out)
    return code, out.getvalue(), capsys.readouterr().err


@pytest.fixture()
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "mine.tsv"
    shutil.copy(MINE, path)
    return path


@pytest.fixture()
def clash(tmp_path: Path) -> Path:
    path = tmp_path / "clash.tsv"
    path.write_text("id\ttype\tname\n"
                    "jane-roe\tPER\tJane Roe\n"
                    "country-ru\tLOC\tRossiya\n", encoding="utf-8")
    return path


def where(entity_id: str) -> str:
    origin = AliasTable.default().origin(entity_id)
    assert origin is not None
    return f"{origin.path}:{origin.line}"


def test_resolve_with_my_table_over_the_bundled_one(mine: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["resolve", "--table", f"+{mine}", "--format", "jsonl", "Джейн Роу", "Rossiya", "США"],
                         capsys)
    assert code == 0, err
    matches = [json.loads(line)["match"] for line in out.splitlines()]
    assert [(m["entity_id"], m["method"]) for m in matches] == [
        ("jane-roe", "alias"), ("country-ru", "alias"), ("country-us", "alias")]  # mine, mine over bundled, bundled


def test_load_over_a_base_and_merged(mine: Path, tmp_path: Path) -> None:
    table = AliasTable.load(mine, base=AliasTable.default())
    assert len(table) == len(AliasTable.default()) + 1
    assert "Rossiya" in table["country-ru"].aliases and table["country-ru"].name == "Russia"
    origin = table.origin("country-ru", "Rossiya")
    assert origin is not None and (origin.path, origin.line) == (str(mine), 2)
    people = tmp_path / "people.jsonl"
    people.write_text('{"id": "jane-roe", "name": "Jane Roe", "type": "PER", "aliases": ["Джейн Роу"]}\n',
                      encoding="utf-8")
    both = AliasTable.default().merged(AliasTable.load(people))
    assert both["jane-roe"].aliases == ("Джейн Роу",) and "country-ru" in both
    assert AliasTable.default().merged(AliasTable([Entity(id="x", name="X", type="MISC")]))["x"].name == "X"


def test_an_id_clash_is_reported_with_file_and_line_of_both(clash: Path) -> None:
    with pytest.raises(TableError) as info:
        AliasTable.load(clash, base=AliasTable.default())
    assert (info.value.path, info.value.line) == (str(clash), 3)
    assert f"id 'country-ru' clashes with an entity of the table underneath ({where('country-ru')})" in str(info.value)
    with pytest.raises(TableError) as info:
        AliasTable.default().merged(AliasTable.load(clash))
    assert (info.value.path, info.value.line) == (str(clash), 3)
    assert f"({where('country-ru')})" in str(info.value)


def test_the_command_line_reports_a_clash_in_one_line(clash: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["resolve", "--table", f"+{clash}", "Jane Roe"], capsys)
    assert code == 1 and out == ""
    assert err.startswith(f"normalizer: {clash}:3: id 'country-ru' clashes") and err.count("\n") == 1
    code, out, _ = run(["aliases", "check", f"+{clash}", "--no-rules", "--errors-only"], capsys)
    assert code == 1 and out.startswith(f"{clash}:3: error [row]: id 'country-ru' clashes")


def test_edits_over_the_bundled_table_write_only_my_file(mine: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = mine.read_text(encoding="utf-8")
    code, _, err = run(["aliases", "add", "--table", f"+{mine}", "country-us", "Amrika", "--lang", "en"], capsys)
    assert code == 0, err
    assert err == f"normalizer: wrote {mine} (+1 −0 lines)\n"
    lines = before.splitlines()
    assert mine.read_text(encoding="utf-8").splitlines() == [  # in its sorted place, with no type or name
        *lines[:2], "country-us\t\t\t\tAmrika\ten\tstrong\tmanual\t", *lines[2:]]
    code, _, err = run(["aliases", "rename", "--table", f"+{mine}", "country-ru", "russia"], capsys)
    assert code == 2 and "belongs to the table underneath" in err and "aliases export" in err
    code, _, err = run(["aliases", "add", "--table", f"+{mine}", "country-ru", "Rossiya"], capsys)
    assert code == 0 and "already" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.tsv"]


def test_export_writes_the_bundled_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "bundled"
    code, out, err = run(["aliases", "export", str(folder)], capsys)
    assert code == 0, err
    assert out.splitlines() == [str(folder / name) for name in DEFAULT_FILES]
    for name in DEFAULT_FILES:
        assert (folder / name).read_text(encoding="utf-8") == data_text(name)
    copy = AliasTable.load(*(folder / name for name in DEFAULT_FILES))
    assert {e.id: e.aliases for e in copy} == {e.id: e.aliases for e in AliasTable.default()}
    assert f"--table {folder / 'entities.tsv'}" in err
    code, _, err = run(["aliases", "export", str(folder)], capsys)
    assert code == 2 and "exists → pass --force" in err
    assert run(["aliases", "export", str(folder), "--force"], capsys)[0] == 0
    code, _, err = run(["aliases", "export", str(folder / "entities.tsv")], capsys)
    assert code == 2 and "is not a folder" in err
