"""Every file the command line writes: through symbolic links, directly into devices and FIFOs,
checked before any work, one line for every failure, and nothing left behind by a signal.

These run real commands on real files in tmp_path (and on /dev/null, /dev/full, /sys where
the machine has them).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from normalizer.atomic import check_target, resolve_target, write_atomic
from normalizer.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SMALL = str(ROOT / "tests" / "fixtures" / "small.tsv")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(args, stdout=out, stdin_bytes=io.BytesIO(b""))
    return code, out.getvalue(), capsys.readouterr().err


@pytest.fixture()
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text("Путин сказал\n", encoding="utf-8")
    return path


def device(tmp_path: Path, name: str, major: int, minor: int) -> Path:
    """A character device in tmp_path when root may make one (a twin of /dev/NAME), else
    /dev/NAME itself: as root, a regression would replace the twin, not the machine's device
    (one that only root could replace)."""
    if not IS_ROOT:
        return Path("/dev") / name
    node = tmp_path / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
        node.open("a").close()
    except OSError as exc:
        pytest.skip(f"cannot make or open a device node here: {exc}")
    return node


def leftovers(*folders: Path) -> list[str]:
    return sorted(p.name for f in folders for p in f.iterdir() if p.name.endswith(".tmp"))


def test_a_symlinked_out_is_written_through(tmp_path: Path, doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "mentions.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(Path("real") / "mentions.jsonl")  # relative, as `ln -s` makes them
    code, _, err = run(["annotate", str(doc), "--table", SMALL, "--processes", "1", "--out", str(link)], capsys)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "mentions.jsonl")
    assert '"vladimir-putin"' in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the file keeps its permissions
    assert leftovers(tmp_path, tmp_path / "real") == []


def test_a_dangling_symlink_gets_its_target_created(tmp_path: Path) -> None:
    link = tmp_path / "link.tsv"
    link.symlink_to(tmp_path / "new.tsv")
    write_atomic(link, "x\n")
    assert link.is_symlink() and (tmp_path / "new.tsv").read_text(encoding="utf-8") == "x\n"


def test_a_fifo_out_is_written_into_not_replaced(tmp_path: Path, doc: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run(["annotate", str(doc), "--table", SMALL, "--processes", "1", "--out", str(fifo)], capsys)
    reader.join(timeout=30)
    assert code == 0, err
    assert got and b'"vladimir-putin"' in got[0]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not IS_ROOT, reason="only root could replace /dev/null, the bug this guards against")
def test_a_null_device_stays_a_character_device(tmp_path: Path, doc: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    null = device(tmp_path, "null", 1, 3)
    code, _, err = run(["annotate", str(doc), "--table", SMALL, "--processes", "1", "--out", str(null)], capsys)
    assert code == 0, err
    assert stat.S_ISCHR(null.stat().st_mode) and null.stat().st_rdev == os.makedev(1, 3)
    assert leftovers(tmp_path) == []


def test_paths_that_name_a_descriptor_are_written_directly(tmp_path: Path) -> None:
    assert resolve_target("/dev/stdout")[1] and resolve_target("/proc/self/fd/1")[1]
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    assert resolve_target(link) == (link, True)
    assert resolve_target(tmp_path / "new.jsonl") == (tmp_path / "new.jsonl", False)


def test_out_to_a_link_to_standard_output_reaches_the_pipe(tmp_path: Path, doc: Path) -> None:
    # As /dev/stdout does (a link to /proc/self/fd/1), in tmp_path so that a regression
    # run as root cannot replace the machine's /dev/stdout.
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    proc = subprocess.run([sys.executable, "-m", "normalizer", "annotate", str(doc), "--table", SMALL,
                           "--processes", "1", "--out", str(link)], capture_output=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert b'"vladimir-putin"' in proc.stdout and proc.stderr == b""
    assert link.is_symlink()


@pytest.mark.parametrize("case", ["directory", "missing folder", "sysfs"])
def test_an_out_that_cannot_be_written_fails_before_any_work(tmp_path: Path, doc: Path, case: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "existing").mkdir()
    out, expected = {"directory": (tmp_path / "existing", "is a directory"),
                     "missing folder": (tmp_path / "no" / "x.jsonl", "does not exist"),
                     "sysfs": (Path("/sys/x.jsonl"), "cannot create files in /sys")}[case]
    if case == "sysfs" and not os.path.isdir("/sys"):
        pytest.skip("no /sys here")
    # The table does not exist either: the complaint about --out proves it came before any loading.
    code, stdout, err = run(["annotate", str(doc), "--table", str(tmp_path / "missing.tsv"), "--out", str(out)],
                            capsys)
    assert code == 2 and stdout == ""
    assert err.startswith(f"normalizer: --out {out}: ") and expected in err and err.count("\n") == 1, err


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only folders: the /sys case above covers root")
def test_an_out_in_a_read_only_folder_fails_before_any_work(tmp_path: Path, doc: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _, err = run(["annotate", str(doc), "--table", SMALL, "--out", str(folder / "x.jsonl")], capsys)
    finally:
        folder.chmod(0o755)
    assert code == 2 and "permission denied" in err.lower() and "Traceback" not in err


@pytest.mark.skipif(IS_ROOT, reason="root may write a read-only file; its permission bits bind others only")
def test_a_read_only_table_is_not_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "t.tsv"
    table.write_text(Path(SMALL).read_text(encoding="utf-8"), encoding="utf-8")
    table.chmod(0o444)
    code, _, err = run(["aliases", "add", "--table", str(table), "moscow", "Moskau"], capsys)
    assert code == 1 and "read-only" in err and Path(SMALL).read_bytes() == table.read_bytes()


def test_check_target_names_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        check_target(tmp_path)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        check_target(tmp_path / "no" / "x.tsv")
    check_target(tmp_path / "x.tsv")  # a new file in a writable folder is fine
    assert leftovers(tmp_path) == []  # the probe file is gone


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_disk_is_one_line_not_a_traceback(tmp_path: Path, doc: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    full = device(tmp_path, "full", 1, 7)  # every write fails with ENOSPC
    code, _, err = run(["annotate", str(doc), "--table", SMALL, "--processes", "1", "--out", str(full)], capsys)
    assert code == 1 and err == f"normalizer: {full}: no space left on device\n"
    assert stat.S_ISCHR(full.stat().st_mode)
    with open(full, "w") as handle:  # standard output on a full disk
        proc = subprocess.run([sys.executable, "-m", "normalizer", "resolve", "--table", SMALL, "Путин"],
                              stdout=handle, stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == b"normalizer: cannot write the output: no space left on device\n"


def test_malformed_wikidata_claims_are_one_line_with_file_and_line(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "entities.json"
    bad.write_text('[\n{"id": "Q1", "labels": {"en": {"value": "X"}}, "claims": {"P31": "Q5"}},\n]\n',
                   encoding="utf-8")
    code, _, err = run(["aliases", "import", "wikidata", str(bad), "--out", str(tmp_path / "t.tsv")], capsys)
    assert code == 1 and err.startswith(f"normalizer: {bad}:2: Q1: claims.P31 is a string, expected a list")
    assert not (tmp_path / "t.tsv").exists()


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def gone(pid: int) -> bool:
    """True if ``pid`` no longer runs (no such process, or a zombie nobody has reaped yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the worker processes")
@pytest.mark.parametrize("when", ["as the workers start", "mid-run"])
@pytest.mark.parametrize(("how", "code"), [("SIGTERM to the process", 143), ("Ctrl-C to the process group", 130)])
def test_a_signal_leaves_the_old_output_and_no_worker(tmp_path: Path, how: str, code: int, when: str) -> None:
    lines = ["Путин сказал, что Трамп и किम जोंग उन встретятся в Москве. قال بترامب إن وبوتين"] * 40_000
    corpus = tmp_path / "big.txt"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "mentions.jsonl"
    out.write_text("old\n", encoding="utf-8")
    log = tmp_path / "stderr.txt"
    with log.open("wb") as stderr:  # a file, not a pipe: a worker left running would hold a pipe open
        proc = subprocess.Popen([sys.executable, "-m", "normalizer", "annotate", "--lines", str(corpus), "--table",
                                 SMALL, "--processes", "2", "--out", str(out)], stderr=stderr, cwd=tmp_path,
                                start_new_session=True)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            workers |= children(proc.pid)
            written = [p.stat().st_size for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
            if len(workers) >= 2 and written and (when != "mid-run" or written[0] > 200_000):
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be stopped: make the corpus larger"
        if how.startswith("SIGTERM"):
            proc.send_signal(signal.SIGTERM)
        else:
            os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: every process of the group gets it
        proc.wait(timeout=60)
        err = log.read_text(encoding="utf-8")
        assert proc.returncode == code, err
        stopped = "SIGTERM" if code == 143 else "SIGINT"
        assert err == f"normalizer: stopped by {stopped}; {out} left as it was\n"
        assert out.read_text(encoding="utf-8") == "old\n"
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(gone(pid) for pid in workers):
            time.sleep(0.05)
        assert all(gone(pid) for pid in workers), f"workers left running: {sorted(workers)}"
    finally:  # leave nothing running on the machine, whatever failed
        for pid in [proc.pid, *workers]:
            if not gone(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def test_a_field_over_the_csv_limit_is_one_line_with_file_and_line(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "docs.csv"
    corpus.write_text('id,text\n1,"' + "Путин " * 30_000 + '"\n', encoding="utf-8")
    code, _, err = run(["annotate", str(corpus), "--table", SMALL, "--processes", "1"], capsys)
    assert code == 1 and err.startswith(f"normalizer: {corpus}:2: cannot read CSV/TSV: field larger than field limit")
    table = tmp_path / "t.tsv"
    table.write_text("id\ttype\tname\nx\tPER\t" + "a" * 200_000 + "\n", encoding="utf-8")
    code, _, err = run(["resolve", "--table", str(table), "x"], capsys)
    assert code == 1 and err.startswith(f"normalizer: {table}:2: cannot read the row") and err.count("\n") == 1
