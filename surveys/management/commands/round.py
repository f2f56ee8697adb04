"""`medvirk round create|preflight|open|remind|close|extend|status|refreshrates …`: everything
an administrator does to a survey round, for scripts. Errors exit with a non-zero status."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from orgs.models import OrgUnit
from surveys import rates, services
from surveys.models import THRESHOLDS, Instrument, MailingKind, SurveyRound, default_thresholds


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("“%(text)s” is not a date (YYYY-MM-DD).") % {"text": text}) from None


def _instrument(text: str) -> Instrument:
    code, _sep, version = text.partition(":")
    found = Instrument.objects.filter(code=code)
    if version:
        found = found.filter(version=int(version) if version.isdigit() else -1)
    instrument = found.order_by("-version").first()
    if instrument is None:
        raise CommandError(_("No questionnaire “%(code)s” is loaded.") % {"code": text})
    return instrument


def _unit(code: str) -> OrgUnit:
    unit = OrgUnit.objects.current().filter(code=code).first()
    if unit is None:
        raise CommandError(_("No current unit has the code “%(code)s”.") % {"code": code})
    return unit


def _round(text: str) -> SurveyRound:
    """A round by its id (uid) or its exact name."""
    query = Q(name=text)
    with contextlib.suppress(ValueError):
        query |= Q(uid=uuid.UUID(text))
    found = list(SurveyRound.objects.filter(query).select_related("instrument", "scope")[:2])
    if not found:
        raise CommandError(_("No round is called or has the id “%(round)s”.") % {"round": text})
    if len(found) > 1:
        raise CommandError(
            _("Several rounds are called “%(round)s”; use the id.") % {"round": text}
        )
    return found[0]


def _thresholds(pairs: list[str]) -> dict[str, int]:
    values = default_thresholds()
    for pair in pairs:
        name, _sep, number = pair.partition("=")
        if name not in THRESHOLDS or not number.isdigit():
            raise CommandError(
                _("Thresholds are written NAME=NUMBER with NAME one of %(names)s.")
                % {"names": ", ".join(THRESHOLDS)}
            )
        values[name] = int(number)
    return values


class Command(BaseCommand):
    help = "Create, check, open, remind, extend, close and follow survey rounds."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="create a draft round")
        create.add_argument("--name", required=True)
        create.add_argument("--instrument", required=True, help="CODE or CODE:VERSION")
        create.add_argument(
            "--scope", required=True, help="unit code; the round covers its subtree"
        )
        create.add_argument("--opens", required=True, help="YYYY-MM-DD")
        create.add_argument("--closes", required=True, help="YYYY-MM-DD")
        create.add_argument("--languages", default="nb,en", help="comma-separated (nb,en)")
        create.add_argument("--reminder", action="append", default=[], help="YYYY-MM-DD (≤ 2)")
        create.add_argument("--threshold", action="append", default=[], help="NAME=NUMBER")
        preflight = sub.add_parser("preflight", help="show hidden units and suggested merges")
        preflight.add_argument("round")
        preflight.add_argument(
            "--accept-merges", action="store_true", help="accept every suggested merge"
        )
        for name, text in (
            ("open", "open the round and send the invitations"),
            ("close", "close the round now (deletes drafts and invitations)"),
            ("remind", "send a reminder to those who have not submitted"),
        ):
            command = sub.add_parser(name, help=text)
            command.add_argument("round", nargs="?" if name != "open" else None)
            if name != "open":
                command.add_argument(
                    "--due", action="store_true", help="every open round whose date has come"
                )
        extend = sub.add_parser("extend", help="move the closing date later")
        extend.add_argument("round")
        extend.add_argument("--closes", required=True, help="YYYY-MM-DD")
        status = sub.add_parser("status", help="list rounds, or show one with its rates")
        status.add_argument("round", nargs="?")
        sub.add_parser("refreshrates", help="refresh the response rates of open rounds (daily)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        handler: Callable[..., None] = getattr(self, f"_{action}")
        try:
            handler(**options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _ok(self, text: str) -> None:
        self.stdout.write(self.style.SUCCESS(text))

    def _create(self, **o: Any) -> None:
        instrument = _instrument(o["instrument"])
        values = services.RoundSettings(
            name=o["name"],
            instrument=instrument,
            scope=_unit(o["scope"]),
            opens_on=_date(o["opens"]),
            closes_on=_date(o["closes"]),
            languages=[x.strip() for x in o["languages"].split(",") if x.strip()],
            thresholds=_thresholds(o["threshold"]),
            reminder_dates=[_date(d) for d in o["reminder"]],
        )
        round_ = services.create_round(actor=None, values=values)
        self._ok(_("Created the draft round “%(name)s”.") % {"name": round_.name})
        self.stdout.write(_("Id: %(uid)s") % {"uid": round_.uid})

    def _preflight(self, **o: Any) -> None:
        round_ = _round(o["round"])
        report = services.preflight(round=round_)
        if o["accept_merges"]:
            for s in report.suggestions:
                if not s.accepted:
                    services.accept_merge(actor=None, round=round_, unit=s.unit, into=s.into)
            report = services.preflight(round=round_)
        self.stdout.write(
            _("%(count)s people would be invited; threshold %(k)s.")
            % {"count": report.invited, "k": report.threshold}
        )
        for row in report.units:
            note = ""
            if row.hidden:
                note = _("hidden: too few people")
            elif row.residual_problem:
                note = _("%(n)s left over: a sub-unit will be hidden") % {"n": row.residual}
            self.stdout.write(
                f"  {'  ' * row.depth}{row.unit.code:<12} {row.direct:>5} {row.total:>6}  {note}"
            )
        for s in report.suggestions:
            label = _("accepted") if s.accepted else _("suggested")
            self.stdout.write(
                _("Merge (%(state)s): %(count)s directly attached to %(unit)s → %(into)s")
                % {"state": label, "count": s.people, "unit": s.unit.code, "into": s.into.code}
            )

    def _open(self, **o: Any) -> None:
        round_ = services.open_round(actor=None, round=_round(o["round"]))
        invited = round_.invitations.count()
        self._ok(
            _("Opened “%(name)s”: %(count)s invitations are being sent.")
            % {"name": round_.name, "count": invited}
        )

    def _remind(self, **o: Any) -> None:
        if o["due"]:
            sent = services.send_due_reminders()
            self._ok(_("Planned reminders sent: %(count)s.") % {"count": len(sent)})
            return
        if not o["round"]:
            raise CommandError(_("Name a round or use --due."))
        mailing = services.send_reminders(actor=None, round=_round(o["round"]))
        self._ok(
            _("Reminder %(number)s is being sent to %(count)s people.")
            % {"number": mailing.number, "count": mailing.total}
        )

    def _close(self, **o: Any) -> None:
        if o["due"]:
            closed = services.close_due_rounds()
            self._ok(_("Rounds closed: %(count)s.") % {"count": len(closed)})
            return
        if not o["round"]:
            raise CommandError(_("Name a round or use --due."))
        round_ = services.close_round(actor=None, round=_round(o["round"]))
        submitted = sum(u.submitted_count for u in round_.units.all())
        self._ok(
            _("Closed “%(name)s”: %(count)s responses; drafts and invitations deleted.")
            % {"name": round_.name, "count": submitted}
        )

    def _extend(self, **o: Any) -> None:
        round_ = services.extend_round(
            actor=None, round=_round(o["round"]), closes_on=_date(o["closes"])
        )
        self._ok(
            _("“%(name)s” now closes on %(date)s.")
            % {"name": round_.name, "date": round_.closes_on}
        )

    def _refreshrates(self, **o: Any) -> None:
        count = rates.refresh_open_rounds()
        self._ok(_("Response rates refreshed for %(count)s open rounds.") % {"count": count})

    def _status(self, **o: Any) -> None:
        if not o["round"]:
            for r in SurveyRound.objects.select_related("scope").order_by("-opens_on", "name"):
                self.stdout.write(
                    f"{r.uid}  {r.status:<9} {r.opens_on}–{r.closes_on}  {r.scope.code:<10} {r.name}"
                )
            return
        round_ = _round(o["round"])
        self.stdout.write(f"{round_.name} ({round_.uid})")
        self.stdout.write(
            _("Status: %(status)s; open %(start)s to %(end)s")
            % {"status": round_.status, "start": round_.opens_on, "end": round_.closes_on}
        )
        for m in round_.mailings.all():
            kind = _("invitations") if m.kind == MailingKind.INVITATION else _("reminder")
            self.stdout.write(
                _("E-mails (%(kind)s): %(sent)s of %(total)s sent, %(failed)s failed")
                % {"kind": kind, "sent": m.sent, "total": m.total, "failed": m.failed}
            )
        table = rates.table(round=round_, user=_Everything())
        for row in table.rows:
            rate = f"{row.percent} %" if row.shown else _("not shown")
            self.stdout.write(f"  {'  ' * row.depth}{row.unit.code:<12} {row.invited:>6}  {rate}")


class _Everything:
    """The command line acts as the system, which may see every unit's rates (as rounded
    and suppressed for everybody else)."""

    is_authenticated = True
    is_active = True
    is_superuser = True
