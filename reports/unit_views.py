"""The unit report (enhetsrapport): the list of reports a user may read, the report page, its
PDF and the PDF archive of a subtree, and the leader's release to employees. Every view and
download is written to the audit log (reports.access.log_view)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from reports import access, pdf, presenter, services
from reports.models import StaffRelease, UnitReport
from respond.questionnaire import questionnaire_for
from surveys.models import RoundStatus, SurveyRound
from teams.pdf import response as pdf_response


def _survey(uid: Any) -> SurveyRound:
    return get_object_or_404(SurveyRound, uid=uid)


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "")
    return language if language in pdf.LANGUAGES else (translation.get_language() or "nb")[:2]


def _report_url(survey: SurveyRound, code: str) -> str:
    return reverse("reports:unit", kwargs={"uid": survey.uid, "code": code})


@require_GET
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """Released rounds and the unit reports the user may read, indented by the unit tree."""
    query = request.GET.get("q", "").strip()
    rounds = []
    for survey in SurveyRound.objects.filter(status=RoundStatus.RELEASED).order_by("-closes_on"):
        release = access.current_release(survey)
        if release is None:
            continue
        units = access.visible_units(request.user, survey).order_by("path")
        if query:
            units = (
                units.filter(name_nb__icontains=query)
                | units.filter(name_en__icontains=query)
                | units.filter(code__icontains=query)
            ).order_by("path")
        rows = list(units.values("code", "name_nb", "name_en", "depth"))
        if not rows and not query:
            continue
        top = min((r["depth"] for r in rows), default=0)
        language = (translation.get_language() or "nb")[:2]
        rounds.append(
            {
                "survey": survey,
                "release": release,
                "units": [
                    {
                        "code": r["code"],
                        "name": r["name_nb"] if language == "nb" else r["name_en"],
                        "level": r["depth"] - top,
                        "url": _report_url(survey, r["code"]),
                    }
                    for r in rows
                ],
            }
        )
    return render(request, "reports/unit_list.html", {"rounds": rounds, "query": query})


def _links(request: HttpRequest, survey: SurveyRound, report: UnitReport) -> dict[str, str]:
    """Breadcrumb links to the ancestors' reports the user may read."""
    codes = [code for code, _nb, _en in report.data.get("chain", [])[:-1]]
    released = set(
        StaffRelease.objects.filter(round=survey, round_unit__code__in=codes).values_list(
            "round_unit__code", flat=True
        )
    )
    return {
        unit.code: _report_url(survey, unit.code)
        for unit in survey.units.filter(code__in=codes).select_related("unit")
        if access.can_view(request.user, unit, staff_released=unit.code in released)
    }


@require_GET
@login_required
def unit_report(request: HttpRequest, uid: Any, code: str) -> HttpResponse:
    survey = _survey(uid)
    release, report = access.get_unit_report(request.user, survey, code)
    access.log_view(request.user, survey, what="view", unit=code)
    data = presenter.build(
        data=report.data,
        instrument=questionnaire_for(survey),
        round_name=survey.name,
        round_uid=str(survey.uid),
        release_number=release.number,
        released_on=release.finished_at or release.started_at,
        thresholds=release.thresholds,
        has_previous=survey.previous_round_id is not None,
        links=_links(request, survey, report),
    )
    staff_release = StaffRelease.objects.filter(round_unit=report.round_unit).first()
    has_children = UnitReport.objects.filter(
        release=release, path__startswith=report.path, depth__gt=report.depth
    ).exists()
    return render(
        request,
        "reports/unit.html",
        {
            "report": data,
            "survey": survey,
            "staff_release": staff_release,
            "may_release": access.can_release_to_staff(request.user, report.round_unit),
            "has_children": has_children,
        },
    )


@require_GET
@login_required
def unit_pdf(request: HttpRequest, uid: Any, code: str) -> HttpResponse:
    survey = _survey(uid)
    release, report = access.get_unit_report(request.user, survey, code)
    language = _language(request)
    access.log_view(request.user, survey, what="pdf", unit=code, language=language)
    body = pdf.unit_pdf(release, report, language)
    return pdf_response(body, pdf.filename(report, survey.name, language))


@require_GET
@login_required
def unit_archive(request: HttpRequest, uid: Any, code: str) -> HttpResponse:
    """The PDFs of the unit and of every unit below it that the user may read, as one ZIP."""
    survey = _survey(uid)
    release, report = access.get_unit_report(request.user, survey, code)
    language = _language(request)
    visible = access.visible_units(request.user, survey).values("pk")
    reports = list(
        UnitReport.objects.filter(
            release=release, path__startswith=report.path, round_unit__in=visible
        ).order_by("path")
    )
    access.log_view(
        request.user,
        survey,
        what="archive",
        unit=code,
        language=language,
        units=[r.code for r in reports],
    )
    result = HttpResponse(pdf.archive(release, reports, language), content_type="application/zip")
    name = f"{slugify(survey.name)}-{report.code}-{language}.zip"
    result["Content-Disposition"] = f'attachment; filename="{name}"'
    return result


@require_POST
@login_required
def release_to_staff(request: HttpRequest, uid: Any, code: str) -> HttpResponse:
    survey = _survey(uid)
    _release, report = access.get_unit_report(request.user, survey, code)
    services.release_to_staff(actor=request.user, report=report)
    messages.success(request, _("The report is now open to the unit's employees."))
    return redirect(_report_url(survey, code))
