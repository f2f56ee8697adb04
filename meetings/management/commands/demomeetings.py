"""`medvirk demomeetings`: the method cards and a planned preparation meeting, with an
agenda built from the cards, for one section of the demo university. `medvirk demo` runs it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, MethodCard
from orgs.models import OrgUnit, Role, RoleAssignment

UNIT_CODE = "HF-02-01"
AGENDA = [
    ("check-in-round", None, "Hvordan går det med dere tre i høst?"),
    ("roles-and-plan", 40, "Les enhetsrapporten på forhånd. Er det temaer som trenger smågrupper?"),
    ("", 15, "Dato, rom og innkalling til kartleggingsmøtet"),
    ("check-out-evaluation", 5, ""),
]


class Command(BaseCommand):
    help = "Load the method cards and plan the demo preparation meeting (demo installations)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("The demo runs only with MEDVIRK_DEMO=1.")
        loaded = services.load_methods()
        meeting = self._plan()
        out = self.stdout
        out.write(self.style.SUCCESS(f"Meetings: {loaded.created} method cards loaded"))
        out.write(
            f"  {meeting.title}, {timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M} – "
            "log in as the process facilitator, then Home → My units as facilitator"
        )
        out.write("")

    @transaction.atomic
    def _plan(self) -> Meeting:
        unit = OrgUnit.objects.current().get(code=UNIT_CODE)
        Meeting.objects.filter(unit=unit).delete()
        facilitator = (
            RoleAssignment.objects.filter(role=Role.FACILITATOR).select_related("person").first()
        )
        actor = getattr(facilitator.person, "user", None) if facilitator else None
        day = timezone.localdate() + dt.timedelta(days=6)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
        meeting = services.plan_meeting(
            unit=unit,
            kind="preparation",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=75),
            place="Kontoret til seksjonslederen, rom 2.14",
            actor=actor,
        )
        cards = {c.code: c for c in MethodCard.objects.all()}
        for code, minutes, notes in AGENDA:
            card = cards.get(code)
            services.add_agenda_item(
                meeting=meeting,
                method=card,
                title="" if card else notes,
                minutes=minutes,
                notes=notes if card else "",
                actor=actor,
            )
        return meeting
