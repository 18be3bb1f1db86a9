"""Print the public schema as SDL: `python -m server.export_schema > schema.graphql`."""

from __future__ import annotations

import sys

from api.root import schema


def sdl() -> str:
    """The schema exactly as `schema.graphql` should hold it (with a final newline)."""
    return schema.as_str() + "\n"


def main() -> None:
    sys.stdout.write(sdl())


if __name__ == "__main__":
    main()
