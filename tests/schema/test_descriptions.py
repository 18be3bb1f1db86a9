"""The schema documents itself: every type, field, argument and enum value has a description."""

from __future__ import annotations

import re

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
)

from api.root import schema

CAMEL = re.compile(r"[a-z][a-zA-Z0-9]*")
SCREAMING = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")


def _own_types() -> list[object]:
    return [
        t
        for name, t in schema._schema.type_map.items()
        if not name.startswith("__") and name not in {"String", "Int", "Float", "Boolean", "ID"}
    ]


def _undescribed() -> list[str]:
    missing = []
    for graphql_type in _own_types():
        name = graphql_type.name  # type: ignore[attr-defined]
        if not (graphql_type.description or "").strip():  # type: ignore[attr-defined]
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in graphql_type.fields.items():
                if not (field.description or "").strip():
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in field.args.items():
                    if not (arg.description or "").strip():
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(graphql_type, GraphQLInputObjectType):
            for field_name, field in graphql_type.fields.items():
                if not (field.description or "").strip():
                    missing.append(f"{name}.{field_name}")
        if isinstance(graphql_type, GraphQLEnumType):
            for value_name, value in graphql_type.values.items():
                if not (value.description or "").strip():
                    missing.append(f"{name}.{value_name}")
    return missing


def test_every_type_field_argument_and_enum_value_has_a_description() -> None:
    assert _undescribed() == []


def test_fields_and_arguments_are_camel_case_and_enum_values_screaming_case() -> None:
    wrong = []
    for graphql_type in _own_types():
        name = graphql_type.name  # type: ignore[attr-defined]
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in graphql_type.fields.items():
                if not CAMEL.fullmatch(field_name):
                    wrong.append(f"{name}.{field_name}")
                wrong += [f"{name}.{field_name}({a})" for a in field.args if not CAMEL.fullmatch(a)]
        if isinstance(graphql_type, GraphQLEnumType):
            wrong += [f"{name}.{v}" for v in graphql_type.values if not SCREAMING.fullmatch(v)]
    assert wrong == []


def test_introspection_query_reports_descriptions_to_clients(gql) -> None:
    data = gql.data('{ __type(name: "Entity") { description fields { name description } } }')
    assert data["__type"]["description"]
    assert all(field["description"] for field in data["__type"]["fields"])
