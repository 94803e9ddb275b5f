"""spaCy pipeline component (optional extra ``normalizer[spacy]``): mentions as spans.

Accepts: a spaCy ``Doc``; the component is made by ``nlp.add_pipe("normalizer", config={...})``
(registered through the ``spacy_factories`` entry point, so nothing needs importing first).
Config keys (all optional; see :func:`make_component` and docs/spacy.md): ``tables``,
``threshold``, ``margin``, ``types``, ``mode`` (``spot`` or ``link``), ``spans_key``,
``overwrite_ents``.
Guarantees: in ``spot`` mode every mention :meth:`Normalizer.annotate
<normalizer.normalizer.Normalizer.annotate>` finds, in ``link`` mode every entity of
``doc.ents`` that :meth:`~normalizer.core.resolver.Resolver.resolve` links, becomes a span of
``doc.spans[spans_key]`` with ``label_`` the entity type and ``kb_id_`` the entity id. A
mention inside a token (the Arabic proclitic of بترامب) gets the whole token as its span;
its exact offsets stay in ``span._.normalizer_mention`` (a :class:`~normalizer.model.Mention`,
``doc.text[m.start:m.end] == m.text``) and ``span._.normalizer`` is its
:class:`~normalizer.model.Match`. ``doc.ents`` gets what spaCy allows: no overlaps, earlier
entities kept or overwritten as configured. Docs keep their results through
``Doc.to_bytes`` / ``DocBin`` and ``nlp.pipe(n_process=2)`` (the model's dataclasses are
registered with srsly's msgpack as plain data, never pickles). ``nlp.to_disk`` saves the
configuration only (table paths, not the table); ``spacy.load`` reads the tables again.
Does not: change tokens (no retokenizing), or add any matching of its own. This is the only
module that imports spacy; ``import normalizer`` does not import it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from normalizer.config import MARGIN, THRESHOLD, Config
from normalizer.model import ENTITY_TYPES, Alias, Entity, Match, Mention, Step
from normalizer.normalizer import Normalizer
from normalizer.table import AliasTable

#: The factory's name: ``nlp.add_pipe("normalizer")``.
FACTORY = "normalizer"
#: ``spot``: every mention of running text, as ``annotate`` finds them; ``link``: the entities
#: an earlier component put in ``doc.ents``, each resolved as a whole.
MODES = ("spot", "link")
#: ``Span._.normalizer``: the Match of the span's mention (None when the span has none).
MATCH_ATTR = "normalizer"
#: ``Span._.normalizer_mention``: the Mention, with its exact character offsets in ``doc.text``.
MENTION_ATTR = "normalizer_mention"
#: ``Doc._.normalizer_mentions``: spans key → the mentions written under it, in text order.
DOC_ATTR = "normalizer_mentions"
#: The configuration ``nlp.add_pipe("normalizer")`` starts from.
DEFAULT_CONFIG: dict[str, Any] = {"tables": None, "threshold": THRESHOLD, "margin": MARGIN, "types": None,
                                  "mode": "spot", "spans_key": "normalizer", "overwrite_ents": False}


class NormalizerComponent:
    """The pipeline component: a :class:`~normalizer.normalizer.Normalizer` and where to write its answers.

    Made by :func:`make_component` (``nlp.add_pipe("normalizer", config=...)``); it can also
    be built around a Normalizer directly, but then ``nlp.to_disk`` cannot record its table.
    """

    def __init__(self, normalizer: Normalizer, *, types: Iterable[str] | None = None, mode: str = "spot",
                 spans_key: str = "normalizer", overwrite_ents: bool = False) -> None:
        problems = []
        if mode not in MODES:
            problems.append(f"mode {mode!r} is not one of {', '.join(MODES)}")
        chosen = None if types is None else frozenset([types] if isinstance(types, str) else types)
        if chosen is not None and (not chosen or not chosen <= set(ENTITY_TYPES)):
            problems.append(f"types {sorted(chosen - set(ENTITY_TYPES)) or '(empty)'} are not entity types: "
                            f"choose from {', '.join(ENTITY_TYPES)}, or null for all")
        if not isinstance(spans_key, str) or not spans_key:
            problems.append(f"spans_key must be a non-empty str, got {spans_key!r}")
        if problems:
            raise ValueError("normalizer component: " + "; ".join(problems))
        self.normalizer = normalizer
        self.types = chosen
        self.mode = mode
        self.spans_key = spans_key
        self.overwrite_ents = bool(overwrite_ents)
        register_extensions()

    def __repr__(self) -> str:
        types = None if self.types is None else sorted(self.types)
        return (f"NormalizerComponent(mode={self.mode!r}, spans_key={self.spans_key!r}, types={types!r}, "
                f"overwrite_ents={self.overwrite_ents!r}, entities={len(self.normalizer.table)})")

    def __call__(self, doc: Doc) -> Doc:
        mentions = self._spot(doc) if self.mode == "spot" else self._link(doc)
        store = doc._.get(DOC_ATTR)
        store = dict(store) if store else {}
        store[self.spans_key] = mentions
        doc._.set(DOC_ATTR, store)
        return doc

    def _spot(self, doc: Doc) -> list[Mention]:
        found = self.normalizer.annotate(doc.text)
        mentions, spans = [], []
        for mention in found:
            entity = mention.match.entity
            if self.types is not None and entity.type not in self.types:
                continue
            span = doc.char_span(mention.start, mention.end, label=entity.type, kb_id=entity.id,
                                 alignment_mode="expand")
            if span is None:  # pragma: no cover - a mention always holds a character of some token
                continue
            mentions.append(mention)
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc.ents = merge_entities(list(doc.ents), spans, overwrite=self.overwrite_ents)
        return mentions

    def _link(self, doc: Doc) -> list[Mention]:
        mentions, spans, ents = [], [], []
        answers: dict[str, Match | None] = {}
        for ent in doc.ents:
            if ent.text not in answers:
                answers[ent.text] = self.normalizer.resolve(ent.text, types=self.types)
            match = answers[ent.text]
            if match is None:
                ents.append(ent)
                continue
            entity = match.entity
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, match))
            spans.append(Span(doc, ent.start, ent.end, label=entity.type, kb_id=entity.id))
            if self.overwrite_ents:
                ents.append(Span(doc, ent.start, ent.end, label=entity.type, kb_id=entity.id))
            elif not ent.kb_id_:
                ents.append(Span(doc, ent.start, ent.end, label=ent.label, kb_id=entity.id))
            else:
                ents.append(ent)
        doc.spans[self.spans_key] = spans
        doc.set_ents(ents, default="unmodified")
        return mentions


def merge_entities(existing: Sequence[Span], new: Sequence[Span], *, overwrite: bool) -> list[Span]:
    """Return ``existing`` and ``new`` entities as one list spaCy accepts for ``doc.ents``.

    ``new`` spans that share a token keep the longest (:func:`spacy.util.filter_spans`);
    where a new span overlaps an existing entity, the new one wins when ``overwrite``, the
    existing one otherwise. Entities that overlap nothing are all kept.
    """
    kept_new = filter_spans(new)
    if not existing:
        return kept_new
    if overwrite:
        taken = {i for span in kept_new for i in range(span.start, span.end)}
        kept_old = [e for e in existing if not any(i in taken for i in range(e.start, e.end))]
    else:
        kept_old = list(existing)
        taken = {i for e in kept_old for i in range(e.start, e.end)}
        kept_new = [s for s in kept_new if not any(i in taken for i in range(s.start, s.end))]
    return sorted(kept_old + kept_new, key=lambda span: span.start)


def make_component(nlp: Language, name: str, tables: list[str] | None, threshold: float, margin: float,
                   types: list[str] | None, mode: str, spans_key: str, overwrite_ents: bool) -> NormalizerComponent:
    """The factory of ``nlp.add_pipe("normalizer", config={...})``.

    Args:
        nlp: the pipeline (unused; spaCy passes it).
        name: the component's name in the pipeline (unused).
        tables: paths of alias-table files, merged as by :meth:`AliasTable.load
            <normalizer.table.AliasTable.load>`; None or an empty list for the bundled table.
            Relative paths are read from the current directory, also by ``spacy.load``.
        threshold: minimum calibrated score of a link (see :class:`~normalizer.config.Config`).
        margin: minimum lead of the best entity over the runner-up.
        types: keep only entities of these types (``["PER", "LOC"]``); None for all.
        mode: ``spot`` (every mention of the text) or ``link`` (the entities in ``doc.ents``).
        spans_key: the key of ``doc.spans`` the spans are written to.
        overwrite_ents: whether this component's entities replace earlier ones they overlap
            (spot) or earlier labels and kb ids (link).

    Raises:
        ValueError: a bad mode, type, spans key, threshold or margin (every bad value named).
        TableError: a malformed table file (``file:line``).
        FileNotFoundError: a table file does not exist.
    """
    config = Config(threshold=threshold, margin=margin)
    if tables:
        if isinstance(tables, str):
            raise ValueError(f"tables must be a list of paths, got the str {tables!r}: write [{tables!r}]")
        norm = Normalizer(AliasTable.load(*tables), config=config)
    elif config == Config():
        norm = Normalizer.default()
    else:
        norm = Normalizer(AliasTable.default(), config=config)
    return NormalizerComponent(norm, types=types, mode=mode, spans_key=spans_key, overwrite_ents=overwrite_ents)


Language.factory(FACTORY, default_config=DEFAULT_CONFIG, func=make_component,
                 assigns=("doc.ents", "token.ent_type", "token.ent_kb_id"))


# -- extensions ------------------------------------------------------------------------------------


def mention_of(span: Span) -> Mention | None:
    """The mention a component wrote for ``span``: one inside it, of the span's ``kb_id_`` (None if none)."""
    store: dict[str, list[Mention]] | None = span.doc._.get(DOC_ATTR)
    if not store:
        return None
    kb_id = span.kb_id_
    for mentions in store.values():
        at = bisect.bisect_left(mentions, span.start_char, key=_start)
        for mention in mentions[at:]:
            if mention.start >= span.end_char:
                break
            if mention.end <= span.end_char and mention.match.entity.id == kb_id:
                return mention
    return None


def _start(mention: Mention) -> int:
    return mention.start


def match_of(span: Span) -> Match | None:
    """The Match of ``span``'s mention (None if it has none)."""
    mention = mention_of(span)
    return None if mention is None else mention.match


def register_extensions() -> None:
    """Register ``Span._.normalizer``, ``Span._.normalizer_mention`` and ``Doc._.normalizer_mentions``.

    Idempotent (``force=True``): called by every component and at import.
    """
    Doc.set_extension(DOC_ATTR, default=None, force=True)
    Span.set_extension(MATCH_ATTR, getter=match_of, force=True)
    Span.set_extension(MENTION_ATTR, getter=mention_of, force=True)


# -- the model's dataclasses as plain msgpack data (Doc.to_bytes, DocBin, nlp.pipe(n_process=…)) ----

_TAG = "__normalizer__"
_KINDS: dict[str, type[Any]] = {cls.__name__: cls for cls in (Alias, Entity, Match, Mention, Step)}


def encode_model(obj: Any, chain: Any = None) -> Any:
    """srsly msgpack encoder: a model dataclass becomes ``{"__normalizer__": kind, "v": [fields]}``."""
    kind = type(obj).__name__
    if _KINDS.get(kind) is type(obj):
        return {_TAG: kind, "v": [getattr(obj, f.name) for f in fields(obj)]}
    return obj if chain is None else chain(obj)


def decode_model(obj: Any, chain: Any = None) -> Any:
    """srsly msgpack decoder: the inverse of :func:`encode_model` (plain values only, nothing executed)."""
    if isinstance(obj, dict) and _TAG in obj and obj.get(_TAG) in _KINDS:
        kind, values = obj[_TAG], obj["v"]
        cls = _KINDS[kind]
        args = [tuple(tuple(v) if isinstance(v, list) else v for v in value) if isinstance(value, list) else value
                for value in values]
        return cls(*args)
    return obj if chain is None else chain(obj)


def register_msgpack() -> None:
    """Teach srsly's msgpack (Doc.to_bytes) the model's dataclasses; idempotent."""
    srsly.msgpack_encoders.register(FACTORY, func=encode_model)
    srsly.msgpack_decoders.register(FACTORY, func=decode_model)


register_extensions()
register_msgpack()
