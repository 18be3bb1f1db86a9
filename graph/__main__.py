"""`python -m graph`: the data commands of `orggraph` (check, export, diff, generate)."""

from __future__ import annotations

import sys

from graph.cli import main

if __name__ == "__main__":
    sys.exit(main())
