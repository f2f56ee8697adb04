"""`medvirk importresponses INSTRUMENT_CODE[:VERSION] FILE --round-name NAME [--dry-run]`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lib.orgcsv import CsvFile
from surveys.response_import import UnknownInstrument, find_instrument, run_response_import


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("“%(date)s” is not a date (YYYY-MM-DD).") % {"date": text}) from None


class Command(BaseCommand):
    help = "Import responses collected with another survey tool (CSV) into a new closed round."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help="questionnaire code, optionally :version")
        parser.add_argument("file", help="the responses CSV file")
        parser.add_argument("--round-name", required=True, help="name of the new round")
        parser.add_argument("--opens-on", help="first day of the survey, YYYY-MM-DD")
        parser.add_argument("--closes-on", help="last day of the survey, YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instrument = find_instrument(options["instrument"])
        except UnknownInstrument:
            raise CommandError(
                _("No questionnaire “%(code)s” is loaded.") % {"code": options["instrument"]}
            ) from None
        path = Path(options["file"])
        try:
            file = CsvFile(path.name, path.read_bytes())
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
            ) from exc
        result = run_response_import(
            file=file,
            instrument=instrument,
            round_name=options["round_name"],
            actor=None,
            dry_run=options["dry_run"],
            opens_on=_date(options["opens_on"]),
            closes_on=_date(options["closes_on"]),
        )
        plan = result.plan
        for problem in plan.problems:
            stream = self.stderr if problem.level == "error" else self.stdout
            stream.write(f"{problem.location()}: {problem.render(_)}")
        if plan.errors:
            raise CommandError(
                _("%(count)s errors; nothing was imported.") % {"count": len(plan.errors)}
            )
        for unit in plan.units:
            self.stdout.write(
                "  "
                + _("%(code)s %(name)s: %(responses)s responses, %(comments)s comments")
                % {
                    "code": unit.code,
                    "name": unit.name,
                    "responses": unit.responses,
                    "comments": unit.comments,
                }
            )
        counts = {
            "responses": plan.response_count,
            "comments": plan.comment_count,
            "name": plan.round_name,
        }
        if result.survey is None:
            self.stdout.write(
                _(
                    "Dry run: %(responses)s responses and %(comments)s comments; nothing was written."
                )
                % counts
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Imported %(responses)s responses and %(comments)s comments into the closed round “%(name)s”."
                    )
                    % counts
                )
            )
