"""Closed survey rounds with responses, built directly with the models, and their released
reports, for the report tests. Answers are drawn from a seeded generator, so every run sees
the same numbers."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from orgs.models import OrgUnit
from reports import build
from reports.models import Release
from surveys.models import Comment, Response, RoundStatus, SurveyRound
from tests.rounds import survey_round

POSITIONS = ("academic", "technical")


def closed_round(
    scope: OrgUnit,
    counts: Mapping[str, int],
    *,
    name: str = "Survey 2026",
    seed: int = 1,
    comments: Mapping[str, int] | None = None,
    invited_extra: int = 2,
    background: bool = True,
) -> SurveyRound:
    """A closed round over `scope` with `counts[code]` responses filed in each unit (by the
    unit's code) and `comments[code]` comments; every unit invited `invited_extra` more
    people than answered. Responses alternate between two position groups unless
    `background` is false."""
    survey = survey_round(scope, status=RoundStatus.CLOSED, name=name)
    rng = random.Random(seed)
    units = {u.code: u for u in survey.units.all()}
    responses, texts = [], []
    for code, count in counts.items():
        unit = units[code]
        for i in range(count):
            answers: dict[str, Any] = {
                "W1": rng.randint(1, 5),
                "W2": rng.choice([1, 2, 3, 4, 5, "na"]),
                "C1": rng.randint(2, 5),
                "C2": rng.randint(1, 5),
                "F1": rng.choice(["no", "no", "yes"]),
            }
            background = {"position_group": POSITIONS[i % 2]} if background else {}
            responses.append(
                Response(round=survey, reporting_unit=unit, answers=answers, background=background)
            )
        unit.submitted_count = count
        unit.invited_count = count + invited_extra
        unit.save(update_fields=["submitted_count", "invited_count"])
    for code, count in (comments or {}).items():
        texts += [
            Comment(round=survey, reporting_unit=units[code], question="T1", text=f"{code} #{i}")
            for i in range(count)
        ]
    Response.objects.bulk_create(responses)
    Comment.objects.bulk_create(texts)
    return survey


def release(survey: SurveyRound, actor: Any = None) -> Release:
    started = build.start_release(actor=actor, round=survey)
    return build.build_release(release=started)
