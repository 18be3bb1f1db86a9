"""GraphQL enums mirroring `graph.model`'s, each value described for the schema's readers.

Members share their names with the model's, so converting is a lookup by name either way
(`EntityKind.of(record.kind)`, `kind.to_model()`); a test keeps both sides member-for-member
equal, except where the API renamed a member (`EntityKind.HEADQUARTERS_OFFICE` for the model's
`OFFICE`, whose API name stays one release as a deprecated alias).
"""

from __future__ import annotations

from enum import Enum

import strawberry

from graph import model


@strawberry.enum(description="What a structure is, as the source names it (a closed set).")
class EntityKind(Enum):
    ORGANIZATION = strawberry.enum_value("organization", description="The organization itself.")
    HEADQUARTERS = strawberry.enum_value(
        "headquarters", description="The headquarters and everything it is composed of."
    )
    EXECUTIVE_OFFICE = strawberry.enum_value(
        "executive_office", description="The office of the organization's executive head."
    )
    DEPARTMENT = strawberry.enum_value("department", description="A headquarters department.")
    DIVISION = strawberry.enum_value("division", description="A division within a department.")
    UNIT = strawberry.enum_value("unit", description="A unit within an office or division.")
    TEAM = strawberry.enum_value("team", description="A team within a unit or division.")
    FUNCTION = strawberry.enum_value(
        "function", description="A named function (a role-like structure, not a unit)."
    )
    COMPONENT = strawberry.enum_value(
        "component", description="A named component of a larger structure."
    )
    WORKSTREAM = strawberry.enum_value("workstream", description="A named workstream.")
    HEADQUARTERS_OFFICE = strawberry.enum_value(
        "headquarters_office",
        description="An office within headquarters (family UNIT), e.g. the Office of the "
        "Inspector General; not a field office (those are REGIONAL_OFFICE, LIAISON_OFFICE, "
        "COUNTRY_OFFICE, ADMINISTRATIVE_CENTRE and OFFICE_GROUP, type Office).",
    )
    OFFICE = strawberry.enum_value(
        "office",
        description="The 0.1.0 name of HEADQUARTERS_OFFICE: an office within headquarters, not "
        "a field office. Accepted in filters until 0.3.0; `kind` answers HEADQUARTERS_OFFICE.",
        deprecation_reason="Renamed HEADQUARTERS_OFFICE (it is a Unit, not an Office); removed "
        "in 0.3.0.",
    )
    SECRETARIAT = strawberry.enum_value("secretariat", description="A secretariat.")
    INSTITUTE = strawberry.enum_value("institute", description="An institute.")
    CENTRE = strawberry.enum_value("centre", description="A centre (e.g. an analysis centre).")
    SYSTEM = strawberry.enum_value(
        "system", description="A system the source describes as a structure."
    )
    ENVOY_GROUP = strawberry.enum_value(
        "envoy_group", description="A group of special envoys or advisers."
    )
    OFFICE_GROUP = strawberry.enum_value(
        "office_group", description="A heading grouping field offices (e.g. 'Regional offices')."
    )
    ADMINISTRATIVE_CENTRE = strawberry.enum_value(
        "administrative_centre", description="An administrative centre serving the field."
    )
    REGIONAL_OFFICE = strawberry.enum_value("regional_office", description="A regional office.")
    LIAISON_OFFICE = strawberry.enum_value(
        "liaison_office", description="A (special) liaison office."
    )
    COUNTRY_OFFICE = strawberry.enum_value("country_office", description="A country office.")
    COMMITTEE_GROUP = strawberry.enum_value(
        "committee_group", description="A heading grouping committees."
    )
    COMMITTEE = strawberry.enum_value("committee", description="A committee.")
    BOARD = strawberry.enum_value("board", description="A board.")
    GOVERNING_BODY = strawberry.enum_value(
        "governing_body", description="A governing body (e.g. the Council)."
    )

    @classmethod
    def of(cls, kind: model.EntityKind) -> EntityKind:
        return cls[_API_NAMES.get(kind, kind.name)]

    def to_model(self) -> model.EntityKind:
        return model.EntityKind[_MODEL_NAMES.get(self.name, self.name)]

    @property
    def deprecated(self) -> bool:
        return self.name in DEPRECATED_KINDS

    @classmethod
    def current(cls) -> list[EntityKind]:
        """Every kind under its current name (deprecated aliases left out), in schema order."""
        return [kind for kind in cls if not kind.deprecated]

    @classmethod
    def in_family(cls, family: model.Family) -> list[EntityKind]:
        return [kind for kind in cls.current() if kind.to_model().family is family]


# The model keeps the data files' names; the API renamed one kind, whose old name stays one
# release as a deprecated alias.
_API_NAMES = {model.EntityKind.OFFICE: "HEADQUARTERS_OFFICE"}
DEPRECATED_KINDS = {"OFFICE": "HEADQUARTERS_OFFICE"}
_MODEL_NAMES = {"HEADQUARTERS_OFFICE": "OFFICE"}


@strawberry.enum(description="The three families of structures; each has its own object type.")
class Family(Enum):
    UNIT = strawberry.enum_value(
        "unit", description="Headquarters structures and the organization itself (type Unit)."
    )
    OFFICE = strawberry.enum_value(
        "office", description="Field offices and their grouping headings (type Office)."
    )
    COMMITTEE = strawberry.enum_value(
        "committee", description="Committees, boards, governing bodies (type Committee)."
    )

    @classmethod
    def of(cls, family: model.Family) -> Family:
        return cls[family.name]

    def to_model(self) -> model.Family:
        return model.Family[self.name]


@strawberry.enum(description="How the source words a position's responsibility for a structure.")
class SupervisionMode(Enum):
    DIRECTLY_SUPERVISES = strawberry.enum_value(
        "directly_supervises", description="The position directly supervises the structure."
    )
    OVERSEES = strawberry.enum_value("oversees", description="The position oversees it.")
    LEADS = strawberry.enum_value("leads", description="The position leads it.")
    RESPONSIBLE_FOR = strawberry.enum_value(
        "responsible_for", description="The position is responsible for it."
    )
    AUTHORITY_OVER = strawberry.enum_value(
        "authority_over", description="The structure is under the position's authority."
    )
    REPORTS_TO = strawberry.enum_value(
        "reports_to", description="The structure reports to the position."
    )

    @classmethod
    def of(cls, mode: model.SupervisionMode) -> SupervisionMode:
        return cls[mode.name]


@strawberry.enum(description="The type of a relation between two structures beyond the tree.")
class RelationType(Enum):
    COORDINATES_WITH = strawberry.enum_value(
        "coordinates_with", description="The source coordinates with the target."
    )
    COLLABORATES_WITH = strawberry.enum_value(
        "collaborates_with", description="The source collaborates with the target."
    )
    SUPPORTS = strawberry.enum_value("supports", description="The source supports the target.")
    OVERSEES = strawberry.enum_value("oversees", description="The source oversees the target.")
    SUPERVISES = strawberry.enum_value(
        "supervises", description="The source supervises the target."
    )
    SECRETARIAT_OF = strawberry.enum_value(
        "secretariat_of", description="The source acts as the target's secretariat."
    )
    LOCATED_IN = strawberry.enum_value(
        "located_in", description="The source is located in (hosted by) the target."
    )
    WORKS_THROUGH = strawberry.enum_value(
        "works_through", description="The source works through the target."
    )
    REPORTS_TO = strawberry.enum_value(
        "reports_to", description="The source reports to the target."
    )

    @classmethod
    def of(cls, relation_type: model.RelationType) -> RelationType:
        return cls[relation_type.name]

    def to_model(self) -> model.RelationType:
        return model.RelationType[self.name]


@strawberry.enum(description="Which way a relation points, seen from the entity that lists it.")
class RelationDirection(Enum):
    OUTGOING = strawberry.enum_value(
        "outgoing", description="The entity is the relation's source (`from`)."
    )
    INCOMING = strawberry.enum_value(
        "incoming", description="The entity is the relation's target (`to`)."
    )
