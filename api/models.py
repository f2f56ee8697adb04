"""API tokens: a keyed hash of a random secret, owned by a user the API then acts as."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "mvk_"  # noqa: S105 - a public marker, not a secret
# Shown in the token list so owners can tell their tokens apart; 4 + 6 characters of the token.
VISIBLE_PREFIX_LENGTH = len(TOKEN_PREFIX) + 6
# Using a token updates last_used_at at most this often, so busy clients don't write every call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
_HASH_SALT = "medvirk.api.ApiToken"


def generate_raw_token() -> str:
    """A new secret: the prefix plus 32 random bytes, URL-safe base64."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(raw: str) -> str:
    """The keyed hash (HMAC-SHA256 keyed by SECRET_KEY) stored instead of the token."""
    return salted_hmac(_HASH_SALT, raw, algorithm="sha256").hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def owned_by(self, user: Any) -> ApiTokenQuerySet:
        return self.filter(owner=user)


class ApiToken(models.Model):
    """A bearer token for /api/v1/. The raw token is shown once at creation and never stored."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    prefix = models.CharField(_("starts with"), max_length=VISIBLE_PREFIX_LENGTH, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The tokens page lists one owner's tokens, newest first.
            models.Index(fields=["owner", "-created_at"], name="apitoken_owner_created"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    def touch(self, now: dt.datetime | None = None) -> None:
        """Record a use, at most once per LAST_USED_RESOLUTION."""
        now = now or timezone.now()
        if self.last_used_at is not None and now - self.last_used_at < LAST_USED_RESOLUTION:
            return
        self.last_used_at = now
        ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
