"""`orggraph`: one command for operators and maintainers.

    orggraph serve [--host H] [--port P] [--workers N] [--data PATH]   the API and the viewer
    orggraph check [PATH]                             validate the data; print version, counts
    orggraph export --format FMT [-o FILE] [PATH]     json, csv, popolo or jsonld
    orggraph diff OLD NEW [--json]                    what an edit changes
    orggraph generate --entities N --out DIR          a synthetic organization

`orggraph COMMAND --help` lists each command's options and the environment variables it reads.
`python -m server` is `orggraph serve`; `python -m graph` has the data commands.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from graph import cli as data_cli
from server import config as config_module
from server.config import Config, ConfigError
from server.serve import serve
from server.trusted import ManifestError, TrustedDocuments

# Each option of `serve` stands for one environment variable (the workers read the variables).
SERVE_OPTIONS = {"host": "HOST", "port": "PORT", "workers": "WEB_CONCURRENCY"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="orggraph", description=__doc__, formatter_class=data_cli.FORMATTER
    )
    commands = parser.add_subparsers(dest="command", required=True)
    _add_serve(commands)
    data_cli.add_commands(commands)
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    return data_cli.run(parser, args)


def _add_serve(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve_parser = commands.add_parser(
        "serve",
        help="serve the GraphQL API, GraphiQL and the viewer (metrics on a separate port)",
        description="Serve /graphql, GraphiQL, the viewer, /exports, /healthz and /readyz;\n"
        "/metrics on ORGGRAPH_METRICS_HOST:ORGGRAPH_METRICS_PORT (docs/operations.md).\n"
        "Each option overrides the environment variable named in its help.",
        epilog="environment (server/config.py):\n" + (config_module.__doc__ or ""),
        formatter_class=data_cli.FORMATTER,
    )
    serve_parser.add_argument("--host", help="address to listen on (HOST; default 127.0.0.1)")
    serve_parser.add_argument("--port", type=int, help="port to listen on (PORT; default 8000)")
    serve_parser.add_argument(
        "--workers", type=int, metavar="N", help="worker processes (WEB_CONCURRENCY; default 1)"
    )
    serve_parser.add_argument(
        "--data",
        type=Path,
        metavar="PATH",
        help="the YAML data directory or file (ORGGRAPH_DATA; default: the embedded IOM data)",
    )


def _serve(args: argparse.Namespace) -> int:
    for option, variable in SERVE_OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            os.environ[variable] = str(value)
    if args.data is not None:
        os.environ["ORGGRAPH_DATA"] = str(args.data.expanduser().resolve())
    try:
        config = Config.from_env()
        # A broken trusted-documents manifest stops start-up here, not in every worker.
        TrustedDocuments.from_config(config.trusted_documents, config.documents)
    except (ConfigError, ManifestError) as error:
        print(f"orggraph: {error}", file=sys.stderr)
        return 2
    return serve(config)
