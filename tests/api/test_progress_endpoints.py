"""/api/v1/ progress: the progress plan's tasks counted over the units in scope, a unit's task
status, and the process dashboard's data — the same rows as the dashboard page, for
administrators and HR partners in their part of the organisation only."""

from __future__ import annotations

import pytest

from orgs.models import Role, RoleAssignment
from progress import services
from reports.models import StaffRelease
from surveys.models import RoundStatus
from tests.rounds import survey_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(personas):
    """A closed round over the university with the template's plan: Music wrote its fact sheet
    and released its report to the staff."""
    survey = survey_round(personas.org.root, status=RoundStatus.CLOSED)
    services.create_from_template(actor=personas.admin, round=survey)
    StaffRelease.objects.create(round=survey, round_unit=survey.units.get(code="HF-01"))
    services.save_fact_sheet(
        actor=personas.head, round=survey, unit=personas.org.music, kind="before", revision=0,
        values={"changes": "x"}, completed=True,
    )  # fmt: skip
    return survey


def _task(survey, milestone="", title=""):
    tasks = survey.progress.tasks
    return tasks.get(title_en=title) if title else tasks.get(milestone=milestone)


def test_hr_reads_the_plan_counted_over_the_faculty(personas, survey, token_for, api_get):
    response = api_get(token_for(personas.hr), f"/rounds/{survey.uid}/progress")
    assert response.status_code == 200, response.content
    plan = response.json()
    assert plan["uid"] == str(survey.progress.uid) and plan["units_in_scope"] == 4
    tasks = {t["title_en"]: t for t in plan["tasks"]}
    assert len(tasks) == len(services.TEMPLATE)
    fact_sheet = tasks["Fact sheet about the unit"]
    assert (fact_sheet["scope"], fact_sheet["milestone"]) == ("unit", "fact_sheet")
    assert (fact_sheet["done_units"], fact_sheet["total_units"]) == (1, 4)
    assert fact_sheet["done"] is False and fact_sheet["overdue"] is True  # due March 2026
    anchor = tasks["Anchor the survey and the timeline in AMU"]
    assert (anchor["scope"], anchor["total_units"], anchor["done_at"]) == ("institution", 0, None)
    phases = [t["phase"] for t in plan["tasks"]]
    assert phases == sorted(phases, key=["preparation", "mapping", "measures", "implementing",
                                         "evaluating"].index)  # fmt: skip


def test_the_administrator_counts_every_unit_and_sees_institution_tasks_done(
    personas, survey, token_for, api_get
):
    services.set_institution_task(
        actor=personas.admin, task=_task(survey, title="The survey closes"), done=True
    )
    plan = api_get(token_for(personas.admin), f"/rounds/{survey.uid}/progress").json()
    tasks = {t["title_en"]: t for t in plan["tasks"]}
    assert plan["units_in_scope"] == 6
    assert tasks["Fact sheet about the unit"]["total_units"] == 6
    closes = tasks["The survey closes"]
    assert closes["done"] is True and closes["done_at"] is not None and not closes["overdue"]


def test_a_units_task_status(personas, survey, token_for, api_get):
    services.set_unit_task(
        actor=personas.head, task=_task(survey, title="Follow-up meeting held"),
        unit=personas.org.music, done=True,
    )  # fmt: skip
    raw = token_for(personas.hr)
    response = api_get(raw, f"/rounds/{survey.uid}/progress/units/HF-01")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["unit_code"] == "HF-01"
    tasks = {t["milestone"] or t["title_en"]: t for t in body["tasks"]}
    assert tasks["fact_sheet"]["done"] and tasks["fact_sheet"]["automatic"]
    assert tasks["report_released"]["done"] and not tasks["report_released"]["overdue"]
    assert not tasks["mapping_held"]["done"] and tasks["mapping_held"]["overdue"]
    follow_up = tasks["Follow-up meeting held"]
    assert follow_up["done"] and not follow_up["automatic"]
    other = api_get(raw, f"/rounds/{survey.uid}/progress/units/HF-02").json()
    assert not any(t["done"] for t in other["tasks"])


def test_hr_gets_the_dashboard_rows_of_the_page(personas, survey, token_for, api_get, login):
    response = api_get(token_for(personas.hr), f"/rounds/{survey.uid}/dashboard")
    assert response.status_code == 200, response.content
    data = response.json()
    page = login(personas.hr).get(f"/progress/{survey.uid}/dashboard/").context["data"]
    assert [u["code"] for u in data["units"]] == [r.unit.code for r in page.rows]
    assert [u["code"] for u in data["units"]] == ["HF", "HF-01", "HF-01-01", "HF-02"]
    assert [u["overdue"] for u in data["units"]] == [r.overdue for r in page.rows]
    assert [u["response_rate_percent"] for u in data["units"]] == [r.rate for r in page.rows]
    music = data["units"][1]
    assert music["steps"]["fact_sheet"] and music["steps"]["report_released"]
    assert not music["steps"]["mapping_held"] and music["reached"] == 2
    assert music["overdue"] > 0 and music["depth"] == 1
    assert [s["milestone"] for s in data["steps"]][:2] == ["fact_sheet", "report_released"]
    assert data["steps"][0]["units_reached"] == 1
    assert {c["name"] for c in data["columns"]} == {"measures", "overview"}
    assert set(music["extra"]) == {"measures", "overview"}
    assert data["plan"] == str(survey.progress.uid)


def test_the_dashboard_filters_and_sorts_as_the_page(personas, survey, token_for, api_get):
    raw = token_for(personas.admin)
    path = f"/rounds/{survey.uid}/dashboard"
    narrowed = api_get(raw, path, unit="HF", missing="report_released").json()
    assert [u["code"] for u in narrowed["units"]] == ["HF", "HF-01-01", "HF-02"]
    assert narrowed["unit"] == "HF"
    ranked = api_get(raw, path, sort="reached", descending="true").json()
    assert ranked["units"][0]["code"] == "HF-01" and len(ranked["units"]) == 6
    assert api_get(raw, path, missing="lunch").status_code == 422
    assert api_get(raw, path, sort="name").status_code == 422


def test_a_round_without_a_progress_plan(personas, token_for, api_get):
    survey = survey_round(personas.org.root, status=RoundStatus.CLOSED, name="No plan")
    raw = token_for(personas.admin)
    assert api_get(raw, f"/rounds/{survey.uid}/progress").status_code == 404
    assert api_get(raw, f"/rounds/{survey.uid}/progress/units/HF").status_code == 404
    data = api_get(raw, f"/rounds/{survey.uid}/dashboard").json()
    assert data["plan"] is None and len(data["units"]) == 6
    assert all(u["overdue"] == 0 for u in data["units"])


def test_hr_cannot_look_outside_the_faculty(personas, survey, token_for, api_get):
    raw = token_for(personas.hr)
    assert api_get(raw, f"/rounds/{survey.uid}/dashboard", unit="MN").status_code == 403
    assert api_get(raw, f"/rounds/{survey.uid}/dashboard", unit="UVF").status_code == 403
    assert api_get(raw, f"/rounds/{survey.uid}/progress/units/MN").status_code == 403


def test_unknown_rounds_and_units_are_404(personas, survey, token_for, api_get):
    raw = token_for(personas.admin)
    nothing = "00000000-0000-0000-0000-000000000000"
    for path in ("/progress", "/progress/units/HF", "/dashboard"):
        assert api_get(raw, f"/rounds/{nothing}{path}").status_code == 404
    assert api_get(raw, f"/rounds/{survey.uid}/progress/units/NOPE").status_code == 404
    hf_only = survey_round(personas.org.hf, status=RoundStatus.CLOSED, name="Humanities")
    assert api_get(raw, f"/rounds/{hf_only.uid}/progress/units/MN").status_code == 404


@pytest.mark.parametrize("path", ["/progress", "/progress/units/HF-01", "/dashboard"])
def test_the_outsider_gets_nothing(personas, survey, token_for, api_get, path):
    response = api_get(token_for(personas.outsider), f"/rounds/{survey.uid}{path}")
    assert response.status_code == 403
    assert api_get(None, f"/rounds/{survey.uid}{path}").status_code == 401


@pytest.mark.parametrize("path", ["/progress", "/progress/units/HF-01", "/dashboard"])
def test_a_reader_of_another_faculty_sees_nothing_of_humanities(
    personas, survey, token_for, api_get, path
):
    RoleAssignment.objects.create(
        person=personas.outsider.person, role=Role.HR_PARTNER, unit=personas.org.mn
    )
    response = api_get(token_for(personas.outsider), f"/rounds/{survey.uid}{path}")
    body = response.content.decode()
    assert "HF" not in body and "Humanities" not in body
    if path == "/progress":
        assert response.json()["units_in_scope"] == 1
        fact_sheet = next(t for t in response.json()["tasks"] if t["milestone"] == "fact_sheet")
        assert (fact_sheet["done_units"], fact_sheet["total_units"]) == (0, 1)
    elif path == "/dashboard":
        assert [u["code"] for u in response.json()["units"]] == ["MN"]
    else:
        assert response.status_code == 403
