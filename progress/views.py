"""Progress plan pages: the round's timeline, editing and ticking tasks, a unit's checklist
and its fact sheets."""

from __future__ import annotations

import io
import itertools
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import record
from orgs import policy
from orgs.models import OrgUnit
from progress import dashboard, services
from progress.forms import FactSheetForm, TaskForm
from progress.models import FactSheet, FactSheetKind, Phase, ProgressPlan, Task
from surveys.models import RoundStatus, SurveyRound


def _verbose(name: str) -> str:
    field: Any = FactSheet._meta.get_field(name)
    return str(field.verbose_name)


def _round(uid: Any) -> SurveyRound:
    return get_object_or_404(SurveyRound.objects.select_related("scope"), uid=uid)


def _plan(survey: SurveyRound) -> ProgressPlan:
    plan = ProgressPlan.objects.filter(round=survey).first()
    if plan is None:
        raise Http404
    return plan


@policy.requires("progress.view")
def plan(request: HttpRequest, uid: Any) -> HttpResponse:
    survey = _round(uid)
    units = services.round_units(request.user, survey)
    manage = policy.can(request.user, "progress.manage")
    if not units and not manage:
        raise PermissionDenied
    found = ProgressPlan.objects.filter(round=survey).first()
    today = timezone.localdate()
    phases = []
    if found is not None:
        rows = services.task_rows(found, units, today=today)
        for phase, grouped in itertools.groupby(rows, key=lambda r: r.task.phase):
            phases.append({"label": Phase(phase).label, "code": phase, "rows": list(grouped)})
    earlier = (
        SurveyRound.objects.filter(progress__isnull=False)
        .exclude(pk=survey.pk)
        .order_by("-opens_on")
        if manage and found is None
        else SurveyRound.objects.none()
    )
    context = {
        "round": survey,
        "plan": found,
        "phases": phases,
        "today": today,
        "units": units[:200],
        "more_units": len(units) > 200,
        "can_manage": manage,
        "earlier": earlier,
    }
    return render(request, "progress/plan.html", context)


@policy.requires("progress.manage")
@require_POST
def create(request: HttpRequest, uid: Any) -> HttpResponse:
    survey = _round(uid)
    source = request.POST.get("source", "")
    try:
        if source:
            earlier = get_object_or_404(SurveyRound, uid=source)
            services.copy_plan(actor=request.user, round=survey, source=earlier)
        else:
            services.create_from_template(actor=request.user, round=survey)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The progress plan was created. Adjust the dates to your calendar.")
        )
    return redirect("progress:plan", survey.uid)


@policy.requires("progress.manage")
def task_edit(request: HttpRequest, uid: Any, task: Any) -> HttpResponse:
    survey = _round(uid)
    found = get_object_or_404(Task, plan=_plan(survey), uid=task)
    form = TaskForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        services.update_task(
            actor=request.user, task=Task.objects.get(pk=found.pk), **form.cleaned_data
        )
        messages.success(request, _("The task was saved."))
        return redirect("progress:plan", survey.uid)
    return render(
        request, "progress/task_form.html", {"round": survey, "task": found, "form": form}
    )


@policy.requires("progress.manage")
@require_POST
def task_done(request: HttpRequest, uid: Any, task: Any) -> HttpResponse:
    survey = _round(uid)
    found = get_object_or_404(Task, plan=_plan(survey), uid=task)
    try:
        services.set_institution_task(
            actor=request.user, task=found, done=request.POST.get("done") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("progress:plan", survey.uid)


def _unit(request: HttpRequest, survey: SurveyRound, uid: Any) -> OrgUnit:
    unit = policy.get_unit(request.user, "progress.view", uid)
    if not survey.units.filter(unit=unit).exists():
        raise Http404
    return unit


@policy.requires("progress.view")
def unit(request: HttpRequest, uid: Any, unit: Any) -> HttpResponse:
    survey = _round(uid)
    found = _unit(request, survey, unit)
    plan = ProgressPlan.objects.filter(round=survey).first()
    statuses = services.unit_status(plan, found) if plan else []
    sheets = {
        kind: services.fact_sheet(round=survey, unit=found, kind=kind)
        for kind in FactSheetKind.values
    }
    context = {
        "round": survey,
        "unit": found,
        "plan": plan,
        "statuses": statuses,
        "sheets": [(FactSheetKind(k).label, k, s) for k, s in sheets.items()],
        "can_tick": policy.can(request.user, "progress.unit_work", found),
    }
    return render(request, "progress/unit.html", context)


@policy.requires("progress.unit_work")
@require_POST
def unit_task_done(request: HttpRequest, uid: Any, unit: Any, task: Any) -> HttpResponse:
    survey = _round(uid)
    found = _unit(request, survey, unit)
    if not policy.can(request.user, "progress.unit_work", found):
        raise PermissionDenied
    item = get_object_or_404(Task, plan=_plan(survey), uid=task)
    try:
        services.set_unit_task(
            actor=request.user, task=item, unit=found, done=request.POST.get("done") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("progress:unit", survey.uid, found.uid)


@policy.requires("progress.view")
def fact_sheet(request: HttpRequest, uid: Any, unit: Any, kind: str) -> HttpResponse:
    survey = _round(uid)
    found = _unit(request, survey, unit)
    if kind not in FactSheetKind.values:
        raise Http404
    if survey.status == RoundStatus.DRAFT and kind == FactSheetKind.AFTER:
        raise Http404
    sheet = services.fact_sheet(round=survey, unit=found, kind=kind)
    can_write = policy.can(request.user, "progress.write_fact_sheet", found)
    initial = {name: getattr(sheet, name) for name in sheet.fields}
    initial.update(revision=sheet.revision, completed=sheet.completed)
    form = FactSheetForm(request.POST or None, initial=initial, sheet=sheet)
    theirs = None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_fact_sheet(
                    actor=request.user,
                    round=survey,
                    unit=found,
                    kind=kind,
                    revision=data["revision"],
                    values={name: data[name] for name in sheet.fields},
                    completed=data["completed"],
                )
            except services.FactSheetConflict as conflict:
                theirs = conflict.theirs
                form.add_error(None, conflict.messages[0])
                # Keep what this writer typed; the next save goes over the newer version.
                data = request.POST.copy()
                data["revision"] = str(theirs.revision)
                form.data = data
            else:
                messages.success(request, _("The fact sheet was saved."))
                return redirect("progress:unit", survey.uid, found.uid)
    context = {
        "round": survey,
        "unit": found,
        "sheet": sheet,
        "kind_label": FactSheetKind(kind).label,
        "form": form,
        "can_write": can_write,
        "theirs": [(_verbose(n).capitalize(), getattr(theirs, n)) for n in sheet.fields]
        if theirs
        else None,
        "theirs_by": theirs.updated_by if theirs else None,
    }
    return render(request, "progress/fact_sheet.html", context)


# --- The process dashboard ---------------------------------------------------------------------


def _dashboard(request: HttpRequest, uid: Any) -> tuple[SurveyRound, dashboard.Dashboard, str]:
    survey = _round(uid)
    top = request.GET.get("unit") or request.POST.get("unit") or ""
    data = dashboard.for_user(
        request.user,
        survey,
        top=top,
        missing=request.GET.get("missing", ""),
        sort=request.GET.get("sort", "path"),
        descending=request.GET.get("dir") == "desc",
    )
    return survey, data, top


@policy.requires("progress.dashboard")
def dashboard_page(request: HttpRequest, uid: Any) -> HttpResponse:
    survey, data, top = _dashboard(request, uid)
    roots = services.round_units(request.user, survey, "progress.dashboard", max_depth=2)
    context = {
        "round": survey,
        "data": data,
        "rows_html": dashboard.rows_html(data),
        "top": top,
        "roots": roots,
        "missing": request.GET.get("missing", ""),
        "sort": request.GET.get("sort", "path"),
        "descending": request.GET.get("dir") == "desc",
    }
    return render(request, "progress/dashboard.html", context)


@policy.requires("progress.dashboard")
def dashboard_xlsx(request: HttpRequest, uid: Any) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    survey, data, top = _dashboard(request, uid)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Process")[:31]
    header = [_("Code"), _("Unit"), _("Response rate (%)")]
    header += [label for _s, label, _k in data.steps] + [label for _n, label in data.extra]
    header += [_("Overdue steps")]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    yes, no = _("yes"), _("no")
    for row in data.rows:
        values: list[Any] = [row.unit.code, row.unit.name, row.rate]
        values += [yes if row.steps[s] else no for s, _l, _k in data.steps]
        values += [row.extra.get(n) for n, _l in data.extra]
        values += [row.overdue]
        sheet.append(values)
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    record("progress.dashboard_xlsx", actor=request.user, obj=survey, data={"unit": top})
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"process-{top or 'all'}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@policy.requires("progress.dashboard")
@require_POST
def remind(request: HttpRequest, uid: Any) -> HttpResponse:
    survey, data, top = _dashboard(request, uid)
    step = request.POST.get("step", "")
    try:
        reminded, already = dashboard.remind_leaders(
            actor=request.user, survey=survey, step=step, units=[r.unit for r in data.rows]
        )
    except (LookupError, ValueError):
        messages.error(request, _("Choose a step of the progress plan."))
    else:
        messages.success(
            request,
            _("Reminded the leaders of %(units)s units.") % {"units": reminded}
            + (
                " "
                + _("%(already)s units were reminded about this step today already.")
                % {"already": already}
                if already
                else ""
            ),
        )
    query = f"?unit={top}" if top else ""
    return redirect(reverse("progress:dashboard", args=[survey.uid]) + query)
