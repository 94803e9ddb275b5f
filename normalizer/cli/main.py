"""Command line: ``normalizer resolve|romanize|annotate`` on the public API.

``resolve`` and ``romanize`` read names from the arguments, or one per line from standard
input when there are none, and write TSV (default) or JSONL. ``annotate`` reads corpora
(.txt, .jsonl, .csv, .tsv or ``-``) and writes JSONL, TSV or tagged text, on all cores,
in input order, streaming. Everything streams; ``--out`` files are written atomically.
Exit codes: 0 ok, 1 data errors (a bad table, a bad record), 2 usage.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import sys
import time
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from normalizer.adapters.records import Record, has_surrogate, input_format, read_records
from normalizer.atomic import atomic_writer
from normalizer.cli import guard
from normalizer.config import Config
from normalizer.core.romanize import romanize
from normalizer.errors import TableError
from normalizer.model import ENTITY_TYPES, Match, Mention
from normalizer.normalizer import Normalizer
from normalizer.table import load_named

TSV_HEADER = ("query", "entity_id", "name", "type", "score", "method", "alias", "error")


def _inputs(values: list[str], stdin: TextIO) -> Iterator[tuple[str, str]]:
    """Each name with an error ('' if none). Text that is not UTF-8 (standard input is read
    with ``surrogateescape``) is not looked up: it is passed on, undecodable bytes shown as
    U+FFFD, with an error naming its line (or argument), so no input is dropped unseen."""
    numbered = ((f"argument {n}", v) for n, v in enumerate(values, start=1)) if values else (
        (f"<stdin>:{n}", line.rstrip("\r\n")) for n, line in enumerate(stdin, start=1))
    for where, text in numbered:
        if has_surrogate(text):
            yield (text.encode("utf-8", "surrogateescape").decode("utf-8", "replace"),
                   f"{where}: invalid UTF-8: fix the encoding (UTF-8 expected)")
        else:
            yield text, ""


def _tsv_field(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ")


def _write_match(out: TextIO, fmt: str, query: str, match: Match | None, candidates: list[Match] | None,
                 error: str = "") -> None:
    if fmt == "jsonl":
        record: dict[str, object] = {"query": query, "match": match.to_dict() if match else None}
        if candidates is not None:
            record["candidates"] = [c.to_dict() for c in candidates]
        if error:
            record["error"] = error
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if match is None:
        out.write("\t".join([_tsv_field(query), "", "", "", "", "", "", _tsv_field(error)]) + "\n")
    else:
        out.write("\t".join([_tsv_field(query), match.entity.id, _tsv_field(match.entity.name), match.entity.type,
                             f"{match.score:.3f}", match.method, _tsv_field(match.alias), ""]) + "\n")


def _cmd_resolve_column(args: argparse.Namespace, norm: Normalizer, types: set[str] | None, out: TextIO) -> int:
    from normalizer.adapters.columns import CachedResolver, resolve_parquet, resolve_rows, write_rows

    if len(args.names) != 1:
        sys.stderr.write("normalizer: --column takes exactly one FILE (.csv, .tsv, .jsonl or .parquet)\n")
        return 2
    path = args.names[0]
    resolver = CachedResolver(norm, types)
    if path.lower().endswith(".parquet"):
        if not args.out:
            sys.stderr.write("normalizer: parquet output needs --out PATH\n")
            return 2
        resolve_parquet(path, args.column, args.out, resolver)
        return 0
    fmt = input_format(path, None)
    if fmt == "txt":
        sys.stderr.write("normalizer: --column needs a .csv, .tsv, .jsonl or .parquet file\n")
        return 2
    rows = resolve_rows(path, fmt, args.column, resolver)
    if args.out:
        with atomic_writer(args.out) as handle:
            bad = write_rows(rows, fmt, handle)
    else:
        bad = write_rows(rows, fmt, out)
    if bad:
        sys.stderr.write(f"normalizer: {bad} bad row(s) passed through with an error column\n")
    return 1 if bad else 0


def _cmd_resolve(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    table = load_named(args.table) if args.table else None
    norm = Normalizer(table, config=Config(threshold=args.threshold, margin=args.margin))
    types = set(args.types.split(",")) if args.types else None
    if args.column:
        return _cmd_resolve_column(args, norm, types, out)
    if args.format == "tsv":
        out.write("\t".join(TSV_HEADER) + "\n")
    bad = 0
    for query, error in _inputs(args.names, stdin):
        if error:
            bad += 1
            sys.stderr.write(f"normalizer: {error} (written with an error field, not resolved)\n")
            _write_match(out, args.format, query, None, [] if args.candidates else None, error)
            out.flush()
            continue
        match = norm.resolve(query, types=types)
        cands = norm.candidates(query, limit=args.candidates, types=types) if args.candidates else None
        _write_match(out, args.format, query, match, cands)
        if args.explain and match is not None:
            sys.stderr.write(match.explain() + "\n")
        out.flush()
    return 1 if bad else 0


def _cmd_romanize(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    if args.format == "tsv":
        out.write("text\tromanization\terror\n")
    bad = 0
    for text, error in _inputs(args.texts, stdin):
        if error:
            bad += 1
            sys.stderr.write(f"normalizer: {error} (written with an error field, not romanized)\n")
        roman = "" if error else romanize(text)
        if args.format == "jsonl":
            record = {"text": text, "romanization": None if error else roman, **({"error": error} if error else {})}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(f"{_tsv_field(text)}\t{roman}\t{_tsv_field(error)}\n")
        out.flush()
    return 1 if bad else 0


MENTION_TSV_HEADER = ("source", "line", "start", "end", "text", "entity_id", "name", "type", "score", "method",
                      "error")


class _Failed(Exception):
    """A bad record with --on-error fail."""


class Progress:
    """Records and MB per second on standard error, redrawn twice a second (terminal only)."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.records = 0
        self.bytes = 0
        self.failed = 0
        self.start = time.monotonic()
        self._shown = 0.0

    def update(self, size: int, failed: bool) -> None:
        self.records += 1
        self.bytes += size
        self.failed += failed
        now = time.monotonic()
        if self.enabled and now - self._shown >= 0.5:
            self._shown = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.start, 1e-9)
        return (f"{self.records:,} records ({self.failed:,} failed), {self.bytes / 1e6:,.1f} MB, "
                f"{self.records / elapsed:,.0f} records/s, {self.bytes / 1e6 / elapsed:,.2f} MB/s")

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r" + self.line() + "\n")
            self.stream.flush()


def _tagged(text: str, mentions: list[Mention]) -> str:
    parts, at = [], 0
    for m in mentions:
        parts.append(text[at:m.start])
        parts.append(f'<entity id="{m.match.entity.id}" type="{m.match.entity.type}">{m.text}</entity>')
        at = m.end
    parts.append(text[at:])
    return "".join(parts)


def _write_record(out: TextIO, fmt: str, rec: Record, mentions: list[Mention], txt: bool) -> None:
    if fmt == "jsonl":
        obj = dict(rec.fields)
        if txt and rec.text is not None:
            obj["text"] = rec.text
        obj["mentions"] = [m.to_dict() for m in mentions]
        if rec.error:
            obj["error"] = rec.error
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    elif fmt == "tsv":
        if rec.error:
            out.write("\t".join([_tsv_field(rec.source), str(rec.line)] + [""] * 8 + [_tsv_field(rec.error)]) + "\n")
        for m in mentions:
            out.write("\t".join([_tsv_field(rec.source), str(rec.line), str(m.start), str(m.end), _tsv_field(m.text),
                                 m.match.entity.id, _tsv_field(m.match.entity.name), m.match.entity.type,
                                 f"{m.match.score:.3f}", m.match.method, ""]) + "\n")
    else:
        out.write(_tagged(rec.text or "", mentions) + ("\n" if txt else ""))


def _cmd_annotate(args: argparse.Namespace, stdin: BinaryIO, out: TextIO) -> int:
    table = load_named(args.table) if args.table else None
    norm = Normalizer(table, config=Config(threshold=args.threshold, margin=args.margin))
    paths = args.files or ["-"]
    formats = [input_format(p, args.input_format) for p in paths]
    if args.format == "tagged" and any(f != "txt" for f in formats):
        sys.stderr.write("normalizer: --format tagged needs text input (.txt or --input-format txt)\n")
        return 2
    progress = Progress(args.progress if args.progress is not None else sys.stderr.isatty())
    window: collections.deque[Record] = collections.deque()

    def texts() -> Iterator[str]:
        for path, fmt in zip(paths, formats, strict=True):
            lines = args.lines or (path == "-" and fmt == "txt")
            for rec in read_records(path, fmt, field_name=args.field, column=args.column, lines=lines, stdin=stdin):
                if rec.error and args.on_error == "fail":
                    raise _Failed(rec.error)
                window.append(rec)
                yield rec.text or ""

    def run(handle: TextIO) -> None:
        if args.format == "tsv":
            handle.write("\t".join(MENTION_TSV_HEADER) + "\n")
        for mentions in norm.annotate_many(texts(), processes=args.processes):
            rec = window.popleft()
            if rec.error:
                sys.stderr.write(f"normalizer: {rec.error} (record passed through with an error field)\n")
            txt = formats[0] == "txt" if len(set(formats)) == 1 else "text" not in rec.fields
            _write_record(handle, args.format, rec, mentions, txt)
            progress.update(rec.size, bool(rec.error))

    try:
        if args.out:
            with atomic_writer(args.out) as handle:
                run(handle)
        else:
            run(out)
            out.flush()
    except _Failed as exc:
        progress.finish()
        kept = f"; {args.out} left as it was" if args.out else ""
        sys.stderr.write(f"normalizer: {exc} (--on-error fail: stopped{kept})\n")
        return 1
    progress.finish()
    return 1 if progress.failed else 0


def _decision_arguments(parser: argparse.ArgumentParser) -> None:
    config = Config()
    parser.add_argument("--threshold", type=float, default=config.threshold, metavar="T",
                        help=f"least calibrated score (0..1) that links (default: {config.threshold})")
    parser.add_argument("--margin", type=float, default=config.margin, metavar="M",
                        help=f"least lead (0..1) over the runner-up entity (default: {config.margin})")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (shared by ``main`` and the docs)."""
    parser = argparse.ArgumentParser(prog="normalizer", description="Resolve spellings of names across scripts.")
    sub = parser.add_subparsers(dest="command", required=True)
    res = sub.add_parser("resolve", help="resolve names to entities (TSV or JSONL out)")
    res.add_argument("names", nargs="*", help="names to resolve; one per line on stdin when none")
    res.add_argument("--table", action="append", metavar="PATH",
                     help="alias-table file (.tsv/.csv/.jsonl); repeat to merge; +PATH: the bundled table with PATH "
                          "over it; default: the bundled table")
    res.add_argument("--types", help=f"comma-separated entity types to keep ({','.join(ENTITY_TYPES)})")
    res.add_argument("--format", choices=("tsv", "jsonl"), default="tsv", help="output format (default: tsv)")
    res.add_argument("--candidates", type=int, default=0, metavar="N", help="with jsonl: also list N candidates")
    _decision_arguments(res)
    res.add_argument("--explain", action="store_true", help="write each match's explanation to stderr")
    res.add_argument("--column", metavar="NAME",
                     help="column mode: NAMES is one .csv/.tsv/.jsonl/.parquet file; resolve this column and add "
                          "entity_id, canonical_name, entity_type, score, method (output in the input's format)")
    res.add_argument("--out", metavar="PATH", help="column mode: write here, atomically (needed for parquet)")
    rom = sub.add_parser("romanize", help="print the Latin reading of each text")
    rom.add_argument("texts", nargs="*", help="texts; one per line on stdin when none")
    rom.add_argument("--format", choices=("tsv", "jsonl"), default="tsv", help="output format (default: tsv)")
    ann = sub.add_parser("annotate", help="find and link every mention in running text (corpus mode)")
    ann.add_argument("files", nargs="*", help="inputs (.txt, .jsonl, .csv, .tsv) or - for stdin (default)")
    ann.add_argument("--input-format", choices=("txt", "jsonl", "csv", "tsv"),
                     help="read inputs in this format whatever their extension (stdin: txt, one document per line)")
    ann.add_argument("--lines", action="store_true", help="txt: one document per line (default: one per file)")
    ann.add_argument("--field", default="text", help="jsonl: the field holding the text (default: text)")
    ann.add_argument("--column", help="csv/tsv: the column holding the text (default: the --field name)")
    ann.add_argument("--format", choices=("jsonl", "tsv", "tagged"), default="jsonl",
                     help="jsonl: the record plus mentions; tsv: one row per mention; tagged: text with inline tags")
    ann.add_argument("--processes", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    ann.add_argument("--out", metavar="PATH", help="write here, atomically (default: standard output)")
    ann.add_argument("--on-error", choices=("skip", "fail"), default="skip",
                     help="a bad record: pass it through with an error field (skip) or stop (fail); exit 1 either way")
    ann.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="show records/s and MB/s on stderr (default: when stderr is a terminal)")
    ann.add_argument("--table", action="append", metavar="PATH",
                     help="alias-table file; repeat to merge; +PATH: the bundled table with PATH over it")
    _decision_arguments(ann)
    from normalizer.cli import aliases as cli_aliases

    cli_aliases.add_parser(sub)
    return parser


def main(argv: Iterable[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None,
         stdin_bytes: BinaryIO | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 data error, 2 usage)."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:
        return int(exc.code or 0)
    if stdin is None:
        stdin = sys.stdin
        if isinstance(stdin, io.TextIOWrapper):  # UTF-8 whatever the locale; bad bytes reported per line
            stdin.reconfigure(encoding="utf-8", errors="surrogateescape")
    if stdout is None:
        out = sys.stdout
        if isinstance(out, io.TextIOWrapper):  # names in every script, whatever the console's code page
            out.reconfigure(encoding="utf-8")
    else:
        out = stdout
    problem = guard.check_outputs(args)
    if problem:
        sys.stderr.write(f"normalizer: {problem}\n")
        return 2
    restore_signals = guard.catch_signals()
    try:
        if args.command == "aliases":
            from normalizer.cli import aliases as cli_aliases

            return cli_aliases.run(args, out)
        if args.command == "annotate":
            if args.processes is not None and args.processes < 1:
                sys.stderr.write("normalizer: --processes must be 1 or more\n")
                return 2
            return _cmd_annotate(args, stdin_bytes or sys.stdin.buffer, out)
        if args.command == "resolve":
            if args.candidates < 0:
                sys.stderr.write("normalizer: --candidates must be 0 or more\n")
                return 2
            if args.candidates and args.format != "jsonl":
                sys.stderr.write("normalizer: --candidates needs --format jsonl (TSV has one row per name)\n")
                return 2
            return _cmd_resolve(args, stdin, out)
        return _cmd_romanize(args, stdin, out)
    except TableError as exc:
        sys.stderr.write(f"normalizer: {exc}\n")
        return 1
    except FileNotFoundError as exc:
        sys.stderr.write(f"normalizer: {exc.filename}: no such file\n")
        return 1
    except ValueError as exc:
        sys.stderr.write(f"normalizer: {exc}\n")
        return 2
    except KeyError as exc:
        sys.stderr.write(f"normalizer: {exc.args[0] if exc.args else exc}\n")
        return 1
    except BrokenPipeError:
        if stdout is None:
            guard.silence_stdout()
        return 0
    except OSError as exc:
        if stdout is None and exc.filename is None:
            guard.silence_stdout()
        sys.stderr.write(f"normalizer: {guard.describe(exc)}\n")
        return 1
    except guard.Interrupted as exc:
        out_path = getattr(args, "out", None)
        kept = f"; {out_path} left as it was" if out_path and guard.replaced(out_path) else ""
        sys.stderr.write(f"normalizer: stopped by {exc.name}{kept}\n")
        return exc.exit_code
    finally:
        restore_signals()


if __name__ == "__main__":
    raise SystemExit(main())
