"""Command line: ``normalizer resolve|romanize`` on the public API.

Reads names from the arguments, or one per line from standard input when there are
none; streams; writes TSV (default) or JSONL to standard output.
Exit codes: 0 ok, 1 data errors (a bad table), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from normalizer.errors import TableError
from normalizer.model import ENTITY_TYPES, Match
from normalizer.normalizer import Config, Normalizer
from normalizer.romanize import romanize
from normalizer.table import AliasTable

TSV_HEADER = ("query", "entity_id", "name", "type", "score", "method", "alias")


def _inputs(values: list[str], stdin: TextIO) -> Iterator[str]:
    if values:
        yield from values
        return
    for line in stdin:
        yield line.rstrip("\r\n")


def _tsv_field(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ")


def _write_match(out: TextIO, fmt: str, query: str, match: Match | None, candidates: list[Match] | None) -> None:
    if fmt == "jsonl":
        record: dict[str, object] = {"query": query, "match": match.to_dict() if match else None}
        if candidates is not None:
            record["candidates"] = [c.to_dict() for c in candidates]
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if match is None:
        out.write("\t".join([_tsv_field(query), "", "", "", "", "", ""]) + "\n")
    else:
        out.write("\t".join([_tsv_field(query), match.entity.id, _tsv_field(match.entity.name), match.entity.type,
                             f"{match.score:.3f}", match.method, _tsv_field(match.alias)]) + "\n")


def _cmd_resolve(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    table = AliasTable.load(*args.table) if args.table else None
    norm = Normalizer(table, config=Config(threshold=args.threshold, margin=args.margin))
    types = set(args.types.split(",")) if args.types else None
    if args.format == "tsv":
        out.write("\t".join(TSV_HEADER) + "\n")
    for query in _inputs(args.names, stdin):
        match = norm.resolve(query, types=types)
        cands = norm.candidates(query, limit=args.candidates, types=types) if args.candidates else None
        _write_match(out, args.format, query, match, cands)
        if args.explain and match is not None:
            sys.stderr.write(match.explain() + "\n")
        out.flush()
    return 0


def _cmd_romanize(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    if args.format == "tsv":
        out.write("text\tromanization\n")
    for text in _inputs(args.texts, stdin):
        if args.format == "jsonl":
            out.write(json.dumps({"text": text, "romanization": romanize(text)}, ensure_ascii=False) + "\n")
        else:
            out.write(f"{_tsv_field(text)}\t{romanize(text)}\n")
        out.flush()
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (shared by ``main`` and the docs)."""
    parser = argparse.ArgumentParser(prog="normalizer", description="Resolve spellings of names across scripts.")
    sub = parser.add_subparsers(dest="command", required=True)
    res = sub.add_parser("resolve", help="resolve names to entities (TSV or JSONL out)")
    res.add_argument("names", nargs="*", help="names to resolve; one per line on stdin when none")
    res.add_argument("--table", action="append", metavar="PATH",
                     help="alias-table file (.tsv/.csv/.jsonl); repeat to merge; default: the bundled table")
    res.add_argument("--types", help=f"comma-separated entity types to keep ({','.join(ENTITY_TYPES)})")
    res.add_argument("--format", choices=("tsv", "jsonl"), default="tsv")
    res.add_argument("--candidates", type=int, default=0, metavar="N", help="with jsonl: also list N candidates")
    res.add_argument("--threshold", type=float, default=Config().threshold)
    res.add_argument("--margin", type=float, default=Config().margin)
    res.add_argument("--explain", action="store_true", help="write each match's explanation to stderr")
    rom = sub.add_parser("romanize", help="print the Latin reading of each text")
    rom.add_argument("texts", nargs="*", help="texts; one per line on stdin when none")
    rom.add_argument("--format", choices=("tsv", "jsonl"), default="tsv")
    return parser


def main(argv: Iterable[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 data error, 2 usage)."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:
        return int(exc.code or 0)
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    try:
        if args.command == "resolve":
            if args.candidates < 0:
                sys.stderr.write("normalizer: --candidates must be 0 or more\n")
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
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
