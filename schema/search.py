"""Search results: `SearchHit`, with a `Snippet` whose matches are marked as fragments."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph.search import index as search
from schema.context import Context
from schema.fields import field
from schema.wrap import entity_node

if TYPE_CHECKING:
    from schema.entities import Entity

Info = strawberry.Info[Context, None]


@strawberry.enum(description="Which text of an entity a search hit's snippet comes from.")
class SearchField(Enum):
    NAME = strawberry.enum_value("name", description="The entity's name.")
    ALIAS = strawberry.enum_value("alias", description="One of the entity's aliases.")
    DESCRIPTION = strawberry.enum_value("description", description="The entity's description.")
    MENTION = strawberry.enum_value(
        "mention", description="The source sentence that mentions the entity."
    )


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

    @field(description="The matching entity.")
    def entity(self, info: Info) -> Annotated[Entity, strawberry.lazy("schema.entities")]:
        return entity_node(info.context.graph.entities[self.record.entity_id])

    @field(
        description="Relevance; higher is better. Every hit matched wholly in a name or alias "
        "scores above every hit that needed the description."
    )
    def score(self) -> float:
        return self.record.score

    @field(name="field", description="Which text the snippet comes from.")
    def matched_field(self) -> SearchField:
        return SearchField[self.record.field.name]

    @field(description="The matched text with the matches marked.")
    def snippet(self) -> Snippet:
        return Snippet.from_record(self.record.snippet)

    @field(description="True when a query word matched only after correcting a typo.")
    def typo_corrected(self) -> bool:
        return self.record.fuzzy
