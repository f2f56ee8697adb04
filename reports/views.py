"""Report pages for the working group and management: releasing a round's reports (with the
audit's result and progress) and the overview report (heatmap, XLSX, PDF)."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from orgs import policy
from reports import access, build, overview, tasks
from reports.models import ReleaseStatus, UnitReport
from surveys.models import SurveyRound
from teams import pdf


def _round(uid: Any) -> SurveyRound:
    return get_object_or_404(SurveyRound.objects.select_related("instrument", "scope"), uid=uid)


def _release_context(survey: SurveyRound) -> dict[str, Any]:
    releases = list(survey.releases.order_by("-number"))
    return {
        "round": survey,
        "releases": releases,
        "building": any(r.status == ReleaseStatus.BUILDING for r in releases),
        "current": next((r for r in releases if r.is_published), None),
        "can_release": build.can_release(survey),
    }


@policy.requires("reports.release")
def release(request: HttpRequest, uid: Any) -> HttpResponse:
    survey = _round(uid)
    if request.method == "POST":
        try:
            started = build.start_release(
                actor=request.user, round=survey, with_pdf=bool(request.POST.get("pdf"))
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            transaction.on_commit(lambda: tasks.build_release.enqueue(started.pk))
            messages.success(
                request,
                _("Release %(number)s is being built. This page shows how far it has come.")
                % {"number": started.number},
            )
        return redirect("reports:release", survey.uid)
    return render(request, "reports/release.html", _release_context(survey))


@policy.requires("reports.release")
def release_progress(request: HttpRequest, uid: Any) -> HttpResponse:
    return render(request, "reports/release.html#history", _release_context(_round(uid)))


def _overview_table(request: HttpRequest, uid: Any) -> overview.Table:
    survey = _round(uid)
    current = access.current_release(survey)
    if current is None:
        raise Http404
    reports = UnitReport.objects.filter(release=current).select_related("round_unit__unit")
    code = request.GET.get("unit", "")
    if code:
        root = reports.filter(code=code).first()
        if root is None:
            raise Http404
        if not access.can_view_overview(request.user, root.round_unit):
            raise PermissionDenied
    else:
        allowed = policy.units_for(request.user, "reports.view_overview")
        root = reports.filter(round_unit__unit__in=allowed).order_by("depth", "path").first()
        if root is None:
            raise PermissionDenied
    depth = request.GET.get("level", "")
    return overview.table(
        current,
        root,
        depth=int(depth) if depth.isdigit() else None,
        sort=request.GET.get("sort", "name"),
        descending=request.GET.get("dir") == "desc",
    )


def _roots(request: HttpRequest, data: overview.Table) -> list[tuple[str, str]]:
    """(code, label) of the units the user may choose as the top of the overview: those in
    their scope with units below them, indented by depth."""
    allowed = policy.units_for(request.user, "reports.view_overview")
    reports = UnitReport.objects.filter(release=data.release)
    parents = set(reports.filter(depth__gt=0).values_list("round_unit__parent__code", flat=True))
    english = (get_language() or "nb")[:2] == "en"
    choices = []
    top = None
    for code, depth, name_nb, name_en in (
        reports.filter(round_unit__unit__in=allowed, code__in=parents)
        .order_by("path")
        .values_list("code", "depth", "round_unit__name_nb", "round_unit__name_en")
    ):
        top = depth if top is None else min(top, depth)
        indent = "\u2003" * (depth - top)
        choices.append((code, f"{indent}{name_en if english else name_nb} ({code})"))
    return choices


@policy.requires("reports.view_overview")
def overview_page(request: HttpRequest, uid: Any) -> HttpResponse:
    data = _overview_table(request, uid)
    survey = data.release.round
    access.log_view(request.user, survey, what="overview", unit=data.root.code, level=data.depth)
    context = {"round": survey, "table": data, "roots": _roots(request, data)}
    return render(request, "reports/overview.html", context)


def _filename(data: overview.Table, suffix: str) -> str:
    return f"overview-{data.root.code}-{timezone.localdate().isoformat()}.{suffix}"


@policy.requires("reports.view_overview")
def overview_xlsx(request: HttpRequest, uid: Any) -> HttpResponse:
    data = _overview_table(request, uid)
    access.log_view(request.user, data.release.round, what="overview_xlsx", unit=data.root.code)
    buffer = io.BytesIO()
    overview.write_xlsx(buffer, data)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "xlsx")}"'
    return response


@policy.requires("reports.view_overview")
def overview_pdf(request: HttpRequest, uid: Any) -> HttpResponse:
    data = _overview_table(request, uid)
    survey = data.release.round
    access.log_view(request.user, survey, what="overview_pdf", unit=data.root.code)
    body = pdf.render(
        "reports/overview_pdf.html",
        {"round": survey, "table": data, "today": timezone.localdate()},
        request,
    )
    return pdf.response(body, _filename(data, "pdf"))
