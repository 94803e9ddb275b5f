"""Generate data/rules/stopwords.tsv from the stopwords-iso JSON file.

stopwords-iso 1.1.0 (MIT, https://github.com/stopwords-iso/stopwords-iso) ships one
JSON file, a dict language -> list of words. Get it with `npm pack stopwords-iso@1.1.0`
and unpack it, then run from the repository root:

    python scripts/gen_stopwords.py path/to/package/stopwords-iso.json

Standard library only. Words are NFC-normalised and stripped, and runs of spaces
inside a word become one space; empty words, words holding a tab or newline and words
longer than MAX_LEN are skipped; duplicates within a language are dropped. Rows are
sorted by lang, then word (code point order).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from normalizer.atomic import write_atomic  # noqa: E402

LANGS: tuple[str, ...] = ("hi", "ar", "ur", "fa", "ru", "en")
SOURCE = "stopwords-iso-1.1.0"
MAX_LEN = 40
OUT = Path(__file__).resolve().parent.parent / "data" / "rules" / "stopwords.tsv"


def collect(data: dict[str, list[str]]) -> tuple[list[tuple[str, str, str]], int]:
    """Return the sorted rows and the number of skipped entries."""
    rows: set[tuple[str, str, str]] = set()
    skipped = 0
    for lang in LANGS:
        for raw in data[lang]:
            word = unicodedata.normalize("NFC", raw).strip()
            if not word or len(word) > MAX_LEN or any(c in word for c in "\t\n\r"):
                skipped += 1
                continue
            word = " ".join(word.split())  # upstream has a few double spaces
            rows.add((word, lang, SOURCE))
    return sorted(rows, key=lambda r: (r[1], r[0])), skipped


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} path/to/stopwords-iso.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as fh:
        data = json.load(fh)
    rows, skipped = collect(data)
    lines = ["word\tlang\tsource"] + ["\t".join(row) for row in rows]
    write_atomic(OUT, "\n".join(lines) + "\n")
    counts = {lang: sum(1 for r in rows if r[1] == lang) for lang in LANGS}
    print(f"wrote {len(rows)} stopwords to {OUT} ({counts}; skipped {skipped})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
