"""`medvirk exportresults ROUND --out FILE.csv|.xlsx [--unit CODE]`: every published cell of
the round's current release, exactly as report readers see them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reports import access, export
from surveys.management.commands.round import _round


class Command(BaseCommand):
    help = "Write every published cell of a released round to CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("round", help="the round's name or id")
        parser.add_argument("--out", required=True, help="FILE.csv or FILE.xlsx")
        parser.add_argument("--unit", help="only this unit and the units below it (by code)")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = _round(options["round"])
        out = Path(options["out"])
        if out.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError(_("The output file must end in .csv or .xlsx."))
        release = access.current_release(survey)
        if release is None:
            raise CommandError(
                _("The reports of “%(round)s” have not been released.") % {"round": survey.name}
            )
        reports = release.units.order_by("path")
        if options["unit"]:
            top = reports.filter(code=options["unit"]).first()
            if top is None:
                raise CommandError(
                    _("The round has no unit with the code “%(code)s”.") % {"code": options["unit"]}
                )
            reports = reports.filter(path__startswith=top.path)
        chunked = reports.iterator(chunk_size=100)
        if out.suffix.lower() == ".csv":
            with out.open("w", encoding="utf-8", newline="") as stream:
                count = export.write_csv(stream, release, chunked)
        else:
            count = export.write_xlsx(out, release, chunked)
        self.stdout.write(_("Wrote %(rows)s rows to %(file)s.") % {"rows": count, "file": out})
