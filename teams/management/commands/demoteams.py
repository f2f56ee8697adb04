"""`medvirk demoteams`: a Start Smart demo team of six in the demo university, facilitated
by the demo's process facilitator; prints the personal links of the members. `medvirk demo`
runs it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from orgs.models import OrgUnit, Person, Role, RoleAssignment
from teams import mail, services
from teams.models import Team

TEAM_NAME = "Start Smart: digital exams"
UNIT_CODE = "HF-02"


class Command(BaseCommand):
    help = "Create the Start Smart demo team (demo installations only) and print its links."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("The demo runs only with MEDVIRK_DEMO=1 (it prints links).")
        # The invitations would go to synthetic addresses: keep them in memory instead.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            team, facilitator, links = self._create()
        out = self.stdout
        out.write(self.style.SUCCESS(f"Start Smart demo team: {team.name} (6 members)"))
        out.write(f"  Facilitator: log in as {facilitator.email}, then Teams → {team.name}")
        out.write("  Members open their personal links (no login), e.g. on a phone:")
        for name, raw in links:
            out.write(f"    {name.ljust(28)} {mail.link_url(raw)}")
        out.write("")

    @transaction.atomic
    def _create(self) -> tuple[Team, User, list[tuple[str, str]]]:
        Team.objects.filter(name=TEAM_NAME).delete()
        unit = OrgUnit.objects.current().get(code=UNIT_CODE)
        facilitator = self._facilitator(unit)
        people = list(
            Person.objects.active()
            .filter(unit__path__startswith=unit.path)
            .exclude(pk=facilitator.person_id or 0)
            .order_by("employee_id")[:6]
        )
        if len(people) < 6:
            raise CommandError(f"The demo data has fewer than six people in {UNIT_CODE}.")
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        team = services.create_team(
            name=TEAM_NAME,
            purpose="Plan the move from paper exams to digital exams at the department.",
            unit=unit,
            facilitator=facilitator,
            members=[services.NewMember(p.full_name, p.email) for p in people],
            starts_at=timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(9, 0))),
            location="Meeting room 2, Humanities building",
            actor="medvirk demoteams",
        )
        members = team.members.order_by("name")
        return team, facilitator, [(m.name, services.issue_link(member=m)) for m in members]

    def _facilitator(self, unit: OrgUnit) -> User:
        role = (
            RoleAssignment.objects.filter(role=Role.FACILITATOR, unit=unit)
            .select_related("person")
            .first()
        )
        user = User.objects.filter(person=role.person).first() if role else None
        if user is None:
            raise CommandError("Run `medvirk demo` first: it creates the facilitator login.")
        return user
