"""Table edits change only the lines they must, on real files (tests/fixtures/edits, copied to tmp_path).

The fixture is laid out as the bundled data is: curated entities and aliases, a generated
folder (as data/cldr/ is), and redirects.tsv. Each test diffs every file before and after
one `normalizer aliases …` command.
"""

from __future__ import annotations

import difflib
import io
import os
import shutil
from pathlib import Path

import pytest

from normalizer import AliasTable
from normalizer.cli.main import main

EDITS = Path(__file__).resolve().parent / "fixtures" / "edits"
FILES = ("entities.tsv", "generated/entities.tsv", "aliases.tsv", "generated/aliases.tsv", "redirects.tsv")


@pytest.fixture()
def table(tmp_path: Path) -> Path:
    shutil.copytree(EDITS, tmp_path / "t")
    return tmp_path / "t"


def tables(folder: Path, names: tuple[str, ...] = FILES) -> list[str]:
    return [arg for name in names for arg in ("--table", str(folder / name))]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args, stdout=io.StringIO())
    return code, capsys.readouterr().err


def snapshot(folder: Path) -> dict[str, tuple[int, list[str]]]:
    """Each file's inode (a replaced file gets a new one) and lines."""
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.read_text(encoding="utf-8").splitlines())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def changes(before: dict[str, tuple[int, list[str]]],
            after: dict[str, tuple[int, list[str]]]) -> dict[str, tuple[list[str], list[str]]]:
    """The files that were written, each with (lines removed, lines added)."""
    out = {}
    for name in sorted(set(before) | set(after)):
        old_ino, old = before.get(name, (None, []))
        new_ino, new = after.get(name, (None, []))
        if old_ino == new_ino and old == new:
            continue
        removed, added = [], []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if tag != "equal":
                removed += old[i1:i2]
                added += new[j1:j2]
        out[name] = (removed, added)
    return out


def test_rename_changes_the_entity_row_its_alias_rows_and_adds_one_redirect_row(
        table: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(table)
    code, err = run(["aliases", "rename", *tables(table), "vladimir-putin", "putin"], capsys)
    assert code == 0, err
    assert changes(before, snapshot(table)) == {
        "entities.tsv": (["vladimir-putin\tPER\tVladimir Putin\tQ7747\tpresident of Russia"],
                         ["putin\tPER\tVladimir Putin\tQ7747\tpresident of Russia"]),
        "aliases.tsv": (["vladimir-putin\tPutin\ten\tweak\ttest\tsurname alone",
                         "vladimir-putin\tПутин\tru\tweak\ttest\tputin",
                         "vladimir-putin\tبوتين\tar\tweak\ttest\tbutin"],
                        ["putin\tPutin\ten\tweak\ttest\tsurname alone",
                         "putin\tПутин\tru\tweak\ttest\tputin",
                         "putin\tبوتين\tar\tweak\ttest\tbutin"]),
        "redirects.tsv": ([], ["vladimir-putin\tputin"]),
    }
    assert "wrote" in err and "generated" not in err  # the generated files were not even rewritten
    assert AliasTable.load(*(table / n for n in FILES))["vladimir-putin"].id == "putin"


def test_merge_removes_one_entity_row_and_adds_one_redirect_row(table: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(table)
    code, err = run(["aliases", "merge", *tables(table), "putin-vv", "vladimir-putin"], capsys)
    assert code == 0, err
    assert changes(before, snapshot(table)) == {
        "entities.tsv": (["putin-vv\tPER\tV. V. Putin\t\tduplicate of vladimir-putin"], []),
        # its alias is filed under the surviving id, and its name becomes an alias (in the first alias file)
        "aliases.tsv": (["putin-vv\tव्लादिमीर पुतिन\thi\tstrong\ttest\tvladimir putin"],
                        ["vladimir-putin\tV. V. Putin\ten\tstrong\t\t",
                         "vladimir-putin\tव्लादिमीर पुतिन\thi\tstrong\ttest\tvladimir putin"]),
        "redirects.tsv": ([], ["putin-vv\tvladimir-putin"]),
    }


def test_a_new_alias_goes_to_the_first_alias_file_named_never_the_generated_one(
        table: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(table)
    # country-ru's aliases are all in the generated file; the new one goes to aliases.tsv, named first.
    code, err = run(["aliases", "add", *tables(table), "country-ru", "Rossiya", "--lang", "en"], capsys)
    assert code == 0, err
    assert changes(before, snapshot(table)) == {"aliases.tsv": ([], ["country-ru\tRossiya\ten\tstrong\tmanual\t"])}
    assert err == f"normalizer: wrote {table / 'aliases.tsv'} (+1 −0 lines)\n"


def test_a_new_entity_and_its_aliases_go_to_the_first_files_named(table: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(table)
    names = ("generated/entities.tsv", "entities.tsv", "aliases.tsv", "generated/aliases.tsv", "redirects.tsv")
    code, err = run(["aliases", "add-entity", *tables(table, names), "sergey-lavrov", "--name", "Sergey Lavrov",
                     "--type", "PER", "--alias", "Лавров"], capsys)
    assert code == 0, err
    assert changes(before, snapshot(table)) == {
        "generated/entities.tsv": ([], ["sergey-lavrov\tPER\tSergey Lavrov\t\t"]),  # named first, so chosen
        "aliases.tsv": ([], ["sergey-lavrov\tЛавров\t\tstrong\tmanual\t"]),
    }


def test_adding_an_alias_that_exists_says_so_and_writes_nothing(table: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(table)
    code, err = run(["aliases", "add", *tables(table), "vladimir-putin", "Путин"], capsys)
    assert code == 0
    assert err == (f"normalizer: vladimir-putin has the alias 'Путин' already ({table / 'aliases.tsv'}:5: ru, weak, "
                   "test): nothing written; to change its details, remove it and add it again\n")
    code, err = run(["aliases", "add", *tables(table), "vladimir-putin", "Vladimir Putin"], capsys)
    assert code == 0 and "has the name 'Vladimir Putin' already" in err
    assert changes(before, snapshot(table)) == {}


def test_a_symlinked_table_is_edited_through_the_link(table: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "my-aliases.tsv"
    link.symlink_to(table / "aliases.tsv")
    names = [arg for n in FILES for arg in ("--table", str(link if n == "aliases.tsv" else table / n))]
    before = snapshot(table)
    code, err = run(["aliases", "add", *names, "moscow", "Moskva", "--lang", "en"], capsys)
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == table / "aliases.tsv"
    assert changes(before, snapshot(table)) == {"aliases.tsv": ([], ["moscow\tMoskva\ten\tstrong\tmanual\t"])}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_old_files_with_a_redirect_to_column_load_and_take_the_new_redirect_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "entities.tsv"
    old.write_text("id\ttype\tname\twikidata\tredirect_to\n"
                   "kgb\tORG\tKGB\t\t\n"
                   "kgb-ussr\t\t\t\tkgb\n"
                   "moscow\tLOC\tMoscow\t\t\n", encoding="utf-8")
    assert AliasTable.load(old)["kgb-ussr"].id == "kgb"
    before = snapshot(tmp_path)
    code, err = run(["aliases", "rename", "--table", str(old), "moscow", "moskva"], capsys)
    assert code == 0, err
    assert changes(before, snapshot(tmp_path)) == {
        "entities.tsv": (["moscow\tLOC\tMoscow\t\t"], ["moscow\t\t\t\tmoskva", "moskva\tLOC\tMoscow\t\t"])}


def test_a_file_keeps_its_order_and_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Not sorted, its own column order, no note column, CRLF line ends, a byte-order mark.
    entities = tmp_path / "entities.tsv"
    entities.write_text("id\ttype\tname\nzagreb\tLOC\tZagreb\nankara\tLOC\tAnkara\n", encoding="utf-8")
    aliases = tmp_path / "aliases.csv"
    aliases.write_bytes("\ufeffalias,entity_id,source\r\nЗагреб,zagreb,me\r\nАнкара,ankara,me\r\n".encode())
    before = aliases.read_bytes()
    code, err = run(["aliases", "add", "--table", str(entities), "--table", str(aliases), "ankara", "Angora",
                     "--source", "old name"], capsys)
    assert code == 0, err
    assert aliases.read_bytes() == before + "Angora,ankara,old name\r\n".encode()
    code, err = run(["aliases", "add", "--table", str(entities), "--table", str(aliases), "zagreb", "Agram",
                     "--source", "de", "--strength", "weak"], capsys)
    assert code == 0, err  # a row that needs a column the file lacks: the column is added at the end
    assert aliases.read_text(encoding="utf-8-sig").splitlines()[0] == "alias,entity_id,source,strength"


def test_a_redirect_file_that_exists_but_was_not_loaded_is_not_overwritten(
        table: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(table)
    code, err = run(["aliases", "rename", *tables(table, FILES[:-1]), "moscow", "moskva"], capsys)
    assert code == 2 and "redirects.tsv: exists but is not one of the loaded files" in err and "--table" in err
    assert changes(before, snapshot(table)) == {}


def test_the_first_redirect_of_a_table_creates_redirects_tsv(table: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    (table / "redirects.tsv").unlink()
    before = snapshot(table)
    code, err = run(["aliases", "rename", *tables(table, FILES[:-1]), "moscow", "moskva"], capsys)
    assert code == 0, err
    assert changes(before, snapshot(table)) == {
        "entities.tsv": (["moscow\tLOC\tMoscow\tQ649\tcapital of Russia"],
                         ["moskva\tLOC\tMoscow\tQ649\tcapital of Russia"]),
        "aliases.tsv": (["moscow\tМосква\tru\tstrong\ttest\tmoskva"], ["moskva\tМосква\tru\tstrong\ttest\tmoskva"]),
        "redirects.tsv": ([], ["id\tredirect_to", "moscow\tmoskva"]),
    }


def test_the_bundled_table_is_not_written_back() -> None:
    with pytest.raises(ValueError, match="bundled table's files are not written back"):
        AliasTable.default().save_sources()


def test_an_unchanged_table_writes_no_file(table: Path) -> None:
    before = snapshot(table)
    assert AliasTable.load(*(table / n for n in FILES)).save_sources() == []
    assert changes(before, snapshot(table)) == {}
    assert os.listdir(table) == os.listdir(EDITS)


def test_check_warns_of_a_redirect_file_left_out(table: Path) -> None:
    from normalizer.tables.check import check_files

    found = [f for f in check_files(*(table / n for n in FILES[:-1]), rules=False) if f.code == "redirects-not-loaded"]
    assert [(Path(f.path).resolve(), f.severity) for f in found] == [((table / "redirects.tsv").resolve(), "warning")]
    assert not [f for f in check_files(*(table / n for n in FILES), rules=False) if f.code == "redirects-not-loaded"]


def test_import_merge_adds_only_the_imported_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "small.tsv"
    shutil.copy(EDITS.parent / "small.tsv", table)
    before = snapshot(tmp_path)
    code, err = run(["aliases", "import", "csv", str(EDITS.parent / "import.csv"), "--merge", "--out", str(table),
                     "--map", "id=key,name=label,type=kind,alias=spelling,lang=language"], capsys)
    assert code == 0, err
    removed, added = changes(before, snapshot(tmp_path))["small.tsv"]
    assert removed == []  # moscow has Москва already: only the new entity's rows are added
    assert added == ["putin\tPER\tVladimir Putin\t\tПутин\tru\tstrong\timport:import.csv\t",
                     "putin\t\t\t\tبوتين\tar\tstrong\timport:import.csv\t"]
