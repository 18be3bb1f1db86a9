"""Viewer fixtures: the app in-process over the small sample graph and over the real data."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from schema.context import Context
from server.app import create_app
from server.config import Config

# What htmx sends when it asks for a fragment.
HX = {"HX-Request": "true"}


class Client:
    """Synchronous calls into the ASGI app through httpx (Starlette's TestClient wants httpx2)."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                return await client.request(method, url, **kwargs)

        # A thread of its own: the session's Playwright browser keeps an event loop running.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, send()).result()

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def head(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("HEAD", url, **kwargs)


@pytest.fixture(scope="session")
def client(sample_context: Context) -> Client:
    return Client(create_app(Config.from_env({}), context=sample_context))


@pytest.fixture(scope="session")
def iom_client(iom_context: Context) -> Client:
    return Client(create_app(Config.from_env({}), context=iom_context))
