"""Synthetic respondents for the demo, tests and benchmarks.

Answers are plausible rather than random: every unit gets its own effect (per index, plus a
general one), every respondent a latent level per index (plus a small general factor), and
each item is that level plus noise, mapped onto the scale — so items within an index correlate
clearly more than items of different indices, and units differ. Reverse-coded items are turned
round; some items are skipped or answered "not relevant"; some open questions get a short
bokmål comment built from templates. The same seed gives the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import acting_user, record
from lib import instrument as instrument_format
from orgs.models import OrgUnit, Person, Role, RoleAssignment
from surveys.models import (
    Comment,
    Instrument,
    Invitation,
    InvitationStatus,
    Response,
    RoundStatus,
    RoundUnit,
    SurveyRound,
)
from surveys.unit_division import freeze_units

BACKGROUND = ("position_group", "age_group", "gender", "employment")
SKIP_RATE = 0.03  # an item left unanswered
NOT_RELEVANT_RATE = 0.03  # "not relevant", where the scale offers it
COMMENT_RATE = 0.3  # an open question answered
# Sensitive fact items: most people answer "no" (first option); the rest spread thinly.
SENSITIVE_FIRST_OPTION = 0.88

POSITIVE = (
    "{subject} fungerer godt.",
    "Jeg setter stor pris på {subject}.",
    "{subject} er en styrke hos oss, det må vi ta vare på.",
    "Bra med {subject}.",
)
POSITIVE_SUBJECTS = (
    "samarbeidet i faggruppen",
    "lunsjpraten og det sosiale",
    "fleksibiliteten i arbeidstiden",
    "støtten fra nærmeste leder",
    "de faglige seminarene",
    "åpenheten i allmøtene",
    "hjelpsomme kolleger",
    "introduksjonen av nye kolleger",
)
IMPROVE = (
    "Vi trenger {subject}.",
    "Det bør bli bedre {subject}.",
    "Jeg savner {subject}.",
    "Ledelsen bør prioritere {subject}.",
)
IMPROVE_SUBJECTS = (
    "færre og kortere møter",
    "klarere prioriteringer når alt haster",
    "bedre informasjon om endringer",
    "stillerom til konsentrert arbeid",
    "mer tid til forskning",
    "bedre opplæring i nye systemer",
    "en mer rettferdig fordeling av undervisningen",
    "mer kontakt på tvers av seksjonene",
)


class SimulationError(ValueError):
    """The round cannot be filled (it is not open, or the rate is out of range)."""


@dataclass(frozen=True)
class SimulationResult:
    responses: int
    comments: int


@dataclass(frozen=True)
class _Respondent:
    unit: RoundUnit
    background: dict[str, str]


class _Generator:
    """Draws answers for one round from one seeded random generator."""

    def __init__(
        self, definition: instrument_format.Instrument, units: list[RoundUnit], seed: int
    ) -> None:
        self.definition = definition
        self.rng = np.random.default_rng(seed)
        self.index_of = {item: n for n, i in enumerate(definition.indices) for item in i.items}
        count = len(definition.indices)
        # Index levels differ (a little above the middle on average), and so do units.
        self.base = self.rng.normal(0.35, 0.35, count)
        self.unit_effect = {
            u.pk: self.rng.normal(0, 0.35) + self.rng.normal(0, 0.35, count) for u in units
        }

    def answers(self, unit_id: int) -> tuple[dict[str, Any], dict[str, str]]:
        """(answers, comments by question) for one respondent in a unit."""
        rng, count = self.rng, len(self.definition.indices)
        general = rng.normal(0, 1)
        latent = self.base + self.unit_effect[unit_id] + 0.35 * general + rng.normal(0, 0.8, count)
        answers: dict[str, Any] = {}
        comments: dict[str, str] = {}
        for code, question in self.definition.questions.items():
            if question.kind == "text":
                if rng.random() < COMMENT_RATE:
                    comments[code] = self._comment(code)
                continue
            if rng.random() < SKIP_RATE:
                continue
            value = self._answer(question, latent, general)
            if value is not None:
                answers[code] = self.definition.validate_answer(code, value)
        return answers, comments

    def _answer(
        self, question: instrument_format.Question, latent: np.ndarray, general: float
    ) -> Any:
        rng = self.rng
        if question.kind == "scale":
            scale = self.definition.scale_of(question)
            if scale.not_applicable is not None and rng.random() < NOT_RELEVANT_RATE:
                return "na"
            index = self.index_of.get(question.code)
            level = latent[index] if index is not None else 0.3 + 0.5 * general
            middle = (scale.low + scale.high) / 2
            spread = (scale.high - scale.low) / 4
            value = int(
                np.clip(
                    round(middle + spread * (level + rng.normal(0, 0.55))), scale.low, scale.high
                )
            )
            if question.reverse:
                value = scale.reversed(value)
            return value
        options = question.option_values
        if question.kind == "single":
            if question.sensitive:
                if rng.random() < SENSITIVE_FIRST_OPTION:
                    return options[0]
                return options[int(rng.integers(1, len(options)))]
            return options[int(rng.integers(0, len(options)))]
        size = int(rng.integers(1, len(options) + 1))
        return [str(v) for v in rng.choice(options, size=size, replace=False)]

    def _comment(self, code: str) -> str:
        rng = self.rng
        upper = code.upper()
        positive = "GOOD" in upper or ("BETTER" not in upper and rng.random() < 0.5)
        templates, subjects = (
            (POSITIVE, POSITIVE_SUBJECTS) if positive else (IMPROVE, IMPROVE_SUBJECTS)
        )
        text = templates[int(rng.integers(0, len(templates)))].format(
            subject=subjects[int(rng.integers(0, len(subjects)))]
        )
        return text[0].upper() + text[1:]

    def shuffle(self, items: list[Any]) -> list[Any]:
        return [items[i] for i in self.rng.permutation(len(items))]


def _write(
    survey: SurveyRound, generator: _Generator, respondents: list[_Respondent]
) -> SimulationResult:
    """Responses and comments as a real submission leaves them: no link to a person, and
    stored in random order."""
    responses, comments = [], []
    for respondent in respondents:
        answers, texts = generator.answers(respondent.unit.pk)
        responses.append(
            Response(
                round=survey,
                reporting_unit=respondent.unit,
                background=respondent.background,
                answers=answers,
            )
        )
        comments += [
            Comment(round=survey, reporting_unit=respondent.unit, question=code, text=text)
            for code, text in texts.items()
        ]
    Response.objects.bulk_create(generator.shuffle(responses), batch_size=500)
    Comment.objects.bulk_create(generator.shuffle(comments), batch_size=500)
    return SimulationResult(responses=len(responses), comments=len(comments))


def _definition(survey: SurveyRound) -> instrument_format.Instrument:
    return instrument_format.with_extra_items(survey.instrument.definition, survey.extra_items)


def _check_rate(rate: float) -> None:
    if not 0 <= rate <= 1:
        raise SimulationError(_("The rate must be between 0 and 1."))


def simulate_respondents(
    *, survey: SurveyRound, rate: float, seed: int, actor: Any = None
) -> SimulationResult:
    """Answer for a `rate` share of an open round's invitations, chosen at random: one
    Response (and Comments) each, and the invitation marked submitted. Invitations already
    submitted count towards the share. Per-unit counts (`RoundUnit.submitted_count`) are left
    to closing the round, which counts them from the invitations as for real submissions."""
    _check_rate(rate)
    if survey.status != RoundStatus.OPEN:
        raise SimulationError(_("Only an open round can get simulated responses."))
    units = list(survey.units.all())
    generator = _Generator(_definition(survey), units, seed)
    by_id = {u.pk: u for u in units}
    with transaction.atomic():
        invitations = list(
            Invitation.objects.select_for_update().filter(round=survey).order_by("pk")
        )
        done = sum(i.status == InvitationStatus.SUBMITTED for i in invitations)
        waiting = [i for i in invitations if i.status != InvitationStatus.SUBMITTED]
        wanted = max(0, min(len(waiting), round(rate * len(invitations)) - done))
        chosen = [
            waiting[i] for i in sorted(generator.rng.choice(len(waiting), wanted, replace=False))
        ]
        respondents = [_Respondent(by_id[i.reporting_unit_id], dict(i.background)) for i in chosen]
        result = _write(survey, generator, respondents)
        Invitation.objects.filter(pk__in=[i.pk for i in chosen]).update(
            status=InvitationStatus.SUBMITTED
        )
        record(
            "surveys.round.simulate",
            actor=actor,
            obj=survey,
            data={"rate": rate, "seed": seed, "responses": result.responses},
        )
    return result


def _reporting_units(
    people: list[Person], frozen: dict[int, RoundUnit], on: dt.date
) -> dict[int, RoundUnit]:
    """Each person's reporting unit: their unit, or its parent for the unit's leader."""
    leads = set(
        RoleAssignment.objects.active(on)
        .filter(role=Role.LEADER, person__in=people)
        .values_list("person_id", "unit_id")
    )
    result = {}
    for person in people:
        unit = frozen[person.unit_id]
        if (person.pk, person.unit_id) in leads and unit.parent is not None:
            unit = unit.parent
        result[person.pk] = unit
    return result


def simulate_closed_round(
    *,
    instrument: Instrument,
    scope: OrgUnit,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    rate: float = 0.7,
    seed: int = 0,
    actor: Any = None,
) -> SurveyRound:
    """A complete, closed round from scratch — an earlier round to compare with in the demo.
    The unit division is today's subtree of `scope`; everybody active in it counts as
    invited, a `rate` share answers. Only what a closed round keeps is written: the frozen
    units with their invited and submitted counts, responses and comments; no invitations."""
    _check_rate(rate)
    with transaction.atomic():
        survey = SurveyRound.objects.create(
            name=name,
            instrument=instrument,
            scope=scope,
            status=RoundStatus.CLOSED,
            languages=list(instrument.definition.languages),
            opens_on=opens_on,
            closes_on=closes_on,
            opened_at=timezone.make_aware(dt.datetime.combine(opens_on, dt.time(8))),
            closed_at=timezone.make_aware(dt.datetime.combine(closes_on, dt.time(23, 59))),
            created_by=acting_user(actor),
        )
        units = list(OrgUnit.objects.current().subtree_of(scope))
        by_code = freeze_units(survey, units)
        frozen = {u.unit_id: u for u in by_code.values() if u.unit_id is not None}
        people = list(Person.objects.active().filter(unit_id__in=frozen).order_by("employee_id"))
        reporting = _reporting_units(people, frozen, opens_on)
        generator = _Generator(_definition(survey), list(by_code.values()), seed)
        answering = generator.rng.random(len(people)) < rate
        respondents = [
            _Respondent(reporting[p.pk], {f: getattr(p, f) for f in BACKGROUND if getattr(p, f)})
            for p, answers in zip(people, answering, strict=True)
            if answers
        ]
        _write(survey, generator, respondents)
        _store_counts(
            by_code.values(),
            Counter(reporting[p.pk].pk for p in people),
            Counter(r.unit.pk for r in respondents),
        )
        record(
            "surveys.round.simulate",
            actor=actor,
            obj=survey,
            data={"rate": rate, "seed": seed, "responses": len(respondents), "closed": True},
        )
    return survey


def _store_counts(units: Any, invited: Counter[int], submitted: Counter[int]) -> None:
    rows = list(units)
    for unit in rows:
        unit.invited_count, unit.submitted_count = invited[unit.pk], submitted[unit.pk]
    RoundUnit.objects.bulk_update(rows, ["invited_count", "submitted_count"])
