"""Two-factor authentication is required for administrators and HR partners."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from medvirk.middleware import is_respondent
from orgs import policy

# Paths a user without a second factor may still reach: setting one up, logging out, static files.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/jsi18n/", "/healthz")


class RequireMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_respondent(request):  # no login there, so no request.user either
            return self.get_response(request)
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            # The REST API authenticates by bearer token, not session; the token pages under
            # /api/tokens/ do need the second factor.
            and not request.path.startswith("/api/v1/")
            and policy.needs_mfa(user)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?required=1")
        return self.get_response(request)
