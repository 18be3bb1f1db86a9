"""The forms names take across the project: ids (slugs) and field names in camelCase.

One definition each, imported by the loader (which slugs the data may use), the API (which
strings are slugs rather than global IDs), the exports and the synthetic generator (slugs made
from names), and the diff and the API (field names as JSON and GraphQL spell them).
"""

from __future__ import annotations

import re
import unicodedata

# Lower-case ASCII words joined by single hyphens: `regional-office-in-bangkok`.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def is_slug(value: str) -> bool:
    return SLUG.fullmatch(value) is not None


def slugify(text: str) -> str:
    """A slug made from a free-text name: "São Tomé Office" -> "sao-tome-office".

    Apostrophes join their words ("Côte d’Ivoire" -> "cote-divoire"); accents are dropped."""
    text = text.replace("’", "").replace("'", "")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


def camel(name: str) -> str:
    """`coordinates_subregion` -> `coordinatesSubregion` (dotted paths camel-cased per part)."""
    parts = []
    for part in name.split("."):
        head, *rest = part.split("_")
        parts.append(head + "".join(word.capitalize() for word in rest))
    return ".".join(parts)
