"""A committee report as PDF (WeasyPrint, from the same template body as the page) and as a
Word document (python-docx), in the active language."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lib import wordfile
from reports.pdf import css_string, page_label
from teams import pdf

from .present import Report

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def filename(report: Report, fmt: str) -> str:
    number = f"-{report.number}" if report.number else ""
    return f"{report.committee}-{report.unit_code}-{slugify(report.round_name)}{number}.{fmt}"


def _date(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _prepared(report: Report) -> str:
    return _("Prepared by %(name)s, %(date)s") % {
        "name": report.prepared_by,
        "date": formats.date_format(report.generated_at, "DATE_FORMAT"),
    }


def as_pdf(report: Report) -> bytes:
    before, middle, after = page_label()
    context = {
        "report": report,
        "page_counter": f"{css_string(before)} counter(page) {css_string(middle)} "
        f"counter(pages) {css_string(after)}",
        "running_title": css_string(f"{report.title} · {report.unit} · {report.round_name}"),
        "printed": css_string(_prepared(report)),
    }
    return pdf.render("committees/report_pdf.html", context)


# -- Word ---------------------------------------------------------------------------------------


def _meta(doc: Any, rows: list[tuple[str, str]]) -> None:
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    for label, value in rows:
        cells = grid.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value


def _key_figures(doc: Any, report: Report) -> None:
    doc.add_heading(_("Key figures"), level=1)
    _meta(doc, report.key_figures)


def _process(doc: Any, report: Report) -> None:
    doc.add_heading(_("Response rates and the process"), level=1)
    doc.add_paragraph(report.rates_note)
    rows = [
        ["\u2003" * r.depth + f"{r.name} ({r.code})", r.rate, *r.steps, *r.extras, r.overdue]
        for r in report.process_rows
    ]
    steps = len(report.process_rows[0].steps) if report.process_rows else 0
    numeric = [1, *range(2, 2 + steps), len(report.process_head) - 1]
    wordfile.table(doc, report.process_head, rows, numeric=numeric)


def _measures(doc: Any, report: Report) -> None:
    doc.add_heading(_("Measures"), level=1)
    doc.add_paragraph(
        _(
            "The measures of the action plans of each unit and the units below it, by status. "
            "Overdue: not done by the due date. Escalated: outside the unit's own authority."
        )
    )
    rows = [["\u2003" * r.depth + f"{r.name} ({r.code})", *r.counts] for r in report.measure_rows]
    wordfile.table(doc, report.measure_head, rows, numeric=range(1, len(report.measure_head)))


def _themes(doc: Any, report: Report) -> None:
    doc.add_heading(_("Common themes"), level=1)
    doc.add_paragraph(report.overviews_note)
    if not report.theme_sources:
        doc.add_paragraph(_("No overviews have been sent up in this part of the organisation yet."))
    head = [_("Theme"), _("Dimension"), _("Summary"), _("Measures"), _("Units"), _("Passed up")]
    for source in report.theme_sources:
        sent = _("version %(number)s sent %(date)s by %(by)s") % {
            "number": source.number,
            "date": _date(source.sent_on),
            "by": source.sent_by,
        }
        doc.add_heading(f"{source.name} – {source.kind}, {sent}", level=2)
        if source.summary:
            doc.add_paragraph(source.summary)
        rows = [
            [
                t.title,
                t.dimension or "–",
                t.summary or "–",
                t.measures,
                t.units,
                _("yes") if t.passed_up else _("no"),
            ]
            for t in source.themes
        ]
        if rows:
            wordfile.table(doc, head, rows, numeric=(3, 4))


def _escalations(doc: Any, report: Report) -> None:
    if report.is_idf:
        doc.add_heading(
            _("Working conditions and resources: measures beyond the units' own authority"),
            level=1,
        )
    else:
        doc.add_heading(_("Escalated measures"), level=1)
    for label, count in report.escalation_counts:
        doc.add_paragraph(f"{label}: {count}", style="List Bullet")
    if not report.escalations:
        doc.add_paragraph(_("No measures were escalated in this part of the organisation."))
    else:
        head = [_("Measure"), _("Unit"), _("Status"), _("Where it stands"), _("Due")]
        head += [_("Resources needed")] if report.is_idf else []
        head += [_("Decision")]
        rows = []
        for e in report.escalations:
            status = e.status + (f" ({_('overdue')})" if e.overdue else "")
            decision = (
                f"{e.decision.outcome}: {e.decision.text} ({e.decision.by}, {_date(e.decision.on)})"
                if e.decision
                else "–"
            )
            row = [e.title, e.unit, status, e.escalation, _date(e.due)]
            row += [e.resources or "–"] if report.is_idf else []
            rows.append([*row, decision])
        wordfile.table(doc, head, rows)
    doc.add_heading(_("Decisions by the deans and directors"), level=1)
    if not report.decisions:
        doc.add_paragraph(
            _("No decisions have been recorded for this part of the organisation yet.")
        )
    else:
        head = [_("Item"), _("Kind"), _("Faculty or centre"), _("Outcome"), _("Decision")]
        rows = [
            [d.item, d.kind, d.faculty, d.outcome, f"{d.text} ({d.by}, {_date(d.on)})"]
            for d in report.decisions
        ]
        wordfile.table(doc, head, rows)
    if report.to_rector:
        doc.add_heading(_("Passed to the rector and the institution"), level=2)
        for d in report.to_rector:
            doc.add_paragraph(f"{d.item} ({d.faculty}): {d.text}", style="List Bullet")


def _sections(report: Report) -> list[Callable[[Any, Report], None]]:
    """The IDF report starts with working conditions and resources; the committees' reports
    end with them."""
    if report.is_idf:
        return [_key_figures, _escalations, _process, _measures, _themes]
    return [_key_figures, _process, _measures, _themes, _escalations]


def as_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.6))
    doc.styles["Normal"].font.size = Pt(9.5)
    doc.core_properties.title = f"{report.title} – {report.unit}"
    doc.core_properties.author = report.prepared_by
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(f"{report.unit} · {report.round_name}")
    meta = [
        (_("Committee"), report.committee_label),
        (_("Part of the organisation"), f"{report.unit} ({report.unit_code})"),
        (_("Survey round"), report.round_name),
        (_("Units listed"), report.level),
        (_("Prepared by"), report.prepared_by),
        (_("Date"), formats.date_format(report.generated_at, "DATE_FORMAT")),
    ]
    if report.number:
        meta.append((_("Report number"), str(report.number)))
    _meta(doc, meta)
    doc.add_paragraph(report.intro)
    for write in _sections(report):
        write(doc, report)
    wordfile.page_footer(
        section, f"{report.title} – {report.unit} – {_prepared(report)}", _("Page")
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def response(report: Report, fmt: str) -> HttpResponse:
    body = as_pdf(report) if fmt == "pdf" else as_docx(report)
    result = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    result["Content-Disposition"] = f'attachment; filename="{filename(report, fmt)}"'
    return result
