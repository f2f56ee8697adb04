"""Shortcuts that run a team through its start session with the services."""

from __future__ import annotations

from teams import services
from teams.models import TeamContract
from tests.teampersonas import TeamSetup


def run_start_session(setup: TeamSetup, actor) -> TeamContract:
    session = setup.start
    services.start_session(session=session, actor=actor)
    services.go_to_step(session=session, step=1)
    services.add_note(session=session, member=setup.members[1], topic="purpose", text="Fair exams")
    services.go_to_step(session=session, step=3)
    services.add_note(
        session=session, member=setup.members[2], topic="ground_rules", text="Answer within a day"
    )
    return services.close_session(session=session, actor=actor)


def confirm_all(setup: TeamSetup, contract) -> None:
    for member in setup.team.members.active():
        services.confirm_contract(contract=contract, member=member)
