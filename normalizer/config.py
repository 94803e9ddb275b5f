"""Options of a Normalizer, and the named policy constants they default to.

Accepts: keyword values, checked at construction.
Guarantees: a :class:`Config` is frozen (a new config means a new Normalizer); every
default is a named constant of this module.
Does not: hold rule tables or weights (those are data under ``data/``).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Default minimum calibrated score for ``resolve`` (and each ``annotate`` mention) to answer.
THRESHOLD = 0.5
#: Default minimum lead of the best entity over the runner-up.
MARGIN = 0.1


@dataclass(frozen=True, slots=True)
class Config:
    """Options of a :class:`~normalizer.Normalizer` (a new config means a new Normalizer).

    Attributes:
        threshold: minimum calibrated score for ``resolve`` to answer.
        margin: minimum lead of the best entity over the runner-up for ``resolve``.

    >>> Config(threshold=0.8).margin
    0.1
    """

    threshold: float = THRESHOLD
    margin: float = MARGIN

    def __post_init__(self) -> None:
        bad = [f"{k}={v!r}" for k, v in (("threshold", self.threshold), ("margin", self.margin))
               if not isinstance(v, (int, float)) or not 0.0 <= v <= 1.0]
        if bad:
            raise ValueError(f"Config values must be numbers in 0..1: {', '.join(bad)}")

# -- cache sizes (entries); every cache is owned by a Resolver, its index or its spotter ----------

#: Distinct words of running text analysed, per generation of the spotter's word memo: memory
#: stays flat while streaming (50 MB peaks within 1.2 × of 5 MB) and frequent words stay.
WORD_CACHE = 20_000
#: Core answers kept per spotter (windows and words repeat across a corpus; each holds
#: explained matches, so the bound is small).
CORE_CACHE = 5_000
#: Entries of the spotter's smaller memos (decisions, matches, readings, sound-alike tests).
SMALL_CACHE = 20_000
#: Tokens read (romanized, keyed) by the process-wide cache of :func:`normalizer.core.index.read`.
TOKEN_CACHE = 1 << 18
#: Entries of the process-wide caches of string functions: keys, key similarities, key weights.
STRING_CACHE = 1 << 16
#: Entries of the process-wide caches of fold steps (evidence) and surnames.
STEP_CACHE = 1 << 14
#: Entries of the process-wide caches of characters and short patterns: scripts, initials, scan patterns.
CHAR_CACHE = 1 << 12
#: Query tokens whose nearest table tokens an index keeps (its candidate memo).
NEAR_MEMO = 1 << 13
#: Words an index has told to be (or not) a generic place word.
PLACE_MEMO = 1 << 12
