"""The one train / dev / test split of the name pairs (issue 19): by item, fixed seed.

    from names_split import load_items, split_of

Each item of ``../shared/dev/names_train.jsonl.gz`` (GeoNames places, CC BY 4.0; Wikidata
name items via rigour, CC0) goes to one split by a hash of its id and :data:`SEED`, so the
split never changes when items are added or reordered: 80 % train, 10 % dev, 10 % test.
Learn on train, tune on dev, report on test; never tune on test.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

SEED = "normalizer-names-2026"
DEFAULT_PAIRS = Path(__file__).resolve().parent.parent.parent / "shared" / "dev" / "names_train.jsonl.gz"
#: Script family of each ``native`` key of the file.
FAMILY = {"hi": "deva", "ar": "arab", "fa_ur": "arab", "ur": "arab", "ru": "cyrl"}


def split_of(item_id: str) -> str:
    """``train``, ``dev`` or ``test`` for an item id (80 / 10 / 10, fixed)."""
    bucket = int(hashlib.sha256(f"{SEED}:{item_id}".encode()).hexdigest()[:8], 16) % 10
    return "test" if bucket == 9 else "dev" if bucket == 8 else "train"


def load_items(path: Path = DEFAULT_PAIRS) -> Iterator[dict[str, object]]:
    """Every item of the file, with its ``split`` added."""
    if not path.is_file():
        raise SystemExit(f"{path}: not found — the name pairs are in the project's shared/dev folder "
                         "(names_train.jsonl.gz, see shared/dev/README.md); pass --pairs PATH")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            item["split"] = split_of(item["id"])
            yield item
