"""`normalizer annotate` with one process against worker processes, as a user runs it.

    python benchmarks/processes.py [--runs 3] [--processes 1,2,default]

Corpora (one document a line, written to a temporary folder): ``news-1mb`` and
``news-8mb`` made as in ``annotate.py`` (wordfreq words, about one word in 40 a spelling
of an entity of the bundled table; needs the bench extra), ``news-32mb`` (the 8 MB four
times: warm caches, as in a corpus that repeats itself) and ``seeds-16mb`` (the
paragraphs of the seed articles, shuffled and repeated). Each run is a fresh
``normalizer annotate FILE --lines --no-progress --out …`` process; the runs of the
settings are interleaved, and the report gives per setting the median wall time and CPU
time (user + system, workers included) and their ratios to the one-process run.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]


def corpora(folder: Path) -> list[Path]:
    from annotate import make_corpus

    from normalizer import AliasTable

    entities = list(AliasTable.default())
    out = []
    for megabytes, name in ((1, "news-1mb"), (8, "news-8mb")):
        docs = make_corpus(megabytes, entities, seed=11)
        path = folder / f"{name}.txt"
        path.write_text("\n".join(d.replace("\n", " ") for d in docs) + "\n", encoding="utf-8")
        out.append(path)
    (folder / "news-32mb.txt").write_text(out[-1].read_text(encoding="utf-8") * 4, encoding="utf-8")
    out.append(folder / "news-32mb.txt")
    paragraphs = [p for f in sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").splitlines() if p.strip()]
    lines, size, rng = [], 0, random.Random(1)
    while size < 16e6:
        block = paragraphs[:]
        rng.shuffle(block)
        lines += block
        size += sum(len(p.encode("utf-8")) + 1 for p in block)
    (folder / "seeds-16mb.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out.append(folder / "seeds-16mb.txt")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--processes", default="1,2,default", help="settings of --processes ('default': none given)")
    args = parser.parse_args()
    if importlib.util.find_spec("wordfreq") is None:
        sys.stderr.write(f"{Path(sys.argv[0]).name}: needs the bench extra: pip install \".[bench]\"\n")
        raise SystemExit(2)
    settings = args.processes.split(",")
    exe = Path(sys.executable).with_name("normalizer")
    wall: dict[tuple[str, str], list[float]] = {}
    cpu: dict[tuple[str, str], list[float]] = {}
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        files = corpora(Path(tmp))
        print(f"{os.cpu_count()} cores; corpora: " + ", ".join(f"{f.stem} ({f.stat().st_size / 1e6:.1f} MB)"
                                                                for f in files))
        for run in range(args.runs):
            for path in files:
                for setting in settings:
                    argv = [str(exe), "annotate", str(path), "--lines", "--no-progress", "--out", f"{tmp}/out.jsonl"]
                    argv += [] if setting == "default" else ["--processes", setting]
                    loads.append(os.getloadavg()[0])
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    start = time.perf_counter()
                    subprocess.run(argv, check=True)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    key = (path.stem, setting)
                    wall.setdefault(key, []).append(time.perf_counter() - start)
                    cpu.setdefault(key, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            print(f"run {run + 1} of {args.runs} done", file=sys.stderr)
        print(f"load average during the runs: {min(loads):.1f}–{max(loads):.1f}")
        print("| corpus | processes | wall (median) | wall ratio | CPU (median) | CPU ratio |")
        print("|---|---|---|---|---|---|")
        for path in files:
            base_wall = statistics.median(wall[(path.stem, "1")])
            base_cpu = statistics.median(cpu[(path.stem, "1")])
            for setting in settings:
                w = statistics.median(wall[(path.stem, setting)])
                c = statistics.median(cpu[(path.stem, setting)])
                print(f"| {path.stem} | {setting} | {w:.2f} s | {w / base_wall:.2f} | {c:.2f} s | {c / base_cpu:.2f} |")


if __name__ == "__main__":
    main()
