"""Agreeing a plan: blocked by failing SMART criteria unless the leader says why, the
leader's signature, co-signatures, and new versions for changes after agreement."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from actions import services
from actions.models import PlanStatus, PlanVersion, Signature
from audit.models import AuditEntry
from tests.actions.conftest import good_values

pytestmark = pytest.mark.django_db


def test_it_refuses_to_agree_while_a_measure_fails_without_a_reason(personas, setup):
    with pytest.raises(ValidationError) as caught:
        services.agree_plan(
            actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision
        )
    assert f"reason_{setup.vague.uid}" in caught.value.message_dict
    setup.plan.refresh_from_db()
    assert setup.plan.status == PlanStatus.DRAFT
    assert not Signature.objects.exists()


def test_it_agrees_with_a_reason_and_stores_it(personas, setup):
    version = services.agree_plan(
        actor=personas.section_leader,
        plan=setup.plan,
        revision=setup.plan.revision,
        reasons={str(setup.vague.uid): "We make it concrete at the first follow-up."},
    )
    setup.plan.refresh_from_db()
    setup.vague.refresh_from_db()
    assert setup.plan.status == PlanStatus.AGREED
    assert setup.vague.smart_reason == "We make it concrete at the first follow-up."
    assert version.number == 1 and version.agreed_by_name == "Sofie Seksjonsleder"
    titles = [m["title"] for m in version.snapshot["measures"]]
    assert titles == ["Monthly all-hands meeting", "Communication"]
    assert AuditEntry.objects.filter(action="actions.plan.agree").exists()
    leader = Signature.objects.get(plan=setup.plan, version=1)
    assert leader.role == "leader" and leader.name == "Sofie Seksjonsleder"


def test_it_agrees_without_reasons_once_every_measure_is_smart(personas, setup):
    services.update_measure(
        actor=personas.section_leader,
        measure=setup.vague,
        values=good_values(personas, title="Weekly newsletter",
                           description="Send a newsletter every Friday to all staff of the section with decisions of the week; target: 40 issues a year"),
        revision=setup.vague.revision,
    )  # fmt: skip
    setup.plan.refresh_from_db()
    services.agree_plan(
        actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision
    )
    assert PlanVersion.objects.get(plan=setup.plan).snapshot["measures"][1]["smart_failed"] == []


def _agree(personas, setup):
    services.agree_plan(
        actor=personas.section_leader,
        plan=setup.plan,
        revision=setup.plan.revision,
        reasons={str(setup.vague.uid): "Agreed in the meeting"},
    )
    setup.plan.refresh_from_db()


def test_the_safety_rep_co_signs_once(personas, setup):
    _agree(personas, setup)
    services.cosign_plan(
        actor=personas.safety_rep, plan=setup.plan, role="safety_rep", revision=setup.plan.revision
    )
    setup.plan.refresh_from_db()
    assert services.missing_signatures(setup.plan) == []
    with pytest.raises(ValidationError):
        services.cosign_plan(
            actor=personas.safety_rep,
            plan=setup.plan,
            role="safety_rep",
            revision=setup.plan.revision,
        )


def test_it_asks_for_the_union_rep_when_the_institution_wants_it(personas, setup, settings):
    settings.MEDVIRK_UNION_COSIGN = True
    _agree(personas, setup)
    assert services.missing_signatures(setup.plan) == ["safety_rep", "union_rep"]


def test_a_draft_cannot_be_co_signed(personas, setup):
    with pytest.raises(ValidationError):
        services.cosign_plan(
            actor=personas.safety_rep,
            plan=setup.plan,
            role="safety_rep",
            revision=setup.plan.revision,
        )


def test_a_change_after_agreement_starts_a_new_version(personas, setup):
    _agree(personas, setup)
    services.cosign_plan(
        actor=personas.safety_rep, plan=setup.plan, role="safety_rep", revision=setup.plan.revision
    )
    services.update_measure(
        actor=personas.facilitator,
        measure=setup.good,
        values=good_values(
            personas, target="At least 90 % attend", focus_area=setup.good.focus_area
        ),
        revision=setup.good.revision,
    )
    setup.plan.refresh_from_db()
    assert setup.plan.status == PlanStatus.DRAFT and setup.plan.version == 2
    assert not setup.plan.signatures_of().exists()  # version 2 is unsigned
    first = PlanVersion.objects.get(plan=setup.plan, number=1)
    assert first.superseded_by_name == "Frida Fasilitator"
    assert Signature.objects.filter(plan=setup.plan, version=1).count() == 2  # kept
    _agree(personas, setup)
    second = PlanVersion.objects.get(plan=setup.plan, number=2)
    changes = services.diff(first.snapshot, second.snapshot)
    assert [(c.kind, c.title) for c in changes] == [("changed", "Monthly all-hands meeting")]
    assert changes[0].fields == [("target", "At least 80 % attend", "At least 90 % attend")]


def test_progress_does_not_reopen_an_agreed_plan(personas, setup):
    _agree(personas, setup)
    services.log_progress(
        actor=personas.section_leader,
        measure=setup.good,
        text="First meeting held",
        status="in_progress",
    )
    setup.plan.refresh_from_db()
    setup.good.refresh_from_db()
    assert setup.plan.status == PlanStatus.AGREED
    assert setup.good.status == "in_progress"
    entry = setup.good.progress.get()
    assert (entry.status_from, entry.status_to, entry.author_name) == (
        "planned",
        "in_progress",
        "Sofie Seksjonsleder",
    )


def test_it_refuses_to_agree_a_plan_that_changed_since_it_was_read(personas, setup):
    old = setup.plan.revision
    services.add_focus_areas(actor=personas.facilitator, unit=setup.plan.unit, round=None,
                             items=[{"kind": "improve", "title": "Workload"}])  # fmt: skip
    with pytest.raises(services.Conflict):
        services.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=old,
                            reasons={str(setup.vague.uid): "x"})  # fmt: skip


def test_the_version_page_names_changed_fields(personas, setup, login):
    from django.urls import reverse

    _agree(personas, setup)
    services.update_measure(
        actor=personas.facilitator,
        measure=setup.good,
        values=good_values(
            personas, target="At least 90 % attend", focus_area=setup.good.focus_area
        ),
        revision=setup.good.revision,
    )
    setup.plan.refresh_from_db()
    _agree(personas, setup)
    body = (
        login(personas.section_leader)
        .get(reverse("actions:version", args=[setup.plan.uid, 2]))
        .content.decode()
    )
    assert "Changes since version 1" in body
    assert "Target or success criterion" in body and "At least 90 % attend" in body
