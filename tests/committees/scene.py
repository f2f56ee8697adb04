"""A round the committees can report on: the roll-up scene of tests/overviews (three sections of
the Department of Music with agreed plans and two escalated measures), response rates where the
Department of Cultural Studies is too small to show, the Department of Music's and the
faculty's overviews sent up with a common theme, HR's compilation for the dean, and the dean's
decision to pass the practice rooms on to the rector."""

from __future__ import annotations

from dataclasses import dataclass

from actions.models import Measure
from overviews import services
from overviews.models import Decision, Outcome, Overview
from reports.models import StaffRelease
from surveys import rates
from surveys.models import SurveyRound
from tests.overviews.conftest import build_scene
from tests.personas import Personas

# (invited, submitted) filed directly under each unit of the round.
COUNTS = {
    "UVF": (0, 0),
    "HF": (2, 1),
    "HF-01": (6, 4),
    "HF-01-01": (12, 9),
    "HF-02": (3, 2),  # fewer than 5 invited: its rate is never shown
    "MN": (20, 15),
}


@dataclass
class CommitteeScene:
    round: SurveyRound
    rooms: Measure  # escalated; the dean passed it to the rector
    budget: Measure  # escalated; awaiting a decision
    compilation: Overview
    decision: Decision


def _send(actor, overview, *, escalate=(), theme=None, summary="Summary"):
    for measure in escalate:
        overview.refresh_from_db()
        services.set_escalation(
            actor=actor,
            overview=overview,
            measure_uid=str(measure.uid),
            passed=True,
            comment=f"Please decide on {measure.title}",
            revision=overview.revision,
        )
    if theme:
        proposal = next(g for g in services.proposals(overview) if len(g.measures) == 3)
        made = services.confirm_theme(
            actor=actor,
            overview=overview,
            title=theme,
            dimension=proposal.dimension,
            measure_uids=[str(m.uid) for m in proposal.measures],
        )
        overview.refresh_from_db()
        services.update_theme(
            actor=actor,
            theme=made,
            title=theme,
            summary=f"{theme}: every section wants one",
            pass_up=True,
            comment="",
            revision=overview.revision,
        )
    overview.refresh_from_db()
    overview = services.save_text(
        actor=actor, overview=overview, summary=summary, comment="", revision=overview.revision
    )
    return services.send(actor=actor, overview=overview, revision=overview.revision)


def set_rates(survey: SurveyRound) -> None:
    for unit in survey.units.all():
        invited, submitted = COUNTS[unit.code]
        unit.invited_count, unit.submitted_count = invited, submitted
        unit.save(update_fields=["invited_count", "submitted_count"])
    rates.refresh(round=survey)


def build_committee_scene(p: Personas) -> CommitteeScene:
    scene = build_scene(p)
    survey = scene.round
    set_rates(survey)
    StaffRelease.objects.create(round=survey, round_unit=survey.units.get(code="HF-01"))
    music = services.get_or_start(actor=p.head, unit=p.org.music, round=survey)
    _send(p.head, music, escalate=[scene.rooms, scene.budget], theme="Staff meetings",
          summary="Music: meeting places and workload")  # fmt: skip
    faculty = services.get_or_start(actor=p.admin, unit=p.org.hf, round=survey)
    _send(p.admin, faculty, escalate=[scene.rooms], theme="Meeting places", summary="HF overall")
    compilation = services.start_compilation(actor=p.hr, faculty=p.org.hf, round=survey)
    services.send(actor=p.hr, overview=compilation, revision=compilation.revision)
    compilation.refresh_from_db()
    decision = services.decide(
        actor=p.dean,
        compilation=compilation,
        item=compilation.escalations.get(measure=scene.rooms),
        outcome=Outcome.RECTOR,
        text="Rooms are an institution matter.",
    )
    scene.rooms.refresh_from_db()
    scene.budget.refresh_from_db()
    return CommitteeScene(survey, scene.rooms, scene.budget, compilation, decision)
