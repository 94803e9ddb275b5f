"""The command line, in-process and as an installed console script."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import normalizer
from normalizer.cli.main import build_parser, main

from .conftest import FIXTURES

SMALL = str(FIXTURES / "small.tsv")
SAMPLE = str(FIXTURES / "sample.tsv")


def run(*argv: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out)
    return code, out.getvalue()


def test_resolve_arguments_tsv() -> None:
    code, out = run("resolve", "--table", SMALL, "ट्रंप", "بترامب", "nobody at all")
    assert code == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0] == ["query", "entity_id", "name", "type", "score", "method", "alias", "error"]
    assert lines[1][:4] == ["ट्रंप", "donald-trump", "Donald Trump", "PER"]
    assert 0.0 <= float(lines[1][4]) <= 1.0 and lines[1][5] in ("exact", "alias", "phonetic", "fuzzy")
    assert lines[2][1] == "donald-trump"
    assert lines[3] == ["nobody at all", "", "", "", "", "", "", ""]


def test_resolve_stdin_jsonl_with_candidates() -> None:
    code, out = run("resolve", "--table", SMALL, "--format", "jsonl", "--candidates", "2", stdin="Clinton\nМосква\n")
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["match"] is None and len(first["candidates"]) == 2
    assert second["match"]["entity_id"] == "moscow"


def test_romanize() -> None:
    code, out = run("romanize", "تورشين", "ट्रम्प")
    assert code == 0 and out.splitlines()[1:] == ["تورشين\tturshin\t", "ट्रम्प\ttramp\t"]


def test_invalid_utf8_lines_are_reported_not_dropped() -> None:
    # Standard input is read with surrogateescape: bytes that are not UTF-8 arrive as U+DC80..U+DCFF.
    stdin = "Trump\n\udcff\udcfeTrump\nПутин\n"
    code, out = run("resolve", "--table", SMALL, stdin=stdin)
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    assert code == 1
    assert [r[1] for r in rows] == ["donald-trump", "", "vladimir-putin"]
    assert rows[1][0] == "\ufffd\ufffdTrump" and rows[1][-1].startswith("<stdin>:2: invalid UTF-8")
    code, out = run("resolve", "--table", SMALL, "--format", "jsonl", stdin=stdin)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and len(records) == 3 and records[1]["match"] is None
    assert records[1]["error"].startswith("<stdin>:2:") and "error" not in records[0]
    code, out = run("romanize", "ट्रम्प", "\udcffab")
    assert code == 1
    error = "argument 2: invalid UTF-8: fix the encoding (UTF-8 expected)"
    assert out.splitlines()[2].split("\t") == ["\ufffdab", "", error]


def test_errors_and_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\ttype\tname\nx\tNOPE\tX\n", encoding="utf-8")
    code, _ = run("resolve", "--table", str(bad), "x")
    assert code == 1
    assert run("resolve", "--table", str(tmp_path / "missing.tsv"), "x")[0] == 1
    assert run("resolve", "--types", "PERSON", "--table", SMALL, "x") == (2, "")  # no header before the error
    assert run("frobnicate")[0] == 2
    assert run("resolve", "--candidates", "2", "--table", SMALL, "x")[0] == 2  # TSV cannot hold candidates


def test_installed_console_script() -> None:
    # The console script installed beside this interpreter (another "normalizer" may be on PATH).
    exe = Path(sys.executable).with_name("normalizer")
    exe_cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "normalizer"]
    proc = subprocess.run([*exe_cmd, "resolve", "--table", SAMPLE, "एग्रालोव", "تورشين", "ट्रंप", "Путин"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    ids = [line.split("\t")[1] for line in proc.stdout.splitlines()[1:]]
    assert ids == ["aras-agalarov", "alexander-torshin", "donald-trump", "vladimir-putin"]


def test_without_a_table_the_bundled_one_is_used() -> None:
    # The one place the command line meets data/: with no --table, resolve and annotate answer
    # as the bundled default table does (whatever its rows say).
    from normalizer import Normalizer

    default = Normalizer.default()
    names = ["Путин", "ट्रंप", "nobody at all"]
    code, out = run("resolve", *names)
    assert code == 0
    assert [line.split("\t")[1] for line in out.splitlines()[1:]] == \
        [m.entity.id if (m := default.resolve(n)) else "" for n in names]
    assert any(line.split("\t")[1] for line in out.splitlines()[1:])
    text = "Путин и Трамп в Москве"
    out_text = io.StringIO()
    code = main(["annotate", "--processes", "1"], stdin_bytes=io.BytesIO(text.encode()), stdout=out_text)
    found = [(m["start"], m["entity_id"]) for m in json.loads(out_text.getvalue())["mentions"]]
    assert code == 0 and found and found == [(m.start, m.match.entity.id) for m in default.annotate(text)]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"normalizer {normalizer.__version__}\n"


def _options(parser: argparse.ArgumentParser, command: str) -> Iterator[tuple[str, argparse.Action]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _options(sub, f"{command} {name}")
        elif not isinstance(action, argparse._HelpAction):
            yield command, action


def test_every_option_and_argument_has_help() -> None:
    found = list(_options(build_parser(), "normalizer"))
    missing = [f"{command} {'/'.join(a.option_strings) or a.dest}" for command, a in found
               if not a.help or a.help == argparse.SUPPRESS]
    assert not missing, f"no help text: {missing}"
    assert {c for c, _ in found} >= {"normalizer resolve", "normalizer annotate", "normalizer aliases add",
                                      "normalizer aliases variants", "normalizer aliases import"}


@pytest.mark.parametrize("argv", [["resolve", "--types", "PER,PERSON", "x"], ["resolve", "--types", ",", "x"],
                                  ["romanize", "--format", "xml", "x"], ["resolve", "--nope"]])
def test_usage_errors_print_nothing_on_stdout(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(*argv)
    assert code == 2 and out == "" and capsys.readouterr().out == ""
