"""Upload page for the organisation import: upload, preview the changes, confirm."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lib.orgcsv import CsvFile, Problem
from orgs import policy, services
from orgs.importing import CHANGE_LABELS
from orgs.models import ImportBatch, ImportStatus

SHOWN_PER_LIST = 50


class ImportForm(forms.Form):
    units = forms.FileField(
        label=gettext_lazy("Units file (CSV)"),
        help_text=gettext_lazy(
            "Columns: code, parent_code, name_nb, name_en, kind. UTF-8, separated by commas."
        ),
    )
    people = forms.FileField(
        label=gettext_lazy("People file (CSV)"),
        required=False,
        help_text=gettext_lazy(
            "Columns: employee_id, given_name, family_name, email, unit_code, position_group, "
            "age_group, gender, employment and, optionally, leads_unit and language (nb or en). "
            "Leave it out to update only the units."
        ),
    )


def _csv(upload: UploadedFile | None) -> CsvFile | None:
    return CsvFile(upload.name or "", upload.read()) if upload is not None else None


def _problems(problems: list[Problem]) -> list[str]:
    rendered = []
    for p in problems:
        where = {"file": p.file, "line": p.line}
        prefix = _("%(file)s line %(line)s") % where if p.line else p.file
        rendered.append(f"{prefix}: {p.render(_)}")
    return rendered


def _change_lists(plan: services.ImportPlan) -> list[dict[str, Any]]:
    return [
        {
            "id": name,
            "label": label,
            "count": len(getattr(plan, name)),
            "changes": getattr(plan, name)[:SHOWN_PER_LIST],
            "more": max(0, len(getattr(plan, name)) - SHOWN_PER_LIST),
        }
        for name, label in CHANGE_LABELS.items()
    ]


def _get_batch(request: HttpRequest, uid: Any) -> ImportBatch:
    """A batch by its public id, only for the administrator who uploaded it."""
    return get_object_or_404(ImportBatch, uid=uid, uploaded_by=request.user)


@policy.requires("orgs.import")
def upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        units = _csv(form.cleaned_data["units"])
        assert units is not None
        services.discard_pending(actor=request.user)
        plan, batch = services.upload_import(
            units=units, people=_csv(form.cleaned_data["people"]), actor=request.user
        )
        if batch is not None:
            return redirect("orgs:import_batch", uid=batch.uid)
        context["errors"] = _problems(plan.errors)
        context["warnings"] = _problems(plan.warnings)
    return render(request, "orgs/import.html", context)


@policy.requires("orgs.import")
def batch(request: HttpRequest, uid: str) -> HttpResponse:
    batch = _get_batch(request, uid)
    context: dict[str, Any] = {"batch": batch}
    if batch.status == ImportStatus.APPLIED:
        counts = batch.summary.get("counts", {})
        context["counts"] = [(label, counts.get(name, 0)) for name, label in CHANGE_LABELS.items()]
    elif batch.status == ImportStatus.PENDING:
        plan, stale = services.preview_batch(batch=batch)
        context.update(
            plan=plan,
            stale=stale,
            errors=_problems(plan.errors),
            warnings=_problems(plan.warnings),
            lists=_change_lists(plan),
        )
    return render(request, "orgs/import_batch.html", context)


@require_POST
@policy.requires("orgs.import")
def confirm(request: HttpRequest, uid: str) -> HttpResponse:
    batch = _get_batch(request, uid)
    try:
        summary = services.confirm_batch(batch=batch, actor=request.user)
    except services.StaleImport:
        messages.error(
            request,
            _(
                "The organisation has changed since the preview, or this import was already "
                "handled. Nothing was imported; upload the files again."
            ),
        )
        return redirect("orgs:import")
    total = sum(summary.counts.values())
    messages.success(request, _("The import was applied: %(count)s changes.") % {"count": total})
    return redirect("orgs:import_batch", uid=batch.uid)
