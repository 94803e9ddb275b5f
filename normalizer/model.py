"""The shared vocabulary: Entity, Alias, Match, Mention, Step (frozen dataclasses).

Accepts: plain values; validates what a caller could get wrong (types, entity type).
Guarantees: instances are immutable, hashable where their fields are, picklable,
and turn into plain dicts with ``to_dict()`` for JSONL.
Does not: load, index or score anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = ("PER", "LOC", "ORG", "MISC")
STRENGTHS = ("strong", "weak", "context")
#: Trust order of match methods, most trusted first: compare methods, not raw scores.
METHODS = ("exact", "alias", "phonetic", "fuzzy")


@dataclass(frozen=True, slots=True)
class Alias:
    """One known spelling of an entity, with its metadata.

    Attributes:
        text: the spelling as written.
        lang: language tag (ISO 639-1, e.g. ``hi``), empty when unknown.
        strength: ``strong``, ``weak`` or ``context``. A weak alias (a surname alone, a
            nickname) loses to a strong one of another entity that reads the same. A context
            alias is a weak one that is also an ordinary word of its language (Arabic لولا
            "were it not", Persian مالی "financial"): it names the entity only in context —
            right after a title (الرئيس لولا, राष्ट्रपति शी) or a generic word (کشور مالی,
            "the country Mali") — never alone.
        source: where the spelling was seen (``seed:000``, ``cldr``, ``press`` …).
        note: free text for reviewers (a romanization for non-Latin spellings).
        extra: other columns of the row, kept as read (``(column, value)`` pairs).
    """

    text: str
    lang: str = ""
    strength: str = "strong"
    source: str = ""
    note: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            raise ValueError(f"alias text must be a non-empty str, got {self.text!r}")
        if self.strength not in STRENGTHS:
            raise ValueError(f"alias strength {self.strength!r} is not one of {', '.join(STRENGTHS)}")


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing with a stable id, a canonical name, a type and its aliases.

    ``aliases`` holds plain strings (the API of DESIGN.md); ``details`` optionally
    holds :class:`Alias` records with language and strength for some of them.

    >>> Entity(id="aras-agalarov", name="Aras Agalarov", type="PER", aliases=("Agalarov",)).id
    'aras-agalarov'
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str = ""
    details: tuple[Alias, ...] = field(default=(), repr=False, compare=False)
    extra: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        for attr in ("id", "name", "type"):
            value = getattr(self, attr)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"Entity.{attr} must be a non-empty str, got {value!r}")
        if self.type not in ENTITY_TYPES:
            raise ValueError(f"Entity {self.id!r}: type {self.type!r} is not one of {', '.join(ENTITY_TYPES)}")
        if isinstance(self.aliases, str):
            raise TypeError(f"Entity {self.id!r}: aliases must be a tuple of str, not one str")
        for attr in ("aliases", "details", "extra"):
            if type(getattr(self, attr)) is not tuple:
                object.__setattr__(self, attr, tuple(getattr(self, attr)))

    def alias(self, text: str) -> Alias:
        """Return the metadata of one of this entity's spellings (defaults if none was given)."""
        for detail in self.details:
            if detail.text == text:
                return detail
        return Alias(text, lang="en" if text == self.name else "")

    def to_dict(self) -> dict[str, Any]:
        """Return a plain dict (JSONL-ready)."""
        return {"id": self.id, "name": self.name, "type": self.type, "wikidata": self.wikidata, **dict(self.extra),
                "aliases": [_alias_dict(self.alias(a)) for a in self.aliases]}


def _alias_dict(alias: Alias) -> dict[str, str]:
    return {"alias": alias.text, "lang": alias.lang, "strength": alias.strength,
            "source": alias.source, "note": alias.note, **dict(alias.extra)}


@dataclass(frozen=True, slots=True)
class Step:
    """One pipeline step that changed a string: ``step  rule_id  before → after``.

    ``step`` is one of clean, affix, romanize, key, align, context; ``rule_id`` is the id of
    a row of ``data/rules`` or one of the fixed ids of docs/api.md ("Evidence"); ``score``
    is the similarity of an aligned pair of tokens (None for other steps).
    """

    step: str
    rule_id: str
    before: str
    after: str
    score: float | None = None

    def render(self) -> str:
        """Return the one-line form used by :meth:`Match.explain`."""
        line = f"{self.step:<9} {self.rule_id:<24} {self.before!r} → {self.after!r}"
        return line if self.score is None else f"{line}  ({self.score:.2f})"


@dataclass(frozen=True, slots=True)
class Match:
    """A scored, explained decision that a spelling means an entity.

    Attributes:
        entity: the entity matched.
        score: calibrated confidence in 0..1 (0.9 means right about nine times in ten
            on the labelled pairs it was calibrated on; see docs/accuracy.md).
        alias: the spelling of the entity that the query met.
        method: ``exact``, ``alias``, ``phonetic`` or ``fuzzy`` (see :data:`METHODS`).
        query: the input as given.
        evidence: the steps that changed the query and the alias, then the alignment.
        reason: why this score, in words.
    """

    entity: Entity
    score: float
    alias: str
    method: str
    query: str = ""
    evidence: tuple[Step, ...] = field(default=(), repr=False)
    reason: str = field(default="", repr=False)

    def explain(self) -> str:
        """Return a readable account: each step that changed the query and the alias,
        the token alignment, and why this score."""
        head = (f"{self.query!r} → {self.entity.id} ({self.entity.name}, {self.entity.type}) "
                f"score={self.score:.3f} method={self.method} via alias {self.alias!r}")
        lines = [head] + ["  " + step.render() for step in self.evidence]
        if self.reason:
            lines.append("  why: " + self.reason)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return a plain dict (JSONL-ready) without the evidence."""
        return {"query": self.query, "entity_id": self.entity.id, "name": self.entity.name,
                "type": self.entity.type, "score": round(self.score, 4), "alias": self.alias,
                "method": self.method}


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of running text that refers to an entity: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    match: Match

    def to_dict(self) -> dict[str, Any]:
        """Return a plain dict (JSONL-ready)."""
        return {"start": self.start, "end": self.end, "text": self.text, **self.match.to_dict()}
