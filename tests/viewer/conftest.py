"""Viewer fixtures: the app in-process over the small sample graph and over the real data."""

from __future__ import annotations

import pytest

from schema.context import Context
from server.app import create_app
from server.config import Config
from tests.support import Client

# What htmx sends when it asks for a fragment.
HX = {"HX-Request": "true"}


@pytest.fixture(scope="session")
def client(sample_context: Context) -> Client:
    return Client(create_app(Config.from_env({}), context=sample_context))


@pytest.fixture(scope="session")
def iom_client(iom_context: Context) -> Client:
    return Client(create_app(Config.from_env({}), context=iom_context))
