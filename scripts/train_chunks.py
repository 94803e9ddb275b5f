"""Learn letter-chunk correspondences between each script family and Latin (issue 19).

    python scripts/train_chunks.py [--pairs ../shared/dev/names_train.jsonl.gz] [--out normalizer/learned]

From the *train* split of the name pairs (scripts/names_split.py), for each script family
(deva: Hindi; arab: Arabic, Persian, Urdu; cyrl: Russian), every native spelling is paired
with every Latin spelling of its item, both cleaned as the library cleans queries (Latin
also folded to ASCII), and aligned many-to-many — a chunk of 1–2 native letters with a
chunk of 0–3 Latin letters — by hard EM (Viterbi alignment, counts, again), from a start
that prefers one letter for one. After the first rounds the pairs that align worst (the
bottom :data:`DROP` by mean log-probability: GeoNames' other names of a place, Курганное for
Belgatoy) are dropped and the model trained again. What is kept: every chunk pair seen at
least :data:`MIN_COUNT` times, with its count, written to ``<family>.tsv`` and
``manifest.json`` (sources, licences, pair counts, file hashes). The same data gives the
same bytes (no randomness; sorted output).

Status: an experiment (``benchmarks/learned_rerank.py``); nothing here ships in the package
yet — re-ranking by this model gained 0–4 points on the dev split (docs/accuracy.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from names_split import DEFAULT_PAIRS, FAMILY, load_items  # noqa: E402
from unidecode import unidecode  # noqa: E402

from normalizer.core.clean import clean  # noqa: E402

MAX_NATIVE = 2
MAX_LATIN = 3
ROUNDS = 4
DROP = 0.1
MIN_COUNT = 2
#: At most this many pairs per family (Russian has 150 k; more adds time, not accuracy).
MAX_PAIRS = 60_000
_NOT_LATIN = re.compile("[^a-z ]+")


def latin_form(text: str) -> str:
    """A Latin name as the model sees it: cleaned, ASCII, letters and single spaces."""
    return " ".join(_NOT_LATIN.sub("", unidecode(clean(text)).lower()).split())


def native_form(text: str) -> str:
    """A native spelling as the model sees it: cleaned as queries are, letters and single spaces."""
    return " ".join("".join(c for c in w if c.isalpha() or "\u0900" <= c <= "\u097f") for w in clean(text).split())


def pairs_of(items: list[dict[str, object]], family: str) -> list[tuple[str, str]]:
    out = set()
    for item in items:
        latins = {latin_form(x) for x in item["latin"]}  # type: ignore[union-attr]
        for key, spellings in item["native"].items():  # type: ignore[union-attr]
            if FAMILY.get(key) != family:
                continue
            for s in spellings:
                n = native_form(s)
                for latin in latins:
                    if n and latin and n.count(" ") == latin.count(" ") and len(n) <= 40 and len(latin) <= 40:
                        out.add((n, latin))
    return sorted(out)


def viterbi(n: str, latin: str, logp: dict[tuple[str, str], float], floor: float
            ) -> tuple[float, list[tuple[str, str]]]:
    """Best alignment of ``n`` with ``latin`` into chunk pairs, and its log-probability."""
    inf = -1e18
    rows, cols = len(n) + 1, len(latin) + 1
    best = [[inf] * cols for _ in range(rows)]
    back: list[list[tuple[int, int] | None]] = [[None] * cols for _ in range(rows)]
    best[0][0] = 0.0
    for i in range(rows):
        for j in range(cols):
            here = best[i][j]
            if here == inf or i == rows - 1:
                continue
            for a in range(1, MAX_NATIVE + 1):
                if i + a >= rows:
                    break
                chunk = n[i:i + a]
                if " " in chunk and chunk != " ":
                    continue
                for b in range(0, MAX_LATIN + 1):
                    if j + b >= cols:
                        break
                    other = latin[j:j + b]
                    if (chunk == " ") != (other == " ") or (" " in other and other != " "):
                        continue
                    score = here + logp.get((chunk, other), floor)
                    if score > best[i + a][j + b]:
                        best[i + a][j + b] = score
                        back[i + a][j + b] = (i, j)
    if best[-1][-1] == inf:
        return inf, []
    path = []
    i, j = rows - 1, cols - 1
    while (i, j) != (0, 0):
        prev = back[i][j]
        assert prev is not None
        path.append((n[prev[0]:i], latin[prev[1]:j]))
        i, j = prev
    return best[-1][-1], path[::-1]


def initial(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
    """A start that prefers one letter for one: every pair of letters at similar positions."""
    counts: Counter[tuple[str, str]] = Counter()
    for n, latin in pairs:
        for i, c in enumerate(n):
            k = round(i * len(latin) / max(len(n), 1))
            for j in range(max(0, k - 1), min(len(latin), k + 2)):
                counts[(c, latin[j])] += 1
                counts[(c, latin[j:j + 2])] += 0.3  # type: ignore[assignment]
            counts[(c, "")] += 0.2  # type: ignore[assignment]
    return normalise(counts)


def normalise(counts: Counter[tuple[str, str]]) -> dict[tuple[str, str], float]:
    total = sum(counts.values())
    return {k: math.log(v / total) for k, v in counts.items() if v > 0}


def train(pairs: list[tuple[str, str]], log: bool = True, rounds: int = ROUNDS
          ) -> tuple[Counter[tuple[str, str]], int]:
    logp = initial(pairs)
    kept = pairs
    counts: Counter[tuple[str, str]] = Counter()
    for round_ in range(rounds):
        floor = min(logp.values()) - 5.0
        counts = Counter()
        scored = []
        for n, latin in kept:
            score, path = viterbi(n, latin, logp, floor)
            if not path:
                continue
            scored.append((score / max(len(n), 1), n, latin))
            counts.update(path)
        if round_ == 1:  # drop the pairs that align worst, once
            scored.sort()
            kept = [(n, latin) for _, n, latin in scored[int(len(scored) * DROP):]]
        logp = normalise(counts)
        if log:
            print(f"  round {round_ + 1}: {len(kept):,} pairs, {len(counts):,} chunk pairs", file=sys.stderr)
    return counts, len(kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "learned",
                        help="where to write <family>.tsv and manifest.json (default: build/learned, not shipped)")
    args = parser.parse_args()
    items = [it for it in load_items(args.pairs) if it["split"] == "train"]
    args.out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, object] = {
        "trained_by": "scripts/train_chunks.py",
        "sources": [
            {"file": "names_train.jsonl.gz", "split": "train (scripts/names_split.py)",
             "licences": ["GeoNames, geonames.org: CC BY 4.0", "Wikidata via rigour: CC0 (rigour: MIT)"]},
        ],
        "model": {"max_native": MAX_NATIVE, "max_latin": MAX_LATIN, "rounds": ROUNDS, "drop": DROP,
                  "min_count": MIN_COUNT, "max_pairs": MAX_PAIRS},
        "families": {},
    }
    for family in ("deva", "arab", "cyrl"):
        pairs = pairs_of(items, family)
        if len(pairs) > MAX_PAIRS:  # every k-th pair of the sorted list: deterministic
            step = len(pairs) / MAX_PAIRS
            pairs = [pairs[int(k * step)] for k in range(MAX_PAIRS)]
        print(f"{family}: {len(pairs):,} pairs", file=sys.stderr)
        counts, kept = train(pairs)
        rows = sorted(((n, latin, c) for (n, latin), c in counts.items() if c >= MIN_COUNT),
                      key=lambda r: (r[0], -r[2], r[1]))
        text = "native\tlatin\tcount\n" + "".join(f"{n}\t{latin}\t{c}\n" for n, latin, c in rows)
        path = args.out / f"{family}.tsv"
        path.write_text(text, encoding="utf-8")
        manifest["families"][family] = {  # type: ignore[index]
            "file": path.name, "pairs": len(pairs), "pairs_kept": kept, "chunk_pairs": len(rows),
            "sha256": hashlib.sha256(text.encode()).hexdigest()}
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
