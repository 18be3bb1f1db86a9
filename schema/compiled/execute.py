"""Run a query through its compiled plan, after exactly the checks the normal path makes.

    result = execute_compiled(schema, query, variables, context, operation_name)
    if result is None: ...  # not covered: run `schema.execute_sync` as usual

Every document first goes through `prepare` (the same cached parse, token/depth/alias limits
and validation as the `QueryLimits` extension) and the cost check; anything that fails them, or
that this path does not cover, returns None and the caller runs Strawberry's normal execution,
which reports the errors exactly as before. What falls back (docs/performance.md):

- documents that do not parse or validate, exceed a limit, or whose variables do not coerce;
- no operation chosen (several without `operationName`, or an unknown name), non-queries;
- introspection (`__schema`, `__type`), directives other than `@skip`/`@include`;
- fields whose Strawberry resolver is async or carries field extensions or permissions;
- a `root_value` given by the caller.

A plan is built once per (document text, operation name, values of the variables that
`@skip`/`@include` read) and kept beside the prepared document, in a bounded cache.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from time import monotonic
from typing import Any

from graphql import (
    DirectiveNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
    get_operation_ast,
    specified_rules,
    visit,
)
from graphql.execution.values import VariableValues, get_variable_values
from graphql.language import Visitor
from strawberry.types import ExecutionResult

from schema.compiled.plan import Compiler, Unsupported
from schema.compiled.state import Complete, Run
from schema.guard.cost import cost_variables
from schema.guard.limits import TimeBudgetExceeded, cost_error, limits_of, prepare

logger = logging.getLogger("orggraph.compiled")
RULES = tuple(specified_rules)  # what Strawberry's execution context validates with
MAX_DOCUMENTS = 256
MAX_VARIANTS = 8  # plans per document (distinct @skip/@include variable values)


@dataclass(slots=True)
class _Entry:
    """What one operation of one document needs beyond its prepared form."""

    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    directive_variables: tuple[str, ...]
    costed_variables: tuple[str, ...]
    plans: dict[tuple[Any, ...], Complete | None] = field(default_factory=dict)
    # The cost check's verdicts for the values of `costed_variables`, for one graph and limits.
    costs: dict[str, bool] = field(default_factory=dict)
    costs_for: tuple[Any, Any] | None = None


_entries: OrderedDict[tuple[str, str | None], _Entry | None] = OrderedDict()


def clear() -> None:
    """Forget every plan (tests; a new schema object gets new plans anyway)."""
    _entries.clear()


def execute_compiled(
    strawberry_schema: Any,
    query: str | None,
    variables: Mapping[str, Any] | None,
    context: Any,
    operation_name: str | None,
) -> ExecutionResult | None:
    """The result, or None when the normal path must run (it then reports any error)."""
    if not query:
        return None
    schema = strawberry_schema._schema
    limits = limits_of(context)
    prepared = prepare(schema, query, RULES, limits)
    document = prepared.document
    if document is None or prepared.errors:
        return None
    entry = _entry(strawberry_schema, query, operation_name, document)
    if entry is None:
        return None
    bounds = getattr(context, "bounds", None)
    if bounds is not None and not _affordable(entry, schema, document, variables, bounds, limits):
        return None
    coerced = get_variable_values(
        schema, entry.operation.variable_definitions or (), dict(variables) if variables else {}
    )
    if not isinstance(coerced, VariableValues):
        return None
    plan = _plan(strawberry_schema, entry, coerced)
    if plan is None:
        return None
    run = Run(context, coerced, strawberry_schema, limits.time_budget_ms)
    if monotonic() > run.deadline:  # parsing and validation spent the budget already
        return ExecutionResult(data=None, errors=[TimeBudgetExceeded(run.budget_ms)], extensions={})
    try:
        data = plan(None, run, None)
    except TimeBudgetExceeded as error:
        return ExecutionResult(data=None, errors=[error], extensions={})
    except GraphQLError as error:  # a non-null root field failed: no data at all
        return ExecutionResult(data=None, errors=[*run.errors, error], extensions={})
    return ExecutionResult(data=data, errors=run.errors or None, extensions={})


def _entry(
    strawberry_schema: Any, query: str, operation_name: str | None, document: Any
) -> _Entry | None:
    key = (query, operation_name)
    if key in _entries:
        _entries.move_to_end(key)
        return _entries[key]
    entry = _new_entry(strawberry_schema, operation_name, document)
    _entries[key] = entry
    if len(_entries) > MAX_DOCUMENTS:
        _entries.popitem(last=False)
    return entry


def _new_entry(strawberry_schema: Any, operation_name: str | None, document: Any) -> _Entry | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) > 1 and operation_name is None:
        return None
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    if strawberry_schema._schema.query_type is None:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return _Entry(operation, fragments, _directive_variables(document), cost_variables(document))


def _affordable(
    entry: _Entry,
    schema: Any,
    document: Any,
    variables: Mapping[str, Any] | None,
    bounds: Any,
    limits: Any,
) -> bool:
    """The cost check, as the `QueryLimits` extension makes it; its verdict is reused for the
    same values of the variables the cost reads (page sizes, ID lists), on the same graph."""
    if entry.costs_for is None or entry.costs_for[0] is not bounds or entry.costs_for[1] != limits:
        entry.costs, entry.costs_for = {}, (bounds, limits)
    values = variables or {}
    key = json.dumps([values.get(name) for name in entry.costed_variables], default=repr)
    verdict = entry.costs.get(key)
    if verdict is None:
        name = entry.operation.name.value if entry.operation.name else None
        verdict = cost_error(schema, document, name, variables, bounds, limits) is None
        if len(entry.costs) >= MAX_VARIANTS * 32:
            entry.costs.clear()
        entry.costs[key] = verdict
    return verdict


def _plan(strawberry_schema: Any, entry: _Entry, variables: VariableValues) -> Complete | None:
    key = tuple(variables.coerced.get(name) for name in entry.directive_variables)
    if key in entry.plans:
        return entry.plans[key]
    compiler = Compiler(strawberry_schema, entry.fragments, variables.coerced)
    root = strawberry_schema._schema.query_type
    try:
        plan: Complete | None = compiler.object(root, [entry.operation.selection_set])
    except Unsupported:
        plan = None
    except Exception:  # a bug here must not cost the request: the normal path answers it
        logger.exception("could not compile %s", entry.operation.name)
        plan = None
    if len(entry.plans) < MAX_VARIANTS:
        entry.plans[key] = plan
    return plan


def _directive_variables(document: Any) -> tuple[str, ...]:
    """The variables `@skip`/`@include` read anywhere in the document, sorted."""
    names: set[str] = set()

    class Directives(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            for argument in node.arguments or ():
                value = argument.value
                if isinstance(value, VariableNode):
                    names.add(value.name.value)

    visit(document, Directives())
    return tuple(sorted(names))
