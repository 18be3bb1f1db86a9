"""The framework-free core: records, the YAML loader and the immutable indexed graph."""

from graph.indexes import OrgGraph
from graph.model import Entity, EntityKind, Family, Position, Relation

__all__ = ["Entity", "EntityKind", "Family", "OrgGraph", "Position", "Relation"]
