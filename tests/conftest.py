from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from tests.personas import Personas, build_personas

pytest_plugins = ["tests.smtp", "tests.roundfixtures"]  # smtp_inbox; survey-round fixtures


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Commands and services run in English in tests (a request sets its own language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    """The test client asks for English (page texts in assertions are the English source
    strings); tests of the bokmål interface ask for it explicitly."""
    return Client(headers={"accept-language": "en"})


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The project cache is a database table (rate limits, used TOTP codes live there)."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture
def clean_cache(db: None) -> Iterator[None]:
    """An empty cache before and after the test: rate-limit counters must not leak."""
    cache.clear()
    yield
    cache.clear()
