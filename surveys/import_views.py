"""Upload page for responses collected with another survey tool: upload, preview, confirm."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lib.orgcsv import CsvFile, Problem
from orgs import policy
from surveys import response_import
from surveys.models import Instrument, ResponseImportBatch, ResponseImportStatus

PERMISSION = "surveys.import_responses"


class ResponseImportForm(forms.Form):
    instrument = forms.ModelChoiceField(
        label=gettext_lazy("Questionnaire version"),
        queryset=Instrument.objects.order_by("code", "-version"),
        empty_label=None,
        help_text=gettext_lazy("The file's item columns must be item codes of this version."),
    )
    round_name = forms.CharField(
        label=gettext_lazy("Name of the new round"),
        max_length=200,
        help_text=gettext_lazy("For example “Work environment survey 2023”."),
    )
    opens_on = forms.DateField(
        label=gettext_lazy("First day of the survey"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Last day of the survey"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Responses file (CSV)"),
        help_text=gettext_lazy(
            "Columns: unit_code, optionally position_group, age_group, gender and employment, "
            "then one column per item code. UTF-8, separated by commas."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The last day cannot come before the first day."))
        return data


def _problems(problems: list[Problem]) -> list[str]:
    rendered = []
    for p in problems:
        prefix = (
            _("%(file)s line %(line)s") % {"file": p.file, "line": p.line} if p.line else p.file
        )
        rendered.append(f"{prefix}: {p.render(_)}")
    return rendered


def _get_batch(request: HttpRequest, uid: Any) -> ResponseImportBatch:
    """A batch by its public id, only for the administrator who uploaded it."""
    return get_object_or_404(
        ResponseImportBatch.objects.select_related("instrument", "survey_round"),
        uid=uid,
        uploaded_by=request.user,
    )


@policy.requires(PERMISSION)
def upload(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = ResponseImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"opens_on": today, "closes_on": today},
    )
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        plan, batch = response_import.upload_responses(
            file=CsvFile(upload.name or "", upload.read()),
            instrument=data["instrument"],
            round_name=data["round_name"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            actor=request.user,
        )
        if batch is not None:
            return redirect("surveys_import:batch", uid=batch.uid)
        context["errors"] = _problems(plan.errors)
        context["warnings"] = _problems(plan.warnings)
    return render(request, "surveys/import_responses.html", context)


@policy.requires(PERMISSION)
def batch(request: HttpRequest, uid: str) -> HttpResponse:
    batch = _get_batch(request, uid)
    context: dict[str, Any] = {"batch": batch}
    if batch.status == ResponseImportStatus.PENDING:
        plan = response_import.preview_batch(batch=batch)
        context.update(plan=plan, errors=_problems(plan.errors), warnings=_problems(plan.warnings))
    return render(request, "surveys/import_responses_batch.html", context)


@require_POST
@policy.requires(PERMISSION)
def confirm(request: HttpRequest, uid: str) -> HttpResponse:
    batch = _get_batch(request, uid)
    try:
        response_import.confirm_batch(batch=batch, actor=request.user)
    except response_import.StaleResponseImport:
        messages.error(
            request,
            _(
                "The file no longer fits the organisation or the round name is taken, or this "
                "import was already handled. Nothing was imported; upload the file again."
            ),
        )
        return redirect("surveys_import:upload")
    messages.success(request, _("The responses were imported."))
    return redirect("surveys_import:batch", uid=batch.uid)
