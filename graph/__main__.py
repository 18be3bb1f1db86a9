"""Command line for data maintainers and open-data users.

    python -m graph check [PATH]                      validate; print the version and counts
    python -m graph export --format FMT [-o FILE] [PATH]   json, csv, popolo or jsonld
    python -m graph diff OLD NEW [--json]             what an edit changes, before it goes live
    python -m graph generate --entities N --out DIR [--seed S]   a synthetic organization

Exit status: `check` and `export` give 0 when the data loads and 1 when it has problems; `diff`
follows diff(1): 0 when nothing changed, 1 when something did, 2 when either side does not load.
`generate` gives 1 when DIR already holds *.yaml files (pass --force to replace them).
argparse gives 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from graph.diff import diff_graphs
from graph.exports import FORMATS
from graph.load.loader import LoadResult, load
from graph.synthetic.generate import MIN_ENTITIES, write_organization

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
    export = commands.add_parser("export", help="write the whole graph in an open-data format")
    export.add_argument("--format", "-f", required=True, choices=sorted(FORMATS))
    export.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
    export.add_argument("path", nargs="?", type=Path, default=DEFAULT_DATA)
    diff = commands.add_parser("diff", help="list what changed between two versions of the data")
    diff.add_argument("old", type=Path, help="the data before the edit (directory or file)")
    diff.add_argument("new", type=Path, help="the data after the edit (directory or file)")
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    generate = commands.add_parser(
        "generate", help="write a synthetic organization of any size (for benchmarks)"
    )
    generate.add_argument("--entities", "-n", type=int, required=True, help="how many entities")
    generate.add_argument("--out", "-o", type=Path, required=True, help="directory to write")
    generate.add_argument("--seed", type=int, default=1, help="same seed, same files (default 1)")
    generate.add_argument("--force", action="store_true", help="replace *.yaml files in --out")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.path)
    if args.command == "export":
        return _export(args.format, args.path, args.output)
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


if __name__ == "__main__":
    sys.exit(main())
