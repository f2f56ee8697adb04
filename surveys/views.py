"""Round pages: the list, create and change a draft, the pre-flight check with merges, open,
sending progress, reminders, extend, close, and the response rates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgs import policy
from surveys import rates, services
from surveys.forms import ExtendForm, MergeForm, RoundForm
from surveys.models import Invitation, MailingKind, SurveyRound

FAILED_SHOWN = 200


def _get_round(request: HttpRequest, uid: Any, *, manage: bool = False) -> SurveyRound:
    """The round by its public id: 404 if unknown, 403 unless the user manages rounds or
    (for reading) may follow rates in one of its units."""
    round_ = get_object_or_404(SurveyRound.objects.select_related("instrument", "scope"), uid=uid)
    if policy.can(request.user, "surveys.manage_rounds"):
        return round_
    if manage or not services.rounds_for(request.user).filter(pk=round_.pk).exists():
        raise PermissionDenied
    return round_


def _service_error(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@policy.requires("surveys.view_rates")
def rounds(request: HttpRequest) -> HttpResponse:
    context = {
        "rounds": services.rounds_for(request.user),
        "can_manage": policy.can(request.user, "surveys.manage_rounds"),
    }
    return render(request, "surveys/rounds.html", context)


@policy.requires("surveys.manage_rounds")
def create(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = RoundForm(
        request.POST or None,
        initial={"opens_on": today, "languages": ["nb", "en"]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.create_round(actor=request.user, values=form.settings())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The round was created as a draft."))
            return redirect("surveys:round", round_.uid)
    return render(request, "surveys/round_form.html", {"form": form, "round": None})


@policy.requires("surveys.manage_rounds")
def edit(request: HttpRequest, uid: Any) -> HttpResponse:
    round_ = _get_round(request, uid, manage=True)
    if not round_.is_draft:
        messages.error(request, _("The round is open: its settings are locked."))
        return redirect("surveys:round", round_.uid)
    form = RoundForm(request.POST or None, initial=RoundForm.initial_for(round_))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(actor=request.user, round=round_, values=form.settings())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("surveys:round", round_.uid)
    return render(request, "surveys/round_form.html", {"form": form, "round": round_})


@policy.requires("surveys.view_rates")
def detail(request: HttpRequest, uid: Any) -> HttpResponse:
    round_ = _get_round(request, uid)
    can_manage = policy.can(request.user, "surveys.manage_rounds")
    context: dict[str, Any] = {"round": round_, "can_manage": can_manage}
    if can_manage and round_.is_draft:
        context["preflight"] = services.preflight(round=round_)
    if can_manage and not round_.is_draft:
        context["mailings"] = list(round_.mailings.all())
        context["sending"] = any(not m.is_finished for m in context["mailings"])
        context["reminders_left"] = services.MAX_REMINDERS - sum(
            1 for m in context["mailings"] if m.kind == MailingKind.REMINDER
        )
        context["failed"] = list(
            Invitation.objects.filter(round=round_, email_failed=True)
            .select_related("person", "reporting_unit")
            .order_by("person__family_name")[:FAILED_SHOWN]
        )
    if not round_.is_draft:
        context["rates"] = rates.table(round=round_, user=request.user)
    return render(request, "surveys/round_detail.html", context)


@policy.requires("surveys.manage_rounds")
def progress(request: HttpRequest, uid: Any) -> HttpResponse:
    round_ = _get_round(request, uid, manage=True)
    mailings = list(round_.mailings.all())
    context = {
        "round": round_,
        "mailings": mailings,
        "sending": any(not m.is_finished for m in mailings),
    }
    return render(request, "surveys/round_detail.html#progress", context)


@policy.requires("surveys.manage_rounds")
@require_POST
def merge(request: HttpRequest, uid: Any) -> HttpResponse:
    round_ = _get_round(request, uid, manage=True)
    form = MergeForm(request.POST)
    unit, into = form.units() if form.is_valid() else (None, None)
    if unit is None:
        messages.error(request, _("Choose a suggested merge."))
        return redirect("surveys:round", round_.uid)
    try:
        if into is None:
            services.undo_merge(actor=request.user, round=round_, unit=unit)
            messages.success(request, _("The merge was undone."))
        else:
            services.accept_merge(actor=request.user, round=round_, unit=unit, into=into)
            messages.success(
                request,
                _("The staff attached directly to %(unit)s will be reported under %(into)s.")
                % {"unit": unit.code, "into": into.code},
            )
    except ValidationError as error:
        _service_error(request, error)
    return redirect("surveys:round", round_.uid)


# The confirmation pages and the service each one calls.
ACTIONS: dict[str, Any] = {
    "open": services.open_round,
    "remind": services.send_reminders,
    "resend": services.resend_failed,
    "close": services.close_round,
}


def _action_texts(action: str) -> tuple[str, str, str]:
    # Looked up here (not at import) so that they are translated in the request's language.
    titles = {
        "open": (_("Open the round"), _("Open the round and send the invitations")),
        "remind": (_("Send a reminder"), _("Send the reminder")),
        "resend": (_("Send the invitation again"), _("Send again")),
        "close": (_("Close the round"), _("Close the round now")),
    }
    done = {
        "open": _("The round is open. The invitations are being sent."),
        "remind": _("The reminder is being sent."),
        "resend": _("The invitations are being sent again."),
        "close": _(
            "The round is closed. Drafts and invitations were deleted; the counts per unit "
            "are kept."
        ),
    }
    title, button = titles[action]
    return title, button, done[action]


def _confirm(request: HttpRequest, uid: Any, action: str) -> HttpResponse:
    round_ = _get_round(request, uid, manage=True)
    title, button, done = _action_texts(action)
    if request.method == "POST":
        try:
            ACTIONS[action](actor=request.user, round=round_)
        except ValidationError as error:
            _service_error(request, error)
        else:
            messages.success(request, done)
        return redirect("surveys:round", round_.uid)
    context: dict[str, Any] = {"round": round_, "action": action, "title": title, "button": button}
    if action == "open":
        context["preflight"] = services.preflight(round=round_)
    if action == "remind":
        context["pending"] = Invitation.objects.filter(
            round=round_, status__in=["invited", "started"], email_failed=False
        ).count()
    if action == "resend":
        context["pending"] = Invitation.objects.filter(round=round_, email_failed=True).count()
    return render(request, "surveys/round_confirm.html", context)


@policy.requires("surveys.manage_rounds")
def open_(request: HttpRequest, uid: Any) -> HttpResponse:
    return _confirm(request, uid, "open")


@policy.requires("surveys.manage_rounds")
def remind(request: HttpRequest, uid: Any) -> HttpResponse:
    return _confirm(request, uid, "remind")


@policy.requires("surveys.manage_rounds")
def resend(request: HttpRequest, uid: Any) -> HttpResponse:
    return _confirm(request, uid, "resend")


@policy.requires("surveys.manage_rounds")
def close(request: HttpRequest, uid: Any) -> HttpResponse:
    return _confirm(request, uid, "close")


@policy.requires("surveys.manage_rounds")
def extend(request: HttpRequest, uid: Any) -> HttpResponse:
    round_ = _get_round(request, uid, manage=True)
    form = ExtendForm(request.POST or None, initial={"closes_on": round_.closes_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.extend_round(
                actor=request.user, round=round_, closes_on=form.cleaned_data["closes_on"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("closes_on", message)
        else:
            messages.success(
                request,
                _("The round now closes on %(date)s.")
                % {"date": form.cleaned_data["closes_on"].isoformat()},
            )
            return redirect("surveys:round", round_.uid)
    return render(request, "surveys/round_extend.html", {"round": round_, "form": form})
