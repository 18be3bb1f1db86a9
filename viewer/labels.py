"""Words for the API's enum values and small text helpers, registered as Jinja filters.

Keys are the GraphQL enum names as the API returns them; a value added to the API later still
reads sensibly through `humanize` until it gets its own wording here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

KIND_PLURALS = {
    "ADMINISTRATIVE_CENTRE": "Administrative centres",
    "REGIONAL_OFFICE": "Regional offices",
    "LIAISON_OFFICE": "Special liaison offices",
    "COUNTRY_OFFICE": "Country offices",
    "OFFICE_GROUP": "Groups of offices",
}

# How an entity's page introduces the position responsible for it.
SUPERVISED_BY = {
    "DIRECTLY_SUPERVISES": "Directly supervised by",
    "OVERSEES": "Overseen by",
    "LEADS": "Led by",
    "RESPONSIBLE_FOR": "Under the responsibility of",
    "AUTHORITY_OVER": "Under the authority of",
    "REPORTS_TO": "Reports to",
}

# How a position's page heads the structures it is responsible for.
SUPERVISES = {
    "DIRECTLY_SUPERVISES": "Directly supervises",
    "OVERSEES": "Oversees",
    "LEADS": "Leads",
    "RESPONSIBLE_FOR": "Is responsible for",
    "AUTHORITY_OVER": "Has authority over",
    "REPORTS_TO": "Structures reporting to this post",
}

RELATION_VERBS = {
    "COORDINATES_WITH": "coordinates with",
    "COLLABORATES_WITH": "collaborates with",
    "SUPPORTS": "supports",
    "OVERSEES": "oversees",
    "SUPERVISES": "supervises",
    "SECRETARIAT_OF": "is the secretariat of",
    "LOCATED_IN": "is located in",
    "WORKS_THROUGH": "works through",
    "REPORTS_TO": "reports to",
}


def humanize(value: str) -> str:
    """`ADMINISTRATIVE_CENTRE` -> `Administrative centre`."""
    words = value.replace("_", " ").strip().lower()
    return words[:1].upper() + words[1:]


def kind_label(kind: str) -> str:
    return humanize(kind)


def kind_plural(kind: str) -> str:
    return KIND_PLURALS.get(kind) or humanize(kind) + "s"


def supervised_by(mode: str) -> str:
    return SUPERVISED_BY.get(mode) or humanize(mode)


def supervises(mode: str) -> str:
    return SUPERVISES.get(mode) or humanize(mode)


def relation_verb(relation_type: str) -> str:
    return RELATION_VERBS.get(relation_type) or humanize(relation_type).lower()


def paragraphs(text: str | None) -> list[str]:
    """The source separates paragraphs with a blank line; single newlines stay within one."""
    if not text:
        return []
    return [" ".join(part.split()) for part in text.split("\n\n") if part.strip()]


def plural(count: int, singular: str, many: str | None = None) -> str:
    """`plural(1, "office")` -> `1 office`; `plural(3, "office")` -> `3 offices`."""
    word = singular if count == 1 else (many or singular + "s")
    return f"{count} {word}"


def place(location: Mapping[str, Any] | None) -> str:
    """`San José, Costa Rica`, `Panama`, or "" when the location is unknown."""
    if not location:
        return ""
    country = location.get("country") or {}
    parts = [location.get("city"), country.get("commonName")]
    return ", ".join(part for part in parts if part)


def px(value: float) -> str:
    """A coordinate for an SVG attribute: `12.0` -> `12`, `3.14159` -> `3.1`."""
    return f"{round(value, 1):g}"


FILTERS: Mapping[str, Callable[..., Any]] = {
    "kind_label": kind_label,
    "kind_plural": kind_plural,
    "supervised_by": supervised_by,
    "supervises": supervises,
    "relation_verb": relation_verb,
    "paragraphs": paragraphs,
    "plural": plural,
    "place": place,
    "px": px,
}
