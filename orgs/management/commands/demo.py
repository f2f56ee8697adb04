"""`medvirk demo [--reset]`: build the demo university and print one login per role."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from orgs.models import OrgUnit, Person, Role, RoleAssignment
from orgs.role_services import RoleRequest, assign_role
from surveys.instrument_services import CORE_INSTRUMENT
from surveys.models import Instrument, SurveyRound
from surveys.services import RoundSettings, create_round
from surveys.simulate import simulate_closed_round

DATA_DIR = Path(settings.BASE_DIR) / "data" / "vestfjord"
PASSWORD = "medvirk-demo-2026"  # noqa: S105 – printed on purpose: synthetic demo data only
# A fixed secret so the demo's authenticator-app entry survives `--reset`; demo only.
DEMO_TOTP_SECRET = "MEDVIRKDEMOTOTPSECRETXXXXXXXXXX2"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    label: str
    pick: str  # how to choose the person: "member", "leader", "section_leader" or "employee"
    unit_code: str  # where the person is picked (and the role is held)
    role: str | None = None  # a role to assign; leaders have theirs from the import
    subtree: bool = True
    mfa: bool = False
    role_unit: str = ""  # where the role is held, when not where the person is picked


LOGINS = [
    DemoLogin(
        "Administrator (working group)",
        "member",
        "ADM",
        Role.ADMINISTRATOR,
        mfa=True,
        role_unit="ROOT",
    ),
    DemoLogin("HR partner, Faculty of Humanities", "member", "HF", Role.HR_PARTNER, mfa=True),
    DemoLogin("Rector (top management)", "member", "ADM", Role.TOP_MANAGEMENT, role_unit="ROOT"),
    DemoLogin("Dean, Faculty of Humanities", "leader", "HF", Role.TOP_MANAGEMENT),
    DemoLogin("Head of department (leader)", "leader", "HF-02", Role.LEADER),
    DemoLogin("Section leader", "section_leader", "HF-02"),
    DemoLogin("Safety representative", "member", "HF-02", Role.SAFETY_REP),
    DemoLogin("Union representative", "member", "HF-03", Role.UNION_REP),
    DemoLogin("Process facilitator", "member", "ADM", Role.FACILITATOR, role_unit="HF-02"),
    DemoLogin("Employee", "employee", "HF-02"),
]


class Command(BaseCommand):
    help = "Build the demo university (synthetic data) and create one login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete the demo database first.")

    def handle(self, *args: Any, reset: bool, **options: Any) -> None:
        if not (settings.DEMO or settings.DEBUG):
            raise CommandError("The demo runs only with MEDVIRK_DEMO=1 (it prints passwords).")
        if reset and connection.vendor == "sqlite":
            connection.close()
            Path(settings.DATABASES["default"]["NAME"]).unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command(
            "importorg",
            str(DATA_DIR / "units.csv"),
            str(DATA_DIR / "people.csv"),
            stdout=io.StringIO(),
        )
        call_command("loadinstrument", str(CORE_INSTRUMENT), stdout=io.StringIO())
        rows = self._create_logins()
        rounds = self._create_rounds()
        self._print(rows)
        self.stdout.write("Survey rounds: " + "; ".join(rounds))
        self.stdout.write("")
        call_command("demoteams", stdout=self.stdout)
        call_command("demoplans", stdout=self.stdout)
        call_command("demooverviews", stdout=self.stdout)
        call_command("demomeetings", stdout=self.stdout)
        call_command("democonversations", stdout=self.stdout)

    def _create_rounds(self) -> list[str]:
        """Two closed rounds of the whole university (the later one compares with the earlier)
        and a draft round for the Faculty of Humanities that the administrator can open."""
        if SurveyRound.objects.exists():
            return [str(r) for r in SurveyRound.objects.order_by("opens_on")]
        instrument = Instrument.objects.filter(code="medvirk-core").latest("version")
        root = OrgUnit.objects.current().get(parent__isnull=True)
        earlier = simulate_closed_round(
            instrument=instrument,
            scope=root,
            name="Arbeidsmiljøundersøkelsen 2023",
            opens_on=dt.date(2023, 10, 2),
            closes_on=dt.date(2023, 10, 23),
            rate=0.66,
            seed=2023,
        )
        later = simulate_closed_round(
            instrument=instrument,
            scope=root,
            name="Arbeidsmiljøundersøkelsen 2026",
            opens_on=dt.date(2026, 9, 14),
            closes_on=dt.date(2026, 10, 5),
            rate=0.74,
            seed=2026,
        )
        later.previous_round = earlier
        later.save(update_fields=["previous_round"])
        # The earlier round's reports are released, so that the later one, once the
        # administrator releases it, compares with them.
        from reports import build

        build.build_release(release=build.start_release(actor=None, round=earlier))
        today = timezone.localdate()
        draft = create_round(
            actor=None,
            values=RoundSettings(
                name="Pulsmåling HF",
                instrument=instrument,
                scope=OrgUnit.objects.current().get(code="HF"),
                opens_on=today,
                closes_on=today + dt.timedelta(days=21),
                languages=["nb", "en"],
                reminder_dates=[today + dt.timedelta(days=7), today + dt.timedelta(days=14)],
            ),
        )
        return [
            str(earlier) + " (reports released)",
            str(later) + " (closed: release its reports as the administrator)",
            str(draft) + " (draft, ready to open)",
        ]

    @transaction.atomic
    def _create_logins(self) -> list[tuple[str, str, str]]:
        rows = []
        taken: set[int] = set()
        for login in LOGINS:
            person = self._pick_person(login, taken)
            taken.add(person.pk)
            if login.role:
                unit = OrgUnit.objects.current().get(code=login.role_unit or login.unit_code)
                already = RoleAssignment.objects.filter(person=person, role=login.role, unit=unit)
                if not already.exists():
                    # Through the same service as the roles page, so the audit log shows it.
                    assign_role(
                        actor=None,
                        request=RoleRequest(
                            person=person, role=login.role, unit=unit, include_subtree=login.subtree
                        ),
                    )
            user, _ = User.objects.get_or_create(email=person.email, defaults={"person": person})
            user.person = person
            user.set_password(PASSWORD)
            user.save()
            if (
                login.mfa
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                TOTP.activate(user, DEMO_TOTP_SECRET)
            rows.append((login.label, person.email, person.unit.code))
        return rows

    def _pick_person(self, login: DemoLogin, taken: set[int]) -> Person:
        leaders = RoleAssignment.objects.filter(role=Role.LEADER).exclude(person_id__in=taken)
        if login.pick == "leader":
            found = leaders.filter(unit__code=login.unit_code).select_related("person").first()
        elif login.pick == "section_leader":
            found = (
                leaders.filter(unit__kind="section", unit__code__startswith=f"{login.unit_code}-")
                .select_related("person")
                .order_by("unit__code")
                .first()
            )
        else:
            found = None
        if found is not None:
            return found.person
        people = (
            Person.objects.active()
            .exclude(pk__in=taken)
            .exclude(pk__in=RoleAssignment.objects.values("person_id"))
            .order_by("employee_id")
        )
        in_unit = people.filter(unit__code=login.unit_code)
        # Units without staff of their own (and employees) take someone from a sub-unit.
        below = people.filter(unit__code__startswith=f"{login.unit_code}-")
        person = (None if login.pick == "employee" else in_unit.first()) or below.first()
        if person is None:
            raise CommandError(
                f"The demo data has nobody to be {login.label!r} in {login.unit_code}."
            )
        return person

    def _print(self, rows: list[tuple[str, str, str]]) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS("Medvirk demo: University of Vestfjord (synthetic data)"))
        out.write(
            f"Open http://127.0.0.1:8000 and log in as any of these (password for all: {PASSWORD})"
        )
        out.write("")
        width = max(len(r[0]) for r in rows)
        for label, email, unit in rows:
            out.write(f"  {label.ljust(width)}  {email}  ({unit})")
        out.write("")
        out.write(
            "Administrator and HR partner need a two-factor code. Add this secret to an authenticator app,\n"
            f"or print the current code with `MEDVIRK_DEMO=1 .venv/bin/medvirk democode`:  {DEMO_TOTP_SECRET}"
        )
        out.write("")
