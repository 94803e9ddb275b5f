"""The Resolver: wires clean → affixes → romanize → key → index → score → decide.

Accepts: an :class:`~normalizer.table.AliasTable` (the bundled default if none) and one
frozen :class:`Config`.
Guarantees: one code path for ``resolve`` and ``candidates``; the index is built on
first use behind a lock, and everything is read-only afterwards, so one instance can
serve many threads. Evidence is recorded for the matches returned.
Does not: mutate the table (a new table means a new Normalizer).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace

from normalizer.caches import cached
from normalizer.config import STEP_CACHE, Config
from normalizer.core.align import POSTING_CAP, SIM_POWER, Scored, align, score_reading
from normalizer.core.clean import clean
from normalizer.core.decide import MAX_RIVALS, RIVAL_WINDOW, TABLE_SCORE, Features, accept, calibrate
from normalizer.core.index import Index, query_writing
from normalizer.core.key import VOWELS, Token, fold_steps, token_of
from normalizer.core.lexicons import (
    NO_PROCLITIC_LANGS,
    alternate_rule_ids,
    arabic_script_language,
    context_designators,
    designators,
    is_name_suffix,
    is_stopword,
    optional_words,
    place_words,
)
from normalizer.core.readings import readings
from normalizer.core.romanize import unread
from normalizer.core.scripts import dominant_script
from normalizer.core.similarity import compared, token_similarity
from normalizer.model import ENTITY_TYPES, METHODS, Match, Step
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
#: A query whose tokens have at most this many consonants in all is a short key.
_SHORT_SKELETON = 2


@dataclass(frozen=True, slots=True)
class _Candidate:
    entity: int
    probability: float
    method: str
    form: int
    reading: str
    steps: tuple[Step, ...]
    scored: Scored | None
    weak: bool
    features: Features | None
    cap: str = ""  # why the score was capped, if it was


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
        return self._match(query, best, runner)

    def candidates(self, query: str, limit: int = 5, *, types: Iterable[str] | None = None) -> list[Match]:
        """Return up to ``limit`` matches, one per entity, best first — also below the threshold.

        Raises:
            TypeError: ``query`` is not a str.
            ValueError: ``limit`` < 1 or ``types`` names an unknown type.
        """
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise ValueError(f"limit must be a positive int, got {limit!r}")
        ranked = self._rank(query, types)[:limit]
        return [self._match(query, c, ranked[i + 1] if i + 1 < len(ranked) else None)
                for i, c in enumerate(ranked)]

    # -- the pipeline -----------------------------------------------------------------

    def _rank(self, query: str, types: Iterable[str] | None) -> list[_Candidate]:
        chosen = _check_types(types)
        cleaned = clean(query)
        if not cleaned or len(cleaned) > MAX_QUERY_CHARS or len(cleaned.split()) > MAX_QUERY_TOKENS:
            return []
        index = self.index
        stop = is_stopword(cleaned)
        stated: dict[int, _Candidate] = {}
        found: list[tuple[Scored, str, tuple[Step, ...], list[Token]]] = []
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
            kinds = [st.after for st in steps if st.rule_id in _context_rule_ids()]
            # The table says this very text, alone, is an ordinary word (لولا "were it not"),
            # the entity's name only in context: no spelling of the entity may claim it.
            barred = {e for f in index.exact.get(reading, ()) if index.forms[f].context_only
                      and not _context_open(index, e := index.forms[f].entity, titled, kinds)}
            # A kind of place before a place's everyday-word spelling (کشور مالی, "the country
            # Mali") states the place, as in running text: the rest is looked up as written.
            bare = _without_words(reading, kinds) if kinds else reading
            named = [f for f in index.exact.get(bare, ()) if index.forms[f].context_only
                     and index.entities[index.forms[f].entity].type != "PER"] if kinds else []
            for f_idx, text in [*((f, reading) for f in index.exact.get(reading, ())), *((f, bare) for f in named)]:
                form = index.forms[f_idx]
                if chosen is not None and index.entities[form.entity].type not in chosen:
                    continue
                if form.entity in barred:
                    continue
                method = "exact" if form.canonical else "alias"
                score = TABLE_SCORE["weak" if form.weak else "strong"] - (0.01 if steps else 0.0)
                self._keep(stated, _Candidate(form.entity, score, method, f_idx, text, steps, None, form.weak, None))
            if stop:
                continue
            cut = any(st.rule_id.startswith(CUT_RULES) for st in steps)
            if best_raw >= PERFECT and cut:
                continue  # the text as written already reads exactly like a spelling: no need to cut it
            if best_raw >= WHOLE_ENOUGH and any(st.rule_id.startswith(PROCLITIC_RULE) for st in steps):
                continue  # nor to guess that its first letter is a word of its own
            joined = {st.after for st in steps if st.rule_id == "join"}
            alternate = not cut and any(st.rule_id in alternate_rule_ids() for st in steps)
            guess = (cut, _short(tokens), alternate)
            for sc in score_reading(index, tokens, scored_types, writing):
                if joined and not _join_holds(sc, tokens, joined):
                    continue
                entity = index.forms[sc.form].entity
                if entity in barred or (index.forms[sc.form].context_only
                                        and not _context_open(index, entity, titled, kinds)):
                    continue
                found.append((sc, reading, steps, tokens))
                guesses.append(guess)
                best_raw = max(best_raw, sc.raw)
        top_raw: dict[int, float] = {}
        for sc, *_ in found:
            e = index.forms[sc.form].entity
            top_raw[e] = max(top_raw.get(e, 0.0), sc.raw)
        raws = sorted(top_raw.values(), reverse=True)
        carriers = _carriers(index, found)
        sole_surnames = _sole_surnames(index, found)
        best: dict[int, _Candidate] = dict(stated)
        for (sc, reading, steps, tokens), (clitic, short, alternate) in zip(found, guesses, strict=True):
            form = index.forms[sc.form]
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
            self._keep(best, _Candidate(form.entity, probability, method, sc.form, reading, steps,
                                        sc, form.weak, feats, cap))
        # on a full tie, the reading with fewer rewrites goes first (قطر is Qatar before Gatar)
        return sorted(best.values(),
                      key=lambda c: (-c.probability, METHODS.index(c.method), -_raw(c), len(c.steps), c.entity))

    @staticmethod
    def _keep(best: dict[int, _Candidate], cand: _Candidate) -> None:
        old = best.get(cand.entity)
        if old is None or _order(cand) > _order(old):
            best[cand.entity] = cand

    def _match(self, query: str, cand: _Candidate, runner: _Candidate | None) -> Match:
        index = self.index
        form = index.forms[cand.form]
        entity = index.entities[cand.entity]
        tokens = [token_of(t) for t in cand.reading.split()]
        scored = cand.scored or align(index, tokens, cand.form, {})
        evidence: list[Step] = []
        cleaned = clean(query)
        if cleaned != query:
            evidence.append(Step("clean", "query", query, cleaned))
        evidence.extend(cand.steps)
        evidence.extend(_token_steps("query", tokens))
        if clean(form.alias) != form.alias:
            evidence.append(Step("clean", "alias", form.alias, form.cleaned))
        if form.joined:  # read word by word, then written as one (New York → newyork)
            evidence.extend(_token_steps("alias", [token_of(w) for w in form.cleaned.split()]))
            evidence.append(Step("affix", "join", form.cleaned, form.cleaned.replace(" ", "")))
        else:
            evidence.extend(_token_steps("alias", [index.tokens[t] for t in form.tokens]))
        for qi, tid, s in scored.pairs:
            evidence.append(Step("align", f"sim={s:.2f}", tokens[qi].text, index.tokens[tid].text))
        for qi in scored.unmatched_query:
            evidence.append(Step("align", "unmatched-query", tokens[qi].text, ""))
        for qi in scored.middle_query:
            evidence.append(Step("align", "unmatched-middle", tokens[qi].text, ""))
        for tid in scored.unmatched_alias:
            evidence.append(Step("align", "unmatched-alias", "", index.tokens[tid].text))
        reason = _reason(cand, scored, runner, index)
        return Match(entity=entity, score=round(cand.probability, 4), alias=form.alias, method=cand.method,
                     query=query, evidence=tuple(evidence), reason=reason)


def _context_open(index: Index, entity: int, titled: bool, kinds: list[str]) -> bool:
    """True if a reading gives entity ``entity`` the context its ``context`` aliases need: a
    title taken off for a person, a kind-of-place word translated for anything else."""
    return titled if index.entities[entity].type == "PER" else bool(kinds)


@cached()
def _context_rule_ids() -> frozenset[str]:
    """The rule ids of the generic words that name a kind of place (``fa.designator.country``,
    :func:`~normalizer.core.affixes.context_designators`)."""
    table = designators()
    return frozenset(table[form][1] for form in context_designators() if form in table)


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


def _raw(cand: _Candidate) -> float:
    return cand.scored.raw if cand.scored is not None else 1.0


def _order(cand: _Candidate) -> tuple[float, int, float]:
    return (cand.probability, -METHODS.index(cand.method), _raw(cand))


def _carriers(index: Index, found: list[tuple[Scored, str, tuple[Step, ...], list[Token]]]) -> dict[str, set[int]]:
    """Reading → the persons one of whose spellings carries every word of it (each aligned
    at least :data:`STRONG_TOKEN`)."""
    out: dict[str, set[int]] = {}
    for sc, reading, _, tokens in found:
        entity = index.forms[sc.form].entity
        if (not sc.unmatched_query and len(sc.pairs) == len(tokens) and index.entities[entity].type == "PER"
                and all(s >= STRONG_TOKEN for _, _, s in sc.pairs)):
            out.setdefault(reading, set()).add(entity)
    return out


def _last_word_aligned(index: Index, sc: Scored) -> bool:
    """True if one query word aligned, at :data:`STRONG_TOKEN` or better, with the last word
    of a person's spelling of several words (and nothing else of it)."""
    if len(sc.pairs) != 1 or sc.pairs[0][2] < STRONG_TOKEN:
        return False
    tokens = index.forms[sc.form].tokens
    return len(tokens) >= 2 and sc.pairs[0][1] == tokens[-1] and bool(sc.unmatched_alias)


def _sole_surnames(index: Index, found: list[tuple[Scored, str, tuple[Step, ...], list[Token]]]
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
        entity = index.forms[sc.form].entity
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
               and not any((e := index.forms[f].entity) != entity and index.entities[e].type == "PER" for f in posting)
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


def _short(tokens: list[Token]) -> bool:
    return sum(len(t.skel) for t in tokens) <= _SHORT_SKELETON


def _token_steps(side: str, tokens: list[Token]) -> list[Step]:
    steps = []
    for t in tokens:
        missing = unread(t.text)
        if missing:
            steps.append(Step("romanize", "unread", missing, ""))
        if t.roman != t.text:
            steps.append(Step("romanize", side, t.text, t.roman))
        for rule_id, before, after in fold_steps(t.roman):
            steps.append(Step("key", rule_id, before, after))
    return steps


def _reason(cand: _Candidate, scored: Scored, runner: _Candidate | None, index: Index) -> str:
    parts = []
    if cand.method in ("exact", "alias") and index.forms[cand.form].context_only and any(
            st.rule_id in _context_rule_ids() for st in cand.steps):
        parts.append("a generic word naming a kind of place stands before this table spelling, "
                     "an everyday word that names the entity only in such context")
    elif cand.method in ("exact", "alias"):
        parts.append("the cleaned query equals this table spelling")
    else:
        parts.append(f"raw alignment score {scored.raw:.3f} ({len(scored.pairs)} token(s) aligned")
        if scored.unmatched_query:
            parts[-1] += f", {len(scored.unmatched_query)} query token(s) unaligned"
        if scored.middle_query:
            parts[-1] += f", {len(scored.middle_query)} middle name(s) the spelling lacks"
        if scored.unmatched_alias:
            parts[-1] += f", {len(scored.unmatched_alias)} alias token(s) unaligned (partial name)"
        parts[-1] += ")"
    if cand.weak:
        parts.append("met a weak alias (a weak alias loses to a strong one that reads the same)")
    parts.append(cand.cap or f"calibrated to {cand.probability:.3f}")
    if runner is not None:
        parts.append(f"runner-up {index.entities[runner.entity].id} at {runner.probability:.3f} "
                     f"(margin {cand.probability - runner.probability:.3f})")
    else:
        parts.append("no runner-up")
    return "; ".join(parts)
