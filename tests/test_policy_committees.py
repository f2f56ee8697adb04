"""The committee report permissions of orgs/policy.py, per role, and which parts of a round
each role may report on (a report needs the whole subtree in scope)."""

from __future__ import annotations

import pytest

from committees import access
from orgs import policy
from orgs.models import Role, RoleAssignment
from surveys.models import RoundStatus
from tests.rounds import survey_round

pytestmark = pytest.mark.django_db

HF_TREE = {"HF", "HF-01", "HF-01-01", "HF-02"}
EVERYTHING = {"UVF", "MN"} | HF_TREE


@pytest.mark.parametrize(
    ("persona", "view", "prepare"),
    [
        ("admin", EVERYTHING, EVERYTHING),
        ("hr", HF_TREE, HF_TREE),
        ("dean", HF_TREE, set()),
        ("head", set(), set()),
        ("section_leader", set(), set()),
        ("safety_rep", set(), set()),
        ("facilitator", set(), set()),
        ("employee", set(), set()),
        ("outsider", set(), set()),
    ],
)
def test_administrators_and_hr_prepare_and_top_management_reads(personas, persona, view, prepare):
    user = getattr(personas, persona)
    assert set(policy.units_for(user, "committees.view").values_list("code", flat=True)) == view
    found = set(policy.units_for(user, "committees.prepare").values_list("code", flat=True))
    assert found == prepare
    assert policy.can(user, "committees.view") is bool(view)
    assert policy.can(user, "committees.prepare") is bool(prepare)


def test_a_report_needs_its_whole_subtree_in_scope(personas):
    survey = survey_round(personas.org.root, status=RoundStatus.CLOSED)
    codes = lambda user: [u.code for u in access.choosable(user, survey)]  # noqa: E731
    assert codes(personas.admin) == ["UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"]
    assert codes(personas.hr) == ["HF", "HF-01", "HF-01-01", "HF-02"]
    assert codes(personas.outsider) == []
    # An HR partner on the department of Music alone (not the units below) reports on
    # nothing with units below it: the section would be left out.
    RoleAssignment.objects.create(
        person=personas.head.person, role=Role.HR_PARTNER, unit=personas.org.music
    )
    policy.forget(personas.head)
    assert codes(personas.head) == []
    RoleAssignment.objects.create(
        person=personas.head.person, role=Role.HR_PARTNER, unit=personas.org.performance
    )
    policy.forget(personas.head)
    assert codes(personas.head) == ["HF-01", "HF-01-01"]


def test_union_representatives_read_the_idf_reports_of_their_part_only(personas):
    RoleAssignment.objects.create(
        person=personas.outsider.person,
        role=Role.UNION_REP,
        unit=personas.org.hf,
        include_subtree=True,
    )
    policy.forget(personas.outsider)
    user = personas.outsider
    found = set(policy.units_for(user, "committees.read_idf").values_list("code", flat=True))
    assert found == HF_TREE
    assert not policy.can(user, "committees.view") and not policy.can(user, "committees.prepare")
    for persona in ("admin", "hr", "dean", "safety_rep", "employee"):
        assert not policy.can(getattr(personas, persona), "committees.read_idf")
