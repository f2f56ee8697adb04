"""Roll-up pages: a leader's overview of the units below (common themes proposed and confirmed,
escalated measures passed up, the summary and sending), a sent version, HR's compilations per
faculty or centre, and the dean's or director's decisions."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.models import PlanStatus
from medvirk.forms import add_errors
from orgs import policy
from orgs.models import OrgUnit
from overviews import services
from overviews.forms import DecisionForm, InstitutionDecisionForm, SummaryForm, ThemeForm
from overviews.models import (
    Decision,
    Escalation,
    InstitutionOutcome,
    Outcome,
    Overview,
    OverviewKind,
    Theme,
)
from surveys.models import SurveyRound

NO_UID = uuid.UUID(int=0)


def _round(uid: Any) -> SurveyRound:
    return get_object_or_404(SurveyRound.objects.select_related("instrument"), uid=uid)


def _overview(request: HttpRequest, uid: Any, permission: str) -> Overview:
    """Fetch an overview for a view: 404 if unknown, 403 without `permission` on its unit
    ("overviews.view" by the policy's rule; writing a compilation is compiling it)."""
    overview = get_object_or_404(
        Overview.objects.select_related("unit", "round__instrument"), uid=uid
    )
    if permission == "overviews.view":
        allowed = policy.may_see_overview(request.user, overview)
    else:
        if overview.is_compilation and permission == "overviews.write":
            permission = "overviews.compile"
        allowed = policy.can(request.user, permission, overview.unit)
    if not allowed:
        raise PermissionDenied
    return overview


def _page_url(overview: Overview) -> str:
    if overview.is_compilation:
        return reverse("overviews:compilation", args=[overview.round.uid, overview.unit.uid])
    return reverse("overviews:unit", args=[overview.round.uid, overview.unit.uid])


def _revision(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1


def _stale(request: HttpRequest) -> None:
    messages.error(
        request, _("Someone else changed this overview meanwhile; nothing was saved. Try again.")
    )


def _rebound(request: HttpRequest, overview: Overview) -> SummaryForm:
    """The posted summary form again, carrying the overview's current revision."""
    data = request.POST.copy()
    data["revision"] = str(overview.revision)
    form = SummaryForm(data)
    form.is_valid()
    return form


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _plan_rows(unit: OrgUnit, survey: SurveyRound, measures: list[services.MeasureRow]) -> str:
    """The plans table's rows: every current unit of the subtree with its plan's status and
    measure counts. Rendered here rather than in the template, as the process dashboard's rows:
    a faculty has a few hundred units."""
    from actions.models import ActionPlan

    plans = {
        unit_id: (uid, PlanStatus(status).label)
        for unit_id, uid, status in ActionPlan.objects.filter(
            round=survey, unit__path__startswith=unit.path
        ).values_list("unit_id", "uid", "status")
    }
    counts: dict[int, list[int]] = {}
    for m in measures:
        c = counts.setdefault(m.unit_id, [0, 0])
        c[0] += 1
        c[1] += m.escalate
    units = (
        OrgUnit.objects.filter(path__startswith=unit.path, valid_to__isnull=True)
        .order_by("path")
        .values_list("pk", "code", "name_nb", "name_en", "depth")
    )
    link = reverse("actions:plan", args=[NO_UID])
    english = (get_language() or "nb").startswith("en")
    no_plan = escape(_("No plan yet"))
    parts = []
    for pk, code, name_nb, name_en, depth in units:
        name = name_en if english and name_en else name_nb
        if pk in plans:
            uid, label = plans[pk]
            plan = f'<a href="{link.replace(str(NO_UID), str(uid))}">{escape(label)}</a>'
        else:
            plan = no_plan
        measured, escalated = counts.get(pk, (0, 0))
        parts.append(
            f'<tr><th scope="row" class="depth-{depth - unit.depth}">{escape(name)} '
            f'<span class="code">{escape(code)}</span></th>'
            f"<td>{plan}</td><td>{measured}</td><td>{escalated}</td></tr>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text went through escape)


def _context(
    request: HttpRequest, overview: Overview, *, summary_form: SummaryForm | None = None
) -> dict[str, Any]:
    survey, unit = overview.round, overview.unit
    may_write = policy.can(
        request.user,
        "overviews.compile" if overview.is_compilation else "overviews.write",
        unit,
    )
    may_decide = overview.is_compilation and policy.can(request.user, "overviews.decide", unit)
    titles = services.dimension_titles(survey, get_language() or "nb")
    themes = list(overview.themes.prefetch_related("measures__plan__unit"))
    # Keyed by kind and id: a theme and an escalation may share an id.
    decisions = {
        ("theme", d.theme_id) if d.theme_id else ("escalation", d.escalation_id): d
        for d in Decision.objects.filter(overview=overview)
    }
    theme_rows = [
        {
            "theme": t,
            "dimension": titles.get(t.dimension, t.dimension),
            "measures": list(t.measures.all()),
            "decision": decisions.get(("theme", t.pk)) if overview.is_compilation else None,
        }
        for t in themes
    ]
    escalations = {
        e.measure_id: e for e in overview.escalations.select_related("measure__plan__unit")
    }
    context: dict[str, Any] = {
        "overview": overview,
        "unit": unit,
        "round": survey,
        "may_write": may_write,
        "may_decide": may_decide,
        "themes": theme_rows,
        "versions": list(overview.versions.all()),
        "deadline": services.deadline_for(survey),
        "summary_form": summary_form
        or SummaryForm(
            initial={
                "summary": overview.summary,
                "comment": overview.comment,
                "revision": overview.revision,
            }
        ),
        "outcomes": Outcome.choices,
    }
    if overview.is_compilation:
        context["escalation_rows"] = [
            {
                "measure": services.MeasureRow.of(e.measure),
                "escalation": e,
                "decision": decisions.get(("escalation", e.pk)),
            }
            for e in escalations.values()
        ]
        own = Overview.objects.filter(unit=unit, round=survey, kind=OverviewKind.UNIT).first()
        context["faculty_overview"] = own.last_sent() if own else None
        return context
    measures = services.measure_rows(unit, survey, language=get_language() or "nb")
    recipient, recipient_unit = services.recipient_for(unit)
    proposals = services.proposals(overview, measures) if may_write else []
    by_dimension: dict[str, list[services.Proposal]] = {}
    for p in proposals:
        by_dimension.setdefault(p.dimension, []).append(p)
    # One dimension's groups at a time: a faculty of 300 plans has about 50 groups.
    chosen = request.GET.get("dimension", "")
    if chosen not in by_dimension:
        chosen = next(iter(by_dimension), "")
    context.update(
        {
            "plans": _plan_rows(unit, survey, measures),
            "proposal_groups": [
                {
                    "code": code,
                    "dimension": titles.get(code, code) or _("No dimension"),
                    "count": len(items),
                    "chosen": code == chosen,
                    "proposals": items if code == chosen else [],
                }
                for code, items in by_dimension.items()
            ],
            "escalation_rows": [
                {"measure": m, "escalation": escalations.get(m.pk)} for m in measures if m.escalate
            ],
            # Reversed once: a large faculty lists a couple of hundred escalated measures.
            "escalation_url": reverse("overviews:escalation", args=[overview.uid, NO_UID]).replace(
                f"{NO_UID}/", ""
            ),
            "received": _received(unit, survey, {t.title for t in themes}),
            "decisions": list(services.decisions_below(unit, survey)),
            "recipient": recipient,
            "recipient_unit": recipient_unit,
        }
    )
    return context


def _received(unit: OrgUnit, survey: SurveyRound, titles: set[str]) -> list[dict[str, Any]]:
    """The latest version from each unit below, with the themes it passed up; a theme whose
    title is among this overview's themes counts as taken over."""
    return [
        {
            "version": version,
            "themes": [
                {**theme, "taken": theme["title"] in titles}
                for theme in version.snapshot.get("themes", [])
                if theme.get("pass_up")
            ],
        }
        for version in services.received(unit, survey)
    ]


@policy.requires("overviews.view")
def unit_page(request: HttpRequest, uid: Any, unit: Any) -> HttpResponse:
    """The overview of a unit and the units below it for a round (started on first visit by
    someone who may write it)."""
    survey = _round(uid)
    place = policy.get_unit(request.user, "overviews.view", unit)
    overview = Overview.objects.filter(unit=place, round=survey, kind=OverviewKind.UNIT).first()
    if overview is None:
        if not policy.can(request.user, "overviews.write", place):
            return render(request, "overviews/not_started.html", {"unit": place, "round": survey})
        overview = services.get_or_start(actor=request.user, unit=place, round=survey)
    return render(request, "overviews/overview.html", _context(request, overview))


@require_POST
@policy.requires("overviews.view")
def save_text(request: HttpRequest, uid: Any) -> HttpResponse:
    overview = _overview(request, uid, "overviews.write")
    form = SummaryForm(request.POST)
    sending = "send" in request.POST
    if form.is_valid():
        try:
            overview = services.save_text(
                actor=request.user,
                overview=overview,
                summary=form.cleaned_data["summary"],
                comment=form.cleaned_data["comment"],
                revision=form.cleaned_data["revision"],
            )
            if not sending:
                messages.success(request, _("The summary is saved."))
                return redirect(_page_url(overview) + "#summary-heading")
            version = services.send(
                actor=request.user, overview=overview, revision=overview.revision
            )
            messages.success(
                request,
                _("Version %(number)s is sent. What was sent is kept as it is.")
                % {"number": version.number},
            )
            return redirect(_page_url(overview))
        except services.Conflict as conflict:
            overview = conflict.overview
            form = _rebound(request, overview)
            form.add_error(
                None,
                _(
                    "Someone else saved this overview while you were writing. Your text is "
                    "below; the saved text is shown beside it. Copy what you need and save again."
                ),
            )
        except ValidationError as error:
            # The text may be saved already (sending failed after it): carry the new revision.
            overview.refresh_from_db()
            form = _rebound(request, overview)
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    context = _context(request, overview, summary_form=form)
    if form.non_field_errors():
        context["saved_summary"] = overview.summary
    return render(request, "overviews/overview.html", context, status=400)


@require_POST
@policy.requires("overviews.view")
def theme_confirm(request: HttpRequest, uid: Any) -> HttpResponse:
    overview = _overview(request, uid, "overviews.write")
    query = urlencode({"dimension": request.POST.get("dimension", "")})
    try:
        theme = services.confirm_theme(
            actor=request.user,
            overview=overview,
            title=request.POST.get("title", ""),
            dimension=request.POST.get("dimension", ""),
            measure_uids=request.POST.getlist("measure"),
            summary=request.POST.get("summary", ""),
        )
        messages.success(request, _("“%(title)s” is a theme now.") % {"title": theme.title})
        return redirect(f"{_page_url(overview)}?{query}#theme-{theme.uid}")
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    return redirect(f"{_page_url(overview)}?{query}#proposals-heading")


def _theme(request: HttpRequest, uid: Any, theme: Any) -> tuple[Overview, Theme]:
    overview = _overview(request, uid, "overviews.write")
    return overview, get_object_or_404(Theme, uid=theme, overview=overview)


@require_POST
@policy.requires("overviews.view")
def theme_edit(request: HttpRequest, uid: Any, theme: Any) -> HttpResponse:
    overview, item = _theme(request, uid, theme)
    form = ThemeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        services.update_theme(
            actor=request.user,
            theme=item,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
            pass_up=form.cleaned_data["pass_up"],
            comment=form.cleaned_data["comment"],
            revision=_revision(request),
        )
        messages.success(request, _("The theme is saved."))
    except services.Conflict:
        _stale(request)
    except ValidationError:
        messages.error(request, _("Give the theme a title."))
    return redirect(_page_url(overview) + f"#theme-{item.uid}")


@require_POST
@policy.requires("overviews.view")
def theme_split(request: HttpRequest, uid: Any, theme: Any) -> HttpResponse:
    overview, item = _theme(request, uid, theme)
    try:
        new = services.split_theme(
            actor=request.user,
            theme=item,
            title=request.POST.get("title", ""),
            measure_uids=request.POST.getlist("measure"),
            revision=_revision(request),
        )
        messages.success(
            request, _("“%(title)s” is a theme of its own now.") % {"title": new.title}
        )
        return redirect(_page_url(overview) + f"#theme-{new.uid}")
    except services.Conflict:
        _stale(request)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    return redirect(_page_url(overview) + f"#theme-{item.uid}")


@require_POST
@policy.requires("overviews.view")
def theme_remove(request: HttpRequest, uid: Any, theme: Any) -> HttpResponse:
    overview, item = _theme(request, uid, theme)
    try:
        services.remove_theme(actor=request.user, theme=item, revision=_revision(request))
        messages.success(
            request, _("The theme is dissolved; its measures are among the proposals again.")
        )
    except services.Conflict:
        _stale(request)
    return redirect(_page_url(overview) + "#themes-heading")


@require_POST
@policy.requires("overviews.view")
def escalation(request: HttpRequest, uid: Any, measure: Any) -> HttpResponse:
    overview = _overview(request, uid, "overviews.write")
    try:
        services.set_escalation(
            actor=request.user,
            overview=overview,
            measure_uid=str(measure),
            passed=request.POST.get("pass_up") == "on",
            comment=request.POST.get("comment", ""),
            revision=_revision(request),
        )
        messages.success(request, _("What is passed up is saved."))
    except services.Conflict:
        _stale(request)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    return redirect(_page_url(overview) + "#escalations-heading")


@policy.requires("overviews.view")
def version_page(request: HttpRequest, uid: Any, number: int) -> HttpResponse:
    overview = _overview(request, uid, "overviews.view")
    version = get_object_or_404(overview.versions, number=number)
    titles = services.dimension_titles(overview.round, get_language() or "nb")
    return render(
        request,
        "overviews/version.html",
        {
            "overview": overview,
            "version": version,
            "snapshot": version.snapshot,
            "titles": titles,
            "english": (get_language() or "nb").startswith("en"),
            "page_url": _page_url(overview),
        },
    )


# -- HR and the dean ---------------------------------------------------------------------------


def _faculties(request: HttpRequest, survey: SurveyRound) -> list[OrgUnit]:
    """The faculties and centres (the units right below the top) the user may compile or
    decide for."""
    compile_units = policy.units_for(request.user, "overviews.compile")
    decide_units = policy.units_for(request.user, "overviews.decide")
    ids = set(compile_units.values_list("pk", flat=True)) | set(
        decide_units.values_list("pk", flat=True)
    )
    return list(OrgUnit.objects.filter(pk__in=ids, depth=1, valid_to__isnull=True).order_by("code"))


@policy.requires("overviews.view")
def compilations(request: HttpRequest, uid: Any) -> HttpResponse:
    """HR's list: per faculty or centre, whether its overview came, the compilation's state
    and how many of its items are decided; and what was passed to the rector."""
    survey = _round(uid)
    faculties = _faculties(request, survey)
    if not faculties:
        raise PermissionDenied
    overviews = {
        (o.unit_id, o.kind): o
        for o in Overview.objects.filter(round=survey, unit__in=faculties).prefetch_related(
            "versions", "themes", "escalations", "decisions"
        )
    }
    rows = []
    for faculty in faculties:
        own = overviews.get((faculty.pk, OverviewKind.UNIT))
        compilation = overviews.get((faculty.pk, OverviewKind.COMPILATION))
        items = decided = 0
        if compilation is not None:
            items = len(compilation.themes.all()) + len(compilation.escalations.all())
            decided = len(compilation.decisions.all())
        rows.append(
            {
                "unit": faculty,
                "own": own.last_sent() if own else None,
                "compilation": compilation,
                "items": items,
                "decided": decided,
                "may_compile": policy.can(request.user, "overviews.compile", faculty),
            }
        )
    return render(
        request,
        "overviews/compilations.html",
        {
            "round": survey,
            "rows": rows,
            "rector": list(services.passed_to_rector(survey).filter(overview__unit__in=faculties)),
        },
    )


@policy.requires("overviews.view")
def compilation_page(request: HttpRequest, uid: Any, unit: Any) -> HttpResponse:
    survey = _round(uid)
    faculty = get_object_or_404(OrgUnit, uid=unit)
    overview = Overview.objects.filter(
        unit=faculty, round=survey, kind=OverviewKind.COMPILATION
    ).first()
    if overview is None:
        if not policy.can(request.user, "overviews.compile", faculty):
            raise PermissionDenied
        return redirect("overviews:compilations", survey.uid)
    overview = _overview(request, overview.uid, "overviews.view")
    return render(request, "overviews/overview.html", _context(request, overview))


@require_POST
@policy.requires("overviews.compile")
def compilation_start(request: HttpRequest, uid: Any, unit: Any) -> HttpResponse:
    survey = _round(uid)
    faculty = policy.get_unit(request.user, "overviews.compile", unit)
    if faculty.depth != 1:
        raise PermissionDenied
    overview = services.start_compilation(actor=request.user, faculty=faculty, round=survey)
    return redirect(_page_url(overview))


@require_POST
@policy.requires("overviews.view")
def escalation_remove(request: HttpRequest, uid: Any, item: Any) -> HttpResponse:
    """HR leaves an escalated measure out of the compilation (before the dean decides)."""
    overview = _overview(request, uid, "overviews.write")
    if not overview.is_compilation:
        raise PermissionDenied
    entry = get_object_or_404(Escalation, uid=item, overview=overview)
    try:
        services.set_escalation(
            actor=request.user,
            overview=overview,
            measure_uid=str(entry.measure.uid),
            passed=False,
            comment="",
            revision=_revision(request),
        )
    except services.Conflict:
        _stale(request)
    return redirect(_page_url(overview) + "#escalations-heading")


@require_POST
@policy.requires("overviews.decide")
def decide(request: HttpRequest, uid: Any, item: Any) -> HttpResponse:
    overview = _overview(request, uid, "overviews.decide")
    target: Theme | Escalation | None = (
        Theme.objects.filter(uid=item, overview=overview).first()
        or Escalation.objects.filter(uid=item, overview=overview).first()
    )
    if target is None:
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide(
                actor=request.user,
                compilation=overview,
                item=target,
                outcome=form.cleaned_data["outcome"],
                text=form.cleaned_data["text"],
            )
            messages.success(request, _("The decision is recorded."))
            return redirect(_page_url(overview) + f"#item-{item}")
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
    context = _context(request, overview)
    context["decision_form"] = form
    context["decision_item"] = str(item)
    return render(request, "overviews/overview.html", context, status=400)


def _institution(request: HttpRequest, survey: SurveyRound) -> OrgUnit:
    """The institution's top unit, which the rector's permission is checked on."""
    institution = services.institution_of(survey.scope)
    if not policy.can(request.user, "overviews.decide_institution", institution):
        raise PermissionDenied
    return institution


def _institution_page(
    request: HttpRequest, survey: SurveyRound, form: InstitutionDecisionForm | None = None,
    item: str = "", status: int = 200,
) -> HttpResponse:  # fmt: skip
    context = {
        "round": survey,
        "items": list(services.passed_to_rector(survey)),
        "outcomes": InstitutionOutcome.choices,
        "form": form,
        "form_item": item,
    }
    return render(request, "overviews/institution.html", context, status=status)


@policy.requires("overviews.decide_institution")
def institution_page(request: HttpRequest, uid: Any) -> HttpResponse:
    """What the deans and directors passed to the rector and the institution, each with the
    institution's decision or a form to record it."""
    survey = _round(uid)
    _institution(request, survey)
    return _institution_page(request, survey)


@require_POST
@policy.requires("overviews.decide_institution")
def institution_decide(request: HttpRequest, uid: Any, item: Any) -> HttpResponse:
    survey = _round(uid)
    _institution(request, survey)
    decision = get_object_or_404(Decision, uid=item, overview__round=survey)
    form = InstitutionDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_for_institution(
                actor=request.user,
                decision=decision,
                outcome=form.cleaned_data["outcome"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The institution's decision is recorded."))
            return redirect(reverse("overviews:institution", args=[survey.uid]) + f"#item-{item}")
    return _institution_page(request, survey, form, str(item), status=400)
