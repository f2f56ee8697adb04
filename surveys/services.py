"""Use cases of a survey round: create and change a draft, the pre-flight check and its
merges, open (freeze, snapshot, invite), remind, extend and close (unlink).

Each is one typed, keyword-only function run in a transaction with an audit entry; e-mail
goes out through background tasks queued with `transaction.on_commit`. DESIGN.md §3 is the
specification of what opening and closing must do; docs/surveys.md explains it.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import acting_user, record
from medvirk.compaction import compact
from orgs import policy
from orgs.models import OrgUnit, Person, Role, RoleAssignment
from surveys import mailing, rates, tasks
from surveys.models import (
    THRESHOLDS,
    Comment,
    Draft,
    Instrument,
    Invitation,
    InvitationStatus,
    Mailing,
    MailingKind,
    Response,
    RoundStatus,
    RoundUnit,
    SurveyRound,
    UnitMerge,
    default_thresholds,
)

logger = logging.getLogger(__name__)

BATCH = 500
MAX_REMINDERS = 2
BACKGROUND_FIELDS = ("position_group", "age_group", "gender", "employment")


# --- settings of a round --------------------------------------------------------------------


@dataclass(frozen=True)
class RoundSettings:
    """What the administrator chooses for a round (the create and edit forms, the command
    line and the API all produce one)."""

    name: str
    instrument: Instrument
    scope: OrgUnit
    opens_on: dt.date
    closes_on: dt.date
    languages: Sequence[str]
    thresholds: dict[str, int] = field(default_factory=default_thresholds)
    reminder_dates: Sequence[dt.date] = ()


def _check_thresholds(thresholds: dict[str, Any]) -> list[str]:
    problems = []
    unknown = sorted(set(thresholds) - set(THRESHOLDS))
    if unknown:
        problems.append(_("Unknown thresholds: %(names)s.") % {"names": ", ".join(unknown)})
    for name, (_default, floor) in THRESHOLDS.items():
        value = thresholds.get(name)
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(_("The threshold “%(name)s” must be a whole number.") % {"name": name})
        elif value < floor:
            problems.append(
                _("The threshold “%(name)s” cannot be lower than %(floor)s.")
                % {"name": name, "floor": floor}
            )
    return problems


def validate_settings(values: RoundSettings, *, today: dt.date | None = None) -> None:
    """Raise a ValidationError keyed by field for everything wrong with `values`."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not values.name.strip():
        add("name", _("Give the round a name."))
    if not values.scope.is_current:
        add("scope", _("The unit no longer exists in the organisation."))
    if values.closes_on < values.opens_on:
        add("closes_on", _("The round must close on or after the day it opens."))
    elif values.closes_on < today:
        add("closes_on", _("The closing date has already passed."))
    offered = set(values.instrument.definition.languages) & {c for c, _n in settings.LANGUAGES}
    if not values.languages:
        add("languages", _("Choose at least one language."))
    elif not set(values.languages) <= offered:
        add(
            "languages",
            _("The questionnaire is available in %(languages)s only.")
            % {"languages": ", ".join(sorted(offered))},
        )
    for problem in _check_thresholds(values.thresholds):
        add("thresholds", problem)
    dates = list(values.reminder_dates)
    if len(dates) > MAX_REMINDERS:
        add("reminder_dates", _("At most two reminders can be planned."))
    if len(set(dates)) != len(dates):
        add("reminder_dates", _("The two reminders must be on different days."))
    if any(not values.opens_on < d <= values.closes_on for d in dates):
        add(
            "reminder_dates",
            _("Reminders must be after the opening day and no later than the closing day."),
        )
    if errors:
        raise ValidationError(errors)


def _apply_settings(round_: SurveyRound, values: RoundSettings) -> None:
    round_.name = values.name.strip()
    round_.instrument = values.instrument
    round_.scope = values.scope
    round_.opens_on = values.opens_on
    round_.closes_on = values.closes_on
    round_.languages = list(values.languages)
    round_.thresholds = dict(values.thresholds)
    round_.reminder_dates = sorted(d.isoformat() for d in values.reminder_dates)


def _settings_data(round_: SurveyRound) -> dict[str, Any]:
    return {
        "name": round_.name,
        "instrument": str(round_.instrument),
        "scope": round_.scope.code,
        "opens_on": round_.opens_on.isoformat(),
        "closes_on": round_.closes_on.isoformat(),
        "languages": list(round_.languages),
        "thresholds": dict(round_.thresholds),
        "reminder_dates": list(round_.reminder_dates),
    }


def create_round(*, actor: Any, values: RoundSettings) -> SurveyRound:
    """Create a draft round. Nothing is frozen and nobody is invited until it opens."""
    validate_settings(values)
    with transaction.atomic():
        round_ = SurveyRound(created_by=acting_user(actor))
        _apply_settings(round_, values)
        round_.save()
        record("surveys.round.create", actor=actor, obj=round_, data=_settings_data(round_))
    return round_


def update_round(*, actor: Any, round: SurveyRound, values: RoundSettings) -> SurveyRound:
    """Change a draft round. Thresholds and everything else are locked once it opens."""
    validate_settings(values)
    with transaction.atomic():
        round_ = _lock_round(round, RoundStatus.DRAFT)
        before, old_scope = _settings_data(round_), round_.scope_id
        _apply_settings(round_, values)
        round_.save()
        if values.scope.pk != old_scope:
            # Merges belong to units of the old scope.
            round_.merges.exclude(unit__path__startswith=values.scope.path).delete()
        record(
            "surveys.round.edit",
            actor=actor,
            obj=round_,
            data={"before": before, "after": _settings_data(round_)},
        )
    return round_


def _lock_round(round_: SurveyRound, *statuses: str) -> SurveyRound:
    locked = (
        SurveyRound.objects.select_for_update()
        .select_related("instrument", "scope")
        .get(pk=round_.pk)
    )
    if locked.status not in statuses:
        raise ValidationError(
            _("This cannot be done while the round is “%(status)s”.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


# --- who is invited, and where their answers are filed ---------------------------------------


@dataclass
class Filing:
    """The live organisation as a round would freeze it now."""

    units: list[OrgUnit]
    people: list[Person]
    unit_of: dict[int, int]  # person id → the org unit their answers are filed under
    leaders: set[int]  # ids of people who lead their own unit (filed under the parent)
    mergeable: Counter[int]  # unit id → staff attached directly (leaders excluded)


def _filing(round_: SurveyRound) -> Filing:
    """DESIGN §3: a leader's answers are filed under the parent of the unit they lead (no
    flag is stored anywhere); accepted merges move a unit's directly attached staff to one
    of its sub-units."""
    units = list(OrgUnit.objects.current().subtree_of(round_.scope).order_by("path"))
    in_scope = {u.pk: u for u in units}
    people = list(
        Person.objects.active()
        .filter(unit__path__startswith=round_.scope.path, unit__valid_to__isnull=True)
        .order_by("pk")
    )
    leaders = set(
        RoleAssignment.objects.active()
        .filter(role=Role.LEADER, person__in=[p.pk for p in people])
        .filter(unit_id=models.F("person__unit_id"))
        .values_list("person_id", flat=True)
    )
    # A merge whose units have since left the organisation no longer applies.
    merges = {
        unit_id: into_id
        for unit_id, into_id in round_.merges.values_list("unit_id", "into_id")
        if unit_id in in_scope and into_id in in_scope
    }
    unit_of: dict[int, int] = {}
    mergeable: Counter[int] = Counter()
    for person in people:
        parent_id = in_scope[person.unit_id].parent_id
        if person.pk in leaders and parent_id in in_scope:
            unit_of[person.pk] = parent_id
        else:
            mergeable[person.unit_id] += 1
            unit_of[person.pk] = merges.get(person.unit_id, person.unit_id)
    return Filing(units, people, unit_of, leaders, mergeable)


# --- pre-flight ------------------------------------------------------------------------------


@dataclass
class PreflightUnit:
    unit: OrgUnit
    depth: int
    direct: int  # people whose answers are filed right here
    total: int  # this unit and everything below
    leaders_up: int  # leaders of this unit, filed under its parent
    hidden: bool  # fewer people than the "numbers" threshold
    residual: int  # shown units: people filed here plus those of hidden sub-units
    residual_problem: bool  # 1…k−1: the report repair will have to hide something
    merged_into: OrgUnit | None = None


@dataclass
class MergeSuggestion:
    unit: OrgUnit
    into: OrgUnit
    people: int
    accepted: bool = False


@dataclass
class Preflight:
    threshold: int
    invited: int
    units: list[PreflightUnit]
    suggestions: list[MergeSuggestion]

    @property
    def hidden_units(self) -> list[PreflightUnit]:
        return [u for u in self.units if u.hidden]


def preflight(*, round: SurveyRound) -> Preflight:
    """What opening the round now would do, from the live organisation: how many people
    each unit would invite, which units will be hidden because they are smaller than the
    "numbers" threshold, the residual of directly attached staff of every shown unit, and
    merges that would bring a small residual to zero. Reads only."""
    k = round.threshold["numbers"]
    filing = _filing(round)
    by_id = {u.pk: u for u in filing.units}
    direct = Counter(filing.unit_of.values())
    total: Counter[int] = Counter()
    for unit in reversed(filing.units):  # children before parents
        total[unit.pk] += direct[unit.pk]
        if unit.parent_id in by_id:
            total[unit.parent_id] += total[unit.pk]
    children: dict[int, list[OrgUnit]] = {}
    for unit in filing.units:
        if unit.parent_id in by_id:
            children.setdefault(unit.parent_id, []).append(unit)
    leaders_up = Counter(
        p.unit_id
        for p in filing.people
        if filing.unit_of[p.pk] != p.unit_id and p.pk in filing.leaders
    )
    merges = {m.unit_id: m for m in round.merges.select_related("into")}
    rows, suggestions = [], []
    for unit in filing.units:
        hidden = total[unit.pk] < k
        kids = children.get(unit.pk, [])
        residual = direct[unit.pk] + sum(total[c.pk] for c in kids if total[c.pk] < k)
        problem = not hidden and 0 < residual < k
        merge = merges.get(unit.pk)
        rows.append(
            PreflightUnit(
                unit=unit,
                depth=unit.depth - round.scope.depth,
                direct=direct[unit.pk],
                total=total[unit.pk],
                leaders_up=leaders_up[unit.pk],
                hidden=hidden,
                residual=0 if hidden else residual,
                residual_problem=problem,
                merged_into=merge.into if merge else None,
            )
        )
        if merge is not None:
            people = filing.mergeable[unit.pk]
            suggestions.append(MergeSuggestion(unit, merge.into, people, accepted=True))
        elif problem and filing.mergeable[unit.pk] == residual:
            shown = [c for c in kids if total[c.pk] >= k]
            if shown:
                into = min(shown, key=lambda c: (total[c.pk], c.code))
                suggestions.append(MergeSuggestion(unit, into, residual))
    return Preflight(k, len(filing.people), rows, suggestions)


def accept_merge(*, actor: Any, round: SurveyRound, unit: OrgUnit, into: OrgUnit) -> UnitMerge:
    """Report the staff attached directly to `unit` under its sub-unit `into`."""
    with transaction.atomic():
        round_ = _lock_round(round, RoundStatus.DRAFT)
        if not unit.is_in_subtree_of(round_.scope) or into.parent_id != unit.pk:
            raise ValidationError(_("Staff can only be merged into a sub-unit of their own unit."))
        if not (unit.is_current and into.is_current):
            raise ValidationError(_("The unit no longer exists in the organisation."))
        merge, _created = UnitMerge.objects.update_or_create(
            round=round_, unit=unit, defaults={"into": into, "created_by": acting_user(actor)}
        )
        record(
            "surveys.round.merge",
            actor=actor,
            obj=round_,
            data={"unit": unit.code, "into": into.code},
        )
    return merge


def undo_merge(*, actor: Any, round: SurveyRound, unit: OrgUnit) -> None:
    with transaction.atomic():
        round_ = _lock_round(round, RoundStatus.DRAFT)
        deleted, _rows = UnitMerge.objects.filter(round=round_, unit=unit).delete()
        if deleted:
            record("surveys.round.unmerge", actor=actor, obj=round_, data={"unit": unit.code})


# --- opening ---------------------------------------------------------------------------------


def _snapshot_units(round_: SurveyRound, units: list[OrgUnit]) -> dict[int, RoundUnit]:
    """Copy the scope's subtree into RoundUnit rows, parents first (one insert per level)."""
    made: dict[int, RoundUnit] = {}
    levels: dict[int, list[OrgUnit]] = {}
    for unit in units:
        levels.setdefault(unit.depth, []).append(unit)
    for depth in sorted(levels):
        batch = []
        for unit in levels[depth]:
            parent = made.get(unit.parent_id) if unit.parent_id else None
            batch.append(
                RoundUnit(
                    round=round_,
                    unit=unit,
                    code=unit.code,
                    name_nb=unit.name_nb,
                    name_en=unit.name_en,
                    kind=unit.kind,
                    parent=parent,
                    path=f"{parent.path if parent else '/'}{unit.code}/",
                    depth=depth - round_.scope.depth,
                )
            )
        RoundUnit.objects.bulk_create(batch, batch_size=BATCH)
        if any(r.pk is None for r in batch):  # backends that return no ids from bulk inserts
            ids = dict(
                RoundUnit.objects.filter(
                    round=round_, code__in=[r.code for r in batch]
                ).values_list("code", "pk")
            )
            for row in batch:
                row.pk = ids[row.code]
        made.update({r.unit_id: r for r in batch if r.unit_id is not None})
    return made


def _background(person: Person) -> dict[str, str]:
    return {name: value for name in BACKGROUND_FIELDS if (value := getattr(person, name))}


def open_round(*, actor: Any, round: SurveyRound) -> SurveyRound:
    """Open a draft round: freeze the questionnaire, snapshot the unit division, create one
    invitation per active person in scope (filed under their unit, or its parent for the
    unit's leader) and queue the invitation e-mails. Tokens are made by the sending task;
    until then an invitation holds a placeholder that matches no token."""
    with transaction.atomic():
        round_ = _lock_round(round, RoundStatus.DRAFT)
        if round_.closes_on < timezone.localdate():
            raise ValidationError(_("The closing date has passed; extend the round first."))
        if not round_.scope.is_current:
            raise ValidationError(_("The unit no longer exists in the organisation."))
        filing = _filing(round_)
        if not filing.people:
            raise ValidationError(_("Nobody in this unit could be invited."))
        now = timezone.now()
        Instrument.objects.filter(pk=round_.instrument_id, frozen_at__isnull=True).update(
            frozen_at=now
        )
        made = _snapshot_units(round_, filing.units)
        merges = [
            m
            for m in round_.merges.select_related("unit", "into")
            if m.unit_id in made and m.into_id in made
        ]
        for merge in merges:
            made[merge.unit_id].report_as = made[merge.into_id]
        RoundUnit.objects.bulk_update([made[m.unit_id] for m in merges], ["report_as"])
        offered = round_.languages or ["nb"]
        invitations = [
            Invitation(
                round=round_,
                person=person,
                reporting_unit=made[filing.unit_of[person.pk]],
                token_hash=mailing.unsent_placeholder(),
                language=mailing.language_for(person, round_, otherwise=offered[0]),
                background=_background(person),
            )
            for person in filing.people
        ]
        Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        invited = Counter(filing.unit_of.values())
        for unit_id, row in made.items():
            row.invited_count = invited[unit_id]
        RoundUnit.objects.bulk_update(list(made.values()), ["invited_count"], batch_size=BATCH)
        round_.status, round_.opened_at = RoundStatus.OPEN, now
        round_.save(update_fields=["status", "opened_at"])
        ids = list(
            Invitation.objects.filter(round=round_).order_by("pk").values_list("pk", flat=True)
        )
        _new_mailing(round_, kind=MailingKind.INVITATION, ids=ids, actor=actor)
        rates.refresh(round=round_)
        record(
            "surveys.round.open",
            actor=actor,
            obj=round_,
            data={
                "instrument": str(round_.instrument),
                "units": len(made),
                "invited": len(invitations),
                "merges": {m.unit.code: m.into.code for m in merges},
            },
        )
    return round_


def resend_failed(*, actor: Any, round: SurveyRound) -> Mailing | None:
    """Send the invitation again (with a new link) to every address that failed, for example
    after the mail server was down or an address was corrected in the HR system."""
    with transaction.atomic():
        round_ = _lock_round(round, RoundStatus.OPEN)
        failed = Invitation.objects.filter(round=round_, email_failed=True)
        ids = list(failed.order_by("pk").values_list("pk", flat=True))
        if not ids:
            return None
        sending = _new_mailing(round_, kind=MailingKind.INVITATION, ids=ids, actor=actor)
        record("surveys.round.resend", actor=actor, obj=round_, data={"recipients": len(ids)})
    return sending


def _new_mailing(
    round_: SurveyRound, *, kind: str, ids: list[int], actor: Any, number: int = 1
) -> Mailing:
    """A mailing with its progress counts; queued once the transaction commits."""
    sending = Mailing.objects.create(
        round=round_,
        kind=kind,
        number=number,
        total=len(ids),
        created_by=acting_user(actor),
        finished_at=None if ids else timezone.now(),
    )
    transaction.on_commit(lambda: tasks.enqueue_mailing(mailing_id=sending.pk, invitation_ids=ids))
    return sending


# --- reminders and dates ---------------------------------------------------------------------


def send_reminders(*, actor: Any, round: SurveyRound) -> Mailing:
    """Queue a reminder to everybody who has not submitted (status invited or started), at
    most twice per round."""
    with transaction.atomic():
        round_ = _lock_round(round, RoundStatus.OPEN)
        number = round_.mailings.filter(kind=MailingKind.REMINDER).count() + 1
        if number > MAX_REMINDERS:
            raise ValidationError(_("This round has had two reminders; no more can be sent."))
        pending = (
            Invitation.objects.filter(
                round=round_,
                status__in=[InvitationStatus.INVITED, InvitationStatus.STARTED],
                email_failed=False,
            )
            .exclude(token_hash__startswith=mailing.UNSENT_PREFIX)
            .order_by("pk")
        )
        ids = list(pending.values_list("pk", flat=True))
        sending = _new_mailing(
            round_, kind=MailingKind.REMINDER, ids=ids, actor=actor, number=number
        )
        record(
            "surveys.round.remind",
            actor=actor,
            obj=round_,
            data={"number": number, "recipients": len(ids)},
        )
    return sending


def send_due_reminders(*, today: dt.date | None = None) -> list[Mailing]:
    """Send the planned reminders whose day has come (run daily, see README)."""
    today = today or timezone.localdate()
    sent = []
    for round_ in SurveyRound.objects.filter(status=RoundStatus.OPEN):
        due = sum(1 for d in round_.reminder_dates if dt.date.fromisoformat(d) <= today)
        done = round_.mailings.filter(kind=MailingKind.REMINDER).count()
        if done < min(due, MAX_REMINDERS):
            sent.append(send_reminders(actor=None, round=round_))
    return sent


def extend_round(*, actor: Any, round: SurveyRound, closes_on: dt.date) -> SurveyRound:
    """Move the closing date of a draft or open round later."""
    with transaction.atomic():
        round_ = _lock_round(round, RoundStatus.DRAFT, RoundStatus.OPEN)
        if closes_on <= round_.closes_on or closes_on < timezone.localdate():
            raise ValidationError(
                {
                    "closes_on": _(
                        "The new closing date must be later than %(date)s and not in the past."
                    )
                    % {"date": round_.closes_on.isoformat()}
                }
            )
        before = round_.closes_on
        round_.closes_on = closes_on
        round_.save(update_fields=["closes_on"])
        record(
            "surveys.round.extend",
            actor=actor,
            obj=round_,
            data={
                "before": {"closes_on": before.isoformat()},
                "after": {"closes_on": closes_on.isoformat()},
            },
        )
    return round_


# --- closing ---------------------------------------------------------------------------------


def _keep_counts(round_: SurveyRound) -> tuple[int, int]:
    invited = Counter(
        dict(
            Invitation.objects.filter(round=round_)
            .values_list("reporting_unit_id")
            .annotate(n=models.Count("pk"))
            .values_list("reporting_unit_id", "n")
        )
    )
    submitted = Counter(
        dict(
            Response.objects.filter(round=round_)
            .values_list("reporting_unit_id")
            .annotate(n=models.Count("pk"))
            .values_list("reporting_unit_id", "n")
        )
    )
    units = list(round_.units.all())
    for unit in units:
        unit.invited_count, unit.submitted_count = invited[unit.pk], submitted[unit.pk]
    RoundUnit.objects.bulk_update(units, ["invited_count", "submitted_count"], batch_size=BATCH)
    return sum(invited.values()), sum(submitted.values())


def _rewrite_in_random_order(model: type[models.Model], round_: SurveyRound) -> int:
    """Read the round's rows, delete them and insert them again, shuffled, with new random
    ids: afterwards all rows share one transaction id and their physical order is random,
    so neither says in which order people submitted."""
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    rows = list(model._default_manager.filter(round=round_).values(*fields))
    model._default_manager.filter(round=round_).delete()
    secrets.SystemRandom().shuffle(rows)
    model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
    return len(rows)


def _compact_tables() -> None:
    compact(Response, Comment, Invitation, Draft)


def close_round(*, actor: Any, round: SurveyRound) -> SurveyRound:
    """Close an open round and unlink it (DESIGN §3): keep per-unit invited and submitted
    counts, delete every draft and invitation, and rewrite the responses and comments in
    random order. On PostgreSQL the tables are then compacted (VACUUM FULL) so the old row
    versions are gone; on SQLite deleted content is overwritten (secure_delete)."""
    with transaction.atomic():
        round_ = _lock_round(round, RoundStatus.OPEN)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA secure_delete = ON")
        # Wait for submissions in flight: they hold their invitation's row lock.
        list(Invitation.objects.filter(round=round_).select_for_update().values_list("pk"))
        invited, submitted = _keep_counts(round_)
        Draft.objects.filter(round=round_).delete()
        Invitation.objects.filter(round=round_).delete()
        responses = _rewrite_in_random_order(Response, round_)
        comments = _rewrite_in_random_order(Comment, round_)
        today = timezone.localdate()
        early = round_.closes_on > today
        round_.status, round_.closed_at = RoundStatus.CLOSED, timezone.now()
        round_.closes_on = min(round_.closes_on, today)
        round_.save(update_fields=["status", "closed_at", "closes_on"])
        rates.refresh(round=round_)
        record(
            "surveys.round.close",
            actor=actor,
            obj=round_,
            data={
                "invited": invited,
                "submitted": submitted,
                "responses": responses,
                "comments": comments,
                "early": early,
            },
        )
        transaction.on_commit(_compact_tables)
    return round_


def close_due_rounds(*, today: dt.date | None = None) -> list[SurveyRound]:
    """Close every open round whose closing date has passed (run daily, see README)."""
    today = today or timezone.localdate()
    due = SurveyRound.objects.filter(status=RoundStatus.OPEN, closes_on__lt=today)
    return [close_round(actor=None, round=r) for r in due]


def rounds_for(user: Any) -> models.QuerySet[SurveyRound]:
    """The rounds a user may see: all for round managers, otherwise opened rounds that
    cover a unit where the user may follow response rates."""
    rounds = SurveyRound.objects.select_related("instrument", "scope").order_by("-opens_on", "name")
    if policy.can(user, "surveys.manage_rounds"):
        return rounds
    units = policy.units_for(user, "surveys.view_rates")
    return rounds.exclude(status=RoundStatus.DRAFT).filter(units__unit__in=units).distinct()
