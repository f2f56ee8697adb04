"""Action-plan pages: a unit's plans, the plan with its focus areas and measures, editing with
the SMART check beside the form, progress, agreeing and co-signing, the history, exports and
the leader's follow-up page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions import exports, services
from actions.forms import (
    AgreeForm,
    FocusAreaForm,
    MeasureForm,
    PlanCreateForm,
    ProgressForm,
)
from actions.models import (
    ActionPlan,
    FocusArea,
    FocusKind,
    Measure,
    MeasureStatus,
    PlanVersion,
    SignatureRole,
)
from lib.smart import SmartResult
from medvirk.forms import add_errors
from orgs import policy


def _lang() -> str:
    return "en" if (get_language() or "nb").startswith("en") else "nb"


def _criterion_labels() -> dict[str, str]:
    return {
        "specific": _("Specific"),
        "measurable": _("Measurable"),
        "accepted": _("Accepted"),
        "realistic": _("Realistic"),
        "time_bound": _("Time-bound"),
    }


def _field_labels() -> dict[str, str]:
    """Readable names of the fields a version's changes list."""
    labels = {name: str(f.label) for name, f in MeasureForm.base_fields.items()}
    labels.update({name: str(f.label) for name, f in FocusAreaForm.base_fields.items()})
    labels.update({"index": str(_("Index target")), "responsible": str(_("Responsible"))})
    return labels


def _iso(value: Any) -> Any:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return value


def smart_rows(result: SmartResult) -> list[dict[str, Any]]:
    """The five criteria for a template, rendered in the page language."""
    lang = _lang()
    names = _criterion_labels()
    return [
        {
            "name": c.name,
            "label": names[c.name],
            "met": c.met,
            "reason": c.reason.render(lang),  # type: ignore[arg-type]
            "suggestion": c.suggestion.render(lang) if c.suggestion else "",  # type: ignore[arg-type]
        }
        for c in result.criteria
    ]


def _rights(user: Any, plan: ActionPlan) -> dict[str, Any]:
    union = services.union_cosign_required()
    signed = set(plan.signatures_of().values_list("role", flat=True)) if plan.is_agreed else set()
    cosign = [r for r in policy.cosign_roles(user, plan.unit, union=union) if r not in signed]
    return {
        "may_edit": policy.can(user, "actions.edit_plan", plan.unit),
        "may_agree": policy.can(user, "actions.agree_plan", plan.unit) and not plan.is_agreed,
        "cosign_roles": [(r, SignatureRole(r).label) for r in cosign] if plan.is_agreed else [],
        "is_staff_view": policy.can(user, "actions.view_plan", plan.unit),
    }


def _measure(request: HttpRequest, uid: Any, permission: str) -> Measure:
    measure = get_object_or_404(
        Measure.objects.select_related("plan__unit", "plan__round", "focus_area"), uid=uid
    )
    policy.get_plan(request.user, permission, measure.plan.uid)
    return measure


# --- a unit's plans ---------------------------------------------------------------------


@policy.requires("actions.view_agreed_plan")
def unit_plans(request: HttpRequest, uid: Any) -> HttpResponse:
    unit = policy.get_unit(request.user, "actions.view_agreed_plan", uid)
    may_edit = policy.can(request.user, "actions.edit_plan", unit)
    form = PlanCreateForm(request.POST or None, unit=unit)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            plan = services.get_or_create_plan(
                actor=request.user, unit=unit, round=form.cleaned_data["round"]
            )
            return redirect("actions:plan", uid=plan.uid)
    plans = [
        p
        for p in ActionPlan.objects.filter(unit=unit).select_related("round", "unit")
        if policy.may_view_plan(request.user, p)
    ]
    context = {
        "unit": unit,
        "plans": plans,
        "form": form,
        "may_edit": may_edit,
        "may_see_rollup": policy.can(request.user, "actions.view_plan", unit),
    }
    return render(request, "actions/unit_plans.html", context)


# --- the plan ---------------------------------------------------------------------------


def _plan_context(request: HttpRequest, plan: ActionPlan) -> dict[str, Any]:
    today = timezone.localdate()
    measures = list(
        plan.measures.select_related("responsible_person", "focus_area").prefetch_related(
            "progress"
        )
    )
    for m in measures:
        m.smart = m.smart_check(today)  # type: ignore[attr-defined]
    areas = list(plan.focus_areas())
    dimensions = dict(services.dimension_choices(plan.round, _lang()))
    for area in areas:
        area.dimension_title = dimensions.get(area.dimension, area.dimension)  # type: ignore[attr-defined]
    groups = []
    for kind in FocusKind:
        in_kind = [a for a in areas if a.kind == kind]
        for a in in_kind:
            a.plan_measures = [m for m in measures if m.focus_area_id == a.pk]  # type: ignore[attr-defined]
        groups.append({"kind": kind, "label": kind.label, "areas": in_kind})
    return {
        "plan": plan,
        "unit": plan.unit,
        "escalated": _escalated_from_below(request, plan),
        "groups": groups,
        "loose_measures": [m for m in measures if m.focus_area_id is None],
        "measure_count": len(measures),
        "signatures": list(plan.signatures_of()) if plan.is_agreed else [],
        "last_agreed": plan.last_agreed(),
        "missing_signatures": [SignatureRole(r).label for r in services.missing_signatures(plan)],
        **_rights(request.user, plan),
    }


def _escalated_from_below(request: HttpRequest, plan: ActionPlan) -> list[Measure]:
    """Measures of sub-units that those units cannot decide themselves (escalated to this
    level or above), for the people who work on plans."""
    if not policy.can(request.user, "actions.view_plan", plan.unit):
        return []
    below = (
        Measure.objects.filter(plan__unit__path__startswith=plan.unit.path, within_authority=False)
        .exclude(plan__unit=plan.unit)
        .exclude(status=MeasureStatus.DROPPED)
        .select_related("plan__unit", "responsible_person")
        .order_by("plan__unit__path", "due")
    )
    return list(below[:50])


@policy.requires("actions.view_agreed_plan")
def plan_detail(request: HttpRequest, uid: Any) -> HttpResponse:
    plan = policy.get_plan(request.user, "actions.view_plan", uid)
    if not plan.is_agreed and not policy.can(request.user, "actions.view_plan", plan.unit):
        # Members read the agreed plan: while a change awaits agreement, the last agreed version.
        last = plan.last_agreed()
        if last is not None:
            return redirect("actions:version", uid=plan.uid, number=last.number)
    return render(request, "actions/plan.html", _plan_context(request, plan))


# --- focus areas ------------------------------------------------------------------------


def _conflict_rows(form: Any, theirs: dict[str, Any], names: list[str]) -> list[dict[str, Any]]:
    rows = []
    for name in names:
        field = form[name]
        mine = form.data.get(name, "")
        stored = theirs.get(name, "")
        stored_text = str(stored) if stored not in (None, "") else "–"
        if hasattr(field.field, "choices") and stored not in (None, ""):
            stored_text = dict(field.field.choices).get(str(getattr(stored, "pk", stored)), stored)
        if hasattr(field.field, "choices") and mine:
            mine = dict(field.field.choices).get(mine, mine)
        rows.append({"label": field.label, "theirs": stored_text, "mine": mine or "–"})
    differing = [r for r in rows if str(r["theirs"]) != str(r["mine"])]
    return differing or rows


def _keep_input(form: Any, revision: int) -> None:
    """After a conflict: keep what the user typed, but on top of the stored revision, so
    saving again is a deliberate choice."""
    form.data = form.data.copy()
    form.data["revision"] = str(revision)


@policy.requires("actions.edit_plan")
def focus_form(request: HttpRequest, uid: Any, area: Any = None) -> HttpResponse:
    plan = policy.get_plan(request.user, "actions.edit_plan", uid)
    found = None
    initial: dict[str, Any] = {"kind": request.GET.get("kind", "")}
    if area is not None:
        found = get_object_or_404(plan.focus_areas(), uid=area)
        initial = {**{k: getattr(found, k) for k in ("kind", "title", "description", "dimension")},
                   "revision": found.revision}  # fmt: skip
    form = FocusAreaForm(request.POST or None, plan=plan, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            if found is None:
                services.add_focus_areas(
                    actor=request.user,
                    unit=plan.unit,
                    round=plan.round,
                    items=[form.values()],
                    source="manual",
                )
            else:
                services.update_focus_area(
                    actor=request.user,
                    area=found,
                    values=form.values(),
                    revision=form.cleaned_data["revision"] or 0,
                )
        except services.Conflict as error:
            current: FocusArea = error.current  # type: ignore[assignment]
            theirs = {k: getattr(current, k) for k in ("kind", "title", "description", "dimension")}
            conflict = _conflict_rows(form, theirs, list(theirs))
            _keep_input(form, current.revision)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The focus area is saved."))
            return redirect("actions:plan", uid=plan.uid)
    context = {"plan": plan, "form": form, "area": found, "conflict": conflict}
    return render(request, "actions/focus_form.html", context)


@require_POST
@policy.requires("actions.edit_plan")
def focus_move(request: HttpRequest, uid: Any, area: Any) -> HttpResponse:
    plan = policy.get_plan(request.user, "actions.edit_plan", uid)
    found = get_object_or_404(plan.focus_areas(), uid=area)
    services.move_focus_area(actor=request.user, area=found, up=request.POST.get("to") == "up")
    return redirect(f"{plan_url(plan)}#area-{found.uid}")


def plan_url(plan: ActionPlan) -> str:
    return reverse("actions:plan", args=[plan.uid])


# --- measures ---------------------------------------------------------------------------

MEASURE_FIELDS = [
    "title",
    "focus_area",
    "description",
    "indicator",
    "target",
    "index_code",
    "index_value",
    "agreed_at",
    "agreed_where",
    "agreed_by",
    "resources",
    "within_authority",
    "start",
    "due",
    "follow_up",
    "responsible_person",
    "responsible_name",
]


def _check_input(plan: ActionPlan, form: MeasureForm) -> SmartResult:
    """The SMART check of what is in the form now (saved or not)."""
    form.is_valid()
    values = form.values()
    draft = Measure(plan=plan, **values.stored())
    return draft.smart_check()


def _measure_form_page(
    request: HttpRequest, plan: ActionPlan, measure: Measure | None
) -> HttpResponse:
    initial = (
        MeasureForm.initial_for(measure) if measure else {"focus_area": request.GET.get("area")}
    )
    if measure is None and initial["focus_area"]:
        initial["focus_area"] = plan.focus_areas().filter(uid=initial["focus_area"]).first()
    form = MeasureForm(request.POST or None, plan=plan, initial=initial)
    conflict = None
    if request.method == "POST" and "check" not in request.POST and form.is_valid():
        try:
            if measure is None:
                measure = services.create_measure(
                    actor=request.user, plan=plan, values=form.values()
                )
            else:
                measure = services.update_measure(
                    actor=request.user,
                    measure=measure,
                    values=form.values(),
                    revision=form.cleaned_data["revision"] or 0,
                )
        except services.Conflict as error:
            current: Measure = error.current  # type: ignore[assignment]
            conflict = {
                "rows": _conflict_rows(form, MeasureForm.initial_for(current), MEASURE_FIELDS),
                "current": current,
            }
            _keep_input(form, current.revision)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The measure is saved."))
            return redirect("actions:measure", uid=measure.uid)
    result = _check_input(plan, form) if form.is_bound else (
        measure.smart_check() if measure else _check_input(plan, MeasureForm({}, plan=plan))
    )  # fmt: skip
    context = {
        "plan": plan,
        "measure": measure,
        "form": form,
        "smart": smart_rows(result),
        "smart_failed": len(result.failed),
        "conflict": conflict,
        "field_names": MEASURE_FIELDS,
    }
    return render(request, "actions/measure_form.html", context)


@policy.requires("actions.edit_plan")
def measure_new(request: HttpRequest, uid: Any) -> HttpResponse:
    plan = policy.get_plan(request.user, "actions.edit_plan", uid)
    return _measure_form_page(request, plan, None)


@policy.requires("actions.edit_plan")
def measure_edit(request: HttpRequest, uid: Any) -> HttpResponse:
    measure = _measure(request, uid, "actions.edit_plan")
    return _measure_form_page(request, measure.plan, measure)


@require_POST
@policy.requires("actions.edit_plan")
def smart_check(request: HttpRequest, uid: Any) -> HttpResponse:
    """htmx: the SMART check of the measure form as it is typed (the panel only)."""
    plan = policy.get_plan(request.user, "actions.edit_plan", uid)
    result = _check_input(plan, MeasureForm(request.POST, plan=plan))
    context = {"smart": smart_rows(result), "smart_failed": len(result.failed)}
    return render(request, "actions/measure_form.html#smart-panel", context)


@policy.requires("actions.view_agreed_plan")
def measure_detail(request: HttpRequest, uid: Any) -> HttpResponse:
    measure = _measure(request, uid, "actions.view_plan")
    plan = measure.plan
    rights = _rights(request.user, plan)
    may_record = policy.may_record_progress(request.user, measure)
    form = ProgressForm(
        request.POST or None, initial={"date": timezone.localdate(), "status": measure.status}
    )
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.log_progress(
                    actor=request.user,
                    measure=measure,
                    text=form.cleaned_data["text"],
                    status=form.cleaned_data["status"],
                    date=form.cleaned_data["date"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The progress is recorded."))
                return redirect("actions:measure", uid=measure.uid)
    context = {
        "plan": plan,
        "measure": measure,
        "smart": smart_rows(measure.smart_check()),
        "progress": measure.progress.all(),
        "form": form,
        "may_record": may_record,
        **rights,
    }
    return render(request, "actions/measure.html", context)


def _remove_page(
    request: HttpRequest, plan: ActionPlan, obj: Any, remove: Any, cancel: str
) -> HttpResponse:
    """Confirm, then remove (a measure or a focus area) with the revision it was shown at."""
    error = ""
    if request.method == "POST":
        try:
            remove(actor=request.user, revision=int(request.POST.get("revision") or 0))
        except services.Conflict:
            error = _("Somebody changed it while you were reading. Read it again first.")
            obj.refresh_from_db()
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("“%(title)s” is removed.") % {"title": obj.title})
            return redirect("actions:plan", uid=plan.uid)
    context = {"plan": plan, "obj": obj, "error": error, "cancel": cancel}
    return render(request, "actions/remove.html", context)


@require_POST
@policy.requires("actions.edit_plan")
def measure_move(request: HttpRequest, uid: Any) -> HttpResponse:
    measure = _measure(request, uid, "actions.edit_plan")
    services.move_measure(actor=request.user, measure=measure, up=request.POST.get("to") == "up")
    anchor = f"area-{measure.focus_area.uid}" if measure.focus_area else "loose-heading"
    return redirect(f"{plan_url(measure.plan)}#{anchor}")


@policy.requires("actions.edit_plan")
def measure_remove(request: HttpRequest, uid: Any) -> HttpResponse:
    measure = _measure(request, uid, "actions.edit_plan")

    def remove(**kwargs: Any) -> None:
        services.remove_measure(measure=measure, **kwargs)

    cancel = reverse("actions:measure", args=[measure.uid])
    return _remove_page(request, measure.plan, measure, remove, cancel)


@policy.requires("actions.edit_plan")
def focus_remove(request: HttpRequest, uid: Any, area: Any) -> HttpResponse:
    plan = policy.get_plan(request.user, "actions.edit_plan", uid)
    found = get_object_or_404(plan.focus_areas(), uid=area)

    def remove(**kwargs: Any) -> None:
        services.remove_focus_area(area=found, **kwargs)

    return _remove_page(request, plan, found, remove, reverse("actions:plan", args=[plan.uid]))


# --- agreeing, co-signing, history ------------------------------------------------------


@policy.requires("actions.agree_plan")
def agree(request: HttpRequest, uid: Any) -> HttpResponse:
    plan = policy.get_plan(request.user, "actions.agree_plan", uid)
    failing = services.failing_measures(plan)
    form = AgreeForm(request.POST or None, failing=failing, initial={"revision": plan.revision})
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.agree_plan(
                actor=request.user,
                plan=plan,
                revision=form.cleaned_data["revision"],
                reasons=form.reasons(),
            )
        except services.Conflict:
            conflict = True
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The plan is agreed. The safety representative is asked to co-sign.")
            )
            return redirect("actions:plan", uid=plan.uid)
    rows = [(m, smart_rows(r), form[f"reason_{m.uid}"]) for m, r in failing]
    context = {"plan": plan, "form": form, "failing": rows, "conflict": conflict}
    return render(request, "actions/agree.html", context)


@require_POST
@policy.requires("actions.cosign_plan")
def cosign(request: HttpRequest, uid: Any) -> HttpResponse:
    plan = policy.get_plan(request.user, "actions.cosign_plan", uid)
    role = request.POST.get("role", "")
    union = services.union_cosign_required()
    if role not in policy.cosign_roles(request.user, plan.unit, union=union):
        raise PermissionDenied
    try:
        services.cosign_plan(
            actor=request.user, plan=plan, role=role, revision=int(request.POST.get("revision", 0))
        )
    except services.Conflict:
        messages.error(
            request, _("The plan changed while you were reading it. Read it again, then sign.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your co-signature is recorded."))
    return redirect("actions:plan", uid=plan.uid)


@policy.requires("actions.view_agreed_plan")
def history(request: HttpRequest, uid: Any) -> HttpResponse:
    plan = policy.get_plan(request.user, "actions.view_plan", uid)
    versions = list(plan.versions.all())
    signatures = list(plan.signatures.all())
    for v in versions:
        v.signed = [s for s in signatures if s.version == v.number]  # type: ignore[attr-defined]
    context = {"plan": plan, "versions": versions, "current_is_draft": not plan.is_agreed}
    return render(request, "actions/history.html", context)


@policy.requires("actions.view_agreed_plan")
def version(request: HttpRequest, uid: Any, number: int) -> HttpResponse:
    plan = policy.get_plan(request.user, "actions.view_plan", uid)
    found = plan.versions.filter(number=number).first()
    if found is None:
        raise Http404
    previous: PlanVersion | None = plan.versions.filter(number__lt=number).first()
    changes = services.diff(previous.snapshot if previous else None, found.snapshot)
    labels = _field_labels()
    for change in changes:
        change.fields = [(labels.get(k, k), a, b) for k, a, b in change.fields]
    criteria = {row: label for row, label in _criterion_labels().items()}
    measures = [
        {
            **m,
            "start": _iso(m.get("start")),
            "due": _iso(m.get("due")),
            "smart_failed": [criteria.get(c, c) for c in m.get("smart_failed", [])],
        }
        for m in found.snapshot.get("measures", [])
    ]
    context = {
        "plan": plan,
        "version": found,
        "measures": measures,
        "signatures": plan.signatures_of(number),
        "changes": changes,
        "previous": previous,
        "areas": {a["uid"]: a for a in found.snapshot.get("focus_areas", [])},
        "status_labels": dict(MeasureStatus.choices),
        "kind_labels": dict(FocusKind.choices),
    }
    return render(request, "actions/version.html", context)


# --- exports ----------------------------------------------------------------------------


@policy.requires("actions.view_agreed_plan")
def export(request: HttpRequest, uid: Any, fmt: str) -> HttpResponse:
    plan = policy.get_plan(request.user, "actions.view_plan", uid)
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.response(request, plan, fmt, _plan_context(request, plan))


# --- follow-up --------------------------------------------------------------------------


@policy.requires("actions.view_plan")
def follow_up(request: HttpRequest) -> HttpResponse:
    """All measures of the units in the user's scope, by status, with filters."""
    units = policy.units_for(request.user, "actions.view_plan")
    measures = Measure.objects.filter(plan__unit__in=units).select_related(
        "plan__unit", "plan__round", "responsible_person", "focus_area"
    )
    status = request.GET.get("status", "")
    if status == "overdue":
        measures = measures.overdue()
    elif status in MeasureStatus.values:
        measures = measures.filter(status=status)
    unit_code = request.GET.get("unit", "").strip()
    if unit_code:
        measures = measures.filter(plan__unit__code=unit_code)
    if request.GET.get("escalated"):
        measures = measures.filter(within_authority=False)
    rows = list(measures.order_by("plan__unit__path", "due", "pk")[:500])
    counts = {s: 0 for s in MeasureStatus.values}
    for s in Measure.objects.filter(plan__unit__in=units).values_list("status", flat=True):
        counts[s] += 1
    context = {
        "measures": rows,
        "status": status,
        "unit_code": unit_code,
        "escalated": bool(request.GET.get("escalated")),
        "statuses": [(s, label, counts[s]) for s, label in MeasureStatus.choices],
        "overdue": Measure.objects.filter(plan__unit__in=units).overdue().count(),
        "unit_choices": units.filter(action_plans__isnull=False).distinct().order_by("path"),
    }
    return render(request, "actions/follow_up.html", context)


# --- above / this unit / below ---------------------------------------------------------------


@policy.requires("actions.view_plan")
def rollup_page(request: HttpRequest, uid: Any) -> HttpResponse:
    """The plans above the unit, its own and those of every unit below it, for a round."""
    from actions import rollup
    from surveys.models import SurveyRound

    unit = policy.get_unit(request.user, "actions.view_plan", uid)
    rounds = list(
        SurveyRound.objects.filter(action_plans__unit__path__startswith=unit.path)
        .distinct()
        .order_by("-opens_on")
    )
    chosen = request.GET.get("round", "")
    survey = next((r for r in rounds if str(r.uid) == chosen), rounds[0] if rounds else None)
    data = rollup.build(request.user, unit, survey)
    from overviews.services import decisions_below

    decisions = list(decisions_below(unit, survey)) if survey else []
    context = {
        "unit": unit,
        "rounds": rounds,
        "round": survey,
        "data": data,
        "here": [data.here],
        "decisions": decisions,
    }
    return render(request, "actions/rollup.html", context)
