"""Accuracy on real name pairs (../shared/dev), with a plain baseline measured in the same run.

    python benchmarks/accuracy.py [--dev ../shared/dev] [--per-set 1000] [--words 1000]

The table holds every Latin name of the three dev sets (77 k names, the other rows
are the distractors); queries are the other-script spellings from the *evaluation
split* (benchmarks/calibrate.py fits on the other fifth). Reported per dataset and
per script: top-1 and recall@5 of ``candidates``, and for ``resolve`` the share
answered and the share of answers that are right. Common words: the top ``--words``
words of wordfreq's frequency lists (hi, ar, ur, fa, ru, en) — a different source
from the dev files and from the stop-word list — and how many of them ``resolve``
links to anything, against the dev table and against the bundled default table.

Baseline, same queries, same table: ``unidecode`` of the query against the lowercase
names with ``rapidfuzz.process.cdist`` (``fuzz.ratio``, the strongest of ratio, WRatio and
token_sort_ratio on this data), top-1/recall@5; it "resolves" when its
best score is ≥ 90.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from unidecode import unidecode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import devdata  # noqa: E402

from normalizer import Normalizer  # noqa: E402

BASELINE_ACCEPT = 90
SCRIPT = {"indian": "Deva", "anetac": "Arab"}
LANGS = ("hi", "ar", "ur", "fa", "ru", "en")


def script_of(q: devdata.Query) -> str:
    return SCRIPT.get(q.dataset) or devdata.SCRIPT_OF_LANG[q.lang]


def run_ours(norm: Normalizer, queries: list[devdata.Query]) -> list[tuple[list[str], str | None]]:
    out = []
    for q in queries:
        cands = norm.candidates(q.text, limit=5)
        match = norm.resolve(q.text)
        out.append(([m.entity.id for m in cands], match.entity.id if match else None))
    return out


def run_baseline(ids: list[str], names: list[str], texts: list[str]) -> list[tuple[list[str], str | None]]:
    out = []
    for start in range(0, len(texts), 256):
        batch = [unidecode(t).lower() for t in texts[start:start + 256]]
        scores = process.cdist(batch, names, scorer=fuzz.ratio, dtype=np.uint8, workers=-1)
        for row in scores:
            top = np.argpartition(-row.astype(np.int16), 5)[:5]
            top = top[np.argsort(-row[top].astype(np.int16), kind="stable")]
            best = ids[top[0]] if row[top[0]] >= BASELINE_ACCEPT else None
            out.append(([ids[i] for i in top], best))
    return out


def ceiling(queries: list[devdata.Query], evalq: list[devdata.Query],
            group: Callable[[devdata.Query], str]) -> dict[str, tuple[int, float]]:
    """Per group: queries, and the expected top-1 hits of answering each text with its most
    frequent gold among all pairs of its dataset (a tie shared among the tied golds)."""
    golds: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for q in queries:
        golds[(q.dataset, q.lang, q.text)][q.gold] += 1
    out: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for q in evalq:
        counts = golds[(q.dataset, q.lang, q.text)]
        top = max(counts.values())
        acc = out[group(q)]
        acc[0] += 1
        if counts[q.gold] == top:
            acc[1] += 1 / sum(1 for c in counts.values() if c == top)
    return {k: (int(n), reach) for k, (n, reach) in out.items()}


def summarise(queries: list[devdata.Query], results: list[tuple[list[str], str | None]], group) -> dict:  # type: ignore[no-untyped-def]
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for q, (top, resolved) in zip(queries, results, strict=True):
        for key in (group(q),):
            a = acc[key]
            a[0] += 1
            a[1] += bool(top) and top[0] == q.gold
            a[2] += q.gold in top
            a[3] += resolved is not None
            a[4] += resolved == q.gold
    return acc


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f} %" if b else "   –  "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=devdata.DEFAULT_DEV)
    parser.add_argument("--per-set", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    devdata.require(args.dev, bench_extra=True)

    names, queries = devdata.load(args.dev)
    evalq = devdata.sample(queries, args.per_set, seed=1, exclude_mod=(5, 0))
    norm = Normalizer(devdata.table(names))
    started = time.perf_counter()
    _ = norm.index
    build = time.perf_counter() - started
    print(f"data: {args.dev}: {len(names)} Latin names in the table; {len(evalq)} queries from the evaluation "
          f"split (≤ {args.per_set} per dataset and language); index built in {build:.1f} s")

    started = time.perf_counter()
    ours = run_ours(norm, evalq)
    ours_time = time.perf_counter() - started
    systems = [("normalizer", ours)]
    if not args.no_baseline:
        ids = list(names)
        latin = [names[i][0].lower() for i in ids]
        started = time.perf_counter()
        base = run_baseline(ids, latin, [q.text for q in evalq])
        base_time = time.perf_counter() - started
        systems.append(("unidecode+rapidfuzz", base))
    for title, group in (("per dataset", lambda q: f"{q.dataset}-{q.lang}"), ("per script", script_of)):
        print(f"\n### Accuracy {title}\n")
        print("| set | queries | system | top-1 | recall@5 | resolved | right when resolved |")
        print("|---|---|---|---|---|---|---|")
        tables = [(name, summarise(evalq, res, group)) for name, res in systems]
        for key in sorted(tables[0][1]):
            for name, acc in tables:
                n, t1, r5, rs, rr = acc[key]
                print(f"| {key} | {n} | {name} | {pct(t1, n)} | {pct(r5, n)} | {pct(rs, n)} | {pct(rr, rs)} |")
    print("\n### Top-1 ceiling\n")
    print("The dev data gives one text several gold names (ANETAC: فيرغسون is both Ferguson and Furguson,")
    print("each a name of its own in the table): answering each text with its most frequent gold is the")
    print("best any system can do. Counted over all pairs of each dataset, for the queries above.\n")
    print("| set | queries | top-1 ceiling |")
    print("|---|---|---|")
    for group in (lambda q: f"{q.dataset}-{q.lang}", script_of):
        for key, (n, reach) in sorted(ceiling(queries, evalq, group).items()):
            print(f"| {key} | {n} | {100 * reach / n:5.1f} % |")
    print(f"\nnormalizer: {1000 * ours_time / len(evalq) / 2:.2f} ms per call (candidates + resolve, one core)")
    if not args.no_baseline:
        print(f"baseline: {1000 * base_time / len(evalq):.2f} ms per query (rapidfuzz cdist, all cores)")

    words = devdata.common_words(LANGS, 1, args.words)
    default = Normalizer()
    print(f"\n### Common words resolving to anything (wordfreq top {args.words} per language)\n")
    print("| lang | words | dev table | default table | default, not a table spelling | baseline, dev table |")
    print("|---|---|---|---|---|---|")
    by_lang: dict[str, list[str]] = defaultdict(list)
    for lang, w in words:
        by_lang[lang].append(w)
    totals = [0, 0, 0, 0, 0]
    examples = []
    for lang in LANGS:
        ws = by_lang[lang]
        dev_hits = [w for w in ws if norm.resolve(w) is not None]
        def_matches = [(w, default.resolve(w)) for w in ws]
        def_hits = [w for w, m in def_matches if m is not None]
        learned = [w for w, m in def_matches if m is not None and m.method in ("phonetic", "fuzzy")]
        base_hits = 0
        if not args.no_baseline:
            base_hits = sum(1 for _, r in run_baseline(ids, latin, ws) if r is not None)
        print(f"| {lang} | {len(ws)} | {pct(len(dev_hits), len(ws))} | {pct(len(def_hits), len(ws))} | "
              f"{pct(len(learned), len(ws))} | {pct(base_hits, len(ws)) if not args.no_baseline else '–'} |")
        examples.append((lang, dev_hits[:8], learned[:8]))
        if lang != "en":
            totals[0] += len(ws)
            totals[1] += len(dev_hits)
            totals[2] += len(def_hits)
            totals[3] += base_hits
            totals[4] += len(learned)
    print(f"| all but en | {totals[0]} | {pct(totals[1], totals[0])} | {pct(totals[2], totals[0])} | "
          f"{pct(totals[4], totals[0])} | {pct(totals[3], totals[0]) if not args.no_baseline else '–'} |")
    print("\nexamples (dev table | default table, not a table spelling):")
    for lang, dev_hits, def_hits in examples:
        print(f"  {lang}: {' '.join(dev_hits)} | {' '.join(def_hits)}")


if __name__ == "__main__":
    main()
