"""`medvirk demomeetings`: the method cards and a planned preparation meeting, with an
agenda built from the cards, for one section of the demo university; and, for a second
section, two held meetings with the facilitator's evaluations and the participants'
feedback, and notes from an experience-sharing session. `medvirk demo` runs it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from meetings import evaluation, services
from meetings.evaluation import EvaluationValues, MethodAnswer, NoteValues
from meetings.models import ExperienceNote, Meeting, MethodCard
from orgs.models import OrgUnit, Role, RoleAssignment

UNIT_CODE = "HF-02-01"
AGENDA = [
    ("check-in-round", None, "Hvordan går det med dere tre i høst?"),
    ("roles-and-plan", 40, "Les enhetsrapporten på forhånd. Er det temaer som trenger smågrupper?"),
    ("", 15, "Dato, rom og innkalling til kartleggingsmøtet"),
    ("check-out-evaluation", 5, ""),
]
EVALUATED_UNIT = "HF-02-02"
# (kind, days ago, method cards, evaluation, feedback answers (useful, voice, next, text))
HELD = [
    (
        "preparation", 35, ["check-in-round", "roles-and-plan"],
        EvaluationValues(
            rating=4, worked="Klar rollefordeling; verneombudet tok ordet om smågrupper.",
            did_not_work="Vi rakk ikke å lese rapporten på forhånd.", change_method="no",
        ),
        [],
    ),
    (
        "mapping", 21, ["check-in-round", "report-walkthrough", "brainwriting", "dot-voting"],
        EvaluationValues(
            rating=3, worked="Stille skriving først ga mange innspill, også fra de nye.",
            did_not_work="Prikkstemmingen i plenum tok over tjue minutter.",
            change_method="yes", change_how="Stemme i smågruppene før plenum.",
            methods={
                "dot-voting": MethodAnswer("yes", "Tre prikker per person og en synlig klokke."),
                "brainwriting": MethodAnswer("no"),
            },
        ),
        [
            (5, 4, 3, "Godt å høre hva de andre tenker."), (4, 4, 2, "For lite tid til slutt."),
            (4, 5, 3, ""), (3, 3, 2, "Uklart hva som skjer videre."), (5, 4, 4, ""),
            (4, 4, 3, "Flere pauser, takk."),
        ],
    ),
]  # fmt: skip


class Command(BaseCommand):
    help = "Load the method cards and plan the demo preparation meeting (demo installations)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("The demo runs only with MEDVIRK_DEMO=1.")
        loaded = services.load_methods()
        meeting = self._plan()
        held = self._held()
        out = self.stdout
        out.write(self.style.SUCCESS(f"Meetings: {loaded.created} method cards loaded"))
        out.write(
            f"  {meeting.title}, {timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M} – "
            "log in as the process facilitator, then Home → My units as facilitator"
        )
        out.write(
            f"  {held} held and evaluated meetings – log in as the HR partner, then "
            "Meetings → Evaluations of the meetings"
        )
        out.write("")

    def _facilitator(self) -> Any:
        assignment = (
            RoleAssignment.objects.filter(role=Role.FACILITATOR).select_related("person").first()
        )
        return getattr(assignment.person, "user", None) if assignment else None

    @transaction.atomic
    def _held(self) -> int:
        """Held meetings with evaluations and feedback, and notes from experience sharing."""
        unit = OrgUnit.objects.current().get(code=EVALUATED_UNIT)
        Meeting.objects.filter(unit=unit).delete()
        actor = self._facilitator()
        cards = {c.code: c for c in MethodCard.objects.all()}
        for kind, days, codes, values, answers in HELD:
            day = timezone.localdate() - dt.timedelta(days=days)
            start = timezone.make_aware(dt.datetime.combine(day, dt.time(13, 0)))
            meeting = services.plan_meeting(
                unit=unit, kind=kind, starts_at=start, ends_at=start + dt.timedelta(hours=2),
                place="Møterom 3.12", actor=actor,
            )  # fmt: skip
            for code in codes:
                services.add_agenda_item(meeting=meeting, method=cards[code], actor=actor)
            meeting = services.mark_held(meeting=meeting, actor=actor)
            evaluation.save_evaluation(meeting=meeting, values=values, revision=0, actor=actor)
            for useful, voice, next_steps, text in answers:
                evaluation.give_feedback(
                    meeting=meeting,
                    answers={"useful": useful, "voice": voice, "next_steps": next_steps},
                    comment=text,
                )
            evaluation.close_feedback(meeting=meeting, actor=actor)
        ExperienceNote.objects.filter(title="Prikkstemming i smågrupper").delete()
        evaluation.save_experience_note(
            note=None,
            values=NoteValues(
                held_on=timezone.localdate() - dt.timedelta(days=7),
                title="Prikkstemming i smågrupper",
                text="Flere fasilitatorer opplevde at prikkstemming i plenum tar lang tid. "
                "La smågruppene velge to kandidater hver før plenum stemmer.",
                theme="participation",
                method=cards.get("dot-voting"),
                phase="mapping",
            ),
            revision=None,
            actor=actor,
        )
        return len(HELD)

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
