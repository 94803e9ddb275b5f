"""Step 8 — deciding: calibrated scores, the caps that guard them, threshold and runner-up margin.

Accepts: the spellings a query met — stated outright by the table, or aligned
(:class:`Found`, from :mod:`normalizer.core.align`).
Guarantees: a spelling the table states outright scores :data:`TABLE_SCORE` by the
alias's strength (:func:`stated_score`); any other is scored by :func:`calibrate`, which
maps features of the candidate — its alignment score, whether every key agrees, how
short the query is (or the spelling is an acronym), whether a proclitic or case ending
had to be cut off or a letter was read another way, how many tokens beyond the first
agree, and how many other entities score as well (rivals) — to a probability in 0..1
with the logistic weights of ``data/calibration.tsv`` (fitted by ``benchmarks/calibrate.py``
on labelled pairs, so 0.9 means right about nine times in ten there). :func:`judge` then
caps what must not win — a query that names something more specific than the spelling
(:data:`MORE_SPECIFIC_CAP`), a partial name other people carry too
(:data:`SHARED_PARTIAL_CAP`) — scores a surname alone that one person of the table
carries as a spelling of its own, and ranks one candidate per entity. :func:`accept` says
whether the best is good enough and far enough ahead of the runner-up (a common word of
its language links only through an exact table spelling: :func:`~normalizer.core.lexicons.is_stopword`).
Does not: read the query or find candidates (see :mod:`normalizer.core.resolver`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import NamedTuple

from normalizer.caches import cached
from normalizer.config import STEP_CACHE
from normalizer.core.align import POSTING_CAP, SIM_POWER, Scored
from normalizer.core.clean import clean
from normalizer.core.index import Index
from normalizer.core.key import VOWELS, Token, token_of
from normalizer.core.lexicons import is_name_suffix, optional_words
from normalizer.core.scripts import dominant_script
from normalizer.core.similarity import compared, token_similarity
from normalizer.model import METHODS, Step
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

#: An aligned token at least this similar counts as agreeing (for the more_tokens feature).
STRONG_TOKEN = 0.9
#: Highest score of a spelling that leaves a query word unaligned (not an initial, not a
#: generic word): the query names something more specific — Donald Trump **Jr.**, Kim Jong
#: **Il**, Central Bank of **Iran** — so it must not resolve to the shorter name's entity.
MORE_SPECIFIC_CAP = 0.3
#: Highest score of a partial name (some words of the spelling missing) whose words another
#: person's spelling also carries: "Kim Jong" is part of Kim Jong Un and of Kim Yo Jong, so
#: it names neither (a surname alone resolves only when the table lists it or one entity carries it).
SHARED_PARTIAL_CAP = 0.3


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity worth answering, with its calibrated probability and how it was met (before it becomes a Match)."""

    entity: int
    probability: float
    method: str
    spelling: int
    reading: str
    steps: tuple[Step, ...]
    scored: Scored | None
    weak: bool
    features: Features | None
    cap: str = ""  # why the score was capped, if it was


class Found(NamedTuple):
    """A spelling aligned with one reading of the query."""

    scored: Scored
    reading: str
    steps: tuple[Step, ...]
    tokens: list[Token]


def stated_score(weak: bool, rewritten: bool) -> float:
    """The score of a spelling the table states outright: :data:`TABLE_SCORE` by the alias's
    strength, less 0.01 when the query had to be rewritten to meet it (a proclitic cut off)."""
    return TABLE_SCORE["weak" if weak else "strong"] - (0.01 if rewritten else 0.0)


def keep(best: dict[int, Candidate], cand: Candidate) -> None:
    """Keep ``cand`` in ``best`` if it is its entity's best candidate so far: the higher
    probability, the more trusted method, the higher raw score — and on a full tie the
    reading that keeps more of the query (والارجنتين: و cut off, the article kept, as
    corpus mode cuts it)."""
    old = best.get(cand.entity)
    if old is None or _order(cand) > _order(old):
        best[cand.entity] = cand


def judge(index: Index, stated: dict[int, Candidate], found: list[Found],
          guesses: list[tuple[bool, bool, bool]]) -> list[Candidate]:
    """Score every candidate spelling found by alignment and rank the entities, best first.

    Args:
        index: the table's index.
        stated: the candidates whose spelling the table states outright (by entity).
        found: the spellings aligned with some reading of the query.
        guesses: per found spelling, whether its reading cut a token, has a short key, or
            read a letter another way (the calibration's ``clitic``, ``short_key``, ``alternate``).
    """
    top_raw: dict[int, float] = {}
    for sc, *_ in found:
        e = index.spellings[sc.spelling].entity
        top_raw[e] = max(top_raw.get(e, 0.0), sc.raw)
    raws = sorted(top_raw.values(), reverse=True)
    carriers = _carriers(index, found)
    sole_surnames = _sole_surnames(index, found)
    best: dict[int, Candidate] = dict(stated)
    for (sc, reading, steps, tokens), (clitic, short, alternate) in zip(found, guesses, strict=True):
        form = index.spellings[sc.spelling]
        if form.entity in stated:
            continue
        near = sum(1 for r in raws[:MAX_RIVALS + 1] if r >= sc.raw - RIVAL_WINDOW)
        rivals = min(MAX_RIVALS, max(0, near - 1))
        short = short or _acronym(index, form.tokens)
        more = min(2, max(0, sum(1 for _, _, s in sc.pairs if s >= STRONG_TOKEN) - 1))
        feats = Features(sc.raw, sc.phonetic, short, rivals, clitic, form.weak, more, alternate)
        sole = (reading, form.entity) in sole_surnames and _last_word_aligned(index, sc)
        if sole:
            # The table's only bearer of this surname: the word is read as a spelling of
            # its own (Лавров, where the table spells only Sergey Lavrov).
            (_, tid, s), = sc.pairs
            a, b = compared(tokens[0], index.tokens[tid])
            feats = replace(feats, raw=s ** SIM_POWER, phonetic=a.key == b.key)
        method = "phonetic" if feats.phonetic else "fuzzy"
        probability = calibrate(feats)
        cap = (f"a surname alone that no other person of the table carries, scored as a spelling of its own: "
               f"calibrated to {probability:.3f}") if sole else ""
        if any(_names_more(tokens[qi]) for qi in sc.unmatched_query) and probability > MORE_SPECIFIC_CAP:
            cap = (f"calibrated to {probability:.3f}, capped at {MORE_SPECIFIC_CAP}: "
                   "the query names something more specific")
            probability = MORE_SPECIFIC_CAP
        if (sc.unmatched_alias and (others := carriers.get(reading, set()) - {form.entity})
                and probability > SHARED_PARTIAL_CAP):
            cap = (f"calibrated to {probability:.3f}, capped at {SHARED_PARTIAL_CAP}: a partial name that "
                   f"{len(others)} other person(s) also carry")
            probability = SHARED_PARTIAL_CAP
        keep(best, Candidate(form.entity, probability, method, sc.spelling, reading, steps,
                                    sc, form.weak, feats, cap))
    # on a full tie, the reading with fewer rewrites goes first (قطر is Qatar before Gatar)
    return sorted(best.values(),
                  key=lambda c: (-c.probability, METHODS.index(c.method), -_raw(c), len(c.steps), c.entity))


def _raw(cand: Candidate) -> float:
    return cand.scored.raw if cand.scored is not None else 1.0


def _order(cand: Candidate) -> tuple[float, int, float, int]:
    return (cand.probability, -METHODS.index(cand.method), _raw(cand), len(cand.reading))


def _carriers(index: Index, found: list[Found]) -> dict[str, set[int]]:
    """Reading → the persons one of whose spellings carries every word of it (each aligned
    at least :data:`STRONG_TOKEN`)."""
    out: dict[str, set[int]] = {}
    for sc, reading, _, tokens in found:
        entity = index.spellings[sc.spelling].entity
        if (not sc.unmatched_query and len(sc.pairs) == len(tokens) and index.entities[entity].type == "PER"
                and all(s >= STRONG_TOKEN for _, _, s in sc.pairs)):
            out.setdefault(reading, set()).add(entity)
    return out


def _last_word_aligned(index: Index, sc: Scored) -> bool:
    """True if one query word aligned, at :data:`STRONG_TOKEN` or better, with the last word
    of a person's spelling of several words (and nothing else of it)."""
    if len(sc.pairs) != 1 or sc.pairs[0][2] < STRONG_TOKEN:
        return False
    tokens = index.spellings[sc.spelling].tokens
    return len(tokens) >= 2 and sc.pairs[0][1] == tokens[-1] and bool(sc.unmatched_alias)


def _sole_surnames(index: Index, found: list[Found]
                   ) -> set[tuple[str, int]]:
    """(reading, entity) for a one-word reading that is a person's surname no other person
    carries: it aligns, at :data:`STRONG_TOKEN` or better, with the last word of one of the
    person's spellings and with the last word of the canonical name (a generational suffix
    aside: Trump of Donald Trump Jr., not Jr), and no other person's spelling has a word
    that close. A surname alone then resolves (issue 2: "or only one entity carries it");
    one shared with others is capped by :data:`SHARED_PARTIAL_CAP`, and part of a given name
    (Persian پنگ in شي جين بينغ) is no surname. Two persons found so cannot be the only one,
    so the table is searched only when one is (cheap on a million aliases)."""
    people: dict[str, set[int]] = {}
    for sc, reading, _, tokens in found:
        entity = index.spellings[sc.spelling].entity
        if len(tokens) == 1 and index.entities[entity].type == "PER" and _last_word_aligned(index, sc):
            people.setdefault(reading, set()).add(entity)
    out = set()
    for reading, entities in people.items():
        if len(entities) != 1:
            continue
        (entity,) = entities
        token = token_of(reading)
        surname = _surname(index.entities[entity].name)
        if surname is None or token_similarity(token, surname, STRONG_TOKEN) < STRONG_TOKEN:
            continue
        if all(len(posting := index.postings[other]) <= POSTING_CAP
               and not any((e := index.spellings[f].entity) != entity and index.entities[e].type == "PER"
                           for f in posting)
               for other, sim in index.near_tokens(token) if sim >= STRONG_TOKEN):
            out.add((reading, entity))
    return out


@cached(STEP_CACHE)
def _surname(name: str) -> Token | None:
    """The last word of a person's canonical name of two words or more, a generational
    suffix aside (Trump of Donald Trump Jr.), read; None for a one-word name."""
    words = [w for w in clean(name).split() if not is_name_suffix(w)]
    return token_of(words[-1]) if len(words) >= 2 else None


def _names_more(token: Token) -> bool:
    """True for a query word that makes a name more specific (not an initial, not "of")."""
    return len(token.text) >= 2 and token.text not in optional_words()


def _acronym(index: Index, tids: tuple[int, ...]) -> bool:
    """True for a Latin or Cyrillic spelling without a vowel (KGB, СССР): sounding it out is
    not evidence. (Arabic script writes few vowels: ترمپ is no acronym.)"""
    return all(not (set(index.tokens[t].key) & VOWELS) and dominant_script(index.tokens[t].text) in ("Latn", "Cyrl")
               for t in tids)
