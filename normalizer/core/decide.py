"""Step 8 — deciding: calibrated scores, threshold and runner-up margin.

Accepts: raw scores with their features (from :mod:`normalizer.core.align`).
Guarantees: a match the table states outright (the cleaned query is one of the
entity's spellings) scores :data:`TABLE_SCORE` by the alias's strength; any other
match is scored by :func:`calibrate`, which maps features of the candidate — its
alignment score, whether every key agrees, how short the query is (or the spelling is an
acronym), whether a proclitic or case ending had to be cut off or a letter was read
another way, how many tokens beyond the first agree, and how many other entities score
as well (rivals: spelling variants that only a coin could separate) — to a probability
in 0..1 with the logistic weights of ``data/calibration.tsv`` (fitted by
``benchmarks/calibrate.py`` on labelled pairs, so 0.9 means right about nine times in
ten there); a query that is a common word of its language
(``data/rules/stopwords.tsv``) links only through an exact table spelling;
:func:`accept` says whether the best candidate is good enough and far enough ahead of
the runner-up.
Does not: look anything up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from normalizer.caches import cached
from normalizer.rules.tsv import rule_table

#: Added to the threshold for a learned (not table-stated) match of a short query key —
#: two consonants or fewer — or of a spelling without vowels (an acronym): short keys
#: collide with many common words (उन, سه, जी), and sounded-out acronyms with more.
SHORT_KEY_BAR = 0.25
#: Feature names, in the order of data/calibration.tsv.
FEATURES = ("bias", "raw", "raw_sq", "phonetic", "short_key", "rivals", "clitic", "weak", "more_tokens",
            "alternate")
#: Score of a match the table states outright (the cleaned query is one of the entity's
#: spellings): not learned, set by the alias's strength.
TABLE_SCORE = {"strong": 0.99, "weak": 0.95}


@dataclass(frozen=True, slots=True)
class Features:
    """What the calibration looks at for one candidate."""

    raw: float
    phonetic: bool
    short_key: bool
    rivals: int
    clitic: bool
    weak: bool
    more_tokens: int = 0
    #: The query was read with an alternate reading of ``data/rules/alternates.tsv`` (ق as g,
    #: Hindi ज as ज़ …) that is not a cut: another, weaker kind of guess.
    alternate: bool = False

    def vector(self) -> tuple[float, ...]:
        """Return the feature values in :data:`FEATURES` order."""
        return (1.0, self.raw, self.raw * self.raw, float(self.phonetic), float(self.short_key),
                float(self.rivals), float(self.clitic), float(self.weak), float(self.more_tokens),
                float(self.alternate))


#: Candidates of other entities whose raw score is within this of a candidate's are its rivals.
RIVAL_WINDOW = 0.03
#: Rivals counted at most.
MAX_RIVALS = 3


@cached()
def weights() -> tuple[float, ...]:
    """Return the calibration weights from ``data/calibration.tsv`` in :data:`FEATURES` order."""
    rows = {r["feature"]: float(r["weight"]) for r in rule_table("calibration.tsv")}
    missing = [f for f in FEATURES if f not in rows]
    if missing:
        raise ValueError(f"data/calibration.tsv lacks weights for: {', '.join(missing)}")
    return tuple(rows[f] for f in FEATURES)


def calibrate(features: Features) -> float:
    """Return the calibrated probability that this candidate is right."""
    w = weights()
    z = (w[0] + w[1] * features.raw + w[2] * (features.raw * features.raw) + w[3] * float(features.phonetic)
         + w[4] * float(features.short_key) + w[5] * float(features.rivals) + w[6] * float(features.clitic)
         + w[7] * float(features.weak) + w[8] * float(features.more_tokens)
         + w[9] * float(features.alternate))  # = weights · vector(), unrolled
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def accept(best: float, runner_up: float | None, *, threshold: float, margin: float,
           runner_up_weaker: bool = False, short_key: bool = False) -> bool:
    """True if ``best`` clears ``threshold`` and leads the runner-up by ``margin``.

    ``runner_up_weaker``: the runner-up met only a weak alias while the best met a strong
    one, so it cannot make the answer ambiguous. ``short_key``: a learned match of a short
    query key, which must clear :data:`SHORT_KEY_BAR` more.
    """
    if best < threshold + (SHORT_KEY_BAR if short_key else 0.0):
        return False
    return runner_up is None or runner_up_weaker or best - runner_up >= margin
