"""Two-factor authentication for administrators and HR partners; the person's own language."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from medvirk.i18n import set_language_cookie
from medvirk.middleware import is_respondent
from orgs import policy
from orgs.models import Person

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


_LANGUAGE_APPLIED = "medvirk.language_applied"  # session key: the person's language was looked up


class PersonLanguageMiddleware:
    """After logging in, the pages come in the person's own language (`Person.language`) until
    they pick another with the header's switch: once per session, and only while the browser
    has no language cookie, the language is looked up, used for the page and kept in the
    cookie that Django's LocaleMiddleware reads on the following pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            set_language_cookie(response, language)
        return response

    def _language(self, request: HttpRequest) -> str:
        if is_respondent(request) or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return ""
        user = request.user
        if not user.is_authenticated or request.session.get(_LANGUAGE_APPLIED):
            return ""
        request.session[_LANGUAGE_APPLIED] = True
        person_id = getattr(user, "person_id", None)  # a login without a person has none
        if person_id is None:
            return ""
        return Person.objects.filter(pk=person_id).values_list("language", flat=True).first() or ""
