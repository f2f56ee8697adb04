"""`medvirk democonversations`: the annual work-environment conversation of the demo section
leader's section in 2025 (a year without a survey in the demo), held, with notes in the
guide and one measure in the section's action plan between surveys. `medvirk demo` runs
it after the demo action plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from conversations import services
from conversations.models import Conversation
from orgs import demo
from orgs.models import Person

YEAR = 2025
NOTES = {
    "the-year": "To nye kolleger har begynt, og flyttingen til tredje etasje gikk bedre enn "
    "fryktet. Høstsemesteret var travelt, men vi hjalp hverandre.",
    "last-time": "Fadderordningen fungerer godt og fortsetter. Nyhetsbrevet har ikke kommet "
    "i gang; vi ber om at det startes før jul.",
    "workload": "Eksamensperioden i desember er fortsatt den tyngste. Ønske om å fordele "
    "sensuren jevnere mellom oss.",
    "preserve-improve": "Bevare: det gode samholdet. Forbedre: arbeidsmengden i eksamensperioden.",
}


class Command(BaseCommand):
    help = "Create the demo annual conversation (demo installations only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("The demo runs only with MEDVIRK_DEMO=1.")
        conversation = self._create()
        self.stdout.write(
            self.style.SUCCESS(
                f"Annual conversation demo: {conversation.unit.code} {conversation.year}"
            )
            + " – the section leader opens Home → Annual conversations, year 2025."
        )
        self.stdout.write("")

    @transaction.atomic
    def _create(self) -> Conversation:
        leader = demo.section_leader()
        unit = leader.unit
        existing = Conversation.objects.filter(unit=unit, year=YEAR).first()
        if existing is not None:
            return existing
        actor = getattr(leader.person, "user", None) or "demo"
        reps = services.safety_reps(unit)
        staff = list(Person.objects.active().filter(unit=unit).order_by("family_name")[:12])
        conversation = services.plan_conversation(
            actor=actor,
            unit=unit,
            values=services.PlanValues(
                date=dt.date(YEAR, 10, 14),
                time=dt.time(13, 0),
                place="Møterom 2.14",
                safety_rep=reps[0] if reps else None,
                participants=staff,
            ),
        )
        for section, text in NOTES.items():
            services.save_note(
                actor=actor, conversation=conversation, section=section, text=text, revision=0
            )
        services.mark_held(actor=actor, conversation=conversation)
        services.add_to_plan(
            actor=actor,
            conversation=conversation,
            values=services.OutcomeValues(
                new_kind="improve",
                new_title="Arbeidsmengde i eksamensperioden",
                new_description="Sensuren i desember samler seg på noen få.",
                measure_title="Jevnere fordeling av sensur",
                measure_description="Lage en sensurplan for hele seksjonen før 1. november, "
                "slik at ingen har mer enn 40 besvarelser i desember",
                responsible_person=leader.person,
                due=dt.date(YEAR + 1, 11, 1),
            ),
        )
        return conversation
