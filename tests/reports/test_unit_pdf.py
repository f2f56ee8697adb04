"""The unit report as PDF: pages and texts, stored PDFs, the subtree archive, audit entries."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.models import AuditEntry
from reports import pdf
from reports.models import Release, ReportPdf, UnitReport

pytestmark = pytest.mark.django_db


def _text(body: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(body)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def _pages(text: str) -> list[str]:
    return text.split("\f")


def test_the_pdf_has_a_cover_contents_sections_and_page_numbers(released, login, tmp_path):
    client = login(released.personas.head)
    response = client.get(released.url("HF-01", "pdf/") + "?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "survey-2026-HF-01-en.pdf" in response["Content-Disposition"]
    pages = _pages(_text(response.content, tmp_path))
    assert "Department of Music" in pages[0] and "Survey 2026" in pages[0]
    assert "response rate" in pages[0].lower() and "100 %" in pages[0]
    assert (
        "Contents" in pages[1] and "Demands" in pages[1] and "How to read this report" in pages[1]
    )
    text = " ".join("\f".join(pages).split())
    assert "Workload" in text and "Climate" in text
    assert "I get my work done" in text
    total = len([p for p in pages if p.strip()])
    assert f"Page 2 of {total}" in pages[1]
    assert "Why some numbers are hidden" in text
    entry = AuditEntry.objects.get(action="reports.pdf")
    assert entry.data["unit"] == "HF-01" and entry.data["language"] == "en"


def test_the_bokmal_pdf_uses_bokmal_texts(released, login, tmp_path):
    client = login(released.personas.section_leader)
    body = client.get(released.url("HF-01-01", "pdf/") + "?lang=nb").content
    text = " ".join(_text(body, tmp_path).split())
    assert "Seksjon for utøving" in text
    assert "Jeg rekker det jeg skal" in text and "Arbeidsmengde" in text


def test_the_archive_holds_the_units_below_that_the_reader_may_see(released, login):
    client = login(released.personas.head)
    response = client.get(released.url("HF-01", "archive.zip") + "?lang=en")
    assert response.status_code == 200
    names = sorted(zipfile.ZipFile(io.BytesIO(response.content)).namelist())
    assert names == ["survey-2026-HF-01-01-en.pdf", "survey-2026-HF-01-en.pdf"]
    entry = AuditEntry.objects.get(action="reports.archive")
    assert entry.data["units"] == ["HF-01", "HF-01-01"]


def test_the_section_leaders_archive_holds_only_their_unit(released, login):
    client = login(released.personas.section_leader)
    response = client.get(released.url("HF-01-01", "archive.zip") + "?lang=nb")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == ["survey-2026-HF-01-01-nb.pdf"]


def test_render_release_stores_every_pdf_and_downloads_use_them(
    released, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    seen = []
    release = pdf.render_release(
        release=released.release, progress=lambda r: seen.append(r.pdfs_done), workers=1
    )
    units = UnitReport.objects.filter(release=release).count()
    assert ReportPdf.objects.filter(release=release).count() == units * 2
    stored = Release.objects.get(pk=release.pk)
    assert (stored.phase, stored.pdfs_done, stored.pdfs_total) == ("done", units * 2, units * 2)
    assert seen[-1] == units * 2
    record = ReportPdf.objects.get(unit_report__code="HF-01", language="nb")
    record.file.open("rb")
    expected = record.file.read()
    record.file.close()
    client = login(released.personas.head)
    assert client.get(released.url("HF-01", "pdf/") + "?lang=nb").content == expected


def test_buildreports_renders_the_pdfs(released, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_PDF_WORKERS = 1
    call_command("buildreports", str(released.survey.uid), "--pdf")
    assert "Rendered" in capsys.readouterr().out
    latest = Release.objects.filter(round=released.survey).order_by("-number").first()
    assert latest.phase == "done"
    assert ReportPdf.objects.filter(release=latest).count() == latest.units_done * 2


def test_the_background_task_renders_the_pdfs(released, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pdf.enqueue_release_pdfs(released.release)  # the immediate backend runs it now
    assert ReportPdf.objects.filter(release=released.release).count() > 0
    assert Release.objects.get(pk=released.release.pk).phase == "done"
