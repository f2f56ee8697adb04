"""`medvirk createapitoken EMAIL --name NAME`: create an API token for automation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from api import services
from orgs import policy


class Command(BaseCommand):
    help = "Create an API token for the user with this e-mail address and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the token owner's e-mail address")
        parser.add_argument("--name", required=True, help="what the token is for")
        parser.add_argument("--expires-days", type=int, default=None, help="days until it expires")

    def handle(
        self, *args: Any, email: str, name: str, expires_days: int | None, **options: Any
    ) -> None:
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user has the e-mail address {email!r}.")
        if expires_days is not None and expires_days < 1:
            raise CommandError("--expires-days must be at least 1.")
        expires_at = timezone.now() + dt.timedelta(days=expires_days) if expires_days else None
        _token, raw = services.create_token(
            owner=user, name=name, expires_at=expires_at, actor="command createapitoken"
        )
        if not policy.may_use_api(user):
            self.stderr.write(
                f"Warning: {user.email} neither holds api.read nor facilitates a team; the API "
                "will refuse this token until they do."
            )
        self.stdout.write(raw)
