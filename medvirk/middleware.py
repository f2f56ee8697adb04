"""Middleware that the anonymous respondent pages under /s/ and the live-meeting participant
pages under /m/ (with the anonymous meeting feedback under /m/f/) go straight past.

A respondent has no login, so sessions, users, flash messages, htmx details and the
second-factor check mean nothing there. Skipping them also keeps a staff member's session
untouched while they answer the survey: with SESSION_SAVE_EVERY_REQUEST, every answered
page would otherwise refresh their session row, a timestamp that follows their answering.
And it is cheaper (docs/benchmarks.md). Security headers, language, CSRF (the respondent
views are exempt on purpose, see respond/views.py; the live-meeting phones keep it) and
framing rules still apply. A live-meeting phone is recognised by a signed cookie of its own
(live/participant_views.py), never by a session."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest
from django_htmx.middleware import HtmxMiddleware

RESPONDENT_PREFIX = "/s/"  # where respond.urls is included (medvirk/urls.py)
PARTICIPANT_PREFIX = "/m/"  # live.participant_urls and meetings.feedback_urls (medvirk/urls.py)
ANONYMOUS_PREFIXES = (RESPONDENT_PREFIX, PARTICIPANT_PREFIX)


def is_respondent(request: HttpRequest) -> bool:
    """An anonymous page: a survey respondent's or a live-meeting participant's."""
    return request.path_info.startswith(ANONYMOUS_PREFIXES)


class StaffSessionMiddleware(SessionMiddleware):
    def __call__(self, request: HttpRequest) -> Any:
        if is_respondent(request):
            return self.get_response(request)
        return super().__call__(request)


class StaffAuthenticationMiddleware(AuthenticationMiddleware):
    def __call__(self, request: HttpRequest) -> Any:
        if is_respondent(request):
            return self.get_response(request)
        return super().__call__(request)


class StaffMessageMiddleware(MessageMiddleware):
    def __call__(self, request: HttpRequest) -> Any:
        if is_respondent(request):
            return self.get_response(request)
        return super().__call__(request)


class StaffHtmxMiddleware(HtmxMiddleware):
    def __call__(self, request: HttpRequest) -> Any:
        if is_respondent(request):
            return self.get_response(request)
        return super().__call__(request)
