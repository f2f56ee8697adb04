"""Who may run a live session: the unit's leader, its process facilitator and
administrators — nobody else, and nobody outside the unit. Phones need no login."""

from __future__ import annotations

import pytest
from django.urls import reverse

from live import services
from orgs import policy

pytestmark = pytest.mark.django_db


def test_leaders_facilitators_and_administrators_run_live_sessions(personas):
    performance = personas.org.performance
    assert policy.can(personas.section_leader, "live.run", performance)
    assert policy.can(personas.head, "live.run", performance)  # leader of the subtree
    assert policy.can(personas.facilitator, "live.run", performance)
    assert policy.can(personas.admin, "live.run", performance)


def test_nobody_else_runs_them(personas):
    performance = personas.org.performance
    for user in (
        personas.hr,
        personas.dean,
        personas.safety_rep,
        personas.employee,
        personas.outsider,
    ):
        assert not policy.can(user, "live.run", performance), user
    assert not policy.can(personas.facilitator, "live.run", personas.org.music)
    assert not policy.can(personas.section_leader, "live.run", personas.org.culture)


@pytest.mark.parametrize("who", ["employee", "safety_rep", "hr", "outsider"])
def test_others_are_refused_every_facilitator_page(personas, login, who):
    session = services.create_session(
        unit=personas.org.performance, title="Private", actor=personas.facilitator
    )
    client = login(getattr(personas, who))
    for name in ("control", "screen", "results"):
        response = client.get(reverse(f"live:{name}", args=[session.uid]))
        assert response.status_code == 403, name
        assert session.code not in response.content.decode()
    response = client.post(reverse("live:phase", args=[session.uid]), {"phase": "close"})
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.is_open


def test_a_leader_of_another_unit_does_not_see_the_session(personas, login):
    session = services.create_session(unit=personas.org.culture, title="Culture", actor=None)
    client = login(personas.section_leader)
    assert client.get(reverse("live:control", args=[session.uid])).status_code == 403
    assert "Culture" not in client.get(reverse("live:list")).content.decode()


def test_the_facilitator_page_needs_a_login(client, personas):
    session = services.create_session(unit=personas.org.performance, title="x", actor=None)
    response = client.get(reverse("live:control", args=[session.uid]))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_phones_need_no_login_and_no_second_factor(personas, login, clean_cache):
    """An administrator without a second factor would be sent to set one up on every staff
    page; the phone pages let them (like anybody) take part."""
    session = services.create_session(unit=personas.org.performance, title="x", actor=None)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=personas.hr).delete()
    client = login(personas.hr)
    assert client.get("/m/").status_code == 200
    assert client.get(f"/m/{session.code}/").status_code == 200
    response = client.post(f"/m/{session.code}/", {"prompt": "idea", "text": "Mine"})
    assert response.status_code == 302


def test_the_unit_page_links_to_a_new_live_meeting_for_those_who_may_run_one(personas, login):
    unit_url = reverse("orgs:unit", args=[personas.org.performance.uid])
    page = login(personas.section_leader).get(unit_url).content.decode()
    assert f"/live/?unit={personas.org.performance.uid}" in page
    form = login(personas.section_leader).get(f"/live/?unit={personas.org.performance.uid}")
    assert f'value="{personas.org.performance.uid}" selected' in form.content.decode()
    page = login(personas.safety_rep).get(reverse("orgs:unit", args=[personas.org.music.uid]))
    assert "/live/?unit=" not in page.content.decode()
