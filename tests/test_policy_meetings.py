"""The meeting permissions of orgs/policy.py, per role, and who sees which meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from meetings import services
from orgs import policy

pytestmark = pytest.mark.django_db

START = dt.datetime(2030, 3, 4, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("persona", "units"),
    [
        ("admin", {"UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"}),
        ("hr", {"HF", "HF-01", "HF-01-01", "HF-02"}),
        ("dean", {"HF", "HF-01", "HF-01-01", "HF-02"}),
        ("head", {"HF-01", "HF-01-01"}),
        ("section_leader", {"HF-01-01"}),
        ("safety_rep", {"HF-01", "HF-01-01"}),
        ("facilitator", {"HF-01-01"}),
        ("employee", set()),
        ("outsider", set()),
    ],
)
def test_staff_roles_view_the_meetings_of_their_units(personas, persona, units):
    user = getattr(personas, persona)
    found = set(policy.units_for(user, "meetings.view").values_list("code", flat=True))
    assert found == units


@pytest.mark.parametrize(
    ("persona", "units"),
    [
        ("admin", {"UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"}),
        ("hr", set()),
        ("dean", set()),
        ("head", {"HF-01", "HF-01-01"}),
        ("section_leader", {"HF-01-01"}),
        ("safety_rep", set()),
        ("facilitator", {"HF-01-01"}),
        ("employee", set()),
        ("outsider", set()),
    ],
)
def test_leaders_facilitators_and_administrators_manage_meetings(personas, persona, units):
    user = getattr(personas, persona)
    found = set(policy.units_for(user, "meetings.manage").values_list("code", flat=True))
    assert found == units


@pytest.mark.parametrize(
    ("persona", "toolbox", "edit_cards", "facilitate"),
    [
        ("admin", True, True, False),
        ("hr", True, False, False),
        ("dean", True, False, False),
        ("head", True, False, False),
        ("section_leader", True, False, False),
        ("safety_rep", True, False, False),
        ("facilitator", True, False, True),
        ("employee", False, False, False),
        ("outsider", False, False, False),
    ],
)
def test_the_toolbox_and_the_facilitator_page(personas, persona, toolbox, edit_cards, facilitate):
    user = getattr(personas, persona)
    assert policy.can(user, "meetings.use_methods") is toolbox
    assert policy.can(user, "meetings.manage_methods") is edit_cards
    assert policy.can(user, "meetings.facilitate") is facilitate


def test_participants_see_the_meetings_they_are_invited_to_and_no_others(personas):
    meeting = services.plan_meeting(
        unit=personas.org.performance, kind="mapping", starts_at=START,
        ends_at=START + dt.timedelta(hours=2), actor=personas.facilitator,
    )  # fmt: skip
    erik = personas.employee
    with pytest.raises(PermissionDenied):
        policy.get_meeting(erik, "meetings.view", meeting.uid)
    services.add_participants(meeting=meeting, people=[erik.person], actor=None)
    assert policy.get_meeting(erik, "meetings.view", meeting.uid) == meeting
    assert list(policy.meetings_for(erik)) == [meeting]
    with pytest.raises(PermissionDenied):
        policy.get_meeting(erik, "meetings.manage", meeting.uid)
    assert list(policy.meetings_for(personas.outsider)) == []


def test_facilitated_units_are_the_facilitators_assignments(personas):
    assert [u.code for u in policy.facilitated_units(personas.facilitator)] == ["HF-01-01"]
    assert policy.facilitated_units(personas.head) == []


@pytest.mark.parametrize(
    ("persona", "evaluate", "feedback", "working_group"),
    [
        ("admin", {"UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"}, {"UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"}, {"UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"}),
        ("hr", set(), {"HF", "HF-01", "HF-01-01", "HF-02"}, {"HF", "HF-01", "HF-01-01", "HF-02"}),
        ("dean", set(), set(), set()),
        ("head", set(), {"HF-01", "HF-01-01"}, set()),
        ("section_leader", set(), {"HF-01-01"}, set()),
        ("safety_rep", set(), {"HF-01", "HF-01-01"}, set()),
        ("facilitator", {"HF-01-01"}, {"HF-01-01"}, set()),
        ("employee", set(), set(), set()),
        ("outsider", set(), set(), set()),
    ],
)  # fmt: skip
def test_who_evaluates_sees_feedback_and_reads_the_evaluations(
    personas, persona, evaluate, feedback, working_group
):
    user = getattr(personas, persona)

    def codes(permission):
        return set(policy.units_for(user, permission).values_list("code", flat=True))

    assert codes("meetings.evaluate") == evaluate
    assert codes("meetings.view_feedback") == feedback
    assert codes("meetings.view_evaluations") == working_group


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("admin", True, True),
        ("hr", True, True),
        ("dean", False, False),
        ("head", False, False),
        ("section_leader", False, False),
        ("safety_rep", False, False),
        ("facilitator", True, False),
        ("employee", False, False),
        ("outsider", False, False),
    ],
)
def test_the_working_group_writes_the_experience_notes_and_facilitators_read_them(
    personas, persona, read, write
):
    user = getattr(personas, persona)
    assert policy.can(user, "meetings.read_experience") is read
    assert policy.can(user, "meetings.write_experience") is write


def test_only_the_units_facilitator_or_an_administrator_gets_a_meeting_to_evaluate(personas):
    meeting = services.plan_meeting(
        unit=personas.org.culture, kind="mapping", starts_at=START,
        ends_at=START + dt.timedelta(hours=2), actor=personas.admin,
    )  # fmt: skip
    assert policy.get_meeting(personas.admin, "meetings.evaluate", meeting.uid) == meeting
    for user in (personas.facilitator, personas.hr, personas.head):  # Frida: not her unit
        with pytest.raises(PermissionDenied):
            policy.get_meeting(user, "meetings.evaluate", meeting.uid)
