"""`search`: ranked full-text search over structures, positions and places, as a connection."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.search.docs import Subject
from schema.context import Context
from schema.enums import EntityKind
from schema.guard.bounds import MAX_PAGE_SIZE
from schema.search import (
    DEFAULT_HITS,
    SearchConnection,
    SearchSubjectType,
    search_request,
)

Info = strawberry.Info[Context, None]


def search(
    info: Info,
    query: Annotated[
        str,
        strawberry.argument(
            description="Words to find; case, accents and punctuation are ignored, the last "
            'word may be partial ("san jos"), and a word found nowhere as written may match a '
            "name one typo away. A query of fewer than 2 letters or digits is not searched "
            "(see `problem`)."
        ),
    ],
    first: Annotated[
        int | None,
        strawberry.argument(
            description=f"Returns the first n hits (default {DEFAULT_HITS} when neither "
            f"`first` nor `last` is given; at most {MAX_PAGE_SIZE})."
        ),
    ] = None,
    after: Annotated[
        str | None,
        strawberry.argument(description="Returns the hits that come after this cursor."),
    ] = None,
    last: Annotated[
        int | None,
        strawberry.argument(
            description=f"Returns the last n hits (at most {MAX_PAGE_SIZE}); not with `first`."
        ),
    ] = None,
    before: Annotated[
        str | None,
        strawberry.argument(description="Returns the hits that come before this cursor."),
    ] = None,
    kind: Annotated[
        list[EntityKind] | None,
        strawberry.argument(
            description="Only entities of one of these kinds (positions and places have no "
            "kind, so none is returned)."
        ),
    ] = None,
    subjects: Annotated[
        list[SearchSubjectType] | None,
        strawberry.argument(
            description="Only hits of these subject types (default: structures, positions "
            "and places)."
        ),
    ] = None,
) -> SearchConnection:
    kinds = None if kind is None else {k.to_model() for k in kind}
    chosen = None if subjects is None else {Subject[s.name] for s in subjects}
    request = search_request(query, kinds, chosen)
    return SearchConnection.page(info.context.search, request, first, after, last, before)
