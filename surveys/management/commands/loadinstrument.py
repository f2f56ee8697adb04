"""`medvirk loadinstrument FILE [--dry-run]`: store a questionnaire definition as a version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lib.instrument import InstrumentError
from surveys.instrument_services import FrozenInstrument, ItemChanges, load_instrument


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc


class Command(BaseCommand):
    help = "Validate a questionnaire definition (YAML) and store it as a new instrument version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the YAML definition")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and compare, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = _read(options["file"])
        try:
            result = load_instrument(source=source, actor=None, dry_run=options["dry_run"])
        except InstrumentError as error:
            for problem in error.problems:
                self.stderr.write(f"{options['file']}: {problem}")
            raise CommandError(
                _("%(count)s problems; nothing was stored.") % {"count": len(error.problems)}
            ) from None
        except FrozenInstrument as error:
            raise CommandError(
                _(
                    "Version %(version)s of “%(code)s” is already used by a survey round and "
                    "cannot change. Give the definition a new version number and load it again."
                )
                % {"version": error.instrument.version, "code": error.instrument.code}
            ) from None
        names = {"code": result.definition.code, "version": result.definition.version}
        self._changes(result.changes)
        if result.outcome == "unchanged":
            self.stdout.write(
                _("%(code)s version %(version)s is already loaded; nothing changed.") % names
            )
        elif options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
        elif result.outcome == "updated":
            self.stdout.write(
                self.style.SUCCESS(_("Replaced %(code)s version %(version)s.") % names)
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Loaded %(code)s version %(version)s.") % names))

    def _changes(self, changes: ItemChanges) -> None:
        if changes.previous_version is None:
            self.stdout.write(
                _("A new questionnaire with %(count)s items.") % {"count": len(changes.added)}
            )
            return
        self.stdout.write(
            _("Compared with version %(version)s:") % {"version": changes.previous_version}
        )
        lists = [
            (_("Items added"), changes.added),
            (_("Items removed"), changes.removed),
            (_("Items with changed text"), changes.text_changed),
            (_("Items with a changed scale, kind or options"), changes.otherwise_changed),
        ]
        for label, codes in lists:
            self.stdout.write(f"  {label}: {', '.join(codes) if codes else '–'}")
