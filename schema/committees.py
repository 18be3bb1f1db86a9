"""`Committee`: coordinating committees, boards, governing bodies and their headings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar

import strawberry

from graph import model
from schema.context import Context
from schema.entities import Entity
from schema.fields import field
from schema.wrap import position_node

if TYPE_CHECKING:
    from schema.positions import Position

Info = strawberry.Info[Context, None]


@strawberry.type(
    description="A committee, board or governing body, or a heading that groups them; its "
    "members are positions, not people."
)
class Committee(Entity):
    FAMILY: ClassVar[model.Family] = model.Family.COMMITTEE

    @field(description="The positions that sit on it, in the source's order.")
    def members(self, info: Info) -> list[Annotated[Position, strawberry.lazy("schema.positions")]]:
        positions = info.context.graph.positions
        return [position_node(positions[member]) for member in self.record.members]

    @field(description="The source sentence that lists the members, verbatim.")
    def members_evidence(self) -> str | None:
        return self.record.members_evidence
