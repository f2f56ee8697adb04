"""`medvirk demooverviews`: agreed action plans in two more units of the demo department
(HF-02), with measures like those of the demo section's plan and two measures outside the
units' authority, so the head of department can confirm common themes and pass a measure up.
`medvirk demo` runs it after `demoplans`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from actions import services
from actions.management.commands.demoplans import ROUND_NAME
from actions.models import ActionPlan
from orgs.models import OrgUnit
from surveys.models import SurveyRound

PLANS = {
    "HF-02-02": [
        ("leadership", "Informasjon om beslutninger", "Månedlig nyhetsbrev om beslutninger",
         "Sende et nyhetsbrev første mandag hver måned til alle ansatte i seksjonen med beslutninger "
         "fra ledermøtet og hva de betyr for oss", True),
        ("demands", "Arbeidsmengde", "Felles kalender for frister og eksamensperioder",
         "Innføre en felles kalender for alle ansatte med frister, eksamensperioder og "
         "rapporteringer, oppdatert hver uke", True),
        ("environment", "Lokaler", "Flere grupperom i andre etasje",
         "Bygge om to kontorer i andre etasje til grupperom som alle ansatte kan booke", False),
    ],
    "HF-02-02-1": [
        ("leadership", "Informasjon om beslutninger", "Nyhetsbrev hver måned med beslutninger",
         "Sende et kort nyhetsbrev hver måned til alle i gruppen om beslutninger som angår oss", True),
        ("demands", "Arbeidsmengde", "Kalender over frister og eksamensperioder for hele gruppen",
         "Lage en kalender over frister og eksamensperioder som alle i gruppen ser, oppdatert ukentlig",
         True),
        ("job_resources", "Kompetanse", "Midler til kurs i digitale verktøy",
         "Gi alle ansatte i gruppen tilbud om et dagskurs i digitale undervisningsverktøy hvert semester",
         False),
    ],
}  # fmt: skip


class Command(BaseCommand):
    help = "Create agreed demo action plans for the roll-up (demo installations only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("The demo runs only with MEDVIRK_DEMO=1.")
        units = self._create()
        self.stdout.write(
            self.style.SUCCESS(f"Roll-up demo: agreed plans in {', '.join(units)}")
            + " – the head of department opens Action plans → Plans above and below → "
            "Overview and common features."
        )
        self.stdout.write("")

    @transaction.atomic
    def _create(self) -> list[str]:
        survey = SurveyRound.objects.filter(name=ROUND_NAME).first()
        if survey is None:
            raise CommandError(f"The demo has no round called {ROUND_NAME!r}.")
        today = timezone.localdate()
        done = []
        for code, measures in PLANS.items():
            unit = OrgUnit.objects.current().get(code=code)
            done.append(code)
            if ActionPlan.objects.filter(unit=unit, round=survey, measures__isnull=False).exists():
                continue
            areas = {}
            for dimension, area, *_rest in measures:
                if area not in areas:
                    (areas[area],) = services.add_focus_areas(
                        actor="demo",
                        unit=unit,
                        round=survey,
                        items=[{"kind": "improve", "title": area, "dimension": dimension}],
                    )
            plan = ActionPlan.objects.get(unit=unit, round=survey)
            for _dimension, area, title, description, within in measures:
                services.create_measure(
                    actor="demo",
                    plan=plan,
                    values=services.MeasureValues(
                        title=title,
                        description=description,
                        focus_area=areas[area],
                        indicator="Andel ansatte som sier tiltaket hjelper, i pulsmålingen",
                        target="Minst 70 % innen utgangen av semesteret",
                        agreed_at=today - dt.timedelta(days=5),
                        agreed_where="Tiltaksmøtet",
                        agreed_by="Alle ansatte og verneombudet",
                        resources="Inntil 20 timer i semesteret",
                        within_authority=within,
                        start=today,
                        due=today + dt.timedelta(days=150),
                        follow_up=[today + dt.timedelta(days=75)],
                        responsible_name="Enhetsleder",
                    ),
                )
            plan.refresh_from_db()
            services.agree_plan(actor="demo", plan=plan, revision=plan.revision)
        return done
