"""The process dashboard: every unit in scope with its steps, filters, XLSX and reminding the
leaders who are behind."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from progress import services
from reports.models import StaffRelease
from surveys.models import RoundStatus
from tests.rounds import survey_round


@pytest.fixture
def survey(personas):
    survey = survey_round(personas.org.root, status=RoundStatus.CLOSED)
    services.create_from_template(actor=personas.admin, round=survey)
    StaffRelease.objects.create(round=survey, round_unit=survey.units.get(code="HF-01"))
    services.save_fact_sheet(
        actor=personas.head,
        round=survey,
        unit=personas.org.music,
        kind="before",
        revision=0,
        values={"changes": "x"},
        completed=True,
    )
    return survey


def test_hr_sees_the_units_of_the_faculty_with_their_steps(survey, personas, login):
    response = login(personas.hr).get(f"/progress/{survey.uid}/dashboard/")
    data = response.context["data"]
    assert [r.unit.code for r in data.rows] == ["HF", "HF-01", "HF-01-01", "HF-02"]
    music = data.rows[1]
    assert music.steps["report_released"] and music.steps["fact_sheet"]
    assert not music.steps["mapping_held"]
    assert music.overdue > 0  # the template's steps of March–October 2026 have passed
    html = response.content.decode()
    assert "Unit report released" in html and "not reached" in html


def test_filter_by_a_step_not_reached_and_sort(survey, personas, login):
    client = login(personas.admin)
    data = client.get(
        f"/progress/{survey.uid}/dashboard/", {"missing": "report_released", "unit": "HF"}
    ).context["data"]
    assert [r.unit.code for r in data.rows] == ["HF", "HF-01-01", "HF-02"]
    data = client.get(
        f"/progress/{survey.uid}/dashboard/", {"sort": "reached", "dir": "desc"}
    ).context["data"]
    assert data.rows[0].unit.code == "HF-01"


def test_the_xlsx_has_a_row_per_unit(survey, personas, login):
    from openpyxl import load_workbook

    response = login(personas.hr).get(f"/progress/{survey.uid}/dashboard.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Unit", "Response rate (%)")
    music = next(r for r in rows if r[0] == "HF-01")
    assert music[3:5] == ("yes", "yes")  # fact sheet, report released
    assert AuditEntry.objects.filter(action="progress.dashboard_xlsx", actor=personas.hr).exists()


def test_reminding_the_leaders_who_are_behind(survey, personas, login, smtp_inbox):
    client = login(personas.hr)
    response = client.post(
        f"/progress/{survey.uid}/dashboard/remind/", {"step": "report_released"}, follow=True
    )
    # Music released already; Performance's leader Sofie is behind (Culture has no leader).
    assert "Reminded the leaders of 1 units." in response.content.decode()
    (message,) = smtp_inbox.messages
    assert personas.section_leader.email in message["To"]
    again = client.post(
        f"/progress/{survey.uid}/dashboard/remind/", {"step": "report_released"}, follow=True
    )
    assert "1 units were reminded about this step today already." in again.content.decode()
    assert len(smtp_inbox.messages) == 1
    entry = AuditEntry.objects.filter(action="progress.remind_leaders").order_by("pk").first()
    assert entry.actor == personas.hr and entry.data["units"] == 1


@pytest.mark.parametrize(
    "who", ["dean", "head", "safety_rep", "facilitator", "employee", "outsider"]
)
def test_only_administrators_and_hr_see_the_dashboard(survey, personas, login, who):
    client = login(getattr(personas, who))
    assert client.get(f"/progress/{survey.uid}/dashboard/").status_code == 403
    assert (
        client.post(f"/progress/{survey.uid}/dashboard/remind/", {"step": "fact_sheet"}).status_code
        == 403
    )


def test_hr_cannot_look_outside_the_faculty(survey, personas, login):
    assert (
        login(personas.hr).get(f"/progress/{survey.uid}/dashboard/", {"unit": "MN"}).status_code
        == 403
    )


def test_many_units_are_judged_as_one_at_a_time(survey, personas):
    """Above `milestones.FEW_UNITS` the checkers read the round's rows and keep the units';
    below it they filter in the database. Both give the same steps and measures."""
    from actions import services as plan_services
    from orgs.models import OrgUnit, UnitKind
    from progress import dashboard, milestones
    from surveys.unit_division import freeze_units
    from tests.actions.conftest import good_values

    groups = [
        OrgUnit.objects.create_unit(code=f"HF-9{i:02d}", name_nb=f"Gruppe {i}",
                                    kind=UnitKind.GROUP, parent=personas.org.hf)
        for i in range(milestones.FEW_UNITS + 5)
    ]  # fmt: skip
    survey.units.all().delete()
    freeze_units(survey, OrgUnit.objects.current().subtree_of(personas.org.root))
    for group in groups[::7]:
        services.save_fact_sheet(actor=personas.admin, round=survey, unit=group, kind="before",
                                 revision=0, values={}, completed=True)  # fmt: skip
        StaffRelease.objects.create(round=survey, round_unit=survey.units.get(unit=group))
    plan = plan_services.get_or_create_plan(actor=personas.admin, unit=groups[3], round=survey)
    plan_services.create_measure(
        actor=personas.admin,
        plan=plan,
        values=good_values(personas, responsible_person=None, responsible_name="Leader"),
    )
    units = list(OrgUnit.objects.current().order_by("path"))
    assert len(units) > milestones.FEW_UNITS
    with CaptureQueriesContext(connection) as many:
        together = {row.unit.code: row for row in dashboard.build(survey, units).rows}
    for unit in units:
        with CaptureQueriesContext(connection) as one:
            (alone,) = dashboard.build(survey, [unit]).rows
        assert len(one) == len(many)  # no query per unit
        assert alone.steps == together[unit.code].steps, unit.code
        assert alone.extra == together[unit.code].extra, unit.code
    assert together["HF-907"].steps["fact_sheet"] and together["HF-907"].steps["report_released"]
    assert together["HF-903"].extra["measures"] == "1 planned"
