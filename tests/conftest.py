from __future__ import annotations



import pytest
from django.test import Client

from tests.personas import Personas, build_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()


@pytest.fixture
def login(client: Client):
    """`login(user)` logs the test client in as `user` (second factor included) and returns it."""

    def _login(user) -> Client:
        client.force_login(user)
        return client

    return _login
