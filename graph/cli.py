"""The data commands, for maintainers and open-data users (`orggraph` and `python -m graph`).

    orggraph check [PATH]                              validate; print the version and counts
    orggraph export --format FMT [-o FILE] [PATH]      json, csv, popolo or jsonld
    orggraph diff OLD NEW [--json]                     what an edit changes, before it goes live
    orggraph generate --entities N --out DIR [--seed S]   a synthetic organization

PATH defaults to $ORGGRAPH_DATA when it is set (what `orggraph serve` would serve), else the
embedded IOM data (graph/embedded.py). Exit status: `check` and `export` give 0 when the data
loads and 1 when it has problems; `diff` follows diff(1): 0 when nothing changed, 1 when
something did, 2 when either side does not load. `generate` gives 1 when DIR already holds
*.yaml files (pass --force to replace them). argparse gives 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from graph.diff import diff_graphs
from graph.embedded import EMBEDDED_DATA
from graph.exports import FORMATS
from graph.load.loader import LoadResult, load
from graph.synthetic.generate import MIN_ENTITIES, write_organization

DATA_ENV = """environment:
  ORGGRAPH_DATA   the data directory (or file) PATH defaults to; unset: the embedded IOM data
                  (%s)"""
NO_ENV = "environment: none read"
FORMATTER = argparse.RawDescriptionHelpFormatter


def default_data() -> Path:
    """$ORGGRAPH_DATA (relative to the working directory), else the embedded data."""
    value = os.environ.get("ORGGRAPH_DATA", "").strip()
    return Path(value).expanduser().resolve() if value else EMBEDDED_DATA


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m graph", description=__doc__, formatter_class=FORMATTER
    )
    commands = parser.add_subparsers(dest="command", required=True)
    add_commands(commands)
    return run(parser, parser.parse_args(argv))


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add check, export, diff and generate to a command line (also `orggraph`'s)."""
    data_env = DATA_ENV % EMBEDDED_DATA
    path_help = "a data directory or one YAML file (default: $ORGGRAPH_DATA, else embedded)"
    check = commands.add_parser(
        "check",
        help="validate the data and print its version and counts",
        description="Validate the data: print the data version and the counts by kind, or "
        "every problem as file:line:column: message (exit 1).",
        epilog=data_env,
        formatter_class=FORMATTER,
    )
    check.add_argument("path", nargs="?", type=Path, default=None, help=path_help)
    export = commands.add_parser(
        "export",
        help="write the whole graph in an open-data format",
        description="Write the whole graph as json, csv, popolo or jsonld (docs/exports.md).",
        epilog=data_env,
        formatter_class=FORMATTER,
    )
    export.add_argument("--format", "-f", required=True, choices=sorted(FORMATS))
    export.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
    export.add_argument("path", nargs="?", type=Path, default=None, help=path_help)
    diff = commands.add_parser(
        "diff",
        help="list what changed between two versions of the data",
        description="List what an edit changes: added, removed, moved, renamed, ... "
        "Exit 0: nothing changed; 1: something did; 2: either side does not load.",
        epilog=NO_ENV,
        formatter_class=FORMATTER,
    )
    diff.add_argument("old", type=Path, help="the data before the edit (directory or file)")
    diff.add_argument("new", type=Path, help="the data after the edit (directory or file)")
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    generate = commands.add_parser(
        "generate",
        help="write a synthetic organization of any size (for benchmarks)",
        description="Write a synthetic organization in the data format (docs/performance.md).",
        epilog=NO_ENV,
        formatter_class=FORMATTER,
    )
    generate.add_argument("--entities", "-n", type=int, required=True, help="how many entities")
    generate.add_argument("--out", "-o", type=Path, required=True, help="directory to write")
    generate.add_argument("--seed", type=int, default=1, help="same seed, same files (default 1)")
    generate.add_argument("--force", action="store_true", help="replace *.yaml files in --out")


def run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run a data command parsed by a parser that `add_commands` filled."""
    for stream in (sys.stdout, sys.stderr):
        # Messages quote the data; a non-UTF-8 terminal must not turn them into a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return _run(parser, args)
    except BrokenPipeError:  # `orggraph check | head`: the reader left; no traceback
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "check":
        return _check(args.path or default_data())
    if args.command == "export":
        return _export(args.format, args.path or default_data(), args.output)
    if args.command == "diff":
        return _diff(args.old, args.new, as_json=args.json)
    if args.command == "generate":
        if args.entities < MIN_ENTITIES:
            parser.error(f"--entities must be at least {MIN_ENTITIES}")
        return _generate(args.out, args.entities, args.seed, force=args.force)
    parser.error(f"unknown command {args.command}")  # pragma: no cover (argparse refuses first)


def _load_or_report(path: Path) -> LoadResult:
    """Load `path`; when it has problems, print every one of them to stderr."""
    result = load(path)
    if result.graph is None:
        for error in result.errors:
            print(error, file=sys.stderr)
        count = len(result.errors)
        print(f"{count} error{'s' if count != 1 else ''}", file=sys.stderr)
    return result


def _export(name: str, path: Path, output: Path | None) -> int:
    graph = _load_or_report(path).graph
    if graph is None:
        return 1
    text = FORMATS[name].render(graph)
    if output is None:
        sys.stdout.write(text)
    else:
        # newline="" keeps CSV's \r\n line ends exactly as rendered.
        output.write_text(text, encoding="utf-8", newline="")
    return 0


def _diff(old_path: Path, new_path: Path, *, as_json: bool) -> int:
    old, new = _load_or_report(old_path).graph, _load_or_report(new_path).graph
    if old is None or new is None:
        return 2
    changes = diff_graphs(old, new)
    if as_json:
        print(json.dumps(changes.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(changes.format_text().rstrip("\n"))
    return 1 if changes.has_changes else 0


def _generate(out: Path, entities: int, seed: int, *, force: bool) -> int:
    existing = sorted(out.glob("*.yaml")) if out.is_dir() else []
    if existing and not force:
        print(f"{out} already holds data files; pass --force to replace them", file=sys.stderr)
        return 1
    for path in existing:
        path.unlink()
    paths = write_organization(out, entities, seed)
    size = sum(path.stat().st_size for path in paths)
    print(f"wrote {entities} entities in {len(paths)} files ({size / 1e6:.1f} MB) to {out}")
    return 0


def _check(path: Path) -> int:
    result = _load_or_report(path)
    if result.graph is None:
        return 1
    graph = result.graph
    print(f"data version: {graph.version}")
    print(f"files: {len(result.files)}")
    print(f"entities: {len(graph.entities)}")
    for kind, count in graph.counts_by_kind().items():
        if count:
            print(f"  {kind.value}: {count}")
    print(f"positions: {len(graph.positions)}")
    print(f"relations: {len(graph.relations)}")
    memberships = sum(len(entity.members) for entity in graph.iter_entities())
    print(f"committee memberships: {memberships}")
    return 0
