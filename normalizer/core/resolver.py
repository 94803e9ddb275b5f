"""The Resolver: wires clean → readings → romanize/key → index → align → decide → evidence.

Accepts: an :class:`~normalizer.table.AliasTable` (the bundled default if none) and one
frozen :class:`~normalizer.config.Config`.
Guarantees: one code path for ``resolve``, ``candidates`` and the matches of corpus mode
(:meth:`Resolver.stated` for a spelling the spotter found): the readings of the query
(:mod:`~normalizer.core.readings`) that the table states outright, and the spellings the
index aligns with the others (:mod:`~normalizer.core.align`), are judged by
:mod:`~normalizer.core.decide` and explained by :mod:`~normalizer.core.evidence`. The index is
built on first use behind a lock, and everything is read-only afterwards but for bounded
memos, so one instance can serve many threads.
Does not: mutate the table (a new table means a new Resolver).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from normalizer.caches import clear_process_caches
from normalizer.config import Config
from normalizer.core.align import Scored, score_reading
from normalizer.core.clean import clean
from normalizer.core.decide import Candidate, Found, accept, judge, keep, stated_score
from normalizer.core.evidence import build_match
from normalizer.core.index import Index, query_writing
from normalizer.core.key import Token, token_of
from normalizer.core.lexicons import (
    NO_PROCLITIC_LANGS,
    alternate_rule_ids,
    arabic_script_language,
    context_rule_ids,
    designator_words,
    is_stopword,
    place_words,
)
from normalizer.core.readings import JOIN_RULE, joined_word, readings
from normalizer.model import ENTITY_TYPES, Match, Step
from normalizer.table import AliasTable

#: A query with more tokens than this (after cleaning) is not a name: no match.
MAX_QUERY_TOKENS = 12
#: A query longer than this many characters (after cleaning) is not a name: no match.
MAX_QUERY_CHARS = 256
#: The rule ids of Arabic proclitic cuts begin so (``ar.proclitic.wa``).
PROCLITIC_RULE = "ar.proclitic."
#: The rule ids of readings of Persian spelling begin so (``fa.final-heh-e``): not for a query
#: whose letters are Arabic's (in ابنة, "daughter", the final letter is ة, not Persian e).
PERSIAN_RULE = "fa."
#: Readings made by cutting inside a token (Arabic proclitics, Russian case endings), or by
#: reading ه after a consonant as an aspirate (Urdu writes those with ھ, so تہران is Tehran,
#: not Tran): the calibration's ``clitic`` feature, since such a reading is a guess.
CUT_RULES = (PROCLITIC_RULE, "ar.article.", "ru.case.", "ar.h-aspirate")
#: A raw score this high means a reading matched a spelling key for key.
PERFECT = 0.99
#: A query whose text as written reads this well as some spelling is not cut by an Arabic
#: proclitic: a name that begins with و ب ف ك ل is read whole (بليندا is Belinda, not ب +
#: Linda; فنجاك Fanjak). On the dev data's calibration and evaluation splits, 13 won, none lost.
WHOLE_ENOUGH = 0.7
#: A word made by joining two query words must align at least this well to be kept.
JOIN_TOKEN = 0.75
#: A query whose tokens have at most this many consonants in all is a short key.
_SHORT_SKELETON = 2


def _check_types(types: Iterable[str] | None) -> frozenset[str] | None:
    if types is None:
        return None
    if isinstance(types, str):
        types = {types}
    chosen = frozenset(types)
    bad = sorted(t for t in chosen if t not in ENTITY_TYPES)
    if bad or not chosen:
        raise ValueError(f"invalid types {bad or '(empty)'}: choose from {', '.join(ENTITY_TYPES)}")
    return chosen


def _without_people(chosen: frozenset[str] | None) -> frozenset[str]:
    """The types a query may name once it holds a place word (republic, islands): not PER."""
    return (chosen if chosen is not None else frozenset(ENTITY_TYPES)) - {"PER"}


class Resolver:
    """Resolve spellings of names to the entities of an alias table (the core of :class:`~normalizer.Normalizer`).

    >>> from normalizer import Entity, AliasTable
    >>> norm = Resolver(AliasTable([Entity(id="aras-agalarov", name="Aras Agalarov", type="PER",
    ...                                      aliases=("अगालैरोव", "Agalarov"))]))
    >>> m = norm.resolve("अगालारोव")
    >>> m.entity.id, m.method
    ('aras-agalarov', 'phonetic')
    """

    def __init__(self, table: AliasTable | None = None, *, config: Config | None = None) -> None:
        if table is not None and not isinstance(table, AliasTable):
            raise TypeError(f"{type(self).__name__} takes an AliasTable, got {type(table).__name__}")
        self._table = table
        self.config = config or Config()
        self._index: Index | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, object]:
        # Sent to worker processes: the table and config only; each worker builds its own index.
        return {"table": self._table, "config": self.config}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["table"], config=state["config"])  # type: ignore[misc]

    def clear_caches(self) -> None:
        """Forget every memoised answer: this instance's (its index's memos) and the process's
        caches of pure functions of the rule files (:func:`~normalizer.caches.clear_process_caches`),
        so an edited rule file is read again. Results do not change unless a file did.
        """
        if self._index is not None:
            self._index.clear()
        clear_process_caches()

    @property
    def table(self) -> AliasTable:
        """The alias table (the bundled default when none was given)."""
        if self._table is None:
            self._table = AliasTable.default()
        return self._table

    @property
    def index(self) -> Index:
        """The candidate index, built on first use."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = Index(self.table)
        return self._index

    # -- public verbs -----------------------------------------------------------------

    def resolve(self, query: str, *, types: Iterable[str] | None = None) -> Match | None:
        """Return the entity ``query`` names, or None when nothing is good enough or it is ambiguous.

        Args:
            query: a spelling of a name, in any supported script.
            types: keep only entities of these types (``{"PER"}``).

        Returns:
            The best :class:`Match` if its score clears the threshold and leads the
            runner-up (another entity) by the margin; otherwise None.

        Raises:
            TypeError: ``query`` is not a str.
            ValueError: ``types`` names an unknown type.
        """
        ranked = self._rank(query, types)
        if not ranked:
            return None
        best = ranked[0]
        runner = ranked[1] if len(ranked) > 1 else None
        # A runner-up cannot make the answer ambiguous when it met only a weak alias and the best
        # a strong one, or when the table states the best outright and the runner-up is a guess.
        weaker = runner is not None and ((runner.weak and not best.weak)
                                         or (best.features is None and runner.features is not None))
        short = best.features is not None and best.features.short_key
        if not accept(best.probability, runner.probability if runner else None,
                      threshold=self.config.threshold, margin=self.config.margin, runner_up_weaker=weaker,
                      short_key=short):
            return None
        return build_match(self.index, query, best, runner)

    def stated(self, query: str, spelling: int, steps: tuple[Step, ...] = ()) -> Match:
        """The match of a spelling the table states outright, read from ``query`` by ``steps``.

        Corpus mode found the spelling (``index.spellings[spelling]``) in running text; this
        makes its match by the very code ``resolve`` uses, so the same words read the same
        way get the same score and the same evidence.

        Args:
            query: the words as written.
            spelling: the index of the spelling met.
            steps: the affix steps from ``clean(query)`` to the spelling's cleaned text.
        """
        form = self.index.spellings[spelling]
        reading = steps[-1].after if steps else clean(query)
        method = "exact" if form.canonical else "alias"
        cand = Candidate(form.entity, stated_score(form.weak, bool(steps)), method, spelling, reading, steps,
                         None, form.weak, None)
        return build_match(self.index, query, cand, None)

    def candidates(self, query: str, limit: int = 5, *, types: Iterable[str] | None = None) -> list[Match]:
        """Return up to ``limit`` matches, one per entity, best first — also below the threshold.

        Raises:
            TypeError: ``query`` is not a str.
            ValueError: ``limit`` < 1 or ``types`` names an unknown type.
        """
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise ValueError(f"limit must be a positive int, got {limit!r}")
        ranked = self._rank(query, types)[:limit]
        return [build_match(self.index, query, c, ranked[i + 1] if i + 1 < len(ranked) else None)
                for i, c in enumerate(ranked)]

    # -- the pipeline -----------------------------------------------------------------

    def _rank(self, query: str, types: Iterable[str] | None) -> list[Candidate]:
        chosen = _check_types(types)
        cleaned = clean(query)
        if not cleaned or len(cleaned) > MAX_QUERY_CHARS or len(cleaned.split()) > MAX_QUERY_TOKENS:
            return []
        index = self.index
        stop = is_stopword(cleaned)
        stated: dict[int, Candidate] = {}
        found: list[Found] = []
        guesses: list[tuple[bool, bool, bool]] = []  # per found: (a cut, a short key, an alternate), per reading
        best_raw = 0.0
        options = readings(cleaned, index.place_word)
        language = arabic_script_language(query)
        writing = query_writing(cleaned, language)
        foreign = PROCLITIC_RULE if language in NO_PROCLITIC_LANGS else PERSIAN_RULE if language == "ar" else None
        if foreign is not None:
            options = [(r, st) for r, st in options if not any(x.rule_id.startswith(foreign) for x in st)]
        scored_types = _without_people(chosen) if any(
            t in place_words() for reading, _ in options for t in reading.split()) else chosen
        for reading, steps in options:
            tokens = [token_of(t) for t in reading.split()]
            # The context a `context` alias needs: a title taken off, for a person; a generic
            # word that names a kind of place translated, for anything else (as in annotate).
            titled = any(".title." in st.rule_id for st in steps)
            kinds = [designator_words()[st.rule_id] for st in steps if st.rule_id in context_rule_ids()]
            # The table says this very text, alone, is an ordinary word (لولا "were it not"),
            # the entity's name only in context: no spelling of the entity may claim it.
            barred = {e for f in index.exact.get(reading, ()) if index.spellings[f].context_only
                      and not _context_open(index, e := index.spellings[f].entity, titled, kinds)}
            # A kind of place before a place's everyday-word spelling (کشور مالی, "the country
            # Mali") states the place, as in running text: the rest is looked up as written.
            bare = _without_words(reading, kinds) if kinds else reading
            named = [f for f in index.exact.get(bare, ()) if index.spellings[f].context_only
                     and index.entities[index.spellings[f].entity].type != "PER"] if kinds else []
            for f_idx, text in [*((f, reading) for f in index.exact.get(reading, ())), *((f, bare) for f in named)]:
                form = index.spellings[f_idx]
                if chosen is not None and index.entities[form.entity].type not in chosen:
                    continue
                if form.entity in barred:
                    continue
                method = "exact" if form.canonical else "alias"
                score = stated_score(form.weak, bool(steps))
                keep(stated, Candidate(form.entity, score, method, f_idx, text, steps, None, form.weak, None))
            if stop:
                continue
            cut = any(st.rule_id.startswith(CUT_RULES) for st in steps)
            if best_raw >= PERFECT and cut:
                continue  # the text as written already reads exactly like a spelling: no need to cut it
            if best_raw >= WHOLE_ENOUGH and any(st.rule_id.startswith(PROCLITIC_RULE) for st in steps):
                continue  # nor to guess that its first letter is a word of its own
            joined = {joined_word(st) for st in steps if st.rule_id == JOIN_RULE}
            alternate = not cut and any(st.rule_id in alternate_rule_ids() for st in steps)
            guess = (cut, _short(tokens), alternate)
            for sc in score_reading(index, tokens, scored_types, writing):
                if joined and not _join_holds(sc, tokens, joined):
                    continue
                entity = index.spellings[sc.spelling].entity
                if entity in barred or (index.spellings[sc.spelling].context_only
                                        and not _context_open(index, entity, titled, kinds)):
                    continue
                found.append(Found(sc, reading, steps, tokens))
                guesses.append(guess)
                best_raw = max(best_raw, sc.raw)
        return judge(index, stated, found, guesses)


def _context_open(index: Index, entity: int, titled: bool, kinds: list[str]) -> bool:
    """True if a reading gives entity ``entity`` the context its ``context`` aliases need: a
    title taken off for a person, a kind-of-place word translated for anything else."""
    return titled if index.entities[entity].type == "PER" else bool(kinds)


def _without_words(reading: str, words: list[str]) -> str:
    """``reading`` without the first occurrence of each of ``words`` (each one or more tokens)."""
    tokens = reading.split()
    for w in words:
        part = w.split()
        for i in range(len(tokens) - len(part) + 1):
            if tokens[i:i + len(part)] == part:
                del tokens[i:i + len(part)]
                break
    return " ".join(tokens)


def _join_holds(sc: Scored, tokens: list[Token], joined: set[str]) -> bool:
    """True when every word made by joining two query words aligns at least :data:`JOIN_TOKEN`:
    a join claims the two are one name word (Xi Jin Ping), so a poor one would hide a word
    the name lacks (ونشردونالد, "and published Donald", aligns with دونالد at 0.61)."""
    strong = {qi for qi, _, s in sc.pairs if s >= JOIN_TOKEN}
    return all(qi in strong for qi, t in enumerate(tokens) if t.text in joined)


def _short(tokens: list[Token]) -> bool:
    return sum(len(t.skel) for t in tokens) <= _SHORT_SKELETON


