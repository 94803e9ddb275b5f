"""Fit the score calibration (data/calibration.tsv) on labelled pairs. Run by hand.

    python benchmarks/calibrate.py [--dev ../shared/dev] [--per-set 400]

Positives and negatives come from data whose licence lets what is learned ship: the
*calibration split* of the Indian names and CLDR sets of ../shared/dev (every fifth pair;
benchmarks/accuracy.py evaluates on the other four fifths) and the *dev split* of
names_train.jsonl.gz (scripts/names_split.py; GeoNames CC BY 4.0, Wikidata CC0), against
a table of every Latin name of both; ANETAC, which has no licence, is left out (it is only
measured on). For each query, its top five candidates, labelled right or wrong. Common words ranked
2,001 and below in wordfreq's lists (hi, ar, ur, fa, ru, en; 300 each by default) add negatives; the
false-positive figure in accuracy.py uses ranks 1–1,000, so the words tuned on are
not the words tested on. A logistic regression over the features of
normalizer.core.decide.FEATURES (L2-regularised, Newton's method) gives the weights; the
script prints a reliability table (predicted vs observed) and writes the file
atomically.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import devdata  # noqa: E402

from normalizer import Normalizer  # noqa: E402
from normalizer.atomic import write_atomic  # noqa: E402
from normalizer.caches import clear_process_caches  # noqa: E402
from normalizer.config import MARGIN  # noqa: E402
from normalizer.core.decide import FEATURES, SHORT_KEY_BAR  # noqa: E402

SPLIT = (5, 0)
LANGS = ("hi", "ar", "ur", "fa", "ru", "en")


def collect(norm: Normalizer, queries: list[devdata.Query],
            words: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """Return the feature matrix and labels of the top-5 candidates of every query and word."""
    xs: list[tuple[float, ...]] = []
    ys: list[int] = []
    ids = [e.id for e in norm.index.entities]
    for q in queries:
        for cand in norm._rank(q.text, None)[:5]:
            if cand.features is not None:  # matches the table states outright are not learned
                xs.append(cand.features.vector())
                ys.append(int(ids[cand.entity] == q.gold))
    for _lang, word in words:
        for cand in norm._rank(word, None)[:2]:
            if cand.features is not None:
                xs.append(cand.features.vector())
                ys.append(0)
    return np.array(xs), np.array(ys, dtype=float)


#: Features that may only lower a score: a weak alias is never more trustworthy than a
#: strong one. The dev table's only weak spellings are places named without their qualifier
#: (Petersburg for Petersburg, Indiana), which are mostly right; that must not teach the
#: scorer to trust every weak alias (a surname alone, a nickname) more than a strong one.
NON_POSITIVE = ("weak",)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """Logistic regression with an L2 penalty (bias not penalised); a feature of
    :data:`NON_POSITIVE` fitted above 0 is dropped (weight 0) and the rest refitted."""
    w = _fit(x, y, l2, steps)
    for name in NON_POSITIVE:
        i = FEATURES.index(name)
        if w[i] > 0:
            x = x.copy()
            x[:, i] = 0.0
            w = _fit(x, y, l2, steps)
    return w


def _fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int) -> np.ndarray:
    """Logistic regression by Newton's method with an L2 penalty (bias not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        delta = np.linalg.solve(hess, grad)
        w -= delta
        if np.abs(delta).max() < 1e-8:
            break
    return w


def reliability(p: np.ndarray, y: np.ndarray) -> str:
    """Return a table of predicted vs observed rates in ten bins."""
    lines = ["predicted  n      observed"]
    for lo in np.arange(0.0, 1.0, 0.1):
        sel = (p >= lo) & (p < lo + 0.1 + (1e-9 if lo >= 0.9 else 0))
        if sel.sum():
            lines.append(f"{lo:.1f}–{lo + 0.1:.1f}    {int(sel.sum()):<6} {y[sel].mean():.3f}")
    return "\n".join(lines)


def write_weights(path: Path, w: np.ndarray) -> None:
    """Write the weights atomically and make this process use them."""
    rows = ["feature\tweight\tnote"]
    for name, value in zip(FEATURES, w, strict=True):
        rows.append(f"{name}\t{value:.4f}\tfitted by benchmarks/calibrate.py")
    write_atomic(path, "\n".join(rows) + "\n")
    clear_process_caches()  # the rule tables and the weights are read again


def sweep(norm: Normalizer, queries: list[devdata.Query], words: list[tuple[str, str]]) -> None:
    """Print, per threshold, the share of tuning words (not the tested ones) that resolve and
    the share of calibration queries resolved right, to choose decide.THRESHOLD."""
    ids = [e.id for e in norm.index.entities]
    q_best = []
    for q in queries:
        ranked = norm._rank(q.text, None)
        q_best.append((ranked[0].probability if ranked else 0.0, bool(ranked) and ids[ranked[0].entity] == q.gold,
                       ranked[1].probability if len(ranked) > 1 else None))
    w_best = []
    for _lang, word in words:
        ranked = norm._rank(word, None)
        w_best.append((ranked[0].probability if ranked else 0.0, ranked[1].probability if len(ranked) > 1 else None,
                       bool(ranked) and ranked[0].features is not None and ranked[0].features.short_key))
    print(f"threshold sweep: {len(words)} tuning words (wordfreq ranks 2001–3000, hi ar ur fa ru), "
          f"{len(queries)} calibration queries; margin {MARGIN}; short keys need {SHORT_KEY_BAR} more")
    print("threshold  words resolved  queries resolved right")
    for t in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        def ok(p: float, r: float | None, short: bool = False, t: float = t) -> bool:
            return p >= t + (SHORT_KEY_BAR if short else 0.0) and (r is None or p - r >= MARGIN)
        fp = sum(ok(p, r, sh) for p, r, sh in w_best) / max(len(w_best), 1)
        right = sum(ok(p, r) and good for p, good, r in q_best) / max(len(q_best), 1)
        print(f"{t:<10} {100 * fp:5.1f} %         {100 * right:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=devdata.DEFAULT_DEV)
    parser.add_argument("--per-set", type=int, default=600)
    parser.add_argument("--words-per-lang", type=int, default=300,
                        help="common words per language (ranks 2001 on), as many non-names as about a third "
                             "of the queries")
    parser.add_argument("--pairs-per-set", type=int, default=0,
                        help="queries per family and source from the names_train dev split (default 0: none)")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "calibration.tsv")
    args = parser.parse_args()
    devdata.require(args.dev, bench_extra=True)
    names, queries = devdata.load(args.dev, anetac=False)
    more, pair_queries = devdata.load_names_split("dev")
    norm = Normalizer(devdata.table({**names, **more}))
    cal = devdata.calibration_split(queries, args.per_set, seed=7, mod=SPLIT)
    cal += devdata.sample(pair_queries, args.pairs_per_set, seed=7) if args.pairs_per_set else []
    words = devdata.common_words(LANGS, 2001, 2000 + args.words_per_lang)
    started = time.time()
    # Round 1 ranks candidates with the weights in the file; round 2 re-ranks with the new fit,
    # since the calibrated score also chooses which spelling of an entity represents it.
    x, y = collect(norm, cal, words)
    write_weights(args.out, fit(x, y))
    x, y = collect(norm, cal, words)
    print(f"data: {args.dev} (no ANETAC) and the names_train dev split — {len(cal)} calibration queries, "
          f"{len(words)} common words (wordfreq ranks from 2001); "
          f"{len(y)} candidates, {int(y.sum())} right; collected in {time.time() - started:.0f} s")
    half = np.arange(len(y)) % 2 == 0
    w_half = fit(x[half], y[half])
    p_hold = 1.0 / (1.0 + np.exp(-(x[~half] @ w_half)))
    print("held-out reliability (fit on one half, read on the other):")
    print(reliability(p_hold, y[~half]))
    w = fit(x, y)
    write_weights(args.out, w)
    print(f"wrote {args.out}")
    sweep(norm, cal, devdata.common_words(LANGS[:-1], 2001, 3000))
    for name, value in zip(FEATURES, w, strict=True):
        print(f"  {name:<20} {value:+.3f}")


if __name__ == "__main__":
    main()
