"""`medvirk smartcheck FILE.json [--language nb|en] [--strict] [--today YYYY-MM-DD]`: run the
SMART check over a JSON list of measures and print the five criteria of each as JSON.

Exit codes: 0 when the file was checked, 1 with --strict when any criterion fails, 2 when the
input is bad (nothing is checked then). Messages come from lib.smart's own catalogue, in the
language asked for, like the results.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lib.smart import LANGUAGES, Language, Message, check, parse_measures_json

BAD_INPUT = 2
FAILED_CRITERIA = 1


class Command(BaseCommand):
    help = (
        "Check action-plan measures against the SMART criteria (specific, measurable, "
        "accepted, realistic, time-bound) and print the result of each as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a JSON file with a list of measures, or - for stdin")
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default="en",
            help="language of reasons, suggestions and errors (default: en)",
        )
        parser.add_argument(
            "--strict", action="store_true", help="exit with 1 if any measure fails a criterion"
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="the date to check against, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        language: Language = options["language"]
        parsed = parse_measures_json(self._read(options["file"], language))
        for warning in parsed.warnings:
            self.stderr.write(warning.render(language))
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(error.render(language))
            summary = Message(
                "Nothing was checked because of the errors above (%(count)s).",
                (("count", len(parsed.errors)),),
            )
            raise CommandError(summary.render(language), returncode=BAD_INPUT)
        today = options["today"] or timezone.localdate()
        results = [check(measure, today=today) for measure in parsed.measures]
        output = [result.as_dict(language) for result in results]
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        failing = sum(not result.all_met for result in results)
        if options["strict"] and failing:
            summary = Message(
                "Measures that fail at least one criterion: %(count)s of %(total)s.",
                (("count", failing), ("total", len(results))),
            )
            raise CommandError(summary.render(language), returncode=FAILED_CRITERIA)

    def _read(self, path: str, language: Language) -> str:
        try:
            if path == "-":
                return sys.stdin.read()
            return Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            error = Message(
                "Cannot read %(path)s: %(error)s", (("path", path), ("error", str(exc)))
            )
            raise CommandError(error.render(language), returncode=BAD_INPUT) from exc
