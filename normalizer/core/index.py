"""Step 6 — the index: from a query token's key to candidate aliases, without a scan.

Accepts: an :class:`~normalizer.table.AliasTable`.
Guarantees: every alias (and every entity's canonical name) passes through the very
functions queries use — clean, romanize, fold — once, at build time; an Arabic-script
alias with the article ال is filed with and without it (queries get both readings from
the clitic rules), unless the alias is Persian or Urdu or writes أل, إل, آل (آلمان).
Lookups go through two dictionaries: the cleaned alias text (exact), and one from index
entries to tokens: the token's whole key, its consonant skeleton, and each of the
skeleton's one-letter deletions (a symmetric-delete index: two skeletons one edit apart
always share an entry). Lookups go tier by tier — same key, same skeleton, skeleton one
edit away — and skip the last tier once the first two found enough, so the cost depends
on the posting lists touched, not on the table size.
Does not: score (see :mod:`normalizer.core.align`).
"""

from __future__ import annotations

import math
import operator
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Indel

from normalizer.caches import Memo, cached
from normalizer.config import NEAR_MEMO, PLACE_MEMO
from normalizer.core.affixes import strip_article
from normalizer.core.clean import clean
from normalizer.core.key import Token, joined_token, shape, token_of
from normalizer.core.lexicons import ARABIC_SCRIPT_LANGS, arabic_script_language, is_adjective
from normalizer.core.readings import alternate_readings
from normalizer.core.scripts import dominant_script
from normalizer.core.similarity import (
    TOKEN_FLOOR,
    compared,
    fine_similarity,
    quick_similarity,
    rough_similarity,
    token_similarity,
)
from normalizer.model import Entity
from normalizer.rules.tsv import rule_table
from normalizer.table import AliasTable

#: Candidate tokens kept per query token by a first pass on the key's shape alone (in C), plus
#: up to as many tokens of the very same key.
PREFILTER = 64
#: Candidate tokens re-scored with :func:`key_similarity` per query token (12: as accurate as
#: 16 or 24 on the dev data, and 4 % faster than 16 at 1 M aliases).
RESCORE = 12
#: The deletion tier is read when the key and skeleton tiers found fewer tokens than this
#: (or fewer than ``enough`` of them, if one has the very same key).
DELETION_TIER_LIMIT = 64
#: Skeletons at least this long are also indexed (and looked up) by their one-letter deletions.
MIN_DELETE_SKELETON = 3
#: A place's or an organisation's spelling of two or three words is also filed as one word,
#: joined, when that word is at most this long: other scripts often write it so (न्यूयॉर्क
#: = New York, ريوبرانكو = Rio Branco, and Persian هنگ‌کنگ, which cleaning joins).
MAX_JOINED_SPELLING = 14


_QUALIFIER = re.compile(r"\s*\([^()]*\)|,.*$")


def without_qualifier(text: str) -> str:
    """A place's or organisation's name without the qualifier that tells it from others of the
    name, which other languages leave out: Petersburg, Indiana → Petersburg (Питерсберг);
    Myanmar (Burma) → Myanmar. Returns ``text`` itself when there is none, or nothing else.

    >>> without_qualifier("Petersburg, Indiana"), without_qualifier("Cocos (Keeling) Islands")
    ('Petersburg', 'Cocos Islands')
    """
    bare = _QUALIFIER.sub("", text).strip()
    return bare or text


@cached()
def _abbreviations() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r"(?<!\w)" + re.escape(r["abbreviation"]) + r"(?=\s|$)"), r["expansion"])
                 for r in rule_table("rules/abbreviations.tsv"))


def expanded(text: str) -> str:
    """Return a spelling with the abbreviations of ``data/rules/abbreviations.tsv`` written out
    (St. Lucia → Saint Lucia): other scripts write the word (سانت لوسيا, Сент-Люсия), and the
    two letters st do not read like it. Returns ``text`` itself when it has none.

    >>> expanded("St. Kitts & Nevis"), expanded("Mt. Kenya"), expanded("Stanley St.Clair")
    ('Saint Kitts & Nevis', 'Mount Kenya', 'Stanley St.Clair')
    """
    if "." not in text:
        return text
    for pattern, expansion in _abbreviations():
        text = pattern.sub(expansion, text)
    return text


#: A word written with these first letters does not begin with the article, though it
#: cleans to ال like one: the article is ال or ٱل (ألمانيا is Almania, Persian آلمان Alman).
_NOT_ARTICLE = ("أل", "إل", "آل")


def without_article(cleaned: str, raw: str, lang: str = "") -> str:
    """Return an Arabic-script spelling with the article ال taken off each token (الكرملين → كرملين).

    ``raw`` is the spelling as written, ``cleaned`` its :func:`~normalizer.clean.clean`:
    a word that ``raw`` writes with أل, إل or آل keeps them, so Germany (آلمان) is not
    filed as مان. A Persian or Urdu spelling (``lang`` fa, ur) keeps its ال too: those
    languages have no article, and ال begins words of their own (Urdu البانیہ, Albania).

    >>> without_article("الكرملين", "الكرملين"), without_article("المان", "آلمان")
    ('كرملين', 'المان')
    """
    if lang in ("fa", "ur"):
        return cleaned
    kept = {clean(w).split()[0] for w in raw.split() if w.startswith(_NOT_ARTICLE) and clean(w)}
    return " ".join(strip_article(t) if dominant_script(t) == "Arab" and t not in kept else t
                    for t in cleaned.split())


def writing(text: str, lang: str) -> tuple[str, ...]:
    """The writing systems a spelling (as written) is written in: its script (``Latn``,
    ``Deva``, ``Cyrl``, ``Arab`` …) and, for Arabic script, its orthography (``Arab-ar``,
    ``Arab-fa``, ``Arab-ur``): Arabic, Persian and Urdu spell one name differently (Arabic
    جاريد, Persian جرد for Jared). The orthography is the alias's language when its letters
    may be of it, else what they tell; a spelling whose letters tell nothing (لبنان) is
    written the same in all three.

    >>> writing("جرد کوشنر", "fa"), writing("moscow", ""), writing("لبنان", "ar")
    (('Arab', 'Arab-fa'), ('Latn',), ('Arab', 'Arab-ar', 'Arab-fa', 'Arab-ur'))
    """
    script = dominant_script(text)
    if script != "Arab":
        return (script,)
    told = arabic_script_language(text)
    if not told:
        return (script, *(f"Arab-{x}" for x in ARABIC_SCRIPT_LANGS))
    # Persian letters are Urdu letters too: an Urdu alias without Urdu-only letters is Urdu.
    mine = lang in ARABIC_SCRIPT_LANGS and (lang == told or told == "fa")
    return (script, f"Arab-{lang if mine else told}")


def query_writing(cleaned: str, language: str) -> frozenset[str]:
    """The writing systems whose spellings a query in ``cleaned`` is compared with first:
    for Arabic script, the orthographies its letters allow (``language`` as
    :func:`~normalizer.core.lexicons.arabic_script_language` tells it: Arabic; Persian or Urdu,
    which share ی ک گ پ; Urdu), else its script.

    >>> sorted(query_writing("ترمپ", "fa")), sorted(query_writing("trump", ""))
    (['Arab-fa', 'Arab-ur'], ['Latn'])
    """
    script = dominant_script(cleaned)
    if script == "Arab" and language:
        return frozenset({f"Arab-{language}"} | ({"Arab-ur"} if language == "fa" else set()))
    return frozenset({script})


def lookup_keys(form: Token) -> list[list[str]]:
    """Return the index entries a token is filed under (and looked up by), in three tiers:
    its whole key, its consonant skeleton, the skeleton's one-letter deletions."""
    skel = form.skel
    tiers: list[list[str]] = [["=" + form.key] if form.key else [], [skel] if skel else [], []]
    if len(skel) >= MIN_DELETE_SKELETON:
        tiers[2] = sorted({skel[:i] + skel[i + 1:] for i in range(len(skel))})
    return tiers


@dataclass(frozen=True, slots=True)
class Spelling:
    """One indexed spelling: the entity it names, its text, its token ids, its strength, and
    whether it is the entity's canonical name."""

    entity: int
    alias: str
    cleaned: str
    tokens: tuple[int, ...]
    weak: bool
    canonical: bool
    #: Filed as one word, its words joined (``newyork`` for New York; :attr:`cleaned` keeps
    #: the words): found by the scorer, never an exact match.
    joined: bool = False
    #: A ``context`` alias: names the entity only after a title or a generic word (کشور مالی).
    context_only: bool = False


class Index:
    """Candidate lookup over an alias table (built once; read-only afterwards but for its
    bounded memos, :attr:`near_memo` and :attr:`place_memo` — two threads may both compute
    an answer, with the same result; :meth:`clear` empties them)."""

    def __init__(self, table: AliasTable) -> None:
        self.table = table
        self.entities: list[Entity] = list(table)
        self._entity_ids = {e.id: i for i, e in enumerate(self.entities)}
        self.spellings: list[Spelling] = []
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.vocab: dict[str, int] = {}
        self.tokens: list[Token] = []
        #: Each token's key with its vowels written a (:func:`~normalizer.core.key.shape`), by token id.
        self.shapes: list[str] = []
        self.postings: list[list[int]] = []
        self.by_key: dict[str, list[int]] = defaultdict(list)
        #: Answers of :meth:`near_tokens`, by query token (cleaned text).
        self.near_memo: Memo[str, tuple[tuple[int, float], ...]] = Memo(NEAR_MEMO)
        self._places: tuple[frozenset[str], dict[str, list[str]]] | None = None
        self.place_memo: Memo[str, bool] = Memo(PLACE_MEMO)
        #: The writing systems of each spelling (:func:`writing`, by form id), and those of
        #: each entity's spellings with their word counts (see :func:`normalizer.core.align.score_reading`).
        self.spelling_writing: list[tuple[str, ...]] = []
        self.entity_writing: list[frozenset[tuple[str, int]]] = []
        shared: dict[frozenset[tuple[str, int]], frozenset[tuple[str, int]]] = {}
        interned: dict[tuple[str, ...], tuple[str, ...]] = {}  # a few distinct values, a million forms
        seen: set[tuple[int, str]] = set()
        seen_joined: set[tuple[int, str]] = set()
        for e_idx, entity in enumerate(self.entities):
            spellings = [(entity.name, "strong", "")] + [(a, entity.alias(a).strength, entity.alias(a).lang)
                                                        for a in entity.aliases]
            if entity.type != "PER":
                spellings += [(bare, "weak", lang) for text, _, lang in spellings
                              if (bare := without_qualifier(text)) != text]
            written: set[tuple[str, int]] = set()
            for text, strength, lang in spellings:
                weak, context_only = strength != "strong", strength == "context"
                cleaned = clean(text)
                systems = writing(text, lang)
                systems = interned.setdefault(systems, systems)
                written.update((x, cleaned.count(" ") + 1) for x in systems)
                full = expanded(text)
                for variant in dict.fromkeys((cleaned, without_article(cleaned, text, lang),
                                              clean(full) if full != text else cleaned)):
                    if not variant or (e_idx, variant) in seen:
                        continue
                    seen.add((e_idx, variant))
                    self._add(e_idx, text, variant, weak, systems, context_only=context_only)
                    joined = variant.replace(" ", "")
                    if (entity.type != "PER" and 2 <= variant.count(" ") + 1 <= 3
                            and len(joined) <= MAX_JOINED_SPELLING and (e_idx, joined) not in seen_joined):
                        seen_joined.add((e_idx, joined))  # apart from `seen`: a spelling written so still counts
                        self._add(e_idx, text, variant, weak, systems, joined=True, context_only=context_only)
            frozen = frozenset(written)
            self.entity_writing.append(shared.setdefault(frozen, frozen))
        self.exact = dict(self.exact)
        self.by_key = dict(self.by_key)
        count = max(len(self.spellings), 1)
        self.idf = [math.log(1.0 + count / len(p)) for p in self.postings]
        self.max_idf = math.log(1.0 + count)

    def _add(self, e_idx: int, text: str, cleaned: str, weak: bool, systems: tuple[str, ...], joined: bool = False,
             context_only: bool = False) -> None:
        f_idx = len(self.spellings)
        tids = []
        words = cleaned.split()
        for form in [joined_token(words)] if joined else map(token_of, words):
            # a joined word is filed apart from a word spelled the same: its key differs
            vocab_key = "+" + form.roman if joined else form.roman
            tid = self.vocab.get(vocab_key)
            if tid is None:
                tid = len(self.tokens)
                self.vocab[vocab_key] = tid
                self.tokens.append(form)
                self.shapes.append(shape(form.key))
                self.postings.append([])
                for tier in lookup_keys(form):
                    for k in tier:
                        self.by_key[k].append(tid)
            if not self.postings[tid] or self.postings[tid][-1] != f_idx:
                self.postings[tid].append(f_idx)
            tids.append(tid)
        canonical = not joined and cleaned == clean(self.entities[e_idx].name)
        self.spellings.append(Spelling(e_idx, text, cleaned, tuple(tids), weak, canonical, joined, context_only))
        self.spelling_writing.append(systems)
        if not joined:
            self.exact[cleaned].append(f_idx)

    def place_word(self, word: str) -> bool:
        """True if the cleaned ``word`` names a place of the table or is its adjective or case
        form (الأمريكي, रूसी, России, US): the qualifier of a title (الرئيس الأمريكي, "the US
        President"). Built on first use; answers are kept (a bounded memo)."""
        return self.place_memo.get(word, lambda: self._place_word(word))

    def _place_word(self, word: str) -> bool:
        if self._places is None:
            single = {p for p, forms in self.exact.items() if " " not in p
                      and any(self.entities[self.spellings[f].entity].type == "LOC" for f in forms)}
            heads: dict[str, list[str]] = defaultdict(list)
            for p in single:
                heads[p[:2]].append(p)
            self._places = (frozenset(single), dict(heads))
        places, by_head = self._places
        bare = strip_article(word)
        return (bare in places or word in places
                or any(alt in places for alt, _ in alternate_readings(bare))
                or is_adjective(bare, by_head.get(bare[:2], ())))

    def entity_index(self, entity_id: str) -> int:
        """Return the position of an entity in :attr:`entities` (KeyError if unknown)."""
        return self._entity_ids[entity_id]

    def candidate_tokens(self, form: Token, enough: int = 8) -> set[int]:
        """Return ids of vocabulary tokens near ``form``: those with the same key or skeleton,
        and those whose skeleton is within one edit unless ``enough`` were found already and
        one has the very same key, or :data:`DELETION_TIER_LIMIT` were found."""
        out: set[int] = set()
        same_key = 0
        for number, tier in enumerate(lookup_keys(form)):
            if number == 2 and len(out) >= (enough if same_key else DELETION_TIER_LIMIT):
                break
            for k in tier:
                hit = self.by_key.get(k)
                if hit:
                    out.update(hit)
            if number == 0:
                same_key = len(out)
        return out

    def near_tokens(self, q: Token) -> tuple[tuple[int, float], ...]:
        """The vocabulary tokens a query token aligns with, best first, as ``(token id, similarity)``.

        The index's candidates are cut to :data:`PREFILTER` by the key's shape (vowels alike,
        :func:`~normalizer.core.key.shape`; in C) plus the tokens of the very same key, to
        :data:`RESCORE` by a rough similarity that also compares shapes, then scored finely;
        those under :data:`TOKEN_FLOOR` are dropped.
        Answers are memoised (:data:`~normalizer.config.NEAR_MEMO` tokens): in running text the same words
        come back again and again, and a short skeleton can bring thousands of candidates.
        """
        return self.near_memo.get(q.text, lambda: self._near_tokens(q))

    def _near_tokens(self, q: Token) -> tuple[tuple[int, float], ...]:
        index = self
        tids = list(index.candidate_tokens(q))
        q_shape = shape(q.key)
        if len(tids) > PREFILTER:
            tids = self.prefilter(q, q_shape, tids)
        rough = []
        for tid in tids:
            t = index.tokens[tid]
            # A token of the very key ranks above every other, and among them by the finer view
            # (as the final score will): a key can carry more tokens than RESCORE keeps.
            rough.append((1.0 + token_similarity(q, t) if t.key == q.key
                          else rough_similarity(q, q_shape, t, index.shapes[tid]), tid))
        rough.sort(key=lambda x: -x[0])
        scored = []
        for _, tid in rough[:RESCORE]:
            a, t = compared(q, index.tokens[tid])
            s = fine_similarity(a, t, quick_similarity(a, t), TOKEN_FLOOR)
            if s >= TOKEN_FLOOR:
                scored.append((tid, s))
        scored.sort(key=lambda x: -x[1])
        return tuple(scored)


    def prefilter(self, q: Token, q_shape: str, tids: list[int]) -> list[int]:
        """The :data:`PREFILTER` tokens of ``tids`` nearest ``q`` by the key's shape, in C.

        Shapes tie often (117 dev names have the shape ``sara`` of سوریه), so the tokens tied at
        the cut are chosen by their whole key, vowels and all; the tokens of the very key are
        always kept.
        """
        index = self
        import numpy  # here, not at the top: rapidfuzz's cdist needs it anyway, and import stays fast

        shapes = operator.itemgetter(*tids)(index.shapes)
        scores = process.cdist((q_shape,), shapes, scorer=Indel.normalized_similarity)[0]
        cut = len(scores) - PREFILTER
        edge = numpy.partition(scores, cut)[cut]
        kept = {tids[i] for i in numpy.flatnonzero(scores > edge).tolist()}
        tied = numpy.flatnonzero(scores == edge).tolist()
        room = PREFILTER - len(kept)
        if len(tied) > room:
            tokens = index.tokens
            keys = [tokens[tids[i]].key for i in tied]
            tied = [tied[j] for _, _, j in process.extract(q.key, keys, scorer=Indel.normalized_similarity, limit=room)]
        kept.update(tids[i] for i in tied)
        kept.update(index.by_key.get("=" + q.key, ())[:PREFILTER])
        return list(kept)

    def clear(self) -> None:
        """Forget the memoised answers (nearest tokens, place words)."""
        self.near_memo.clear()
        self.place_memo.clear()

    def stats(self) -> dict[str, int]:
        """Return sizes: entities, spellings, distinct tokens, index entries."""
        return {"entities": len(self.entities), "spellings": len(self.spellings), "tokens": len(self.tokens),
                "entries": len(self.by_key)}
