"""The facilitator's evaluation of a held meeting: written once per meeting, changed from a
revision (a stale revision is refused with the stored evaluation), per-card answers only for
the cards of the agenda, every change audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from meetings import evaluation
from meetings.evaluation import EvaluationValues, MethodAnswer
from meetings.models import MeetingEvaluation
from meetings.services import Conflict

pytestmark = pytest.mark.django_db


def _values(**changes):
    values = {
        "rating": 4,
        "worked": "The silent writing got everyone going.",
        "did_not_work": "Dot voting took too long.",
        "change_method": "no",
        **changes,
    }
    return EvaluationValues(**values)


def test_it_saves_the_evaluation_with_answers_per_method_card(personas, held_meeting):
    saved = evaluation.save_evaluation(
        meeting=held_meeting,
        values=_values(
            methods={
                "dot-voting": MethodAnswer("yes", "Fewer dots, a timer on the screen."),
                "brainwriting": MethodAnswer("no"),
            }
        ),
        revision=0,
        actor=personas.facilitator,
    )
    assert saved.revision == 1 and saved.rating == 4
    assert saved.created_by == personas.facilitator == saved.updated_by
    answers = {m.method.code: (m.change_method, m.change_how) for m in saved.methods.all()}
    assert answers == {
        "dot-voting": ("yes", "Fewer dots, a timer on the screen."),
        "brainwriting": ("no", ""),
    }
    entry = AuditEntry.objects.get(action="meetings.evaluation.create")
    assert entry.actor == personas.facilitator and entry.object_id == str(held_meeting.uid)
    assert entry.data["after"]["methods"]["dot-voting"][0] == "yes"


def test_a_second_facilitator_changes_it_from_the_current_revision(personas, held_meeting):
    evaluation.save_evaluation(
        meeting=held_meeting, values=_values(), revision=0, actor=personas.facilitator
    )
    changed = evaluation.save_evaluation(
        meeting=held_meeting,
        values=_values(rating=3, change_method="yes", change_how="Shorter check-in."),
        revision=1,
        actor=personas.admin,
    )
    assert changed.revision == 2 and changed.rating == 3 and changed.updated_by == personas.admin
    assert MeetingEvaluation.objects.count() == 1
    entry = AuditEntry.objects.get(action="meetings.evaluation.edit")
    assert entry.data["before"]["rating"] == 4 and entry.data["after"]["rating"] == 3


def test_a_stale_revision_is_refused_with_the_stored_evaluation(personas, held_meeting):
    evaluation.save_evaluation(
        meeting=held_meeting, values=_values(), revision=0, actor=personas.facilitator
    )
    # The administrator opened the empty form before Frida saved.
    with pytest.raises(Conflict) as caught:
        evaluation.save_evaluation(
            meeting=held_meeting, values=_values(rating=1), revision=0, actor=personas.admin
        )
    assert caught.value.revision == 1 and caught.value.current.rating == 4
    assert MeetingEvaluation.objects.get().rating == 4
    assert not AuditEntry.objects.filter(action="meetings.evaluation.edit").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"change_method": "maybe"}, "change_method"),
        ({"change_method": "yes", "change_how": "  "}, "change_how"),
        ({"methods": {"dot-voting": MethodAnswer("yes", "")}}, "method_dot-voting_how"),
        ({"methods": {"gallery-walk": MethodAnswer("no")}}, "__all__"),
    ],
)
def test_bad_answers_change_nothing(personas, held_meeting, changes, field):
    with pytest.raises(ValidationError) as caught:
        evaluation.save_evaluation(
            meeting=held_meeting, values=_values(**changes), revision=0, actor=personas.admin
        )
    assert field in caught.value.message_dict
    assert (
        not MeetingEvaluation.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="meetings.evaluation").exists()
    )


def test_only_a_held_meeting_is_evaluated(personas, meeting):
    with pytest.raises(ValidationError):
        evaluation.save_evaluation(
            meeting=meeting, values=_values(), revision=0, actor=personas.facilitator
        )


def test_what_the_facilitator_would_not_change_keeps_no_how(personas, held_meeting):
    saved = evaluation.save_evaluation(
        meeting=held_meeting,
        values=_values(change_method="no", change_how="left over from a yes"),
        revision=0,
        actor=personas.facilitator,
    )
    assert saved.change_how == ""
