"""The documented front-end dev setup, in a real browser: a page served from another origin (a
plain static server on its own port, as a dev server would be) calls /graphql with the headers
real clients send, and reads the headers we expose. Headless Chromium enforces CORS for real."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support import free_port, serve

CALL = """
async ([url, method]) => {
  const headers = {
    "Accept": "application/graphql-response+json",
    "apollographql-client-name": "web",
    "apollographql-client-version": "1.2.3",
    "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    "tracestate": "vendor=value",
    "baggage": "userId=alice",
    "sentry-trace": "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-1",
  };
  const query = "{ dataVersion }";
  try {
    const response = method === "GET"
      ? await fetch(url + "?query=" + encodeURIComponent(query), { headers })
      : await fetch(url, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/json" },
          body: JSON.stringify({ query }),
        });
    return {
      status: response.status,
      body: await response.json(),
      requestId: response.headers.get("X-Request-ID"),
      dataVersion: response.headers.get("X-Data-Version"),
      etag: response.headers.get("ETag"),
    };
  } catch (error) {
    return { failed: String(error) };
  }
}
"""


@pytest.fixture(scope="module")
def front_end() -> Iterator[str]:
    """A static server on another port: the origin a front-end dev server would have."""
    port = free_port()
    with tempfile.TemporaryDirectory() as root:
        process = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        origin = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 15
            while True:
                try:
                    httpx.get(origin, timeout=1)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        pytest.fail("the static server did not start")
                    time.sleep(0.1)
            yield origin
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def api(front_end: str) -> Iterator[str]:
    with serve({"ORGGRAPH_CORS_ORIGINS": front_end}, "uvicorn-cors.log") as (base, _):
        yield base


def _call(browser: Any, origin: str, url: str, method: str) -> dict[str, Any]:
    page = browser.new_page()
    try:
        page.goto(origin + "/")
        result: dict[str, Any] = page.evaluate(CALL, [url, method])
        return result
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_page_on_the_dev_server_origin_calls_the_api_and_reads_exposed_headers(
    browser, front_end, api, method
) -> None:
    result = _call(browser, front_end, f"{api}/graphql", method)
    assert result.get("status") == 200, result
    assert result["body"]["data"]["dataVersion"] == result["dataVersion"]
    assert result["requestId"]
    if method == "GET":
        assert result["etag"]  # GET answers are cacheable and carry their tag
    else:
        assert result["etag"] is None  # POST answers are no-store, no tag


@pytest.mark.browser
def test_a_page_on_an_unlisted_origin_is_refused_by_the_browser(browser, front_end, api) -> None:
    # The same static page under another name is another origin, one the API does not list.
    other = str(httpx.URL(front_end).copy_with(host="localhost")).rstrip("/")
    result = _call(browser, other, f"{api}/graphql", "POST")
    assert "failed" in result and "Failed to fetch" in result["failed"]
