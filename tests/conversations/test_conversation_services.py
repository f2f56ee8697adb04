"""The annual-conversation use cases: planning with its rules, changing the plan without
overwriting somebody else's change, marking it held, notes per section with conflict
detection, and turning points into the unit's action plan between surveys through the
action-plan services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions import services as actions
from actions.models import ActionPlan, FocusArea, Measure, PlanStatus
from audit.models import AuditEntry
from conversations import services
from conversations.models import ConversationNote, ConversationStatus
from tests.actions.conftest import make_plan
from tests.conversations.conftest import DAY, plan_values

pytestmark = pytest.mark.django_db


def test_planning_stores_the_conversation_for_the_year_of_its_date(personas, conversation):
    assert conversation.year == 2025
    assert conversation.status == ConversationStatus.PLANNED
    assert conversation.safety_rep == personas.safety_rep.person
    assert set(conversation.participants.all()) == {
        personas.section_leader.person,
        personas.employee.person,
    }
    entry = AuditEntry.objects.get(action="conversations.plan")
    assert entry.actor == personas.section_leader
    assert entry.data["after"]["place"] == "Room 2.14"


def test_a_unit_has_one_conversation_a_year(personas, conversation):
    with pytest.raises(ValidationError) as error:
        services.plan_conversation(
            actor=personas.head,
            unit=personas.org.performance,
            values=plan_values(personas, date=dt.date(2025, 11, 2)),
        )
    assert "already has an annual conversation in 2025" in str(error.value)
    other_year = services.plan_conversation(
        actor=personas.head,
        unit=personas.org.performance,
        values=plan_values(personas, date=dt.date(2027, 10, 1)),
    )
    assert other_year.year == 2027


def test_participants_and_the_safety_representative_must_belong_to_the_unit(personas):
    with pytest.raises(ValidationError) as error:
        services.plan_conversation(
            actor=personas.section_leader,
            unit=personas.org.performance,
            values=plan_values(
                personas,
                participants=[personas.outsider.person],
                safety_rep=personas.head.person,
            ),
        )
    assert set(error.value.message_dict) == {"participants", "safety_rep"}
    assert not personas.org.performance.annual_conversations.exists()


def test_the_unit_s_safety_representatives_cover_it_from_above(personas):
    # Siri holds the role on Music with its sub-units, so she covers Performance too.
    assert services.safety_reps(personas.org.performance) == [personas.safety_rep.person]
    assert services.safety_reps(personas.org.mn) == []


def test_a_change_from_an_old_version_is_refused_with_what_is_stored(personas, conversation):
    services.update_conversation(
        actor=personas.section_leader,
        conversation=conversation,
        values=plan_values(personas, place="Room 3.01"),
        version=1,
    )
    with pytest.raises(services.Conflict) as error:
        services.update_conversation(
            actor=personas.facilitator,
            conversation=conversation,
            values=plan_values(personas, place="Library"),
            version=1,
        )
    assert error.value.current.place == "Room 3.01"
    assert error.value.revision == 2
    conversation.refresh_from_db()
    assert conversation.place == "Room 3.01"
    edit = AuditEntry.objects.get(action="conversations.edit")
    assert edit.data["before"]["place"] == "Room 2.14"
    assert edit.data["after"]["place"] == "Room 3.01"


def test_moving_the_date_into_another_year_moves_the_conversation(personas, conversation):
    moved = services.update_conversation(
        actor=personas.section_leader,
        conversation=conversation,
        values=plan_values(personas, date=dt.date(2026, 1, 20)),
        version=conversation.version,
    )
    assert moved.year == 2026


def test_it_is_marked_held_on_its_date_or_later_and_then_its_plan_is_fixed(personas):
    soon = timezone.localdate() + dt.timedelta(days=10)
    conversation = services.plan_conversation(
        actor=personas.section_leader,
        unit=personas.org.performance,
        values=plan_values(personas, date=soon),
    )
    with pytest.raises(ValidationError):
        services.mark_held(actor=personas.section_leader, conversation=conversation)
    held = services.mark_held(actor=personas.section_leader, conversation=conversation, today=soon)
    assert held.is_held and held.held_by == personas.section_leader
    assert AuditEntry.objects.filter(action="conversations.held").count() == 1
    with pytest.raises(ValidationError):
        services.update_conversation(
            actor=personas.section_leader,
            conversation=held,
            values=plan_values(personas, date=soon, place="Elsewhere"),
            version=held.version,
        )


def test_notes_are_saved_per_section_and_an_old_revision_is_refused(personas, conversation):
    note = services.save_note(
        actor=personas.section_leader, conversation=conversation, section="workload",
        text="Busy spring term.", revision=0,
    )  # fmt: skip
    assert note.revision == 1
    services.save_note(
        actor=personas.safety_rep, conversation=conversation, section="the-year",
        text="A good year.", revision=0,
    )  # fmt: skip
    with pytest.raises(services.Conflict) as error:
        services.save_note(
            actor=personas.safety_rep, conversation=conversation, section="workload",
            text="Exams were hard.", revision=0,
        )  # fmt: skip
    assert error.value.current == "Busy spring term."
    assert error.value.revision == 1
    stored = {n.section: n.text for n in ConversationNote.objects.all()}
    assert stored == {"workload": "Busy spring term.", "the-year": "A good year."}


def test_notes_are_only_for_sections_of_the_guide_and_not_too_long(personas, conversation):
    with pytest.raises(ValidationError):
        services.save_note(
            actor=personas.section_leader, conversation=conversation, section="nonsense",
            text="x", revision=0,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.save_note(
            actor=personas.section_leader, conversation=conversation, section="workload",
            text="x" * (services.NOTES_MAX_LENGTH + 1), revision=0,
        )  # fmt: skip
    assert not ConversationNote.objects.exclude(text="").exists()


def test_the_open_measures_of_all_the_unit_s_plans_are_followed_up(personas):
    setup = make_plan(personas)  # the plan between surveys of Performance, two measures
    actions.log_progress(
        actor=personas.section_leader, measure=setup.vague, text="Done", status="done"
    )
    assert services.open_measures(personas.org.performance) == [setup.good]
    assert services.open_measures(personas.org.music) == []


def test_a_point_becomes_a_focus_area_and_a_measure_in_the_plan_between_surveys(
    personas, conversation
):
    outcome = services.add_to_plan(
        actor=personas.section_leader,
        conversation=conversation,
        values=services.OutcomeValues(
            new_kind="improve",
            new_title="Quieter workspace",
            new_description="Noise in the open office",
            measure_title="Book the quiet room for focus work",
            responsible_person=personas.section_leader.person,
            due=DAY + dt.timedelta(days=90),
        ),
    )
    plan = ActionPlan.objects.get(unit=personas.org.performance, round=None)
    area = FocusArea.objects.get(unit=personas.org.performance, round=None)
    assert (area.kind, area.title, area.source) == ("improve", "Quieter workspace", "meeting")
    measure = plan.measures.get()
    assert measure.focus_area == area
    assert measure.agreed_at == DAY
    assert measure.agreed_where == "Annual work-environment conversation 2025"
    assert (outcome.focus_area, outcome.measure) == (area, measure)
    actions_logged = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"actions.focus.add", "actions.measure.create", "conversations.to_plan"} <= (
        actions_logged
    )


def test_a_measure_can_go_under_an_existing_focus_area(personas, conversation):
    setup = make_plan(personas)
    area = FocusArea.objects.get(unit=personas.org.performance, title="Information flow")
    services.add_to_plan(
        actor=personas.facilitator,
        conversation=conversation,
        values=services.OutcomeValues(focus_area=area, measure_title="Weekly news e-mail"),
    )
    assert setup.plan.measures.get(title="Weekly news e-mail").focus_area == area


def test_adding_to_an_agreed_plan_starts_its_next_version(personas, conversation):
    setup = make_plan(personas)
    actions.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision,
                       reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    services.add_to_plan(
        actor=personas.section_leader,
        conversation=conversation,
        values=services.OutcomeValues(new_kind="preserve", new_title="Friday coffee"),
    )
    setup.plan.refresh_from_db()
    assert (setup.plan.status, setup.plan.version) == (PlanStatus.DRAFT, 2)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({}, "measure_title"),
        ({"new_title": "Something"}, "new_kind"),
        ({"measure_description": "Only a description"}, "measure_title"),
    ],
)
def test_nothing_is_added_from_incomplete_input(personas, conversation, values, field):
    with pytest.raises(ValidationError) as error:
        services.add_to_plan(
            actor=personas.section_leader,
            conversation=conversation,
            values=services.OutcomeValues(**values),
        )
    assert field in error.value.message_dict
    assert not ActionPlan.objects.exists() and not FocusArea.objects.exists()


def test_a_refused_measure_leaves_no_new_focus_area_behind(personas, conversation):
    with pytest.raises(ValidationError):
        services.add_to_plan(
            actor=personas.section_leader,
            conversation=conversation,
            values=services.OutcomeValues(
                new_kind="improve",
                new_title="Workload",
                measure_title="Hire help",
                responsible_person=personas.outsider.person,  # not of the unit
            ),
        )
    assert not FocusArea.objects.exists() and not Measure.objects.exists()
    assert not conversation.outcomes.exists()
