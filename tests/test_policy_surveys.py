"""The survey permissions of orgs/policy.py, per role."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from orgs import policy
from orgs.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin", True),
        ("hr", False),
        ("dean", False),
        ("head", False),
        ("section_leader", False),
        ("safety_rep", False),
        ("facilitator", False),
        ("employee", False),
        ("outsider", False),
    ],
)
def test_only_administrators_of_the_whole_tree_manage_rounds(personas, persona, allowed):
    assert policy.can(getattr(personas, persona), "surveys.manage_rounds") is allowed


def test_an_administrator_of_one_faculty_does_not_manage_rounds(personas):
    RoleAssignment.objects.create(
        person=personas.outsider.person,
        role=Role.ADMINISTRATOR,
        unit=personas.org.mn,
        include_subtree=True,
    )
    TOTP.activate(personas.outsider, generate_totp_secret())
    assert not policy.can(personas.outsider, "surveys.manage_rounds")


@pytest.mark.parametrize(
    ("persona", "units"),
    [
        ("admin", {"UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"}),
        ("hr", {"HF", "HF-01", "HF-01-01", "HF-02"}),
        ("dean", {"HF", "HF-01", "HF-01-01", "HF-02"}),
        ("head", {"HF-01", "HF-01-01"}),
        ("section_leader", {"HF-01-01"}),
        ("safety_rep", set()),
        ("facilitator", set()),
        ("employee", set()),
        ("outsider", set()),
    ],
)
def test_leaders_hr_and_top_management_view_rates_in_their_scope(personas, persona, units):
    user = getattr(personas, persona)
    found = set(policy.units_for(user, "surveys.view_rates").values_list("code", flat=True))
    assert found == units
