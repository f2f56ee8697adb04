"""A small released round on the personas' organisation, for the report page tests.

Respondents (each person answers in their own unit): Performance 8 (numbers shown; C2 answered
by only 4, so hidden; no distributions, comments or sensitive item below 10), Music 7 directly
(the department: 15 with Performance, so distributions and comments are shown), Cultural
Studies 7, Science 10, plus the few attached to HF and the institution."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from reports import build
from reports.models import Release
from surveys.models import RoundStatus, SurveyRound
from tests import rounds
from tests.personas import Personas
from tests.roundfixtures import add_staff, simulate_submit


@dataclass
class Released:
    personas: Personas
    survey: SurveyRound
    release: Release

    def url(self, code: str, suffix: str = "") -> str:
        return f"/reports/{self.survey.uid}/unit/{code}/{suffix}"


def release_round(personas: Personas) -> Released:
    org = personas.org
    add_staff(org.performance, 6)
    add_staff(org.music, 5)
    add_staff(org.culture, 7)
    add_staff(org.mn, 9)
    survey = rounds.survey_round(org.root, status=RoundStatus.OPEN, name="Survey 2026")
    invitations = rounds.invite_everybody(survey)
    rng = random.Random(4)
    performance_seen = 0
    for invitation in invitations:
        answers: dict[str, Any] = {
            "W1": rng.randint(2, 5),
            "W2": rng.randint(1, 4),
            "C1": rng.randint(3, 5),
            "C2": rng.randint(2, 5),
            "F1": rng.choice(["no", "no", "no", "yes"]),
        }
        comment = ""
        if invitation.reporting_unit.code == "HF-01-01":
            performance_seen += 1
            if performance_seen > 4:
                del answers["C2"]  # only 4 answers: hidden in Performance
            comment = f"Good colleagues in performance {performance_seen}"
        elif invitation.reporting_unit.code == "HF-01":
            comment = "The music department works well together"
        simulate_submit(invitation, answers, comment=comment)
    for unit in survey.units.all():
        count = sum(1 for i in invitations if i.reporting_unit_id == unit.pk)
        unit.invited_count = unit.submitted_count = count
        unit.save(update_fields=["invited_count", "submitted_count"])
    survey.status = RoundStatus.CLOSED
    survey.save(update_fields=["status"])
    release = build.start_release(actor=None, round=survey)
    release = build.build_release(release=release)
    survey.refresh_from_db()
    return Released(personas, survey, release)
