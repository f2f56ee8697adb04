"""The team contract (versions, editing, confirming, PDF) and the team pulse (answering,
results and trend)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.forms import add_errors
from orgs import policy
from teams import clock, insights, pdf, services
from teams.forms import ContractForm, PulseForm
from teams.models import PulseReceipt, Team, TeamContract, TeamSession
from teams.pulse import DYNAMICS


def _version(team: Team, version: int | None) -> TeamContract:
    contracts = team.contracts.prefetch_related("confirmations__member")
    found = contracts.filter(version=version).first() if version else contracts.first()
    if found is None:
        raise Http404
    return found


def _contract_context(team: Team, contract: TeamContract, access: Any) -> dict[str, Any]:
    latest = team.latest_contract()
    member = access.member
    return {
        "team": team,
        "contract": contract,
        "is_latest": latest is not None and contract.pk == latest.pk,
        "versions": team.contracts.order_by("-version"),
        "confirmed_by": sorted(c.member.name for c in contract.confirmations.all()),
        "missing": services.missing_confirmations(contract),
        "member": member,
        "has_confirmed": member is not None
        and contract.confirmations.filter(member=member).exists(),
        "may_edit": not contract.is_confirmed
        and (access.allows("teams.take_part") or access.allows("teams.facilitate")),
    }


@policy.team_page
def contract(request: HttpRequest, uid: Any, version: int | None = None) -> HttpResponse:
    team, access = policy.get_team(request, "teams.view", uid)
    if team.latest_contract() is None:
        return render(request, "teams/contract.html", {"team": team, "contract": None})
    found = _version(team, version)
    return render(request, "teams/contract.html", _contract_context(team, found, access))


@policy.team_page
def contract_edit(request: HttpRequest, uid: Any) -> HttpResponse:
    team, access = policy.get_team(request, "teams.view", uid)
    if not (access.allows("teams.take_part") or access.allows("teams.facilitate")):
        raise PermissionDenied
    found = _version(team, None)
    form = ContractForm(request.POST or None, initial=found.sections)
    if request.method == "POST" and form.is_valid():
        actor = request.user if request.user.is_authenticated else access.member
        try:
            services.edit_contract(contract=found, sections=form.cleaned_data, actor=actor)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The contract is saved. Everybody confirms it again."))
            return redirect("teams:contract", uid=team.uid)
    return render(
        request, "teams/contract_edit.html", {"team": team, "contract": found, "form": form}
    )


@require_POST
@policy.team_page
def contract_confirm(request: HttpRequest, uid: Any) -> HttpResponse:
    team, access = policy.get_team(request, "teams.take_part", uid)
    found = _version(team, None)
    assert access.member is not None
    try:
        services.confirm_contract(contract=found, member=access.member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. Your confirmation is recorded."))
    return redirect("teams:contract", uid=team.uid)


@policy.team_page
def contract_pdf(request: HttpRequest, uid: Any, version: int) -> HttpResponse:
    team, access = policy.get_team(request, "teams.view", uid)
    found = _version(team, version)
    body = pdf.render("teams/contract_pdf.html", _contract_context(team, found, access), request)
    filename = _("team-contract-v%(version)s.pdf") % {"version": found.version}
    return pdf.response(body, filename)


def _open_pulse(team: Team) -> TeamSession | None:
    session = team.next_session()
    return session if session is not None and session.pulse_is_open(clock.now()) else None


@policy.team_page
def pulse(request: HttpRequest, uid: Any) -> HttpResponse:
    team, access = policy.get_team(request, "teams.take_part", uid)
    session = _open_pulse(team)
    member = access.member
    answered = (
        session is not None and PulseReceipt.objects.filter(session=session, member=member).exists()
    )
    form = PulseForm(request.POST or None)
    if request.method == "POST" and session is not None and not answered and form.is_valid():
        assert member is not None
        try:
            services.answer_pulse(session=session, member=member, answers=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your answer is stored without your name."))
            return redirect("teams:detail", uid=team.uid)
    context = {"team": team, "session": session, "answered": answered, "form": form}
    return render(request, "teams/pulse.html", context)


@policy.team_page
def dynamics(request: HttpRequest, uid: Any) -> HttpResponse:
    team, _access = policy.get_team(request, "teams.view", uid)
    points = insights.trend(team)
    context = {
        "team": team,
        "points": points,
        "chart": insights.chart(points),
        "dynamics_list": DYNAMICS,
    }
    return render(request, "teams/dynamics.html", context)
