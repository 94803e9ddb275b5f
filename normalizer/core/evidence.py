"""Evidence: a candidate made into an explained :class:`~normalizer.model.Match`.

Accepts: a :class:`~normalizer.core.decide.Candidate` of the index and the query.
Guarantees: one code path builds every Match — of ``resolve``, ``candidates`` and
``annotate`` — so a spelling read the same way gets the same score and the same steps;
the evidence lists the steps that changed the query and the alias (clean, affix,
romanize, key), then the token alignment; the reason says why this score.
Does not: rank or decide (see :mod:`normalizer.core.decide`).
"""

from __future__ import annotations

from normalizer.caches import cached
from normalizer.core.align import Scored, align
from normalizer.core.clean import clean
from normalizer.core.decide import Candidate
from normalizer.core.index import Index
from normalizer.core.key import Token, fold_rules, fold_steps, token_of
from normalizer.core.lexicons import (
    alternate_rule_ids,
    context_rule_ids,
    designator_words,
    postpositions,
    proclitics,
    titles,
)
from normalizer.core.readings import JOIN_RULE, LETTER_NAMES_RULE, TITLE_PLACE_RULE
from normalizer.core.romanize import unread
from normalizer.model import Match, Step

#: The ids of steps that are no row of ``data/rules`` (every other id is one: a title,
#: postposition, proclitic, generic word, alternate reading or fold rule), by step
#: (documented in docs/api.md, "Evidence").
FIXED_IDS: dict[str, tuple[str, ...]] = {
    "clean": ("query", "alias"),
    "affix": (JOIN_RULE, LETTER_NAMES_RULE, TITLE_PLACE_RULE, "en.possessive", "zwnj-as-space"),
    "romanize": ("query", "alias", "unread"),
    "key": ("alias.join",),
    "align": ("pair", "unmatched-query", "unmatched-middle", "unmatched-alias"),
    "context": ("title-before", "named-in-document", "neighbours", "after-title", "name-before", "initial-before",
                "initials-after", "suffix-after"),
}


def build_match(index: Index, query: str, cand: Candidate, runner: Candidate | None) -> Match:
    """The :class:`~normalizer.model.Match` of a candidate, with its evidence and the reason for its score."""
    form = index.spellings[cand.spelling]
    entity = index.entities[cand.entity]
    tokens = [token_of(t) for t in cand.reading.split()]
    scored = cand.scored or align(index, tokens, cand.spelling, {})
    evidence: list[Step] = []
    cleaned = clean(query)
    if cleaned != query:
        evidence.append(Step("clean", "query", query, cleaned))
    evidence.extend(cand.steps)
    evidence.extend(token_steps("query", tokens))
    if clean(form.alias) != form.alias:
        evidence.append(Step("clean", "alias", form.alias, form.cleaned))
    if form.joined:  # read word by word, then written as one (New York → newyork)
        evidence.extend(token_steps("alias", [token_of(w) for w in form.cleaned.split()]))
        evidence.append(Step("key", "alias.join", form.cleaned, form.cleaned.replace(" ", "")))
    else:
        evidence.extend(token_steps("alias", [index.tokens[t] for t in form.tokens]))
    for qi, tid, s in scored.pairs:
        evidence.append(Step("align", "pair", tokens[qi].text, index.tokens[tid].text, score=round(s, 4)))
    for qi in scored.unmatched_query:
        evidence.append(Step("align", "unmatched-query", tokens[qi].text, ""))
    for qi in scored.middle_query:
        evidence.append(Step("align", "unmatched-middle", tokens[qi].text, ""))
    for tid in scored.unmatched_alias:
        evidence.append(Step("align", "unmatched-alias", "", index.tokens[tid].text))
    return Match(entity=entity, score=round(cand.probability, 4), alias=form.alias, method=cand.method,
                 query=query, evidence=tuple(evidence), reason=reason(cand, scored, runner, index))


def token_steps(side: str, tokens: list[Token]) -> list[Step]:
    """The romanize and key steps of the tokens of one side (``query`` or ``alias``)."""
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


def reason(cand: Candidate, scored: Scored, runner: Candidate | None, index: Index) -> str:
    """Why this score, in words: how the spelling was met, any cap, and the runner-up."""
    parts = []
    if cand.method in ("exact", "alias") and index.spellings[cand.spelling].context_only and any(
            st.rule_id in context_rule_ids() for st in cand.steps):
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


def replay(query: str, evidence: tuple[Step, ...]) -> tuple[Step, ...]:
    """Replay a match's reading of its query: the steps that ``clean``, the recorded affix
    steps and the readers give, from ``query`` alone.

    Each affix step must start from the text the steps before it left (its ``before``); the
    reading they end on is then read again, token by token, so a Match's evidence begins
    with exactly what this returns (``match.evidence[:len(replay(...))]``), as ftfy's plan
    replays ``fix_text``.

    Raises:
        ValueError: an affix step does not start where the steps before it left off.

    >>> from normalizer import Normalizer
    >>> m = Normalizer().resolve("وبوتين")
    >>> replay(m.query, m.evidence) == m.evidence[:len(replay(m.query, m.evidence))]
    True
    """
    cleaned = clean(query)
    out = [Step("clean", "query", query, cleaned)] if cleaned != query else []
    current = cleaned
    for step in evidence[len(out):]:
        if step.step != "affix":
            break
        if step.before != current:
            raise ValueError(f"step {step.rule_id} starts from {step.before!r}, the reading so far is {current!r}")
        out.append(step)
        current = step.after
    return (*out, *token_steps("query", [token_of(t) for t in current.split()]))


@cached()
def known_ids() -> dict[str, frozenset[str]]:
    """Every id a step may carry, by step: the rows of ``data/rules`` and :data:`FIXED_IDS`."""
    affix = {rule_id for _, _, rule_id in titles()} | {rule_id for _, rule_id in postpositions()}
    affix |= {rule_id for _, rule_id in proclitics()} | set(designator_words()) | set(alternate_rule_ids())
    ids = {step: set(fixed) for step, fixed in FIXED_IDS.items()}
    ids["affix"] |= affix
    ids["key"] |= {rule_id for rule_id, _, _ in fold_rules()}
    return {step: frozenset(found) for step, found in ids.items()}
