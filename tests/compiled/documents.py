"""Hypothesis strategies for GraphQL documents over the whole schema, driven by the schema itself.

A document is a query on the root type with random selections of any type's fields (aliases,
repeated fields that merge, `__typename`), inline fragments and named fragments on interfaces
and object types, `@include`/`@skip` with literals or variables, and arguments from a pool that
mixes real values of the data (slugs, cursors, global IDs), boundary page sizes and invalid
values. Variables are declared only when used, with values drawn beside the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    is_leaf_type,
)
from hypothesis import strategies as st

from schema.connections import encode_cursor
from schema.context import Context


@dataclass
class Draft:
    """A document being drawn: its fragments and the variables it uses."""

    variables: dict[str, tuple[str, Any]] = field(default_factory=dict)  # name -> (type, value)
    fragments: list[str] = field(default_factory=list)
    aliases: int = 0


def strings(context: Context) -> list[str]:
    graph = context.graph
    entities = list(graph.iter_entities())
    slugs = [graph.root_id, entities[1].id, entities[-1].id, "no-such-thing"]
    positions = list(graph.positions)[:2]
    return [
        *slugs,
        *positions,
        encode_cursor(entities[2].id),
        encode_cursor("gone"),
        "bad-cursor",
        "VW5pdDppb20=",
        "T2ZmaWNlOnJlZ2lvbmFsLW9mZmljZS1zYW4tam9zZQ==",
        "IT",
        "it",
        "XX",
        "Central Asia",
        "migration",
        "",
    ]


INTS = [0, 1, 2, 3, -1, 101]


def _literal(draw: Any, type_: Any, pool: list[str], draft: Draft) -> str:
    """A value for an argument of `type_`, sometimes through a variable, sometimes invalid."""
    nullable = not isinstance(type_, GraphQLNonNull)
    inner = type_ if nullable else type_.of_type
    if nullable and draw(st.integers(0, 9)) == 7:
        return "null"
    if isinstance(inner, GraphQLList):
        items = draw(st.lists(st.just(inner.of_type), min_size=0, max_size=2))
        return "[" + ", ".join(_literal(draw, t, pool, draft) for t in items) + "]"
    named = get_named_type(inner)
    if draw(st.integers(0, 3)) == 0 and named.name in ("Int", "String", "Boolean"):
        return _variable(draw, named.name, nullable, pool, draft)
    if draw(st.integers(0, 49)) == 7:
        return '"wrong type"' if named.name != "String" else "42"  # invalid: validation says so
    if isinstance(named, GraphQLEnumType):
        return draw(st.sampled_from(sorted(named.values)))
    if named.name == "Int":
        return str(draw(st.sampled_from(INTS)))
    if named.name == "Boolean":
        return draw(st.sampled_from(["true", "false"]))
    return '"' + draw(st.sampled_from(pool)) + '"'


def _variable(draw: Any, type_name: str, nullable: bool, pool: list[str], draft: Draft) -> str:
    required = "" if nullable else "!"
    name = f"{type_name.lower()}{'' if nullable else 'Required'}{draw(st.integers(0, 1))}"
    if name not in draft.variables:
        values: dict[str, Any] = {
            "Int": st.sampled_from([*INTS, None]),
            "String": st.sampled_from([*pool, None]),
            "Boolean": st.booleans(),
        }
        draft.variables[name] = (type_name + required, draw(values[type_name]))
    return f"${name}"


def _directives(draw: Any, pool: list[str], draft: Draft) -> str:
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return " @include(if: " + _flag(draw, pool, draft) + ")"
    if choice == 1:
        return " @skip(if: " + _flag(draw, pool, draft) + ")"
    return ""


def _flag(draw: Any, pool: list[str], draft: Draft) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(["true", "false"]))
    name = f"flag{draw(st.integers(0, 1))}"
    draft.variables.setdefault(name, ("Boolean!", draw(st.booleans())))
    return f"${name}"


def _selections(
    draw: Any, schema: GraphQLSchema, parent: Any, depth: int, pool: list[str], draft: Draft
) -> str:
    """A selection set on an object or interface type, one to three selections."""
    parts = []
    names = sorted(parent.fields)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            parts.append("__typename" + _directives(draw, pool, draft))
            continue
        if kind in (1, 2) and depth > 0:
            parts.append(_fragment(draw, schema, parent, depth, pool, draft, named=kind == 2))
            continue
        name = draw(st.sampled_from(names))
        parts.append(_field(draw, schema, parent, name, depth, pool, draft))
    return "{ " + " ".join(parts) + " }"


def _field(
    draw: Any,
    schema: GraphQLSchema,
    parent: Any,
    name: str,
    depth: int,
    pool: list[str],
    draft: Draft,
) -> str:
    definition = parent.fields[name]
    alias = ""
    if draw(st.integers(0, 2)) == 0:  # an alias, rarely one that clashes (a validation error)
        draft.aliases += draw(st.sampled_from([1, 1, 1, 1, 0]))
        alias = f"a{draft.aliases}: "
    arguments = []
    for arg_name, arg in definition.args.items():
        required = isinstance(arg.type, GraphQLNonNull)
        if required or draw(st.integers(0, 2)) == 0:
            arguments.append(f"{arg_name}: {_literal(draw, arg.type, pool, draft)}")
    text = alias + name + (f"({', '.join(arguments)})" if arguments else "")
    text += _directives(draw, pool, draft)
    named = get_named_type(definition.type)
    if is_leaf_type(named):
        return text
    if depth <= 0:
        return text + " { __typename }"
    return text + " " + _selections(draw, schema, named, depth - 1, pool, draft)


def _fragment(
    draw: Any,
    schema: GraphQLSchema,
    parent: Any,
    depth: int,
    pool: list[str],
    draft: Draft,
    *,
    named: bool,
) -> str:
    """An inline or named fragment on the parent type, an interface it has or a subtype."""
    conditions = [parent]
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        conditions += list(parent.interfaces)
    if isinstance(parent, GraphQLInterfaceType):
        conditions += list(schema.get_possible_types(parent))
    condition = draw(st.sampled_from(conditions))
    body = _selections(draw, schema, condition, depth - 1, pool, draft)
    if not named:
        return f"... on {condition.name}{_directives(draw, pool, draft)} {body}"
    name = f"F{len(draft.fragments)}"
    draft.fragments.append(f"fragment {name} on {condition.name} {body}")
    return f"...{name}{_directives(draw, pool, draft)}"


@st.composite
def documents(draw: Any, schema: GraphQLSchema, context: Context) -> tuple[str, dict[str, Any]]:
    """(document, variables) for a random query over the whole schema."""
    draft = Draft()
    pool = strings(context)
    root = schema.query_type
    assert root is not None
    body = _selections(draw, schema, root, draw(st.integers(1, 4)), pool, draft)
    declared = [f"${name}: {type_}" for name, (type_, _) in sorted(draft.variables.items())]
    head = "query Q" + (f"({', '.join(declared)})" if declared else "")
    variables = {name: value for name, (_, value) in draft.variables.items()}
    if draw(st.integers(0, 19)) == 7 and variables:
        variables.pop(sorted(variables)[0])  # a missing variable: its default, or an error
    return "\n".join([f"{head} {body}", *draft.fragments]), variables
