"""`search`: ranked full-text search over names and descriptions."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.context import Context
from schema.enums import EntityKind
from schema.errors import InputError
from schema.guard.bounds import MAX_PAGE_SIZE
from schema.search import SearchHit

Info = strawberry.Info[Context, None]
DEFAULT_HITS = 20


def search(
    info: Info,
    query: Annotated[
        str,
        strawberry.argument(
            description="Words to find; case, accents and punctuation are ignored, the last "
            'word may be partial ("san jos"), and a typo in a name is tolerated.'
        ),
    ],
    first: Annotated[
        int | None,
        strawberry.argument(
            description=f"How many hits to return (default {DEFAULT_HITS}, at most "
            f"{MAX_PAGE_SIZE})."
        ),
    ] = None,
    kind: Annotated[
        list[EntityKind] | None,
        strawberry.argument(description="Only entities of one of these kinds."),
    ] = None,
) -> list[SearchHit]:
    limit = DEFAULT_HITS if first is None else first
    if limit < 0 or limit > MAX_PAGE_SIZE:
        raise InputError(f"`first` must be between 0 and {MAX_PAGE_SIZE} (got {limit}).")
    kinds = None if kind is None else {k.to_model() for k in kind}
    hits = info.context.search.search(query, limit=limit, kinds=kinds)
    return [SearchHit.from_record(hit) for hit in hits]
