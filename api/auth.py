"""Bearer-token authentication for /api/v1/. A request acts as the token's owner, so the
policy module decides everything. By default the owner must hold "api.read"; the teams
endpoints and /me use `TokenAuth(teams=True)`, which also admits the facilitators of a team
(`policy.may_use_api`) — those endpoints check every team with the policy's team access."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from api.models import ApiToken, token_digest
from audit.models import record
from orgs import policy


def _failed(request: HttpRequest, reason: str) -> None:
    # Never the token text: only why it failed and where.
    record(
        "api.auth_failed", label=request.path[:300], data={"reason": reason, "path": request.path}
    )
    return None


class TokenAuth(HttpBearer):
    def __init__(self, *, teams: bool = False) -> None:
        super().__init__()
        self.teams = teams

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        scheme, _, token = header.partition(" ")
        if not header:
            return _failed(request, "missing")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            return _failed(request, "malformed")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = (
            ApiToken.objects.select_related("owner__person__unit")
            .filter(digest=token_digest(token))
            .first()
        )
        if api_token is None:
            return _failed(request, "unknown")
        if api_token.is_revoked:
            return _failed(request, "revoked")
        if api_token.is_expired():
            return _failed(request, "expired")
        owner = api_token.owner
        if not owner.is_active:
            return _failed(request, "inactive_owner")
        api_token.touch()
        request.user = owner
        allowed = policy.may_use_api(owner) if self.teams else policy.can(owner, "api.read")
        if not allowed:
            raise HttpError(403, "The token's owner may not use this part of the API.")
        return owner
