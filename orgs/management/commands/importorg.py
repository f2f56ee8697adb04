"""`medvirk importorg UNITS PEOPLE [--dry-run]`: import the organisation from two CSV files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lib.orgcsv import CsvFile
from orgs.importing import CHANGE_LABELS, change_line
from orgs.services import run_import

SHOWN_PER_LIST = 10


def _read(path: str) -> CsvFile:
    try:
        return CsvFile(Path(path).name, Path(path).read_bytes())
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc


class Command(BaseCommand):
    help = "Import the organisation (units, and people with their leaders) from two CSV files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("units", help="the units CSV file")
        parser.add_argument("people", nargs="?", help="the people CSV file (optional)")
        parser.add_argument(
            "--dry-run", action="store_true", help="show the changes, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        units = _read(options["units"])
        people = _read(options["people"]) if options["people"] else None
        result = run_import(units=units, people=people, actor=None, dry_run=options["dry_run"])
        plan = result.plan
        for problem in plan.problems:
            stream = self.stderr if problem.level == "error" else self.stdout
            stream.write(f"{problem.location()}: {problem.render(_)}")
        if plan.errors:
            raise CommandError(
                _("%(count)s errors; nothing was imported.") % {"count": len(plan.errors)}
            )
        if not plan.has_changes:
            self.stdout.write(_("No changes."))
            return
        for name, label in CHANGE_LABELS.items():
            changes = getattr(plan, name)
            if not changes:
                continue
            self.stdout.write(f"{label}: {len(changes)}")
            for change in changes[:SHOWN_PER_LIST]:
                self.stdout.write(f"  {change_line(name, change)}")
            if len(changes) > SHOWN_PER_LIST:
                more = len(changes) - SHOWN_PER_LIST
                self.stdout.write("  " + _("… and %(count)s more") % {"count": more})
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Import applied.")))
