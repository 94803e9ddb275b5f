"""Loading ../shared/dev (name pairs for evaluation) into tables and query sets.

Used by accuracy.py, calibrate.py and speed.py. The dev data is for evaluation only:
it is never shipped in the package (see ../shared/dev/README.md for licences).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from normalizer import AliasTable, Entity

DEFAULT_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "dev"
#: The files of the dev folder that the benchmarks read.
FILES = ("anetac_en_ar.tsv", "indian_names_en_hi.tsv", "cldr_places.jsonl")
_SLUG = re.compile(r"[^a-z0-9]+")
SCRIPT_OF_LANG = {"hi": "Deva", "ar": "Arab", "ur": "Arab", "fa": "Arab", "ru": "Cyrl"}


@dataclass(frozen=True)
class Query:
    """One evaluation query: the spelling, the id of the right entity, its dataset and language."""

    text: str
    gold: str
    dataset: str
    lang: str


def _eid(name: str) -> str:
    return "n-" + (_SLUG.sub("-", name.lower()).strip("-") or "x")


def require(dev: Path, *, bench_extra: bool = False) -> Path:
    """Return ``dev``; if it lacks the dev files (they are not in the repository), or
    ``bench_extra`` is asked and ``wordfreq`` is missing, say in one line what to get and
    exit with status 2."""
    prog = Path(sys.argv[0]).name
    missing = [name for name in FILES if not (dev / name).is_file()]
    if missing:
        sys.stderr.write(f"{prog}: no dev data in {dev} ({', '.join(missing)} missing): it is not in the repository; "
                         "put the name-pair files listed in docs/accuracy.md (section Dev data) in one folder and pass "
                         "--dev DIR\n")
        raise SystemExit(2)
    if bench_extra and importlib.util.find_spec("wordfreq") is None:
        sys.stderr.write(f"{prog}: needs the bench extra: pip install \".[bench]\"\n")
        raise SystemExit(2)
    return dev


def load(dev: Path = DEFAULT_DEV, *, anetac: bool = True) -> tuple[dict[str, tuple[str, str]], list[Query]]:
    """Return (entity id → (Latin name, type), every query) for the three dev sets.

    ``anetac=False`` leaves ANETAC out (names and queries): it has no licence, so it may be
    measured on but nothing learned from it may ship (calibrate.py fits without it).
    """
    names: dict[str, tuple[str, str]] = {}
    queries: list[Query] = []
    types = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}

    def add(name: str, etype: str) -> str:
        eid = _eid(name)
        names.setdefault(eid, (name.strip(), etype))
        return eid

    with open(dev / "anetac_en_ar.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if anetac else ():
            if row["en"].strip() and row["ar"].strip():
                eid = add(row["en"], types.get(row["class"], "MISC"))
                queries.append(Query(row["ar"].strip(), eid, "anetac", "ar"))
    with open(dev / "indian_names_en_hi.tsv", encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#") and line.strip()]
    for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(row) == 2 and row[0].strip() and row[1].strip() and row[0] != "english":
            queries.append(Query(row[1].strip(), add(row[0], "PER"), "indian", "hi"))
    with open(dev / "cldr_places.jsonl", encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            eid = add(obj["en"], "LOC")
            for lang, spellings in obj["queries"].items():
                for s in spellings:
                    queries.append(Query(s, eid, "cldr", lang))
    return names, queries


def table(names: dict[str, tuple[str, str]]) -> AliasTable:
    """Return a table of every Latin name (one entity each, no other alias)."""
    return AliasTable(Entity(id=eid, name=name, type=etype) for eid, (name, etype) in names.items())


def sample(queries: list[Query], per_set: int, seed: int, exclude_mod: tuple[int, int] | None = None) -> list[Query]:
    """Return up to ``per_set`` queries per (dataset, lang), reproducibly.

    ``exclude_mod=(m, r)`` drops queries whose position in their set is ≡ r (mod m): the
    calibration split, kept apart from the evaluation split.
    """
    groups: dict[tuple[str, str], list[Query]] = {}
    for q in queries:
        groups.setdefault((q.dataset, q.lang), []).append(q)
    out = []
    for key in sorted(groups):
        group = groups[key]
        if exclude_mod is not None:
            m, r = exclude_mod
            group = [q for i, q in enumerate(group) if i % m != r]
        rng = random.Random(f"{seed}-{key}")
        out.extend(rng.sample(group, min(per_set, len(group))))
    return out


def calibration_split(queries: list[Query], per_set: int, seed: int, mod: tuple[int, int]) -> list[Query]:
    """Return up to ``per_set`` queries per set from the calibration split only (position ≡ r mod m)."""
    groups: dict[tuple[str, str], list[Query]] = {}
    for q in queries:
        groups.setdefault((q.dataset, q.lang), []).append(q)
    out = []
    m, r = mod
    for key in sorted(groups):
        group = [q for i, q in enumerate(groups[key]) if i % m == r]
        rng = random.Random(f"cal-{seed}-{key}")
        out.extend(rng.sample(group, min(per_set, len(group))))
    return out


def common_words(langs: tuple[str, ...], first: int, last: int) -> list[tuple[str, str]]:
    """Return (lang, word) for words ranked ``first``..``last`` (1-based) in wordfreq's lists."""
    from wordfreq import top_n_list

    out = []
    for lang in langs:
        words = top_n_list(lang, last)
        out.extend((lang, w) for w in words[first - 1 : last] if any(c.isalpha() for c in w))
    return out


def load_names_split(split: str, pairs: Path | None = None
                     ) -> tuple[dict[str, tuple[str, str]], list[Query]]:
    """Every Latin name of every item of names_train.jsonl.gz (all splits: the table), and the
    native spellings of the items of ``split`` as queries (dataset: the item's source, lang:
    the file's key: hi, ar, fa_ur, ur, ru). CC BY 4.0 (GeoNames) and CC0 (Wikidata): what is
    learned from them may ship."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from names_split import DEFAULT_PAIRS, load_items

    names: dict[str, tuple[str, str]] = {}
    queries: list[Query] = []
    for item in load_items(pairs or DEFAULT_PAIRS):
        latin = [x.strip() for x in item["latin"] if x.strip()]  # type: ignore[union-attr]
        if not latin:
            continue
        eid = "g-" + str(item["id"])
        names[eid] = (latin[0], str(item["type"]))
        if item["split"] == split:
            for lang, spellings in item["native"].items():  # type: ignore[union-attr]
                queries.extend(Query(s, eid, str(item["source"]), lang) for s in spellings[:1])
    return names, queries
