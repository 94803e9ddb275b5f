"""How often `aliases spellings` generates the real spelling of a Latin name.

    python benchmarks/spellings.py [--dev ../shared/dev] [--per-set 1500]

For each dev pair (English–Arabic ANETAC names, English–Hindi Indian names, CLDR place
names in Hindi, Arabic, Urdu, Persian and Russian), the Latin name is spelled in the
pair's script (hi → deva, ar → arab, ur/fa → urdu, ru → cyrl) and the real spelling is
looked for, after cleaning, among the top 1 and top 5 generated. The baseline, measured
in the same run, is the naive reverse mapping (each Latin letter replaced by its first
single-letter spelling, no rules): one candidate, so its top-1 is its top-5.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import devdata  # noqa: E402

SCRIPT_OF = {"hi": "deva", "ar": "arab", "ur": "urdu", "fa": "urdu", "ru": "cyrl"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=devdata.DEFAULT_DEV)
    parser.add_argument("--per-set", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    devdata.require(args.dev)

    from normalizer.core.clean import clean
    from normalizer.tables.spellings import generate, naive

    names, queries = devdata.load(args.dev)
    groups: dict[tuple[str, str], list[devdata.Query]] = defaultdict(list)
    for q in queries:
        if q.lang in SCRIPT_OF:
            groups[(q.dataset, q.lang)].append(q)
    rng = random.Random(args.seed)
    print(f"dev data: {args.dev}; up to {args.per_set} pairs per dataset and language (seed {args.seed})")
    print(f"{'set':<14}{'pairs':>7}{'top-1':>8}{'top-5':>8}{'naive':>8}")
    total = [0, 0, 0, 0]
    for (dataset, lang), group in sorted(groups.items()):
        sample = rng.sample(group, min(args.per_set, len(group)))
        top1 = top5 = base = 0
        for q in sample:
            latin = names[q.gold][0]
            script = SCRIPT_OF[q.lang]
            want = clean(q.text)
            got = [clean(s) for s, _ in generate(latin, script, 5)]
            top1 += bool(got) and got[0] == want
            top5 += want in got
            base += clean(naive(latin, script)) == want
        n = len(sample)
        total = [total[0] + n, total[1] + top1, total[2] + top5, total[3] + base]
        print(f"{dataset + '-' + lang:<14}{n:>7}{100 * top1 / n:>7.1f}%{100 * top5 / n:>7.1f}%{100 * base / n:>7.1f}%")
    n = total[0]
    print(f"{'all':<14}{n:>7}{100 * total[1] / n:>7.1f}%{100 * total[2] / n:>7.1f}%{100 * total[3] / n:>7.1f}%")


if __name__ == "__main__":
    main()
