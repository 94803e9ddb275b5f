"""Alias-table maintenance: formats, fmt, check, editing with redirects, suggest/apply, spellings, import."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from normalizer import AliasTable, Entity, Normalizer
from normalizer.cli.main import main
from normalizer.model import Alias
from normalizer.tables.check import check_files, check_table
from normalizer.tables.importers import from_csv, from_wikidata, parse_mapping
from normalizer.tables.spellings import generate, naive

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


def run(args: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    return main(args, stdout=out), out.getvalue()


@pytest.fixture()
def split_table(tmp_path: Path) -> tuple[Path, Path]:
    entities = tmp_path / "entities.tsv"
    aliases = tmp_path / "aliases.tsv"
    entities.write_text("id\ttype\tname\twikidata\tnote\tdesk\n"
                        "vladimir-putin\tPER\tVladimir Putin\tQ7747\tpresident\tworld\n"
                        "putin-vv\tPER\tV. V. Putin\t\t\t\n"
                        "moscow\tLOC\tMoscow\tQ649\t\tworld\n", encoding="utf-8")
    aliases.write_text("entity_id\talias\tlang\tstrength\tsource\tnote\treviewer\n"
                       "vladimir-putin\tPutin\ten\tweak\tpress\t\tak\n"
                       "moscow\tМосква\tru\tstrong\tcldr\tmoskva\t\n"
                       "putin-vv\tव्लादिमीर पुतिन\thi\tstrong\tseed:000\t\t\n", encoding="utf-8")
    return entities, aliases


def test_formats_round_trip_losslessly_with_extras_and_redirects(split_table: tuple[Path, Path],
                                                                 tmp_path: Path) -> None:
    table = AliasTable.load(*split_table).merge("putin-vv", "vladimir-putin")
    texts = {}
    for suffix in (".tsv", ".csv", ".jsonl"):
        path = tmp_path / f"all{suffix}"
        table.save(path)
        again = AliasTable.load(path)
        assert again.redirects == {"putin-vv": "vladimir-putin"}
        assert sorted(json.dumps(e.to_dict(), sort_keys=True, ensure_ascii=False) for e in again) == \
            sorted(json.dumps(e.to_dict(), sort_keys=True, ensure_ascii=False) for e in table)
        again.save(path)
        texts[suffix] = path.read_text(encoding="utf-8")
        assert AliasTable.load(path)["vladimir-putin"].alias("Putin").extra == (("reviewer", "ak"),)
    assert "entity.desk" in texts[".tsv"] and "reviewer" in texts[".csv"]
    assert dict(AliasTable.load(tmp_path / "all.jsonl")["moscow"].extra) == {"desk": "world"}


def test_fmt_makes_files_canonical_and_check_mode_reports(tmp_path: Path) -> None:
    messy = tmp_path / "aliases.tsv"
    messy.write_text("entity_id\talias\tlang\tstrength\tsource\tnote\textra\n"
                     "b\tBee\ten\tstrong\tx\t\t1\na\tAy\ten\tweak\tx\t\t\n", encoding="utf-8")
    assert run(["aliases", "fmt", "--check", str(messy)])[0] == 1
    assert run(["aliases", "fmt", str(messy)])[0] == 0
    lines = messy.read_text(encoding="utf-8").splitlines()
    assert [ln.split("\t")[:2] for ln in lines[1:]] == [["a", "Ay"], ["b", "Bee"]]
    assert lines[0].endswith("\textra") and lines[2].endswith("\t1")
    assert run(["aliases", "fmt", "--check", str(messy)])[0] == 0


def test_the_bundled_tables_are_canonical() -> None:
    for name in ("entities.tsv", "aliases.tsv", "cldr/entities.tsv", "cldr/aliases.tsv"):
        assert run(["aliases", "fmt", "--check", str(DATA / name)])[0] == 0, f"data/{name} is not canonical"


def test_check_reports_each_problem_with_file_and_line(tmp_path: Path) -> None:
    entities = tmp_path / "e.tsv"
    aliases = tmp_path / "a.tsv"
    entities.write_text("id\ttype\tname\twikidata\n"
                        "trump\tPER\tDonald Trump\tQ22686\n"
                        "trump\tPER\tDonald J. Trump\t\n"
                        "putin\tPER\tVladimir Putin\tQ22686\n"
                        "bad\tPERSON\tBad Type\t\n", encoding="utf-8")
    aliases.write_text("entity_id\talias\tlang\tstrength\tsource\tnote\n"
                       "trump\tТрамп\tru\tstrong\t\t\n"
                       "putin\tТрамп\tru\tstrong\t\t\n"
                       "nobody\tX\ten\tstrong\t\t\n"
                       "putin\t\ten\tstrong\t\t\n"
                       "putin\tПутин\ten\tstrong\t\t\n"
                       "putin\tПyтин\tru\tstrong\t\t\n"
                       "putin\tPu\x07tin\ten\tstrong\t\t\n"
                       "putin\ttoo\tmany\tfields\there\tx\ty\n", encoding="utf-8")
    found = {(Path(f.path).name, f.line, f.code) for f in check_files(entities, aliases, rules=False)}
    expected = {("e.tsv", 3, "duplicate-id"), ("e.tsv", 5, "row"), ("a.tsv", 2, "shared-alias"),
                ("a.tsv", 4, "row"), ("a.tsv", 5, "row"), ("a.tsv", 6, "lang-script"), ("a.tsv", 7, "mixed-script"),
                ("a.tsv", 8, "control-char"), ("a.tsv", 9, "row"), ("e.tsv", 4, "duplicate-entity")}
    assert expected <= found, sorted(found)
    code, out = run(["aliases", "check", "--no-rules", str(entities), str(aliases)])
    assert code == 1 and f"{aliases}:4: error [row]: unknown entity id 'nobody'" in out


def test_context_alias_is_read_from_a_file_and_may_be_shared(tmp_path: Path) -> None:
    # A context alias loads from a table file; like a weak one, two entities may share it.
    aliases = tmp_path / "a.tsv"
    aliases.write_text("entity_id\talias\tlang\tstrength\n"
                       "lula\tلولا\tar\tcontext\nlula-2\tلولا\tar\tcontext\n", encoding="utf-8")
    entities = tmp_path / "e.tsv"
    entities.write_text("id\ttype\tname\nlula\tPER\tLula\nlula-2\tPER\tLula (footballer)\n", encoding="utf-8")
    table = AliasTable.load(entities, aliases)
    assert table["lula"].alias("لولا").strength == "context"
    assert not [f for f in check_table(table, rules=False) if f.code == "shared-alias"]
    assert Normalizer(table).resolve("الرئيس لولا") is None  # shared by two people: ambiguous
    # A title opens a person's context alias, not a place's: a Brazil sharing it is no rival.
    brazil = AliasTable([table["lula"], Entity(id="brazil", name="Brazil", type="LOC", aliases=("لولا",),
                                               details=(Alias("لولا", lang="ar", strength="context"),))])
    assert Normalizer(brazil).resolve("الرئيس لولا").entity.id == "lula"  # type: ignore[union-attr]


def test_weak_shared_alias_is_allowed() -> None:
    table = AliasTable([Entity(id="b", name="Bill Clinton", type="PER", aliases=("Clinton",),
                               details=(Alias("Clinton", strength="weak"),)),
                        Entity(id="h", name="Hillary Clinton", type="PER", aliases=("Clinton",),
                               details=(Alias("Clinton", strength="weak"),))])
    assert not [f for f in check_table(table, rules=False) if f.code == "shared-alias"]


def test_the_bundled_table_has_no_errors() -> None:
    code, _ = run(["aliases", "check", "--errors-only"])
    assert code == 0


def test_edits_write_one_line_diffs_and_redirects_resolve(split_table: tuple[Path, Path]) -> None:
    entities, aliases = split_table
    assert run(["aliases", "fmt", str(entities), str(aliases)])[0] == 0
    before = {p: p.read_text(encoding="utf-8").splitlines() for p in split_table}
    args = ["--table", str(entities), "--table", str(aliases)]
    assert run(["aliases", "add", *args, "vladimir-putin", "بوتين", "--lang", "ar", "--strength", "weak"])[0] == 0
    after = {p: p.read_text(encoding="utf-8").splitlines() for p in split_table}
    assert after[entities] == before[entities]
    assert set(after[aliases]) - set(before[aliases]) == {"vladimir-putin\tبوتين\tar\tweak\tmanual\t\t"}
    assert len(after[aliases]) == len(before[aliases]) + 1
    assert run(["aliases", "merge", *args, "putin-vv", "vladimir-putin"])[0] == 0
    table = AliasTable.load(entities, aliases)
    assert table.canonical_id("putin-vv") == "vladimir-putin" and table["putin-vv"].id == "vladimir-putin"
    assert Normalizer(table).resolve("व्लादिमीर पुतिन").entity.id == "vladimir-putin"  # type: ignore[union-attr]
    assert run(["aliases", "rename", *args, "vladimir-putin", "putin"])[0] == 0
    table = AliasTable.load(entities, aliases)
    assert table["putin-vv"].id == "putin" and table["vladimir-putin"].id == "putin"
    assert run(["aliases", "remove", *args, "putin", "بوتين"])[0] == 0
    assert "بوتين" not in AliasTable.load(entities, aliases)["putin"].aliases
    assert run(["aliases", "add-entity", *args, "kremlin", "--name", "Kremlin", "--type", "ORG",
                "--alias", "Кремль"])[0] == 0
    assert AliasTable.load(entities, aliases)["kremlin"].aliases == ("Кремль",)
    assert run(["aliases", "remove", *args, "nobody", "x"])[0] == 1
    assert run(["aliases", "add-entity", *args, "kremlin", "--name", "K", "--type", "ORG"])[0] == 2


def test_an_entity_only_table_gets_aliases_in_a_new_file(split_table: tuple[Path, Path], tmp_path: Path) -> None:
    entities, _ = split_table
    new = tmp_path / "new-aliases.tsv"
    assert run(["aliases", "add-entity", "--table", str(entities), "kremlin", "--name", "Kremlin",
                "--type", "ORG"])[0] == 0  # an entity needs no alias file
    assert run(["aliases", "add", "--table", str(entities), "kremlin", "Кремль"])[0] == 2  # nowhere to put it
    assert run(["aliases", "add", "--table", str(entities), "--into", str(entities), "kremlin", "Кремль"])[0] == 2
    assert not new.exists()
    assert run(["aliases", "add", "--table", str(entities), "--into", str(new), "kremlin", "Кремль"])[0] == 0
    assert new.read_text(encoding="utf-8").splitlines() == [
        "entity_id\talias\tlang\tstrength\tsource\tnote", "kremlin\tКремль\t\tstrong\tmanual\t"]
    assert Normalizer(AliasTable.load(entities, new)).resolve("Кремль").entity.id == "kremlin"  # type: ignore[union-attr]


def test_suggest_then_apply_on_the_seeds(sample_table: AliasTable, tmp_path: Path) -> None:
    keep = [e for e in sample_table if e.id != "alnur-musayev"]
    musayev = sample_table["alnur-musayev"]
    kept = tuple(a for a in musayev.aliases if a in ("Alnur Musayev", "Musayev", "मुसायेव"))
    table_path = tmp_path / "table.jsonl"
    AliasTable([*keep, Entity(id=musayev.id, name=musayev.name, type="PER", aliases=kept,
                              details=tuple(musayev.alias(a) for a in kept))]).save(table_path)
    review = tmp_path / "review.tsv"
    code, _ = run(["aliases", "suggest", str(SEEDS / "000_2e521d5c0a646e8a.txt"), "--table", str(table_path),
                   "--out", str(review), "--processes", "1"])
    assert code == 0
    rows = [ln.split("\t") for ln in review.read_text(encoding="utf-8").splitlines()]
    header, body = rows[0], rows[1:]
    assert header[:4] == ["decision", "entity_id", "name", "spelling"]
    proposed = {(r[1], r[3]) for r in body}
    assert ("alnur-musayev", "एलनूर मुसायेव") in proposed
    marked = "\n".join(["\t".join(header)] + ["\t".join(["yes" if r[1] == "alnur-musayev" else "no", *r[1:]])
                                               for r in body]) + "\n"
    review.write_text(marked, encoding="utf-8")
    code, out = run(["aliases", "apply", str(review), "--table", str(table_path)])
    assert code == 0
    updated = AliasTable.load(table_path)["alnur-musayev"]
    assert "एलनूर मुसायेव" in updated.aliases
    assert updated.alias("एलनूर मुसायेव").source == "suggest:review.tsv"


def test_variants_beat_the_naive_mapping() -> None:
    assert [s for s, _ in generate("Putin", "cyrl", 1)] == ["Путин"]
    assert [s for s, _ in generate("Harris", "arab", 1)] == ["هاريس"]  # a doubled letter written once
    assert "بوتين" in [s for s, _ in generate("Putin", "arab", 5)]
    assert "पुतिन" in [s for s, _ in generate("Putin", "deva", 5)]
    assert naive("Agalarov", "deva") not in [s for s, _ in generate("Agalarov", "deva", 5)]
    small = ["--table", str(FIXTURES / "small.tsv")]
    code, out = run(["aliases", "spellings", *small, "vladimir-putin", "--scripts", "cyrl,arab", "--limit", "2"])
    assert code == 0 and out.splitlines()[1].startswith("Vladimir Putin\tcyrl\t1\tВладимир Путин\t")
    assert run(["aliases", "spellings", *small, "Putin", "--scripts", "klingon"])[0] == 2
    assert run(["aliases", "spellings", *small, "Путин"])[0] == 2  # no Latin word to spell
    assert run(["aliases", "variants", *small, "Putin", "--scripts", "cyrl", "--limit", "1"])[0] == 0  # the old name
    code, out = run(["aliases", "spellings", *small, "José Erdoğan", "--scripts", "cyrl", "--limit", "1"])
    assert code == 0 and out.splitlines()[1].split("\t")[3] == "Джосе Эрдоган"  # diacritics read, not dropped


def test_import_wikidata_and_csv(tmp_path: Path) -> None:
    entities = {e.id: e for e in from_wikidata(str(FIXTURES / "wikidata-wbgetentities.json"), ["en", "ru", "ar"])}
    assert set(entities) == {"vladimir-putin", "moscow"}
    putin = entities["vladimir-putin"]
    assert (putin.type, putin.wikidata) == ("PER", "Q7747")
    assert {"Путин", "فلاديمير بوتين", "Putin"} <= set(putin.aliases) and "Wladimir Putin" not in putin.aliases
    assert putin.alias("Путин").lang == "ru" and entities["moscow"].type == "LOC"
    dump = {e.id: e for e in from_wikidata(str(FIXTURES / "wikidata-dump.json"), ["en", "ru", "hi"])}
    assert dump["kgb"].type == "ORG" and "КГБ" in dump["kgb"].aliases and dump["moscow-kremlin"].type == "MISC"
    out = tmp_path / "imported.tsv"
    assert run(["aliases", "import", "wikidata", str(FIXTURES / "wikidata-dump.json"), "--out", str(out)])[0] == 0
    assert "kgb" in AliasTable.load(out)
    mapped = from_csv(str(FIXTURES / "import.csv"), parse_mapping("id=key,name=label,type=kind,alias=spelling,"
                                                                  "lang=language"))
    assert [(e.id, e.aliases) for e in mapped] == [("putin", ("Путин", "بوتين")), ("moscow", ("Москва",))]
    with pytest.raises(ValueError, match="bad --map"):
        parse_mapping("id")
    broken = tmp_path / "broken.json"
    broken.write_text('[\n{"id": "Q1", "labels": {}},\n{broken\n]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken.json:2"):
        from_wikidata(str(broken), ["en"])


def test_save_sources_keeps_the_bundled_files_byte_for_byte(tmp_path: Path) -> None:
    from normalizer.table import DEFAULT_FILES

    for name in DEFAULT_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / name, tmp_path / name)
    AliasTable.load(*(tmp_path / n for n in DEFAULT_FILES)).save_sources()
    for name in DEFAULT_FILES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_entities_whose_spellings_read_alike_look_like_duplicates() -> None:
    table = AliasTable([Entity(id="putin", name="Vladimir Putin", type="PER", aliases=("Путин", "पुतिन")),
                        Entity(id="poutine", name="Vova Putin", type="PER", aliases=("Путін", "Владимир Путін")),
                        Entity(id="putin-lake", name="Putin Lake", type="LOC", aliases=("Путин",))])
    found = [f for f in check_table(table, rules=False) if f.code == "duplicate-entity"]
    assert [f.message for f in found] == ["poutine, putin (PER) have 2 spellings that read alike"]
