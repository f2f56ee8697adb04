"""The facilitator's pages: start a session, the control page (phases, small groups, the
clusters), the shared screen for the projector and the printable results. The control page
and the screen poll a fragment every two seconds; the session's version counter lets an
unchanged board answer 204 without rendering anything."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lib import qr
from live import services
from live.models import MAX_GROUPS, MAX_VOTES, Card, Cluster, Kind, LiveSession, Phase, Prompt
from orgs import policy
from surveys.models import SurveyRound

PERMISSION = "live.run"


def _session(request: HttpRequest, uid: Any) -> LiveSession:
    """The session, if the user may run live sessions for its unit (404, else 403)."""
    session = get_object_or_404(LiveSession.objects.select_related("unit", "round"), uid=uid)
    policy.get_unit(request.user, PERMISSION, session.unit.uid)
    return session


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _language() -> str:
    return translation.get_language() or "nb"


def _join_url(request: HttpRequest, session: LiveSession) -> str:
    return request.build_absolute_uri(reverse("participate:board", args=[session.code]))


def _qr_svg(url: str) -> str:
    return qr.svg(url)


def _rounds_for(units: Any) -> list[SurveyRound]:
    """Recent rounds whose scope covers one of the user's units (the newest 30)."""
    paths = [u.path for u in units]
    recent = SurveyRound.objects.select_related("scope").order_by("-opens_on")[:100]
    return [r for r in recent if any(p.startswith(r.scope.path) for p in paths)][:30]


@policy.requires(PERMISSION)
@require_http_methods(["GET", "POST"])
def session_list(request: HttpRequest) -> HttpResponse:
    """The user's live sessions and the form that opens a new one."""
    units = (
        policy.units_for(request.user, PERMISSION).filter(valid_to__isnull=True).order_by("path")
    )
    errors: dict[str, list[str]] = {}
    typed: dict[str, Any] = {"votes": "3", "groups": "0", "unit": request.GET.get("unit", "")}
    if request.method == "POST":
        typed = {k: request.POST.get(k, "") for k in ("unit", "round", "title", "groups", "votes")}
        unit = units.filter(uid=_uuid(typed["unit"])).first()
        rounds = {str(r.uid): r for r in _rounds_for(units)}
        survey_round = rounds.get(typed["round"]) if typed["round"] else None
        if typed["round"] and survey_round is None:
            errors["round"] = [_("Choose a round of your units, or none.")]
        if unit is None:
            errors["unit"] = [_("Choose a unit.")]
        try:
            groups = int(typed["groups"] or 0)
            votes = int(typed["votes"] or 3)
        except ValueError:
            errors["groups"] = [_("Enter whole numbers.")]
            groups, votes = -1, 0
        if not errors and unit is not None:
            try:
                session = services.create_session(
                    unit=unit,
                    title=typed["title"],
                    actor=request.user,
                    survey_round=survey_round,
                    small_groups=groups,
                    votes_per_participant=votes,
                )
            except ValidationError as error:
                errors.update(error.message_dict)
            else:
                return redirect("live:control", uid=session.uid)
    sessions = (
        LiveSession.objects.filter(unit__in=units)
        .select_related("unit")
        .order_by("-created_at")[:50]
    )
    context = {
        "units": units,
        "rounds": _rounds_for(units),
        "sessions": sessions,
        "errors": errors,
        "error_list": [(field, m) for field, ms in errors.items() for m in ms],
        "typed": typed,
        "max_groups": MAX_GROUPS,
        "max_votes": MAX_VOTES,
    }
    return render(request, "live/list.html", context, status=400 if errors else 200)


def _uuid(value: str | None) -> uuid.UUID:
    """The UUID in `value`, or the nil UUID (which no object has) for anything else."""
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return uuid.UUID(int=0)


def _board_context(session: LiveSession) -> dict[str, Any]:
    """The shared board: clusters with their cards, then the ungrouped cards by question,
    in random (uid) order; a small group's cards only once they are shared."""
    shared = list(session.cards.filter(shared=True).select_related("cluster"))
    cards = [c for c in shared if not c.hidden]
    clusters = list(session.clusters.all())
    counts = services.vote_counts(session) if session.phase == Phase.DONE else {}
    in_cluster: dict[int, list[Card]] = {c.pk: [] for c in clusters}
    loose: dict[str, list[Card]] = {p: [] for p in Prompt.values}
    for card in cards:
        if card.cluster_id in in_cluster:
            in_cluster[card.cluster_id].append(card)
        else:
            loose[card.prompt].append(card)
    return {
        "session": session,
        "clusters": [(c, in_cluster[c.pk], counts.get(c.pk, 0)) for c in clusters],
        "loose": [(value, label, loose[value]) for value, label in Prompt.choices],
        "loose_count": sum(len(v) for v in loose.values()),
        "card_count": len(cards),
        "hidden_cards": [c for c in shared if c.hidden],
        "state": str(session.version),
    }


def _group_counts(session: LiveSession) -> list[dict[str, Any]]:
    rows = []
    for number in session.group_numbers:
        cards = session.cards.filter(group_no=number)
        rows.append(
            {
                "number": number,
                "waiting": cards.filter(shared=False).count(),
                "shared": cards.filter(shared=True).count(),
                "people": session.participants.filter(group_no=number).count(),
            }
        )
    return rows


def _control_state(session: LiveSession) -> str:
    dots = (
        services.Vote.objects.filter(session=session).count() if session.phase == Phase.VOTE else 0
    )
    return f"{session.version}-{dots}"


def _control_context(request: HttpRequest, session: LiveSession) -> dict[str, Any]:
    context = _board_context(session)
    context.update(
        {
            "join_url": _join_url(request, session),
            "join_short": request.build_absolute_uri(reverse("participate:join")),
            "state": _control_state(session),
            "participants": session.participants.count(),
            "dots_cast": services.Vote.objects.filter(session=session).count(),
            "groups": _group_counts(session) if session.uses_groups else [],
            "phases": Phase.choices,
            "kinds": Kind.choices,
            "dimensions": services.dimensions_for(session, _language()),
            "cluster_choices": [(c.uid, c.title) for c, _cards, _n in context["clusters"]],
        }
    )
    return context


@policy.requires(PERMISSION)
def control(request: HttpRequest, uid: Any) -> HttpResponse:
    session = _session(request, uid)
    if _is_htmx(request) and request.GET.get("v") == _control_state(session):
        return HttpResponse(status=204)
    context = _control_context(request, session)
    if _is_htmx(request):
        return render(request, "live/control.html#board", context)
    context["qr"] = mark_safe(_qr_svg(context["join_url"]))  # noqa: S308 - generated by qrcode
    return render(request, "live/control.html", context)


@policy.requires(PERMISSION)
def screen(request: HttpRequest, uid: Any) -> HttpResponse:
    """The projector: large text, high contrast, no names, no times, no arrival order."""
    session = _session(request, uid)
    if _is_htmx(request):
        if request.GET.get("p") != f"{session.status}-{session.phase}":
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        if request.GET.get("v") == str(session.version):
            return HttpResponse(status=204)
    context = _board_context(session)
    if session.uses_groups:
        context["waiting_groups"] = [g for g in _group_counts(session) if g["waiting"]]
    context["join_url"] = _join_url(request, session)
    context["join_short"] = request.build_absolute_uri(reverse("participate:join"))
    if session.phase == Phase.DONE:
        items = services.outcome(session, _language())
        top = max([item.votes for item in items] + [1])
        context["outcome"] = [(item, round(100 * item.votes / top)) for item in items]
    if _is_htmx(request):
        return render(request, "live/screen.html#board", context)
    context["qr"] = mark_safe(_qr_svg(context["join_url"]))  # noqa: S308 - generated by qrcode
    return render(request, "live/screen.html", context)


def _back(session: LiveSession, anchor: str = "") -> HttpResponse:
    return redirect(reverse("live:control", args=[session.uid]) + anchor)


@require_POST
@policy.requires(PERMISSION)
def phase(request: HttpRequest, uid: Any) -> HttpResponse:
    session = _session(request, uid)
    target = request.POST.get("phase", "")
    try:
        if target == "close":
            services.close_session(session=session, actor=request.user)
            messages.success(request, _("The session is closed. Its code no longer works."))
            return redirect("live:results", uid=session.uid)
        services.set_phase(session=session, phase=target, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(session)


@require_POST
@policy.requires(PERMISSION)
def share(request: HttpRequest, uid: Any) -> HttpResponse:
    session = _session(request, uid)
    try:
        number = int(request.POST.get("group", ""))
    except ValueError:
        number = 0
    if number not in session.group_numbers:
        messages.error(request, _("Choose one of the groups."))
    else:
        count = services.share_group(session=session, group_no=number, actor=request.user)
        messages.success(
            request,
            _("Group %(group)s's cards are on the shared board (%(count)s).")
            % {"group": number, "count": count},
        )
    return _back(session, "#groups")


def _card(session: LiveSession, value: str | None) -> Card | None:
    return session.cards.filter(uid=_uuid(value)).first()


def _cluster(session: LiveSession, value: Any) -> Cluster | None:
    return session.clusters.filter(uid=_uuid(str(value) if value else None)).first()


@require_POST
@policy.requires(PERMISSION)
def cluster_new(request: HttpRequest, uid: Any) -> HttpResponse:
    session = _session(request, uid)
    card = _card(session, request.POST.get("card"))
    title = request.POST.get("title", "")
    if card is not None and not title.strip():
        title = card.text[:80]
    kind = request.POST.get("kind") or (
        Kind.PRESERVE if card and card.prompt == Prompt.PRESERVE else Kind.IMPROVE
    )
    try:
        services.create_cluster(
            session=session,
            title=title,
            kind=kind,
            dimension=request.POST.get("dimension", ""),
            card=card,
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The cluster was made."))
    return _back(session, "#clusters")


@require_POST
@policy.requires(PERMISSION)
def cluster_edit(request: HttpRequest, uid: Any, cluster: Any) -> HttpResponse:
    session = _session(request, uid)
    found = _cluster(session, cluster)
    if found is None:
        messages.error(request, _("That cluster is gone; someone removed it."))
        return _back(session, "#clusters")
    try:
        if request.POST.get("action") == "delete":
            services.delete_cluster(cluster=found, actor=request.user)
            messages.success(request, _("The cluster was removed; its cards are ungrouped again."))
            return _back(session, "#clusters")
        services.update_cluster(
            cluster=found,
            title=request.POST.get("title", ""),
            kind=request.POST.get("kind", ""),
            dimension=request.POST.get("dimension", ""),
            description=request.POST.get("description", ""),
            version=_int(request.POST.get("version")),
            actor=request.user,
        )
    except services.Conflict as conflict:
        return _conflict(request, session, found, conflict.current)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The cluster was saved."))
    return _back(session, f"#cluster-{found.uid}")


def _conflict(
    request: HttpRequest, session: LiveSession, cluster: Cluster, current: Cluster | None
) -> HttpResponse:
    """Both versions side by side; the form keeps what this user typed, against the newest
    version, so that saving again keeps theirs deliberately."""
    context = _control_context(request, session)
    context["qr"] = mark_safe(_qr_svg(context["join_url"]))  # noqa: S308 - generated by qrcode
    context["conflict"] = {
        "uid": cluster.uid,
        "theirs": current,
        "mine": {k: request.POST.get(k, "") for k in ("title", "kind", "dimension", "description")},
    }
    return render(request, "live/control.html", context, status=409)


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@require_POST
@policy.requires(PERMISSION)
def move(request: HttpRequest, uid: Any) -> HttpResponse:
    """Move a card into a cluster, or back among the ungrouped cards (keyboard: a select and a
    button per card)."""
    session = _session(request, uid)
    card = _card(session, request.POST.get("card"))
    target = request.POST.get("cluster", "")
    cluster = _cluster(session, target) if target else None
    if card is None or (target and cluster is None):
        messages.error(request, _("That card or cluster is gone; the board is updated."))
        return _back(session, "#clusters")
    try:
        services.move_card(
            card=card,
            cluster=cluster,
            version=_int(request.POST.get("version")),
            actor=request.user,
        )
    except services.Conflict as conflict:
        now = conflict.current
        where = now.cluster.title if now is not None and now.cluster else _("ungrouped")
        messages.error(
            request,
            _(
                "Someone else moved this card meanwhile; it is now in “%(where)s”. Your move was not made."
            )
            % {"where": where},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(session, f"#card-{card.uid}")


@require_POST
@policy.requires(PERMISSION)
def hide(request: HttpRequest, uid: Any) -> HttpResponse:
    """Take a card off the shared screen (or put it back)."""
    session = _session(request, uid)
    card = _card(session, request.POST.get("card"))
    if card is None:
        messages.error(request, _("That card or cluster is gone; the board is updated."))
        return _back(session, "#clusters")
    hidden = request.POST.get("hidden") == "1"
    services.hide_card(card=card, hidden=hidden, actor=request.user)
    if hidden:
        messages.success(request, _("The card is off the shared screen and out of the results."))
    else:
        messages.success(request, _("The card is back on the shared screen."))
    return _back(session, "#hidden" if hidden else f"#card-{card.uid}")


@policy.requires(PERMISSION)
def results(request: HttpRequest, uid: Any) -> HttpResponse:
    """The outcome, ranked: printable, and what becomes the unit's focus areas."""
    session = _session(request, uid)
    context = {
        "session": session,
        "outcome": services.outcome(session, _language()),
        "card_count": session.cards.count(),
        "can_make_focus_areas": policy.can(request.user, "actions.edit_plan", session.unit),
    }
    return render(request, "live/results.html", context)


@require_POST
@policy.requires(PERMISSION)
def to_focus_areas(request: HttpRequest, uid: Any) -> HttpResponse:
    """Turn the chosen clusters of the outcome into the unit's focus areas (preserve /
    improve), in the action plan of the session's round. Clusters already added (same kind
    and title) are not added twice."""
    from actions import services as actions
    from actions.models import ActionPlan, FocusArea

    session = _session(request, uid)
    if not policy.can(request.user, "actions.edit_plan", session.unit):
        raise PermissionDenied
    chosen = set(request.POST.getlist("cluster"))
    existing = set(
        FocusArea.objects.filter(unit=session.unit, round=session.round).values_list(
            "kind", "title"
        )
    )
    items = [
        {
            "kind": item.kind,
            "title": item.title[:200],
            "description": "\n".join(filter(None, [item.description, *item.cards])),
            "dimension": item.dimension,
        }
        for item in services.outcome(session, _language())
        if item.uid in chosen and (item.kind, item.title[:200]) not in existing
    ]
    if not chosen:
        messages.error(request, _("Choose at least one cluster."))
        return redirect("live:results", session.uid)
    try:
        added = actions.add_focus_areas(
            actor=request.user, unit=session.unit, round=session.round, items=items
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("live:results", session.uid)
    messages.success(
        request,
        ngettext(
            "%(count)s focus area was added to the action plan.",
            "%(count)s focus areas were added to the action plan.",
            len(added),
        )
        % {"count": len(added)},
    )
    plan = ActionPlan.objects.filter(unit=session.unit, round=session.round).first()
    if plan is None:
        return redirect("live:results", session.uid)
    return redirect("actions:plan", plan.uid)
