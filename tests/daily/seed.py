"""Data for the daily-run tests: the personas' university with something for three of the
daily jobs to remind about on TODAY. `python -m tests.daily.seed` migrates the database of
DATABASE_URL and fills it (for the test that runs two `medvirk daily` processes at once)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.personas import Personas

# A Monday in autumn 2027: no survey that year (the test round opened in 2026).
TODAY = dt.date(2027, 10, 4)


def something_to_remind(p: Personas) -> None:
    """Four e-mails on TODAY: a progress step coming up for the working group (Ada), a
    measure due in five days (Sofie), and no annual conversation planned yet in Music (Leif)
    and Performance (Sofie)."""
    from actions import services as actions
    from actions.models import Measure
    from progress import services as progress
    from surveys.models import RoundStatus
    from tests.actions.conftest import make_plan
    from tests.rounds import survey_round

    survey = survey_round(p.org.root, status=RoundStatus.CLOSED)
    plan = progress.create_from_template(actor=p.admin, round=survey)
    release = plan.tasks.get(title_en="Release the reports")
    plan.tasks.exclude(pk=release.pk).delete()
    release.due = TODAY + dt.timedelta(days=3)
    release.save()
    setup = make_plan(p)
    actions.agree_plan(actor=p.section_leader, plan=setup.plan, revision=setup.plan.revision,
                       reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    Measure.objects.filter(pk=setup.good.pk).update(due=TODAY + dt.timedelta(days=5))


if __name__ == "__main__":
    import django

    django.setup()
    from django.core.management import call_command

    from tests.personas import build_personas

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    something_to_remind(build_personas())
