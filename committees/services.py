"""Use cases of the committee reports: freezing a report for a committee, and recording when
a committee discussed it. Both are audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from audit.models import acting_user, actor_name, record
from orgs.models import OrgUnit
from surveys.models import SurveyRound

from . import content
from .models import Committee, CommitteeReport, Discussion

NOTE_MAX = 4000


def check_fits(committee: str, unit: OrgUnit) -> None:
    if committee not in Committee.values:
        raise ValidationError({"committee": [_("Choose a committee.")]})
    if content.fits(committee, unit):
        return
    if committee == Committee.AMU:
        message = _("A report to AMU covers the whole institution: choose the institution.")
    else:
        message = _(
            "A report to a LAMU covers a faculty or another unit right below the institution: "
            "choose one of those."
        )
    raise ValidationError({"unit": [message]})


@transaction.atomic
def generate(
    *,
    actor: Any,
    round: SurveyRound,
    unit: OrgUnit,
    committee: str,
    level: int,
    units: Sequence[OrgUnit],
) -> CommitteeReport:
    """Freeze the report on `unit` for `committee` as the round's next numbered report. `units`
    are the round's units below `unit` that the actor may see (access.choosable)."""
    check_fits(committee, unit)
    now = timezone.now()
    snapshot = content.collect(
        survey=round,
        root=unit,
        committee=committee,
        level=level,
        units=units,
        prepared_by=actor_name(actor),
        now=now,
    )
    # One report number at a time per round: lock the round row while numbering.
    SurveyRound.objects.select_for_update().filter(pk=round.pk).first()
    number = (round.committee_reports.aggregate(n=Max("number")).get("n") or 0) + 1
    report = CommitteeReport.objects.create(
        round=round,
        unit=unit,
        committee=committee,
        number=number,
        level=level,
        snapshot=snapshot,
        language=(get_language() or "nb")[:8],
        created_at=now,
        created_by=acting_user(actor),
        created_by_name=actor_name(actor),
    )
    record(
        "committees.report.generate",
        actor=actor,
        obj=report,
        label=str(report),
        data={"committee": committee, "unit": unit.code, "level": level, "number": number},
    )
    return report


def _check_discussion(
    report: CommitteeReport, committee: str, meeting_on: dt.date, note: str
) -> None:
    errors: dict[str, list[str]] = {}
    if committee not in Committee.values:
        errors["committee"] = [_("Choose the committee that discussed the report.")]
    if meeting_on > timezone.localdate():
        errors["meeting_on"] = [_("Record a meeting once it has been held.")]
    elif meeting_on < timezone.localdate(report.created_at):
        errors["meeting_on"] = [_("The meeting cannot have been before the report was made.")]
    if len(note) > NOTE_MAX:
        errors["note"] = [_("Keep the note short: at most %(max)s characters.") % {"max": NOTE_MAX}]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_discussion(
    *,
    actor: Any,
    report: CommitteeReport,
    committee: str,
    meeting_on: dt.date,
    reference: str = "",
    note: str = "",
) -> Discussion:
    """Record that `committee` discussed `report` on `meeting_on` (not before the report was
    made, not in the future), with an optional case number and note."""
    _check_discussion(report, committee, meeting_on, note)
    discussion = Discussion.objects.create(
        report=report,
        committee=committee,
        meeting_on=meeting_on,
        reference=reference.strip()[:100],
        note=note.strip(),
        recorded_by=acting_user(actor),
        recorded_by_name=actor_name(actor),
    )
    record(
        "committees.discussion.record",
        actor=actor,
        obj=report,
        label=str(report),
        data={
            "committee": committee,
            "meeting_on": meeting_on.isoformat(),
            "reference": discussion.reference,
        },
    )
    return discussion


class Conflict(Exception):
    """Somebody corrected the record since the form was loaded; `current` is the stored one."""

    def __init__(self, current: Discussion) -> None:
        super().__init__("conflict")
        self.current = current


@transaction.atomic
def correct_discussion(
    *,
    actor: Any,
    discussion: Discussion,
    revision: int,
    committee: str,
    meeting_on: dt.date,
    reference: str = "",
    note: str = "",
) -> Discussion:
    """Correct the record of a discussion (a wrong date, case number or note), checked as when
    it was recorded. Refused with `Conflict` when it was corrected since `revision`."""
    locked = (
        Discussion.objects.select_for_update(of=("self",))
        .select_related("report")
        .get(pk=discussion.pk)
    )
    if locked.revision != revision:
        raise Conflict(locked)
    _check_discussion(locked.report, committee, meeting_on, note)
    before = _discussion_values(locked)
    locked.committee, locked.meeting_on = committee, meeting_on
    locked.reference, locked.note = reference.strip()[:100], note.strip()
    after = _discussion_values(locked)
    if after == before:
        return locked
    locked.revision += 1
    locked.corrected_at = timezone.now()
    locked.corrected_by_name = actor_name(actor)
    locked.save()
    record(
        "committees.discussion.correct",
        actor=actor,
        obj=locked.report,
        label=str(locked.report),
        data={"before": before, "after": after},
    )
    return locked


def _discussion_values(discussion: Discussion) -> dict[str, str]:
    return {
        "committee": discussion.committee,
        "meeting_on": discussion.meeting_on.isoformat(),
        "reference": discussion.reference,
        "note": discussion.note,
    }
