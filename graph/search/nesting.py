"""A structure whose name holds every query word ranks above its sub-units that hold them too.

Searching "human resources", people look for the Department of Human Resources Management, not
for the four units under it whose names start with "Human Resources" (which a phrase bonus
alone ranks first). So the ranking is the score order with one change: a structure whose name
holds every query word (no typo) is moved up to just before the first of its sub-units that
hold them too, and shows that sub-unit's score. Its other sub-units keep their places. A name
that *is* the query moves nothing up: searching an entity's exact name still ranks it first.

Each prefix of this ranking depends only on the same prefix of the score order (a moved
structure only ever comes earlier), so the first `n` hits need only the best `n` scores: the
selection (graph/search/select.py) stays as cheap as before, and pages never overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

NO_PARENT = -1


def nest(
    ordered: Iterable[tuple[int, float]],
    count: int,
    holds: Callable[[int], bool],
    exact: Callable[[int], bool],
    parent: Callable[[int], int],
) -> list[tuple[int, float, bool]]:
    """The first `count` (rank, score, moved) of the ranking, from (rank, score) pairs in score
    order; `moved` marks a structure moved up (its score is then its sub-unit's). Documents
    are numbered by rank (see graph/search/state.py).

    `holds(rank)`: the name holds every query word and the entity passes the query's filters;
    `exact(rank)`: the query is the whole name; `parent(rank)`: the parent's rank or NO_PARENT.
    """
    ranking: list[tuple[int, float, bool]] = []
    placed: set[int] = set()
    for rank, score in ordered:
        if len(ranking) >= count:
            break
        if rank in placed:
            continue
        if holds(rank) and not exact(rank):
            above: list[int] = []
            up = parent(rank)
            while up != NO_PARENT:
                if up not in placed and holds(up):
                    above.append(up)
                up = parent(up)
            for ancestor in reversed(above):  # the outermost first
                ranking.append((ancestor, score, True))
                placed.add(ancestor)
        ranking.append((rank, score, False))
        placed.add(rank)
    return ranking[:count]
