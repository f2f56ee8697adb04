"""The workshop: the facilitator's shared screen (steps, timer, instructions, everybody's
notes, the merge) and the members' phone view. Both poll a fragment every two seconds with
htmx; when the step changes the page reloads, so forms never vanish under the cursor."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.forms import add_errors
from orgs import policy
from teams import clock, services
from teams import steps as method
from teams.forms import MergeForm, NoteForm
from teams.insights import pulse_for
from teams.models import SessionStatus, Team, TeamSession
from teams.pulse import DYNAMICS

NOTES_ON_PHONE = 20


def _session(team: Team, uid: Any) -> TeamSession:
    """A session of the team to run or join: a cancelled one is gone."""
    return get_object_or_404(
        team.sessions.select_related("team").exclude(status=SessionStatus.CANCELLED), uid=uid
    )


def _stale(request: HttpRequest, session: TeamSession) -> bool:
    """Did the step or status change since the page was rendered?"""
    return request.GET.get("state") != _state(session)


def _state(session: TeamSession) -> str:
    # The spotlight too: phones reload to the next member, so "About" preselects them.
    return f"{session.status}-{session.step}-{session.spotlight}"


def _refresh() -> HttpResponse:
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


def _notes_by_topic(session: TeamSession) -> list[dict[str, Any]]:
    notes = list(session.notes.select_related("member", "about").order_by("subgroup", "pk"))
    topics = []
    for topic in session.current_step.topics:
        mine = [n for n in notes if n.topic == topic.key]
        groups: dict[int, list[Any]] = {}
        for note in mine:
            groups.setdefault(note.subgroup or 0, []).append(note)
        topics.append({"topic": topic, "groups": sorted(groups.items()), "count": len(mine)})
    return topics


def _subgroups(team: Team) -> list[tuple[int, list[str]]]:
    groups: dict[int, list[str]] = {}
    for member in team.members.active().exclude(subgroup=None).order_by("subgroup", "name"):
        groups.setdefault(member.subgroup or 0, []).append(member.name)
    return sorted(groups.items())


def _merge_labels(session: TeamSession) -> dict[str, Any]:
    if session.is_follow_up:
        return {s.key: s.title for part in method.CONTRACT_PARTS for s in part.sections}
    return {t.key: t.label for step in session.steps for t in step.topics}


def _spotlight_context(session: TeamSession) -> dict[str, Any]:
    """ "Who are we?": the member whose preparation is shown now and the notes about them."""
    member, number, count = services.spotlit_member(session)
    about = [n for n in session.notes.filter(about=member).order_by("pk")] if member else []
    return {
        "spotlit": member,
        "spot_number": number,
        "spot_count": count,
        "about_notes": about,
        "presented": session.presented_members(),
    }


def _about(team: Team, form: NoteForm) -> Any:
    uid = form.cleaned_data.get("about")
    if not uid:
        return None
    found = team.members.active().filter(uid=uid).first()
    if found is None:
        form.add_error("about", _("Choose a member of the team."))
    return found


def _screen_context(session: TeamSession) -> dict[str, Any]:
    team = session.team
    step = session.current_step
    left = session.seconds_left(clock.now())
    context: dict[str, Any] = {
        "team": team,
        "session": session,
        "step": step,
        "state": _state(session),
        "minutes_left": abs(left) // 60,
        "seconds_left": abs(left) % 60,
        "over_time": left < 0,
        "topics": _notes_by_topic(session),
        "subgroups": _subgroups(team),
        "step_list": list(enumerate(session.steps)),
        "will_split": session.status == "planned"
        and method.subgroup_count(team.active_members().count()) > 0,
    }
    if step.shows_preparations:
        context.update(_spotlight_context(session))
    if step.shows_pulse:
        context["pulse"] = pulse_for(session)
        context["dynamics_list"] = DYNAMICS
    if step.shows_contract:
        context["contract"] = team.latest_contract()
    return context


@policy.team_page
def screen(request: HttpRequest, uid: Any, session: Any) -> HttpResponse:
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    found = _session(team, session)
    if getattr(request, "htmx", False) and _stale(request, found):
        return _refresh()
    context = _screen_context(found)
    if getattr(request, "htmx", False):
        return render(request, "teams/screen.html#live", context)
    if found.current_step.is_merge and found.is_running:
        keys = services.merge_keys(found)
        context["merge_form"] = MergeForm(
            keys=keys, labels=_merge_labels(found), initial=services.merge_draft(found)
        )
    return render(request, "teams/screen.html", context)


@require_POST
@policy.team_page
def control(request: HttpRequest, uid: Any, session: Any) -> HttpResponse:
    """The facilitator's buttons: start, previous/next step, close (creates the contract)."""
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    found = _session(team, session)
    action = request.POST.get("action", "")
    try:
        if action == "start":
            services.start_session(session=found, actor=request.user)
        elif action in ("next", "previous"):
            services.go_to_step(session=found, step=found.step + (1 if action == "next" else -1))
        elif action in ("next_member", "previous_member"):
            step = 1 if action == "next_member" else -1
            services.go_to_member(session=found, index=found.spotlight + step)
        elif action == "close":
            contract = services.close_session(session=found, actor=request.user)
            messages.success(
                request,
                _("Version %(version)s of the contract is ready for the team to confirm.")
                % {"version": contract.version},
            )
            return redirect("teams:contract", uid=team.uid)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("teams:screen", uid=team.uid, session=found.uid)


@require_POST
@policy.team_page
def note(request: HttpRequest, uid: Any, session: Any) -> HttpResponse:
    """The facilitator writes down what the room says, on the shared screen (no JavaScript)."""
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    found = _session(team, session)
    form = NoteForm(request.POST)
    if form.is_valid():
        about = _about(team, form)
        if form.is_valid():
            try:
                services.add_note(
                    session=found, member=None, topic=form.cleaned_data["topic"],
                    text=form.cleaned_data["text"], about=about,
                )  # fmt: skip
            except ValidationError as error:
                add_errors(form, error)
    if form.errors:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        messages.success(request, _("The note was added."))
    return redirect(reverse("teams:screen", args=[team.uid, found.uid]) + "#live")


@require_POST
@policy.team_page
def merge(request: HttpRequest, uid: Any, session: Any) -> HttpResponse:
    team, _access = policy.get_team(request, "teams.facilitate", uid)
    found = _session(team, session)
    form = MergeForm(request.POST, keys=services.merge_keys(found), labels=_merge_labels(found))
    if form.is_valid():
        services.merge(session=found, texts=form.cleaned_data)
        messages.success(request, _("The merged text is saved."))
        return redirect("teams:screen", uid=team.uid, session=found.uid)
    context = {**_screen_context(found), "merge_form": form}
    return render(request, "teams/screen.html", context)


def _phone_context(session: TeamSession, member: Any) -> dict[str, Any]:
    context = _screen_context(session)
    mine = list(session.notes.filter(member=member).order_by("-pk")) if member else []
    group = [
        names for number, names in context["subgroups"] if member and number == member.subgroup
    ]
    context.update(
        {
            "member": member,
            "my_notes": list(mine[:NOTES_ON_PHONE]),
            "my_group": group[0] if group else [],
        }
    )
    return context


@policy.team_page
def phone(request: HttpRequest, uid: Any, session: Any) -> HttpResponse:
    """A member's view of the running session on their phone: the step, their sub-group, and
    a form to add notes on the current step's topics."""
    team, access = policy.get_team(request, "teams.take_part", uid)
    found = _session(team, session)
    if getattr(request, "htmx", False) and _stale(request, found):
        return _refresh()
    member = access.member
    if request.method == "POST":
        form = NoteForm(request.POST)
        about = _about(team, form) if form.is_valid() else None
        if form.is_valid():
            try:
                services.add_note(
                    session=found, member=member, topic=form.cleaned_data["topic"],
                    text=form.cleaned_data["text"], about=about,
                )  # fmt: skip
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your note was added."))
                return redirect(reverse("teams:session", args=[team.uid, found.uid]) + "#notes")
        context = {**_phone_context(found, member), "failed": form}
        return render(request, "teams/phone.html", context, status=400)
    context = _phone_context(found, member)
    if getattr(request, "htmx", False):
        return render(request, "teams/phone.html#live", context)
    return render(request, "teams/phone.html", context)
