"""The action-plan pages over HTTP: every page renders for the people who work on the plan,
forms keep what was typed when they refuse it, and the SMART check runs on the typed text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actions import services
from actions.models import ActionPlan, FocusArea, Measure, PlanStatus
from audit.models import AuditEntry
from tests.actions.conftest import good_values

pytestmark = pytest.mark.django_db


def test_it_renders_every_page_for_the_section_leader(personas, setup, login):
    client = login(personas.section_leader)
    plan, measure = setup.plan, setup.good
    area = FocusArea.objects.filter(unit=plan.unit).first()
    urls = [
        reverse("actions:follow_up"),
        reverse("actions:unit", args=[plan.unit.uid]),
        reverse("actions:plan", args=[plan.uid]),
        reverse("actions:focus_new", args=[plan.uid]),
        reverse("actions:focus_edit", args=[plan.uid, area.uid]),
        reverse("actions:measure_new", args=[plan.uid]),
        reverse("actions:measure", args=[measure.uid]),
        reverse("actions:measure_edit", args=[measure.uid]),
        reverse("actions:agree", args=[plan.uid]),
        reverse("actions:history", args=[plan.uid]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get(reverse("actions:plan", args=[plan.uid])).content.decode()
    assert "Information flow" in body and "Monthly all-hands meeting" in body
    assert "Mark the plan agreed" in body


def test_it_opens_a_plan_for_a_unit(personas, login):
    client = login(personas.section_leader)
    response = client.post(
        reverse("actions:unit", args=[personas.org.performance.uid]), {"round": ""}
    )
    plan = ActionPlan.objects.get(unit=personas.org.performance)
    assert response.url == reverse("actions:plan", args=[plan.uid])


def test_it_adds_a_focus_area_and_keeps_input_on_errors(personas, setup, login):
    client = login(personas.facilitator)
    url = reverse("actions:focus_new", args=[setup.plan.uid])
    response = client.post(url, {"title": "", "description": "Kept text", "kind": "improve"})
    body = response.content.decode()
    assert response.status_code == 200 and "Kept text" in body and "error-summary" in body
    response = client.post(url, {"title": "Workload", "kind": "improve", "dimension": ""})
    assert response.status_code == 302
    assert FocusArea.objects.filter(title="Workload", source="manual").exists()


def test_it_reorders_focus_areas(personas, setup, login):
    client = login(personas.facilitator)
    client.post(
        reverse("actions:focus_new", args=[setup.plan.uid]),
        {"title": "Workload", "kind": "improve"},
    )
    workload = FocusArea.objects.get(title="Workload")
    client.post(reverse("actions:focus_move", args=[setup.plan.uid, workload.uid]), {"to": "up"})
    titles = list(
        FocusArea.objects.filter(kind="improve")
        .order_by("position")
        .values_list("title", flat=True)
    )
    assert titles == ["Workload", "Information flow"]


def test_it_reorders_the_measures_of_a_focus_area(personas, setup, login):
    area = setup.good.focus_area
    second = services.create_measure(
        actor=personas.section_leader,
        plan=setup.plan,
        values=good_values(personas, title="Quarterly workload review", focus_area=area),
    )
    client = login(personas.facilitator)
    page = client.get(reverse("actions:plan", args=[setup.plan.uid])).content.decode()
    assert "move Quarterly workload review up" in page
    assert "move Monthly all-hands meeting down" in page
    assert "move Communication" not in page  # alone among the measures without an area
    response = client.post(reverse("actions:measure_move", args=[second.uid]), {"to": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#area-{area.uid}")
    titles = lambda: list(area.measures.order_by("position").values_list("title", flat=True))  # noqa: E731
    assert titles() == ["Quarterly workload review", "Monthly all-hands meeting"]
    positions = list(setup.plan.measures.order_by("position").values_list("position", flat=True))
    assert positions == [1, 2, 3]  # numbered again, the measure without an area in its place
    # At the top already: nothing moves.
    client.post(reverse("actions:measure_move", args=[second.uid]), {"to": "up"})
    assert titles() == ["Quarterly workload review", "Monthly all-hands meeting"]
    entry = AuditEntry.objects.filter(action="actions.measure.move").get()
    assert entry.data == {"to": "up"} and entry.actor == personas.facilitator
    # Reading is not editing; a GET moves nothing.
    assert (
        login(personas.employee)
        .post(reverse("actions:measure_move", args=[second.uid]), {"to": "down"})
        .status_code
        == 403
    )
    assert client.get(reverse("actions:measure_move", args=[second.uid])).status_code == 405
    assert titles() == ["Quarterly workload review", "Monthly all-hands meeting"]


def test_moving_a_measure_of_an_agreed_plan_starts_its_next_version(personas, setup):
    other = services.create_measure(
        actor=personas.section_leader,
        plan=setup.plan,
        values=good_values(personas, title="Second", focus_area=setup.good.focus_area),
    )
    setup.plan.refresh_from_db()
    services.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision,
                        reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    setup.plan.refresh_from_db()
    assert setup.plan.status == PlanStatus.AGREED
    agreed = setup.plan.version
    services.move_measure(actor=personas.section_leader, measure=other, up=True)
    setup.plan.refresh_from_db()
    assert (setup.plan.status, setup.plan.version) == (PlanStatus.DRAFT, agreed + 1)


def test_the_smart_check_answers_the_typed_text(personas, setup, login):
    client = login(personas.section_leader)
    url = reverse("actions:check", args=[setup.plan.uid])
    body = client.post(
        url, {"title": "Communication", "description": "Focus on communication"}
    ).content.decode()
    assert "Specific" in body and "not met" in body and "focus on" in body.lower()
    assert "<html" not in body  # only the panel


def test_the_smart_check_speaks_bokmaal(personas, setup, client):
    client.force_login(personas.section_leader)
    url = reverse("actions:check", args=[setup.plan.uid])
    body = client.post(url, {"title": "Kommunikasjon", "description": "Vi skal jobbe med kommunikasjon"},
                       headers={"accept-language": "nb"}).content.decode()  # fmt: skip
    assert "«jobbe med»" in body


def test_it_creates_a_measure_and_shows_the_check(personas, setup, login):
    client = login(personas.section_leader)
    response = client.post(
        reverse("actions:measure_new", args=[setup.plan.uid]),
        {"title": "Be better", "description": "Improve the climate", "within_authority": ""},
    )
    measure = Measure.objects.get(title="Be better")
    assert response.url == reverse("actions:measure", args=[measure.uid])
    body = client.get(response.url).content.decode()
    assert "SMART check" in body and "not met" in body


def test_a_bad_date_keeps_the_typed_measure(personas, setup, login):
    client = login(personas.section_leader)
    response = client.post(
        reverse("actions:measure_new", args=[setup.plan.uid]),
        {"title": "Lunch talks", "description": "Kept description", "follow_up": "1.4.2030"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "is not a date in the form YYYY-MM-DD" in body and "Kept description" in body
    assert not Measure.objects.filter(title="Lunch talks").exists()


def test_editing_a_measure_that_changed_meanwhile_shows_both_versions(personas, setup, login):
    client = login(personas.section_leader)
    url = reverse("actions:measure_edit", args=[setup.vague.uid])
    old = setup.vague.revision
    Measure.objects.filter(pk=setup.vague.pk).update(title="Their title", revision=old + 1)
    response = client.post(url, {"title": "My title", "description": "Mine", "revision": old})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Somebody else saved a change" in body
    assert "Their title" in body and "My title" in body
    setup.vague.refresh_from_db()
    assert setup.vague.title == "Their title"
    # Saving again is deliberate: the form now carries the stored revision.
    assert f'value="{old + 1}"' in body
    response = client.post(url, {"title": "My title", "description": "Mine", "revision": old + 1})
    assert response.status_code == 302
    setup.vague.refresh_from_db()
    assert setup.vague.title == "My title"


def test_agreeing_asks_for_reasons_then_agrees(personas, setup, login):
    client = login(personas.section_leader)
    url = reverse("actions:agree", args=[setup.plan.uid])
    response = client.post(url, {"revision": setup.plan.revision})
    assert (
        response.status_code == 200
        and "say why the plan is agreed anyway" in response.content.decode()
    )
    response = client.post(
        url, {"revision": setup.plan.revision, f"reason_{setup.vague.uid}": "Made concrete later"}
    )
    assert response.status_code == 302
    setup.plan.refresh_from_db()
    assert setup.plan.status == PlanStatus.AGREED


def test_progress_is_recorded_on_the_measure_page(personas, setup, login):
    client = login(personas.facilitator)
    url = reverse("actions:measure", args=[setup.good.uid])
    response = client.post(
        url, {"date": "2030-01-10", "text": "Invitations sent", "status": "in_progress"}
    )
    assert response.status_code == 302
    assert "Invitations sent" in client.get(url).content.decode()


def test_the_follow_up_page_filters_by_status(personas, setup, login):
    client = login(personas.head)
    body = client.get(reverse("actions:follow_up") + "?status=planned").content.decode()
    assert "Monthly all-hands meeting" in body
    body = client.get(reverse("actions:follow_up") + "?status=done").content.decode()
    assert "Monthly all-hands meeting" not in body


def test_a_measure_added_by_mistake_is_removed(personas, setup, login):
    client = login(personas.section_leader)
    url = reverse("actions:measure_remove", args=[setup.vague.uid])
    assert "Remove “Communication”?" in client.get(url).content.decode()
    assert client.post(url, {"revision": setup.vague.revision - 1}).status_code == 200
    assert Measure.objects.filter(pk=setup.vague.pk).exists()  # stale: nothing removed
    response = client.post(url, {"revision": setup.vague.revision})
    assert response.status_code == 302
    assert not Measure.objects.filter(pk=setup.vague.pk).exists()


def test_a_measure_with_progress_is_dropped_not_removed(personas, setup, login):
    from actions import services

    services.log_progress(actor=personas.section_leader, measure=setup.good, text="Started")
    setup.good.refresh_from_db()
    client = login(personas.section_leader)
    url = reverse("actions:measure_remove", args=[setup.good.uid])
    body = client.post(url, {"revision": setup.good.revision}).content.decode()
    assert "Set its status to dropped instead" in body
    assert Measure.objects.filter(pk=setup.good.pk).exists()


def test_removing_a_focus_area_keeps_its_measures(personas, setup, login):
    area = setup.good.focus_area
    client = login(personas.facilitator)
    url = reverse("actions:focus_remove", args=[setup.plan.uid, area.uid])
    assert client.post(url, {"revision": area.revision}).status_code == 302
    setup.good.refresh_from_db()
    assert setup.good.focus_area is None
