"""GET /meetings and /meetings/{uid}: meetings of the units in the token owner's scope."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings import services
from orgs.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db

START = dt.datetime(2030, 3, 4, 9, tzinfo=dt.UTC)


@pytest.fixture
def meetings(personas):
    services.load_methods()
    section = services.plan_meeting(
        unit=personas.org.performance, kind="mapping", starts_at=START,
        ends_at=START + dt.timedelta(hours=2), place="Aud. 2", actor=personas.facilitator,
    )  # fmt: skip
    services.add_agenda_item(meeting=section, title="Results", minutes=25, actor=None)
    science = services.plan_meeting(
        unit=personas.org.mn, kind="preparation", starts_at=START,
        ends_at=START + dt.timedelta(hours=1), actor=personas.admin,
    )  # fmt: skip
    return section, science


def test_hr_lists_the_meetings_of_their_faculty_only(personas, token_for, api_get, meetings):
    section, science = meetings
    response = api_get(token_for(personas.hr), "/meetings")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [m["uid"] for m in items] == [str(section.uid)]
    assert items[0]["unit_code"] == "HF-01-01" and items[0]["sequence"] == 0
    detail = api_get(token_for(personas.hr), f"/meetings/{section.uid}").json()
    assert detail["agenda"][0]["title"] == "Results"
    assert "sofie@vestfjord.test" in detail["participants"]
    assert api_get(token_for(personas.hr), f"/meetings/{science.uid}").status_code == 403


def test_the_administrator_filters_by_unit(personas, token_for, api_get, meetings):
    response = api_get(token_for(personas.admin), "/meetings", unit="MN")
    assert [m["unit_code"] for m in response.json()["items"]] == ["MN"]


def test_an_unknown_meeting_is_404(personas, token_for, api_get, meetings):
    response = api_get(token_for(personas.admin), "/meetings/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404


def test_the_outsider_is_denied_every_meeting_endpoint(personas, token_for, api_get, meetings):
    section, _science = meetings
    raw = token_for(personas.outsider)
    assert api_get(raw, "/meetings").status_code == 403
    assert api_get(raw, f"/meetings/{section.uid}").status_code == 403


def test_an_api_reader_without_meeting_scope_sees_nothing_elsewhere(
    personas, token_for, api_get, meetings
):
    section, _science = meetings
    RoleAssignment.objects.create(
        person=personas.outsider.person, role=Role.HR_PARTNER, unit=personas.org.mn,
        include_subtree=True,
    )  # fmt: skip
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(personas.outsider, generate_totp_secret())
    raw = token_for(personas.outsider)
    assert [m["unit_code"] for m in api_get(raw, "/meetings").json()["items"]] == ["MN"]
    assert api_get(raw, f"/meetings/{section.uid}").status_code == 403
