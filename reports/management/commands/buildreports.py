"""`medvirk buildreports ROUND [--pdf]`: compute, audit and publish the reports of a closed
round (a later run re-releases it, audited together with every earlier release)."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reports import build
from reports.models import Release
from surveys.management.commands.round import _round

PHASES = {
    "loading": "reading responses",
    "computing": "statistics and disclosure control",
    "auditing": "independent audit",
    "writing": "writing unit reports",
    "pdf": "PDF reports",
    "done": "done",
}


class Command(BaseCommand):
    help = "Compute, audit and publish the unit reports of a closed survey round."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("round", help="the round's name or id")
        parser.add_argument("--pdf", action="store_true", help="also render every unit's PDF")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = _round(options["round"])
        try:
            release = build.start_release(actor=None, round=survey, with_pdf=options["pdf"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            release = build.build_release(release=release, progress=self._progress)
        except build.ReleaseBlocked as blocked:
            sys.stderr.write("\n")
            for finding in blocked.release.audit["findings"]:
                self.stderr.write(f"  {finding}")
            raise CommandError(
                _(
                    "The audit found groups smaller than the threshold that could be worked out; nothing was released."
                )
            ) from None
        sys.stderr.write("\n")
        if options["pdf"]:
            self._pdfs(release)
        self.stdout.write(
            _(
                "Released %(round)s (release %(number)s): %(units)s unit reports, %(respondents)s responses, audit checked %(groups)s groups in %(seconds)s s."
            )
            % {
                "round": survey.name,
                "number": release.number,
                "units": release.units_done,
                "respondents": release.respondents,
                "groups": release.audit.get("groups", 0),
                "seconds": release.audit.get("seconds", 0),
            }
        )

    def _pdfs(self, release: Release) -> None:
        from reports import pdf

        started = time.perf_counter()
        release = pdf.render_release(release=release, progress=self._progress)
        seconds = time.perf_counter() - started
        sys.stderr.write("\n")
        self.stdout.write(
            _("Rendered %(count)s PDFs in %(seconds)s s (%(rate)s per second).")
            % {
                "count": release.pdfs_done,
                "seconds": round(seconds, 1),
                "rate": round(release.pdfs_done / seconds, 2) if seconds else 0,
            }
        )

    def _progress(self, release: Release) -> None:
        if not sys.stderr.isatty():
            return
        if release.phase == "pdf":
            done, total = release.pdfs_done, release.pdfs_total
        else:
            done, total = release.units_done, release.units_total
        width = 30
        filled = width * done // total if total else 0
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{total} {PHASES.get(release.phase, release.phase):40}")
        sys.stderr.flush()
