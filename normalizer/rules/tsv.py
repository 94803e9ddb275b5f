"""Reading the bundled rule tables under ``data/rules``.

Accepts: nothing from callers; reads UTF-8 TSV files shipped inside the package.
Guarantees: each table is parsed once (cached behind a lock), rows are dicts keyed
by the header, and a malformed row raises :class:`normalizer.table.TableError`
naming the file and line.
Does not: interpret the rows; each pipeline step gives them meaning.
"""

from __future__ import annotations

import threading
import unicodedata
from importlib import resources
from pathlib import Path

from normalizer.caches import cached
from normalizer.errors import TableError

_LOCK = threading.Lock()


def data_text(relative: str) -> str:
    """Return the text of a file under ``data/``.

    Installed, the folder ships inside the wheel as ``normalizer/data``; in a source
    checkout it is the repository's top-level ``data/``.
    """
    packaged = resources.files("normalizer").joinpath("data")
    for part in relative.split("/"):
        packaged = packaged.joinpath(part)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    source = Path(__file__).resolve().parents[2] / "data" / relative
    return source.read_text(encoding="utf-8")


def parse_tsv(text: str, path: str) -> list[dict[str, str]]:
    """Parse TSV text with a header row into dicts; NFC-normalise every field.

    Raises:
        TableError: a row whose field count differs from the header's.
    """
    lines = text.splitlines()
    if not lines:
        raise TableError(path, 1, "empty file: expected a header row")
    header = lines[0].split("\t")
    rows: list[dict[str, str]] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(header):
            raise TableError(
                path, number, f"{len(fields)} fields, the header has {len(header)} ({', '.join(header)})"
            )
        rows.append({k: unicodedata.normalize("NFC", v) for k, v in zip(header, fields, strict=True)})
    return rows


@cached()
def _load(relative: str) -> tuple[dict[str, str], ...]:
    return tuple(parse_tsv(data_text(relative), f"data/{relative}"))


def rule_table(relative: str) -> tuple[dict[str, str], ...]:
    """Return the rows of ``data/<relative>`` (cached, thread-safe)."""
    with _LOCK:
        return _load(relative)
