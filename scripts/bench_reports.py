"""Benchmark releasing and reading reports at institution scale, through the database: a
closed round of 15,000 responses in 1,100 units with 80 questions (70 scale items in 14
indices, 10 fact items, four background variables) and a released previous round (14,000
responses, some units moved), on a scratch database of the kind DATABASE_URL names (a
temporary SQLite file, or PostgreSQL `medvirk_bench_reports`, dropped and created).

Prints, for `buildreports` on the current round: the time of each phase (reading responses,
statistics + disclosure control, the audit together with nothing earlier, writing 1,100 unit
reports) and peak memory; then, against gunicorn on 127.0.0.1, the p50/p95 of the overview
page and of unit report pages over real HTTP.

    .venv/bin/python scripts/bench_reports.py [--requests 200] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
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
sys.path.insert(0, str(ROOT / "scripts"))

from tests import prodserver  # noqa: E402

BACKGROUND = {
    "position_group": ["academic", "technical", "administrative", "leader"],
    "age_group": ["-29", "30-44", "45-59", "60-"],
    "gender": ["f", "m", "x"],
    "employment": ["permanent", "temporary"],
}


def _prepare() -> None:
    """In the child process: build the org, both rounds, release the previous one, then time
    the release of the current one. Prints one JSON line."""
    import django

    django.setup()
    from bench_reports_engine import build_instrument, build_tree
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction

    from accounts.models import User
    from lib import instrument as instrument_format
    from orgs.models import OrgUnit, Person, Role, RoleAssignment, UnitKind
    from reports import build
    from surveys.instrument_services import sha256
    from surveys.models import Instrument, Response, RoundStatus, SurveyRound
    from surveys.unit_division import freeze_units

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    rng = random.Random(2026)
    source = instrument_format.dump(build_instrument())
    instrument = Instrument.objects.create(
        code="bench",
        version=1,
        title_nb="Benk",
        title_en="Bench",
        source=source,
        sha256=sha256(source),
    )
    units = build_tree(rng)
    kinds = [UnitKind.INSTITUTION, UnitKind.FACULTY, UnitKind.DEPARTMENT, UnitKind.SECTION]
    org: dict[str, OrgUnit] = {}
    depth: dict[str, int] = {}
    with transaction.atomic():
        for unit in units:
            depth[unit.code] = 0 if unit.parent is None else depth[unit.parent] + 1
            org[unit.code] = OrgUnit.objects.create_unit(
                code=unit.code,
                name_nb=f"Enhet {unit.code}",
                name_en=f"Unit {unit.code}",
                kind=kinds[min(depth[unit.code], 3)] if depth[unit.code] < 4 else UnitKind.GROUP,
                parent=org[unit.parent] if unit.parent else None,
            )
    codes = [u.code for u in units]

    def fill(survey: SurveyRound, count: int) -> None:
        frozen = freeze_units(survey, org.values())
        weights = [rng.choice([0.2, 1, 1, 2, 4]) for _ in codes]
        homes = rng.choices(codes, weights=weights, k=count)
        rows = []
        for home in homes:
            mood = rng.random()
            answers: dict[str, Any] = {}
            for q in range(70):
                roll = rng.random()
                if roll < 0.04:
                    continue
                answers[f"Q{q}"] = (
                    "na" if roll < 0.06 else min(5, max(1, round(1 + 4 * mood + rng.gauss(0, 1))))
                )
            for f in range(10):
                if rng.random() > 0.05:
                    answers[f"F{f}"] = rng.choice(["no", "no", "no", "rarely", "monthly", "weekly"])
            background = {name: rng.choice(values) for name, values in BACKGROUND.items()}
            rows.append(
                Response(
                    round=survey,
                    reporting_unit=frozen[home],
                    answers=answers,
                    background=background,
                )
            )
        Response.objects.bulk_create(rows, batch_size=2000)
        counts: dict[str, int] = {}
        for home in homes:
            counts[home] = counts.get(home, 0) + 1
        for code, unit in frozen.items():
            unit.submitted_count = counts.get(code, 0)
            unit.invited_count = int(unit.submitted_count * 1.4) + 1
            unit.save(update_fields=["submitted_count", "invited_count"])

    def new_round(name: str, previous: SurveyRound | None = None) -> SurveyRound:
        import datetime as dt

        return SurveyRound.objects.create(
            name=name,
            instrument=instrument,
            scope=org["U0"],
            status=RoundStatus.CLOSED,
            languages=["nb", "en"],
            opens_on=dt.date(2026, 9, 1),
            closes_on=dt.date(2026, 9, 21),
            previous_round=previous,
        )

    previous = new_round("Bench 2023")
    fill(previous, 14000)
    build.build_release(release=build.start_release(actor=None, round=previous))
    current = new_round("Bench 2026", previous)
    fill(current, 15000)

    phases: dict[str, float] = {}
    last: list[Any] = [time.perf_counter(), "start"]

    def progress(release: Any) -> None:
        if release.phase != last[1]:
            now = time.perf_counter()
            phases[str(last[1])] = now - float(last[0])
            last[0], last[1] = now, release.phase

    cpu = time.process_time()
    wall = time.perf_counter()
    release = build.build_release(
        release=build.start_release(actor=None, round=current), progress=progress
    )
    phases[str(last[1])] = time.perf_counter() - float(last[0])
    total_wall = time.perf_counter() - wall
    total_cpu = time.process_time() - cpu

    person = Person.objects.create(
        employee_id="BENCH",
        given_name="Bench",
        family_name="Reader",
        email="bench@example.test",
        unit=org["U0"],
    )
    user = User.objects.create_user(email="bench@example.test", password="x" * 20, person=person)
    for role in (Role.TOP_MANAGEMENT, Role.LEADER):
        RoleAssignment.objects.create(
            person=person, role=role, unit=org["U0"], include_subtree=True
        )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sample = [(code, d) for code, d in release.units.values_list("code", "depth")]
    print(
        json.dumps(
            {
                "phases": phases,
                "wall": total_wall,
                "cpu": total_cpu,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "respondents": release.respondents,
                "units": release.units_done,
                "audit": release.audit,
                "round": str(current.uid),
                "session": session.session_key,
                "units_sample": sample,
            }
        )
    )


def _get(port: int, path: str, session: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(prodserver.HOST, port, timeout=60)
    try:
        conn.request(
            "GET", path, headers={"Cookie": f"sessionid={session}", "Accept-Language": "en"}
        )
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def _measure(
    server: prodserver.Server, paths: list[str], session: str, concurrency: int
) -> dict[str, float]:
    """Latencies, and the CPU per request of gunicorn (master and workers) and of the
    PostgreSQL backends serving it: on a shared machine the comparable figure."""
    backends = prodserver.database_backends(server.database_url)
    server_cpu, database_cpu = server.cpu_seconds(), prodserver.process_cpu(backends)
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda p: _get(server.port, p, session), paths))
    server_cpu = server.cpu_seconds() - server_cpu
    database_cpu = prodserver.process_cpu(backends) - database_cpu
    bad = [status for status, _t in results if status != 200]
    if bad:
        raise RuntimeError(f"{len(bad)} requests failed: {bad[:5]}")
    times = sorted(t for _s, t in results)
    return {
        "p50": statistics.median(times) * 1000,
        "p95": times[min(len(times) - 1, int(0.95 * len(times)))] * 1000,
        "max": times[-1] * 1000,
        "server_cpu": server_cpu / len(paths) * 1000,
        "database_cpu": database_cpu / len(paths) * 1000,
    }


def _numbers(numbers: dict[str, float]) -> str:
    cpu = f"server {numbers['server_cpu']:.0f} ms"
    if numbers["database_cpu"]:
        cpu += f" + database {numbers['database_cpu']:.0f} ms"
    return (
        f"p50 {numbers['p50']:.0f} ms, p95 {numbers['p95']:.0f} ms, max {numbers['max']:.0f} ms; "
        f"CPU per request: {cpu}; load {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


def main() -> None:
    if sys.argv[1:] == ["--prepare"]:
        _prepare()
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="per page kind")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--concurrency", type=int, default=2, help="requests at once")
    parser.add_argument("--keep", action="store_true", help="keep the database for profiling")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="medvirk-bench-reports-"))
    database = prodserver.scratch_database("medvirk_bench_reports", scratch)
    kind = "PostgreSQL" if prodserver.is_postgres(database) else "SQLite"
    print(f"database: {kind}; building two rounds of 14,000 and 15,000 responses in 1,100 units …")
    try:
        done = subprocess.run(
            [sys.executable, "scripts/bench_reports.py", "--prepare"],
            cwd=ROOT,
            env=prodserver.environment(database),
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"buildreports: {result['respondents']} responses, {result['units']} unit reports")
        for phase, seconds in result["phases"].items():
            print(f"  {phase:<10} {seconds:6.2f} s")
        print(f"  total      {result['wall']:6.2f} s wall, {result['cpu']:.2f} s CPU")
        audit = result["audit"]
        print(f"  audit      {audit['groups']} groups, {audit['seconds']} s, ok={audit['ok']}")
        print(f"  peak memory {result['peak_mb']:.0f} MB")

        rng = random.Random(1)
        uid, session = result["round"], result["session"]
        sample = result["units_sample"]
        with prodserver.Server(database, workers=args.workers) as server:
            overview = [
                f"/reports/{uid}/overview/?unit=U0&level={rng.choice([1, 2, 3])}"
                for _ in range(args.requests)
            ]
            _measure(server, overview[:10], session, args.concurrency)  # warm up
            numbers = _measure(server, overview, session, args.concurrency)
            print(
                f"overview page ({args.requests} requests, {args.concurrency} at once, "
                f"{args.workers} workers): {_numbers(numbers)}"
            )
            units = [f"/reports/{uid}/unit/{rng.choice(sample)[0]}/" for _ in range(args.requests)]
            status, _t = _get(server.port, units[0], session)
            if status == 404:
                print("unit report page: not available (no /reports/<round>/unit/<code>/ route)")
            else:
                _measure(server, units[:10], session, args.concurrency)
                numbers = _measure(server, units, session, args.concurrency)
                print(f"unit report page ({args.requests} requests): {_numbers(numbers)}")
    finally:
        if args.keep:
            print(f"kept the database: DATABASE_URL={database}")
        elif prodserver.is_postgres(database):
            prodserver.drop_database(database)


if __name__ == "__main__":
    main()
