"""The plan as PDF (pages and text), Word (read back), XLSX (read back) and CSV."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from actions import services

pytestmark = pytest.mark.django_db
ARTIFACTS = Path("test-artifacts")


@pytest.fixture
def agreed(personas, setup):
    services.agree_plan(
        actor=personas.section_leader,
        plan=setup.plan,
        revision=setup.plan.revision,
        reasons={str(setup.vague.uid): "Made concrete at the first follow-up"},
    )
    setup.plan.refresh_from_db()
    services.cosign_plan(actor=personas.safety_rep, plan=setup.plan, role="safety_rep",
                         revision=setup.plan.revision)  # fmt: skip
    services.log_progress(
        actor=personas.section_leader, measure=setup.good, text="First meeting held"
    )
    return setup


def _get(client, plan, fmt):
    response = client.get(reverse("actions:export", args=[plan.uid, fmt]))
    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]
    return response.content


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_pdf_has_pages_signatures_and_measures(personas, agreed, client, language):
    client.force_login(personas.employee)  # a member sees the agreed plan
    body = client.get(
        reverse("actions:export", args=[agreed.plan.uid, "pdf"]),
        headers={"accept-language": language},
    ).content
    assert body.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"action-plan-{language}.pdf"
    path.write_bytes(body)
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Monthly all-hands meeting" in text and "Sofie Seksjonsleder" in text
    assert "Siri Verneombud" in text and "First meeting held" in text
    if language == "en":
        assert "Action plan: Section for Performance" in text and "Page 1 /" in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / f"action-plan-{language}")],
        check=True,
    )


def test_the_docx_reads_back(personas, agreed, login):
    from docx import Document

    body = _get(login(personas.section_leader), agreed.plan, "docx")
    doc = Document(io.BytesIO(body))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Action plan: Section for Performance" in text
    assert "Monthly all-hands meeting" in text and "Information flow" in text
    assert "Siri Verneombud" in text and "Areas to improve" in text
    assert "Page" in doc.sections[0].footer.paragraphs[0].text
    assert "At least 80 % attend" in cells and "Made concrete at the first follow-up" in cells
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "action-plan.docx").write_bytes(body)


def test_the_xlsx_reads_back(personas, agreed, login):
    from openpyxl import load_workbook

    body = _get(login(personas.section_leader), agreed.plan, "xlsx")
    sheet = load_workbook(io.BytesIO(body)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Action plan: Section for Performance"
    assert rows[3][:2] == ["Focus area", "Measure"]
    assert rows[4][0] == "Improve: Information flow" and rows[4][1] == "Monthly all-hands meeting"
    assert rows[5][1] == "Communication"


def test_the_csv_has_a_row_per_measure(personas, agreed, login):
    body = _get(login(personas.section_leader), agreed.plan, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert len(rows) == 3 and rows[1][1] == "Monthly all-hands meeting"
    assert rows[2][16].startswith("Not met: Specific, Measurable")


def test_an_unknown_format_is_not_found(personas, agreed, login):
    client = login(personas.section_leader)
    assert client.get(reverse("actions:export", args=[agreed.plan.uid, "odt"])).status_code == 404
