"""Simulated respondents: plausible, deterministic answers written like real submissions."""

from __future__ import annotations

import io
from itertools import combinations

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from lib.instrument import load
from orgs.models import Person
from surveys.instrument_services import CORE_INSTRUMENT
from surveys.models import Comment, Invitation, InvitationStatus, Response, RoundStatus
from surveys.simulate import SimulationError, simulate_respondents
from tests.rounds import invite_everybody, survey_round

pytestmark = pytest.mark.django_db

CORE_SOURCE = CORE_INSTRUMENT.read_text(encoding="utf-8")
CORE = load(CORE_SOURCE)
GROUPS = ["academic", "technical_administrative", "phd_postdoc"]


def _staff(units, per_unit: int) -> None:
    people = []
    for unit in units:
        for n in range(per_unit):
            people.append(
                Person(
                    employee_id=f"S-{unit.code}-{n}",
                    given_name="Sim",
                    family_name=f"Person {n}",
                    email=f"sim.{unit.code.lower()}.{n}@vestfjord.test",
                    unit=unit,
                    position_group=GROUPS[n % 3],
                    age_group="30-39",
                    gender="woman" if n % 2 else "man",
                    employment="permanent",
                )
            )
    Person.objects.bulk_create(people)


@pytest.fixture
def big_round(personas):
    org = personas.org
    _staff([org.performance, org.culture, org.mn, org.music], 60)
    survey = survey_round(org.root, source=CORE_SOURCE)
    invite_everybody(survey)
    return survey


def _matrix(survey, codes: list[str]) -> np.ndarray:
    """Answers in the index direction (reverse-coded items turned), NaN where missing."""
    rows = []
    for answers in Response.objects.filter(round=survey).values_list("answers", flat=True):
        row = []
        for code in codes:
            value = answers.get(code)
            if not isinstance(value, int):
                row.append(np.nan)
                continue
            question = CORE.question(code)
            row.append(CORE.scale_of(question).reversed(value) if question.reverse else value)
        rows.append(row)
    return np.array(rows, dtype=float)


def _correlation(matrix: np.ndarray, a: int, b: int) -> float:
    both = ~np.isnan(matrix[:, a]) & ~np.isnan(matrix[:, b])
    return float(np.corrcoef(matrix[both, a], matrix[both, b])[0, 1])


def test_it_answers_for_the_share_of_invitations_asked_for(big_round) -> None:
    total = Invitation.objects.filter(round=big_round).count()
    result = simulate_respondents(survey=big_round, rate=0.75, seed=1)
    submitted = Invitation.objects.filter(round=big_round, status=InvitationStatus.SUBMITTED)
    assert result.responses == round(0.75 * total) == submitted.count()
    assert Response.objects.filter(round=big_round).count() == result.responses


def test_running_it_again_tops_up_to_the_rate_and_never_beyond(big_round) -> None:
    total = Invitation.objects.filter(round=big_round).count()
    simulate_respondents(survey=big_round, rate=0.5, seed=1)
    second = simulate_respondents(survey=big_round, rate=0.75, seed=2)
    assert second.responses == round(0.75 * total) - round(0.5 * total)
    assert simulate_respondents(survey=big_round, rate=0.6, seed=3).responses == 0


def test_the_same_seed_gives_the_same_answers(personas) -> None:
    def answers(seed: int, name: str) -> list[str]:
        survey = survey_round(personas.org.root, source=CORE_SOURCE, name=name)
        invite_everybody(survey)
        simulate_respondents(survey=survey, rate=0.8, seed=seed)
        rows = Response.objects.filter(round=survey).values_list("reporting_unit__code", "answers")
        return sorted(repr((code, sorted(a.items()))) for code, a in rows)

    _staff([personas.org.performance, personas.org.mn], 15)
    first, again, other = answers(7, "A"), answers(7, "B"), answers(8, "C")
    assert first == again
    assert first != other


def test_items_within_an_index_correlate_more_than_items_of_unrelated_indices(big_round) -> None:
    simulate_respondents(survey=big_round, rate=0.9, seed=3)
    indices = {i.code: list(i.items) for i in CORE.indices}
    within, between = [], []
    for code in ("workload", "psychological_safety", "leader_support", "physical"):
        items = indices[code]
        matrix = _matrix(big_round, items)
        within += [_correlation(matrix, a, b) for a, b in combinations(range(len(items)), 2)]
    for first, second in (("workload", "physical"), ("innovation", "digital")):
        items = indices[first] + indices[second]
        matrix = _matrix(big_round, items)
        split = len(indices[first])
        between += [
            _correlation(matrix, a, b) for a in range(split) for b in range(split, len(items))
        ]
    assert np.mean(within) > 0.5
    assert np.mean(within) > np.mean(between) + 0.25


def test_reverse_coded_items_point_the_other_way_before_turning(big_round) -> None:
    simulate_respondents(survey=big_round, rate=0.9, seed=4)
    raw = np.array(
        [
            (a["WL1"], a["WL4"])
            for a in Response.objects.filter(round=big_round).values_list("answers", flat=True)
            if isinstance(a.get("WL1"), int) and isinstance(a.get("WL4"), int)
        ],
        dtype=float,
    )
    assert np.corrcoef(raw[:, 0], raw[:, 1])[0, 1] < -0.2


def _overall(answers: dict) -> float:
    """One respondent's mean over all index items, in the index direction."""
    values = []
    for index in CORE.indices:
        for code in index.items:
            value = answers.get(code)
            if isinstance(value, int):
                question = CORE.question(code)
                scale = CORE.scale_of(question)
                values.append(scale.reversed(value) if question.reverse else value)
    return float(np.mean(values))


def test_units_differ_from_each_other(big_round) -> None:
    simulate_respondents(survey=big_round, rate=0.9, seed=5)
    means = []
    for unit in big_round.units.filter(code__in=["HF-01-01", "HF-02", "MN", "HF-01"]):
        answers = Response.objects.filter(round=big_round, reporting_unit=unit)
        means.append(np.mean([_overall(a) for a in answers.values_list("answers", flat=True)]))
    assert len(means) == 4
    assert max(means) - min(means) > 0.15


def test_answers_are_valid_with_some_skipped_and_some_not_relevant(big_round) -> None:
    simulate_respondents(survey=big_round, rate=0.9, seed=6)
    answers = list(Response.objects.filter(round=big_round).values_list("answers", flat=True))
    closed = [c for c, q in CORE.questions.items() if q.kind != "text"]
    skipped = not_relevant = 0
    for a in answers:
        assert not any(q.kind == "text" for q in (CORE.question(c) for c in a))
        for code, value in a.items():
            assert CORE.validate_answer(code, value) == value
        skipped += sum(code not in a for code in closed)
        not_relevant += sum(v == "na" for v in a.values())
    assert skipped > 0 and not_relevant > 0
    sensitive = [a.get("SX2") for a in answers]
    assert sensitive.count("no") > 0.7 * len(answers)


def test_responses_carry_the_invitation_unit_and_background_and_comments_go_apart(
    big_round,
) -> None:
    simulate_respondents(survey=big_round, rate=0.9, seed=7)
    performance = big_round.units.get(code="HF-01-01")
    responses = Response.objects.filter(round=big_round, reporting_unit=performance)
    assert responses.count() > 40
    backgrounds = {r.background["position_group"] for r in responses}
    assert backgrounds <= {*GROUPS} | {"academic"} and len(backgrounds) > 1
    comments = Comment.objects.filter(round=big_round)
    assert comments.filter(question="OPEN_GOOD").exists()
    assert comments.filter(question="OPEN_BETTER").exists()
    assert all(c.text and c.text[0].isupper() for c in comments)
    assert not any("OPEN_GOOD" in r.answers for r in responses)


def test_it_fills_local_questions_too(personas) -> None:
    local = [{"code": "LOC1", "scale": "agree5", "text": {"nb": "Lokalt", "en": "Local"}}]
    survey = survey_round(personas.org.root, source=CORE_SOURCE, extra_items=local)
    invite_everybody(survey)
    simulate_respondents(survey=survey, rate=1, seed=1)
    assert any("LOC1" in r.answers for r in Response.objects.filter(round=survey))


def test_it_refuses_a_round_that_is_not_open(personas) -> None:
    survey = survey_round(personas.org.root, status=RoundStatus.DRAFT)
    with pytest.raises(SimulationError, match="Only an open round"):
        simulate_respondents(survey=survey, rate=0.5, seed=1)
    with pytest.raises(SimulationError, match="between 0 and 1"):
        simulate_respondents(survey=survey, rate=1.5, seed=1)


def test_the_command_finds_the_round_by_name_or_uid(personas) -> None:
    survey = survey_round(personas.org.root, name="Vår 2026")
    invite_everybody(survey)
    out = io.StringIO()
    call_command("simulaterespondents", "Vår 2026", "--rate", "0.5", "--seed", "1", stdout=out)
    assert "simulated responses" in out.getvalue()
    call_command("simulaterespondents", str(survey.uid), "--rate", "1", stdout=io.StringIO())
    assert Response.objects.filter(round=survey).count() == 9
    assert AuditEntry.objects.filter(action="surveys.round.simulate").count() == 2
    with pytest.raises(CommandError, match="No survey round is called"):
        call_command("simulaterespondents", "Høst 2026", stdout=io.StringIO())
