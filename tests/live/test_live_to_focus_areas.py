"""The outcome of a live meeting becomes the unit's focus areas in its action plan."""

from __future__ import annotations

from actions.models import ActionPlan, FocusArea
from live import services
from tests.live.conftest import write


def test_the_chosen_clusters_become_focus_areas_once(live_session, personas, phone, login):
    writer = phone()
    write(writer, live_session, "Colleagues help each other", prompt="preserve")
    card = live_session.cards.get()
    good = services.create_cluster(
        session=live_session,
        title="Good colleagues",
        kind="preserve",
        actor=personas.facilitator,
        card=card,
    )
    other = services.create_cluster(
        session=live_session, title="Meetings run late", kind="improve", actor=personas.facilitator
    )
    client = login(personas.facilitator)
    page = client.get(f"/live/{live_session.uid}/results/").content.decode()
    assert "Add to the action plan" in page
    response = client.post(
        f"/live/{live_session.uid}/results/focus-areas/", {"cluster": [str(good.uid)]}, follow=True
    )
    assert "1 focus area was added to the action plan." in response.content.decode()
    area = FocusArea.objects.get()
    assert (area.kind, area.title, area.unit) == (
        "preserve",
        "Good colleagues",
        personas.org.performance,
    )
    assert "Colleagues help each other" in area.description
    plan = ActionPlan.objects.get(unit=personas.org.performance, round=None)
    assert response.redirect_chain[-1][0] == f"/plans/{plan.uid}/"
    # Again with both: the one already added is not added twice.
    client.post(
        f"/live/{live_session.uid}/results/focus-areas/",
        {"cluster": [str(good.uid), str(other.uid)]},
    )
    assert sorted(FocusArea.objects.values_list("title", flat=True)) == [
        "Good colleagues",
        "Meetings run late",
    ]


def test_only_those_who_edit_the_plan_may_add_focus_areas(live_session, personas, login):
    url = f"/live/{live_session.uid}/results/focus-areas/"
    assert login(personas.safety_rep).post(url, {"cluster": ["x"]}).status_code == 403
    assert login(personas.outsider).post(url, {"cluster": ["x"]}).status_code == 403
    assert not FocusArea.objects.exists()
