from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test.client import Client as ClientType

from api import services

ApiGet = Callable[..., Any]


@pytest.fixture
def token_for(db: None) -> Callable[[Any], str]:
    """`token_for(user)` creates an API token owned by `user` and returns the raw secret."""

    def _create(user: Any, **kwargs: Any) -> str:
        _token, raw = services.create_token(owner=user, name="test", actor=user, **kwargs)
        return raw

    return _create


@pytest.fixture
def api_get(client: ClientType) -> ApiGet:
    """`api_get(raw_token, "/units", limit=5)` calls GET /api/v1/units with the bearer token."""

    def _get(raw: str | None, path: str, **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {raw}"} if raw is not None else {}
        return client.get(f"/api/v1{path}", params, headers=headers)

    return _get
