"""The participants' phone pages under /m/: no login, no session. A phone is known only by a
random key in a signed cookie of its own; the server stores a per-session keyed hash of it
(live/services.py). An unknown, mistyped or expired code gets one plain message."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from live import guessing, services
from live.models import Cluster, LiveSession, Phase, Prompt

COOKIE = "medvirk_live"
COOKIE_SALT = "medvirk.live.key"
COOKIE_AGE = 24 * 3600

View = Callable[..., HttpResponse]


def _key(request: HttpRequest) -> str | None:
    value = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    return value if isinstance(value, str) and len(value) >= 32 else None


def _keep_key(response: HttpResponse, key: str) -> HttpResponse:
    response.set_signed_cookie(
        COOKIE,
        key,
        salt=COOKIE_SALT,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _unknown(request: HttpRequest, code: str = "", *, wait: int = 0) -> HttpResponse:
    """The one plain page for a code that opens nothing; 429 while the address must wait."""
    if not wait:
        # A code that was real (its meeting is closed or expired) is no guess: a whole room
        # reloading after the close must not lock its address out of the next meeting.
        known = LiveSession.objects.filter(code=services.normalise_code(code)[:6]).exists()
        wait = 0 if known else guessing.record_failure(request)
    response = render(request, "live/join.html", {"unknown": True, "typed": code[:20]}, status=404)
    if wait:
        response.status_code = 429
        response["Retry-After"] = str(wait)
    return response


def participant_view(view: View) -> View:
    """Resolve the code into an open session (or answer the plain "unknown code" page) and
    hand the view the phone's key, making one if the phone has none yet."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, code: str, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = guessing.retry_after(request)
        if wait:
            return _unknown(request, code, wait=wait)
        session = services.find_open(code)
        if session is None:
            if request.method == "GET" and _is_htmx(request):  # a phone polling a closed session
                response = HttpResponse(status=204)
                response["HX-Refresh"] = "true"
                return response
            return _unknown(request, code)
        key = _key(request)
        fresh = key is None
        if key is None:
            key = secrets.token_urlsafe(32)
        response = view(request, session, key, *args, **kwargs)
        return _keep_key(response, key) if fresh else response

    return wrapper


@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """The short address on the projector: type the code, go to the session."""
    raw = request.POST.get("code") if request.method == "POST" else request.GET.get("code")
    if raw is None:
        return render(request, "live/join.html", {})
    wait = guessing.retry_after(request)
    if wait:
        return _unknown(request, raw, wait=wait)
    session = services.find_open(raw)
    if session is None:
        return _unknown(request, raw)
    return redirect("participate:board", code=session.code)


def _phase_key(session: LiveSession) -> str:
    """A changed phase or status reloads a polling phone (its draft is kept in the browser)."""
    return f"{session.status}-{session.phase}"


def _content_key(session: LiveSession) -> str:
    """Other people's changes matter to a phone only in a small group (its group's cards) and
    while voting (the clusters); otherwise a poll stays a 204 however busy the room is."""
    content = session.phase == Phase.VOTE or (
        session.uses_groups and session.phase == Phase.COLLECT
    )
    return str(session.version) if content else "0"


def _phone_context(session: LiveSession, key: str) -> dict[str, Any]:
    who = services.find_participant(session, key)
    mine = list(session.cards.filter(author=who)) if who else []
    context: dict[str, Any] = {
        "session": session,
        "code": session.code,
        "phase_key": _phase_key(session),
        "content_key": _content_key(session),
        "who": who,
        "mine": mine,
        "prompts": Prompt.choices,
        "new_uid": uuid.uuid4(),
        "live_messages": {
            "sending": _("Sending…"),
            "sent": _("Sent. You find it under “What you wrote”."),
            "retrying": _("Not sent yet: no connection. Trying again – your text is kept."),
            "refused": _("That was not accepted."),
            "empty": _("Write something first."),
        },
    }
    if session.uses_groups and who and who.group_no:
        context["group_cards"] = [
            c
            for c in session.cards.filter(group_no=who.group_no, shared=False)
            if c.author_id != who.pk
        ]
    if session.phase in (Phase.VOTE, Phase.DONE):
        used = services.dots_used(who)
        clusters = list(session.clusters.prefetch_related("cards"))
        context["clusters"] = [(c, used.get(c.pk, 0)) for c in clusters]
        context["dots_left"] = session.votes_per_participant - sum(used.values())
    return context


def _phone(request: HttpRequest, session: LiveSession, key: str, **extra: Any) -> HttpResponse:
    context = {**_phone_context(session, key), **extra}
    status = 400 if extra.get("errors") else 200
    if _is_htmx(request):
        return render(request, "live/phone.html#live", context, status=status)
    return render(request, "live/phone.html", context, status=status)


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


@participant_view
@require_http_methods(["GET", "POST"])
def board(request: HttpRequest, session: LiveSession, key: str) -> HttpResponse:
    """The phone page: write cards, see and change one's own, vote. Polled by htmx."""
    if request.method == "GET":
        if _is_htmx(request):
            if request.GET.get("p") != _phase_key(session):
                response = HttpResponse(status=204)
                response["HX-Refresh"] = "true"
                return response
            if request.GET.get("v") == _content_key(session):
                return HttpResponse(status=204)
        return _phone(request, session, key)
    try:
        uid = uuid.UUID(request.POST.get("uid", ""))
    except ValueError:
        uid = None
    prompt = request.POST.get("prompt", "")
    text = request.POST.get("text", "")
    try:
        services.add_card(session=session, key=key, prompt=prompt, text=text, uid=uid)
    except services.RateLimited:
        message = _(
            "That was a lot of cards in a minute. Wait a little and send again; your text is kept."
        )
        if _wants_json(request):
            return JsonResponse({"error": message}, status=429, headers={"Retry-After": "20"})
        return _phone(
            request, session, key, errors=[message], typed={"prompt": prompt, "text": text}
        )
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"error": " ".join(_errors(error))}, status=400)
        return _phone(
            request, session, key, errors=_errors(error), typed={"prompt": prompt, "text": text}
        )
    if _wants_json(request):
        return JsonResponse({"ok": True, "next_uid": str(uuid.uuid4())}, status=201)
    return redirect(reverse("participate:board", args=[session.code]) + "#mine")


@participant_view
@require_POST
def group(request: HttpRequest, session: LiveSession, key: str) -> HttpResponse:
    try:
        number = int(request.POST.get("group", ""))
    except ValueError:
        number = 0
    try:
        services.choose_group(session=session, key=key, group_no=number)
    except ValidationError as error:
        return _phone(request, session, key, errors=_errors(error))
    return redirect("participate:board", code=session.code)


@participant_view
@require_POST
def card(request: HttpRequest, session: LiveSession, key: str, card: uuid.UUID) -> HttpResponse:
    """Change or delete one of one's own cards (only the author's key finds it)."""
    found = services.own_card(session, key, card)
    if found is None:
        return _phone(
            request, session, key, errors=[_("That card is not one of yours, or it is gone.")]
        )
    try:
        if request.POST.get("action") == "delete":
            services.delete_card(card=found)
        else:
            services.edit_card(
                card=found, prompt=request.POST.get("prompt", ""), text=request.POST.get("text", "")
            )
    except ValidationError as error:
        return _phone(request, session, key, errors=_errors(error))
    if _is_htmx(request):
        session.refresh_from_db()
        return _phone(request, session, key)
    return redirect(reverse("participate:board", args=[session.code]) + "#mine")


@participant_view
@require_POST
def vote(request: HttpRequest, session: LiveSession, key: str) -> HttpResponse:
    cluster = Cluster.objects.filter(
        session=session, uid=_uuid(request.POST.get("cluster"))
    ).first()
    try:
        if cluster is None:
            raise ValidationError(_("Choose one of the clusters."))
        if request.POST.get("action") == "remove":
            services.unvote(session=session, key=key, cluster=cluster)
        else:
            services.vote(session=session, key=key, cluster=cluster)
    except ValidationError as error:
        return _phone(request, session, key, errors=_errors(error))
    if _is_htmx(request):
        return _phone(request, session, key, announce=True)
    return redirect(reverse("participate:board", args=[session.code]) + "#vote")


def _uuid(value: str | None) -> uuid.UUID:
    """The UUID in `value`, or the nil UUID (which no object has) for anything else."""
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return uuid.UUID(int=0)
