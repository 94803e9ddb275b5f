"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizer import Normalizer, romanize
from normalizer.core.clean import clean
from normalizer.core.key import fold, joined_token, token_of
from normalizer.core.similarity import key_bound, key_similarity

# Text drawn from the scripts we read plus everything else Unicode has.
SCRIPTS = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0x0900, max_codepoint=0x097F)),
    st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)),
    st.text(alphabet=st.characters(min_codepoint=0x0400, max_codepoint=0x04FF)),
    st.text(alphabet=st.sampled_from(list("ट्रंपम्किजोंग-उन ترامبوتينكيمجونغأ Путин.K.G.B‌‍ـً"))),
)


@settings(max_examples=300, deadline=None)
@given(SCRIPTS)
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@settings(max_examples=300, deadline=None)
@given(SCRIPTS)
def test_romanize_never_raises_and_is_ascii(text: str) -> None:
    out = romanize(text)
    assert out.isascii()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x61, max_codepoint=0x7A), max_size=20))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


# Keys: small letters, a few capitals the folds write (H, G, F), vowels a i o.
KEYS = st.text(alphabet=st.sampled_from(list("aiobdfgklmnrstHGF")), max_size=12)


@settings(max_examples=500, deadline=None)
@given(KEYS, KEYS)
def test_key_bound_never_undercuts_key_similarity(a: str, b: str) -> None:
    # the scorer skips key_similarity when this bound is below its floor: it must be a bound
    assert key_bound(a, b) >= key_similarity(a, b) - 1e-12


@settings(max_examples=150, deadline=None)
@given(SCRIPTS)
def test_resolve_never_raises(small: Normalizer, text: str) -> None:  # type: ignore[no-untyped-def]
    small.resolve(text)
    for match in small.candidates(text, limit=3):
        assert 0.0 <= match.score <= 1.0


@pytest.mark.parametrize("which", ["small", "default"])
def test_every_alias_resolves_to_its_own_entity(which: str, request: pytest.FixtureRequest) -> None:
    # Strong aliases only: a weak one (Clinton) may be shared on purpose and then is ambiguous.
    norm: Normalizer = request.getfixturevalue(which)
    wrong = []
    # A context alias (لولا "were it not", مالی "financial") resolves only in context: after a
    # title of its language for a person, not alone ...
    from normalizer.core.lexicons import titles

    title_of = {rule_id.split(".")[0]: " ".join(form) for form, position, rule_id in titles() if position == "before"}
    # ... and after a generic word naming a kind of place (کشور مالی) for anything else.
    from normalizer.core.lexicons import context_designators, designators

    kind_of = {designators()[form][1].split(".")[0]: " ".join(form) for form in sorted(context_designators())}
    in_context = 0
    for entity in norm.table:
        for alias in (entity.name, *entity.aliases):
            strength = entity.alias(alias).strength
            if strength == "weak":
                continue
            if strength == "context":
                in_context += 1
                alone = norm.resolve(alias)
                if alone is not None and alone.entity.id == entity.id:
                    wrong.append((entity.id, alias, "alone"))
                before = (title_of if entity.type == "PER" else kind_of).get(entity.alias(alias).lang)
                if before is None:  # no word of its language opens it (English: Nice, a city and a word)
                    continue
                in_place = norm.resolve(f"{before} {alias}")
                if in_place is None or in_place.entity.id != entity.id:
                    wrong.append((entity.id, alias, f"after {before}", in_place))
                continue
            match = norm.resolve(alias)
            if match is None or match.entity.id != entity.id:
                wrong.append((entity.id, alias, match and match.entity.id))
    assert not wrong
    assert in_context or which == "small"


def test_query_and_alias_reach_the_same_key(small: Normalizer) -> None:
    index = small.index
    joined = 0
    for form in index.spellings:
        if form.joined:  # one token, read word by word (New York → nirk, as a query न्यूयॉर्क)
            joined += 1
            assert [index.tokens[t].key for t in form.tokens] == [joined_token(form.cleaned.split()).key]
            continue
        for token, tid in zip(form.cleaned.split(), form.tokens, strict=True):
            assert token_of(token).key == index.tokens[tid].key
    assert joined  # the small table has places of two words


def _spellings(table) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted({s for e in table for s in (e.name, *e.aliases)})


# A name of the fixture table, dressed as running text dresses it: a title before it, a
# proclitic or postposition around it, a Russian case ending, a possessive, a letter changed.
_BEFORE = ["", "", "राष्ट्रपति ", "الرئيس ", "Президент ", "President ", "श्री "]
_PROCLITIC = ["", "", "و", "ب", "وب", "لل", "ف"]
_AFTER = ["", "", "а", "у", "ом", "'s", " ने", " के", " जी", " Jr."]


def _dressed(spelling: str, before: str, proclitic: str, after: str, typo: int) -> str:
    if typo and len(spelling) > 3:
        k = typo % (len(spelling) - 1)
        spelling = spelling[:k] + spelling[k + 1] + spelling[k] + spelling[k + 2:]
    return before + proclitic + spelling + after


def _check_replay(match) -> None:  # type: ignore[no-untyped-def]
    from normalizer.core.evidence import known_ids, replay

    again = replay(match.query, match.evidence)
    assert match.evidence[:len(again)] == again, match.explain()
    ids = known_ids()
    unknown = [(st.step, st.rule_id) for st in match.evidence if st.rule_id not in ids.get(st.step, ())]
    assert not unknown, f"step ids in no rule file and not in FIXED_IDS: {unknown}\n{match.explain()}"


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_evidence_replays_and_names_known_rules(sample: Normalizer, data: st.DataObject) -> None:
    # The evidence of every candidate of a query begins with exactly what replaying the
    # query through clean, its recorded affix steps and the readers gives, and every step
    # id is a rule of data/rules or a documented fixed id (docs/api.md, "Evidence").
    spelling = data.draw(st.sampled_from(_spellings(sample.table)))
    query = _dressed(spelling, data.draw(st.sampled_from(_BEFORE)), data.draw(st.sampled_from(_PROCLITIC)),
                     data.draw(st.sampled_from(_AFTER)), data.draw(st.integers(0, 5)))
    for match in sample.candidates(query, limit=3):
        _check_replay(match)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_annotate_evidence_replays_as_resolve_does(sample: Normalizer, data: st.DataObject) -> None:
    # A mention's match is made by the code resolve uses: its evidence replays from its query,
    # and a one-word table spelling found in running text with one cut (a proclitic, a case
    # ending) scores as resolve scores the same word, with the same affix step. (Of several
    # words, corpus mode reads a case ending off each word on its own — Республика Казахстана —
    # where resolve's alternate readings apply one rule to every word: see docs/index.md.)
    from normalizer.core.scripts import dominant_script

    spelling = data.draw(st.sampled_from(_spellings(sample.table)))
    script = dominant_script(spelling)
    lead = data.draw(st.sampled_from(_PROCLITIC)) if script == "Arab" else ""
    tail = data.draw(st.sampled_from(["", "а", "ом"])) if script == "Cyrl" else ""
    for mention in sample.annotate(f"قال {lead}{spelling}{tail} ثم"):
        match = mention.match
        _check_replay(match)
        affixes = [st for st in match.evidence if st.step == "affix"]
        in_context = any(st.step == "context" for st in match.evidence)
        one_word = len(match.query.split()) == 1
        if match.method in ("exact", "alias") and not in_context and len(affixes) <= 1 and one_word:
            again = sample.resolve(match.query)
            assert again is not None and again.entity == match.entity, match.explain()
            assert again.score == match.score, (again.explain(), match.explain())
            assert [st for st in again.evidence if st.step == "affix"] == affixes
