"""Invitation tokens. A token is 256 random bits sent only in the invitation e-mail; the
database keeps two keyed hashes of it (one for the invitation, another for the draft), so
neither a token nor a link between a draft and an invitation can be read from the tables."""

from __future__ import annotations

import secrets

from django.utils.crypto import salted_hmac

TOKEN_BYTES = 32  # 256 bits


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def invitation_key(token: str) -> str:
    return salted_hmac("medvirk.surveys.invitation", token, algorithm="sha256").hexdigest()


def draft_key(token: str) -> str:
    return salted_hmac("medvirk.surveys.draft", token, algorithm="sha256").hexdigest()
