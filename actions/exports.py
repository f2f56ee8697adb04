"""The action plan as a document: PDF (WeasyPrint, from an HTML template), Word (python-docx),
and as a table of measures in CSV and XLSX (openpyxl). Texts follow the request's language."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from actions.models import ActionPlan, Measure
from lib import wordfile

FORMATS = ("pdf", "docx", "csv", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _date(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _datetime(value: Any) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def title(plan: ActionPlan) -> str:
    return _("Action plan: %(unit)s") % {"unit": plan.unit.name}


def filename(plan: ActionPlan, fmt: str) -> str:
    return f"{_('action-plan')}-{plan.unit.code}-v{plan.version}.{fmt}"


def _smart_text(measure: Measure) -> str:
    failed = measure.smart.failed  # type: ignore[attr-defined]
    if not failed:
        return _("All five criteria met")
    labels = {
        "specific": _("Specific"),
        "measurable": _("Measurable"),
        "accepted": _("Accepted"),
        "realistic": _("Realistic"),
        "time_bound": _("Time-bound"),
    }
    text = _("Not met: %(criteria)s") % {"criteria": ", ".join(labels[c] for c in failed)}
    if measure.smart_reason:
        text += " – " + _("agreed because: %(reason)s") % {"reason": measure.smart_reason}
    return text


def _all_measures(context: dict[str, Any]) -> list[tuple[str, Measure]]:
    """(focus area title, measure) in the plan's order."""
    rows = []
    for group in context["groups"]:
        for area in group["areas"]:
            rows += [(f"{group['label']}: {area.title}", m) for m in area.plan_measures]
    rows += [("", m) for m in context["loose_measures"]]
    return rows


def _columns() -> list[tuple[str, Callable[[str, Measure], Any]]]:
    return [
        (_("Focus area"), lambda area, m: area),
        (_("Measure"), lambda area, m: m.title),
        (_("What exactly will be done, and for whom"), lambda area, m: m.description),
        (_("Indicator"), lambda area, m: m.indicator),
        (_("Target or success criterion"), lambda area, m: m.target),
        (_("Index target"), lambda a, m: f"{m.index_code} {m.index_value}" if m.index_code else ""),
        (_("Agreed on"), lambda area, m: _date(m.agreed_at)),
        (_("Agreed where"), lambda area, m: m.agreed_where),
        (_("Agreed by"), lambda area, m: m.agreed_by),
        (_("Resources needed"), lambda area, m: m.resources),
        (
            _("Within the unit's authority"),
            lambda a, m: {True: _("Yes"), False: _("No: escalated"), None: ""}[m.within_authority],
        ),
        (_("Start"), lambda area, m: _date(m.start)),
        (_("Due"), lambda area, m: _date(m.due)),
        (_("Follow-up dates"), lambda a, m: ", ".join(_date(d) for d in m.follow_up_dates)),
        (_("Responsible"), lambda area, m: m.responsible),
        (_("Status"), lambda area, m: m.get_status_display()),
        (_("SMART check"), lambda area, m: _smart_text(m)),
        (
            _("Latest progress"),
            lambda a, m: next((f"{_date(p.date)}: {p.text}" for p in m.progress.all()), ""),
        ),
    ]


def table(context: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    columns = _columns()
    rows = [[get(area, m) for _h, get in columns] for area, m in _all_measures(context)]
    return [h for h, _g in columns], rows


def as_csv(plan: ActionPlan, context: dict[str, Any]) -> bytes:
    head, rows = table(context)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(head)
    writer.writerows([[str(c) for c in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def as_xlsx(plan: ActionPlan, context: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    head, rows = table(context)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Measures")[:31]
    sheet.append([title(plan)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([plan.round.name if plan.round else "", _version_line(plan)])
    sheet.append([])
    sheet.append(head)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([str(c) for c in row])
    for index, _h in enumerate(head, start=1):
        letter = sheet.cell(row=4, column=index).column_letter
        sheet.column_dimensions[letter].width = 18 if index != 3 else 40
    for row_cells in sheet.iter_rows(min_row=5):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C5"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _version_line(plan: ActionPlan) -> str:
    state = _("agreed") if plan.is_agreed else _("draft")
    return _("Version %(version)s (%(state)s)") % {"version": plan.version, "state": state}


def as_docx(plan: ActionPlan, context: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = title(plan)
    doc.add_heading(title(plan), level=0)
    meta = doc.add_table(rows=0, cols=2)
    meta.style = "Light List"
    for label, value in _meta_rows(plan, context):
        cells = meta.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.add_heading(_("Signatures"), level=1)
    signatures = context["signatures"]
    if signatures:
        for s in signatures:
            doc.add_paragraph(
                f"{s.get_role_display()}: {s.name}, {_datetime(s.signed_at)}", style="List Bullet"
            )
    else:
        doc.add_paragraph(_("Not agreed yet."))
    wordfile.page_footer(section, title(plan), _("Page"))
    for group in context["groups"]:
        heading = _("Areas to preserve") if group["kind"] == "preserve" else _("Areas to improve")
        doc.add_heading(str(heading), level=1)
        if not group["areas"]:
            doc.add_paragraph(_("No focus areas."))
        for area in group["areas"]:
            doc.add_heading(area.title, level=2)
            if area.description:
                doc.add_paragraph(area.description)
            for m in area.plan_measures:
                _docx_measure(doc, m)
    if context["loose_measures"]:
        doc.add_heading(_("Other measures"), level=1)
        for m in context["loose_measures"]:
            _docx_measure(doc, m)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_measure(doc: Any, m: Measure) -> None:
    from docx.shared import Cm

    doc.add_heading(m.title, level=3)
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    for label, get in _columns()[2:]:
        value = str(get("", m))
        if value:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = label, value
            cells[0].width, cells[1].width = Cm(6), Cm(18)
    doc.add_paragraph()


def _meta_rows(plan: ActionPlan, context: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [
        (_("Unit"), f"{plan.unit.name} ({plan.unit.code})"),
        (_("Survey round"), plan.round.name if plan.round else _("No round")),
        (_("Version"), _version_line(plan)),
        (_("Printed"), _datetime(timezone.now())),
    ]
    if context.get("missing_signatures"):
        rows.append(
            (_("Co-signature missing"), ", ".join(str(r) for r in context["missing_signatures"]))
        )
    return rows


def as_pdf(request: HttpRequest, plan: ActionPlan, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported late: it loads fonts and native libraries

    rows = _all_measures(context)
    html = render_to_string(
        "actions/plan_pdf.html",
        {
            **context,
            "title": title(plan),
            "meta": _meta_rows(plan, context),
            "rows": [(area, m, _smart_text(m)) for area, m in rows],
            "printed": timezone.now(),
        },
        request=request,
    )
    return bytes(HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf())


def render_export(
    request: HttpRequest, plan: ActionPlan, fmt: str, context: dict[str, Any]
) -> bytes:
    if fmt == "pdf":
        return as_pdf(request, plan, context)
    if fmt == "docx":
        return as_docx(plan, context)
    if fmt == "xlsx":
        return as_xlsx(plan, context)
    return as_csv(plan, context)


def response(
    request: HttpRequest, plan: ActionPlan, fmt: str, context: dict[str, Any]
) -> HttpResponse:
    body = render_export(request, plan, fmt, context)
    result = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    result["Content-Disposition"] = f'attachment; filename="{filename(plan, fmt)}"'
    return result
