"""Search results: a `SearchConnection` of `SearchHit`s, each with a typed `subject` (a
structure, a position or a place) and a `Snippet` whose matches are marked as fragments.

Hits are ranked, so a cursor is a position in the ranking, not a key: it names the query it came
from (a cursor of another query is refused) and stays valid across pages of the same query. As
search engines do, only the first `MAX_DEPTH` hits can be paged through; `totalCount` still
counts every match.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, cast

import strawberry

from graph import model
from graph.search import index as search
from graph.search.docs import Subject
from schema.committees import Committee
from schema.connections import PageInfo
from schema.context import Context
from schema.entities import Entity, Unit
from schema.errors import InputError
from schema.fields import field
from schema.guard.bounds import MAX_PAGE_SIZE
from schema.offices import Office
from schema.places import City, Country
from schema.positions import Position
from schema.wrap import entity_node, position_node

Info = strawberry.Info[Context, None]
DEFAULT_HITS = 20
_CURSOR_PREFIX = "search:"


@strawberry.enum(description="Which text of a hit's subject its snippet comes from.")
class SearchField(Enum):
    NAME = strawberry.enum_value(
        "name", description="The name: an entity's or a country's name, a position's title."
    )
    ALIAS = strawberry.enum_value(
        "alias", description="An alias: an entity's other name, a country's other ISO name."
    )
    DESCRIPTION = strawberry.enum_value(
        "description", description="The description of the entity or the position."
    )
    MENTION = strawberry.enum_value(
        "mention", description="The source sentence that mentions the entity."
    )


@strawberry.enum(description="What kind of subject a search hit stands for.")
class SearchSubjectType(Enum):
    ENTITY = strawberry.enum_value(
        Subject.ENTITY, description="A structure: a `Unit`, an `Office` or a `Committee`."
    )
    POSITION = strawberry.enum_value(Subject.POSITION, description="A post: a `Position`.")
    COUNTRY = strawberry.enum_value(
        Subject.COUNTRY, description="A `Country` at least one structure is located in."
    )
    CITY = strawberry.enum_value(
        Subject.CITY, description="A `City` at least one structure is located in."
    )


@strawberry.enum(description="Why a query was not searched exactly as typed.")
class SearchQueryProblem(Enum):
    EMPTY = strawberry.enum_value(
        search.QueryProblem.EMPTY, description="The query has no letter or digit: not searched."
    )
    TOO_SHORT = strawberry.enum_value(
        search.QueryProblem.TOO_SHORT,
        description=f"The query has fewer than {search.MIN_QUERY_LENGTH} letters or digits, "
        "which would match nearly everything (as a word start) or almost nothing (as a whole "
        "word): not searched. Ask for more.",
    )
    TOO_LONG = strawberry.enum_value(
        search.QueryProblem.TOO_LONG,
        description=f"Only the first {search.MAX_QUERY_TOKENS} distinct words (and 1,000 "
        "characters) of the query were searched.",
    )


SearchSubject = Annotated[
    Unit | Office | Committee | Position | Country | City,
    strawberry.union(
        "SearchSubject",
        description="What a search hit stands for: a structure (`Unit`, `Office`, `Committee`; "
        "all implement `Entity`), a `Position`, or a place (`Country`, `City`) whose structures "
        "the hit stands for.",
    ),
]


@strawberry.type(description="A run of snippet text, either matched by the query or not.")
class SnippetFragment:
    text: str = strawberry.field(description="The text of the run, verbatim (not escaped).")
    highlighted: bool = strawberry.field(description="True when the query matched this run.")


@strawberry.type(
    description="An excerpt of the matched text. Render `fragments` in order, marking the "
    "highlighted ones (escape each fragment's text yourself)."
)
class Snippet:
    record: strawberry.Private[search.Snippet]

    @classmethod
    def from_record(cls, record: search.Snippet) -> Snippet:
        return cls(record=record)

    @field(description="The excerpt as plain text; an ellipsis (…) marks a cut.")
    def text(self) -> str:
        return self.record.text

    @field(description="The excerpt split into highlighted and plain runs, in order.")
    def fragments(self) -> list[SnippetFragment]:
        return [SnippetFragment(text=t, highlighted=h) for t, h in self.record.fragments()]


@strawberry.type(description="One ranked search result.")
class SearchHit:
    record: strawberry.Private[search.Hit]

    @classmethod
    def from_record(cls, record: search.Hit) -> SearchHit:
        return cls(record=record)

    @field(
        description="What the hit stands for: a structure, a position, or a place (a country "
        "or a city; its `entities` are the structures located there)."
    )
    def subject(self, info: Info) -> SearchSubject:
        record = self.record
        context = info.context
        if record.subject is Subject.ENTITY:
            # entity_node returns the Unit, Office or Committee; its declared type is the interface.
            found = cast(SearchSubject, entity_node(context.graph.entities[record.id]))
        elif record.subject is Subject.POSITION:
            found = position_node(context.graph.positions[record.id])
        elif record.subject is Subject.COUNTRY:
            found = Country.from_code(record.id)
        else:
            code, _, name = record.id.partition("/")
            found = City.from_place(code or None, name)
        return found

    @field(description="The type of `subject`, for filtering and display without a fragment.")
    def subject_type(self) -> SearchSubjectType:
        return SearchSubjectType(self.record.subject)

    @field(
        description="The matching entity; null when the hit is a position or a place.",
        deprecation_reason="Use `subject`, which is also a position or a place: `... on Entity "
        "{ ... }` selects what `entity` did. `entity` will be removed in the next release.",
    )
    def entity(self, info: Info) -> Entity | None:
        if self.record.subject is not Subject.ENTITY:
            return None
        return entity_node(info.context.graph.entities[self.record.id])

    @field(
        description="Relevance; higher is better, and hits come in this order. Every hit "
        "matched wholly in a name or alias scores above every hit that needed a description. "
        "A structure whose name holds every query word comes just before the first of its "
        "sub-units that hold them too, with that sub-unit's score (unless the sub-unit's whole "
        "name is the query)."
    )
    def score(self) -> float:
        return self.record.score

    @field(name="field", description="Which text the snippet comes from.")
    def matched_field(self) -> SearchField:
        return SearchField[self.record.field.name]

    @field(description="The matched text with the matches marked.")
    def snippet(self) -> Snippet:
        return Snippet.from_record(self.record.snippet)

    @field(
        description="True when a query word matched only after correcting a typo (a word is "
        "corrected only when no name or text contains it as written)."
    )
    def typo_corrected(self) -> bool:
        return self.record.fuzzy


@strawberry.type(description="A search hit and its cursor.")
class SearchHitEdge:
    cursor: str = strawberry.field(
        description="Where this hit is in the ranking: pass it as `after` or `before`."
    )
    node: SearchHit = strawberry.field(description="The hit.")


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What was asked: the query and its filters (what a cursor must have come from)."""

    query: str
    kinds: frozenset[model.EntityKind] | None
    subjects: frozenset[Subject] | None

    def fingerprint(self) -> str:
        words = " ".join(search.read_query(self.query).words)
        kinds = ",".join(sorted(self.kinds)) if self.kinds is not None else "*"
        subjects = ",".join(sorted(self.subjects)) if self.subjects is not None else "*"
        text = f"{words}|{kinds}|{subjects}"
        return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()

    def count(self, index: search.SearchIndex) -> int:
        return index.count(self.query, kinds=self.kinds, subjects=self.subjects)


@strawberry.type(
    description="A page of search hits, best first, with the number of matches across all "
    f"pages. Only the first {search.MAX_DEPTH} hits can be paged through."
)
class SearchConnection:
    request: strawberry.Private[SearchRequest]
    edges: list[SearchHitEdge] = strawberry.field(description="The hits of this page, in order.")
    nodes: list[SearchHit] = strawberry.field(
        description="The hits of this page (the edges' nodes, without cursors)."
    )
    page_info: PageInfo = strawberry.field(
        description="Whether hits come before and after this page, and the cursors of its ends."
    )
    words: list[str] = strawberry.field(
        description="The words searched, as matched: folded (lower case, no accents or "
        "punctuation), duplicates dropped; empty when the query was not searched."
    )
    problem: SearchQueryProblem | None = strawberry.field(
        description='Why the query was not searched as typed (say so rather than "no match"); '
        "null when it was."
    )

    @field(
        description="How many hits match in all, across all pages (also beyond the "
        f"{search.MAX_DEPTH} that can be paged through)."
    )
    def total_count(self, info: Info) -> int:
        return self.request.count(info.context.search)

    @classmethod
    def page(
        cls,
        index: search.SearchIndex,
        request: SearchRequest,
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
    ) -> SearchConnection:
        """One page of the ranking, cut as Relay cuts a list (after/before, then first/last)."""
        if first is not None and last is not None:
            raise InputError("Pass either `first` or `last`, not both.")
        for name, value in (("first", first), ("last", last)):
            if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
                raise InputError(f"`{name}` must be between 0 and {MAX_PAGE_SIZE} (got {value}).")
        fingerprint = request.fingerprint()
        low = 0 if after is None else _offset(after, "after", fingerprint) + 1
        high = search.MAX_DEPTH if before is None else _offset(before, "before", fingerprint)
        if last is not None and before is None:
            high = min(high, request.count(index))
        high = max(low, high)
        if last is not None:
            start, end = max(low, high - last), high
        else:
            size = DEFAULT_HITS if first is None else first
            start, end = low, min(high, low + size)
        hits = index.search(
            request.query,
            limit=end - start + 1,
            offset=start,
            kinds=request.kinds,
            subjects=request.subjects,
        )
        page = hits[: end - start]
        edges = [
            SearchHitEdge(cursor=_cursor(start + i, fingerprint), node=SearchHit.from_record(hit))
            for i, hit in enumerate(page)
        ]
        reading = search.read_query(request.query)
        return cls(
            request=request,
            edges=edges,
            nodes=[edge.node for edge in edges],
            page_info=PageInfo(
                has_next_page=len(hits) > len(page) and end < search.MAX_DEPTH,
                has_previous_page=start > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            words=list(reading.words),
            problem=None if reading.problem is None else SearchQueryProblem(reading.problem),
        )


def search_request(
    query: str,
    kinds: Collection[model.EntityKind] | None,
    subjects: Collection[Subject] | None,
) -> SearchRequest:
    return SearchRequest(
        query,
        None if kinds is None else frozenset(kinds),
        None if subjects is None else frozenset(subjects),
    )


def _cursor(offset: int, fingerprint: str) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{offset}:{fingerprint}".encode()).decode("ascii")


def _offset(cursor: str, argument: str, fingerprint: str) -> int:
    try:
        decoded = base64.b64decode(cursor.encode("ascii"), validate=True).decode()
    except (binascii.Error, UnicodeError):
        decoded = ""
    offset, _, made_for = decoded.removeprefix(_CURSOR_PREFIX).partition(":")
    if not decoded.startswith(_CURSOR_PREFIX) or not offset.isdigit():
        raise InputError(
            f"`{argument}` is not a search cursor: pass a `cursor` or `pageInfo` cursor from an "
            "earlier page of the same search."
        )
    if made_for != fingerprint:
        raise InputError(
            f"`{argument}` is a cursor of another search (other words or filters): page with "
            "cursors of this search, or start again from the first page."
        )
    return min(int(offset), search.MAX_DEPTH)
