"""The root `Query` type and the one `strawberry.Schema` every caller uses.

This is where the layers meet: the types come from `schema/`, the root fields' functions from
`resolvers/`, and nothing below imports this module.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from resolvers import committees as committee_fields
from resolvers import entities as entity_fields
from resolvers import meta as meta_fields
from resolvers import nodes as node_fields
from resolvers import offices as office_fields
from resolvers import places as place_fields
from resolvers import positions as position_fields
from resolvers import search as search_fields
from schema.committees import Committee
from schema.compiled.execute import execute_compiled
from schema.connections import EntityConnection, OfficeConnection
from schema.entities import Entity, Unit
from schema.errors import is_client_error
from schema.guard.limits import BudgetedExecutor, QueryLimits
from schema.identity import Node
from schema.offices import Office
from schema.paths import EntityPath
from schema.places import Country
from schema.positions import Position
from schema.search import SearchConnection


@strawberry.type(description="Every read starts here.")
class Query:
    node: Node | None = strawberry.field(
        resolver=node_fields.node,
        description="Any object by its global ID (Relay); null when no object has it.",
    )
    nodes: list[Node | None] = strawberry.field(
        resolver=node_fields.nodes,
        description="Objects by their global IDs, in order; null for each ID no object has.",
    )
    organization: Entity = strawberry.field(
        resolver=entity_fields.organization,
        description="The organization: the root of the tree every entity belongs to.",
    )
    entity: Entity | None = strawberry.field(
        resolver=entity_fields.entity,
        description="One entity by its slug; null when none has it (by global ID: `node`).",
    )
    entities: EntityConnection = strawberry.field(
        resolver=entity_fields.entities,
        description="Entities in tree order (each parent before its children, siblings in "
        "source order), filtered by every argument given.",
    )
    offices: OfficeConnection = strawberry.field(
        resolver=office_fields.offices,
        description="Offices (the Office family) in tree order, by kind, country or "
        "coordinated subregion; the nodes are `Office`s.",
    )
    committees: list[Committee] = strawberry.field(
        resolver=committee_fields.committees,
        description="Committees, boards and governing bodies; with `member`, those a position "
        "sits on.",
    )
    positions: list[Position] = strawberry.field(
        resolver=position_fields.positions, description="Every position, in source order."
    )
    position: Position | None = strawberry.field(
        resolver=position_fields.position, description="One position by its slug; null when none."
    )
    path: EntityPath | None = strawberry.field(
        resolver=entity_fields.path,
        description="How two entities relate: the chain through their nearest common ancestor, "
        "and relations stated between them. Null when either is unknown.",
    )
    countries: list[Country] = strawberry.field(
        resolver=place_fields.countries,
        description="The countries at least one entity is located in, by code.",
    )
    country: Country | None = strawberry.field(
        resolver=place_fields.country,
        description="One country by ISO 3166-1 alpha-2 code; null for a code that is not one.",
    )
    search: SearchConnection = strawberry.field(
        resolver=search_fields.search,
        description="Structures, positions and places (the countries and cities structures are "
        "located in) whose name, aliases, description or mention match the query, best first; "
        "name matches rank above description matches, exact words above typo corrections.",
    )
    data_version: str = strawberry.field(
        resolver=meta_fields.data_version,
        description="A fingerprint (SHA-256) of the data files the answers come from; it "
        "changes exactly when the data does.",
    )


logger = logging.getLogger("orggraph.errors")


class Schema(strawberry.Schema):
    """Strawberry's schema, logging only the errors that are bugs, each with its traceback and
    the field it happened in (the server's log format adds the request id).

    `execute_sync` runs a query through its compiled plan (schema/compiled/) when the document
    passes every limit and the plan covers it, else through Strawberry's normal execution
    (`execute_normally`), which the differential tests compare it with."""

    def execute_sync(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        queries = allowed_operation_types is None or OperationType.QUERY in allowed_operation_types
        if root_value is None and operation_extensions is None and queries:
            result = execute_compiled(self, query, variable_values, context_value, operation_name)
            if result is not None:
                if result.errors:
                    self.process_errors(result.errors)
                return result
        return self.execute_normally(
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            allowed_operation_types,
            operation_extensions,
        )

    def execute_normally(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """Strawberry's own execution (graphql-core's executor), never the compiled plan."""
        return super().execute_sync(
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            allowed_operation_types,
            operation_extensions,
        )

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if is_client_error(error):
                continue
            original = error.original_error
            where = ".".join(str(step) for step in error.path or ()) or "(no field)"
            logger.error(
                "unexpected error in %s: %s",
                where,
                error.message,
                exc_info=(type(original), original, original.__traceback__) if original else None,
            )


SCHEMA_DESCRIPTION = (
    "orggraph: the structure of an organization (the International Organization for Migration "
    "in the embedded data), read-only. Structures are `Entity`s (Unit, Office, Committee) in "
    "one tree under `organization`; posts are `Position`s; places are `Country`s. Every object "
    "with an identity is a Relay `Node` with a stable global `id`; long lists are cursor "
    "connections with `totalCount`; arguments that reference an entity or a position take an "
    "`ID` that may be its global ID or its slug. Conventions, errors and their codes, "
    "deprecation: docs/api.md; schema changes: CHANGELOG.md."
)

schema = Schema(
    query=Query,
    # Types reached only through the Entity interface must be listed to appear in the schema.
    types=[Unit, Office, Committee],
    # Parsing and validating a document costs ~1.5 ms, more than executing a small query:
    # QueryLimits caches both per document text, and checks the limits (schema/guard/limits.py).
    extensions=[QueryLimits],
    execution_context_class=BudgetedExecutor,
)
# Strawberry takes no schema description; graphql-core's schema carries it to introspection.
schema._schema.description = SCHEMA_DESCRIPTION
