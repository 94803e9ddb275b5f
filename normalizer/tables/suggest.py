"""Growing a table from corpora: propose new spellings for review, then apply the accepted ones.

Accepts: corpus files (as ``normalizer annotate`` reads them) and a table; later, the
review file with a ``decision`` column filled in.
Guarantees: a proposal is a spelling that is not in the table but that corpus mode links
to an entity (a neighbour of the entity's other words, another spelling of a person the
document names), or that the core resolver links on its own with at least ``min_score``
(each distinct word or word pair resolved once). Proposals are grouped per entity and
spelling with counts, best score, method and up to three snippets of context; the review
file is written atomically. ``apply`` adds the rows marked yes with their ``source``.
Does not: change the table by itself (a person decides).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from normalizer.adapters.progress import Progress, input_size
from normalizer.adapters.records import input_format, read_records
from normalizer.atomic import atomic_writer
from normalizer.core.clean import clean
from normalizer.core.lexicons import arabic_script_language, is_adjective
from normalizer.core.scripts import dominant_script
from normalizer.corpus.scan import TOKEN
from normalizer.corpus.words import Analysis
from normalizer.errors import TableError
from normalizer.model import Alias, Match
from normalizer.normalizer import Normalizer
from normalizer.table import AliasTable, load_named
from normalizer.tableio import read_file

REVIEW_COLUMNS = ("decision", "entity_id", "name", "spelling", "lang", "count", "score", "method", "contexts")
ACCEPT = {"yes", "y", "accept", "ok", "1", "x"}
REJECT = {"", "no", "n", "reject", "0", "skip"}
#: Characters of context on each side of a proposal.
CONTEXT = 40
#: Longest word sequence the suggester resolves as one name.
MAX_WORDS = 4
#: Snippets of context kept per proposal.
SNIPPETS = 3
_LANG_OF_SCRIPT = {"Deva": "hi", "Cyrl": "ru", "Latn": "en"}


@dataclass
class Proposal:
    """One spelling of one entity seen in the corpus."""

    entity_id: str
    name: str
    spelling: str
    count: int = 0
    score: float = 0.0
    method: str = ""
    contexts: list[str] = field(default_factory=list)

    def see(self, match: Match, text: str, start: int, end: int) -> None:
        self.count += 1
        if match.score > self.score:
            self.score, self.method = match.score, match.method
        if len(self.contexts) < SNIPPETS:
            left = text[max(0, start - CONTEXT):start].replace("\n", " ").replace("\t", " ")
            right = text[end:end + CONTEXT].replace("\n", " ").replace("\t", " ")
            self.contexts.append(f"…{left}[{text[start:end]}]{right}…")


def guess_lang(spelling: str) -> str:
    """Return a language tag for a spelling from its script (Arabic script: ar, fa or ur)."""
    script = dominant_script(spelling)
    if script == "Arab":
        return arabic_script_language(spelling) or "ar"
    return _LANG_OF_SCRIPT.get(script, "")


class Suggester:
    """Collects proposals over documents (see the module contract)."""

    def __init__(self, norm: Normalizer, min_score: float = 0.5) -> None:
        self.norm = norm
        self.min_score = min_score
        self.known = set(norm.index.exact)
        self.proposals: dict[tuple[str, str], Proposal] = {}
        self._resolved: dict[str, Match | None] = {}
        self.post_words = norm.spotter.words.post_words

    def _add(self, match: Match, text: str, start: int, end: int) -> None:
        spelling = text[start:end]
        if clean(spelling) in self.known:
            return
        key = (match.entity.id, clean(spelling))
        proposal = self.proposals.get(key)
        if proposal is None:
            proposal = self.proposals[key] = Proposal(match.entity.id, match.entity.name, spelling)
        proposal.see(match, text, start, end)

    def _resolve(self, query: str) -> Match | None:
        """The core's best candidate for ``query`` (also below the resolve threshold; the
        reviewer decides), cached."""
        if query not in self._resolved:
            found = self.norm.candidates(query, limit=1)
            self._resolved[query] = found[0] if found else None
        return self._resolved[query]

    def document(self, text: str, mentions: Iterable[object]) -> None:
        """Add the proposals of one annotated document."""
        taken: list[tuple[int, int]] = []
        for m in mentions:
            start, end, match = m.start, m.end, m.match  # type: ignore[attr-defined]
            taken.append((start, end))
            if match.method not in ("exact", "alias"):
                self._add(match, text, start, end)
        spotter = self.norm.spotter
        words = [(w.start(), w.end()) for w in TOKEN.finditer(text)]
        analyses = [spotter.words.analyse(text[s:e]) for s, e in words]
        free = [not any(s <= ws < e for s, e in taken) for ws, _ in words]
        for i in range(len(words)):
            if not free[i] or not self._worth(analyses[i]):
                continue
            best: tuple[float, int, int, int, Match] | None = None
            for lo in range(max(0, i - MAX_WORDS + 1), i + 1):
                for hi in range(i, min(len(words), lo + MAX_WORDS)):
                    if not self._window(text, words, analyses, lo, hi):
                        continue
                    start, end = words[lo][0], words[hi][1]
                    match = self._resolve(text[start:end])
                    if match is None or match.score < self.min_score or match.method in ("exact", "alias"):
                        continue
                    if match.entity.type != "PER" and any(
                            is_adjective(a.plain, (match.entity.name, *match.entity.aliases))
                            for a in analyses[lo:hi + 1] if not a.name_word):
                        continue  # रूसी is "Russian", not Russia
                    if best is None or (match.score, hi - lo) > (best[0], best[2] - best[1]):
                        best = (match.score, lo, hi, start, match)
            if best is None:
                continue
            _, lo, hi, start, match = best
            end = words[hi][1]
            cut = next((st for st in match.evidence if st.rule_id.startswith("ar.proclitic")), None)
            if cut is not None and text[start:end].endswith(cut.after):
                start = end - len(cut.after)
            self._add(match, text, start, end)

    def _window(self, text: str, words: list[tuple[int, int]], analyses: list[Analysis], lo: int, hi: int) -> bool:
        """True if words lo..hi may form one name: joined by spaces or hyphens, not starting
        with a common word, with no postposition and no title among them (the core would
        strip a title, but the proposal is the name alone)."""
        window = analyses[lo:hi + 1]
        if analyses[lo].common or any(a.title or a.plain in self.post_words for a in window):
            return False
        return all(text[words[k - 1][1]:words[k][0]].strip(" -") == "" and "\n" not in
                   text[words[k - 1][1]:words[k][0]] for k in range(lo + 1, hi + 1))

    @staticmethod
    def _worth(word: Analysis) -> bool:
        return not (word.common or word.title or len(word.plain) <= 2)

    def rows(self) -> Iterator[dict[str, str]]:
        """Yield the review rows, per entity, most frequent spelling first."""
        for p in sorted(self.proposals.values(), key=lambda p: (p.entity_id, -p.count, p.spelling)):
            if p.score < self.min_score:
                continue
            yield {"decision": "", "entity_id": p.entity_id, "name": p.name, "spelling": p.spelling,
                   "lang": guess_lang(p.spelling), "count": str(p.count), "score": f"{p.score:.3f}",
                   "method": p.method, "contexts": " ¦ ".join(p.contexts)}


def write_review(rows: Iterable[dict[str, str]], path: str) -> int:
    """Write the review TSV atomically; return the number of rows."""
    count = 0
    with atomic_writer(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=REVIEW_COLUMNS, delimiter="\t", lineterminator="\n",
                                quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def suggest_command(args: argparse.Namespace, out: TextIO) -> int:
    """``normalizer aliases suggest``: annotate the corpus and write proposals for review."""
    table = load_named(args.table) if args.table else None
    norm = Normalizer(table)
    suggester = Suggester(norm, args.min_score)
    failed = 0
    shown = getattr(args, "progress", None)
    progress = Progress(shown if shown is not None else sys.stderr.isatty(), total=input_size(args.corpus))
    for path in args.corpus:
        fmt = input_format(path, None)
        records = [r for r in read_records(path, fmt, field_name=args.field, column=args.column, lines=args.lines)]
        for rec in records:
            if rec.error:
                sys.stderr.write(f"normalizer: {rec.error} (skipped)\n")
                failed += 1
                progress.update(rec.size, True)
        good = [r for r in records if r.text is not None]
        texts = [r.text for r in good if r.text is not None]
        for rec, text, mentions in zip(good, texts, norm.annotate_many(texts, processes=args.processes), strict=True):
            suggester.document(text, mentions)
            progress.update(rec.size, False)
    progress.finish()
    count = write_review(suggester.rows(), args.out)
    out.write(f"{count} proposal(s) written to {args.out}: fill the decision column (yes/no), then run "
              f"normalizer aliases apply {args.out} --table …\n")
    return 1 if failed else 0


def apply_review(table: AliasTable, path: str, source: str) -> tuple[AliasTable, int]:
    """Return the table with the review rows marked yes added, and how many were added.

    Raises:
        TableError: a row with an unknown entity, an empty spelling or an unclear decision.
    """
    added = 0
    with io.StringIO(read_file(path), newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
        missing = {"decision", "entity_id", "spelling"} - set(reader.fieldnames or [])
        if missing:
            raise TableError(path, 1, f"missing column(s) {', '.join(sorted(missing))} → use a file from "
                             "`normalizer aliases suggest`")
        for row in reader:
            line = reader.line_num
            decision = (row.get("decision") or "").strip().lower()
            if decision in REJECT:
                continue
            if decision not in ACCEPT:
                raise TableError(path, line, f"decision {decision!r} → write yes or no")
            eid, spelling = (row.get("entity_id") or "").strip(), (row.get("spelling") or "").strip()
            if eid not in table:
                raise TableError(path, line, f"unknown entity id {eid!r} → correct the id")
            if not spelling:
                raise TableError(path, line, "empty spelling → write the spelling or say no")
            entity = table[eid]
            if spelling in entity.aliases:
                continue
            strength = "weak" if len(spelling.split()) == 1 and len(entity.name.split()) > 1 else "strong"
            lang = (row.get("lang") or "").strip() or guess_lang(spelling)
            table = table.with_alias(eid, Alias(spelling, lang, strength, source))
            added += 1
    return table, added

