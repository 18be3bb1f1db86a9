"""`Office`: administrative centres, regional, liaison and country offices, and their headings."""

from __future__ import annotations

from typing import ClassVar

import strawberry

from graph import model
from schema.entities import Entity
from schema.fields import field


@strawberry.type(
    description="A field structure: an administrative centre, a regional, liaison or country "
    "office, or a heading that groups them."
)
class Office(Entity):
    FAMILY: ClassVar[model.Family] = model.Family.OFFICE

    @field(
        description="The subregion this office coordinates (offices with coordinating functions)."
    )
    def coordinates_subregion(self) -> str | None:
        return self.record.coordinates_subregion
