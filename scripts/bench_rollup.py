"""Benchmark the roll-up at institution scale: 1,100 units (eight faculties, the largest of
300 units), each with an agreed action plan of 5–7 measures in bokmål or English under focus
areas with questionnaire dimensions, one closed round of the core questionnaire with response
rates, the progress plan from the template and the cycle's steps done in most units (fact
sheets, reports released, meetings held, department overviews sent), on a scratch database of
the kind DATABASE_URL names (a temporary SQLite file, or PostgreSQL `--db-name`, dropped and
created).

Prints, in process: seeding time, the dashboard for the whole institution (`dashboard.build`:
time and queries) and the common-features proposals (`overviews.services.proposals`) for the
300-plan faculty and a typical one (loading the measures, and clustering). Then, against
gunicorn on 127.0.0.1 over real HTTP: p50/p95 of the process dashboard page for the whole
institution as an administrator, of the same data from the API, and of the faculty's
common-features page `/overviews/<round>/unit/<faculty>/` as the faculty's leader (when the
page exists).

    .venv/bin/python scripts/bench_rollup.py [--requests 100] [--workers 2] [--db-name NAME] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import prodserver  # noqa: E402

# Faculty (code, bokmål, English, units in its subtree incl. itself): 1 + 1,099 = 1,100 units.
FACULTIES = [
    ("MED", "Det medisinske fakultet", "Faculty of Medicine", 300),
    ("MN", "Det matematisk-naturvitenskapelige fakultet", "Faculty of Science", 190),
    ("SV", "Det samfunnsvitenskapelige fakultet", "Faculty of Social Sciences", 150),
    ("HF", "Det humanistiske fakultet", "Faculty of Humanities", 130),
    ("UV", "Det utdanningsvitenskapelige fakultet", "Faculty of Education", 110),
    ("JUS", "Det juridiske fakultet", "Faculty of Law", 90),
    ("KHM", "Kunsthøgskolen", "Academy of the Arts", 70),
    ("ADM", "Fellesadministrasjonen", "Central Administration", 59),
]
SUBJECTS = [
    ("biologi", "Biology"), ("kjemi", "Chemistry"), ("fysikk", "Physics"),
    ("matematikk", "Mathematics"), ("informatikk", "Informatics"), ("geofag", "Geosciences"),
    ("psykologi", "Psychology"), ("sosiologi", "Sociology"), ("økonomi", "Economics"),
    ("statsvitenskap", "Political Science"), ("historie", "History"), ("filosofi", "Philosophy"),
    ("lingvistikk", "Linguistics"), ("musikk", "Music"), ("pedagogikk", "Education"),
    ("helsefag", "Health Sciences"), ("klinisk medisin", "Clinical Medicine"),
    ("samfunnsmedisin", "Community Medicine"), ("odontologi", "Dentistry"),
    ("offentlig rett", "Public Law"), ("privatrett", "Private Law"), ("design", "Design"),
    ("kunsthistorie", "Art History"), ("arkeologi", "Archaeology"), ("farmasi", "Pharmacy"),
]  # fmt: skip

# Measure ideas per questionnaire dimension: (bokmål title, English title, bokmål description,
# English description). Units vary the wording with the qualifiers below.
IDEAS: dict[str, list[tuple[str, str, str, str]]] = {
    "demands": [
        ("Fordele undervisning og veiledning jevnere", "Share teaching and supervision more evenly",
         "Gå gjennom fordelingen av undervisning og veiledning på et felles møte hvert semester",
         "Review how teaching and supervision are shared at a joint meeting every semester"),
        ("Skjermet tid til forskning", "Protected time for research",
         "Sette av én dag i uka uten møter for forskning og skriving",
         "Keep one day a week free of meetings for research and writing"),
        ("Prioritere oppgaver i travle perioder", "Prioritise tasks in busy periods",
         "Lederen går gjennom oppgavelistene med hver enkelt før eksamensperioden og sier nei til nye prosjekter",
         "The leader reviews task lists with everyone before the exam period and declines new projects"),
        ("Færre og kortere møter", "Fewer and shorter meetings",
         "Kutte faste møter til 45 minutter og sende saksliste dagen før",
         "Cut standing meetings to 45 minutes and send the agenda the day before"),
        ("Avklare forventninger til e-post utenom arbeidstid", "Agree on e-mail outside working hours",
         "Lage felles retningslinjer for e-post og meldinger på kveld og i helger",
         "Write shared guidelines for e-mail and messages in the evenings and at weekends"),
    ],
    "job_resources": [
        ("Tydelige stillingsbeskrivelser", "Clear job descriptions",
         "Oppdatere stillingsbeskrivelsene for alle i enheten i medarbeidersamtalen",
         "Update everyone's job description in the appraisal talk"),
        ("Plan for kompetanseutvikling", "A plan for professional development",
         "Lage en individuell plan for kompetanseutvikling for hver ansatt med kurs og tid avsatt",
         "Make an individual development plan for every employee with courses and time set aside"),
        ("Opplæring i nye digitale verktøy", "Training in new digital tools",
         "Holde korte kurs i de nye systemene for alle ansatte i løpet av høsten",
         "Hold short courses on the new systems for all staff during the autumn"),
        ("Mer innflytelse over egen arbeidsdag", "More say over one's working day",
         "Prøve ut fleksibel arbeidstid og hjemmekontor én dag i uka",
         "Try flexible hours and working from home one day a week"),
    ],
    "social_resources": [
        ("Felles lunsj hver uke", "A shared lunch every week",
         "Spise lunsj sammen hver fredag i fellesrommet, for hele enheten",
         "Have lunch together every Friday in the common room, for the whole unit"),
        ("Fadderordning for nyansatte", "Buddies for new employees",
         "Gi alle nyansatte en fadder de første tre månedene med et fast møte hver uke",
         "Give every new employee a buddy for the first three months with a weekly meeting"),
        ("Sosiale arrangementer i semesteret", "Social events during the semester",
         "Arrangere to sosiale samlinger i semesteret som alle kan delta på i arbeidstiden",
         "Arrange two social gatherings a semester that everyone can join during working hours"),
        ("Kurs i konflikthåndtering", "A course in handling conflicts",
         "Tilby et kurs i konflikthåndtering og å gi tilbakemeldinger til alle ansatte",
         "Offer a course in handling conflicts and giving feedback to all staff"),
        ("Rutiner for å si fra om uønsket atferd", "How to report unwanted behaviour",
         "Gå gjennom varslingsrutinene på et allmøte og gjøre dem lett tilgjengelige",
         "Go through the whistleblowing procedures at an all-hands meeting and make them easy to find"),
    ],
    "leadership": [
        ("Medarbeidersamtaler hvert halvår", "Appraisal talks twice a year",
         "Holde medarbeidersamtale med alle to ganger i året, med oppfølging av avtalene",
         "Hold an appraisal talk with everyone twice a year and follow up what was agreed"),
        ("Informasjon om beslutninger", "Information about decisions",
         "Sende et kort nyhetsbrev hver fredag med ukens beslutninger og hva de betyr for oss",
         "Send a short newsletter every Friday with the week's decisions and what they mean for us"),
        ("Lederen er mer til stede", "A more present leader",
         "Lederen har faste kontortimer og deltar på lunsj og allmøter",
         "The leader keeps fixed office hours and joins lunches and all-hands meetings"),
        ("Anerkjenne godt arbeid", "Recognise good work",
         "Takke for godt arbeid i allmøtet og i nyhetsbrevet hver måned",
         "Thank people for good work at the all-hands meeting and in the newsletter every month"),
    ],
    "environment": [
        ("Bedre ventilasjon og støydemping", "Better ventilation and less noise",
         "Måle inneklima og støy i kontorlandskapet og bestille tiltak fra Eiendom",
         "Measure air quality and noise in the open-plan office and order improvements from Estates"),
        ("Stillerom for konsentrert arbeid", "Quiet rooms for focused work",
         "Gjøre om to møterom til stillerom som kan bookes",
         "Turn two meeting rooms into quiet rooms that can be booked"),
        ("Bedre IT-støtte", "Better IT support",
         "Få en fast kontaktperson i IT-avdelingen og svar på henvendelser innen to dager",
         "Get a fixed contact in the IT department and answers to requests within two days"),
    ],
    "motivation": [
        ("Synliggjøre hva vi får til", "Show what we achieve",
         "Presentere enhetens resultater og prosjekter på allmøtet hvert semester",
         "Present the unit's results and projects at the all-hands meeting every semester"),
        ("Faglige seminarer på tvers", "Seminars across groups",
         "Holde et faglig seminar i måneden der en gruppe forteller om arbeidet sitt",
         "Hold a monthly seminar where one group presents its work"),
    ],
    "strain": [
        ("Forebygge utbrenthet", "Prevent burnout",
         "Lederen tar opp arbeidsbelastning og helse i hver medarbeidersamtale og følger opp",
         "The leader raises workload and health in every appraisal talk and follows up"),
        ("Trening i arbeidstiden", "Exercise during working hours",
         "Gi alle én time trening i uka i arbeidstiden",
         "Give everyone one hour of exercise a week during working hours"),
    ],
}  # fmt: skip
FOCUS = {
    "demands": ("Arbeidsmengde", "Workload"),
    "job_resources": ("Kompetanse og rolle", "Competence and role"),
    "social_resources": ("Samarbeid og trivsel", "Collaboration and wellbeing"),
    "leadership": ("Ledelse og informasjon", "Leadership and information"),
    "environment": ("Lokaler og utstyr", "Premises and equipment"),
    "motivation": ("Mening og engasjement", "Meaning and engagement"),
    "strain": ("Helse og overskudd", "Health and energy"),
}
QUALIFIERS_NB = ["", "", "i høstsemesteret", "fra januar", "for stipendiatene", "for teknisk-administrativt ansatte", "i eksamensperioden"]  # fmt: skip
QUALIFIERS_EN = ["", "", "from the autumn", "starting in January", "for the PhD fellows", "for the technical and administrative staff"]  # fmt: skip
STATUSES = ["planned"] * 4 + ["in_progress"] * 4 + ["done", "postponed"]


def _tree(rng: random.Random) -> list[dict[str, Any]]:
    """The units, parents before children: code, parent code, names, kind."""
    units = [
        {"code": "UVF", "parent": None, "nb": "Universitetet i Vestfjord",
         "en": "University of Vestfjord", "kind": "institution"},
    ]  # fmt: skip
    for code, nb, en, size in FACULTIES:
        units.append({"code": code, "parent": "UVF", "nb": nb, "en": en, "kind": "faculty"})
        departments = max(3, size // 20)
        sections_each = 4
        made = 1
        dept_codes = []
        for d in range(departments):
            nb_subject, en_subject = rng.choice(SUBJECTS)
            dept = f"{code}-{d + 1:02d}"
            dept_codes.append(dept)
            units.append({"code": dept, "parent": code, "nb": f"Institutt for {nb_subject}",
                          "en": f"Department of {en_subject}", "kind": "department"})  # fmt: skip
            made += 1
        sections: list[str] = []
        for s in range(sections_each):
            for dept in dept_codes:
                if made >= size:
                    break
                section = f"{dept}-{s + 1:02d}"
                sections.append(section)
                units.append({"code": section, "parent": dept, "nb": f"Seksjon {s + 1}",
                              "en": f"Section {s + 1}", "kind": "section"})  # fmt: skip
                made += 1
        g = 0
        while made < size:
            section = sections[g % len(sections)]
            number = g // len(sections) + 1
            units.append({"code": f"{section}-{number:02d}", "parent": section,
                          "nb": f"Forskergruppe {number}", "en": f"Research group {number}",
                          "kind": "group"})  # fmt: skip
            made += 1
            g += 1
    return units


def _measure_texts(rng: random.Random, dimension: str, english: bool) -> tuple[str, str]:
    nb_title, en_title, nb_text, en_text = rng.choice(IDEAS[dimension])
    if english:
        qualifier = rng.choice(QUALIFIERS_EN)
        return f"{en_title} {qualifier}".strip(), f"{en_text} {qualifier}".strip()
    qualifier = rng.choice(QUALIFIERS_NB)
    return f"{nb_title} {qualifier}".strip(), f"{nb_text} {qualifier}".strip()


def _timed(function: Any) -> tuple[Any, float, int]:
    """(result, seconds, database queries) of calling `function`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    return result, seconds, len(queries)


def _prepare() -> None:
    """In the child process: build everything, time the in-process parts, print one JSON line."""
    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from actions import services as plan_services
    from actions.models import (
        ActionPlan,
        FocusArea,
        Measure,
        PlanStatus,
        PlanVersion,
        Signature,
        SignatureRole,
    )
    from api import services as api_services
    from meetings.models import Meeting, MeetingStatus
    from orgs.models import OrgUnit, Person, Role, RoleAssignment
    from overviews import services as overview_services
    from progress import dashboard
    from progress import services as progress_services
    from progress.models import FactSheet
    from reports.models import StaffRelease
    from surveys import rates
    from surveys.models import Instrument, RoundStatus, SurveyRound
    from surveys.unit_division import freeze_units

    seeding = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command(
        "loadinstrument", str(ROOT / "surveys" / "instruments" / "medvirk-core.yaml"), verbosity=0
    )
    rng = random.Random(2026)
    org: dict[str, OrgUnit] = {}
    with transaction.atomic():
        for row in _tree(rng):
            org[row["code"]] = OrgUnit.objects.create_unit(
                code=row["code"],
                name_nb=row["nb"],
                name_en=row["en"],
                kind=row["kind"],
                parent=org[row["parent"]] if row["parent"] else None,
            )
    units = list(org.values())
    survey = SurveyRound.objects.create(
        name="Arbeidsmiljøundersøkelsen 2026",
        instrument=Instrument.objects.get(code="medvirk-core"),
        scope=org["UVF"],
        status=RoundStatus.CLOSED,
        languages=["nb", "en"],
        opens_on=dt.date(2026, 3, 2),
        closes_on=dt.date(2026, 3, 23),
    )
    frozen = freeze_units(survey, OrgUnit.objects.current().subtree_of(org["UVF"]))
    for round_unit in frozen.values():
        round_unit.invited_count = rng.randint(0, 25)
        round_unit.submitted_count = int(round_unit.invited_count * rng.uniform(0.5, 0.9))
        round_unit.save(update_fields=["invited_count", "submitted_count"])
    rates.refresh(round=survey)
    progress_services.create_from_template(actor=None, round=survey)

    # The cycle so far: fact sheets, reports released, meetings held in most units.
    now = timezone.now()
    FactSheet.objects.bulk_create(
        FactSheet(round=survey, unit=u, kind="before", changes="Ingen store endringer.",
                  completed=True, revision=1)
        for u in units if rng.random() < 0.85
    )  # fmt: skip
    StaffRelease.objects.bulk_create(
        StaffRelease(round=survey, round_unit=frozen[u.code]) for u in units if rng.random() < 0.9
    )
    meetings = []
    for u in units:
        for kind, share, days in (("preparation", 0.9, 20), ("mapping", 0.85, 45),
                                  ("action", 0.8, 75)):  # fmt: skip
            if rng.random() < share:
                start = dt.datetime(2026, 3, 23, 9, tzinfo=dt.UTC) + dt.timedelta(days=days)
                meetings.append(Meeting(unit=u, round=survey, kind=kind, title=kind.title(),
                                        starts_at=start, ends_at=start + dt.timedelta(hours=2),
                                        status=MeetingStatus.HELD))  # fmt: skip
    Meeting.objects.bulk_create(meetings, batch_size=1000)

    # An agreed plan per unit: 2–4 focus areas with dimensions, 5–7 measures under them.
    english_units = {u.pk for u in units if rng.random() < 0.25}
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(unit=u, round=survey, status=PlanStatus.AGREED, version=1, revision=2)
        for u in units
    )
    areas: list[FocusArea] = []
    area_plan: list[tuple[ActionPlan, str]] = []
    for plan in plans:
        english = plan.unit_id in english_units
        for position, dimension in enumerate(rng.sample(sorted(IDEAS), rng.randint(2, 4))):
            nb, en = FOCUS[dimension]
            areas.append(FocusArea(unit_id=plan.unit_id, round=survey, kind="improve",
                                   title=en if english else nb, dimension=dimension,
                                   position=position, source="meeting"))  # fmt: skip
            area_plan.append((plan, dimension))
    areas = FocusArea.objects.bulk_create(areas, batch_size=1000)
    by_plan: dict[int, list[tuple[FocusArea, str]]] = {}
    for area, (plan, dimension) in zip(areas, area_plan, strict=True):
        by_plan.setdefault(plan.pk, []).append((area, dimension))
    measures = []
    for plan in plans:
        english = plan.unit_id in english_units
        for position in range(rng.randint(5, 7)):
            area, dimension = rng.choice(by_plan[plan.pk])
            title, description = _measure_texts(rng, dimension, english)
            begins = dt.date(2026, 6, 1) + dt.timedelta(days=rng.randint(0, 60))
            measures.append(
                Measure(plan=plan, focus_area=area, position=position, title=title,
                        description=description,
                        indicator="Andel som svarer positivt i pulsmålingen" if not english
                        else "Share answering favourably in the pulse survey",
                        target="Minst 75 %" if not english else "At least 75 %",
                        agreed_at=dt.date(2026, 6, 10), agreed_where="Tiltaksmøtet",
                        within_authority=rng.random() > 0.1, start=begins,
                        due=begins + dt.timedelta(days=rng.randint(60, 300)),
                        responsible_name="Leder", status=rng.choice(STATUSES))
            )  # fmt: skip
    Measure.objects.bulk_create(measures, batch_size=1000)
    versions, signatures = [], []
    for plan in ActionPlan.objects.select_related("unit", "round"):
        versions.append(PlanVersion(plan=plan, number=1, snapshot=plan_services.snapshot(plan),
                                    agreed_at=now, agreed_by_name="Leder"))  # fmt: skip
        signatures.append(Signature(plan=plan, version=1, role=SignatureRole.LEADER,
                                    name="Leder", signed_at=now))  # fmt: skip
    PlanVersion.objects.bulk_create(versions, batch_size=500)
    Signature.objects.bulk_create(signatures, batch_size=1000)

    # Readers: an administrator of the institution and the leader of each faculty.
    def reader(key: str, unit: OrgUnit, role: str) -> tuple[User, str]:
        person = Person.objects.create(employee_id=f"BENCH-{key}", given_name="Bench",
                                       family_name=key, email=f"{key}@bench.test", unit=unit)  # fmt: skip
        user = User.objects.create_user(email=f"{key}@bench.test", password="x" * 20, person=person)
        RoleAssignment.objects.create(person=person, role=role, unit=unit, include_subtree=True)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return user, str(session.session_key)

    admin, admin_session = reader("admin", org["UVF"], Role.ADMINISTRATOR)
    TOTP.activate(admin, generate_totp_secret())
    _token, token = api_services.create_token(owner=admin, name="bench", actor=admin)
    leaders = {code: reader(code.lower(), org[code], Role.LEADER) for code in ("MED", "HF")}

    # Department overviews sent up (the dashboard's "plan sent up" column).
    departments = [u for u in units if u.kind == "department"]
    heads = {}
    for unit in departments:
        if unit.parent and unit.parent.code == "MED":
            continue  # the largest faculty's departments have not sent yet
        overview = overview_services.get_or_start(actor=None, unit=unit, round=survey)
        overview = overview_services.save_text(
            actor=None, overview=overview, summary=f"Oppsummering for {unit.name_nb}.",
            comment="", revision=overview.revision,
        )  # fmt: skip
        overview_services.send(actor=None, overview=overview, revision=overview.revision)
        heads[unit.code] = overview.uid
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of a bulk load: without statistics the planner
        # takes the freshly filled tables for empty (a nested loop over 1,100 × 1,100 rows).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seeding = time.perf_counter() - seeding

    # In process: the dashboard for the whole institution, and the proposals per faculty.
    dashboard.for_user(admin, survey)  # warm up (translations, the instrument)
    _data, build_seconds, build_queries = _timed(lambda: dashboard.for_user(admin, survey))
    from lib import clustering as lib_clustering

    started = time.perf_counter()
    lib_clustering.propose(
        [lib_clustering.Item(str(i), text, "d", "U") for i, text in enumerate(["a b", "a c"])]
    )
    first_call = time.perf_counter() - started  # imports scikit-learn, as a worker's first page
    clustering: dict[str, Any] = {}
    for code in ("MED", "HF"):
        user = leaders[code][0]
        overview = overview_services.get_or_start(actor=user, unit=org[code], round=survey)
        loaded, load_seconds, load_queries = _timed(
            lambda code=code: overview_services.measure_rows(org[code], survey, language="nb")
        )
        cache.clear()  # the first view: nothing clustered yet
        cpu = time.process_time()
        found, seconds, queries = _timed(
            lambda overview=overview, loaded=loaded: overview_services.proposals(overview, loaded)
        )
        cpu = time.process_time() - cpu
        warm_cpu = time.process_time()
        _found, warm_seconds, warm_queries = _timed(
            lambda overview=overview, loaded=loaded: overview_services.proposals(overview, loaded)
        )
        warm_cpu = time.process_time() - warm_cpu
        clustering[code] = {
            "plans": ActionPlan.objects.filter(unit__path__startswith=org[code].path).count(),
            "measures": len(loaded),
            "load_seconds": load_seconds,
            "load_queries": load_queries,
            "seconds": seconds,
            "cpu_seconds": cpu,
            "queries": queries,
            "warm_seconds": warm_seconds,
            "warm_cpu_seconds": warm_cpu,
            "warm_queries": warm_queries,
            "groups": len(found),
            "across_units": sum(len(p.units) > 1 for p in found),
        }
    cache.clear()  # so that the first page view over HTTP clusters
    print(
        json.dumps(
            {
                "seeding": seeding,
                "units": len(units),
                "measures": Measure.objects.count(),
                "english_units": len(english_units),
                "overviews_sent": len(heads),
                "round": str(survey.uid),
                "admin_session": admin_session,
                "token": token,
                "leaders": {
                    code: {"session": session, "unit": str(org[code].uid)}
                    for code, (_user, session) in leaders.items()
                },
                "build": {"seconds": build_seconds, "queries": build_queries},
                "clustering": clustering,
                "first_call": first_call,
            }
        )
    )


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(prodserver.HOST, port, timeout=120)
    try:
        conn.request("GET", path, headers={"Accept-Language": "en", **headers})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def _measure(
    server: prodserver.Server, path: str, headers: dict[str, str], count: int, concurrency: int
) -> dict[str, float]:
    """Latencies, and the CPU per request of gunicorn (master and workers) and of the
    PostgreSQL backends serving it: on a shared machine the comparable figure."""
    backends = prodserver.database_backends(server.database_url)
    server_cpu, database_cpu = server.cpu_seconds(), prodserver.process_cpu(backends)
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _i: _get(server.port, path, headers), range(count)))
    server_cpu = server.cpu_seconds() - server_cpu
    database_cpu = prodserver.process_cpu(backends) - database_cpu
    bad = [status for status, _t in results if status != 200]
    if bad:
        raise RuntimeError(f"{len(bad)} requests to {path} failed: {bad[:5]}")
    times = sorted(t for _s, t in results)
    return {
        "p50": statistics.median(times) * 1000,
        "p95": times[min(len(times) - 1, int(0.95 * len(times)))] * 1000,
        "max": times[-1] * 1000,
        "server_cpu": server_cpu / count * 1000,
        "database_cpu": database_cpu / count * 1000,
    }


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    if sys.argv[1:] == ["--prepare"]:
        _prepare()
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--concurrency", type=int, default=2, help="requests at once")
    parser.add_argument("--db-name", default="medvirk_bench_rollup", help="PostgreSQL only")
    parser.add_argument("--keep", action="store_true", help="keep the database for profiling")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="medvirk-bench-rollup-"))
    database_url = prodserver.scratch_database(args.db_name, scratch)
    kind = "PostgreSQL" if prodserver.is_postgres(database_url) else "SQLite"
    print(f"database: {kind}; load average {_load()}; seeding 1,100 units with agreed plans …")
    try:
        done = subprocess.run(
            [sys.executable, "scripts/bench_rollup.py", "--prepare"],
            cwd=ROOT,
            env=prodserver.environment(database_url),
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"seeded {result['units']} units, {result['measures']} measures "
            f"({result['english_units']} units write in English), "
            f"{result['overviews_sent']} department overviews sent, in {result['seeding']:.1f} s"
        )
        build = result["build"]
        print(
            f"dashboard.build, whole institution: {build['seconds'] * 1000:.0f} ms, "
            f"{build['queries']} queries"
        )
        print(f"first clustering in a process (imports scikit-learn): {result['first_call']:.2f} s")
        for code, c in result["clustering"].items():
            print(
                f"proposals for {code} ({c['plans']} plans, {c['measures']} measures): loading "
                f"them {c['load_seconds']:.2f} s ({c['load_queries']} queries); proposals, "
                f"clustering {c['seconds']:.2f} s wall / {c['cpu_seconds']:.2f} s CPU "
                f"({c['queries']} queries), again from the cache {c['warm_seconds']:.3f} s / "
                f"{c['warm_cpu_seconds']:.3f} s CPU ({c['warm_queries']} queries); "
                f"{c['groups']} groups, {c['across_units']} across units"
            )

        uid = result["round"]
        admin = {"Cookie": f"sessionid={result['admin_session']}"}
        pages = [
            ("dashboard page, whole institution (administrator)",
             f"/progress/{uid}/dashboard/", admin),
            ("dashboard API, whole institution (administrator)",
             f"/api/v1/rounds/{uid}/dashboard", {"Authorization": f"Bearer {result['token']}"}),
        ]  # fmt: skip
        for code, leader in result["leaders"].items():
            pages.append(
                (f"common-features page of {code} (its leader)",
                 f"/overviews/{uid}/unit/{leader['unit']}/",
                 {"Cookie": f"sessionid={leader['session']}"})
            )  # fmt: skip
        with prodserver.Server(database_url, workers=args.workers) as server:
            for label, path, headers in pages:
                status, seconds = _get(server.port, path, headers)
                if status == 404:
                    print(f"{label}: not available ({path} answers 404)")
                    continue
                _measure(server, path, headers, 4, args.concurrency)  # warm up
                before = _load()
                numbers = _measure(server, path, headers, args.requests, args.concurrency)
                database = (
                    f" + database {numbers['database_cpu']:.0f} ms"
                    if prodserver.is_postgres(database_url)
                    else ""
                )
                print(
                    f"{label}: first request {seconds * 1000:.0f} ms; {args.requests} requests, "
                    f"{args.concurrency} at once, {args.workers} workers: p50 "
                    f"{numbers['p50']:.0f} ms, p95 {numbers['p95']:.0f} ms, max "
                    f"{numbers['max']:.0f} ms; CPU per request: server "
                    f"{numbers['server_cpu']:.0f} ms{database}; load {before} → {_load()}"
                )
        print(f"load average at the end {_load()}")
    finally:
        if args.keep:
            print(f"kept the database: DATABASE_URL={database_url}")
        elif prodserver.is_postgres(database_url):
            prodserver.drop_database(database_url)


if __name__ == "__main__":
    main()
