"""`medvirk demoplans`: an action plan in the demo university — the demo section leader's
section, for the 2026 round — with focus areas from the mapping meeting and three measures,
one of them vague so the SMART check flags it. `medvirk demo` runs it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from actions import services
from actions.models import ActionPlan
from orgs import demo
from surveys.models import SurveyRound

ROUND_NAME = "Arbeidsmiljøundersøkelsen 2026"


class Command(BaseCommand):
    help = "Create the demo action plan (demo installations only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("The demo runs only with MEDVIRK_DEMO=1.")
        plan = self._create()
        self.stdout.write(
            self.style.SUCCESS(f"Action plan demo: {plan.unit.code} {plan.unit.name_en}")
            + " – the section leader opens it from the home page; one measure fails the SMART check."
        )
        self.stdout.write("")

    @transaction.atomic
    def _create(self) -> ActionPlan:
        leader = demo.section_leader()
        unit = leader.unit
        survey = SurveyRound.objects.filter(name=ROUND_NAME).first()
        existing = ActionPlan.objects.filter(unit=unit, round=survey).first()
        if existing is not None and existing.measures.exists():
            return existing
        actor = "demo"
        preserve, improve, _workload = services.add_focus_areas(
            actor=actor,
            unit=unit,
            round=survey,
            items=[
                {"kind": "preserve", "title": "Godt kollegialt fellesskap", "dimension": "social_resources",
                 "description": "Vi hjelper hverandre når det røyner på, og nye blir godt tatt imot."},
                {"kind": "improve", "title": "Informasjon om beslutninger", "dimension": "leadership",
                 "description": "Mange får vite om beslutninger som angår dem for sent."},
                {"kind": "improve", "title": "Arbeidsmengde i eksamensperioden", "dimension": "demands",
                 "description": "Toppene i mai og desember går ut over kvaliteten og fritiden."},
            ],
        )  # fmt: skip
        plan = ActionPlan.objects.get(unit=unit, round=survey)
        today = timezone.localdate()
        agreed = today - dt.timedelta(days=3)
        common: dict[str, Any] = {
            "agreed_at": agreed,
            "agreed_where": "Tiltaksmøtet",
            "agreed_by": "Alle ansatte i seksjonen og verneombudet",
            "within_authority": True,
            "responsible_person": leader.person,
        }
        services.create_measure(
            actor=actor,
            plan=plan,
            values=services.MeasureValues(
                title="Ukentlig nyhetsbrev",
                description="Sende et kort nyhetsbrev hver fredag til alle ansatte i seksjonen "
                "med ukens beslutninger og hva de betyr for oss",
                focus_area=improve,
                indicator="Andel som svarer «ja» på spørsmålet «Jeg får vite om beslutninger i tide» i pulsmålingen",
                target="Minst 75 % innen 1. juni",
                resources="En time i uka for seksjonslederen",
                start=today,
                due=today + dt.timedelta(days=180),
                follow_up=[today + dt.timedelta(days=90)],
                **common,
            ),
        )  # fmt: skip
        services.create_measure(
            actor=actor,
            plan=plan,
            values=services.MeasureValues(
                title="Fadderordning for nyansatte",
                description="Tilby alle nyansatte i seksjonen en fadder de første tre månedene, "
                "med et fast møte hver uke",
                focus_area=preserve,
                indicator="Nyansatte som har fått fadder",
                target="Alle nyansatte har hatt fadder",
                resources="30 minutter i uka per fadder",
                start=today,
                due=today + dt.timedelta(days=80),
                **common,
            ),
        )  # fmt: skip
        services.create_measure(
            actor=actor,
            plan=plan,
            values=services.MeasureValues(
                title="Bedre arbeidsmengde",
                description="Vi skal jobbe med arbeidsmengden",
                focus_area=_workload,
            ),
        )
        return plan
