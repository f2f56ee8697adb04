from __future__ import annotations

import datetime as dt

import pytest

from orgs import policy
from orgs.models import OrgUnit, Role, RoleAssignment

pytestmark = pytest.mark.django_db


def test_it_grants_a_subtree_role_on_every_unit_below(personas):
    org = personas.org
    assert policy.can(personas.head, "orgs.view_unit", org.performance)
    assert policy.can(personas.head, "orgs.view_people", org.music)
    assert not policy.can(personas.head, "orgs.view_unit", org.culture)


def test_it_limits_a_unit_only_role_to_that_unit(personas):
    org = personas.org
    assert policy.can(personas.section_leader, "orgs.view_people", org.performance)
    assert not policy.can(personas.section_leader, "orgs.view_people", org.music)


def test_it_lets_a_member_see_only_their_own_unit(personas):
    org = personas.org
    assert policy.can(personas.employee, "orgs.view_unit", org.performance)
    assert not policy.can(personas.employee, "orgs.view_people", org.performance)
    assert not policy.can(personas.employee, "orgs.view_unit", org.music)


def test_it_denies_the_outsider_everything_in_another_faculty(personas):
    for unit in (personas.org.hf, personas.org.music, personas.org.performance):
        assert not policy.can(personas.outsider, "orgs.view_unit", unit)
    assert not policy.can(personas.outsider, "orgs.import")


def test_it_requires_a_whole_tree_for_institution_wide_permissions(personas):
    assert policy.can(personas.admin, "orgs.import")
    assert policy.can(personas.admin, "audit.view")
    RoleAssignment.objects.create(
        person=personas.head.person,
        role=Role.ADMINISTRATOR,
        unit=personas.org.music,
        include_subtree=True,
    )
    policy.forget(personas.head)
    assert not policy.can(personas.head, "orgs.import")


def test_it_ignores_roles_outside_their_dates(personas):
    today = dt.date.today()
    RoleAssignment.objects.filter(person=personas.hr.person).update(
        ends_on=today - dt.timedelta(days=1)
    )
    policy.forget(personas.hr)
    assert not policy.can(personas.hr, "orgs.view_people", personas.org.hf)
    RoleAssignment.objects.filter(person=personas.hr.person).update(
        starts_on=today + dt.timedelta(days=1), ends_on=None
    )
    policy.forget(personas.hr)
    assert not policy.can(personas.hr, "orgs.view_people", personas.org.hf)


def test_it_lists_units_in_scope_in_one_query(personas, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        codes = set(
            policy.units_for(personas.hr, "orgs.view_people").values_list("code", flat=True)
        )
    assert codes == {"HF", "HF-01", "HF-01-01", "HF-02"}


def test_it_finds_the_topmost_visible_units(personas):
    assert [u.code for u in policy.visible_roots(personas.head)] == ["HF-01"]
    assert [u.code for u in policy.visible_roots(personas.admin)] == ["UVF"]


def test_it_rejects_unknown_permission_names(personas):
    with pytest.raises(KeyError):
        policy.can(personas.admin, "orgs.fly")


def test_it_requires_mfa_for_administrators_and_hr_only(personas):
    assert policy.needs_mfa(personas.admin)
    assert policy.needs_mfa(personas.hr)
    assert not policy.needs_mfa(personas.head)
    assert not policy.needs_mfa(personas.employee)


def test_subtree_queries_follow_the_materialized_path(personas):
    codes = set(personas.org.hf.subtree().values_list("code", flat=True))
    assert codes == {"HF", "HF-01", "HF-01-01", "HF-02"}
    assert list(personas.org.performance.ancestors().values_list("code", flat=True)) == [
        "UVF",
        "HF",
        "HF-01",
    ]
    assert OrgUnit.objects.get(code="HF-01-01").depth == 3


def test_only_an_institution_wide_administrator_may_import_survey_responses(personas):
    allowed = {
        name
        for name, user in personas.all().items()
        if policy.can(user, "surveys.import_responses")
    }
    assert allowed == {"admin"}
    RoleAssignment.objects.create(
        person=personas.head.person,
        role=Role.ADMINISTRATOR,
        unit=personas.org.music,
        include_subtree=True,
    )
    policy.forget(personas.head)
    assert not policy.can(personas.head, "surveys.import_responses")
