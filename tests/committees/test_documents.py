"""A saved committee report as PDF (text and pages) and as Word (read back), in both
languages; downloads are audited."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from committees.models import CommitteeReport

pytestmark = pytest.mark.django_db
ARTIFACTS = Path("test-artifacts")


@pytest.fixture
def report(personas, scene, login):
    client = login(personas.admin)
    client.post(
        reverse("committees:generate", args=[scene.round.uid]),
        {"committee": "amu", "unit": "UVF", "level": "2"},
    )
    return CommitteeReport.objects.get()


@pytest.fixture
def idf(personas, scene, login):
    client = login(personas.hr)
    client.post(
        reverse("committees:generate", args=[scene.round.uid]),
        {"committee": "idf", "unit": "HF", "level": "1"},
    )
    return CommitteeReport.objects.get()


def _download(client, report, fmt, language="en"):
    response = client.get(
        reverse("committees:document", args=[report.uid, fmt]),
        headers={"accept-language": language},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="amu-UVF-survey-2026-1.{fmt}"'
        if report.committee == "amu"
        else f'attachment; filename="idf-HF-survey-2026-1.{fmt}"'
    )
    return response.content


def _pdf_text(body: bytes, name: str) -> str:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(body)
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / name)], check=True)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_pdf_has_the_figures_pages_a_date_and_who_prepared_it(personas, report, login):
    body = _download(login(personas.admin), report, "pdf")
    assert body.startswith(b"%PDF")
    text = _pdf_text(body, "committee-amu-en")
    assert "Status report to AMU" in text and "University of Vestfjord" in text
    assert "Page 1 of" in text and "Prepared by Ada Admin" in text
    assert "Response rates and the process" in text and "not shown" in text
    assert "65 %" not in text  # Cultural Studies' rate stays hidden
    assert "Meeting places" in text and "Compilation for the dean or director" in text
    assert "Rooms are an institution matter." in text and "Travel budget" in text
    assert "Passed to the rector and the institution" in text
    entry = AuditEntry.objects.get(action="committees.report.download")
    assert entry.actor == personas.admin and entry.data == {"format": "pdf"}


def test_the_pdf_in_bokmal(personas, report, login):
    text = _pdf_text(_download(login(personas.admin), report, "pdf", "nb"), "committee-amu-nb")
    assert "Statusrapport til AMU" in text and "Universitetet i Vestfjord" in text
    assert "Side 1 av" in text and "vises ikke" in text
    assert "Rooms are an institution matter." in text  # the dean's own words


def test_the_idf_pdf_starts_with_working_conditions_and_resources(personas, idf, login):
    text = _pdf_text(_download(login(personas.dean), idf, "pdf"), "committee-idf-en")
    resources = text.index("Working conditions and resources")
    assert resources < text.index("Response rates and the process")
    assert "Resources needed" in text and "IDF" in text
    assert "Faculty of Science" not in text


def test_the_word_document_reads_back(personas, report, login):
    from docx import Document

    body = _download(login(personas.admin), report, "docx")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "committee-amu.docx").write_bytes(body)
    doc = Document(io.BytesIO(body))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:2] == ["Status report to AMU", "Key figures"]
    assert "Escalated measures" in headings and "Common themes" in headings
    process = next(t for t in doc.tables if t.rows[0].cells[1].text == "Response rate")
    head = [c.text for c in process.rows[0].cells]
    assert head[:3] == ["Unit", "Response rate", "Fact sheet written"]
    assert process.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert 'w:tblHeader w:val="true"' in process.rows[0]._tr.xml  # repeats on every page
    rows = {r.cells[0].text.strip(): [c.text for c in r.cells] for r in process.rows[1:]}
    assert rows["Department of Cultural Studies (HF-02)"][1] == "not shown"
    assert rows["University of Vestfjord (UVF)"][1] == "70 %"
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "65 %" not in cells
    assert "Rooms are an institution matter." in cells and "Ada Admin" in cells
    assert "Prepared by Ada Admin" in doc.sections[0].footer.paragraphs[0].text
    assert "Page" in doc.sections[0].footer.paragraphs[0].text
