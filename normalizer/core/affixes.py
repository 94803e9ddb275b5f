"""Step 3a — affixes: titles, postpositions, Arabic proclitics and articles, generic words.

Accepts: cleaned tokens (see :mod:`normalizer.core.clean`).
Guarantees: :func:`strip_titles` takes titles and honorifics off either end
(``data/rules/titles.tsv``), :func:`strip_postpositions` a trailing Hindi postposition
(``data/rules/postpositions-hi.tsv``), :func:`clitic_readings` lists the Arabic proclitics
that can be cut off a token (``data/rules/clitics-ar.tsv``), :func:`strip_article` the
article ال, :func:`translate_designators` translates generic words inside names
(``data/rules/designators.tsv``: उत्तर = north); each change is a :class:`~normalizer.model.Step`
whose rule id is the data row's.
Does not: choose among the readings these make (see :mod:`normalizer.core.readings`).
"""

from __future__ import annotations

from normalizer.caches import cached
from normalizer.core.lexicons import designators, postpositions, proclitics, titles
from normalizer.model import Step

_ARTICLE = "ال"
_MIN_STEM = 2


@cached()
def _designator_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(k) for k in designators()}, reverse=True))


def translate_designators(tokens: list[str]) -> tuple[list[str], list[Step]]:
    """Replace translated generic words by their English form (Южная Корея → south корея).

    A token that is the whole name is left alone (a designator is never the name).
    """
    if len(tokens) < 2:
        return tokens, []
    table = designators()
    out: list[str] = []
    steps: list[Step] = []
    i = 0
    while i < len(tokens):
        for k in _designator_lengths():
            hit = table.get(tuple(tokens[i:i + k])) if k < len(tokens) or i > 0 else None
            if hit is not None:
                before = " ".join([*out, *tokens[i:]])
                out.extend(hit[0].split())
                steps.append(Step("affix", hit[1], before, " ".join([*out, *tokens[i + k:]])))
                i += k
                break
        else:
            out.append(tokens[i])
            i += 1
    return out, steps


def strip_titles(tokens: list[str]) -> tuple[list[str], list[Step]]:
    """Remove leading (and trailing) titles while at least one token remains.

    The longest title goes first; of two that are as long, the one listed first.
    """
    lookup, lengths = _title_lookup()
    steps: list[Step] = []
    while True:
        for k in lengths:
            if len(tokens) <= k:
                continue
            hits = [h for h in (lookup.get((tuple(tokens[:k]), "before")),
                                lookup.get((tuple(tokens[-k:]), "after"))) if h is not None]
            if hits:
                _, position, rule_id = min(hits)
                rest = tokens[k:] if position == "before" else tokens[:-k]
                steps.append(Step("affix", rule_id, " ".join(tokens), " ".join(rest)))
                tokens = rest
                break
        else:
            return tokens, steps


@cached()
def _title_lookup() -> tuple[dict[tuple[tuple[str, ...], str], tuple[int, str, str]], tuple[int, ...]]:
    """:func:`titles` as a map ``(tokens, position) → (rank, position, rule id)``, and their lengths, longest first."""
    lookup = {(form, position): (rank, position, rule_id) for rank, (form, position, rule_id) in enumerate(titles())}
    return lookup, tuple(sorted({len(form) for form, _ in lookup}, reverse=True))


def strip_postpositions(tokens: list[str]) -> tuple[list[str], list[Step]]:
    """Remove one trailing postposition (पुतिन के → पुतिन) if a name token remains."""
    for form, rule_id in postpositions():
        k = len(form)
        if len(tokens) > k and tuple(tokens[-k:]) == form:
            return tokens[:-k], [Step("affix", rule_id, " ".join(tokens), " ".join(tokens[:-k]))]
    return tokens, []


def clitic_readings(token: str) -> list[tuple[str, str]]:
    """Return ``(stem, rule id)`` for every proclitic that can be taken off an Arabic token.

    ``لل`` (li + al) leaves the stem without its article.
    """
    out = []
    for form, rule_id in proclitics():
        if token.startswith(form) and len(token) - len(form) >= _MIN_STEM:
            out.append((token[len(form):], rule_id))
    return out


def strip_article(token: str) -> str:
    """Return an Arabic-script token without a leading article ال (الكرملين → كرملين)."""
    if token.startswith(_ARTICLE) and len(token) - 2 >= _MIN_STEM:
        return token[2:]
    return token


