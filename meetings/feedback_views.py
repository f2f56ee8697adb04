"""The participants' anonymous feedback page under /m/f/<code>/: no login, no session (the
middleware skips /m/, medvirk/middleware.py). The code in the link names the meeting; a
signed cookie of the browser's own remembers which meetings it answered, so one browser
answers once — the server stores nothing about the browser. Unknown codes count towards the
live meetings' guessing limit (live/guessing.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from live import guessing
from medvirk.forms import add_errors
from meetings import evaluation
from meetings.forms import FeedbackForm
from meetings.models import FEEDBACK_MIN_ANSWERS, Meeting

COOKIE = "medvirk_feedback"
COOKIE_SALT = "medvirk.meetings.feedback"
COOKIE_PATH = "/m/f/"  # where meetings.feedback_urls is included (medvirk/urls.py)
REMEMBERED = 50  # codes kept in the cookie, newest last


def _answered(request: HttpRequest) -> list[str]:
    value = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT)
    return [code for code in value.split(",") if code] if isinstance(value, str) else []


def _remember(request: HttpRequest, response: HttpResponse, code: str) -> None:
    codes = [*[c for c in _answered(request) if c != code][-(REMEMBERED - 1) :], code]
    response.set_signed_cookie(
        COOKIE,
        ",".join(codes),
        salt=COOKIE_SALT,
        max_age=(settings.MEDVIRK_FEEDBACK_DAYS + 1) * 24 * 3600,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _unknown(request: HttpRequest, *, wait: int = 0) -> HttpResponse:
    """The one plain page for a code that names no meeting; 429 while the address waits."""
    wait = wait or guessing.record_failure(request)
    response = render(request, "meetings/feedback_unknown.html", status=404)
    if wait:
        response.status_code = 429
        response["Retry-After"] = str(wait)
    return response


def _page(request: HttpRequest, meeting: Meeting, state: str, **extra: Any) -> HttpResponse:
    context = {
        "meeting": meeting,
        "state": state,
        "threshold": FEEDBACK_MIN_ANSWERS,
        **extra,
    }
    form = extra.get("form")
    status = 400 if form is not None and form.errors else 200
    return render(request, "meetings/feedback.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def give(request: HttpRequest, code: str) -> HttpResponse:
    """Three statements rated 1–5 and an optional text; a thank-you once given."""
    wait = guessing.retry_after(request)
    if wait:
        return _unknown(request, wait=wait)
    meeting = evaluation.find_feedback_meeting(code)
    if meeting is None:
        return _unknown(request)
    if meeting.feedback_code in _answered(request):
        return _page(request, meeting, "thanks")
    if not meeting.feedback_is_open(timezone.now()):
        return _page(request, meeting, "closed")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation.give_feedback(
                meeting=meeting, answers=form.answers(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            response = redirect("feedback:give", code=meeting.feedback_code)
            _remember(request, response, str(meeting.feedback_code))
            return response
    return _page(request, meeting, "form", form=form)
