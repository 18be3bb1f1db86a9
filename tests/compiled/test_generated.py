"""Generated documents over the whole schema: the compiled path and graphql-core agree on data
and errors (messages, locations, paths, order), and the compiled path declines a document only
when the normal path answers it with a request error (no data)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from api.root import schema
from schema.context import Context
from tests.compiled.documents import documents
from tests.compiled.same import assert_same

# Bounded so the three data sets together run in well under a minute on a busy machine.
EXAMPLES = 100
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check(context: Context, case: tuple[str, dict[str, Any]]) -> None:
    document, variables = case
    served = assert_same(context, document, variables)
    if not served:
        normal = schema.execute_normally(document, variables, context)
        assert normal.data is None and normal.errors, (document, variables, normal)


@pytest.mark.parametrize("data", ["iom_context", "synthetic_context", "sample_context"])
def test_generated_documents_agree(request: pytest.FixtureRequest, data: str) -> None:
    context: Context = request.getfixturevalue(data)

    @SETTINGS
    @given(documents(schema._schema, context))
    def check(case: tuple[str, dict[str, Any]]) -> None:
        _check(context, case)

    check()
