"""The working group's overview: per method card and per phase, the held meetings, the
evaluations, the mean rating, the share that would change the method, and the participants'
feedback pooled only from meetings that show it themselves."""

from __future__ import annotations

import pytest
from django.utils import timezone

from meetings import evaluation, evaluation_results, services
from meetings.evaluation import EvaluationValues, MethodAnswer
from meetings.models import Meeting
from tests.meetings.conftest import close_feedback, give_feedback, held_meeting_of, in_days

pytestmark = pytest.mark.django_db


def _evaluate(meeting, actor, rating, change="no", methods=None):
    evaluation.save_evaluation(
        meeting=meeting,
        values=EvaluationValues(
            rating=rating, change_method=change,
            change_how="Another way" if change == "yes" else "", methods=methods or {},
        ),
        revision=0, actor=actor,
    )  # fmt: skip


def _rows(result, which):
    return {row.key: row for row in getattr(result, which)}


@pytest.fixture
def three_meetings(personas, methods):
    """Two mapping meetings and one action meeting of the Section for Performance, held; a
    planned one that must not count."""
    p = personas
    first = held_meeting_of(p.org.performance, p.facilitator, days_ago=20)
    second = held_meeting_of(p.org.performance, p.facilitator, days_ago=10)
    action = held_meeting_of(p.org.performance, p.facilitator, kind="action", days_ago=3)
    _evaluate(first, p.facilitator, 5, methods={"dot-voting": MethodAnswer("yes", "Fewer dots")})
    _evaluate(second, p.facilitator, 2, change="yes", methods={"dot-voting": MethodAnswer("no")})
    give_feedback(first, 5, useful=5, voice=4)  # shown: closed with five answers
    close_feedback(first)
    give_feedback(second, 4, useful=1)  # closed with four answers: never pooled
    close_feedback(second)
    give_feedback(action, 6)  # still open: not pooled
    services.plan_meeting(
        unit=p.org.performance, kind="follow_up", starts_at=in_days(5),
        ends_at=in_days(5, 12), actor=p.facilitator,
    )  # fmt: skip
    return first, second, action


def test_it_counts_per_phase(three_meetings):
    result = evaluation_results.overview(Meeting.objects.all(), now=timezone.now())
    assert result.meetings == 3 and result.evaluated == 2
    phases = _rows(result, "by_phase")
    assert list(phases) == ["preparation", "mapping", "action", "follow_up"]
    mapping = phases["mapping"]
    assert (mapping.meetings, mapping.evaluated, mapping.mean_rating) == (2, 2, 3.5)
    assert (mapping.change_yes, mapping.change_answered, mapping.change_share) == (1, 2, 50)
    # Only the first meeting's feedback is pooled: the second had four answers.
    assert mapping.feedback_meetings == 1 and mapping.feedback.answers == 5
    means = {q.question: q.mean for q in mapping.feedback_means}
    assert means == {"useful": 5.0, "voice": 4.0, "next_steps": 3.0}
    action = phases["action"]
    assert (action.meetings, action.evaluated, action.mean_rating) == (1, 0, None)
    assert action.feedback.answers == 0 and action.change_share is None
    assert phases["follow_up"].meetings == 0  # planned, not held


def test_it_counts_per_method_card_with_the_answers_about_that_card(three_meetings):
    result = evaluation_results.overview(Meeting.objects.all(), now=timezone.now())
    cards = _rows(result, "by_method")
    assert set(cards) == {"check-in-round", "brainwriting", "dot-voting"}
    assert [row.label for row in result.by_method] == sorted(
        (row.label for row in result.by_method), key=str.lower
    )
    dots = cards["dot-voting"]
    assert (dots.meetings, dots.evaluated, dots.mean_rating) == (3, 2, 3.5)
    assert (dots.change_yes, dots.change_answered) == (1, 2)
    writing = cards["brainwriting"]
    assert writing.change_answered == 0 and writing.change_share is None


def test_a_meeting_below_the_threshold_never_counts_in_a_pooled_average(personas, methods):
    """Four answers pooled with five would show a sum from which the four can be derived."""
    p = personas
    shown = held_meeting_of(p.org.performance, p.facilitator)
    hidden = held_meeting_of(p.org.performance, p.facilitator, days_ago=5)
    give_feedback(shown, 5, useful=5)
    give_feedback(hidden, 4, useful=1)
    close_feedback(shown)
    close_feedback(hidden)
    mapping = _rows(
        evaluation_results.overview(Meeting.objects.all(), now=timezone.now()), "by_phase"
    )["mapping"]
    assert mapping.feedback.answers == 5
    assert {q.question: q.mean for q in mapping.feedback_means}["useful"] == 5.0


def test_a_statement_below_the_threshold_in_its_meeting_is_left_out_of_the_pool(personas, methods):
    p = personas
    first = held_meeting_of(p.org.performance, p.facilitator)
    second = held_meeting_of(p.org.performance, p.facilitator, days_ago=5)
    give_feedback(first, 5, next_steps=None)
    give_feedback(first, 3, next_steps=1, useful=None, voice=None)  # 3 answers to next_steps
    give_feedback(second, 5, next_steps=5)
    close_feedback(first)
    close_feedback(second)
    mapping = _rows(
        evaluation_results.overview(Meeting.objects.all(), now=timezone.now()), "by_phase"
    )["mapping"]
    means = {q.question: (q.mean, q.answers) for q in mapping.feedback_means}
    assert means["next_steps"] == (5.0, 5)  # the first meeting's three are not in it
    assert means["useful"] == (4.0, 10)


def test_the_evaluations_behind_a_row(three_meetings, personas):
    first, second, _action = three_meetings
    from meetings.models import MethodCard

    everything = Meeting.objects.all()
    dots = MethodCard.objects.get(code="dot-voting")
    assert [e.meeting for e in evaluation_results.evaluations(everything, method=dots)] == [
        second,
        first,
    ]
    assert list(evaluation_results.evaluations(everything, phase="action")) == []
    gallery = MethodCard.objects.get(code="gallery-walk")
    assert list(evaluation_results.evaluations(everything, method=gallery)) == []
