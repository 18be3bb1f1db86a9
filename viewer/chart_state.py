"""Which boxes of an org chart are open, which match a search, and the links that change them.

The state lives in the address, so every view of a chart is a plain link that works without
JavaScript and survives a reload: `?open=a,b` lists the open boxes (an empty `open=` means
only the top level); without `open`, the chart opens as an overview, expanding boxes level by
level in source order for as long as the drawing stays within `HEIGHT_BUDGET` at 1280 px
(three screens of 800 px, less what surrounds the chart). `?find=words` marks the boxes whose name
holds every word and opens the path down to them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from viewer.chart import LEVELS, Options, layout, loaded

Record = Mapping[str, Any]

# Pixels of drawing at scale 1 that an overview may take: 3 x 800 px screens, less the ~760 px
# of header, title, buttons, search and footer around the chart at 1280 px.
HEIGHT_BUDGET = 1600
MAX_OPEN = 200
MAX_FIND = 100


@dataclass(frozen=True, slots=True)
class ChartState:
    slug: str
    expanded: frozenset[str]
    explicit: bool  # the address says which boxes are open (else: the overview's choice)
    find: str
    matches: tuple[str, ...]  # slugs of the boxes that match `find`, in drawing order

    def href(self, *, expanded: frozenset[str] | None = None, find: str | None = None) -> str:
        """This chart's address with other open boxes or another search."""
        opened = self.expanded if expanded is None else expanded
        params = {"open": ",".join(sorted(opened))}
        text = self.find if find is None else find
        if text:
            params["find"] = text
        return f"/chart/{self.slug}?{urlencode(params, safe=',')}"

    def toggle_href(self, slug: str, expand: bool) -> str:
        opened = self.expanded | {slug} if expand else self.expanded - {slug}
        # A button changes what is open, so it drops the search that forced paths open.
        return self.href(expanded=frozenset(opened), find="")

    def options(self) -> Options:
        return Options(self.expanded, frozenset(self.matches), self.toggle_href)


def fold(text: str) -> str:
    """Lower case without accents, so `san jose` finds `San José`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def walk(entity: Record) -> Iterator[tuple[Record, int, tuple[str, ...]]]:
    """Every fetched record under `entity`, with its level and the slugs of its ancestors."""

    def below(record: Record, level: int, path: tuple[str, ...]) -> Iterator[Any]:
        for child in loaded(record):
            yield child, level, path
            if level < LEVELS:
                yield from below(child, level + 1, (*path, child["slug"]))

    yield from below(entity, 1, ())


def default_expanded(entity: Record) -> frozenset[str]:
    """The overview: open boxes level by level, in source order, while the chart fits."""
    opened: frozenset[str] = frozenset()
    for level in range(1, LEVELS):
        for record, at, path in walk(entity):
            if at != level or not loaded(record) or not opened.issuperset(path):
                continue
            trial = opened | {record["slug"]}
            # Drawn with buttons, as the page draws it: they make boxes taller.
            if layout(entity, Options(trial, toggle_href=_no_link)).height <= HEIGHT_BUDGET:
                opened = trial
    return opened


def _no_link(slug: str, expand: bool) -> str:
    return ""


def chart_state(entity: Record, query: Mapping[str, str]) -> ChartState:
    """The state the address asks for; unknown slugs in `open` are ignored."""
    known = {record["slug"]: path for record, level, path in walk(entity) if level < LEVELS}
    raw = query.get("open")
    if raw is None:
        expanded, explicit = default_expanded(entity), False
    else:
        asked = [slug for slug in raw.split(",")[:MAX_OPEN] if slug in known]
        expanded, explicit = frozenset(asked), True
    find = " ".join(query.get("find", "").split())[:MAX_FIND]
    matches: list[str] = []
    if find:
        words = fold(find).split()
        for record, _, path in walk(entity):
            name = fold(record["name"])
            if all(word in name for word in words):
                matches.append(record["slug"])
                expanded |= frozenset(path)
    return ChartState(entity["slug"], frozenset(expanded), explicit, find, tuple(matches))
