"""The scanner of corpus mode finds every word a pass may need (normalizer.corpus.scan).

The property: every token of a text whose analysis is *interesting* (a table word, with a
proclitic or a case ending, or a title) starts at an offset that ``Scanner.starts``
returns — whatever the case, diacritics, joiners, acronym dots or symbols around it.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from normalizer import AliasTable, Normalizer
from normalizer.corpus.scan import TOKEN, Scanner, encode

from .conftest import SAMPLE

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
# The sample fixture table: people and places of the seed articles, and places whose spellings
# hold every kind of character the bundled table's do (digits, brackets, commas, dashes, ZWNJ …).
_TABLE = AliasTable.load(SAMPLE)
_SPOTTER = Normalizer(_TABLE).spotter
_SPELLINGS = sorted({s for e in _TABLE for s in (e.name, *e.aliases)})
_FILLER = ["और", "के", "में", "في", "من", "على", "и", "в", "the", "of", "said", "है", "که", "است", "ने"]
_PREFIXES = ["", "", "", "و", "ب", "ل", "وب", "ال", "فال", "لل"]
_SUFFIXES = ["", "", "", "а", "у", "ом", "е", "ы", "'s", "ें", "ी"]
_GLUE = [" ", " ", "  ", "\n", ", ", "-", ". ", "«", "»", "\u200c", "😀", "\u064e", "—", "\u00a0", ".", "\t"]


def _interesting_starts(text: str) -> set[int]:
    return {m.start() for m in TOKEN.finditer(text) if _SPOTTER.words.analyse(m.group()).interesting}


def _spelling_in_text(spelling: str, prefix: str, suffix: str, upper: bool, mark: bool) -> str:
    word = prefix + spelling + suffix
    if upper:
        word = word.upper()
    if mark and len(word) > 2:
        word = word[:2] + "\u0651" + word[2:]  # a shadda inside (cleaning drops it)
    return word


pieces = st.one_of(
    st.builds(_spelling_in_text, st.sampled_from(_SPELLINGS), st.sampled_from(_PREFIXES),
              st.sampled_from(_SUFFIXES), st.booleans(), st.booleans()),
    st.sampled_from(_FILLER),
    st.text(max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(pieces, st.sampled_from(_GLUE)), max_size=12))
@example([("A_", " ")])  # found by hypothesis: cleaning drops the underscore, the map kept it
def test_every_interesting_word_is_a_candidate(parts: list[tuple[str, str]]) -> None:
    text = "".join(p + g for p, g in parts)
    assert _interesting_starts(text) <= set(_SPOTTER.words.scanner.starts(text))


def test_the_seed_articles_lose_no_word() -> None:
    for path in sorted(SEEDS.glob("*")):
        text = path.read_text(encoding="utf-8")
        assert _interesting_starts(text) <= set(_SPOTTER.words.scanner.starts(text))


def test_encoding_keeps_offsets() -> None:
    text = "Trump 😀 ट्रम्प\u200cبترامب K.G.B."
    assert len(encode(text)) == len(text)


def test_cases_that_the_per_character_map_cannot_fold() -> None:
    scanner = Scanner(["trump", "kgb", "ترامب", "ट्रंप", "putin"])
    cases = {
        "the K.G.B. said": "K.G.B.",            # dots inside an acronym
        "x ट्रम्प y": "ट्रम्प",                    # nasal + virama for anusvara
        "x تَرامب y": "تَرامب",                    # a diacritic inside
        "x Trump😀Putin y": "Putin",            # a symbol outside the BMP joins two tokens
        "x TRUMP y": "TRUMP",                   # case
    }
    for text, word in cases.items():
        assert text.index(word) in scanner.starts(text), text


def test_a_word_inside_another_is_not_a_candidate() -> None:
    scanner = Scanner(["رام"])
    assert scanner.starts("قال ترامب") == []
    assert scanner.starts("قال رام") == [4]
