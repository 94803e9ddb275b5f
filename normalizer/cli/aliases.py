"""Command line for alias-table maintenance: ``normalizer aliases fmt|check|add|remove|…``.

Every command that changes a table reads the files given with ``--table`` (``+PATH``: the
bundled table with the files over it), applies the change through the
:class:`~normalizer.table.AliasTable` API and writes back the files that changed, each in
its own layout and columns, atomically: a change is as many changed lines as rows it
changes (``AliasTable.save_sources``). Adding a spelling the entity has already writes
nothing and says so (exit 0).
Exit codes: 0 ok, 1 errors in the data (findings, bad rows, a failed import), 2 usage.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path
from typing import TextIO

from normalizer.atomic import write_atomic
from normalizer.model import ENTITY_TYPES, STRENGTHS, Alias, Entity
from normalizer.table import DEFAULT_FILES, AliasTable, export_default, load_named
from normalizer.tableio import Builder, read_file, read_text, render

#: How ``--table`` reads its values (the same help on every command that takes it).
TABLE_HELP = ("alias-table file (.tsv/.csv/.jsonl); repeat to merge; +PATH: the bundled table with PATH over it "
              "(your own entities and spellings, without copying it)")


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``aliases`` command and its subcommands to ``sub``."""
    top = sub.add_parser("aliases", help="check, edit, grow and import alias tables")
    cmds = top.add_subparsers(dest="aliases_command", required=True)

    fmt = cmds.add_parser("fmt", help="rewrite table files in canonical form (sorted, fixed columns)")
    fmt.add_argument("paths", nargs="+", help="table files (.tsv, .csv, .jsonl)")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not canonical")

    chk = cmds.add_parser("check", help="report errors and warnings as file:line (exit 1 on errors)")
    chk.add_argument("paths", nargs="*", help="table files (default: the bundled table); +PATH: the bundled table "
                     "with PATH over it (id clashes are errors)")
    chk.add_argument("--format", choices=("text", "jsonl"), default="text",
                     help="text: file:line: severity [code]: message → fix; jsonl: one finding a line (default: text)")
    chk.add_argument("--errors-only", action="store_true", help="do not print warnings")
    chk.add_argument("--no-rules", action="store_true", help="skip the rule tables' own examples")

    def edit(name: str, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = cmds.add_parser(name, help=help_text)
        p.add_argument("--table", action="append", required=True, metavar="PATH",
                       help="the table's files (repeat; name your own first: new aliases go to the first that holds "
                            "aliases); each is written back in its own layout; +PATH: the bundled table with PATH "
                            "over it (only PATH is written)")
        return p

    add = edit("add", "add an alias to an entity")
    add.add_argument("entity_id", help="the entity's id (a redirected id is followed)")
    add.add_argument("alias", help="the spelling to add")
    add.add_argument("--lang", default="", help="language tag of the spelling, as in the lang column: hi, ar, ur, fa, "
                                               "ru, en … (default: none)")
    add.add_argument("--strength", choices=STRENGTHS, default="strong",
                     help="strong; weak: a surname alone, a nickname; context: also an ordinary word (default: strong)")
    add.add_argument("--source", default="manual", help="where the spelling was seen (default: manual)")
    add.add_argument("--note", default="", help="a note for reviewers, e.g. a romanisation (default: none)")
    add.add_argument("--into", metavar="PATH", help="file for the new row (default: where the entity's aliases are)")

    rem = edit("remove", "remove an alias from an entity")
    rem.add_argument("entity_id", help="the entity's id")
    rem.add_argument("alias", help="the spelling to remove")

    ent = edit("add-entity", "add an entity")
    ent.add_argument("entity_id", help="the new entity's id (lowercase, hyphens: sergey-lavrov)")
    ent.add_argument("--name", required=True, help="canonical name, in Latin letters")
    ent.add_argument("--type", required=True, choices=ENTITY_TYPES, help="entity type")
    ent.add_argument("--wikidata", default="", help="Wikidata id (Q…) (default: none)")
    ent.add_argument("--alias", action="append", default=[], help="an alias (repeat)")

    mrg = edit("merge", "merge an entity into another; the old id stays as a redirect")
    mrg.add_argument("old_id", help="the entity that goes (its id becomes a redirect)")
    mrg.add_argument("into_id", help="the entity that stays and receives the aliases")

    ren = edit("rename", "rename an entity id; the old id stays as a redirect")
    ren.add_argument("old_id", help="the current id (it becomes a redirect)")
    ren.add_argument("new_id", help="the new id")

    sug = cmds.add_parser("suggest", help="propose new spellings found in corpora, for review")
    sug.add_argument("corpus", nargs="+", help="corpus files (.txt, .jsonl, .csv, .tsv)")
    sug.add_argument("--table", action="append", metavar="PATH", help=TABLE_HELP + " (default: the bundled table)")
    sug.add_argument("--out", required=True, metavar="REVIEW.tsv", help="the review file to write (TSV)")
    sug.add_argument("--lines", action="store_true", help="txt: one document per line")
    sug.add_argument("--field", default="text", help="jsonl: the field holding the text (default: text)")
    sug.add_argument("--column", help="csv/tsv: the column holding the text (default: the --field name)")
    sug.add_argument("--min-score", type=float, default=0.5,
                     help="drop proposals scoring below this (default 0.5: see docs/maintenance.md)")
    sug.add_argument("--processes", type=int, default=None, metavar="N",
                     help="worker processes (default: as for annotate)")
    sug.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="show records/s, the percentage done and the time left on stderr (default: when stderr is "
                          "a terminal)")

    app = edit("apply", "add the accepted rows of a review file to the table")
    app.add_argument("review", help="a review file of `aliases suggest`, its decision column filled")
    app.add_argument("--source", default="", help="source recorded on each alias (default: suggest:<review file>)")
    app.add_argument("--into", metavar="PATH",
                     help="file for the new rows (default: where each entity's aliases are)")

    var = cmds.add_parser("spellings", aliases=["variants"],
                          help="likely spellings of a Latin name in other scripts (also: variants)")
    var.add_argument("name", help="a Latin name, or an entity id of --table")
    var.add_argument("--scripts", default="deva,arab,cyrl",
                     help="comma-separated scripts to spell in: deva, arab, urdu, cyrl (default: deva,arab,cyrl)")
    var.add_argument("--limit", type=int, default=5, metavar="N", help="spellings per script, best first (default: 5)")
    var.add_argument("--table", action="append", metavar="PATH",
                     help=TABLE_HELP + "; to look up an entity id")
    var.add_argument("--format", choices=("tsv", "jsonl"), default="tsv", help="output format (default: tsv)")

    exp = cmds.add_parser("export", help="write the bundled table's files into a folder, to edit a copy")
    exp.add_argument("folder", metavar="DIR", help="folder to write into (created if need be)")
    exp.add_argument("--force", action="store_true", help="overwrite files that are there already")

    imp = cmds.add_parser("import", help="import entities from Wikidata JSON or a CSV/TSV file")
    imp.add_argument("kind", choices=("wikidata", "csv"), help="wikidata: wbgetentities JSON or dump lines; csv: "
                                                              "a CSV/TSV file, columns named by --map")
    imp.add_argument("path", help="the file to import")
    imp.add_argument("--out", required=True, metavar="TABLE", help="table file to write (.tsv, .csv, .jsonl)")
    imp.add_argument("--langs", default="en,hi,ar,ur,fa,ru", help="wikidata: languages of labels and aliases")
    imp.add_argument("--type", choices=ENTITY_TYPES, help="wikidata: type of every entity (default: from P31)")
    imp.add_argument("--map", default="", help="csv: id=COL,name=COL,type=COL,alias=COL,lang=COL,wikidata=COL")
    imp.add_argument("--merge", action="store_true", help="add to --out if it exists instead of replacing it")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run one ``aliases`` subcommand; return the exit code."""
    command = args.aliases_command
    if command == "fmt":
        return _fmt(args, out)
    if command == "check":
        return _check(args, out)
    if command == "suggest":
        from normalizer.tables.suggest import suggest_command

        return suggest_command(args, out)
    if command in ("spellings", "variants"):
        return _spellings(args, out)
    if command == "import":
        from normalizer.tables.importers import import_command

        return import_command(args, out)
    if command == "export":
        return _export(args, out)
    table = load_named(args.table)
    into = getattr(args, "into", None)
    if command == "add":
        entity = table[args.entity_id]
        if args.alias == entity.name or args.alias in entity.aliases:
            sys.stderr.write(f"normalizer: {entity.id} has {_spelling(table, entity, args.alias)}\n")
            return 0
        table = table.with_alias(args.entity_id, Alias(args.alias, args.lang, args.strength, args.source, args.note))
    elif command == "remove":
        table = table.without_alias(args.entity_id, args.alias)
    elif command == "add-entity":
        details = tuple(Alias(a, source="manual") for a in args.alias)
        table = table.with_entity(Entity(id=args.entity_id, name=args.name, type=args.type, wikidata=args.wikidata,
                                         aliases=tuple(a.text for a in details), details=details))
    elif command == "merge":
        table = table.merge(args.old_id, args.into_id)
    elif command == "rename":
        table = table.rename(args.old_id, args.new_id)
    elif command == "apply":
        from normalizer.tables.suggest import apply_review

        table, added = apply_review(table, args.review, args.source or f"suggest:{Path(args.review).name}")
        out.write(f"{added} alias(es) added\n")
    before = {path.removeprefix("+"): _lines(path) for path in [*args.table, *([into] if into else [])]}
    written = table.save_sources(new_aliases_to=into)
    if not written:
        sys.stderr.write("normalizer: no file changed\n")
    for path in written:
        old, new = before.get(path) or collections.Counter(), _lines(path)
        sys.stderr.write(f"normalizer: wrote {path} (+{sum((new - old).values())} −{sum((old - new).values())} "
                         "lines)\n")
    return 0


def _lines(path: str) -> collections.Counter[str]:
    try:
        return collections.Counter(Path(path.removeprefix("+")).read_text(encoding="utf-8-sig").splitlines())
    except OSError:
        return collections.Counter()


def _spelling(table: AliasTable, entity: Entity, text: str) -> str:
    """How ``text`` is already a spelling of ``entity`` (its name, or an alias: where, with what details)."""
    if text == entity.name:
        return f"the name {text!r} already (a name is always a spelling): nothing written"
    origin = table.origin(entity.id, text)
    a = entity.alias(text)
    details = ", ".join(x for x in (a.lang, a.strength, a.source) if x)
    where = ": ".join(x for x in (f"{origin.path}:{origin.line}" if origin else "", details) if x)
    return (f"the alias {text!r} already{f' ({where})' if where else ''}: nothing written; to change its details, "
            "remove it and add it again")


def _export(args: argparse.Namespace, out: TextIO) -> int:
    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        sys.stderr.write(f"normalizer: {folder}: is not a folder → name a folder (created if need be)\n")
        return 2
    try:
        written = export_default(folder, overwrite=args.force)
    except FileExistsError as exc:
        sys.stderr.write(f"normalizer: {exc.filename}: exists → pass --force to overwrite, or choose an empty "
                         "folder\n")
        return 2
    out.write("".join(f"{path}\n" for path in written))
    tables = " ".join(f"--table {folder / name}" for name in DEFAULT_FILES)
    sys.stderr.write(f"normalizer: the bundled table is in {folder}; edit it with: normalizer aliases add {tables} "
                     "…\n")
    return 0


def _fmt(args: argparse.Namespace, out: TextIO) -> int:
    status = 0
    for path in args.paths:
        text = read_file(path)
        builder = Builder(lenient=True)
        read_text(builder, text, path)
        loaded = builder.build(need_entities=False)
        if loaded.problems:
            for problem in loaded.problems:
                sys.stderr.write(f"normalizer: {problem}\n")
            sys.stderr.write(f"normalizer: {path}: not rewritten (fix the rows above first)\n")
            status = 1
            continue
        layout = loaded.layouts.get(path, "jsonl")
        canonical = render(loaded.entities, layout, Path(path).suffix.lower(), loaded.redirects,
                           redirect_extra=loaded.redirect_extra)
        if canonical == text:
            continue
        if args.check:
            out.write(f"{path}: not canonical (run: normalizer aliases fmt {path})\n")
            status = 1
        else:
            write_atomic(Path(path), canonical)
            out.write(f"{path}: rewritten\n")
    return status


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from normalizer.tables.check import check_errors, check_files, check_table

    if args.paths:
        over = any(p.startswith("+") for p in args.paths)
        findings = check_files(*[p.removeprefix("+") for p in args.paths], rules=not args.no_rules,
                               base=AliasTable.default() if over else None)
    else:
        findings = check_table(AliasTable.default(), rules=not args.no_rules)
    for finding in findings:
        if args.errors_only and finding.severity != "error":
            continue
        out.write((json.dumps(finding.to_dict(), ensure_ascii=False) if args.format == "jsonl"
                   else finding.render()) + "\n")
    errors = check_errors(findings)
    sys.stderr.write(f"normalizer: {errors} error(s), {len(findings) - errors} warning(s)\n")
    return 1 if errors else 0


def _spellings(args: argparse.Namespace, out: TextIO) -> int:
    from normalizer.core.clean import clean
    from normalizer.tables.spellings import SCRIPTS, generate, latin_words

    scripts = [s.strip() for s in args.scripts.split(",") if s.strip()]
    bad = [s for s in scripts if s not in SCRIPTS]
    if bad or args.limit < 1:
        sys.stderr.write(f"normalizer: choose scripts from {', '.join(SCRIPTS)} and a positive --limit\n")
        return 2
    name = args.name
    table = load_named(args.table) if args.table else AliasTable.default()
    if name in table:
        name = table[name].name
    latin = latin_words(name)
    if not latin:
        sys.stderr.write(f"normalizer: {name!r} has no Latin word: give a name in Latin letters, or an entity id\n")
        return 2
    if len(latin) < len(clean(name).split()):
        sys.stderr.write(f"normalizer: {name!r}: only its Latin words are spelled ({' '.join(latin)})\n")
    if args.format == "tsv":
        out.write("name\tscript\trank\tspelling\tscore\n")
    for script in scripts:
        for rank, (spelling, score) in enumerate(generate(name, script, args.limit), start=1):
            if args.format == "jsonl":
                out.write(json.dumps({"name": name, "script": script, "rank": rank, "spelling": spelling,
                                      "score": round(score, 4)}, ensure_ascii=False) + "\n")
            else:
                out.write(f"{name}\t{script}\t{rank}\t{spelling}\t{score:.3f}\n")
    return 0
