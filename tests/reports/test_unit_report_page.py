"""The unit report page: the numbers of the snapshot, hidden cells in words, who may read it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from audit.models import AuditEntry
from lib import disclosure
from reports import reasons
from reports.models import StaffRelease, UnitReport

pytestmark = pytest.mark.django_db


def _cell(released, code: str, item: str) -> dict:
    return UnitReport.objects.get(release=released.release, code=code).data["cells"][item]


def test_it_shows_a_leader_the_numbers_of_the_snapshot(released, login):
    client = login(released.personas.head)
    response = client.get(released.url("HF-01"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Department of Music" in body
    for item in ("workload", "climate", "W1", "C2"):
        cell = _cell(released, "HF-01", item)
        assert f'<td class="num">{cell["n"]}</td>' in body
        # Rounded to two decimals, not cut off.
        assert f'<td class="num strong">{cell["mean"]:.2f}</td>' in body
        assert f'<td class="num">{cell["sd"]:.2f}</td>' in body
        assert f'<td class="num">{cell["parent"]:.2f}</td>' in body
    workload = _cell(released, "HF-01", "workload")
    assert f"{round(workload['fav'] * 100)}\u00a0%" in body
    assert "Response rate" in body and "100 %" in body
    assert "I get my work done within working hours." in body
    assert "<svg" in body and 'role="img"' in body


def test_it_says_why_cells_are_hidden(released, login):
    client = login(released.personas.section_leader)
    body = client.get(released.url("HF-01-01")).content.decode()
    assert "Hidden: fewer than 5 answers" in body  # C2 has 4 answers here
    assert "sensitive questions are shown only for groups of at least 10" in body  # F1
    assert "too few answers to show the distribution" in body


def test_it_hides_comments_below_ten_respondents_with_the_reason(released, login):
    client = login(released.personas.section_leader)
    body = client.get(released.url("HF-01-01")).content.decode()
    assert "Comments are not shown: comments are shown only for units with at least 10" in body
    assert "Good colleagues in performance" not in body


def test_it_shows_comments_of_a_large_enough_unit(released, login):
    client = login(released.personas.dean)
    body = client.get(released.url("HF")).content.decode()
    assert "Good colleagues in performance 1" in body
    assert "The music department works well together" in body


def test_the_breadcrumb_links_only_reports_the_reader_may_open(released, login):
    client = login(released.personas.section_leader)
    body = client.get(released.url("HF-01-01")).content.decode()
    assert released.url("HF-01") not in body
    assert "Department of Music" in body  # named, not linked
    client = login(released.personas.head)
    body = client.get(released.url("HF-01-01")).content.decode()
    assert released.url("HF-01") in body
    assert released.url("HF") not in body


def test_an_employee_is_denied_until_the_leader_releases_the_report(released, login):
    p = released.personas
    assert login(p.employee).get(released.url("HF-01-01")).status_code == 403
    leader = login(p.section_leader)
    page = leader.get(released.url("HF-01-01")).content.decode()
    assert "Release to employees" in page
    response = leader.post(released.url("HF-01-01", "release/"))
    assert response.status_code == 302
    staff_release = StaffRelease.objects.get(round_unit__code="HF-01-01")
    assert staff_release.released_by == p.section_leader
    assert AuditEntry.objects.filter(action="reports.release_to_staff", actor=p.section_leader)
    page = leader.get(released.url("HF-01-01")).content.decode()
    assert "Released to them by" in page and "Release to employees</button>" not in page
    assert login(p.employee).get(released.url("HF-01-01")).status_code == 200


def test_an_employee_cannot_release_the_report(released, login):
    client = login(released.personas.employee)
    assert client.post(released.url("HF-01-01", "release/")).status_code == 403
    assert not StaffRelease.objects.exists()


def test_a_safety_representative_reads_but_cannot_release(released, login):
    client = login(released.personas.safety_rep)
    body = client.get(released.url("HF-01")).content.decode()
    assert "Release to employees</button>" not in body
    assert client.post(released.url("HF-01", "release/")).status_code == 403


@pytest.mark.parametrize("suffix", ["", "pdf/", "archive.zip", "release/"])
def test_the_outsider_is_refused(released, login, suffix):
    client = login(released.personas.outsider)
    method = client.post if suffix == "release/" else client.get
    assert method(released.url("HF-01-01", suffix)).status_code == 403


def test_a_unit_outside_the_leaders_scope_is_refused(released, login):
    assert login(released.personas.section_leader).get(released.url("HF-01")).status_code == 403
    assert login(released.personas.head).get(released.url("HF-02")).status_code == 403


def test_an_unknown_unit_is_not_found(released, login):
    assert login(released.personas.admin).get(released.url("NOPE")).status_code == 404


def test_every_view_is_audited(released, login):
    client = login(released.personas.head)
    client.get(released.url("HF-01"))
    entry = AuditEntry.objects.get(action="reports.view")
    assert entry.actor == released.personas.head
    assert entry.data["unit"] == "HF-01"


def test_the_bokmal_page_uses_the_bokmal_texts(released, personas):
    client = Client(headers={"accept-language": "nb"})
    client.force_login(personas.head)
    body = client.get(released.url("HF-01")).content.decode()
    assert "Institutt for musikk" in body
    assert "Jeg rekker det jeg skal i løpet av arbeidstiden." in body
    assert 'lang="nb"' in body
    mean = _cell(released, "HF-01", "workload")["mean"]
    assert f"{mean:.2f}".replace(".", ",") in body  # decimal comma


def test_the_reason_sentences_are_the_engines():
    with translation.override("en"):
        for code, sentence in disclosure.REASONS.items():
            assert str(reasons.REASONS[code]) == sentence
        thresholds = {
            "numbers": 5,
            "sensitive": 10,
            "comments": 10,
            "rates": 5,
            "breakdowns": 20,
            "distributions": 10,
        }
        for code in disclosure.REASONS:
            assert reasons.reason_text(code, thresholds) == disclosure.reason_text(code, thresholds)


def test_numbers_are_rounded_in_the_language_of_the_page():
    from reports.charts import number

    with translation.override("en"):
        assert number(3.456, 2) == "3.46"
        assert number(0.999, 2) == "1.00"
        assert number(-0.0001, 2) == "0.00"
        assert number(36.6, 0) == "37"
    with translation.override("nb"):
        assert number(3.456, 2) == "3,46"
        assert number(12345.25, 1) == "12345,2"  # no grouping, half to even as Python's round
        assert number(37.0, 0) == "37"
