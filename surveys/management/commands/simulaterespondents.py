"""`medvirk simulaterespondents ROUND --rate 0.75 --seed N`: plausible answers for a round.

With `--closed`, a complete closed round is created from scratch instead (an earlier round to
compare with): `medvirk simulaterespondents --closed --name "Survey 2023" --opens-on 2023-03-01`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from orgs.models import OrgUnit
from surveys.instrument_services import CORE_INSTRUMENT
from surveys.models import Instrument, SurveyRound
from surveys.simulate import SimulationError, simulate_closed_round, simulate_respondents


def find_round(text: str) -> SurveyRound:
    """A round by its uid or its name."""
    try:
        return SurveyRound.objects.select_related("instrument").get(uid=uuid.UUID(text))
    except (ValueError, SurveyRound.DoesNotExist):
        pass
    rounds = list(SurveyRound.objects.select_related("instrument").filter(name=text)[:2])
    if len(rounds) != 1:
        message = (
            _("No survey round is called “%(name)s”.")
            if not rounds
            else _("More than one survey round is called “%(name)s”; use its uid.")
        )
        raise CommandError(message % {"name": text})
    return rounds[0]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("“%(date)s” is not a date (YYYY-MM-DD).") % {"date": text}) from None


class Command(BaseCommand):
    help = "Fill an open survey round with plausible simulated answers, or create a closed one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("round", nargs="?", help="the open round's uid or name")
        parser.add_argument("--rate", type=float, default=0.75, help="share that answers (0–1)")
        parser.add_argument(
            "--seed", type=int, default=0, help="random seed (same seed, same data)"
        )
        parser.add_argument("--closed", action="store_true", help="create a complete closed round")
        parser.add_argument("--name", help="with --closed: the new round's name")
        parser.add_argument(
            "--instrument",
            default="medvirk-core",
            help="with --closed: questionnaire code[:version]",
        )
        parser.add_argument("--scope", help="with --closed: unit code (default: the top unit)")
        parser.add_argument("--opens-on", help="with --closed: first day, YYYY-MM-DD")
        parser.add_argument("--closes-on", help="with --closed: last day (default: 3 weeks later)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["closed"]:
                self._closed(options)
            else:
                self._open(options)
        except SimulationError as error:
            raise CommandError(str(error)) from None

    def _open(self, options: dict[str, Any]) -> None:
        if not options["round"]:
            raise CommandError(_("Name the round to fill, or use --closed."))
        survey = find_round(options["round"])
        result = simulate_respondents(
            survey=survey, rate=options["rate"], seed=options["seed"], actor=None
        )
        self.stdout.write(
            _("%(responses)s simulated responses and %(comments)s comments in %(round)s.")
            % {"responses": result.responses, "comments": result.comments, "round": survey.name}
        )

    def _closed(self, options: dict[str, Any]) -> None:
        if not options["name"] or not options["opens_on"]:
            raise CommandError(_("--closed needs --name and --opens-on."))
        opens_on = _date(options["opens_on"])
        closes_on = (
            _date(options["closes_on"]) if options["closes_on"] else opens_on + dt.timedelta(21)
        )
        survey = simulate_closed_round(
            instrument=self._instrument(options["instrument"]),
            scope=self._scope(options["scope"]),
            name=options["name"],
            opens_on=opens_on,
            closes_on=closes_on,
            rate=options["rate"],
            seed=options["seed"],
        )
        self.stdout.write(
            _("Created the closed round %(round)s with %(responses)s simulated responses.")
            % {"round": survey.name, "responses": survey.responses.count()}
        )

    def _instrument(self, text: str) -> Instrument:
        code, _sep, version = text.partition(":")
        instruments = Instrument.objects.filter(code=code)
        if version:
            instruments = instruments.filter(version=int(version) if version.isdigit() else -1)
        instrument = instruments.order_by("-version").first()
        if instrument is None:
            hint = str(CORE_INSTRUMENT)
            raise CommandError(
                _(
                    "No questionnaire “%(code)s” is loaded. Load it first, e.g. "
                    "medvirk loadinstrument %(hint)s"
                )
                % {"code": text, "hint": hint}
            )
        return instrument

    def _scope(self, code: str | None) -> OrgUnit:
        units = OrgUnit.objects.current()
        unit = units.filter(code=code).first() if code else units.filter(parent=None).first()
        if unit is None:
            raise CommandError(_("No current unit “%(code)s”.") % {"code": code or "-"})
        return unit
