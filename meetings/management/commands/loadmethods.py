"""`medvirk loadmethods [FILE]`: load the method cards of the toolbox (by default Medvirk's
own cards, meetings/methods.yaml). Cards edited in Medvirk since are kept as they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from meetings import services


class Command(BaseCommand):
    help = "Load the method cards of the toolbox (new cards added, unedited cards refreshed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(services.METHODS_FILE))

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            loaded = services.load_methods(path=Path(file))
        except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError) as error:
            raise CommandError(f"{file}: {error}") from error
        self.stdout.write(
            f"Method cards: {loaded.created} added, {loaded.updated} updated, "
            f"{loaded.kept} kept (edited in Medvirk)."
        )
