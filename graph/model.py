"""Records of the organization graph.

Every record is a frozen, slotted dataclass: the graph is built once by the loader and then only
read, so sharing records between threads and requests needs no locking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class Family(StrEnum):
    """The three public families of structures; the GraphQL API has one object type for each."""

    UNIT = "unit"
    OFFICE = "office"
    COMMITTEE = "committee"

    @property
    def type_name(self) -> str:
        """The GraphQL object type of this family (`Unit`, `Office`, `Committee`)."""
        return FAMILY_TYPE_NAMES[self]


class EntityKind(StrEnum):
    """The closed set of kinds a structure may have (the YAML spells them in lower case)."""

    ORGANIZATION = "organization"
    HEADQUARTERS = "headquarters"
    EXECUTIVE_OFFICE = "executive_office"
    DEPARTMENT = "department"
    DIVISION = "division"
    UNIT = "unit"
    TEAM = "team"
    FUNCTION = "function"
    COMPONENT = "component"
    WORKSTREAM = "workstream"
    OFFICE = "office"
    SECRETARIAT = "secretariat"
    INSTITUTE = "institute"
    CENTRE = "centre"
    SYSTEM = "system"
    ENVOY_GROUP = "envoy_group"
    OFFICE_GROUP = "office_group"
    ADMINISTRATIVE_CENTRE = "administrative_centre"
    REGIONAL_OFFICE = "regional_office"
    LIAISON_OFFICE = "liaison_office"
    COUNTRY_OFFICE = "country_office"
    COMMITTEE_GROUP = "committee_group"
    COMMITTEE = "committee"
    BOARD = "board"
    GOVERNING_BODY = "governing_body"

    @property
    def family(self) -> Family:
        return KIND_FAMILY[self]


# Every kind's family, each named here: a new kind without a line is a KeyError (and fails
# tests/graph/test_model.py), never a silent Unit.
KIND_FAMILY: Mapping[EntityKind, Family] = MappingProxyType(
    {
        EntityKind.ORGANIZATION: Family.UNIT,
        EntityKind.HEADQUARTERS: Family.UNIT,
        EntityKind.EXECUTIVE_OFFICE: Family.UNIT,
        EntityKind.DEPARTMENT: Family.UNIT,
        EntityKind.DIVISION: Family.UNIT,
        EntityKind.UNIT: Family.UNIT,
        EntityKind.TEAM: Family.UNIT,
        EntityKind.FUNCTION: Family.UNIT,
        EntityKind.COMPONENT: Family.UNIT,
        EntityKind.WORKSTREAM: Family.UNIT,
        EntityKind.OFFICE: Family.UNIT,
        EntityKind.SECRETARIAT: Family.UNIT,
        EntityKind.INSTITUTE: Family.UNIT,
        EntityKind.CENTRE: Family.UNIT,
        EntityKind.SYSTEM: Family.UNIT,
        EntityKind.ENVOY_GROUP: Family.UNIT,
        EntityKind.OFFICE_GROUP: Family.OFFICE,
        EntityKind.ADMINISTRATIVE_CENTRE: Family.OFFICE,
        EntityKind.REGIONAL_OFFICE: Family.OFFICE,
        EntityKind.LIAISON_OFFICE: Family.OFFICE,
        EntityKind.COUNTRY_OFFICE: Family.OFFICE,
        EntityKind.COMMITTEE_GROUP: Family.COMMITTEE,
        EntityKind.COMMITTEE: Family.COMMITTEE,
        EntityKind.BOARD: Family.COMMITTEE,
        EntityKind.GOVERNING_BODY: Family.COMMITTEE,
    }
)

# The public object type of each family: its GraphQL type name, which is also the type part of
# every global ID (base64 of "Type:slug"). Exports print those IDs, so the table lives here,
# below every layer that names the types.
FAMILY_TYPE_NAMES: Mapping[Family, str] = MappingProxyType(
    {Family.UNIT: "Unit", Family.OFFICE: "Office", Family.COMMITTEE: "Committee"}
)


class SupervisionMode(StrEnum):
    """How the source words the link between a position and a structure it is responsible for."""

    DIRECTLY_SUPERVISES = "directly_supervises"
    OVERSEES = "oversees"
    LEADS = "leads"
    RESPONSIBLE_FOR = "responsible_for"
    AUTHORITY_OVER = "authority_over"
    REPORTS_TO = "reports_to"


class RelationType(StrEnum):
    """Typed edges between structures beyond the parent/child tree."""

    COORDINATES_WITH = "coordinates_with"
    COLLABORATES_WITH = "collaborates_with"
    SUPPORTS = "supports"
    OVERSEES = "oversees"
    SUPERVISES = "supervises"
    SECRETARIAT_OF = "secretariat_of"
    LOCATED_IN = "located_in"
    WORKS_THROUGH = "works_through"
    REPORTS_TO = "reports_to"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a record was declared, so every later message can point a maintainer at it."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Location:
    """An ISO 3166-1 alpha-2 country code and the city where known; `inferred` marks values the
    source implies. A location always names its country (the loader requires it)."""

    city: str | None
    country: str
    inferred: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Supervision:
    """A position's responsibility for a structure, with the source sentence that states it."""

    position_id: str
    mode: SupervisionMode
    evidence: str
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class Entity:
    """One structure: a unit, an office, a committee, or a grouping heading of the source."""

    id: str
    name: str
    kind: EntityKind
    parent_id: str | None
    order: int
    description: str = ""
    mention: str | None = None
    location: Location | None = None
    supervision: Supervision | None = None
    members: tuple[str, ...] = ()
    members_evidence: str | None = None
    stated_count: int | None = None
    coordinates_subregion: str | None = None
    aliases: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    source: SourceRef | None = field(default=None, compare=False)

    @property
    def family(self) -> Family:
        return self.kind.family


@dataclass(frozen=True, slots=True)
class Position:
    """A post (Director General, Chiefs of Mission, ...); `plural` when several people hold it."""

    id: str
    title: str
    order: int
    plural: bool = False
    description: str = ""
    notes: tuple[str, ...] = ()
    source: SourceRef | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed, directed edge between two structures, with the sentence that states it."""

    source_id: str
    type: RelationType
    target_id: str
    evidence: str
    order: int
    inferred: bool = False
    note: str | None = None
    source: SourceRef | None = field(default=None, compare=False)
