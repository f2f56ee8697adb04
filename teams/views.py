"""Team pages: my teams, creating a team, the team page, members, preparation, sessions and
their calendar files, and the facilitator guide. Members without a login arrive through
their personal link (`link`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from medvirk.forms import add_errors
from orgs import policy
from teams import clock, mail, pdf, services
from teams.forms import (
    FacilitatorForm,
    MemberForm,
    PreparationForm,
    RhythmForm,
    SessionTimeForm,
    TeamForm,
)
from teams.models import ACTIVE_STATUSES, PulseReceipt, Team, TeamMember, TeamSession


def _session(team: Team, uid: Any) -> TeamSession:
    return get_object_or_404(team.sessions.select_related("team"), uid=uid)


def link(request: HttpRequest, token: str) -> HttpResponse:
    """A member opens their personal link: this browser session now acts as them."""
    member = TeamMember.objects.by_link(token)
    if member is None:
        raise Http404
    policy.remember_link(request, member)
    return redirect("teams:detail", uid=member.team.uid)


@policy.team_page
def team_list(request: HttpRequest) -> HttpResponse:
    teams = policy.teams_for(request.user, request).order_by("name", "pk")
    may_create = policy.can(request.user, "teams.create")
    if not teams and not may_create:
        raise PermissionDenied
    return render(request, "teams/list.html", {"teams": teams, "may_create": may_create})


@policy.requires("teams.create")
def create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TeamForm(request.POST or None, initial={"facilitator": user.email})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = services.create_team(
                name=data["name"],
                purpose=data["purpose"],
                unit=data["unit"],
                facilitator=data["facilitator"],
                members=data["members"],
                starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"],
                location=data["location"],
                actor=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The team %(team)s was created and %(count)s members were invited by e-mail.")
                % {"team": team.name, "count": len(data["members"])},
            )
            return redirect("teams:detail", uid=team.uid)
    return render(request, "teams/create.html", {"form": form})


def _member_rows(team: Team, contract: Any) -> list[dict[str, Any]]:
    confirmed = (
        set(contract.confirmations.values_list("member_id", flat=True)) if contract else set()
    )
    return [
        {"member": m, "confirmed": m.pk in confirmed}
        for m in team.members.active().order_by("name", "pk")
    ]


@policy.team_page
def team_detail(request: HttpRequest, uid: Any) -> HttpResponse:
    team, access = policy.get_team(request, "teams.view", uid)
    now = clock.now()
    contract = team.latest_contract()
    sessions = list(team.sessions.order_by("starts_at"))
    upcoming = next((s for s in sessions if s.status in ACTIVE_STATUSES), None)
    member = access.member
    pulse_open = upcoming is not None and upcoming.pulse_is_open(now)
    context = {
        "team": team,
        "access": access,
        "member": member,
        "facilitates": access.allows("teams.facilitate"),
        "rows": _member_rows(team, contract),
        "sessions": sessions,
        "upcoming": upcoming,
        "contract": contract,
        "missing": services.missing_confirmations(contract) if contract else [],
        "newcomers": _newcomers(team, sessions),
        "pulse_open": pulse_open,
        "pulse_answered": pulse_open
        and member is not None
        and PulseReceipt.objects.filter(session=upcoming, member=member).exists(),
        "must_confirm": member is not None
        and contract is not None
        and not contract.confirmations.filter(member=member).exists(),
    }
    return render(request, "teams/detail.html", context)


def _newcomers(team: Team, sessions: list[TeamSession]) -> list[TeamMember]:
    """Members who joined after the last closed session: the team should discuss what changes."""
    closed = [s.closed_at for s in sessions if s.closed_at]
    if not closed:
        return []
    since = timezone.localdate(max(closed))
    return list(team.members.active().filter(is_founding=False, joined_on__gte=since))


@policy.team_page
def member_add(request: HttpRequest, uid: Any) -> HttpResponse:
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(
                team=team, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                actor=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added and invited by e-mail.") % {"name": member.name},
            )
            return redirect("teams:detail", uid=team.uid)
    return render(request, "teams/member_add.html", {"team": team, "form": form})


def _confirm(request: HttpRequest, team: Team, **context: Any) -> HttpResponse:
    return render(request, "teams/confirm.html", {"team": team, **context})


@policy.team_page
def member_link(request: HttpRequest, uid: Any, member: Any) -> HttpResponse:
    """Send a member a new personal link, after a confirmation (earlier links keep working)."""
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    found = get_object_or_404(team.members.active(), uid=member)
    if request.method != "POST":
        return _confirm(
            request, team, title=_("Send a new personal link"), member=found,
            question=_("Send %(name)s a new personal link to %(email)s?")
            % {"name": found.name, "email": found.email},
            button=_("Send the link"),
        )  # fmt: skip
    services.send_new_link(member=found, actor=request.user)
    messages.success(request, _("A new personal link was sent to %(name)s.") % {"name": found.name})
    return redirect("teams:detail", uid=team.uid)


@policy.team_page
def member_remove(request: HttpRequest, uid: Any, member: Any) -> HttpResponse:
    """Take a member out of the team, after a confirmation."""
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    found = get_object_or_404(team.members.active(), uid=member)
    question = _(
        "Remove %(name)s from the team? Their personal links stop working at once. What they "
        "wrote in sessions stays."
    ) % {"name": found.name}
    context = {"title": _("Remove a member"), "member": found, "question": question}
    if request.method != "POST":
        return _confirm(request, team, button=_("Remove from the team"), **context)
    try:
        services.remove_member(member=found, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was removed from the team.") % {"name": found.name})
    return redirect("teams:detail", uid=team.uid)


@policy.team_page
def facilitator(request: HttpRequest, uid: Any) -> HttpResponse:
    """Hand the team to another facilitator: enter the address, then confirm."""
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    form = FacilitatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = form.cleaned_data["facilitator"]
        if not form.cleaned_data["confirmed"]:
            context = {"team": team, "form": form, "new": new, "confirming": True}
            return render(request, "teams/facilitator.html", context)
        try:
            services.change_facilitator(team=team, facilitator=new, actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s now facilitates the team.") % {"name": str(new)})
            if not policy.can_team(request, "teams.view", team):  # not a member either
                return redirect("teams:list")
            return redirect("teams:detail", uid=team.uid)
    return render(request, "teams/facilitator.html", {"team": team, "form": form})


@policy.team_page
def prepare(request: HttpRequest, uid: Any) -> HttpResponse:
    team, access = policy.get_team(request, "teams.take_part", uid)
    member = access.member
    assert member is not None
    short = not member.is_founding
    names = services.SHORT_PREPARATION_FIELDS if short else services.PREPARATION_FIELDS
    initial = {name: getattr(member, name) for name in names}
    form = PreparationForm(request.POST or None, short=short, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_preparation(member=member, data=form.cleaned_data)
        messages.success(
            request, _("Your preparation is saved. The others see it only in the session.")
        )
        return redirect("teams:detail", uid=team.uid)
    return render(
        request,
        "teams/prepare.html",
        {"team": team, "member": member, "form": form, "short": short},
    )


@policy.team_page
def session_new(request: HttpRequest, uid: Any) -> HttpResponse:
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    form = SessionTimeForm(request.POST or None, initial={"duration_minutes": 90})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.schedule_session(
            team=team, starts_at=form.starts_at(), duration_minutes=data["duration_minutes"],
            location=data["location"], actor=request.user,
        )  # fmt: skip
        messages.success(request, _("The follow-up session is scheduled and the members invited."))
        return redirect("teams:detail", uid=team.uid)
    return render(request, "teams/session_form.html", {"team": team, "form": form, "session": None})


@policy.team_page
def session_edit(request: HttpRequest, uid: Any, session: Any) -> HttpResponse:
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    found = _session(team, session)
    local = timezone.localtime(found.starts_at)
    initial = {
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "duration_minutes": found.duration_minutes,
        "location": found.location,
    }
    form = SessionTimeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reschedule_session(
                session=found, starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"], location=data["location"],
                actor=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The session was moved and the members told."))
            return redirect("teams:detail", uid=team.uid)
    context = {"team": team, "form": form, "session": found}
    return render(request, "teams/session_form.html", context)


@policy.team_page
def session_cancel(request: HttpRequest, uid: Any, session: Any) -> HttpResponse:
    """Cancel a planned follow-up session, after a confirmation; the members are told."""
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    found = _session(team, session)
    when = formats.date_format(timezone.localtime(found.starts_at), "DATETIME_FORMAT")
    if request.method != "POST":
        return _confirm(
            request, team, title=_("Cancel a session"),
            question=_(
                "Cancel the follow-up session on %(when)s? Every member gets an e-mail with a "
                "calendar file that removes it from their calendar."
            ) % {"when": when},
            button=_("Cancel the session"), back=_("Keep the session"),
        )  # fmt: skip
    try:
        services.cancel_session(session=found, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The session on %(when)s is cancelled and the members told.") % {"when": when},
        )
    return redirect("teams:detail", uid=team.uid)


def _rhythm_preview(team: Team, planned: TeamSession | None) -> list[Any]:
    """The next few follow-up dates the chosen rhythm gives, for the facilitator to check."""
    first = planned.starts_at if planned else services.next_follow_up_start(team)
    if first is None:
        return []
    weeks = team.follow_up_weeks
    count = 3 if weeks else 1
    return [first + dt.timedelta(weeks=weeks * n) for n in range(count)]


@policy.team_page
def rhythm(request: HttpRequest, uid: Any) -> HttpResponse:
    """The facilitator sets the follow-up rhythm the team chose; the next follow-up is planned
    (or moved) from it."""
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    form = RhythmForm(request.POST or None, initial={"weeks": team.follow_up_weeks})
    if request.method == "POST" and form.is_valid():
        planned = services.set_follow_up_rhythm(
            team=team, weeks=form.cleaned_data["weeks"], actor=request.user
        )
        if planned is not None:
            when = formats.date_format(timezone.localtime(planned.starts_at), "DATETIME_FORMAT")
            message = _("The rhythm is saved. The next follow-up is on %(when)s.") % {"when": when}
        else:
            message = _("The rhythm is saved.")
        messages.success(request, message)
        return redirect("teams:detail", uid=team.uid)
    planned = services.planned_follow_up(team)
    context = {
        "team": team,
        "form": form,
        "planned": planned,
        "confirmed": team.confirmed_contract() is not None,
        "preview": _rhythm_preview(team, planned),
    }
    return render(request, "teams/rhythm.html", context)


@policy.team_page
def session_ics(request: HttpRequest, uid: Any, session: Any) -> HttpResponse:
    team, _access = policy.get_team(request, "teams.view", uid)
    found = _session(team, session)
    response = HttpResponse(mail.calendar_file(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="start-smart.ics"'
    return response


def _guide_template() -> str:
    language = (translation.get_language() or "nb")[:2]
    return f"teams/guide/guide_{'en' if language == 'en' else 'nb'}.html"


def _may_read_guide(request: HttpRequest) -> bool:
    user: Any = request.user
    return policy.can(user, "teams.create") or Team.objects.filter(facilitator=user).exists()


@login_required
def guide(request: HttpRequest) -> HttpResponse:
    if not _may_read_guide(request):
        raise PermissionDenied
    return render(request, "teams/guide.html", {"guide_template": _guide_template()})


@login_required
def guide_pdf(request: HttpRequest) -> HttpResponse:
    if not _may_read_guide(request):
        raise PermissionDenied
    body = pdf.render("teams/guide_pdf.html", {"guide_template": _guide_template()}, request)
    return pdf.response(body, _("start-smart-facilitator-guide.pdf"))
