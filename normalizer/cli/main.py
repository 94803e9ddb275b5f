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
import csv
import html
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from normalizer.adapters.progress import Progress, input_size
from normalizer.adapters.records import Record, has_surrogate, input_format, read_records
from normalizer.atomic import atomic_writer
from normalizer.cli import guard
from normalizer.config import Config
from normalizer.core.romanize import romanize
from normalizer.errors import TableError
from normalizer.model import ENTITY_TYPES, Match, Mention
from normalizer.normalizer import Normalizer
from normalizer.table import load_named


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("normalizer")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def _types(value: str) -> set[str]:
    """``--types``: comma-separated entity types, checked before any output (a usage error)."""
    chosen = {t.strip() for t in value.split(",") if t.strip()}
    bad = sorted(chosen - set(ENTITY_TYPES))
    if bad or not chosen:
        raise argparse.ArgumentTypeError(f"invalid types {', '.join(bad) or '(none)'}: choose from "
                                         f"{', '.join(ENTITY_TYPES)}")
    return chosen


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
    from normalizer.adapters import columns

    if len(args.names) != 1:
        sys.stderr.write("normalizer: --column takes exactly one FILE (.csv, .tsv, .jsonl or .parquet)\n")
        return 2
    path = args.names[0]
    in_fmt = columns.file_format(path)
    if in_fmt is None:
        sys.stderr.write(f"normalizer: {path}: --column needs a .csv, .tsv, .jsonl or .parquet file\n")
        return 2
    out_fmt = (columns.file_format(args.out) if args.out else None) or in_fmt
    if out_fmt == "parquet" and not args.out:
        sys.stderr.write("normalizer: parquet output needs --out PATH (or --out NAME.csv, .tsv or .jsonl)\n")
        return 2
    if not os.path.exists(path):
        raise FileNotFoundError(2, "No such file or directory", path)
    resolver = columns.CachedResolver(norm, types)
    shown = args.progress if args.progress is not None else sys.stderr.isatty()
    progress = (Progress(shown, total=columns.parquet_rows(path), unit="records") if in_fmt == "parquet"
                else Progress(shown, total=input_size([path])))
    if in_fmt == out_fmt == "parquet":
        columns.resolve_parquet(path, args.column, args.out, resolver, progress.update)  # keeps the column types
        bad = 0
    else:
        rows = columns.resolve_rows(path, in_fmt, args.column, resolver, progress.update)
        if out_fmt == "parquet":
            bad = columns.write_parquet(rows, args.out)
        elif args.out:
            with atomic_writer(args.out) as handle:
                bad = columns.write_rows(rows, out_fmt, handle)
        else:
            bad = columns.write_rows(rows, out_fmt, out)
    progress.finish()
    if bad:
        sys.stderr.write(f"normalizer: {bad} bad row(s) passed through with an error column\n")
    return 1 if bad else 0


def _cmd_resolve(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    table = load_named(args.table) if args.table else None
    norm = Normalizer(table, config=Config(threshold=args.threshold, margin=args.margin))
    types: set[str] | None = args.types
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


MENTION_TSV_HEADER = ("source", "line", "id", "start", "end", "text", "entity_id", "name", "type", "score", "method",
                      "error")
#: ``annotate`` output formats inferred from the ``--out`` file's extension when ``--format`` is not given.
OUTPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".tsv": "tsv", ".csv": "csv"}


class _Failed(Exception):
    """A bad record with --on-error fail."""


def _attribute(value: object) -> str:
    return html.escape(str(value), quote=True)


def _tagged(rec: Record, mentions: list[Mention]) -> str:
    """One document as ``<doc source=… [line=…] [error=…]>text with <entity> tags</doc>``, & < > escaped."""
    text = rec.text or ""
    attributes = [f'source="{_attribute(rec.source)}"']
    if "line" in rec.fields:
        attributes.append(f'line="{rec.line}"')
    if rec.error:
        attributes.append(f'error="{_attribute(rec.error)}"')
    parts, at = [f"<doc {' '.join(attributes)}>"], 0
    for m in mentions:
        parts.append(html.escape(text[at:m.start], quote=False))
        parts.append(f'<entity id="{_attribute(m.match.entity.id)}" type="{m.match.entity.type}">'
                     f'{html.escape(m.text, quote=False)}</entity>')
        at = m.end
    parts.append(html.escape(text[at:], quote=False))
    parts.append("</doc>\n")
    return "".join(parts)


def _mention_rows(rec: Record, mentions: list[Mention], id_field: str) -> Iterator[list[str]]:
    """The rows of MENTION_TSV_HEADER for one record: one per mention, one with the error if it failed."""
    value = rec.fields.get(id_field)
    record_id = "" if value is None else str(value)
    if rec.error:
        yield [rec.source, str(rec.line), record_id] + [""] * 8 + [rec.error]
    for m in mentions:
        yield [rec.source, str(rec.line), record_id, str(m.start), str(m.end), m.text, m.match.entity.id,
               m.match.entity.name, m.match.entity.type, f"{m.match.score:.3f}", m.match.method, ""]


def _write_record(out: TextIO, fmt: str, rec: Record, mentions: list[Mention], txt: bool, id_field: str) -> None:
    if fmt == "jsonl":
        obj = dict(rec.fields)
        if txt and rec.text is not None:
            obj["text"] = rec.text
        obj["mentions"] = [m.to_dict() for m in mentions]
        if rec.error:
            obj["error"] = rec.error
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    elif fmt == "tsv":
        for row in _mention_rows(rec, mentions, id_field):
            out.write("\t".join(_tsv_field(v) for v in row) + "\n")
    elif fmt == "csv":
        csv.writer(out, lineterminator="\n").writerows(_mention_rows(rec, mentions, id_field))
    else:
        out.write(_tagged(rec, mentions))


def _check_inputs(paths: list[str], formats: list[str], args: argparse.Namespace) -> None:
    """Fail before any output on what can be seen up front: a missing input, a CSV/TSV file without the column.

    Raises:
        FileNotFoundError: an input does not exist.
        ValueError: a CSV/TSV input lacks the text column.
    """
    for path, fmt in zip(paths, formats, strict=True):
        if path == "-":
            continue
        if not os.path.exists(path):
            raise FileNotFoundError(2, "No such file or directory", path)
        if fmt in ("csv", "tsv"):
            for _ in read_records(path, fmt, field_name=args.field, column=args.column):
                break  # the header (and one row) is enough


def _cmd_annotate(args: argparse.Namespace, stdin: BinaryIO, out: TextIO) -> int:
    table = load_named(args.table) if args.table else None
    norm = Normalizer(table, config=Config(threshold=args.threshold, margin=args.margin))
    paths = args.files or ["-"]
    formats = [input_format(p, args.input_format) for p in paths]
    out_format = args.format or OUTPUT_FORMATS.get(os.path.splitext(args.out or "")[1].lower(), "jsonl")
    if out_format == "tagged" and any(f != "txt" for f in formats):
        sys.stderr.write("normalizer: --format tagged needs text input (.txt or --input-format txt)\n")
        return 2
    _check_inputs(paths, formats, args)
    progress = Progress(args.progress if args.progress is not None else sys.stderr.isatty(),
                        total=input_size(paths))
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
        # The header waits for the first record, so that an error found on reading (a CSV on
        # standard input without the column) comes before any output.
        header = {"tsv": "\t".join(MENTION_TSV_HEADER) + "\n", "csv": ",".join(MENTION_TSV_HEADER) + "\n"}
        pending = header.get(out_format, "")
        for mentions in norm.annotate_many(texts(), processes=args.processes):
            handle.write(pending)
            pending = ""
            rec = window.popleft()
            if rec.error:
                sys.stderr.write(f"normalizer: {rec.error} (record passed through with an error field)\n")
            txt = formats[0] == "txt" if len(set(formats)) == 1 else "text" not in rec.fields
            _write_record(handle, out_format, rec, mentions, txt, args.id_field)
            progress.update(rec.size, bool(rec.error))
        handle.write(pending)

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
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True)
    res = sub.add_parser("resolve", help="resolve names to entities (TSV or JSONL out)")
    res.add_argument("names", nargs="*", help="names to resolve; one per line on stdin when none")
    res.add_argument("--table", action="append", metavar="PATH",
                     help="alias-table file (.tsv/.csv/.jsonl); repeat to merge; +PATH: the bundled table with PATH "
                          "over it; default: the bundled table")
    res.add_argument("--types", type=_types, metavar="TYPES",
                     help=f"comma-separated entity types to keep ({','.join(ENTITY_TYPES)})")
    res.add_argument("--format", choices=("tsv", "jsonl"), default="tsv", help="output format (default: tsv)")
    res.add_argument("--candidates", type=int, default=0, metavar="N", help="with jsonl: also list N candidates")
    _decision_arguments(res)
    res.add_argument("--explain", action="store_true", help="write each match's explanation to stderr")
    res.add_argument("--column", metavar="NAME",
                     help="column mode: NAMES is one .csv/.tsv/.jsonl/.parquet file; resolve this column and add "
                          "entity_id, canonical_name, entity_type, score, method, error")
    res.add_argument("--out", metavar="PATH",
                     help="column mode: write here, atomically, in the format of its extension (.csv, .tsv, .jsonl, "
                          ".parquet; another extension: the input's format) (default: standard output, in the "
                          "input's format; parquet needs --out)")
    res.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="column mode: show rows/s and the percentage done and time left on stderr (default: when "
                          "stderr is a terminal)")
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
    ann.add_argument("--format", choices=("jsonl", "tsv", "csv", "tagged"),
                     help="jsonl: the record plus mentions; tsv, csv: one row per mention (with the record's "
                          "source, line and id); tagged: each document in <doc>, mentions in <entity> tags "
                          "(default: from the --out extension .jsonl, .tsv or .csv; else jsonl)")
    ann.add_argument("--id-field", default="id", metavar="F",
                     help="jsonl/csv/tsv input: the field or column whose value fills the id column of tsv and "
                          "csv output (default: id)")
    ann.add_argument("--processes", type=int, default=None, metavar="N",
                     help="processes (default: one on a machine with one or two cores; with more, workers on all "
                          "cores but one once 8 MB of text have been read: see docs/scale.md)")
    ann.add_argument("--out", metavar="PATH", help="write here, atomically (default: standard output)")
    ann.add_argument("--on-error", choices=("skip", "fail"), default="skip",
                     help="a bad record: pass it through with an error field (skip) or stop (fail); exit 1 either way")
    ann.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="show records/s, MB/s and, for files, the percentage done and the time left on stderr "
                          "(default: when stderr is a terminal)")
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
