"""Evaluation use cases (docs/evaluation.md): the facilitator's evaluation of a held meeting,
the participants' anonymous feedback, closing the feedback, and the working group's notes
from experience-sharing sessions. Each is one typed, keyword-only function in a transaction;
everything but the anonymous feedback writes an audit entry (an entry would carry a time)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import acting_user, record
from live.services import normalise_code
from medvirk.compaction import compact
from meetings.models import (
    EVALUATION_TEXT_MAX,
    FEEDBACK_TEXT_MAX,
    Change,
    ExperienceNote,
    Feedback,
    FeedbackQuestion,
    Meeting,
    MeetingEvaluation,
    MethodCard,
    MethodEvaluation,
    Phase,
    Theme,
)
from meetings.services import Conflict, locked, queue_mail

# A flood guard, far above any meeting room: one page cannot fill the table.
FEEDBACK_MAX_PER_MEETING = 500


# --- the facilitator's evaluation -----------------------------------------------------------


@dataclass(frozen=True)
class MethodAnswer:
    change_method: str  # Change.NO or Change.YES
    change_how: str = ""


@dataclass(frozen=True)
class EvaluationValues:
    rating: int
    worked: str = ""
    did_not_work: str = ""
    change_method: str = Change.NO
    change_how: str = ""
    # Answers per method card of the agenda (by card code); cards left out are not answered.
    methods: Mapping[str, MethodAnswer] = field(default_factory=dict)


def _check_evaluation(values: EvaluationValues, codes: set[str]) -> None:
    errors: dict[str, str] = {}
    if values.rating not in range(1, 6):
        errors["rating"] = _("Choose a rating from 1 to 5.")
    if values.change_method not in Change.values:
        errors["change_method"] = _("Answer whether you would change the method.")
    elif values.change_method == Change.YES and not values.change_how.strip():
        errors["change_how"] = _("Say what you would change.")
    for name in ("worked", "did_not_work", "change_how"):
        if len(getattr(values, name)) > EVALUATION_TEXT_MAX:
            errors[name] = _("At most %(count)s characters.") % {"count": EVALUATION_TEXT_MAX}
    for code, answer in values.methods.items():
        if code not in codes:
            errors["__all__"] = _("A method card that is not on the agenda was answered.")
        elif answer.change_method not in Change.values:
            errors[f"method_{code}"] = _("Answer yes or no, or leave the card unanswered.")
        elif answer.change_method == Change.YES and not answer.change_how.strip():
            errors[f"method_{code}_how"] = _("Say what you would change.")
    if errors:
        raise ValidationError(errors)


def _evaluation_snapshot(evaluation: MeetingEvaluation | None) -> dict[str, Any]:
    if evaluation is None:
        return {}
    return {
        "rating": evaluation.rating,
        "worked": evaluation.worked,
        "did_not_work": evaluation.did_not_work,
        "change_method": evaluation.change_method,
        "change_how": evaluation.change_how,
        "methods": {
            m.method.code: [m.change_method, m.change_how]
            for m in evaluation.methods.select_related("method")
        },
    }


@transaction.atomic
def save_evaluation(
    *, meeting: Meeting, values: EvaluationValues, revision: int, actor: Any
) -> MeetingEvaluation:
    """Write the facilitator's evaluation of a held meeting, from the form the user started
    at `revision` (0: there was none). If somebody saved in between, nothing is written and
    `Conflict` carries the stored evaluation."""
    current = locked(meeting)
    if not current.is_held:
        raise ValidationError(_("Only a held meeting can be evaluated."), code="not_held")
    existing = MeetingEvaluation.objects.select_for_update().filter(meeting=current).first()
    stored = existing.revision if existing else 0
    if stored != revision:
        raise Conflict(current=existing, revision=stored)
    cards = {card.code: card for card in current.method_cards()}
    _check_evaluation(values, set(cards))
    before = _evaluation_snapshot(existing)
    evaluation = existing or MeetingEvaluation(meeting=current, created_by=acting_user(actor))
    evaluation.rating = values.rating
    evaluation.worked = values.worked.strip()
    evaluation.did_not_work = values.did_not_work.strip()
    evaluation.change_method = values.change_method
    evaluation.change_how = values.change_how.strip() if values.change_method == Change.YES else ""
    evaluation.revision = stored + 1
    evaluation.updated_by = acting_user(actor)
    evaluation.save()
    evaluation.methods.all().delete()
    MethodEvaluation.objects.bulk_create(
        [
            MethodEvaluation(
                evaluation=evaluation,
                method=cards[code],
                change_method=answer.change_method,
                change_how=answer.change_how.strip() if answer.change_method == Change.YES else "",
            )
            for code, answer in sorted(values.methods.items())
        ]
    )
    record(
        "meetings.evaluation.edit" if existing else "meetings.evaluation.create",
        actor=actor,
        obj=current,
        data={"before": before, "after": _evaluation_snapshot(evaluation)},
    )
    return evaluation


# --- the participants' anonymous feedback ---------------------------------------------------


def find_feedback_meeting(code: str) -> Meeting | None:
    """The held meeting whose feedback link has this code (open or closed), or None."""
    code = normalise_code(code)
    if not code or len(code) > 12:
        return None
    return Meeting.objects.with_people().filter(feedback_code=code).first()


@transaction.atomic
def give_feedback(*, meeting: Meeting, answers: Mapping[str, int | None], comment: str) -> None:
    """Store one participant's feedback: the ratings (each may be left out) and the text.
    Nothing else — no person, session, address, time or audit entry."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not current.feedback_is_open(timezone.now()):
        raise ValidationError(_("Feedback on this meeting is closed."), code="closed")
    values: dict[str, int | None] = {}
    for question in FeedbackQuestion.values:
        value = answers.get(question)
        if value is not None and value not in range(1, 6):
            raise ValidationError({question: _("Choose from 1 to 5.")}, code="range")
        values[question] = value
    comment = comment.strip()
    if len(comment) > FEEDBACK_TEXT_MAX:
        raise ValidationError(
            {"comment": _("At most %(count)s characters.") % {"count": FEEDBACK_TEXT_MAX}}
        )
    if not comment and all(v is None for v in values.values()):
        raise ValidationError(_("Answer at least one question."), code="empty")
    if current.feedback.count() >= FEEDBACK_MAX_PER_MEETING:
        raise ValidationError(_("Feedback on this meeting is closed."), code="full")
    Feedback.objects.create(meeting=current, comment=comment, **values)


def _rewrite_in_random_order(meeting: Meeting) -> int:
    """Delete the meeting's feedback rows and insert them again, shuffled, with new random
    ids: afterwards neither the ids nor the physical order say in which order people
    answered (on PostgreSQL the rows also share one transaction id)."""
    rows = list(meeting.feedback.values(*FeedbackQuestion.values, "comment"))
    meeting.feedback.all().delete()
    secrets.SystemRandom().shuffle(rows)
    Feedback.objects.bulk_create([Feedback(meeting=meeting, **row) for row in rows])
    return len(rows)


def _close(meeting: Meeting, now: dt.datetime) -> int:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    count = _rewrite_in_random_order(meeting)
    if meeting.feedback_closes_at is None or meeting.feedback_closes_at > now:
        meeting.feedback_closes_at = now
    meeting.feedback_unlinked = True
    meeting.save(update_fields=["feedback_closes_at", "feedback_unlinked"])
    return count


@transaction.atomic
def close_feedback(*, meeting: Meeting, actor: Any) -> int:
    """Close the feedback now (its results show from five answers) and unlink the rows;
    return the number of answers."""
    current = locked(meeting)
    now = timezone.now()
    if not current.feedback_is_open(now):
        raise ValidationError(_("Feedback on this meeting is not open."), code="not_open")
    count = _close(current, now)
    record("meetings.feedback.close", actor=actor, obj=current, data={"answers": count})
    transaction.on_commit(_compact_feedback)
    return count


def _compact_feedback() -> None:
    compact(Feedback)


def close_lapsed_feedback() -> int:
    """Unlink the feedback of meetings whose feedback time is over (`medvirk closefeedback`,
    daily); return how many meetings were closed."""
    now = timezone.now()
    due = Meeting.objects.filter(feedback_closes_at__lte=now, feedback_unlinked=False)
    closed = 0
    for meeting in due:
        with transaction.atomic():
            current = locked(meeting)
            if not current.feedback_unlinked:
                _close(current, now)
                closed += 1
    if closed:
        _compact_feedback()  # once for all of them, after their transactions
    return closed


@transaction.atomic
def send_feedback_link(*, meeting: Meeting, actor: Any) -> int:
    """E-mail the feedback link to every participant (the same link for all); return how
    many get it."""
    current = locked(meeting)
    if not current.feedback_is_open(timezone.now()):
        raise ValidationError(_("Feedback on this meeting is not open."), code="not_open")
    ids = list(current.participants.values_list("person_id", flat=True))
    if not ids:
        raise ValidationError(_("The meeting has no participants."), code="nobody")
    queue_mail(current, ids, "feedback")
    record("meetings.feedback.send", actor=actor, obj=current, data={"people": len(ids)})
    return len(ids)


# --- experience-sharing notes ---------------------------------------------------------------


@dataclass(frozen=True)
class NoteValues:
    held_on: dt.date
    title: str
    text: str
    theme: str
    theme_other: str = ""
    method: MethodCard | None = None
    phase: str = ""


def _check_note(values: NoteValues) -> None:
    errors: dict[str, str] = {}
    if not values.title.strip():
        errors["title"] = _("Give the notes a title.")
    if not values.text.strip():
        errors["text"] = _("Write the notes.")
    if values.theme not in Theme.values:
        errors["theme"] = _("Choose a theme.")
    elif values.theme == Theme.OTHER and not values.theme_other.strip():
        errors["theme_other"] = _("Name the theme.")
    if values.phase and values.phase not in Phase.values:
        errors["phase"] = _("Unknown phase.")
    if errors:
        raise ValidationError(errors)


def _note_snapshot(note: ExperienceNote) -> dict[str, Any]:
    return {
        "held_on": note.held_on.isoformat(),
        "title": note.title,
        "text": note.text,
        "theme": note.theme,
        "theme_other": note.theme_other,
        "method": note.method.code if note.method else None,
        "phase": note.phase,
    }


@transaction.atomic
def save_experience_note(
    *, note: ExperienceNote | None, values: NoteValues, revision: int | None, actor: Any
) -> ExperienceNote:
    """Record notes from an experience-sharing session (note=None) or change notes edited
    from `revision`; a change from an older revision is refused with the stored notes."""
    _check_note(values)
    clean = {
        "held_on": values.held_on,
        "title": values.title.strip(),
        "text": values.text.strip(),
        "theme": values.theme,
        "theme_other": values.theme_other.strip() if values.theme == Theme.OTHER else "",
        "method": values.method,
        "phase": values.phase,
    }
    if note is None:
        created = ExperienceNote.objects.create(
            **clean, created_by=acting_user(actor), updated_by=acting_user(actor)
        )
        record(
            "meetings.experience.create",
            actor=actor,
            obj=created,
            data={"after": _note_snapshot(created)},
        )
        return created
    current = (
        ExperienceNote.objects.select_for_update(of=("self",))
        .select_related("method")
        .get(pk=note.pk)
    )
    if current.revision != revision:
        raise Conflict(current=current, revision=current.revision)
    before = _note_snapshot(current)
    for name, value in clean.items():
        setattr(current, name, value)
    current.revision += 1
    current.updated_by = acting_user(actor)
    current.save()
    after = _note_snapshot(current)
    changed = [name for name in after if before[name] != after[name]]
    record(
        "meetings.experience.edit",
        actor=actor,
        obj=current,
        data={
            "before": {k: before[k] for k in changed},
            "after": {k: after[k] for k in changed},
        },
    )
    return current


@transaction.atomic
def remove_experience_note(*, note: ExperienceNote, actor: Any) -> None:
    record(
        "meetings.experience.remove", actor=actor, obj=note, data={"before": _note_snapshot(note)}
    )
    note.delete()
