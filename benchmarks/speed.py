"""Speed and memory: import time, default-table start-up, resolve latency at 10 k, 100 k, 1 M aliases.

    python benchmarks/speed.py [--dev ../shared/dev] [--sizes 10000,100000,1000000] [--queries 2000]

Tables are built from real names (../shared/dev): every Latin name and every Arabic,
Devanagari and Cyrillic spelling of the dev sets is an alias (≈ 175 k); larger tables
add two-token names made of a real given name and a real surname from those sets
(every alias is real text, the pairings are not). Each size runs in its own process,
so peak memory (max RSS) is that size's alone. Queries are dev spellings in the other
scripts, half of them with one letter changed (so lookups are not all exact hits).
Latency is per ``resolve`` call, one core; the baseline is a plain scan of all aliases
with ``rapidfuzz.process.extractOne`` (unidecode on both sides), measured in the same run.
The same queries are then timed again ("again"): every query word is by then in the
scorer's memo of near tokens, as the frequent words of a real column of names are.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import devdata  # noqa: E402


def build_entities(dev: Path, size: int) -> tuple[list, list[str]]:  # type: ignore[type-arg]
    from normalizer import Entity

    names, queries = devdata.load(dev)
    aliases: dict[str, list[str]] = {eid: [] for eid in names}
    for q in queries:
        aliases[q.gold].append(q.text)
    entities = []
    count = 0
    for eid, (name, etype) in names.items():
        spellings = tuple(dict.fromkeys(aliases[eid]))
        entities.append(Entity(id=eid, name=name, type=etype, aliases=spellings))
        count += 1 + len(spellings)
    rng = random.Random(11)
    given = [n for n, t in names.values() if t == "PER" and " " not in n]
    surnames = [q.text for q in queries if q.dataset == "anetac" and " " not in q.text] + given
    serial = 0
    while count < size:
        a, b = rng.choice(given), rng.choice(surnames)
        entities.append(Entity(id=f"combo-{serial}", name=f"{a} {b}", type="PER"))
        serial += 1
        count += 1
    texts = [q.text for q in queries if q.dataset != "cldr"]
    return trim(entities, size), texts


def trim(entities: list, size: int) -> list:  # type: ignore[type-arg]
    out, count = [], 0
    for e in entities:
        if count >= size:
            break
        out.append(e)
        count += 1 + len(e.aliases)
    return out


def mutate(text: str, rng: random.Random) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def one_size(dev: Path, size: int, n_queries: int, baseline: int) -> dict[str, float]:
    from normalizer import AliasTable, Normalizer

    entities, texts = build_entities(dev, size)
    table = AliasTable(entities)
    aliases = sum(1 + len(e.aliases) for e in table)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    norm = Normalizer(table)
    started = time.perf_counter()
    index = norm.index
    build = time.perf_counter() - started
    rng = random.Random(5)
    queries = [t if i % 2 else mutate(t, rng) for i, t in enumerate(rng.sample(texts, n_queries))]
    for q in queries[:50]:
        norm.resolve(q)  # warm caches of the readers
    times = []
    for q in queries:
        t0 = time.perf_counter()
        norm.resolve(q)
        times.append(time.perf_counter() - t0)
    again = []
    for q in queries:
        t0 = time.perf_counter()
        norm.resolve(q)
        again.append(time.perf_counter() - t0)
    result = {"size": aliases, "entities": len(table), "spellings": len(index.spellings), "build_s": build,
              "again_p50_ms": 1000 * statistics.median(again), "again_p99_ms": 1000 * percentile(again, 0.99),
              "p50_ms": 1000 * statistics.median(times), "p99_ms": 1000 * percentile(times, 0.99),
              "mean_ms": 1000 * statistics.fmean(times),
              "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
              "index_rss_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024}
    if baseline:
        from rapidfuzz import fuzz, process
        from unidecode import unidecode

        flat = [unidecode(a).lower() for e in table for a in (e.name, *e.aliases)]
        btimes = []
        for q in queries[:baseline]:
            t0 = time.perf_counter()
            process.extractOne(unidecode(q).lower(), flat, scorer=fuzz.WRatio)
            btimes.append(time.perf_counter() - t0)
        result["baseline_p50_ms"] = 1000 * statistics.median(btimes)
    return result


def startup() -> dict[str, float]:
    code = ("import time; t=time.perf_counter(); import normalizer; t1=time.perf_counter();"
            "normalizer.resolve('ट्रंप'); t2=time.perf_counter();"
            "print(t1-t, t2-t1)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd="/", env=env).stdout.split() for _ in range(5)]
    return {"import_s": statistics.median(float(r[0]) for r in runs),
            "default_ready_s": statistics.median(float(r[1]) for r in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=devdata.DEFAULT_DEV)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--baseline", type=int, default=50, help="queries timed for the scan baseline")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    devdata.require(args.dev)
    if args.one:
        print(json.dumps(one_size(args.dev, args.one, args.queries, args.baseline)))
        return
    s = startup()
    print(f"python {sys.version.split()[0]}; data: {args.dev}")
    print(f"import normalizer: {s['import_s'] * 1000:.0f} ms; default table ready (first resolve): "
          f"{s['default_ready_s'] * 1000:.0f} ms (median of 5 fresh processes)\n")
    print("| aliases | entities | index build | resolve p50 | resolve p99 | mean | again p50 / p99 | peak RSS "
          "| baseline scan p50 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--dev", str(args.dev), "--one", str(size), "--queries",
                              str(args.queries), "--baseline", str(args.baseline)],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"| {r['size']:,} | {r['entities']:,} | {r['build_s']:.1f} s | {r['p50_ms']:.2f} ms | "
              f"{r['p99_ms']:.2f} ms | {r['mean_ms']:.2f} ms | {r['again_p50_ms']:.2f} / {r['again_p99_ms']:.2f} ms | "
              f"{r['peak_rss_mb']:.0f} MB | "
              f"{r.get('baseline_p50_ms', float('nan')):.1f} ms |", flush=True)


if __name__ == "__main__":
    main()
