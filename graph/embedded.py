"""Where the embedded IOM dataset is, in a checkout and in an installed copy.

In a checkout the data is the repository's `data/` (what maintainers edit). A wheel carries a
copy of it, made at build time by `setup.py`, in `graph/_embedded/` (the YAML files and
`sources/`, the source document). The checkout is recognized by its `pyproject.toml` beside
the packages; site-packages has none. Paths come from this file, never from the working
directory.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent

# The repository root when running from a checkout (editable install included), else None.
SOURCE_TREE: Path | None = _ROOT if (_ROOT / "pyproject.toml").is_file() else None
# The copy a wheel carries (absent in a checkout).
BUNDLED_DATA = _HERE / "_embedded"
EMBEDDED_DATA = SOURCE_TREE / "data" if SOURCE_TREE is not None else BUNDLED_DATA
