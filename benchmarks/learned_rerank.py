"""Experiment (issue 19): re-rank candidates by a learned chunk model of the train split.

    python scripts/train_chunks.py            # writes build/learned/<family>.tsv
    python benchmarks/learned_rerank.py [--per-group 200] [--model build/learned]

The table holds every Latin name of every item of ``names_train.jsonl.gz`` (all splits;
128 k items, the other items are the distractors); the queries are the first native
spelling of items of the *dev* split (scripts/names_split.py), at most ``--per-group`` per
script family and source (GeoNames places, Wikidata person names). For each query the
library's 20 best candidates are re-ranked by ``log(score) + λ·log(L)``, L the per-letter
probability of the candidate's Latin spelling given the query under the learned model
(Viterbi over chunk pairs), for a few λ; λ = 0 is the library as it is, the baseline of
the same run. Reported: top-1 per λ and recall@20 (what any re-ranking is capped at).
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from unidecode import unidecode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from names_split import DEFAULT_PAIRS, FAMILY, load_items  # noqa: E402

from normalizer import AliasTable, Entity, Normalizer  # noqa: E402
from normalizer.core.clean import clean  # noqa: E402
from normalizer.core.scripts import script_of  # noqa: E402

FAMILIES = {"Deva": "deva", "Arab": "arab", "Cyrl": "cyrl"}
UNSEEN = math.log(1e-6)
_NOT_LATIN = re.compile("[^a-z]+")
LAMBDAS = (0.0, 0.5, 1.0, 2.0, 4.0)


def load_model(folder: Path) -> dict[str, dict[str, dict[str, float]]]:
    """family → native chunk → {latin chunk: log P(latin | native)}."""
    out = {}
    for family in FAMILIES.values():
        path = folder / f"{family}.tsv"
        if not path.is_file():
            raise SystemExit(f"{path}: not found — run `python scripts/train_chunks.py` first")
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            native, latin, count = line.split("\t")
            counts[native][latin] = int(count)
        out[family] = {n: {latin: math.log(c / sum(row.values())) for latin, c in row.items()}
                       for n, row in counts.items()}
    return out


def likelihood(model: dict[str, dict[str, float]], native: str, latin: str) -> float | None:
    target = _NOT_LATIN.sub("", unidecode(latin).lower())
    if not target or not native:
        return None
    rows, cols, inf = len(native) + 1, len(target) + 1, -1e18
    best = [[inf] * cols for _ in range(rows)]
    best[0][0] = 0.0
    for i in range(rows - 1):
        for j in range(cols):
            here = best[i][j]
            if here == inf:
                continue
            for a in (1, 2):
                if i + a >= rows:
                    break
                options = model.get(native[i:i + a])
                if options is None:
                    if a == 1:
                        for b in (0, 1):
                            if j + b < cols:
                                best[i + 1][j + b] = max(best[i + 1][j + b], here + UNSEEN)
                    continue
                for b in range(0, 4):
                    if j + b >= cols:
                        break
                    lp = options.get(target[j:j + b])
                    if lp is not None and here + lp > best[i + a][j + b]:
                        best[i + a][j + b] = here + lp
    return None if best[-1][-1] == inf else math.exp(best[-1][-1] / len(native))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--model", type=Path, default=ROOT / "build" / "learned")
    parser.add_argument("--per-group", type=int, default=200)
    args = parser.parse_args()
    model = load_model(args.model)
    items = list(load_items(args.pairs))
    entities = [Entity(id=str(it["id"]), name=lat[0], type=str(it["type"]), aliases=tuple(lat[1:]))
                for it in items if (lat := [x for x in it["latin"] if x.strip()])]  # type: ignore[union-attr]
    norm = Normalizer(AliasTable(entities))
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for it in items:
        if it["split"] == "dev":
            for key, spellings in it["native"].items():  # type: ignore[union-attr]
                groups[(FAMILY[key], str(it["source"]))].append((spellings[0], str(it["id"])))
    print(f"table: {len(entities):,} entities (every Latin name of every split); queries: the dev split, "
          f"≤ {args.per_group} per family and source; model: {args.model}")
    print("| family | source | queries | recall@20 | " + " | ".join(f"top-1 λ={lam:g}" for lam in LAMBDAS) + " |")
    print("|---|---|---|---|" + "---|" * len(LAMBDAS))
    rng = random.Random(5)
    for (family, source), pool in sorted(groups.items()):
        sample = rng.sample(pool, min(args.per_group, len(pool)))
        results = []
        for query, gold in sample:
            rows = []
            for m in norm.candidates(query, limit=20):
                ls = [x for a, b in zip(clean(query).split(), clean(m.alias).split(), strict=False)
                      if (fam := FAMILIES.get(script_of(a[0]))) and (x := likelihood(model[fam], a, b)) is not None]
                rows.append((m.entity.id, m.score, sum(ls) / len(ls) if ls else 1e-3))
            results.append((gold, rows))
        recall = sum(any(r[0] == gold for r in rows) for gold, rows in results) / len(results)
        tops = []
        for lam in LAMBDAS:
            right = sum(1 for gold, rows in results if rows and max(
                rows, key=lambda r: math.log(max(r[1], 1e-4)) + lam * math.log(max(r[2], 1e-3)))[0] == gold)
            tops.append(f"{100 * right / len(results):5.1f} %")
        print(f"| {family} | {source} | {len(results)} | {100 * recall:5.1f} % | " + " | ".join(tops) + " |")


if __name__ == "__main__":
    main()
