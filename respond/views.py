"""The respondent surface: no login, a personal link, nothing that identifies the answers.

Every view takes the token from the path and goes through `respondent_view`, which answers
unknown links ("link not valid", slowed down after repeated guessing), answered invitations
("already answered") and rounds that are not open ("closed"). The views are exempt from CSRF
checks on purpose: the 256-bit token in the path is a stronger anti-forgery secret than the
CSRF cookie, and respondents whose browser refuses cookies can still answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lib.instrument import Instrument
from medvirk.i18n import set_language_cookie
from respond import guessing, pages, services
from respond.questionnaire import EXTRA_SECTION, questionnaire_for, text
from surveys.models import Invitation, InvitationStatus, SurveyRound


@dataclass
class Visit:
    """A valid link: the token, its invitation and round, the parsed questionnaire and the
    draft as it was when the request came in."""

    token: str
    invitation: Invitation
    round: SurveyRound
    questionnaire: Instrument
    saved: services.Saved

    @property
    def page_count(self) -> int:
        return len(self.questionnaire.sections)


View = Callable[..., HttpResponse]


def respondent_view(*, answered: bool = False) -> Callable[[View], View]:
    """Resolve the token into a `Visit`, or answer with the page for a bad link, an answered
    invitation or a closed round. `answered=True` lets the receipt see answered invitations."""

    def decorate(view: View) -> View:
        @wraps(view)
        @never_cache  # answers must not linger in the browser's cache on a shared computer
        @csrf_exempt
        def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _plausible(token):
                return _invalid(request)
            found = services.find_invitation(token, address_key=guessing.key(request))
            if found.blocked_until is not None:  # valid link or not: the same answer
                return _slow_down(request, guessing.wait_until(found.blocked_until))
            if found.invitation is None:
                return _invalid(request)
            invitation, saved = found.invitation, found.saved
            questionnaire = questionnaire_for(invitation.round)
            visit = Visit(token, invitation, invitation.round, questionnaire, saved)
            if invitation.status == InvitationStatus.SUBMITTED and not answered:
                if request.method == "POST":  # a double click or a second tab: show the receipt
                    return _to_receipt(token)
                return _render(request, visit, "respond/already.html")
            if not visit.round.accepts_responses and not answered:
                return _render(request, visit, "respond/closed.html")
            return view(request, visit, *args, **kwargs)

        return wrapper

    return decorate


_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")


def _plausible(token: str) -> bool:
    """Tokens are URL-safe base64 (`surveys.tokens.new_token`); anything else is not looked up."""
    return _TOKEN.fullmatch(token) is not None


def _invalid(request: HttpRequest) -> HttpResponse:
    """An unknown link: count it for the address's guessing limit."""
    wait = guessing.record_failure(request)
    if wait:
        return _slow_down(request, wait)
    return render(request, "respond/invalid.html", status=404)


def _to_receipt(token: str) -> HttpResponse:
    return HttpResponseRedirect(reverse("respond:thanks", args=[token]), status=303)


def _slow_down(request: HttpRequest, wait: int) -> HttpResponse:
    minutes = max(1, (wait + 59) // 60)
    response = render(request, "respond/slow_down.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _render(
    request: HttpRequest, visit: Visit, template: str, context: dict[str, Any] | None = None
) -> HttpResponse:
    language = _language()
    base = {
        "visit": visit,
        "token": visit.token,
        "survey_title": text(visit.questionnaire.title, language),
        "page_count": visit.page_count,
    }
    return render(request, template, {**base, **(context or {})})


@respondent_view()
@require_http_methods(["GET"])
def start(request: HttpRequest, visit: Visit) -> HttpResponse:
    language = _link_language(request, visit)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    reached = visit.saved.page
    thresholds = visit.round.threshold
    context = {
        "reached": reached,
        "continue_page": min(max(reached, 1), visit.page_count),
        "summary_reached": reached > visit.page_count,
        "intro": text(visit.questionnaire.intro, _language()),
        "numbers_min": thresholds["numbers"],
        "distributions_min": thresholds["distributions"],
        "comments_min": thresholds["comments"],
        "sensitive_min": thresholds["sensitive"],
        "breakdowns_min": thresholds["breakdowns"],
    }
    response = _render(request, visit, "respond/start.html", context)
    if language:
        set_language_cookie(response, language)
    return response


def _link_language(request: HttpRequest, visit: Visit) -> str | None:
    """The language of the invitation the link came in (`?lang=en`, surveys/mailing.py), for a
    browser that has no language of its own yet: the survey opens in the e-mail's language,
    and the page's buttons switch it as before."""
    language = request.GET.get("lang", "")
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or language not in visit.round.languages:
        return None
    return language if language in dict(settings.LANGUAGES) else None


@respondent_view()
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, visit: Visit, number: int) -> HttpResponse:
    if not 1 <= number <= visit.page_count:
        return redirect("respond:start", token=visit.token)
    section = visit.questionnaire.sections[number - 1]
    if request.method == "GET":
        return _page(request, visit, number, visit.saved.answers)
    posted = pages.read_page(visit.questionnaire, section, request.POST)
    go = request.POST.get("go", "next")
    target = number - 1 if go == "back" else number + 1 if go == "next" else number
    answers = services.save_page(
        invitation=visit.invitation,
        token=visit.token,
        answers=posted.answers,
        cleared=posted.cleared,
        reached=number if posted.errors else max(number, target),
    )
    language = _switched_language(go)
    if posted.errors:
        with translation.override(language or _language()):
            response = _page(request, visit, number, answers, posted=posted)
    elif target < 1:
        response = redirect("respond:start", token=visit.token)
    elif target > visit.page_count:
        response = redirect("respond:summary", token=visit.token)
    else:
        response = redirect("respond:page", token=visit.token, number=target)
    if language:
        set_language_cookie(response, language)
    return response


def _page(
    request: HttpRequest,
    visit: Visit,
    number: int,
    answers: dict[str, Any],
    *,
    posted: pages.PageInput | None = None,
) -> HttpResponse:
    language = _language()
    section = visit.questionnaire.sections[number - 1]
    questions = pages.describe_section(
        visit.questionnaire,
        section,
        answers,
        language,
        errors=posted.errors if posted else None,
        rejected_text=posted.rejected_text if posted else None,
    )
    context = {
        "number": number,
        "section_title": text(section.title, language),
        "section_intro": text(section.intro, language),
        "extra_section": section.code == EXTRA_SECTION,
        "questions": questions,
        "errors": [q for q in questions if q["error"]],
        "is_last": number == visit.page_count,
    }
    return _render(request, visit, "respond/page.html", context)


def _switched_language(go: str) -> str | None:
    """The language a page's language button asked for ("lang:en"), if it is one we offer."""
    if not go.startswith("lang:"):
        return None
    language = go.removeprefix("lang:")
    return language if language in dict(settings.LANGUAGES) else None


@respondent_view()
@require_http_methods(["GET", "POST"])
def summary(request: HttpRequest, visit: Visit) -> HttpResponse:
    if request.method == "POST":
        outcome = services.submit(token=visit.token, questionnaire=visit.questionnaire)
        if outcome == services.Outcome.CLOSED:
            return _render(request, visit, "respond/closed.html")
        if outcome == services.Outcome.INVALID:
            return render(request, "respond/invalid.html", status=404)
        # Submitted now or before: either way exactly one response exists and is committed.
        return _to_receipt(visit.token)
    return _render(request, visit, "respond/summary.html", _summary(visit, visit.saved.answers))


def _summary(visit: Visit, answers: dict[str, Any]) -> dict[str, Any]:
    language = _language()
    sections = []
    unanswered = 0
    for number, section in enumerate(visit.questionnaire.sections, start=1):
        rows = []
        for question in section.questions:
            label = pages.answer_label(
                visit.questionnaire, question, answers.get(question.code), language
            )
            unanswered += not label
            rows.append({"text": text(question.text, language), "answer": label})
        sections.append({"number": number, "title": text(section.title, language), "rows": rows})
    return {"sections": sections, "unanswered": unanswered}


@respondent_view(answered=True)
@require_http_methods(["GET"])
def thanks(request: HttpRequest, visit: Visit) -> HttpResponse:
    if visit.invitation.status != InvitationStatus.SUBMITTED:
        return redirect("respond:start", token=visit.token)
    return _render(request, visit, "respond/thanks.html")
