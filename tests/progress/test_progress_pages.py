"""Progress plan pages: who sees and changes what, and fact sheets that keep what was typed."""

from __future__ import annotations

import pytest

from progress import services
from progress.models import FactSheet, ProgressPlan
from surveys.models import RoundStatus
from tests.rounds import survey_round


@pytest.fixture
def survey(personas):
    return survey_round(personas.org.root, status=RoundStatus.CLOSED)


@pytest.fixture
def plan(survey, personas):
    return services.create_from_template(actor=personas.admin, round=survey)


def test_the_administrator_creates_the_plan_from_the_template(survey, personas, login):
    client = login(personas.admin)
    page = client.get(f"/progress/{survey.uid}/").content.decode()
    assert "Start from the typical timeline" in page
    response = client.post(f"/progress/{survey.uid}/create/", follow=True)
    assert "The progress plan was created" in response.content.decode()
    assert ProgressPlan.objects.get(round=survey).tasks.count() == len(services.TEMPLATE)


def test_a_leader_reads_the_timeline_with_counts_for_their_units(plan, survey, personas, login):
    html = login(personas.head).get(f"/progress/{survey.uid}/").content.decode()
    assert "Mapping meeting held" in html and "0 of 2 units" in html  # Music and Performance
    assert "Mark done" not in html and "/task/" not in html  # nothing to change for a leader
    assert login(personas.head).post(f"/progress/{survey.uid}/create/").status_code == 403


def test_only_the_administrator_changes_tasks(plan, survey, personas, login):
    task = plan.tasks.get(title_en="Release the reports")
    url = f"/progress/{survey.uid}/task/{task.uid}/"
    assert login(personas.head).get(url).status_code == 403
    client = login(personas.admin)
    bad = client.post(
        url,
        {
            "phase": "mapping",
            "title_nb": "",
            "title_en": "Release",
            "responsible": "working_group",
            "due": "2026-04-06",
        },
    )
    assert "This field is required" in bad.content.decode()
    assert 'value="Release"' in bad.content.decode()  # kept what was typed
    task.refresh_from_db()
    assert task.title_en == "Release the reports"
    client.post(
        url,
        {
            "phase": "mapping",
            "title_nb": "Frigi",
            "title_en": "Release",
            "responsible": "working_group",
            "due": "2026-04-06",
        },
    )
    task.refresh_from_db()
    assert (task.title_en, task.due.isoformat()) == ("Release", "2026-04-06")
    client.post(f"/progress/{survey.uid}/task/{task.uid}/done/", {"done": "1"})
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == personas.admin


def test_the_leader_ticks_a_step_of_their_unit(plan, survey, personas, login):
    task = plan.tasks.get(title_en="Follow-up meeting held")
    music = personas.org.music
    client = login(personas.head)
    client.post(f"/progress/{survey.uid}/unit/{music.uid}/task/{task.uid}/done/", {"done": "1"})
    assert (
        "Mark not done" in client.get(f"/progress/{survey.uid}/unit/{music.uid}/").content.decode()
    )
    # The facilitator of Performance may not tick Culture's steps.
    culture = personas.org.culture
    response = login(personas.facilitator).post(
        f"/progress/{survey.uid}/unit/{culture.uid}/task/{task.uid}/done/", {"done": "1"}
    )
    assert response.status_code == 403


def test_the_fact_sheet_keeps_both_texts_on_a_conflict(plan, survey, personas, login):
    music = personas.org.music
    url = f"/progress/{survey.uid}/unit/{music.uid}/fact-sheet/before/"
    head = login(personas.head)
    assert 'name="revision" value="0"' in head.get(url).content.decode()
    services.save_fact_sheet(
        actor=personas.safety_rep,
        round=survey,
        unit=music,
        kind="before",
        revision=0,
        values={"changes": "Siri wrote this first."},
        completed=False,
    )
    response = head.post(
        url, {"revision": "0", "changes": "Leif's own text", "known_issues": "", "composition": ""}
    )
    html = response.content.decode()
    assert "Someone else saved this fact sheet while you were writing." in html
    assert "Siri wrote this first." in html and "Leif&#x27;s own text" in html
    assert FactSheet.objects.get().changes == "Siri wrote this first."
    # Saving again goes over the newer version on purpose.
    head.post(
        url,
        {
            "revision": "1",
            "changes": "Both texts, merged",
            "known_issues": "",
            "composition": "",
            "completed": "on",
        },
    )
    sheet = FactSheet.objects.get()
    assert (sheet.changes, sheet.completed, sheet.revision) == ("Both texts, merged", True, 2)


def test_the_facilitator_reads_but_does_not_write_the_fact_sheet(plan, survey, personas, login):
    performance = personas.org.performance
    url = f"/progress/{survey.uid}/unit/{performance.uid}/fact-sheet/before/"
    client = login(personas.facilitator)
    page = client.get(url)
    assert page.status_code == 200 and "Save the fact sheet" not in page.content.decode()
    assert client.post(url, {"revision": "0", "changes": "x"}).status_code == 403


@pytest.mark.parametrize("who", ["employee", "outsider"])
def test_people_without_a_role_see_no_progress_plan(plan, survey, personas, login, who):
    client = login(getattr(personas, who))
    assert client.get(f"/progress/{survey.uid}/").status_code == 403
    unit = getattr(personas, who).person.unit
    assert client.get(f"/progress/{survey.uid}/unit/{unit.uid}/").status_code == 403
