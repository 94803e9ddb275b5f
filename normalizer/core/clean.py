"""Step 1 — cleaning: make equal what a reader sees as equal.

Accepts: any ``str``.
Guarantees: the result is NFC, case-folded, free of zero-width joiners, bidi marks,
tatweel and Arabic diacritics; Arabic letter variants (أ إ آ ٱ → ا, ى ی ے → ي,
ة ۃ ہ → ه, ک → ك, ؤ → و, ئ → ي) and Cyrillic ё → е are unified; Devanagari nasal + virama before a
consonant is written as anusvara where an anusvara reads the same (ट्रम्प → ट्रंप, हिन्दी → हिंदी;
not at the start of a word: न्यूयॉर्क; not न् before म or म् before a consonant that is not a stop,
where an anusvara would read another nasal: तन्मय, सौम्या) and chandrabindu as anusvara;
hyphens, dashes and other punctuation become single spaces; dots inside acronyms
vanish (K.G.B. → kgb). ``clean(clean(x)) == clean(x)``.
Does not: strip titles or clitics (step 3) or change letters across scripts.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x061C, 0x0640, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
)
# Arabic harakat, Quranic annotation marks, superscript alef.
_TASHKEEL = dict.fromkeys(
    list(range(0x0610, 0x061B)) + list(range(0x064B, 0x0660)) + [0x0670] + list(range(0x06D6, 0x06EE))
)
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ي", "ی": "ي", "ے": "ي", "ې": "ي",
        "ة": "ه", "ۃ": "ه", "ہ": "ه", "ە": "ه", "ۂ": "ه",
        "ک": "ك", "ؤ": "و", "ئ": "ي", "ё": "е",
        "،": " ", "؛": " ", "؟": " ", "٪": " ",
    }
)
# Not at the start of a word: there an anusvara has no vowel to sit on (न्यूयॉर्क stays). A
# nasal becomes an anusvara where an anusvara reads as it does: ङ ञ ण न before any consonant but
# म (तन्मय = Tanmay keeps its n), म before a stop or म (ट्रम्प = ट्रंप); a written म् before य र ल व
# श ष स ह or another nasal is kept, as an anusvara there reads n (सौम्या = Saumya, अम्शु = Amshu).
_CONSONANTS_BUT_MA = "\u0915-\u092d\u092f-\u0939\u0958-\u095f"  # क … भ, य … ह and the nukta forms
_STOPS = "\u0915-\u0918\u091a-\u091d\u091f-\u0922\u0924-\u0927\u092a-\u092d\u0958-\u095e"  # no nasals
_NASAL_VIRAMA = re.compile(f"(?<=[\u0900-\u097f])(?:[ङञणन]\u094d(?=[{_CONSONANTS_BUT_MA}])"
                           f"|म\u094d(?=[{_STOPS}म]))")
_ACRONYM = re.compile(r"(?<![^\W\d_])((?:[^\W\d_]\.){2,})(?![^\W\d_])")
_PUNCT = re.compile(r"[^\w\s\u0300-\u036f\u0900-\u0dff'’]|_")


def _drop_acronym_dots(match: re.Match[str]) -> str:
    return match.group(1).replace(".", "")


def clean(text: str) -> str:
    """Return the cleaned form of ``text`` (see the module contract).

    Args:
        text: any string.

    Returns:
        The cleaned string, possibly empty.

    Raises:
        TypeError: ``text`` is not a ``str`` (for ``bytes``: decode it first).

    >>> clean("किम जोंग-उन") == clean("किम जोंग उन")
    True
    >>> clean("K.G.B.")
    'kgb'
    """
    if not isinstance(text, str):
        if isinstance(text, (bytes, bytearray)):
            raise TypeError("expected str, got bytes: decode it first (e.g. data.decode('utf-8'))")
        raise TypeError(f"expected str, got {type(text).__name__}")
    # Each regular expression runs only when its text can match (these guards are exact).
    if text.isascii():
        out = _ACRONYM.sub(_drop_acronym_dots, text) if "." in text else text
        out = _PUNCT.sub(" ", out.lower())
        return " ".join(out.split())
    out = unicodedata.normalize("NFKC", text)
    out = unicodedata.normalize("NFC", out.casefold())
    out = out.translate(_INVISIBLE).translate(_TASHKEEL).translate(_ARABIC_LETTERS)
    out = out.replace("\u0901", "\u0902")  # chandrabindu → anusvara
    if "\u094d" in out:
        out = _NASAL_VIRAMA.sub("\u0902", out)
    out = out.replace("\u0964", " ").replace("\u0965", " ")  # danda
    if "." in out:
        out = _ACRONYM.sub(_drop_acronym_dots, out)
    out = _PUNCT.sub(" ", out).replace("’", "'")
    return unicodedata.normalize("NFC", " ".join(out.split()))
