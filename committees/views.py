"""Committee report pages: choosing and previewing a report for AMU, a LAMU or the IDF meeting,
freezing it, its PDF and Word documents, and recording when it was discussed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import actor_name, record
from medvirk.forms import add_errors, carry_revision
from orgs import policy
from surveys.models import SurveyRound

from . import access, content, documents, services
from .forms import ChooseForm, CorrectionForm, DiscussionForm
from .models import Committee, CommitteeReport, Discussion
from .present import Report, present


def _round(uid: Any) -> SurveyRound:
    return get_object_or_404(SurveyRound.objects.select_related("scope", "instrument"), uid=uid)


def _choose(request: HttpRequest, survey: SurveyRound, data: Any) -> tuple[ChooseForm, list[Any]]:
    units = access.choosable(request.user, survey)
    if not units:
        raise PermissionDenied
    form = ChooseForm(data, units=units)
    if data is None:
        form.initial = form.initial_values()
    return form, units


def _preview(form: ChooseForm, survey: SurveyRound, units: list[Any], user: Any) -> Report:
    data = form.cleaned_data
    snapshot = content.collect(
        survey=survey,
        root=data["unit_obj"],
        committee=data["committee"],
        level=data["level"],
        units=access.subtree(units, data["unit_obj"]),
        prepared_by=actor_name(user),
    )
    return present(snapshot)


def _round_page(
    request: HttpRequest, survey: SurveyRound, form: ChooseForm, units: list[Any], status: int = 200
) -> HttpResponse:
    preview = None
    if form.is_bound and form.is_valid():
        preview = _preview(form, survey, units, request.user)
    chosen = form.cleaned_data.get("unit_obj") if form.is_bound and form.is_valid() else None
    context = {
        "round": survey,
        "form": form,
        "preview": preview,
        "can_prepare": chosen is not None
        and policy.can(request.user, "committees.prepare", chosen),
        "reports": access.reports_for(request.user, survey),
    }
    return render(request, "committees/round.html", context, status=status)


@login_required
def round_page(request: HttpRequest, uid: Any) -> HttpResponse:
    if policy.can(request.user, "committees.view"):
        survey = _round(uid)
        form, units = _choose(request, survey, request.GET if "committee" in request.GET else None)
        return _round_page(request, survey, form, units)
    if policy.can(request.user, "committees.read_idf"):  # the saved IDF reports, no preview
        survey = _round(uid)
        context = {"round": survey, "reports": access.reports_for(request.user, survey)}
        return render(request, "committees/round.html", context)
    raise PermissionDenied


@policy.requires("committees.prepare")
@require_POST
def generate(request: HttpRequest, uid: Any) -> HttpResponse:
    survey = _round(uid)
    form, units = _choose(request, survey, request.POST)
    if not form.is_valid():
        return _round_page(request, survey, form, units, status=400)
    unit = form.cleaned_data["unit_obj"]
    if not policy.can(request.user, "committees.prepare", unit):
        raise PermissionDenied
    report = services.generate(
        actor=request.user,
        round=survey,
        unit=unit,
        committee=form.cleaned_data["committee"],
        level=form.cleaned_data["level"],
        units=access.subtree(units, unit),
    )
    messages.success(
        request,
        _("Report %(number)s was saved as it is now. Download it and record when it was discussed.")
        % {"number": report.number},
    )
    return redirect("committees:report", report.uid)


def _report_page(
    request: HttpRequest, report: CommitteeReport, form: DiscussionForm | None, status: int = 200
) -> HttpResponse:
    can_prepare = policy.can(request.user, "committees.prepare", report.unit)
    if can_prepare and form is None:
        form = DiscussionForm(initial={"committee": report.committee})
    context = {
        "report": report,
        "shown": present(report.snapshot, number=report.number),
        "discussions": list(report.discussions.all()),
        "form": form if can_prepare else None,
    }
    return render(request, "committees/report.html", context, status=status)


@login_required
def report_page(request: HttpRequest, uid: Any) -> HttpResponse:
    report = access.get_readable_report(request.user, uid)
    return _report_page(request, report, None)


@policy.requires("committees.prepare")
@require_POST
def discuss(request: HttpRequest, uid: Any) -> HttpResponse:
    report = access.get_report(request.user, "committees.prepare", uid)
    form = DiscussionForm(request.POST)
    if form.is_valid():
        try:
            services.record_discussion(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The discussion was recorded."))
            return redirect("committees:report", report.uid)
    return _report_page(request, report, form, status=400)


@login_required
def document(request: HttpRequest, uid: Any, fmt: str) -> HttpResponse:
    if fmt not in documents.CONTENT_TYPES:
        raise Http404
    report = access.get_readable_report(request.user, uid)
    record(
        "committees.report.download",
        actor=request.user,
        obj=report,
        label=str(report),
        data={"format": fmt},
    )
    return documents.response(present(report.snapshot, number=report.number), fmt)


@policy.requires("committees.prepare")
def correct(request: HttpRequest, uid: Any, discussion: Any) -> HttpResponse:
    """Correct the record of a discussion: the same fields as recording it."""
    report = access.get_report(request.user, "committees.prepare", uid)
    found = get_object_or_404(Discussion, uid=discussion, report=report)
    conflict = None
    if request.method == "POST":
        form = CorrectionForm(request.POST, instance=found)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.correct_discussion(
                    actor=request.user,
                    discussion=found,
                    revision=data["revision"],
                    committee=data["committee"],
                    meeting_on=data["meeting_on"],
                    reference=data["reference"],
                    note=data["note"],
                )
            except services.Conflict as stale:
                conflict = _conflict_rows(form, stale.current)
                carry_revision(form, "revision", stale.current.revision)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The record of the discussion is corrected."))
                return redirect("committees:report", report.uid)
    else:
        form = CorrectionForm(instance=found, initial={"revision": found.revision})
    context = {"report": report, "discussion": found, "form": form, "conflict": conflict}
    status = 200 if request.method == "GET" else 400
    return render(request, "committees/correct.html", context, status=status)


def _conflict_rows(form: CorrectionForm, current: Discussion) -> list[dict[str, Any]]:
    """The stored record beside what was typed, field by field (actions/_conflict.html)."""
    committees = dict(Committee.choices)
    theirs = {
        "committee": current.get_committee_display(),
        "meeting_on": current.meeting_on.isoformat(),
        "reference": current.reference,
        "note": current.note,
    }
    mine = {name: form.data.get(name, "") for name in theirs}
    mine["committee"] = committees.get(mine["committee"], mine["committee"])
    return [
        {"label": form.fields[name].label, "theirs": theirs[name], "mine": mine[name]}
        for name in theirs
    ]
