"""Corpus-mode throughput and memory: annotate MB/s on one core and on all cores.

    python benchmarks/annotate.py [--dev ../shared/dev] [--mb 50] [--sizes 1000,100000]

The corpus is made from real word lists and real names: documents of 150-250 words in
Hindi, Arabic, Urdu, Persian, Russian and English, each word drawn by frequency from the
language's 20 000 most frequent words (``wordfreq``, Zipf-weighted), a full stop every
10-20 words, and about one word in 40 replaced by a name: a spelling of a table entity
in the document's script (an Arabic proclitic glued to it one time in four in Arabic
script, a postposition after it in Hindi). Tables are built from the dev names exactly
as in ``speed.py`` (every alias real text). MB are UTF-8 megabytes (10^6 bytes).

Measured in the same run, over the same texts:
- ``annotate`` with ``processes=1`` and with all cores (``annotate_many``);
- the anchor: a bare exact multi-pattern scan with ahocorasick-rs (every alias of the
  table as written, leftmost-longest, no boundaries, no clitics, no linking);
- peak memory (max RSS) of ``normalizer annotate`` streaming a file of ``--mb`` MB and
  one of a tenth of that, each in its own process;
- when spaCy is installed (``--no-spacy`` skips it): the spaCy component on a blank
  pipeline, ``spacy.blank("xx")`` + ``nlp.add_pipe("normalizer")`` reading the same table
  from a file, against ``annotate`` on a Normalizer of its own, timed in pairs (chunks of
  64 documents, the order alternating) over the corpus twice (the first pass fills the
  caches and spaCy's vocabulary, the second runs warm); the blank pipeline alone (spaCy's
  tokenizer) is timed in the same pairs, to split the difference; then ``nlp.pipe`` with
  ``n_process`` = all cores against ``annotate_many`` on all cores, and the blank pipeline
  alone with ``n_process`` (spaCy sends every doc back as bytes).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import devdata  # noqa: E402
from speed import build_entities  # noqa: E402

LANGS = {"hi": "Deva", "ar": "Arab", "ur": "Arab", "fa": "Arab", "ru": "Cyrl", "en": "Latn"}
PROCLITICS = ("و", "ب", "ل", "وب", "ف")
POSTPOSITIONS = ("ने", "के", "की", "को", "से")
NAME_RATE = 1 / 40


def word_lists(n: int) -> dict[str, tuple[list[str], list[float]]]:
    from wordfreq import top_n_list, word_frequency

    out = {}
    for lang in LANGS:
        words = [w for w in top_n_list(lang, n) if w.isalpha()]
        out[lang] = (words, [word_frequency(w, lang) for w in words])
    return out


def names_by_script(entities: list) -> dict[str, list[str]]:  # type: ignore[type-arg]
    from normalizer.core.scripts import dominant_script

    out: dict[str, list[str]] = {s: [] for s in set(LANGS.values())}
    for e in entities:
        for spelling in (e.name, *e.aliases):
            script = dominant_script(spelling)
            if script in out:
                out[script].append(spelling)
    return out


def make_corpus(megabytes: float, entities: list, seed: int = 7) -> list[str]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    lists = word_lists(20_000)
    names = names_by_script(entities)
    docs, size, target = [], 0, int(megabytes * 1e6)
    langs = list(LANGS)
    while size < target:
        lang = rng.choice(langs)
        words, weights = lists[lang]
        script = LANGS[lang]
        count = rng.randint(150, 250)
        drawn = rng.choices(words, weights=weights, k=count)
        out = []
        for i, w in enumerate(drawn):
            if names[script] and rng.random() < NAME_RATE:
                name = rng.choice(names[script])
                if script == "Arab" and rng.random() < 0.25:
                    name = rng.choice(PROCLITICS) + name
                if lang == "hi":
                    name += " " + rng.choice(POSTPOSITIONS)
                w = name
            out.append(w)
            if i and rng.random() < 1 / 15:
                out[-1] += "." if lang != "hi" else "।"
        doc = " ".join(out)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def throughput(norm, texts: list[str], processes: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    found = sum(len(ms) for ms in norm.annotate_many(texts, processes=processes, chunksize=64))
    return mb(texts) / (time.perf_counter() - start), found


def anchor(entities: list, texts: list[str]) -> tuple[float, int]:  # type: ignore[type-arg]
    import ahocorasick_rs

    patterns = sorted({s for e in entities for s in (e.name, *e.aliases)})
    scanner = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    start = time.perf_counter()
    found = sum(len(scanner.find_matches_as_indexes(t)) for t in texts)
    return mb(texts) / (time.perf_counter() - start), found


SPACY_CHUNK = 64


def spacy_component(entities: list, texts: list[str], processes: int) -> None:  # type: ignore[type-arg]
    """Print the spaCy component's throughput beside annotate's (see the module docstring)."""
    import spacy

    from normalizer import AliasTable, Normalizer

    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "table.jsonl"
        AliasTable(entities).save(table)
        norm = Normalizer(AliasTable.load(table))
        nlp = spacy.blank("xx")
        component = nlp.add_pipe("normalizer", config={"tables": [str(table)]})
        _ = norm.spotter, component.normalizer.spotter  # built before timing, as above
    blank = spacy.blank("xx")
    size = mb(texts)
    runs = {
        "annotate": lambda chunk: sum(len(norm.annotate(t)) for t in chunk),
        "component": lambda chunk: sum(len(doc.spans["normalizer"]) for doc in nlp.pipe(chunk)),
        "blank": lambda chunk: sum(len(doc) for doc in blank.pipe(chunk)),
    }
    for label in ("first pass", "again, warm"):
        seconds = dict.fromkeys(runs, 0.0)
        counts = dict.fromkeys(runs, 0)
        for n, at in enumerate(range(0, len(texts), SPACY_CHUNK)):
            chunk = texts[at:at + SPACY_CHUNK]
            order = list(runs) if n % 2 == 0 else list(reversed(runs))
            for name in order:
                start = time.perf_counter()
                counts[name] += runs[name](chunk)
                seconds[name] += time.perf_counter() - start
        assert counts["component"] == counts["annotate"], "the component's spans differ from annotate's mentions"
        own = seconds["component"] - seconds["blank"]
        speed = {name: size / seconds[name] for name in runs}
        ratio = speed["component"] / speed["annotate"]
        print(f"  spaCy component, {label}:")
        print(f"    blank xx + component: {speed['component']:6.2f} MB/s   ({counts['component']:,} spans); "
              f"annotate in the same pairs {speed['annotate']:6.2f} MB/s: ratio {ratio:.2f}")
        print(f"    blank xx alone:       {speed['blank']:6.2f} MB/s   ({counts['blank']:,} tokens); the component's "
              f"own time (without spaCy's) against annotate's: {own / seconds['annotate']:.2f}")
    start = time.perf_counter()
    spans = sum(len(doc.spans["normalizer"]) for doc in nlp.pipe(texts, n_process=processes, batch_size=SPACY_CHUNK))
    parallel = size / (time.perf_counter() - start)
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in blank.pipe(texts, n_process=processes, batch_size=SPACY_CHUNK))
    parallel_blank = size / (time.perf_counter() - start)
    start = time.perf_counter()
    found = sum(len(ms) for ms in norm.annotate_many(texts, processes=processes, chunksize=SPACY_CHUNK))
    every = size / (time.perf_counter() - start)
    assert spans == found, "n_process and annotate_many differ"
    print(f"  spaCy component, n_process={processes}: {parallel:6.2f} MB/s; annotate_many, {processes} processes "
          f"(warm): {every:6.2f} MB/s; ratio {parallel / every:.2f}; blank xx alone, n_process={processes}: "
          f"{parallel_blank:6.2f} MB/s ({tokens:,} tokens)")


def peak_memory(path: Path, table: Path) -> float:
    """Max RSS (MB) of `normalizer annotate` streaming ``path`` in its own process."""
    # VmHWM, not ru_maxrss: on Linux the latter keeps the parent's high-water mark across
    # fork and exec, so it would report this (large) benchmark process instead.
    code = ("import sys\nfrom normalizer.cli.main import main\n"
            "rc = main(['annotate', '--lines', '--processes', '1', '--no-progress', '--table', sys.argv[2],"
            " '--out', sys.argv[3], sys.argv[1]])\n"
            "hwm = [ln for ln in open('/proc/self/status') if ln.startswith('VmHWM')][0].split()[1]\n"
            "print(int(hwm) / 1024)\nsys.exit(rc)\n")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", code, str(path), str(table), str(Path(tmp) / "out.jsonl")],
                             capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    if out.returncode != 0:
        raise SystemExit(f"annotate failed: {out.stderr[-2000:]}")
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=devdata.DEFAULT_DEV)
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--memory-only", action="store_true", help="skip the throughput runs")
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy component even when spaCy is installed")
    args = parser.parse_args()
    devdata.require(args.dev, bench_extra=True)

    from normalizer import AliasTable, Normalizer
    from normalizer.corpus.batch import cores

    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {cores()} cores; corpus: {args.mb:g} MB of wordfreq words (hi ar ur fa ru en) with "
          f"about 1 word in {int(1 / NAME_RATE)} a table name; dev data: {args.dev}")
    for size in sizes:
        entities, _ = build_entities(args.dev, size)
        aliases = sum(1 + len(e.aliases) for e in entities)
        texts = make_corpus(args.mb, entities)
        print(f"\ntable {aliases:,} aliases ({len(entities):,} entities); corpus {mb(texts):.1f} MB, "
              f"{len(texts):,} documents")
        if not args.memory_only:
            norm = Normalizer(AliasTable(entities))
            t0 = time.perf_counter()
            _ = norm.spotter
            build = time.perf_counter() - t0
            one, found = throughput(norm, texts, 1)
            every, found_all = throughput(norm, texts, cores())
            assert found == found_all, "parallel and single-process results differ"
            base, base_found = anchor(entities, texts)
            print(f"  index + spotter built in {build:.1f} s")
            print(f"  annotate, 1 core:        {one:6.2f} MB/s   ({found:,} mentions)")
            print(f"  annotate, {cores()} cores:       {every:6.2f} MB/s   (x{every / one:.2f})")
            print(f"  anchor ahocorasick-rs:   {base:6.2f} MB/s   ({base_found:,} raw exact hits, no boundaries)")
            if not args.no_spacy and importlib.util.find_spec("spacy") is not None:
                spacy_component(entities, texts, cores())
        if size == sizes[-1]:
            with tempfile.TemporaryDirectory() as tmp:
                table = Path(tmp) / "table.jsonl"
                AliasTable(entities).save(table)
                big, small = Path(tmp) / "big.txt", Path(tmp) / "small.txt"
                big.write_text("\n".join(texts) + "\n", encoding="utf-8")
                small.write_text("\n".join(texts[: len(texts) // 10]) + "\n", encoding="utf-8")
                rss_big, rss_small = peak_memory(big, table), peak_memory(small, table)
            print(f"  peak memory streaming {args.mb:g} MB: {rss_big:,.0f} MB; "
                  f"{args.mb / 10:g} MB: {rss_small:,.0f} MB (ratio {rss_big / rss_small:.2f})")
    print(f"\nmax RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
