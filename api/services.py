"""Creating and revoking API tokens: the tokens page and `medvirk createapitoken` share these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from api.models import VISIBLE_PREFIX_LENGTH, ApiToken, generate_raw_token, token_digest
from audit.models import record


@transaction.atomic
def create_token(
    *, owner: Any, name: str, actor: Any, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `owner` and return it with the raw secret, which is never stored:
    the caller shows it once. `actor` is the user (or a label for a command) creating it."""
    raw = generate_raw_token()
    token = ApiToken.objects.create(
        name=name,
        owner=owner,
        prefix=raw[:VISIBLE_PREFIX_LENGTH],
        digest=token_digest(raw),
        expires_at=expires_at,
    )
    record(
        "api.token.create",
        actor=actor,
        obj=token,
        label=f"{token} - {owner.email}",
        data={
            "name": name,
            "owner": owner.email,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: Any) -> None:
    """Revoke a token now. Revoking an already revoked token changes nothing."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        "api.token.revoke",
        actor=actor,
        obj=token,
        label=f"{token} - {token.owner.email}",
        data={"name": token.name, "owner": token.owner.email},
    )
