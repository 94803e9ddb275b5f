"""Generate data/cldr/entities.tsv and data/cldr/aliases.tsv from babel's CLDR data.

One LOC entity per CLDR territory with a two-letter code (ISO 3166-1 alpha-2, plus
the few CLDR-only codes listed below), and one alias per distinct name in en, hi, ar,
ur, fa, ru.

Run from the repository root:

    python scripts/gen_cldr.py

Needs babel (the CLDR names) and unidecode (the reviewer romanisation in `note`).
The output depends only on the versions of those two packages, which are printed.

babel keeps one name per territory and locale: when it imports CLDR it drops the
`alt="short"` / `alt="variant"` forms (e.g. "US", "Czech Republic"), so this script
cannot emit them. Add such forms to a hand-curated alias file instead.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from normalizer.atomic import write_atomic  # noqa: E402
from normalizer.core.clean import clean as clean_key  # noqa: E402
from normalizer.core.lexicons import designators  # noqa: E402

try:
    import babel
    from babel import Locale
    from unidecode import unidecode
except ImportError as exc:  # pragma: no cover - tooling script
    sys.exit(f"gen_cldr.py needs babel and unidecode: {exc}")

LANGS: tuple[str, ...] = ("en", "hi", "ar", "ur", "fa", "ru")  # also the tie-break order
OUT_DIR = Path(__file__).resolve().parent.parent / "data" / "cldr"

# Two-letter CLDR codes that are groupings or pseudo-territories, not places.
SKIP: frozenset[str] = frozenset(
    {
        "ZZ",  # Unknown Region
        "EU",  # European Union
        "EZ",  # Eurozone
        "UN",  # United Nations
        "QO",  # Outlying Oceania
        "XA",  # Pseudo-Accents (CLDR pseudo-locale)
        "XB",  # Pseudo-Bidi (CLDR pseudo-locale)
    }
)
# CLDR names that are also everyday words of their language: strength `context` (the entity
# only after a generic word such as کشور, جمهورية; docs/decisions/012-context-aliases.md).
CONTEXT: frozenset[tuple[str, str]] = frozenset(
    {
        ("ML", "مالی"),  # ur (and fa): "financial"
        ("ML", "مالي"),  # ar: "financial", "my money"
        ("ML", "माली"),  # hi: "gardener"
        ("SY", "شام"),  # ur: "evening"
        ("CL", "چلی"),  # ur: "went", "chili"
        ("CZ", "چک"),  # fa: "cheque"
    }
)
# Kept, but not officially assigned in ISO 3166-1; the note says so.
NOT_ASSIGNED: dict[str, str] = {
    "AC": "exceptionally reserved, not officially assigned",
    "CP": "exceptionally reserved, not officially assigned",
    "CQ": "exceptionally reserved, not officially assigned",
    "DG": "exceptionally reserved, not officially assigned",
    "EA": "exceptionally reserved, not officially assigned",
    "IC": "exceptionally reserved, not officially assigned",
    "TA": "exceptionally reserved, not officially assigned",
    "XK": "user-assigned code, in common use for Kosovo",
}
CODE = re.compile(r"[A-Z]{2}")
# The `kind` column: a name that is not a letter-for-letter rendering of the English name.
# `translation` when words of it are translated: set for every name holding a generic word
# of data/rules/designators.tsv (republic, islands, north, united …; not "and", "of", nor
# the Urdu آئلینڈ, which transliterates "island"), and for the names below. `exonym` when
# it is another name: an exonym proper (Китай, ألمانيا, Афины), the country's own name
# in that language (مصر, भारत), or another name in use (شام, Holland). Reviewed by hand for
# every CLDR name whose consonants differ much from the English name's.
TRANSLATIONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("AE", "ОАЭ"), ("KP", "КНДР"), ("GB", "Великобритания"), ("GB", "سلطنت متحدہ"),
        ("ME", "Черногория"), ("ME", "الجبل الأسود"), ("CI", "ساحل العاج"), ("CI", "ساحل عاج"),
        ("CV", "الرأس الأخضر"), ("SA", "Саудовская Аравия"), ("SA", "عربستان سعودی"),
        ("SA", "سعودی عرب"), ("US", "ریاست ہائے متحدہ امریکہ"),
    }
)
EXONYMS: frozenset[tuple[str, str]] = frozenset(
    {
        ("CN", "Китай"), ("CN", "الصين"), ("AT", "النمسا"), ("CH", "Швейцария"), ("CH", "سوئیس"),
        ("CH", "سويسرا"), ("DE", "Германия"), ("DE", "ألمانيا"), ("DE", "آلمان"), ("DK", "Дания"),
        ("PL", "Польша"), ("PL", "لهستان"), ("HU", "Венгрия"), ("HU", "مجارستان"), ("GR", "Греция"),
        ("GR", "اليونان"), ("GR", "یونان"), ("GR", "यूनान"), ("EG", "مصر"), ("EG", "मिस्र"),
        ("IN", "भारत"), ("IN", "بھارت"), ("MA", "المغرب"), ("SY", "شام"), ("MU", "Маврикий"),
        ("AQ", "جنوبگان"), ("SE", "Швеция"), ("GE", "Грузия"), ("GE", "گرجستان"), ("AM", "ارمنستان"),
        ("LT", "Литва"), ("NL", "هلند"), ("NL", "هولندا"), ("GB", "بریتانیا"),
    }
)
TRANSLITERATED_DESIGNATORS = frozenset({"آئلینڈ", "آئلینڈز"})


def clean(text: str) -> str:
    """NFC-normalise and collapse whitespace; a field never holds a tab or newline."""
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def is_latin(text: str) -> bool:
    """True when every letter in `text` is a Latin-script letter."""
    return all(
        unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha()
    )


def romanize_note(alias: str) -> str:
    """A rough Latin reading for reviewers; empty for Latin-script aliases."""
    if is_latin(alias):
        return ""
    return clean(unidecode(alias))


def kind_of(code: str, alias: str, generic: dict[tuple[str, ...], tuple[str, str]]) -> str:
    """The `kind` of a CLDR name (see TRANSLATIONS and EXONYMS)."""
    if (code, alias) in EXONYMS:
        return "exonym"
    if (code, alias) in TRANSLATIONS:
        return "translation"
    words = clean_key(alias).split()
    transliterated = {clean_key(w) for w in TRANSLITERATED_DESIGNATORS}
    for n in (2, 1):
        for i in range(len(words) - n + 1):
            found = generic.get(tuple(words[i : i + n]))
            if found and found[0] not in ("and", "of") and words[i] not in transliterated:
                return "translation"
    return ""


def write_tsv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write a TSV atomically (temp file in the same directory, then os.replace)."""
    lines = ["\t".join(header)]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"{path.name}: row {row!r} has {len(row)} fields")
        for field in row:
            if "\t" in field or "\n" in field or "\r" in field:
                raise ValueError(f"{path.name}: field {field!r} holds a tab or newline")
        lines.append("\t".join(row))
    write_atomic(path, "\n".join(lines) + "\n")
    return len(lines) - 1


def main() -> int:
    names = {lang: Locale.parse(lang).territories for lang in LANGS}
    codes = sorted(
        code for code in names["en"] if CODE.fullmatch(code) and code not in SKIP
    )

    entities: list[tuple[str, str, str, str, str]] = []
    aliases: dict[tuple[str, str], tuple[str, str, str, str, str, str, str]] = {}
    generic = designators()
    for code in codes:
        entity_id = f"country-{code.lower()}"
        name = clean(names["en"][code])
        note = f"ISO 3166-1 {code}"
        if code in NOT_ASSIGNED:
            note += f" ({NOT_ASSIGNED[code]})"
        entities.append((entity_id, "LOC", name, "", note))
        for lang in LANGS:  # first language wins a shared spelling
            raw = names[lang].get(code)
            if not raw:
                continue
            alias = clean(raw)
            key = (entity_id, alias)
            if key not in aliases:
                strength = "context" if (code, alias) in CONTEXT else "strong"
                kind = "" if lang == "en" else kind_of(code, alias, generic)
                aliases[key] = (entity_id, alias, lang, strength, "cldr", romanize_note(alias), kind)

    entities.sort()
    alias_rows = [aliases[key] for key in sorted(aliases)]
    n_ent = write_tsv(
        OUT_DIR / "entities.tsv", ("id", "type", "name", "wikidata", "note"), entities
    )
    n_ali = write_tsv(
        OUT_DIR / "aliases.tsv",
        ("entity_id", "alias", "lang", "strength", "source", "note", "kind"),
        alias_rows,
    )
    print(
        f"wrote {n_ent} entities and {n_ali} aliases to {OUT_DIR} "
        f"(babel {babel.__version__}, unidecode {importlib.metadata.version('Unidecode')})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
