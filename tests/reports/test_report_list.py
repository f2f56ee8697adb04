"""The list of reports (/reports/) and the menu link to it."""

from __future__ import annotations

import pytest

from reports.models import StaffRelease

pytestmark = pytest.mark.django_db


def test_it_lists_the_units_a_leader_may_read_indented_by_the_tree(released, login):
    body = login(released.personas.head).get("/reports/").content.decode()
    assert "Survey 2026" in body
    assert f'<li class="level-0"><a href="{released.url("HF-01")}">Department of Music</a>' in body
    assert (
        f'<li class="level-1"><a href="{released.url("HF-01-01")}">Section for Performance' in body
    )
    assert "Cultural Studies" not in body and "Faculty of Science" not in body


def test_it_finds_units_by_name_or_code(released, login):
    client = login(released.personas.admin)
    body = client.get("/reports/", {"q": "perform"}).content.decode()
    assert "Section for Performance" in body and "Department of Music" not in body
    body = client.get("/reports/", {"q": "HF-02"}).content.decode()
    assert "Department of Cultural Studies" in body and "Section for Performance" not in body
    body = client.get("/reports/", {"q": "nothing like this"}).content.decode()
    assert "No unit matches the search." in body


def test_the_menu_links_reports_for_readers_only(released, login):
    assert 'href="/reports/"' in login(released.personas.head).get("/").content.decode()
    assert 'href="/reports/"' not in login(released.personas.outsider).get("/").content.decode()
    employee = released.personas.employee
    assert 'href="/reports/"' not in login(employee).get("/").content.decode()
    StaffRelease.objects.create(
        round=released.survey, round_unit=released.survey.units.get(code="HF-01-01")
    )
    body = login(employee).get("/reports/").content.decode()
    assert 'href="/reports/"' in body and "Section for Performance" in body


def test_an_employee_sees_no_reports_before_release(released, login):
    body = login(released.personas.employee).get("/reports/").content.decode()
    assert "There are no reports for you to read yet." in body
