"""Time the organisation import: 15,000 people in 1,100 units, first into an empty database,
then a re-import with about 5 % changes. Uses a scratch database of the kind DATABASE_URL names
(a temporary SQLite file, or a PostgreSQL database `medvirk_bench`, dropped and created)."""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

UNITS = 1_100
PEOPLE = 15_000
KINDS = ("faculty", "department", "section", "group")
GROUPS = ("academic", "technical_administrative", "phd_postdoc")


def _scratch_database(url: str, scratch: Path) -> str:
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{scratch / 'bench.sqlite3'}"
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS medvirk_bench")
        conn.execute("CREATE DATABASE medvirk_bench")
    return urlunsplit(parts._replace(path="/medvirk_bench"))


def _units(rng: random.Random) -> list[list[str]]:
    rows = [["U0000", "", "Universitetet", "University", "institution"]]
    depth = {"U0000": 0}
    for i in range(1, UNITS):
        parents = [code for code, d in depth.items() if d < 4]
        parent = rng.choice(parents[: max(1, i // 3)] if i > 10 else parents[:1])
        code = f"U{i:04d}"
        depth[code] = depth[parent] + 1
        rows.append([code, parent, f"Enhet {i}", f"Unit {i}", KINDS[depth[code] - 1]])
    return rows


def _people(rng: random.Random, units: list[list[str]]) -> list[list[str]]:
    codes = [u[0] for u in units]
    rows, led = [], set()
    for i in range(PEOPLE):
        unit = rng.choice(codes)
        leads = unit if unit not in led and rng.random() < 0.3 else ""
        led.add(leads)
        rows.append(
            [
                f"E{i:06d}",
                f"Given{i}",
                f"Family{rng.randrange(500)}",
                f"p{i}@example.org",
                unit,
                rng.choice(GROUPS),
                "40-49",
                "woman",
                "permanent",
                leads,
            ]
        )
    return rows


def _changed(
    rng: random.Random, units: list[list[str]], people: list[list[str]]
) -> tuple[list, list]:
    """About 5 %: renamed and moved units, moved, changed, leaving and new people."""
    units = [list(u) for u in units]
    people = [list(p) for p in people]
    for unit in rng.sample(units[1:], 30):
        unit[2] += " (ny)"
    for unit in rng.sample([u for u in units if u[4] == "section"], 15):
        unit[1] = rng.choice([u[0] for u in units if u[4] == "department"])
    codes = [u[0] for u in units]
    for person in rng.sample(people, 300):
        person[4] = rng.choice(codes)
    for person in rng.sample(people, 150):
        person[3] = person[3].replace("@", ".new@")
    people = [p for p in people if rng.random() > 0.01]
    people += [
        [
            f"N{i:06d}",
            "New",
            "Person",
            f"n{i}@example.org",
            rng.choice(codes),
            "academic",
            "<30",
            "man",
            "temporary",
            "",
        ]
        for i in range(150)
    ]
    return units, people


def _write(path: Path, header: str, rows: list[list[str]]) -> Path:
    path.write_text(header + "\n" + "\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    scratch = Path(tempfile.mkdtemp(prefix="medvirk-bench-"))
    os.environ["DATABASE_URL"] = _scratch_database(url, scratch)
    os.environ.setdefault("MEDVIRK_TESTING", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medvirk.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lib.orgcsv import CsvFile
    from orgs.services import run_import

    call_command("migrate", verbosity=0)
    rng = random.Random(20261127)
    units = _units(rng)
    people = _people(rng, units)
    units2, people2 = _changed(rng, units, people)
    unit_header = "code,parent_code,name_nb,name_en,kind"
    people_header = (
        "employee_id,given_name,family_name,email,unit_code,position_group,"
        "age_group,gender,employment,leads_unit"
    )
    files = [
        (
            _write(scratch / "units.csv", unit_header, units),
            _write(scratch / "people.csv", people_header, people),
        ),
        (
            _write(scratch / "units2.csv", unit_header, units2),
            _write(scratch / "people2.csv", people_header, people2),
        ),
    ]
    print(f"database: {connection.vendor}; {len(units)} units, {len(people)} people")
    for label, (u, p) in zip(("first import", "re-import (~5 % changed)"), files, strict=True):
        start = time.perf_counter()
        result = run_import(
            units=CsvFile(u.name, u.read_bytes()),
            people=CsvFile(p.name, p.read_bytes()),
            actor=None,
            dry_run=False,
        )
        elapsed = time.perf_counter() - start
        assert not result.plan.errors, [e.render() for e in result.plan.errors[:5]]
        changes = {k: v for k, v in result.plan.counts().items() if v}
        print(f"{label}: {elapsed:.2f} s  {changes}")


if __name__ == "__main__":
    main()
