"""Command line: `python -m graph check [DIR]` validates the data and prints what it holds.

Subcommands are argparse subparsers so that later ones (`export`, `diff`) slot in beside `check`.
Exit status: 0 when the data loads, 1 when it has problems, 2 for a usage error (argparse).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from graph.loader import load

# The embedded data, found from this file and never from the working directory.
DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Messages quote the data; a non-UTF-8 terminal must not turn them into a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = argparse.ArgumentParser(prog="python -m graph", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the data and print counts")
    check.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=DEFAULT_DATA,
        help="a data directory or one YAML file (default: the embedded data/)",
    )
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.path)
    parser.error(f"unknown command {args.command}")  # pragma: no cover (argparse refuses first)


def _check(path: Path) -> int:
    result = load(path)
    if result.graph is None:
        for error in result.errors:
            print(error, file=sys.stderr)
        count = len(result.errors)
        print(f"{count} error{'s' if count != 1 else ''}", file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(main())
