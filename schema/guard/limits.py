"""What one GraphQL operation may ask of the server, checked before any resolver runs.

    maxTokens     lexical tokens (and comments) in the document, counted while parsing
    maxDepth      how deeply fields nest in an operation, fragments expanded (introspection's
                  `__schema`/`__type` aside: graphql-core bounds those, and cost counts them)
    maxAliases    aliased fields in the document
    maxCost       an upper bound on the fields the operation resolves (schema/guard/cost.py); also
                  a cap on its field selections once fragments are expanded
    timeBudgetMs  parse + validation + execution time, from `budget_starts_now()` (the server
                  calls it as a request's job starts) or else from the start of execution;
                  the executor stops the operation once it is spent

The limits travel on the request's `Context`, so `/graphql` and the viewer (which runs its
operations in-process against the same schema) obey the same ones. Each violation is a
`LimitExceeded` naming the limit; the HTTP edge answers it like any request error.

The cheap checks (tokens; then depth, aliases and expanded selections, from schema/guard/shape.py)
run before graphql-core's validation, whose overlapping-fields rule is quadratic in the worst
case; parse and validation results are cached per document text, so a repeated query costs
neither again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from time import monotonic
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    get_operation_ast,
    parse,
    validate,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.errors import PARSE_FAILED, execution_request_errors, validation_errors, with_code
from schema.guard.bounds import Bounds
from schema.guard.cost import operation_cost
from schema.guard.shape import fragments_of, measure


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-operation limits; the defaults admit every query the viewer and docs/api.md use with
    room to spare (tests/hardening/test_limits.py checks it)."""

    max_tokens: int = 500
    max_depth: int = 15
    max_aliases: int = 30
    max_cost: int = 15_000
    time_budget_ms: int = 1000


DEFAULT_LIMITS = Limits()


class LimitExceeded(GraphQLError):
    """An operation asks for more than a limit allows; the message says which and by how much."""

    def __init__(self, limit: str, allowed: int, message: str) -> None:
        super().__init__(
            message, extensions={"code": "LIMIT_EXCEEDED", "limit": limit, "allowed": allowed}
        )


@dataclass(frozen=True, slots=True)
class Prepared:
    """A parsed document and its validation errors (empty when valid), or the syntax error."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]


# 256 documents of at most maxBodyBytes each: a bounded cache an attacker cannot grow.
@lru_cache(maxsize=256)
def prepare(
    schema: GraphQLSchema,
    query: str,
    rules: tuple[type[ASTValidationRule], ...],
    limits: Limits,
) -> Prepared:
    """Parse within the token limit, check depth and aliases, then validate (cached)."""
    try:
        tokens = limits.max_tokens
        document = parse(query, max_lexical_tokens=tokens, max_comments=tokens)
    except GraphQLSyntaxError as error:
        if "Document contains more than" in error.message:
            return Prepared(None, (_too_many_tokens(limits),))
        return Prepared(None, (with_code(error, PARSE_FAILED),))
    shape = shape_errors(document, limits)
    if shape:
        return Prepared(document, shape)
    return Prepared(document, validation_errors(validate(schema, document, rules)))


def _too_many_tokens(limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        "maxTokens",
        limits.max_tokens,
        f"Token limit exceeded: the document has more than {limits.max_tokens} tokens or "
        f"comments (maxTokens). Send a smaller document.",
    )


def shape_errors(document: DocumentNode, limits: Limits) -> tuple[GraphQLError, ...]:
    """Depth and alias violations."""
    shape = measure(document)
    errors: list[GraphQLError] = []
    if shape.aliases > limits.max_aliases:
        errors.append(
            LimitExceeded(
                "maxAliases",
                limits.max_aliases,
                f"Alias limit exceeded: the document has {shape.aliases} aliases; at most "
                f"{limits.max_aliases} are allowed (maxAliases).",
            )
        )
    if shape.depth > limits.max_depth:
        errors.append(
            LimitExceeded(
                "maxDepth",
                limits.max_depth,
                f"Depth limit exceeded: the operation nests fields {shape.depth} levels deep; at "
                f"most {limits.max_depth} are allowed (maxDepth). Fetch deeper levels in a "
                "follow-up query.",
            )
        )
    if shape.selections > limits.max_cost:
        errors.append(_too_costly(limits))
    return tuple(errors)


def _too_costly(limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        "maxCost",
        limits.max_cost,
        f"Cost limit exceeded: the operation could resolve more than {limits.max_cost} fields "
        "(maxCost). Ask for smaller pages (`first`) or fewer nested lists.",
    )


def cost_error(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    bounds: Bounds,
    limits: Limits,
) -> LimitExceeded | None:
    """The cost violation of the operation to run, if any."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None  # the executor reports the unknown or ambiguous operation
    cost = operation_cost(
        schema, operation, fragments_of(document), variables or {}, bounds, limits.max_cost
    )
    return None if cost is not None else _too_costly(limits)


class TimeBudgetExceeded(LimitExceeded):
    def __init__(self, budget_ms: int) -> None:
        super().__init__(
            "timeBudgetMs",
            budget_ms,
            f"Time budget exceeded: the operation ran for more than {budget_ms} ms "
            "(timeBudgetMs) and was stopped. Ask for less at a time.",
        )


# When the current operation's time budget started (monotonic seconds), if the caller set it.
_BUDGET_START: ContextVar[float | None] = ContextVar("budget_start", default=None)


def budget_starts_now() -> None:
    """Start the time budget of the operations run next in this context (before parsing)."""
    _BUDGET_START.set(monotonic())


def budget_deadline(budget_ms: int) -> float:
    start = _BUDGET_START.get()
    return (monotonic() if start is None else start) + budget_ms / 1000


class BudgetedExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, stopping the whole operation once its time budget is spent.

    The clock is read as each field starts (about 1% of a field's cost). On expiry the error
    propagates to the top, skipping graphql-core's per-field error protection, so no further
    resolver runs and the response has no data.
    """

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        # The errors graphql-core finds before running a field get their code here, where
        # their origin (variable coercion, operation selection) is known.
        built = super().build(*args, **kwargs)
        return execution_request_errors(built) if isinstance(built, list) else built

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._budget_ms = limits_of(self.context_value).time_budget_ms
        self._deadline = budget_deadline(self._budget_ms)

    def build_resolve_info(self, *args: Any, **kwargs: Any) -> GraphQLResolveInfo[Any]:
        if monotonic() > self._deadline:
            raise TimeBudgetExceeded(self._budget_ms)
        return super().build_resolve_info(*args, **kwargs)

    def handle_field_error(self, raw_error: Exception, *args: Any, **kwargs: Any) -> None:
        if isinstance(raw_error, TimeBudgetExceeded):
            raise raw_error
        super().handle_field_error(raw_error, *args, **kwargs)


def limits_of(context: Any) -> Limits:
    limits = getattr(context, "limits", None)
    return limits if isinstance(limits, Limits) else DEFAULT_LIMITS


class QueryLimits(SchemaExtension):
    """Parses and validates through `prepare` (cached), then checks the cost before executing."""

    _prepared: Prepared

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        self._prepared = prepare(
            context.schema._schema,
            context.query or "",
            tuple(context.validation_rules),
            limits_of(context.context),
        )
        document = self._prepared.document
        if document is None:
            raise self._prepared.errors[0]
        operations = sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
        if operations > 1 and context._provided_operation_name is None:
            # Strawberry would run the first; the spec says the request is ambiguous.
            raise CannotGetOperationTypeError(None)
        context.graphql_document = document
        yield

    def on_validate(self) -> Iterator[None]:
        self.execution_context.pre_execution_errors = list(self._prepared.errors)
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        bounds = getattr(context.context, "bounds", None)
        budget_ms = limits_of(context.context).time_budget_ms
        if _BUDGET_START.get() is not None and monotonic() > budget_deadline(budget_ms):
            # Parsing and validation spent the budget already.
            context.result = GraphQLExecutionResult(
                data=None, errors=[TimeBudgetExceeded(budget_ms)]
            )
        elif document is not None and bounds is not None:
            error = cost_error(
                context.schema._schema,
                document,
                context.operation_name,
                context.variables,
                bounds,
                limits_of(context.context),
            )
            if error is not None:
                context.result = GraphQLExecutionResult(data=None, errors=[error])
        yield
