"""What the evaluations and the feedback show (docs/evaluation.md): one meeting's feedback
results, and the working group's overview per method card and per phase.

The participants' feedback follows DESIGN §3 in spirit. Nothing is shown while the feedback
is open (watching the averages move would tell what the last person answered); after it
closed, an average only from FEEDBACK_MIN_ANSWERS answers to that statement, and the free
texts only when that many answered at all, shuffled and without dates. The overview pools
only what a meeting would show by itself, so no subtraction of two published numbers
reveals a group smaller than that."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Aggregate, Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from meetings.models import (
    FEEDBACK_MIN_ANSWERS,
    PHASE_ORDER,
    AgendaItem,
    Change,
    Feedback,
    FeedbackQuestion,
    Meeting,
    MeetingEvaluation,
    MeetingStatus,
    MethodCard,
    MethodEvaluation,
    Phase,
)

QUESTIONS = list(FeedbackQuestion)
# Column headings for the statements in the working group's tables.
SHORT_LABELS = {
    FeedbackQuestion.USEFUL: _("Useful"),
    FeedbackQuestion.VOICE: _("Could say what they meant"),
    FeedbackQuestion.NEXT_STEPS: _("Know what happens next"),
}


@dataclass
class Tally:
    """Answers to the feedback statements: per statement the number of answers and their sum."""

    answers: int = 0  # feedback rows
    counts: dict[str, int] = field(default_factory=dict)
    sums: dict[str, int] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        self.answers += other.answers
        for q in FeedbackQuestion.values:
            self.counts[q] = self.counts.get(q, 0) + other.counts.get(q, 0)
            self.sums[q] = self.sums.get(q, 0) + other.sums.get(q, 0)

    def publishable(self) -> Tally:
        """Only what may be shown: nothing below the threshold, and per statement only with
        enough answers to it."""
        if self.answers < FEEDBACK_MIN_ANSWERS:
            return Tally()
        shown = Tally(answers=self.answers)
        for q in FeedbackQuestion.values:
            if self.counts.get(q, 0) >= FEEDBACK_MIN_ANSWERS:
                shown.counts[q], shown.sums[q] = self.counts[q], self.sums[q]
        return shown

    def means(self) -> list[QuestionMean]:
        result = []
        for q in QUESTIONS:
            n = self.counts.get(q.value, 0)
            if n >= FEEDBACK_MIN_ANSWERS:
                mean = self.sums[q.value] / n
                result.append(QuestionMean(q.value, str(q.label), str(SHORT_LABELS[q]), n, mean))
            else:
                result.append(QuestionMean(q.value, str(q.label), str(SHORT_LABELS[q]), None, None))
        return result


@dataclass(frozen=True)
class QuestionMean:
    question: str
    label: str
    short: str
    answers: int | None  # None with the mean: hidden, too few answers (DESIGN §3: counts too)
    mean: float | None


def tallies(meetings: QuerySet[Meeting] | Iterable[int]) -> dict[int, Tally]:
    """The feedback of these meetings, one aggregate query: meeting id → tally."""
    query = Feedback.objects.filter(meeting__in=meetings).values("meeting_id")
    aggregates: dict[str, Aggregate] = {"n": Count("id")}
    for q in FeedbackQuestion.values:
        aggregates[f"n_{q}"] = Count(q)
        aggregates[f"s_{q}"] = Sum(q)
    result = {}
    for row in query.annotate(**aggregates).order_by():
        result[row["meeting_id"]] = Tally(
            answers=row["n"],
            counts={q: row[f"n_{q}"] for q in FeedbackQuestion.values},
            sums={q: row[f"s_{q}"] or 0 for q in FeedbackQuestion.values},
        )
    return result


@dataclass(frozen=True)
class FeedbackResults:
    answers: int
    is_open: bool
    closes_at: dt.datetime | None
    shown: bool  # closed, and enough answers
    means: list[QuestionMean]
    comments: list[str]  # shuffled, without dates; empty unless shown

    @property
    def threshold(self) -> int:
        return FEEDBACK_MIN_ANSWERS


def feedback_results(
    meeting: Meeting, *, now: dt.datetime, rng: random.Random | None = None
) -> FeedbackResults:
    """A meeting's feedback as the facilitator and the leaders may see it."""
    tally = tallies([meeting.pk]).get(meeting.pk, Tally())
    means = published_means(meeting, tally, now=now)
    comments: list[str] = []
    if means is not None:
        comments = [c for c in meeting.feedback.values_list("comment", flat=True) if c]
        (rng or random.SystemRandom()).shuffle(comments)
    return FeedbackResults(
        answers=tally.answers,
        is_open=meeting.feedback_is_open(now),
        closes_at=meeting.feedback_closes_at,
        shown=means is not None,
        means=means or [],
        comments=comments,
    )


def published_means(
    meeting: Meeting, tally: Tally, *, now: dt.datetime
) -> list[QuestionMean] | None:
    """The averages a meeting's feedback shows, or None while it is open or below the
    threshold (a statement with too few answers of its own shows no average)."""
    if not meeting.feedback_is_closed(now) or tally.answers < FEEDBACK_MIN_ANSWERS:
        return None
    return tally.publishable().means()


# --- the working group's overview -----------------------------------------------------------


@dataclass
class Row:
    """One method card or one phase: its held meetings, their evaluations and feedback."""

    key: str
    label: str
    meetings: int = 0
    evaluated: int = 0
    rating_sum: int = 0
    change_yes: int = 0
    change_answered: int = 0
    feedback_meetings: int = 0
    feedback: Tally = field(default_factory=Tally)

    @property
    def mean_rating(self) -> float | None:
        return self.rating_sum / self.evaluated if self.evaluated else None

    @property
    def change_share(self) -> int | None:
        """Per cent of the answers that would change the method."""
        if not self.change_answered:
            return None
        return round(100 * self.change_yes / self.change_answered)

    @property
    def feedback_means(self) -> list[QuestionMean]:
        return self.feedback.means()


@dataclass(frozen=True)
class Overview:
    by_method: list[Row]
    by_phase: list[Row]
    meetings: int
    evaluated: int


def held(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.filter(status=MeetingStatus.HELD)


def overview(meetings: QuerySet[Meeting], *, now: dt.datetime) -> Overview:
    """Aggregate the held meetings of `meetings` per method card of their agendas and per
    phase, in a handful of queries whatever their number."""
    held_meetings = held(meetings)
    kinds: dict[int, str] = {}
    closed: set[int] = set()
    for pk, kind, closes_at in held_meetings.values_list("pk", "kind", "feedback_closes_at"):
        kinds[pk] = kind
        if closes_at is not None and closes_at <= now:
            closed.add(pk)
    ratings: dict[int, int] = {}
    overall: dict[int, str] = {}
    for meeting_id, rating, change in MeetingEvaluation.objects.filter(
        meeting__in=held_meetings
    ).values_list("meeting_id", "rating", "change_method"):
        ratings[meeting_id], overall[meeting_id] = rating, change
    per_card = {
        (meeting_id, method_id): change
        for meeting_id, method_id, change in MethodEvaluation.objects.filter(
            evaluation__meeting__in=held_meetings
        ).values_list("evaluation__meeting_id", "method_id", "change_method")
    }
    uses = set(
        AgendaItem.objects.filter(meeting__in=held_meetings, method__isnull=False)
        .values_list("meeting_id", "method_id")
        .distinct()
    )
    feedback = {
        pk: tally.publishable()
        for pk, tally in tallies(held_meetings).items()
        if pk in closed and tally.answers >= FEEDBACK_MIN_ANSWERS
    }

    phases = {str(p): Row(str(p), str(Phase(p).label)) for p in PHASE_ORDER}
    for pk, kind in kinds.items():
        _count(phases[kind], pk, ratings, feedback, overall.get(pk))
    cards = MethodCard.objects.in_bulk({method_id for _m, method_id in uses})
    methods: dict[int, Row] = {}
    for meeting_id, method_id in sorted(uses):
        card = cards[method_id]
        row = methods.setdefault(method_id, Row(card.code, card.title))
        _count(row, meeting_id, ratings, feedback, per_card.get((meeting_id, method_id)))
    return Overview(
        by_method=sorted(methods.values(), key=lambda r: r.label.lower()),
        by_phase=list(phases.values()),
        meetings=len(kinds),
        evaluated=len(ratings),
    )


def _count(
    row: Row,
    meeting_id: int,
    ratings: dict[int, int],
    feedback: dict[int, Tally],
    change: str | None,
) -> None:
    row.meetings += 1
    if meeting_id in ratings:
        row.evaluated += 1
        row.rating_sum += ratings[meeting_id]
    if change:
        row.change_answered += 1
        row.change_yes += change == Change.YES
    if meeting_id in feedback:
        row.feedback_meetings += 1
        row.feedback.add(feedback[meeting_id])


def evaluations(
    meetings: QuerySet[Meeting], *, method: MethodCard | None = None, phase: str = ""
) -> QuerySet[MeetingEvaluation]:
    """The facilitators' evaluations of the held meetings of `meetings` (of one phase, or of
    those whose agenda used one method card), newest meeting first."""
    found = MeetingEvaluation.objects.filter(meeting__in=held(meetings))
    if phase:
        found = found.filter(meeting__kind=phase)
    if method is not None:
        found = found.filter(
            meeting__in=AgendaItem.objects.filter(method=method).values("meeting_id")
        )
    return found.select_related("meeting", "meeting__unit", "updated_by").order_by(
        "-meeting__starts_at", "pk"
    )
