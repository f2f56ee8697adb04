"""Who may do what with an action plan, per role (orgs.policy), and over HTTP."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actions import services
from orgs import policy

pytestmark = pytest.mark.django_db

# Section for Performance (HF-01-01): who holds which action-plan permission there.
EXPECTED = {
    "admin": {"view", "edit"},
    "hr": {"view"},
    "dean": {"view"},
    "head": {"view", "edit", "agree"},  # leader of the department with its sub-units
    "section_leader": {"view", "edit", "agree"},
    "safety_rep": {"view", "cosign"},
    "facilitator": {"view", "edit"},
    "employee": set(),  # a member: the agreed plan only
    "outsider": set(),
}
PERMISSIONS = {
    "view": "actions.view_plan",
    "edit": "actions.edit_plan",
    "agree": "actions.agree_plan",
    "cosign": "actions.cosign_plan",
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_holds_its_action_plan_permissions(personas, who):
    user = personas.all()[who]
    unit = personas.org.performance
    held = {short for short, name in PERMISSIONS.items() if policy.can(user, name, unit)}
    assert held == EXPECTED[who]


def test_the_union_rep_may_view_and_co_sign(personas, union_rep):
    unit = personas.org.performance
    assert policy.can(union_rep, "actions.view_plan", unit)
    assert policy.cosign_roles(union_rep, unit, union=True) == ["union_rep"]
    assert policy.cosign_roles(union_rep, unit, union=False) == []
    assert policy.cosign_roles(personas.safety_rep, unit, union=True) == ["safety_rep"]


def test_members_see_the_plan_only_once_it_is_agreed(personas, setup, login):
    client = login(personas.employee)
    url = reverse("actions:plan", args=[setup.plan.uid])
    assert client.get(url).status_code == 403
    services.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision,
                        reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    body = client.get(url).content.decode()
    assert "Monthly all-hands meeting" in body
    assert "Add a measure" not in body and "Edit" not in body
    assert client.get(reverse("actions:measure", args=[setup.good.uid])).status_code == 200
    assert client.get(reverse("actions:measure_edit", args=[setup.good.uid])).status_code == 403
    response = client.post(reverse("actions:measure", args=[setup.good.uid]),
                           {"date": "2030-01-01", "text": "x", "status": "done"})  # fmt: skip
    assert response.status_code == 403
    assert client.get(reverse("actions:history", args=[setup.plan.uid])).status_code == 200


def test_a_member_of_another_unit_never_sees_it(personas, setup, login):
    services.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision,
                        reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    client = login(personas.outsider)
    for url in (
        reverse("actions:plan", args=[setup.plan.uid]),
        reverse("actions:measure", args=[setup.good.uid]),
        reverse("actions:export", args=[setup.plan.uid, "pdf"]),
        reverse("actions:history", args=[setup.plan.uid]),
    ):
        assert client.get(url).status_code == 403, url


def test_only_the_leader_agrees_and_only_representatives_co_sign(personas, setup, login):
    for who in ("facilitator", "safety_rep", "hr"):
        client = login(personas.all()[who])
        assert client.get(reverse("actions:agree", args=[setup.plan.uid])).status_code == 403
    services.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision,
                        reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    setup.plan.refresh_from_db()
    data = {"role": "safety_rep", "revision": setup.plan.revision}
    client = login(personas.section_leader)
    assert client.post(reverse("actions:cosign", args=[setup.plan.uid]), data).status_code == 403
    client = login(personas.safety_rep)
    response = client.post(reverse("actions:cosign", args=[setup.plan.uid]), data)
    assert response.status_code == 302
    assert services.missing_signatures(setup.plan) == []


def test_the_safety_rep_cannot_co_sign_as_union_rep(personas, setup, login, settings):
    settings.MEDVIRK_UNION_COSIGN = True
    services.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision,
                        reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    setup.plan.refresh_from_db()
    client = login(personas.safety_rep)
    data = {"role": "union_rep", "revision": setup.plan.revision}
    assert client.post(reverse("actions:cosign", args=[setup.plan.uid]), data).status_code == 403


def test_the_follow_up_page_lists_only_units_in_scope(personas, setup, login):
    client = login(personas.dean)
    assert "Monthly all-hands meeting" in client.get(reverse("actions:follow_up")).content.decode()
    assert login(personas.employee).get(reverse("actions:follow_up")).status_code == 403


def test_members_read_the_last_agreed_version_while_a_change_awaits_agreement(
    personas, setup, login
):
    services.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision,
                        reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    services.add_focus_areas(actor=personas.facilitator, unit=setup.plan.unit, round=None,
                             items=[{"kind": "improve", "title": "Draft idea"}])  # fmt: skip
    client = login(personas.employee)
    response = client.get(reverse("actions:plan", args=[setup.plan.uid]), follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("actions:version", args=[setup.plan.uid, 1])
    assert "Monthly all-hands meeting" in body and "Draft idea" not in body


def test_the_responsible_employee_records_progress_on_their_measure(personas, setup, login):
    from actions.models import Measure

    Measure.objects.filter(pk=setup.good.pk).update(responsible_person=personas.employee.person)
    services.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision,
                        reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    client = login(personas.employee)
    url = reverse("actions:measure", args=[setup.good.uid])
    assert "Record progress" in client.get(url).content.decode()
    data = {"date": "2030-01-10", "text": "Room booked", "status": "in_progress"}
    assert client.post(url, data).status_code == 302
    assert setup.good.progress.get().author_name == "Erik Employee"
    home = client.get(reverse("home")).content.decode()
    assert "Measures you are responsible for" in home and "Monthly all-hands meeting" in home
    # Not on somebody else's measure, and not editing the measure itself.
    other = reverse("actions:measure", args=[setup.vague.uid])
    assert client.post(other, data).status_code == 403
    assert client.get(reverse("actions:measure_edit", args=[setup.good.uid])).status_code == 403
