"""Generate the US Census rows of data/rules/given-names.tsv; curated rows are kept.

The 1990 US Census lists of frequently occurring first names (public domain) are
shipped in the `names` package (MIT code, data public domain). Get them with
`pip download names==0.3.0 --no-deps --no-binary :all:` and unpack, then run from the
repository root:

    python scripts/gen_given_names.py path/to/names-0.3.0/names

Standard library and normalizer only. Every name of `dist.male.first` and
`dist.female.first` becomes a row (lang `en`, source `us-census-1990`), capitalised,
except names shorter than MIN_LEN letters, names that are English common words
(`data/rules/stopwords.tsv`), and the names of EXCLUDE: ordinary English words, months,
days and places that often stand before a name in the news without being a given name
("on Sunday Trump said", "Major Smith", "China Xi"), and syllables of Chinese and Korean
names, which are written family name first. EXCLUDE was read off the Census names that are
among wordfreq's 20,000 most frequent English words. Rows of the file
with another source (curated spellings in hi, ar, fa, ur, ru) are kept as they are.
Rows are sorted by lang, then name (code point order).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from normalizer.atomic import write_atomic  # noqa: E402
from normalizer.core.clean import clean  # noqa: E402
from normalizer.core.lexicons import is_stopword  # noqa: E402

SOURCE = "us-census-1990"
MIN_LEN = 3
FILES = ("dist.male.first", "dist.female.first")
EXCLUDE = frozenset("""
january april may june august september sunday autumn summer winter spring easter season
america argentina alexandria adelaide asia augusta burma carolina china cleveland columbus
dakota dallas denver devon florida france francisco angeles georgia geneva hong houston
india israel jordan kenya maryland milan nevada paris raleigh roma santa savannah sierra
sydney trinidad valencia venice virginia austin lincoln berkeley
aide alpha angle angel art bee bell berry blossom brain brook buck bud bunny buster carry
chance charity cherish cherry conception coral delta desire destiny diamond dot echo else
emerald era fairy forest gay genesis genie glory golden hang harmony honey hope ivory ivy
jade jewel joy karma king lady lane lean liberty loan long lore love major man manual many
maple marine marry marvel mercy merry miss moon noble numbers omega page patience precious
prince princess queen rich royal sage see son song soon sparkle star sun sunny sunshine
temple tiny trinity velvet venus young grace faith rose ruby pearl crystal amber dawn
ginger candy daisy violet iris holly olive misty sandy penny brandy melody ebony christian
german irish latina junior guy rocky buddy sterling chase grant will miles drew clay van
don fay mae kay jan pat dee del dell mac rey sal val win wm ira art baby sky storm stormy
windy willow magic lucky sugar tequila velvet porsche chanel
chan chang chin ching chu chun chung dong hai han hee hung hyun jae jin jong jung kai lai
lan lang lee lin ling mai mao mei min ming nam ping sang shin soo sun sung tai wan wei wen
xiao yan yang yen yer yong yun
""".split())
OUT = Path(__file__).resolve().parent.parent / "data" / "rules" / "given-names.tsv"
HEADER = ("name", "lang", "source", "note")


def census(folder: Path) -> set[tuple[str, str, str, str]]:
    """Return the Census rows: (name, "en", SOURCE, "")."""
    rows = set()
    for file in FILES:
        for line in (folder / file).read_text(encoding="ascii").splitlines():
            if not line.strip():
                continue
            name = line.split()[0].capitalize()
            if len(name) >= MIN_LEN and name.lower() not in EXCLUDE and not is_stopword(clean(name)):
                rows.add((name, "en", SOURCE, ""))
    return rows


def kept() -> set[tuple[str, str, str, str]]:
    """Return the rows of the current file that this script did not write."""
    if not OUT.exists():
        return set()
    lines = OUT.read_text(encoding="utf-8").splitlines()
    rows = {tuple(line.split("\t")) for line in lines[1:] if line}
    return {r for r in rows if r[2] != SOURCE}  # type: ignore[misc]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} path/to/names-0.3.0/names", file=sys.stderr)
        return 2
    rows = sorted(census(Path(argv[1])) | kept(), key=lambda r: (r[1], r[0]))
    write_atomic(OUT, "\n".join("\t".join(r) for r in [HEADER, *rows]) + "\n")
    print(f"wrote {len(rows)} given names to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
