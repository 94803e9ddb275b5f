"""Every code block of README.md and docs/*.md runs, and prints what the docs show.

``>>>`` examples run as doctests (``--doctest-glob`` in pyproject.toml). This module runs
the rest, each block in a fresh sandbox directory: a copy of ``data/``, ``tests/data/seeds``
and ``tests/fixtures``, plus the example files the docs name (:data:`EXAMPLE_FILES`,
made from the fixtures).

- ```` ```sh ```` blocks: commands run as in a shell at the repository root (``normalizer``
  and ``python`` are this interpreter's). In a transcript (lines starting with ``$ ``)
  the lines after a command are its output, compared line by line with runs of blanks
  read as one space; an expected line ending in ``…`` matches any line it begins.
  Elsewhere a line is a command whose output the docs do not show. Every command must
  exit 0. Variables a block sets (``T="--table …"``) hold for the rest of its file.
- ```` ```python ```` blocks without ``>>>`` are executed.
- ```` ```text ````, ``tsv``, ``json`` blocks are samples and diagrams, not code.

Not run: commands that start with one of :data:`NOT_RUN` (the reason is beside each), and
blocks after a ``<!-- doc-test: skip REASON -->`` line. A block after
``<!-- doc-test: continue -->`` runs in the sandbox of the block before it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from normalizer.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BIN = Path(sys.executable).parent

#: Commands not run, by how they start, and why.
NOT_RUN = {
    "pip install": "installs packages (network; the suite runs in an installed environment already)",
    "python -m pytest": "the test suite itself",
    "python benchmarks/": "minutes long, and most need the dev data outside the repository "
                          "(test_benchmarks_without_their_data_exit_2 runs each one's start)",
}
#: Block languages that are code; the others must be one of SAMPLES.
CODE = ("sh", "python")
SAMPLES = ("text", "tsv", "json")

_FENCE = re.compile(r"^( *)```(\S*)\s*$")
_MARKER = re.compile(r"^<!-- doc-test: (skip|continue)\b\s*(.*?)\s*-->$")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=\S")
_SHELL_ONLY = re.compile(r"[|<>;&`]|\$\(")


@dataclass
class Block:
    path: Path
    line: int
    lang: str
    body: list[str]
    marker: str  # "", "skip" or "continue"

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown file, with the marker on the line before each."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out, i = [], 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        indent, lang, start = len(fence.group(1)), fence.group(2), i
        body = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][indent:])
            i += 1
        before = next((ln.strip() for ln in reversed(lines[:start]) if ln.strip()), "")
        marker = _MARKER.match(before)
        out.append(Block(path, start + 1, lang, body, marker.group(1) if marker else ""))
        i += 1
    return out


ALL = [b for path in DOCS for b in blocks(path)]


def test_blocks_are_fenced_and_tagged() -> None:
    # An indented block is not seen by this module: every command must sit in a fenced, tagged block.
    untagged = [b.where for b in ALL if b.lang not in CODE + SAMPLES]
    assert not untagged, f"fenced blocks need a language ({', '.join(CODE + SAMPLES)}): {untagged}"
    indented = []
    for path in DOCS:
        inside = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _FENCE.match(line) or line.strip() == "```":
                inside = not inside
            elif not inside and re.match(r"^    (\$ |normalizer |python |pip )", line):
                indented.append(f"{path.relative_to(ROOT)}:{number}")
    assert not indented, f"commands in indented blocks: fence them as ```sh: {indented}"
    assert sum(b.lang == "sh" for b in ALL) >= 10 and sum(b.lang == "python" for b in ALL) >= 3


# The example files the docs name, made from the fixtures.
def _example_files(root: Path) -> None:
    seeds = sorted((root / "tests" / "data" / "seeds").glob("*.txt"))
    docs = [{"id": p.name[:3], "text": p.read_text(encoding="utf-8")} for p in seeds]
    jsonl = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    (root / "corpus").mkdir()
    (root / "corpus.jsonl").write_text(jsonl, encoding="utf-8")
    (root / "corpus" / "seeds.jsonl").write_text(jsonl, encoding="utf-8")
    for p in seeds[:2]:  # the opening paragraphs: `aliases suggest` takes seconds over whole articles
        paragraphs = p.read_text(encoding="utf-8").split("\n\n")
        (root / "corpus" / p.name).write_text("\n\n".join(paragraphs[:3]), encoding="utf-8")
    (root / "big.txt").write_text("".join(d["text"] for d in docs), encoding="utf-8")
    names = "id,name\n1,एग्रालोव\n2,تورشين\n3,ट्रंप\n4,Путин\n5,nobody\n"
    (root / "people.csv").write_text(names, encoding="utf-8")
    (root / "names.csv").write_text(names, encoding="utf-8")
    for name in ("entities.tsv", "aliases.tsv"):  # the bundled table in two files
        main_rows = (root / "data" / name).read_text(encoding="utf-8")
        more_rows = "".join((root / "data" / part / name).read_text(encoding="utf-8").split("\n", 1)[1]
                            for part in ("cldr", "geonames"))
        (root / name).write_text(main_rows + more_rows, encoding="utf-8")
    sample = next(b for b in blocks(ROOT / "docs" / "data.md") if b.lang == "json")  # the JSONL table sample
    (root / "more.jsonl").write_text("\n".join(sample.body) + "\n", encoding="utf-8")


EXAMPLE_FILES = ("corpus.jsonl", "corpus/0*.txt", "corpus/seeds.jsonl", "big.txt", "people.csv", "names.csv",
                 "entities.tsv", "aliases.tsv", "more.jsonl")


def sandbox(path: Path) -> Path:
    """A directory laid out like the repository, with the example files."""
    path.mkdir()
    shutil.copytree(ROOT / "data", path / "data")
    shutil.copytree(ROOT / "tests" / "data", path / "tests" / "data")
    shutil.copytree(ROOT / "tests" / "fixtures", path / "tests" / "fixtures")
    _example_files(path)
    if shutil.which("git"):  # `git diff` shows what a command changed
        env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@t"}
        for argv in (["git", "init", "-q"], ["git", "add", "data"], ["git", "commit", "-qm", "data"]):
            subprocess.run(argv, cwd=path, env=env, check=True, capture_output=True)
    return path


def commands(block: Block) -> list[tuple[str, list[str] | None]]:
    """(command, expected output lines or None when the docs show none) for each command of an sh block."""
    transcript = any(line.startswith("$ ") for line in block.body)
    out: list[tuple[str, list[str] | None]] = []
    pending = ""
    for line in block.body:
        if transcript and not line.startswith("$ "):
            if out and not line.startswith("# "):
                expected = out[-1][1]
                assert expected is not None
                expected.append(line)
            continue
        text = line[2:] if transcript else line
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if text.endswith("\\"):
            pending += text[:-1] + " "
            continue
        out.append((pending + text, [] if transcript else None))
        pending = ""
    return out


def _normal(line: str) -> str:
    return " ".join(line.split())


def same_output(actual: str, expected: list[str]) -> bool:
    got = [_normal(line) for line in actual.splitlines()]
    want = [_normal(line) for line in expected]
    return len(got) == len(want) and all(g == w or (w.endswith("…") and g.startswith(w[:-1].rstrip()))
                                         for g, w in zip(got, want, strict=True))


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "LC_ALL": "C.UTF-8"}


def run_command(command: str, prelude: str, cwd: Path) -> tuple[int, str, str]:
    """Run one command (with the file's variables): a plain ``normalizer …`` command in this
    process (fast: the bundled index is built once), anything else in bash."""
    words = shlex.split(command, comments=True)
    if words and words[0] == "normalizer" and not _SHELL_ONLY.search(command):
        expand = subprocess.run(["bash", "-c", f"{prelude}\nprintf '%s\\0' {command}"], cwd=cwd, env=_env(),
                                capture_output=True, text=True, check=True)
        argv = expand.stdout.split("\0")[1:-1]
        out, err = io.StringIO(), io.StringIO()
        cwd_before = os.getcwd()
        os.chdir(cwd)
        try:
            with contextlib.redirect_stderr(err):
                code = main(argv, stdout=out, stdin=io.StringIO(""), stdin_bytes=io.BytesIO(b""))
        finally:
            os.chdir(cwd_before)
        return code, out.getvalue(), err.getvalue()
    proc = subprocess.run(["bash", "-c", f"set -o pipefail\n{prelude}\n{command}"], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=300, check=False)
    return proc.returncode, proc.stdout, proc.stderr


def _not_run(command: str) -> str | None:
    return next((why for start, why in NOT_RUN.items() if command.startswith(start)), None)


def _preludes() -> dict[tuple[Path, int], str]:
    """The variable assignments made before each block of each file."""
    out, seen = {}, {}
    for b in ALL:
        out[(b.path, b.line)] = seen.get(b.path, "")
        if b.lang == "sh":
            assigned = [c for c, _ in commands(b) if _ASSIGNMENT.match(c)]
            seen[b.path] = seen.get(b.path, "") + "".join(a + "\n" for a in assigned)
    return out


PRELUDES = _preludes()
RUN = [b for b in ALL if b.lang in CODE and not (b.lang == "python" and any(">>>" in ln for ln in b.body))]
_SANDBOXES: dict[Path, Path] = {}


@pytest.mark.parametrize("block", RUN, ids=[b.where for b in RUN])
def test_doc_block_runs_as_shown(block: Block, tmp_path: Path) -> None:
    if block.marker == "skip":
        pytest.skip(f"{block.where}: marked skip in the doc")
    if block.marker == "continue":
        assert block.path in _SANDBOXES, f"{block.where}: no block before it in its file to continue"
        root = _SANDBOXES[block.path]
    else:
        root = sandbox(tmp_path / "repo")
    _SANDBOXES[block.path] = root
    if block.lang == "python":
        code = compile("\n".join(block.body) + "\n", block.where, "exec")
        cwd_before = os.getcwd()
        os.chdir(root)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(code, {"__name__": "__doc_block__"})
        finally:
            os.chdir(cwd_before)
        return
    ran = 0
    prelude = PRELUDES[(block.path, block.line)]
    for command, expected in commands(block):
        if _ASSIGNMENT.match(command):
            prelude += command + "\n"
            continue
        if _not_run(command):
            continue
        code, out, err = run_command(command, prelude, root)
        assert code == 0, f"{block.where}: `{command}` exited {code}:\n{err[-3000:]}"
        if expected is not None:
            assert same_output(out, expected), \
                f"{block.where}: `{command}` printed:\n{out}\nthe doc shows:\n" + "\n".join(expected)
        ran += 1
    if not ran:
        pytest.skip(f"{block.where}: every command is one of NOT_RUN")


def test_same_output_reads_blanks_and_ellipses() -> None:
    assert same_output("a\tb  c\nd e f\n", ["a b c", "d e …"])
    assert not same_output("a b\n", ["a c"]) and not same_output("a\nb\n", ["a"])


@pytest.mark.parametrize("name", ["accuracy", "annotate", "calibrate", "check_speed", "speed", "spellings"])
def test_benchmarks_without_their_data_exit_2(name: str, tmp_path: Path) -> None:
    # Their data is not in the repository: one line says where to look, and the exit code is 2.
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / f"{name}.py"), "--dev", str(tmp_path / "none")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2 and proc.stdout == "", proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "not in the repository" in lines[0] and "docs/accuracy.md" in lines[0], proc.stderr
