"""`aliases check` time on a large table (default 1 M aliases built from the dev names, as in speed.py).

    python benchmarks/check_speed.py [--size 1000000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import devdata  # noqa: E402
from speed import build_entities  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=devdata.DEFAULT_DEV)
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    devdata.require(args.dev)
    from normalizer import AliasTable
    from normalizer.tables.check import check_errors, check_files

    entities, _ = build_entities(args.dev, args.size)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "table.tsv"
        AliasTable(entities).save(path)
        aliases = sum(1 + len(e.aliases) for e in entities)
        start = time.perf_counter()
        findings = check_files(path)
        elapsed = time.perf_counter() - start
    errors = check_errors(findings)
    print(f"table: {aliases:,} aliases, {len(entities):,} entities (dev names, see speed.py)")
    print(f"check: {elapsed:.1f} s, {errors:,} errors, {len(findings) - errors:,} warnings; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
