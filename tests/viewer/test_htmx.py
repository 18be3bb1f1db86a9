"""The one helper that tells a fragment request from a page request."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from viewer.htmx import wants_fragment


def request(headers: dict[str, str]) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": raw})


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param({}, False, id="browser"),
        pytest.param({"HX-Request": "true"}, True, id="htmx"),
        pytest.param(
            {"HX-Request": "true", "HX-History-Restore-Request": "true"}, False, id="restore"
        ),
        pytest.param({"HX-Request": "true", "HX-Boosted": "true"}, False, id="boosted"),
        pytest.param({"HX-Request": "false"}, False, id="not-true"),
    ],
)
def test_wants_fragment(headers: dict[str, str], expected: bool) -> None:
    assert wants_fragment(request(headers)) is expected
