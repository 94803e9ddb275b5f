"""The spaCy component (normalizer/adapters/spacy.py, docs/spacy.md) on blank pipelines.

Sentences are from the seed articles (tests/data/seeds: Hindi and Arabic news); Urdu, Persian
and Russian ones say the same of the same people. Logic tests use tests/fixtures/sample.tsv;
only the fresh-interpreter test of the default configuration reads the bundled table.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

spacy = pytest.importorskip("spacy")

from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, DocBin, Span  # noqa: E402

from normalizer import AliasTable, Config, Normalizer  # noqa: E402
from normalizer.adapters.spacy import (  # noqa: E402
    DEFAULT_CONFIG,
    NormalizerComponent,
    decode_model,
    encode_model,
    register_extensions,
)
from tests.conftest import SAMPLE  # noqa: E402

# (language of the blank pipeline, sentence, [(span text, mention text, label, kb id)])
SENTENCES = [
    ("hi", "अमेरिकी राष्ट्रपति डोनाल्ड ट्रंप और रूसी राष्ट्रपति व्लादिमीर पुतिन के बीच अलास्का में कल(15 अगस्त) "
           "शुरू हुई अहम बैठक से पहले एक चौंकाने वाला खुलासा हुआ.",
     [("डोनाल्ड ट्रंप", "डोनाल्ड ट्रंप", "PER", "donald-trump"),
      ("व्लादिमीर पुतिन", "व्लादिमीर पुतिन", "PER", "vladimir-putin"), ("अलास्का", "अलास्का", "LOC", "alaska")]),
    ("hi", "उत्तर कोरिया के तानाशाह किम जोंग उन और रूसी राष्ट्रपति व्लादिमीर पुतिन के बीच इस महीने मुलाकात हो "
           "सकती है।",
     [("उत्तर कोरिया", "उत्तर कोरिया", "LOC", "country-kp"), ("किम जोंग उन", "किम जोंग उन", "PER", "kim-jong-un"),
      ("व्लादिमीर पुतिन", "व्लादिमीर पुतिन", "PER", "vladimir-putin")]),
    ("ar", "سر عشاء خاص مع بوتين كاد أن يطيح بترامب من رئاسة أمريكا",
     [("بوتين", "بوتين", "PER", "vladimir-putin"), ("بترامب", "ترامب", "PER", "donald-trump"),
      ("أمريكا", "أمريكا", "LOC", "country-us")]),
    ("ur", "ڈونلڈ ٹرمپ اور ولادیمیر پیوٹن نے الاسکا میں ملاقات کی۔",
     [("ڈونلڈ ٹرمپ", "ڈونلڈ ٹرمپ", "PER", "donald-trump"),
      ("ولادیمیر پیوٹن", "ولادیمیر پیوٹن", "PER", "vladimir-putin"), ("الاسکا", "الاسکا", "LOC", "alaska")]),
    ("fa", "دونالد ترامپ و ولادیمیر پوتین در آلاسکا دیدار کردند.",
     [("دونالد ترامپ", "دونالد ترامپ", "PER", "donald-trump"),
      ("ولادیمیر پوتین", "ولادیمیر پوتین", "PER", "vladimir-putin"), ("آلاسکا", "آلاسکا", "LOC", "alaska")]),
    ("ru", "Владимир Путин и Дональд Трамп встретились на Аляске.",
     [("Владимир Путин", "Владимир Путин", "PER", "vladimir-putin"),
      ("Дональд Трамп", "Дональд Трамп", "PER", "donald-trump"), ("Аляске", "Аляске", "LOC", "alaska")]),
    ("xx", "Putin reached an agreement on Trump:अमेरिकी राष्ट्रपति डोनाल्ड ट्रंप",
     [("Putin", "Putin", "PER", "vladimir-putin"), ("Trump", "Trump", "PER", "donald-trump"),
      ("डोनाल्ड ट्रंप", "डोनाल्ड ट्रंप", "PER", "donald-trump")]),
    # spaCy's Arabic and Persian tokenizers keep a Cyrillic word and its full stop as one token
    ("fa", "Путин и Трамп.", [("Путин", "Путин", "PER", "vladimir-putin"), ("Трамп.", "Трамп", "PER", "donald-trump")]),
]
ARABIC = "سر عشاء خاص مع بوتين كاد أن يطيح بترامب من رئاسة أمريكا"
# seed 004, shortened: the newspaper is not in the sample table; the two men are
LINK_TEXT = ("كشفت صحيفة نيويورك تايمز الأمريكية، أن مسؤولا روسيا قام بمحاولة ترتيب لقاء بين الرئيس الأمريكي "
             "دونالد ترامب والرئيس الروسي فلاديمير بوتين، ثم بوتين.")
SEED_TEXTS = [text for _, text, _ in SENTENCES] + [LINK_TEXT, "قال بوتين،ترامب", "", "नमस्ते"]

Pipeline = Callable[..., Language]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    """Blank pipelines with the component on the sample table, built once per (language, config)."""
    built: dict[str, Language] = {}

    def make(lang: str = "xx", **config: Any) -> Language:
        key = json.dumps([lang, config], sort_keys=True)
        if key not in built:
            nlp = spacy.blank(lang)
            nlp.add_pipe("normalizer", config={"tables": [str(SAMPLE)], **config})
            built[key] = nlp
        return built[key]

    return make


def spans_view(doc: Doc, key: str = "normalizer") -> list[tuple[Any, ...]]:
    """Everything the component writes, as comparable values."""
    out: list[tuple[Any, ...]] = []
    for span in doc.spans[key]:
        mention = span._.normalizer_mention
        out.append((span.start, span.end, span.label_, span.kb_id_, mention, span._.normalizer))
    return out


def ents_view(doc: Doc) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.kb_id_) for e in doc.ents]


def test_importing_normalizer_does_not_import_spacy() -> None:
    code = ("import sys, normalizer, normalizer.adapters, normalizer.normalizer, normalizer.cli\n"
            "assert normalizer.annotate('قال بترامب')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'srsly')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _installed_with_entry_point() -> None:
    try:
        points = metadata.distribution("normalizer").entry_points
    except metadata.PackageNotFoundError:  # pragma: no cover - tests run from a source tree only
        pytest.skip("normalizer is not installed (pip install -e .): no entry points to test")
    names = [(p.group, p.name, p.value) for p in points]
    assert ("spacy_factories", "normalizer", "normalizer.adapters.spacy:make_component") in names, names


# Runs in a fresh interpreter: never imports normalizer itself, only spacy.
FRESH = """
import json, sys
import spacy
assert "normalizer" not in sys.modules
if sys.argv[1] == "load":
    nlp = spacy.load(sys.argv[2])
else:
    nlp = spacy.blank(sys.argv[1])
    nlp.add_pipe("normalizer", config=json.loads(sys.argv[2]))
out = []
for doc in nlp.pipe(json.loads(sys.stdin.read())):
    out.append([[s.text, s.label_, s.kb_id_, s._.normalizer_mention.start, s._.normalizer_mention.end,
                 s._.normalizer.method, round(s._.normalizer.score, 6)] for s in doc.spans["normalizer"]])
print(json.dumps({"pipeline": nlp.pipe_names, "spans": out}))
"""


def run_fresh(tmp_path: Path, *args: str, texts: list[str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-c", FRESH, *args], input=json.dumps(texts), capture_output=True,
                          text=True, cwd=tmp_path, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def expected_spans(nlp: Language, texts: list[str]) -> list[list[list[Any]]]:
    return [[[s.text, s.label_, s.kb_id_, s._.normalizer_mention.start, s._.normalizer_mention.end,
              s._.normalizer.method, round(s._.normalizer.score, 6)] for s in doc.spans["normalizer"]]
            for doc in nlp.pipe(texts)]


def test_add_pipe_works_in_a_fresh_interpreter_through_the_entry_point(tmp_path: Path) -> None:
    _installed_with_entry_point()
    got = run_fresh(tmp_path, "ar", "{}", texts=[ARABIC])  # the default config: the bundled table
    assert got["pipeline"] == ["normalizer"]
    assert [(s[0], s[2]) for s in got["spans"][0]] == [("بوتين", "vladimir-putin"), ("بترامب", "donald-trump"),
                                                       ("أمريكا", "country-us")]
    assert got["spans"][0][1][3:5] == [ARABIC.index("ترامب"), ARABIC.index("ترامب") + len("ترامب")]
    nlp = spacy.blank("ar")
    nlp.add_pipe("normalizer")
    assert got["spans"] == expected_spans(nlp, [ARABIC])


@pytest.mark.parametrize(("lang", "text", "expected"), SENTENCES, ids=[f"{s[0]}-{i}" for i, s in enumerate(SENTENCES)])
def test_spot_mode_makes_every_mention_of_annotate_a_span(pipeline: Pipeline, sample: Normalizer, lang: str,
                                                          text: str, expected: list[tuple[str, ...]]) -> None:
    doc = pipeline(lang)(text)
    spans = list(doc.spans["normalizer"])
    got = [(s.text, s._.normalizer_mention.text, s.label_, s.kb_id_) for s in spans]
    assert got == expected
    # exactly annotate's mentions, with their matches
    assert [s._.normalizer_mention for s in spans] == sample.annotate(text)
    for span in spans:
        mention, match = span._.normalizer_mention, span._.normalizer
        assert match is mention.match and match.entity.id == span.kb_id_ and match.entity.type == span.label_
        assert doc.text[mention.start:mention.end] == mention.text
        assert span.start_char <= mention.start < mention.end <= span.end_char
        # the span is the smallest run of whole tokens holding the mention
        assert span[0].idx <= mention.start < span[0].idx + len(span[0])
        assert span[-1].idx < mention.end <= span[-1].idx + len(span[-1])
        assert 0.5 <= match.score <= 1 and match.method in ("exact", "alias", "phonetic", "fuzzy")
    assert ents_view(doc) == [(s.text, s.label_, s.kb_id_) for s in spans]


def test_a_proclitic_inside_a_token_keeps_the_token_as_span_and_the_name_as_mention(pipeline: Pipeline) -> None:
    doc = pipeline("ar")(ARABIC)
    span = next(s for s in doc.spans["normalizer"] if s.kb_id_ == "donald-trump")
    assert (span.text, len(span)) == ("بترامب", 1)
    mention = span._.normalizer_mention
    assert (mention.start, mention.end, mention.text) == (ARABIC.index("بترامب") + 1, ARABIC.index("بترامب") + 6,
                                                           "ترامب")
    explained = span._.normalizer.explain()
    assert "ar.proclitic" in explained and "donald-trump" in explained
    ent = next(e for e in doc.ents if e.kb_id_ == "donald-trump")
    assert ent.text == "بترامب" and ent._.normalizer_mention == mention  # the extension works on doc.ents too


def test_two_mentions_in_one_token_keep_their_own_matches(pipeline: Pipeline) -> None:
    # "بوتين،ترامب" (no space after the Arabic comma) is one token holding two people
    doc = pipeline("ar")("قال بوتين،ترامب")
    spans = list(doc.spans["normalizer"])
    assert [(s.text, s.kb_id_) for s in spans] == [("بوتين،ترامب", "vladimir-putin"), ("بوتين،ترامب", "donald-trump")]
    assert [(s._.normalizer_mention.text, s._.normalizer.entity.id) for s in spans] == \
        [("بوتين", "vladimir-putin"), ("ترامب", "donald-trump")]
    assert ents_view(doc) == [("بوتين،ترامب", "PER", "vladimir-putin")]  # doc.ents cannot overlap: one of them
    assert Span(doc, 1, 2, label="PER")._.normalizer is None  # a span without a kb id has no mention


def _ruler(lang: str, patterns: list[dict[str, Any]], **config: Any) -> Language:
    nlp = spacy.blank(lang)
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(patterns)
    nlp.add_pipe("normalizer", config={"tables": [str(SAMPLE)], **config})
    return nlp


def test_existing_entities_are_kept_or_overwritten_as_configured() -> None:
    # an earlier component marks "بوتين كاد" (overlapping بوتين) and "رئاسة" (overlapping nothing)
    patterns = [{"label": "X", "pattern": "بوتين كاد"}, {"label": "Y", "pattern": "رئاسة"}]
    kept = _ruler("ar", patterns)(ARABIC)
    assert ents_view(kept) == [("بوتين كاد", "X", ""), ("بترامب", "PER", "donald-trump"), ("رئاسة", "Y", ""),
                               ("أمريكا", "LOC", "country-us")]
    assert [s.kb_id_ for s in kept.spans["normalizer"]] == ["vladimir-putin", "donald-trump", "country-us"]
    new = _ruler("ar", patterns, overwrite_ents=True)(ARABIC)
    assert ents_view(new) == [("بوتين", "PER", "vladimir-putin"), ("بترامب", "PER", "donald-trump"),
                              ("رئاسة", "Y", ""), ("أمريكا", "LOC", "country-us")]


@Language.component("test_spacy_kb_setter")
def _kb_setter(doc: Doc) -> Doc:
    """An earlier linker: gives "فلاديمير بوتين" a kb id of its own."""
    doc.ents = [Span(doc, e.start, e.end, label=e.label, kb_id="Q7747" if "بوتين" in e.text else "") for e in doc.ents]
    return doc


@pytest.mark.parametrize("overwrite", [False, True])
def test_link_mode_resolves_only_the_entities_of_an_earlier_component(overwrite: bool) -> None:
    patterns = [{"label": "PERSON", "pattern": "دونالد ترامب"}, {"label": "PERSON", "pattern": "فلاديمير بوتين"},
                {"label": "ORG", "pattern": "نيويورك تايمز"}]
    nlp = _ruler("ar", patterns, mode="link", overwrite_ents=overwrite)
    nlp.add_pipe("test_spacy_kb_setter", before="normalizer")
    doc = nlp(LINK_TEXT)
    # the spans: the entities the table knows, as wholes (the lone بوتين at the end is no entity: not linked)
    assert [(s.text, s.label_, s.kb_id_, s._.normalizer_mention.text) for s in doc.spans["normalizer"]] == \
        [("دونالد ترامب", "PER", "donald-trump", "دونالد ترامب"),
         ("فلاديمير بوتين", "PER", "vladimir-putin", "فلاديمير بوتين")]
    if overwrite:
        assert ents_view(doc) == [("نيويورك تايمز", "ORG", ""), ("دونالد ترامب", "PER", "donald-trump"),
                                  ("فلاديمير بوتين", "PER", "vladimir-putin")]
    else:  # labels and an earlier kb id stay; an entity without one gets this table's
        assert ents_view(doc) == [("نيويورك تايمز", "ORG", ""), ("دونالد ترامب", "PERSON", "donald-trump"),
                                  ("فلاديمير بوتين", "PERSON", "Q7747")]
    putin = doc.spans["normalizer"][1]
    assert putin._.normalizer.entity.id == "vladimir-putin" and putin._.normalizer.query == "فلاديمير بوتين"


def test_types_threshold_and_spans_key(pipeline: Pipeline, sample_table: AliasTable) -> None:
    text = SENTENCES[0][1]
    doc = pipeline("hi", types=["LOC"], spans_key="places")(text)
    assert "normalizer" not in doc.spans
    assert [(s.text, s.label_) for s in doc.spans["places"]] == [("अलास्का", "LOC")]
    assert ents_view(doc) == [("अलास्का", "LOC", "alaska")]
    # threshold and margin are the Normalizer's: spot mode gives annotate's mentions under that config
    # (corpus mode takes a spelling the table states by its strength, so these three stay) ...
    strict = pipeline("ar", threshold=0.97)(ARABIC)
    expected = Normalizer(sample_table, config=Config(threshold=0.97)).annotate(ARABIC)
    assert [s._.normalizer_mention for s in strict.spans["normalizer"]] == expected and len(expected) == 3
    # ... and link mode links what resolve accepts: بترامب scores 0.94, أمريكا 0.99
    patterns = [{"label": "PERSON", "pattern": "بترامب"}, {"label": "GPE", "pattern": "أمريكا"}]
    linked = _ruler("ar", patterns, mode="link")(ARABIC)
    assert [s.text for s in linked.spans["normalizer"]] == ["بترامب", "أمريكا"]
    linked = _ruler("ar", patterns, mode="link", threshold=0.97)(ARABIC)
    assert [s.text for s in linked.spans["normalizer"]] == ["أمريكا"]


@pytest.mark.parametrize(("config", "message"), [
    ({"mode": "spotty", "types": ["PERSON"]}, r"mode 'spotty' is not one of spot, link; types \['PERSON'\]"),
    ({"spans_key": ""}, "spans_key must be a non-empty str"),
    ({"threshold": 1.5}, r"threshold=1\.5"),
])
def test_bad_config_names_every_bad_value(config: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        spacy.blank("xx").add_pipe("normalizer", config={"tables": [str(SAMPLE)], **config})


def test_default_config_is_documented() -> None:
    assert DEFAULT_CONFIG == {"tables": None, "threshold": 0.5, "margin": 0.1, "types": None, "mode": "spot",
                              "spans_key": "normalizer", "overwrite_ents": False}
    text = (Path(__file__).resolve().parent.parent / "docs" / "spacy.md").read_text(encoding="utf-8")
    assert all(f"`{key}`" in text for key in DEFAULT_CONFIG), "docs/spacy.md names every config key"


def test_two_processes_give_what_one_gives(pipeline: Pipeline) -> None:
    nlp = pipeline("xx")
    texts = SEED_TEXTS * 3
    one = [(spans_view(d), ents_view(d)) for d in nlp.pipe(texts)]
    two = [(spans_view(d), ents_view(d)) for d in nlp.pipe(texts, n_process=2, batch_size=4)]
    assert two == one
    assert sum(len(spans) for spans, _ in one) >= 3 * 20  # not vacuous


def test_docs_keep_their_matches_through_bytes_and_docbin(pipeline: Pipeline) -> None:
    nlp = pipeline("ar")
    doc = nlp(ARABIC)
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert spans_view(again) == spans_view(doc) and ents_view(again) == ents_view(doc)
    assert again.spans["normalizer"][1]._.normalizer.evidence == doc.spans["normalizer"][1]._.normalizer.evidence
    stored = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    (restored,) = DocBin().from_bytes(stored).get_docs(nlp.vocab)
    assert spans_view(restored) == spans_view(doc)


def test_the_msgpack_decoder_builds_only_the_model_classes() -> None:
    match = Normalizer(AliasTable.load(SAMPLE)).resolve("وبوتين")
    assert match is not None
    assert decode_model(encode_model(match)) == match
    for data in ({"__normalizer__": "os.system", "v": ["echo"]}, {"__normalizer__": "Path", "v": ["/"]}):
        assert decode_model(dict(data)) == data  # an unknown kind stays a plain dict
    assert encode_model(Path("/")) == Path("/")  # anything else passes through


def test_to_disk_saves_the_config_and_spacy_load_restores_it(pipeline: Pipeline, tmp_path: Path) -> None:
    nlp = spacy.blank("ar")
    config = {"tables": [str(SAMPLE)], "types": ["PER", "LOC"], "threshold": 0.6, "margin": 0.2,
              "spans_key": "names", "overwrite_ents": True}
    nlp.add_pipe("normalizer", config=config)
    saved = tmp_path / "pipeline"
    nlp.to_disk(saved)
    written = sorted(p.name for p in saved.iterdir())
    assert written == ["config.cfg", "meta.json", "tokenizer", "vocab"]  # no copy, no pickle of the table
    cfg = (saved / "config.cfg").read_text(encoding="utf-8")
    assert f'tables = ["{SAMPLE}"]' in cfg and 'types = ["PER", "LOC"]' in cfg and "threshold = 0.6" in cfg
    loaded = spacy.load(saved)
    component = loaded.get_pipe("normalizer")
    assert isinstance(component, NormalizerComponent)
    assert (component.spans_key, component.types, component.overwrite_ents) == ("names", {"PER", "LOC"}, True)
    assert component.normalizer.config == Config(threshold=0.6, margin=0.2)
    assert len(component.normalizer.table) == len(AliasTable.load(SAMPLE))
    assert spans_view(loaded(ARABIC), "names") == spans_view(nlp(ARABIC), "names")


def test_spacy_load_in_a_fresh_interpreter(tmp_path: Path) -> None:
    _installed_with_entry_point()
    nlp = spacy.blank("hi")
    nlp.add_pipe("normalizer", config={"tables": [str(SAMPLE)]})
    nlp.to_disk(tmp_path / "pipeline")
    texts = [SENTENCES[0][1], SENTENCES[1][1]]
    got = run_fresh(tmp_path, "load", str(tmp_path / "pipeline"), texts=texts)
    assert got["spans"] == expected_spans(nlp, texts) and len(got["spans"][0]) == 3


def test_extensions_register_idempotently_and_two_components_keep_apart(sample: Normalizer) -> None:
    register_extensions()
    register_extensions()
    assert Span.has_extension("normalizer") and Span.has_extension("normalizer_mention")
    nlp = spacy.blank("xx")
    nlp.add_pipe("normalizer", name="people", config={"tables": [str(SAMPLE)], "types": ["PER"], "spans_key": "p"})
    nlp.add_pipe("normalizer", name="places", config={"tables": [str(SAMPLE)], "types": ["LOC"], "spans_key": "l"})
    doc = nlp(SENTENCES[0][1])
    assert [s.kb_id_ for s in doc.spans["p"]] == ["donald-trump", "vladimir-putin"]
    assert [s._.normalizer.entity.id for s in doc.spans["l"]] == ["alaska"]
    assert sorted(doc._.normalizer_mentions) == ["l", "p"]
    assert "NormalizerComponent(mode='spot', spans_key='p', types=['PER']" in repr(nlp.get_pipe("people"))
