"""`aliases suggest` on the seed articles, with the seed spellings removed from the table.

    python benchmarks/suggest_seeds.py [--min-score 0.5]

Takes the bundled default table, removes every alias whose source is a seed article
(``seed:*``), runs the suggester over the five seed articles (tests/data/seeds) and
compares its proposals with the removed spellings. A proposal is right when its
(entity, cleaned spelling) is a removed seed spelling or a hand-checked gold mention
(tests/cases/mentions.tsv). Recall: removed spellings that occur in the articles and
are proposed for the right entity.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]


def run(min_score: float) -> dict[str, float]:
    from dataclasses import replace

    from normalizer import AliasTable, Normalizer
    from normalizer.core.clean import clean
    from normalizer.tables.suggest import Suggester

    full = AliasTable.default()
    removed: set[tuple[str, str]] = set()
    entities = []
    for e in full:
        keep = [a for a in e.aliases if not e.alias(a).source.startswith("seed:")]
        removed |= {(e.id, clean(a)) for a in e.aliases if e.alias(a).source.startswith("seed:")}
        entities.append(replace(e, aliases=tuple(keep), details=tuple(e.alias(a) for a in keep)))
    table = AliasTable(entities)
    norm = Normalizer(table)
    seeds = sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    suggester = Suggester(norm, min_score)
    for text in texts:
        suggester.document(text, norm.annotate(text))
    rows = list(suggester.rows())
    with open(ROOT / "tests" / "cases" / "mentions.tsv", encoding="utf-8") as f:
        gold = {(r["entity_id"], clean(r["mention"])) for r in csv.DictReader(f, delimiter="\t")}
    corpus = " ".join(clean(t) for t in texts)
    present = {(e, s) for e, s in removed if f" {s} " in f" {corpus} "}
    proposed = {(r["entity_id"], clean(r["spelling"])) for r in rows}
    right = {p for p in proposed if p in removed or p in gold}
    return {"removed": len(removed), "present": len(present), "proposals": len(rows),
            "right": len(right), "found": len(present & proposed),
            "precision": len(right) / max(1, len(proposed)), "recall": len(present & proposed) / max(1, len(present))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-score", type=float, default=0.5)
    args = parser.parse_args()
    r = run(args.min_score)
    print(f"seed spellings removed: {r['removed']} ({r['present']} occur in the articles as whole words)")
    print(f"proposals: {r['proposals']}, right: {r['right']} → precision {r['precision']:.1%}")
    print(f"removed spellings proposed for the right entity: {r['found']}/{r['present']} → recall {r['recall']:.1%}")


if __name__ == "__main__":
    main()
