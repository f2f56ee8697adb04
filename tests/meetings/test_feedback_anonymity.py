"""The participants' feedback stays anonymous: a stored row holds the answers and nothing that
links it to a person, a browser, an address or a time; results show only after the feedback
closed and from five answers (per statement), free texts shuffled; closing rewrites the rows."""

from __future__ import annotations

import datetime as dt
import random
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from audit.models import AuditEntry
from meetings import evaluation, evaluation_results
from meetings.models import Feedback
from tests.meetings.conftest import close_feedback, give_feedback

pytestmark = pytest.mark.django_db


def test_a_feedback_row_holds_the_answers_and_nothing_else(held_meeting):
    evaluation.give_feedback(
        meeting=held_meeting, answers={"useful": 4, "voice": None, "next_steps": 2},
        comment=" Too long. ",
    )  # fmt: skip
    columns = {c.name for c in connection.introspection.get_table_description(
        connection.cursor(), Feedback._meta.db_table
    )}  # fmt: skip
    assert columns == {"id", "meeting_id", "useful", "voice", "next_steps", "comment"}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Feedback._meta.db_table}")  # noqa: S608 - a model's table
        (row,) = cursor.fetchall()
        stored = dict(zip([c[0] for c in cursor.description], row, strict=True))
    assert uuid.UUID(str(stored["id"])).version == 4  # random, not a sequence
    assert stored["meeting_id"] == held_meeting.pk
    assert (stored["useful"], stored["voice"], stored["next_steps"]) == (4, None, 2)
    assert stored["comment"] == "Too long."
    # No audit entry either: it would carry the time of the answer.
    assert not AuditEntry.objects.filter(action__contains="feedback").exists()


def test_feedback_needs_an_open_meeting_and_an_answer(held_meeting, meeting):
    with pytest.raises(ValidationError):
        evaluation.give_feedback(meeting=meeting, answers={"useful": 5}, comment="")  # planned
    with pytest.raises(ValidationError):
        evaluation.give_feedback(meeting=held_meeting, answers={}, comment="  ")
    with pytest.raises(ValidationError):
        evaluation.give_feedback(meeting=held_meeting, answers={"useful": 6}, comment="")
    close_feedback(held_meeting)
    with pytest.raises(ValidationError):
        evaluation.give_feedback(meeting=held_meeting, answers={"useful": 5}, comment="")
    assert not Feedback.objects.exists()


def test_marking_the_meeting_held_opens_the_feedback_for_the_configured_days(
    personas, meeting, settings
):
    from meetings import services

    settings.MEDVIRK_FEEDBACK_DAYS = 3
    meeting.starts_at = timezone.now() - dt.timedelta(hours=2)
    meeting.ends_at = timezone.now() - dt.timedelta(hours=1)
    meeting.save()
    held = services.mark_held(meeting=meeting, actor=personas.facilitator)
    assert held.feedback_code and len(held.feedback_code) == 8
    assert held.feedback_closes_at is not None
    left = held.feedback_closes_at - timezone.now()
    assert dt.timedelta(days=2, hours=23) < left <= dt.timedelta(days=3)
    assert held.feedback_is_open(timezone.now())
    assert not held.feedback_is_open(timezone.now() + dt.timedelta(days=3, minutes=1))


def test_nothing_is_shown_while_the_feedback_is_open(held_meeting):
    give_feedback(held_meeting, 8, comment="Good")
    results = evaluation_results.feedback_results(held_meeting, now=timezone.now())
    assert results.answers == 8 and results.is_open
    assert not results.shown and results.means == [] and results.comments == []


def test_four_answers_are_hidden(held_meeting):
    give_feedback(held_meeting, 4, comment="Good")
    close_feedback(held_meeting)
    results = evaluation_results.feedback_results(held_meeting, now=timezone.now())
    assert results.answers == 4
    assert not results.shown and results.means == [] and results.comments == []


def test_five_answers_are_shown_with_the_texts_shuffled(held_meeting):
    for n in range(5):
        evaluation.give_feedback(
            meeting=held_meeting, answers={"useful": n + 1, "voice": 4}, comment=f"Text {n}"
        )
    close_feedback(held_meeting)
    results = evaluation_results.feedback_results(
        held_meeting, now=timezone.now(), rng=random.Random(1)
    )
    assert results.shown
    means = {q.question: q.mean for q in results.means}
    # `next_steps` was answered by nobody: it shows no average (and no count) of its own.
    assert means == {"useful": 3.0, "voice": 4.0, "next_steps": None}
    assert sorted(results.comments) == [f"Text {n}" for n in range(5)]
    assert results.comments != sorted(results.comments)  # seeded shuffle: not stored order


def test_a_statement_with_fewer_than_five_answers_shows_no_average(held_meeting):
    give_feedback(held_meeting, 5, next_steps=None)
    evaluation.give_feedback(meeting=held_meeting, answers={"next_steps": 2}, comment="")
    close_feedback(held_meeting)
    means = {
        q.question: (q.mean, q.answers)
        for q in evaluation_results.feedback_results(held_meeting, now=timezone.now()).means
    }
    assert means["useful"] == (4.0, 5) and means["next_steps"] == (None, None)


def test_closing_rewrites_the_rows_with_new_random_ids(personas, held_meeting):
    give_feedback(held_meeting, 3)
    before = set(Feedback.objects.values_list("id", flat=True))
    assert evaluation.close_feedback(meeting=held_meeting, actor=personas.facilitator) == 3
    after = set(Feedback.objects.values_list("id", flat=True))
    assert len(after) == 3 and not before & after
    held_meeting.refresh_from_db()
    assert held_meeting.feedback_unlinked and held_meeting.feedback_is_closed(timezone.now())
    entry = AuditEntry.objects.get(action="meetings.feedback.close")
    assert entry.data == {"answers": 3} and entry.actor == personas.facilitator
    with pytest.raises(ValidationError):
        evaluation.close_feedback(meeting=held_meeting, actor=personas.facilitator)


def test_the_daily_job_unlinks_feedback_whose_time_is_over(held_meeting, methods, personas):
    from tests.meetings.conftest import held_meeting_of

    other = held_meeting_of(personas.org.performance, personas.facilitator, kind="action")
    give_feedback(held_meeting, 2)
    give_feedback(other, 2)
    past = timezone.now() - dt.timedelta(minutes=1)
    type(held_meeting).objects.filter(pk=held_meeting.pk).update(feedback_closes_at=past)
    ids = set(Feedback.objects.filter(meeting=held_meeting).values_list("id", flat=True))
    call_command("closefeedback", verbosity=0)
    held_meeting.refresh_from_db()
    other.refresh_from_db()
    assert held_meeting.feedback_unlinked and not other.feedback_unlinked
    assert held_meeting.feedback_closes_at == past
    assert not ids & set(Feedback.objects.values_list("id", flat=True))
    assert evaluation.close_lapsed_feedback() == 0  # nothing twice


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL system columns")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("by", ["button", "daily job"])
def test_on_postgresql_closing_leaves_no_old_row_versions(held_meeting, by):
    give_feedback(held_meeting, 6)  # six transactions: six transaction ids, in answer order

    def physical(sql: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())

    table = Feedback._meta.db_table
    before = {x for (x,) in physical(f"SELECT xmin::text FROM {table}")}  # noqa: S608
    assert len(before) == 6
    filenode = f"SELECT pg_relation_filenode('{table}')"
    (file_before,) = physical(filenode)
    if by == "button":
        evaluation.close_feedback(meeting=held_meeting, actor=None)  # commits, then compacts
    else:
        type(held_meeting).objects.filter(pk=held_meeting.pk).update(
            feedback_closes_at=timezone.now() - dt.timedelta(minutes=1)
        )
        assert evaluation.close_lapsed_feedback() == 1
    after = {x for (x,) in physical(f"SELECT xmin::text FROM {table}")}  # noqa: S608
    assert len(after) == 1 and not after & before  # one transaction, none of the answers'
    (file_after,) = physical(filenode)
    assert file_after != file_before  # VACUUM FULL wrote the table anew: no dead versions
