from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from live import services
from live.models import LiveSession


@pytest.fixture
def live_session(personas, clean_cache) -> LiveSession:
    return services.create_session(
        unit=personas.org.performance, title="Mapping meeting", actor=personas.facilitator
    )


@pytest.fixture
def phone() -> Callable[[], Client]:
    """`phone()` is a fresh anonymous browser (its own cookie jar), in English."""

    def make() -> Client:
        return Client(headers={"accept-language": "en"})

    return make


def write(client: Client, session: LiveSession, text: str, prompt: str = "improve", **extra: Any):
    return client.post(
        f"/m/{session.code}/", {"prompt": prompt, "text": text, **extra}, follow=False
    )
