"""Planning, moving and cancelling meetings; participants; agenda times; notes conflicts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from meetings import services
from meetings.models import MeetingStatus, MethodCard, Participant
from tests.meetings.conftest import in_days

pytestmark = pytest.mark.django_db


def _names(meeting):
    return sorted(p.person.given_name for p in meeting.participants.select_related("person"))


def test_it_plans_a_meeting_with_the_units_key_people(personas, meeting):
    assert meeting.title == "Preparation meeting: Section for Performance"
    # Section leader Sofie, safety rep Siri (on the department with sub-units), Frida.
    assert _names(meeting) == ["Frida", "Siri", "Sofie"]
    assert meeting.sequence == 0 and meeting.status == MeetingStatus.PLANNED
    assert AuditEntry.objects.filter(action="meetings.meeting.plan").count() == 1


def test_it_refuses_a_meeting_that_ends_before_it_starts(personas):
    with pytest.raises(ValidationError):
        services.plan_meeting(
            unit=personas.org.performance, kind="mapping", starts_at=in_days(3),
            ends_at=in_days(3) - dt.timedelta(minutes=5), actor=personas.facilitator,
        )  # fmt: skip


def test_candidates_are_the_members_and_can_include_sub_units(personas, meeting):
    names = [p.given_name for p in services.candidates(meeting)]
    assert names == ["Erik"]
    music = services.plan_meeting(
        unit=personas.org.music, kind="mapping", starts_at=in_days(3),
        ends_at=in_days(3, 12), actor=personas.head,
    )  # fmt: skip
    own = {p.given_name for p in services.candidates(music)}
    assert "Erik" not in own
    assert "Erik" in {p.given_name for p in services.candidates(music, include_subunits=True)}


def test_adding_and_removing_participants(personas, meeting):
    added = services.add_participants(
        meeting=meeting, people=[personas.employee.person, personas.section_leader.person],
        actor=personas.facilitator,
    )  # fmt: skip
    assert added == 1  # Sofie was there already
    services.remove_participant(
        meeting=meeting, person=personas.employee.person, actor=personas.facilitator
    )
    assert "Erik" not in _names(meeting)


def test_moving_raises_the_sequence_and_a_stale_form_is_refused(personas, meeting):
    moved = services.update_meeting(
        meeting=meeting, version=meeting.version,
        values={"starts_at": in_days(8), "ends_at": in_days(8, 12)}, actor=personas.facilitator,
    )  # fmt: skip
    assert moved.sequence == 1 and moved.version == 2
    with pytest.raises(services.Conflict) as caught:
        services.update_meeting(
            meeting=meeting, version=1, values={"place": "Elsewhere"}, actor=personas.head
        )
    assert caught.value.current.place == "Room 101"
    roles = services.update_meeting(
        meeting=meeting, version=2, values={"note_taker": personas.safety_rep.person},
        actor=personas.facilitator,
    )  # fmt: skip
    assert roles.sequence == 1  # roles do not change the calendar event
    assert roles.note_taker == personas.safety_rep.person


def test_cancelling_and_marking_held(personas, meeting):
    with pytest.raises(ValidationError):
        services.mark_held(meeting=meeting, actor=personas.facilitator)  # in the future
    cancelled = services.cancel_meeting(meeting=meeting, actor=personas.facilitator)
    assert cancelled.status == MeetingStatus.CANCELLED and cancelled.sequence == 1
    with pytest.raises(ValidationError):
        services.cancel_meeting(meeting=cancelled, actor=personas.facilitator)


def test_the_agenda_adds_up_and_warns_when_longer_than_the_meeting(personas, meeting, methods):
    card = MethodCard.objects.get(code="roles-and-plan")
    first = services.add_agenda_item(meeting=meeting, method=card, actor=personas.facilitator)
    assert first.minutes == 30 and first.title == card.title_en
    services.add_agenda_item(meeting=meeting, title="Dates", minutes=20, actor=None)
    agenda = meeting.agenda()
    assert [r.starts_at.hour * 60 + r.starts_at.minute for r in agenda.rows] == [600, 630]
    assert agenda.total_minutes == 50 and agenda.left == 10 and agenda.over_by == 0
    last = services.add_agenda_item(meeting=meeting, title="Wrap-up", minutes=15, actor=None)
    assert meeting.agenda().over_by == 5
    services.move_agenda_item(item=last, up=True)
    assert [r.item.title for r in meeting.agenda().rows] == [card.title_en, "Wrap-up", "Dates"]
    with pytest.raises(ValidationError):
        services.add_agenda_item(meeting=meeting, title="Too long", minutes=0, actor=None)


def test_notes_never_overwrite_silently(personas, meeting):
    saved = services.save_notes(meeting=meeting, text="Frida's notes", revision=0, actor=None)
    assert saved.revision == 1
    with pytest.raises(services.Conflict) as caught:
        services.save_notes(meeting=meeting, text="Sofie's notes", revision=0, actor=None)
    assert caught.value.current == "Frida's notes" and caught.value.revision == 1
    meeting.refresh_from_db()
    assert meeting.notes == "Frida's notes"
    merged = services.save_notes(meeting=meeting, text="Both", revision=1, actor=None)
    assert merged.notes == "Both" and merged.revision == 2


def test_the_next_step_follows_the_cycle(personas, meeting):
    now = in_days(0)
    (progress,) = services.unit_progress([personas.org.performance], now=now)
    assert progress.next_kind == "preparation" and progress.next_meeting == meeting
    meeting.status = MeetingStatus.HELD
    meeting.save()
    (progress,) = services.unit_progress([personas.org.performance], now=now)
    assert progress.next_kind == "mapping" and progress.next_meeting is None
    past = services.plan_meeting(
        unit=personas.org.performance, kind="mapping", starts_at=in_days(-2),
        ends_at=in_days(-2, 12), actor=personas.facilitator,
    )  # fmt: skip
    (progress,) = services.unit_progress([personas.org.performance], now=now)
    assert progress.overdue == [past] and progress.next_meeting == past


def test_load_methods_keeps_cards_edited_in_medvirk(personas, methods):
    assert MethodCard.objects.count() >= 14
    card = MethodCard.objects.get(code="dot-voting")
    values = {name: getattr(card, name) for name in services.CARD_FIELDS}
    values["title_en"] = "Dot voting (our way)"
    services.save_method_card(card=card, values=values, revision=1, actor=personas.admin)
    loaded = services.load_methods()
    assert loaded.created == 0 and loaded.kept == 1
    assert MethodCard.objects.get(code="dot-voting").title_en == "Dot voting (our way)"
    with pytest.raises(services.Conflict):
        services.save_method_card(card=card, values=values, revision=1, actor=personas.admin)


def test_every_card_is_complete_in_both_languages(methods):
    for card in MethodCard.objects.all():
        for name in ("title", "purpose", "steps", "materials", "tips", "worksheet"):
            assert getattr(card, f"{name}_nb") and getattr(card, f"{name}_en"), (card.code, name)
        assert card.phases and card.group_min <= card.group_max


def test_participant_rows_are_unique(personas, meeting):
    services.add_participants(meeting=meeting, people=[personas.employee.person] * 2, actor=None)
    assert Participant.objects.filter(meeting=meeting, person=personas.employee.person).count() == 1
