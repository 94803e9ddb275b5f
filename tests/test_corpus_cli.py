"""`normalizer annotate` and `normalizer resolve --column`: formats, errors, atomic output."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from normalizer.cli.main import main

from .conftest import SAMPLE

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
TABLE = str(SAMPLE)  # a fixture table (rows copied from data/): these tests do not depend on data/


def run(args: list[str], stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    code = main(args, stdout=out, stdin_bytes=io.BytesIO(stdin))
    return code, out.getvalue()


@pytest.fixture()
def corpus(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "lines.txt").write_bytes("وقال بترامب\nपुतिन के साथ\n\xff bad\n".encode("utf-8").replace(
        "\xff".encode(), b"\xff"))
    (tmp_path / "docs.jsonl").write_text(
        '{"id": 1, "text": "ट्रंप और पुतिन"}\n{"id": 2, "body": "x"}\n{broken\n{"id": 3, "text": "Kremlin"}\n',
        encoding="utf-8")
    (tmp_path / "rows.tsv").write_text("id\tbody\n1\tقال بوتين\n2\tनमस्ते\n", encoding="utf-8")
    return {p.name: p for p in tmp_path.iterdir()}


def test_jsonl_out_keeps_every_record_and_reports_bad_ones(corpus: dict[str, Path]) -> None:
    code, out = run(["annotate", "--table", TABLE, "--processes", "1", str(corpus["docs.jsonl"])])
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # some records failed
    assert [r.get("id") for r in records] == [1, 2, None, 3]
    assert [m["entity_id"] for m in records[0]["mentions"]] == ["donald-trump", "vladimir-putin"]
    assert "docs.jsonl:2: no field 'text'" in records[1]["error"]
    assert "docs.jsonl:3: broken JSON" in records[2]["error"] and records[2]["raw"] == "{broken"
    assert records[3]["mentions"][0]["entity_id"] == "kremlin" and "error" not in records[3]


def test_txt_lines_with_invalid_utf8(corpus: dict[str, Path]) -> None:
    code, out = run(["annotate", "--table", TABLE, "--lines", "--processes", "1", str(corpus["lines.txt"])])
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(records) == 3
    assert records[0]["mentions"][0]["text"] == "ترامب" and records[0]["mentions"][0]["start"] == 6
    assert "lines.txt:3: invalid UTF-8" in records[2]["error"]


def test_tsv_rows_and_tagged_text(corpus: dict[str, Path]) -> None:
    code, out = run(["annotate", "--table", TABLE, "--column", "body", "--format", "tsv", "--processes", "1",
                     str(corpus["rows.tsv"])])
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("\t")[:7] == ["source", "line", "id", "start", "end", "text", "entity_id"]
    assert [ln.split("\t")[:7] for ln in lines[1:]] == [[str(corpus["rows.tsv"]), "2", "1", "4", "9", "بوتين",
                                                          "vladimir-putin"]]
    code, out = run(["annotate", "--table", TABLE, "--format", "tagged"], stdin="पुतिन के साथ\n".encode())
    assert code == 0 and out == ('<doc source="&lt;stdin&gt;" line="1"><entity id="vladimir-putin" type="PER">पुतिन'
                                 '</entity> के साथ</doc>\n')


def test_record_id_in_tsv_and_csv_mentions(corpus: dict[str, Path], tmp_path: Path) -> None:
    # Each mention row names its record: source, line and the record's id (--id-field, default id).
    code, out = run(["annotate", "--table", TABLE, "--format", "tsv", "--processes", "1", str(corpus["docs.jsonl"])])
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    assert code == 1
    assert [(r[1], r[2], r[6]) for r in rows if r[6]] == [("1", "1", "donald-trump"), ("1", "1", "vladimir-putin"),
                                                          ("4", "3", "kremlin")]
    assert [(r[1], r[2]) for r in rows if r[-1]] == [("2", "2"), ("3", "")]  # bad records: a row with the error
    code, out = run(["annotate", "--table", TABLE, "--format", "tsv", "--id-field", "text", "--processes", "1",
                     str(corpus["docs.jsonl"])])
    assert out.splitlines()[-1].split("\t")[2] == "Kremlin"
    # csv: the same rows, chosen by --format csv or by the --out extension; a field with a comma is quoted.
    (tmp_path / "in.csv").write_text('id,text\nd1,"Путин, Трамп"\n', encoding="utf-8")
    code, out = run(["annotate", "--table", TABLE, "--format", "csv", "--processes", "1", str(tmp_path / "in.csv")])
    assert code == 0 and out.splitlines()[0] == ",".join(["source", "line", "id", "start", "end", "text", "entity_id",
                                                          "name", "type", "score", "method", "error"])
    assert [line.split(",")[2:7] for line in out.splitlines()[1:]] == [["d1", "0", "5", "Путин", "vladimir-putin"],
                                                                       ["d1", "7", "12", "Трамп", "donald-trump"]]
    code, _ = run(["annotate", "--table", TABLE, "--processes", "1", "--out", str(tmp_path / "out.csv"),
                   str(tmp_path / "in.csv")])
    assert code == 0 and (tmp_path / "out.csv").read_text(encoding="utf-8") == out


def test_tagged_output_escapes_and_separates_documents(tmp_path: Path) -> None:
    (tmp_path / "a&b.txt").write_text("<p>Путин & Трамп</p>\n\nсказал", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x < y", encoding="utf-8")
    code, out = run(["annotate", "--table", TABLE, "--format", "tagged", "--processes", "1", str(tmp_path / "a&b.txt"),
                     str(tmp_path / "b.txt")])
    first = (f'<doc source="{tmp_path}/a&amp;b.txt">&lt;p&gt;<entity id="vladimir-putin" type="PER">Путин</entity> '
             '&amp; <entity id="donald-trump" type="PER">Трамп</entity>&lt;/p&gt;\n\nсказал</doc>\n')
    assert code == 0 and out == first + f'<doc source="{tmp_path}/b.txt">x &lt; y</doc>\n'
    # a record that cannot be read is an empty document with its error
    code, out = run(["annotate", "--table", TABLE, "--format", "tagged", "--lines"], stdin=b"ok\n\xff\n")
    assert code == 1 and out.splitlines()[1] == ('<doc source="&lt;stdin&gt;" line="2" error="&lt;stdin&gt;:2: '
                                                 'invalid UTF-8 at byte 0 of the line: fix the encoding (UTF-8 '
                                                 'expected)"></doc>')


def test_on_error_fail_leaves_out_file_intact(corpus: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    code, _ = run(["annotate", "--table", TABLE, "--on-error", "fail", "--processes", "1", "--out", str(target),
                   str(corpus["docs.jsonl"])])
    assert code == 1 and target.read_text(encoding="utf-8") == "old\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    code, _ = run(["annotate", "--table", TABLE, "--processes", "2", "--out", str(target), str(corpus["docs.jsonl"])])
    assert code == 1 and len(target.read_text(encoding="utf-8").splitlines()) == 4


def test_seed_files_whole_in_parallel_match_the_api(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    code, out = run(["annotate", "--table", TABLE, "--processes", "2", *files])
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in records] == files
    for record, path in zip(records, files, strict=True):
        text = Path(path).read_text(encoding="utf-8")
        assert [(m["start"], m["entity_id"]) for m in record["mentions"]] == \
            [(m.start, m.match.entity.id) for m in sample.annotate(text)]


def test_usage_errors(corpus: dict[str, Path]) -> None:
    assert run(["annotate", "--table", TABLE, "--processes", "0", str(corpus["docs.jsonl"])])[0] == 2
    assert run(["annotate", "--table", TABLE, "--format", "tagged", str(corpus["docs.jsonl"])])[0] == 2
    assert run(["annotate", "--table", TABLE, "--column", "nope", str(corpus["rows.tsv"])])[0] == 2
    # usage errors come before any output, also those found on reading standard input
    tsv = ["annotate", "--table", TABLE, "--format", "tsv"]
    assert run([*tsv, "--column", "nope", str(corpus["rows.tsv"])]) == (2, "")
    assert run([*tsv, "--input-format", "csv", "--column", "nope"], stdin=b"a,b\n1,2\n") == (2, "")
    assert run([*tsv, str(corpus["docs.jsonl"]), str(corpus["rows.tsv"])]) == (2, "")
    assert run([*tsv, str(corpus["docs.jsonl"]), "missing.txt"]) == (1, "")
    assert run(["annotate", "--table", TABLE, str(corpus["rows.tsv"].with_name("missing.txt"))])[0] == 1


def test_resolve_column_csv_and_parquet(tmp_path: Path) -> None:
    csv_path = tmp_path / "names.csv"
    csv_path.write_text("id,name,extra\n1,ट्रंप,a\n2,नमस्ते,b\n3,تورشين,c\n", encoding="utf-8")
    code, out = run(["resolve", "--table", TABLE, "--column", "name", str(csv_path)])
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "id,name,extra,entity_id,canonical_name,entity_type,score,method,error"
    assert lines[1].startswith("1,ट्रंप,a,donald-trump,Donald Trump,PER,")
    assert lines[2] == "2,नमस्ते,b,,,,,,"
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    pd.DataFrame({"name": ["Путин", "x"]}).to_parquet(tmp_path / "n.parquet")
    code, _ = run(["resolve", "--table", TABLE, "--column", "name", str(tmp_path / "n.parquet"),
                   "--out", str(tmp_path / "o.parquet")])
    frame = pd.read_parquet(tmp_path / "o.parquet")
    assert code == 0 and frame["entity_id"].iloc[0] == "vladimir-putin" and frame["entity_id"].isna().iloc[1]
    assert frame["error"].isna().all()
    pd.DataFrame({"n": [1, 2]}).to_parquet(tmp_path / "ints.parquet")
    code, _ = run(["resolve", "--table", TABLE, "--column", "n", str(tmp_path / "ints.parquet"),
                   "--out", str(tmp_path / "p.parquet")])
    assert code == 2 and not (tmp_path / "p.parquet").exists()  # numbers are not names: refused, not left empty


def test_resolve_column_writes_the_format_of_the_out_extension(tmp_path: Path) -> None:
    # --out NAME.parquet is real parquet (with the error column) whatever the input; and the other way round.
    pq = pytest.importorskip("pyarrow.parquet")
    csv_path = tmp_path / "names.csv"
    csv_path.write_bytes("id,name\n1,ट्रंप\n2,नमस्ते\n3,\xff\n4,Путин,extra\n".encode().replace(b"\xc3\xbf", b"\xff"))
    code, out = run(["resolve", "--column", "name", str(csv_path), "--out", str(tmp_path / "o.parquet")])
    assert code == 1 and out == ""  # rows 3 and 4 are bad: passed through with their error
    table = pq.read_table(tmp_path / "o.parquet")
    assert table.column_names == ["id", "name", "entity_id", "canonical_name", "entity_type", "score", "method",
                                  "error"]
    assert str(table.schema.field("score").type) == "double" and str(table.schema.field("error").type) == "string"
    rows = table.to_pylist()
    assert [r["entity_id"] for r in rows] == ["donald-trump", None, None, None]
    assert rows[0]["score"] > 0.5 and rows[1]["score"] is None and rows[0]["error"] is None
    assert "names.csv:4: invalid UTF-8" in rows[2]["error"] and "names.csv:5: more fields" in rows[3]["error"]
    code, _ = run(["resolve", "--column", "name", str(tmp_path / "o.parquet"), "--out", str(tmp_path / "o.jsonl")])
    back = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert code == 0 and [r["entity_id"] for r in back] == ["donald-trump", "", "", "vladimir-putin"]
    assert back[0]["id"] == "1" and "error" not in back[0]
    code, _ = run(["resolve", "--column", "name", str(tmp_path / "o.parquet"), "--out", str(tmp_path / "p.parquet")])
    assert code == 0 and pq.read_table(tmp_path / "p.parquet").column_names == table.column_names  # not doubled
    (tmp_path / "mixed.jsonl").write_text('{"name": "Путин", "n": 1}\n{"name": "x", "n": "one"}\n', encoding="utf-8")
    code, _ = run(["resolve", "--column", "name", str(tmp_path / "mixed.jsonl"), "--out", str(tmp_path / "m.parquet")])
    assert code == 2 and not (tmp_path / "m.parquet").exists()  # one type per parquet column: refused, said why
    assert run(["resolve", "--column", "name", str(tmp_path / "n.txt")]) == (2, "")
    assert run(["resolve", "--column", "name", str(tmp_path / "o.parquet")]) == (2, "")  # parquet needs --out


def test_progress_shows_percentage_and_time_left_for_files(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from normalizer.adapters.progress import Progress, input_size

    stream = io.StringIO()
    progress = Progress(True, stream, total=4_000_000)
    for _ in range(4):
        progress.update(500_000, False)
    assert progress.line(progress.start + 4.0).endswith("2.0 of 4.0 MB (50%), 1 records/s, 0.50 MB/s, ETA 0:04")
    rows = Progress(True, stream, total=200, unit="records")
    rows.update(1, False)
    assert rows.line(rows.start + 1.0) == "1 of 200 records (0 failed) (0%), 1 records/s, ETA 3:19"
    (tmp_path / "a.txt").write_text("Путин", encoding="utf-8")
    (tmp_path / "b.csv").write_text("name\nПутин\n", encoding="utf-8")
    assert input_size([str(tmp_path / "a.txt"), str(tmp_path / "b.csv")]) == 10 + 16
    assert input_size(["-"]) is None and input_size(["/dev/null"]) is None
    capsys.readouterr()
    for argv in (["annotate", "--progress", "--processes", "1", str(tmp_path / "a.txt")],
                 ["resolve", "--progress", "--column", "name", str(tmp_path / "b.csv")],
                 ["aliases", "suggest", "--progress", "--processes", "1", str(tmp_path / "a.txt"),
                  "--out", str(tmp_path / "review.tsv")]):
        assert run(argv)[0] == 0
        err = capsys.readouterr().err
        assert "(100%)" in err and " in 0:0" in err, (argv, err)
    run(["annotate", "--progress", "--processes", "1"], stdin="Путин\n".encode())
    err = capsys.readouterr().err
    assert "1 records (0 failed)" in err and "%" not in err and "ETA" not in err  # stdin: size unknown


def test_byte_order_mark_is_not_text(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    (tmp_path / "names.csv").write_bytes(bom + "name,x\r\nПутин,1\r\n".encode())
    (tmp_path / "doc.txt").write_bytes(bom + "Путин сказал".encode())
    (tmp_path / "docs.jsonl").write_bytes(bom + '{"text": "قال بوتين"}\n'.encode())
    code, out = run(["resolve", "--table", TABLE, "--column", "name", str(tmp_path / "names.csv")])
    assert code == 0 and out.splitlines()[1].startswith("Путин,1,vladimir-putin,")
    for name in ("doc.txt", "docs.jsonl"):
        code, out = run(["annotate", "--table", TABLE, "--processes", "1", str(tmp_path / name)])
        mention = json.loads(out)["mentions"][0]
        assert code == 0 and mention["entity_id"] == "vladimir-putin"
        assert mention["start"] == (0 if name == "doc.txt" else 4)  # offsets into the text, not the file
    code, out = run(["annotate", "--table", TABLE, "--lines", "--processes", "1", str(tmp_path / "doc.txt")])
    assert code == 0 and json.loads(out)["text"] == "Путин сказал"


def test_killed_writer_leaves_old_file(tmp_path: Path) -> None:
    # A writer killed mid-way (SIGKILL, no cleanup) must leave the old file whole.
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")
    script = ("import sys, os, time\nfrom normalizer.atomic import atomic_writer\n"
              "with atomic_writer(sys.argv[1]) as h:\n"
              "    h.write('new ' * 100000); h.flush(); print('writing', flush=True); time.sleep(60)\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.Popen([sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"writing"
    proc.kill()
    proc.wait()
    assert target.read_text(encoding="utf-8") == "old\n"


def test_progress_line_and_stdin_jsonl(capsys: pytest.CaptureFixture[str]) -> None:
    from normalizer.cli.main import Progress

    stream = io.StringIO()
    progress = Progress(True, stream)
    progress.update(2_000_000, False)
    progress.update(1_000_000, True)
    progress.finish()
    line = stream.getvalue().strip().split("\r")[-1]
    assert line.startswith("2 records (1 failed), 3.0 MB") and "records/s" in line and "MB/s" in line
    quiet = io.StringIO()
    Progress(False, quiet).finish()
    assert quiet.getvalue() == ""
    code, out = run(["annotate", "--table", TABLE, "--input-format", "jsonl", "--processes", "1", "--no-progress"],
                    stdin='{"text": "Путина", "id": "a"}\n'.encode())
    record = json.loads(out)
    assert code == 0 and record["id"] == "a" and record["mentions"][0]["text"] == "Путина"


def test_broken_json_message_says_at_once(tmp_path: Path) -> None:
    # json's own message can end in "at" ("Invalid control character at"): no "at at column".
    path = tmp_path / "docs.jsonl"
    path.write_text('{"text": "Путин\n{"text": "ok", "x": }\n', encoding="utf-8")
    code, out = run(["annotate", "--processes", "1", str(path)])
    errors = [json.loads(line)["error"] for line in out.splitlines()]
    assert code == 1 and len(errors) == 2
    assert errors[0].endswith("docs.jsonl:1: broken JSON (Invalid control character at column 16)")
    assert errors[1].endswith("docs.jsonl:2: broken JSON (Expecting value at column 21)")


def test_progress_by_default_on_a_terminal(tmp_path: Path) -> None:
    # stderr a terminal: the progress line is on, with the percentage for a file; not a terminal: off.
    pty = pytest.importorskip("pty")
    (tmp_path / "a.txt").write_text("Путин сказал\n" * 50, encoding="utf-8")
    argv = [sys.executable, "-m", "normalizer", "annotate", "--lines", "--processes", "1", str(tmp_path / "a.txt"),
            "--out", str(tmp_path / "out.jsonl")]
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(argv, stderr=follower, stdout=subprocess.DEVNULL, timeout=120, check=False)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert proc.returncode == 0 and b"50 records (0 failed)" in shown and b"(100%)" in shown, shown
    quiet = subprocess.run(argv, capture_output=True, timeout=120, check=False)
    assert quiet.returncode == 0 and b"records" not in quiet.stderr
