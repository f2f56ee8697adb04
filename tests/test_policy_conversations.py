"""The annual-conversation permissions of orgs/policy.py, per role, and fetching one
conversation through the policy."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conversations import services
from orgs import policy
from tests.conversations.conftest import plan_values

pytestmark = pytest.mark.django_db

ALL = {"UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"}
HF = {"HF", "HF-01", "HF-01-01", "HF-02"}
MUSIC = {"HF-01", "HF-01-01"}


@pytest.mark.parametrize(
    ("persona", "view", "manage", "write_notes"),
    [
        ("admin", ALL, ALL, ALL),
        ("hr", HF, set(), set()),
        ("dean", HF, set(), set()),
        ("head", MUSIC, MUSIC, MUSIC),
        ("section_leader", {"HF-01-01"}, {"HF-01-01"}, {"HF-01-01"}),
        ("safety_rep", MUSIC, set(), MUSIC),
        ("facilitator", {"HF-01-01"}, {"HF-01-01"}, {"HF-01-01"}),
        ("employee", set(), set(), set()),
        ("outsider", set(), set(), set()),
    ],
)
def test_each_role_reaches_the_conversations_of_its_units(
    personas, persona, view, manage, write_notes
):
    user = getattr(personas, persona)
    for permission, expected in (
        ("conversations.view", view),
        ("conversations.manage", manage),
        ("conversations.write_notes", write_notes),
    ):
        found = set(policy.units_for(user, permission).values_list("code", flat=True))
        assert found == expected, permission


def test_a_conversation_is_fetched_through_its_unit_s_permissions(personas):
    conversation = services.plan_conversation(
        actor=personas.section_leader, unit=personas.org.performance, values=plan_values(personas)
    )
    uid = conversation.uid
    assert policy.get_conversation(personas.safety_rep, "conversations.write_notes", uid)
    assert policy.get_conversation(personas.hr, "conversations.view", uid)
    for user, permission in (
        (personas.hr, "conversations.manage"),
        (personas.safety_rep, "conversations.manage"),
        (personas.employee, "conversations.view"),
        (personas.outsider, "conversations.view"),
    ):
        with pytest.raises(PermissionDenied):
            policy.get_conversation(user, permission, uid)
    with pytest.raises(Http404):
        policy.get_conversation(personas.admin, "conversations.view", personas.org.mn.uid)
    with pytest.raises(KeyError):
        policy.get_conversation(personas.admin, "meetings.view", uid)
