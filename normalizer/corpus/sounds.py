"""Corpus mode, sound-alike tests: does an unknown word sound like a word of some entity's name?

Accepts: the core's :class:`~normalizer.core.index.Index`; words cleaned.
Guarantees: cheap tests before the core is asked — a word must have a skeleton of at least
:data:`NEIGHBOUR_SKELETON` consonants, the same first consonant and a skeleton of similar
length as the other word (:func:`close`), and then a token similarity above a bar; every
answer and every entity's words, read, are memoised per instance.
Does not: link anything (the passes do, with the core's answer).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from normalizer.caches import Memo
from normalizer.config import SMALL_CACHE
from normalizer.core.clean import clean
from normalizer.core.index import Index
from normalizer.core.key import Token, token_of
from normalizer.core.scripts import dominant_script
from normalizer.core.similarity import token_similarity
from normalizer.corpus.words import Analysis
from normalizer.model import Entity

#: Pass 2 accepts a candidate this weak when the window holds one of its words and each
#: unknown word sounds like one of its words (at least NEIGHBOUR_SIM, with a skeleton of
#: at least NEIGHBOUR_SKELETON consonants): अरास एग्रालोव for Aras Agalarov.
NEIGHBOUR_BAR = 0.1
NEIGHBOUR_SIM = 0.58
NEIGHBOUR_SKELETON = 3
#: Pass 3 looks at a word only if it sounds at least this much like a word of a named entity.
DOCUMENT_SIM = 0.75
#: Two spellings of one name differ in at most this many skeleton consonants in length.
SKELETON_SLACK = 2

#: An entity's words, read: (word, its token form, its script).
EntityWords = tuple[tuple[str, Token, str], ...]
#: Words of several people by (script, first skeleton consonant).
PeopleWords = dict[tuple[str, str], list[tuple[str, Token]]]


class Sounds:
    """Sound-alike tests against the entities of one index (memoised)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._tokens: Memo[str, Token] = Memo(SMALL_CACHE)
        self._spellings: Memo[str, str] = Memo(SMALL_CACHE)
        self._entity_forms: Memo[int, EntityWords] = Memo(SMALL_CACHE)
        self._entity_words: Memo[str, frozenset[str]] = Memo(SMALL_CACHE)
        self._alike: Memo[tuple[str, str], bool] = Memo(SMALL_CACHE)
        self._partners: Memo[str, dict[str, Token]] = Memo(SMALL_CACHE)

    def memos(self) -> list[Memo[Any, Any]]:
        """Every memo this instance owns."""
        return [self._tokens, self._spellings, self._entity_forms, self._entity_words, self._alike, self._partners]

    def token(self, word: str) -> Token:
        """The word's token form (romanization, key, skeleton), memoised."""
        return self._tokens.get(word, lambda: token_of(word))

    def spelling(self, alias: str) -> str:
        """A table spelling, cleaned (memoised: the passes look at the same entities' spellings often)."""
        return self._spellings.get(alias, lambda: clean(alias))

    def entity_words(self, entity: Entity) -> frozenset[str]:
        """Every word of every spelling of ``entity``, cleaned."""
        return self._entity_words.get(entity.id, lambda: frozenset(
            w for a in (entity.name, *entity.aliases) for w in self.spelling(a).split()))

    def entity_forms(self, e_idx: int) -> EntityWords:
        """The entity's words longer than one letter, read, with their script."""
        def make() -> EntityWords:
            entity = self.index.entities[e_idx]
            words = dict.fromkeys(w for a in (entity.name, *entity.aliases) for w in self.spelling(a).split()
                                  if len(w) > 1)
            return tuple((w, self.token(w), dominant_script(w)) for w in words)
        return self._entity_forms.get(e_idx, make)

    def people_forms(self, people: set[int]) -> PeopleWords:
        """The words of ``people`` by script and first skeleton consonant (what :func:`close` compares)."""
        out: PeopleWords = {}
        for e in people:
            for w, form, script in self.entity_forms(e):
                out.setdefault((script, form.skel[:1]), []).append((w, form))
        return out

    def alike_any(self, word: str, forms: PeopleWords) -> bool:
        """Pass 3's test: ``word`` sounds like a word of a named person (see :meth:`sounds_like`)."""
        form = self.token(word)
        if len(form.skel) < NEIGHBOUR_SKELETON:
            return False
        for w, other in forms.get((dominant_script(word), form.skel[:1]), ()):
            if close(form, other) and self._alike.get(
                    (word, w), lambda other=other: token_similarity(form, other, DOCUMENT_SIM) >= DOCUMENT_SIM):  # type: ignore[misc]
                return True
        return False

    def sounds_like(self, word: str, entities: Iterable[int], bar: float = NEIGHBOUR_SIM) -> bool:
        """True if ``word`` has a long enough skeleton and sounds like a word of ``entities``
        written in the same script."""
        form = self.token(word)
        if len(form.skel) < NEIGHBOUR_SKELETON:
            return False
        script = dominant_script(word)
        return any(close(form, other) and token_similarity(form, other, bar) >= bar
                   for e in entities for _, other, other_script in self.entity_forms(e) if other_script == script)

    def partners(self, word: Analysis, entities: set[int]) -> dict[str, Token]:
        """Words that stand beside ``word`` in some spelling of ``entities`` (अगालैरोव beside
        अरास in अरास अगालैरोव), in the same script: what an unknown neighbour may be."""
        return self._partners.get(word.plain, lambda: self._find_partners(word, entities))

    def _find_partners(self, word: Analysis, entities: set[int]) -> dict[str, Token]:
        mine = {r.cleaned for r in word.readings}
        script = dominant_script(word.plain)
        out: dict[str, Token] = {}
        for e in entities:
            entity = self.index.entities[e]
            for spelling in (entity.name, *entity.aliases):
                tokens = self.spelling(spelling).split()
                if len(tokens) > 1 and mine.intersection(tokens):
                    for t in tokens:
                        if t not in mine and t not in out and dominant_script(t) == script:
                            out[t] = self.token(t)
        return out

    def sounds_like_any(self, word: str, partners: dict[str, Token]) -> bool:
        """True if ``word`` sounds like one of ``partners`` (pass 2's cheap test)."""
        form = self.token(word)
        if len(form.skel) < NEIGHBOUR_SKELETON:
            return False
        return any(close(form, other) and token_similarity(form, other, NEIGHBOUR_SIM) >= NEIGHBOUR_SIM
                   for other in partners.values())


def close(a: Token, b: Token) -> bool:
    """Cheap test before a similarity: same first consonant, skeletons of similar length."""
    return a.skel[:1] == b.skel[:1] and abs(len(a.skel) - len(b.skel)) <= SKELETON_SLACK
