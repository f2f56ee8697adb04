"""The overview report: a heatmap of units × indices for a level of a subtree, for deans, HR
and administrators in scope, as a page, XLSX and PDF — every view logged."""

from __future__ import annotations

import io
import subprocess

import pytest

from audit.models import AuditEntry
from tests.reportfixtures import closed_round, release

COUNTS = {"HF-01": 4, "HF-01-01": 12, "HF-02": 7, "MN": 9}


@pytest.fixture
def released(personas):
    survey = closed_round(personas.org.root, COUNTS)
    release(survey)
    return survey


def url(survey, suffix="overview/", **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/reports/{survey.uid}/{suffix}" + (f"?{query}" if query else "")


def test_the_dean_sees_the_departments_of_the_faculty(personas, released, login):
    client = login(personas.dean)
    response = client.get(url(released))
    assert response.status_code == 200
    table = response.context["table"]
    assert table.root.code == "HF"
    assert [r.code for r in table.rows] == ["HF-02", "HF-01"]  # Cultural Studies, Music by name
    assert [c.code for c in table.columns] == ["workload", "climate"]
    music = next(r for r in table.rows if r.code == "HF-01")
    assert music.cells[0].mean is not None and music.cells[0].band >= 0
    entry = AuditEntry.objects.get(action="reports.overview")
    assert entry.actor == personas.dean and entry.data["unit"] == "HF"


def test_hidden_cells_are_marked_and_explained(personas, released, login):
    client = login(personas.dean)
    response = client.get(url(released, unit="HF-01", level="3"))
    table = response.context["table"]
    performance = table.rows[0]
    assert performance.code == "HF-01-01"
    assert all(c.mean is None and c.band == -1 for c in performance.cells)
    assert table.notes == ["hidden so that a smaller group cannot be worked out"]
    html = response.content.decode()
    assert "hidden: hidden so that a smaller group cannot be worked out" in html


def test_it_sorts_by_an_index_with_hidden_values_last(personas, released, login):
    client = login(personas.admin)
    table = client.get(url(released, unit="UVF", level="1", sort="workload", dir="desc")).context[
        "table"
    ]
    means = [r.cells[0].mean for r in table.rows]
    shown = [m for m in means if m is not None]
    assert shown == sorted(shown, reverse=True)
    assert means[: len(shown)] == shown  # hidden ones at the end


def test_the_xlsx_has_the_same_numbers(personas, released, login):
    from openpyxl import load_workbook

    client = login(personas.hr)
    page = client.get(url(released)).context["table"]
    response = client.get(url(released, "overview.xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Survey 2026"
    assert rows[1][:4] == ("Code", "Unit", "Response rate (%)", "Respondents")
    body = {row[0]: row for row in rows[2:]}
    for r in page.all_rows:
        assert body[r.code][2] == r.rate
        assert [v if v != "–" else None for v in body[r.code][4:]] == [c.mean for c in r.cells]
    assert AuditEntry.objects.filter(action="reports.overview_xlsx", actor=personas.hr).exists()


def test_the_pdf_is_a_landscape_table(personas, released, login, tmp_path):
    client = login(personas.dean)
    response = client.get(url(released, "overview.pdf"))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "overview.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Overview report" in text and "Department of Music" in text and "Workload" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info  # landscape
    assert AuditEntry.objects.filter(action="reports.overview_pdf").exists()


@pytest.mark.parametrize("who", ["section_leader", "safety_rep", "facilitator", "employee"])
def test_unit_level_roles_have_no_overview(personas, released, login, who):
    client = login(getattr(personas, who))
    assert client.get(url(released)).status_code == 403


def test_the_dean_cannot_open_another_faculty(personas, released, login):
    client = login(personas.dean)
    assert client.get(url(released, unit="MN")).status_code == 403
    assert client.get(url(released, unit="UVF")).status_code == 403


def test_the_outsider_is_refused(personas, released, login):
    client = login(personas.outsider)
    for suffix in ("overview/", "overview.xlsx", "overview.pdf", "release/"):
        assert client.get(url(released, suffix)).status_code == 403


def test_an_unreleased_round_has_no_overview(personas, login):
    survey = closed_round(personas.org.root, COUNTS)
    assert login(personas.admin).get(url(survey)).status_code == 404
