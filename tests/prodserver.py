"""A production-style server for fault tests and the submit benchmark: gunicorn with several
worker processes on 127.0.0.1, against a scratch database of the kind DATABASE_URL names (a
temporary SQLite file, or a PostgreSQL database created and dropped here), filled with one
open round of the mini questionnaire. Also a respondent that answers over real HTTP.

    url = scratch_database("medvirk_fault", tmp_path)
    tokens = prepare(url, 200)            # migrate, one open round, 200 invitations
    with Server(url, workers=3) as server:
        result = answer(server.base_url, tokens[0], 0)

`python -m tests.prodserver prepare N` is the step `prepare` runs in a child process."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET_KEY = "prodserver-" + os.urandom(16).hex()  # shared by `prepare` and the server
HOST = "127.0.0.1"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def scratch_database(name: str, directory: Path, base_url: str | None = None) -> str:
    """A new empty database: `name` on the PostgreSQL server of DATABASE_URL, else a SQLite
    file in `directory`."""
    base_url = base_url if base_url is not None else os.environ.get("DATABASE_URL", "")
    if not is_postgres(base_url):
        return f"sqlite:///{directory / (name + '.sqlite3')}"
    _admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(base_url, f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(base_url)._replace(path="/" + name))


def drop_database(url: str) -> None:
    if is_postgres(url):
        name = urlsplit(url).path.lstrip("/")
        _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(url: str, sql: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def query(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Rows of `sql` run straight against the scratch database (no Django)."""
    if is_postgres(url):
        import psycopg

        with psycopg.connect(url) as conn:
            return list(conn.execute(sql).fetchall())  # type: ignore[arg-type]
    import sqlite3

    conn = sqlite3.connect(urlsplit(url).path)
    try:
        return list(conn.execute(sql).fetchall())
    finally:
        conn.close()


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "MEDVIRK_TESTING": "1",  # static files from the source folders, no collectstatic
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": HOST,
        "DB_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "medvirk.settings",
    }


def prepare(database_url: str, invitations: int) -> list[str]:
    """Migrate the scratch database and open a round with `invitations` invitations; return
    their tokens."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.prodserver", "prepare", str(invitations)],
        cwd=ROOT,
        env=environment(database_url),
        check=True,
        capture_output=True,
        text=True,
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def _prepare_here(invitations: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from orgs.models import OrgUnit, UnitKind
    from tests.surveyfactories import open_round

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    root = OrgUnit.objects.create_unit(
        code="B", name_nb="Benk", name_en="Bench", kind=UnitKind.INSTITUTION
    )
    OrgUnit.objects.create_unit(
        code="B-1", name_nb="Enhet", name_en="Unit", kind=UnitKind.DEPARTMENT, parent=root
    )
    survey = open_round(root)
    print(json.dumps(survey.invite_many(survey.units["B-1"], invitations)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """gunicorn serving medvirk.wsgi in its own process group."""

    database_url: str
    workers: int = 3
    threads: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 30) -> Server:
        command = [str(BIN / "gunicorn"), "medvirk.wsgi", "--bind", f"{HOST}:{self.port}"]
        command += ["--workers", str(self.workers), "--graceful-timeout", "2"]
        command += ["--no-control-socket", "--log-level", "warning"]
        if self.threads > 1:
            command += ["--worker-class", "gthread", "--threads", str(self.threads)]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment(self.database_url),
            start_new_session=True,  # its own process group, so kill() reaches every worker
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited at start")
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the master and every worker."""
        if self.process is None:
            return 0.0
        return process_group_cpu(self.process.pid)

    def kill(self) -> None:
        """`kill -9` the master and every worker at once, like a crash."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_of(stat: str) -> tuple[int, float]:
    """(process group, user + system CPU seconds) from a /proc/<pid>/stat line."""
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[2]), (int(fields[11]) + int(fields[12])) / _TICKS


def process_cpu(pids: list[int]) -> float:
    """User + system CPU seconds used so far by these processes (Linux /proc; 0 elsewhere)."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):  # gone, or not Linux
            total += _cpu_of(Path(f"/proc/{pid}/stat").read_text())[1]
    return total


def process_group_cpu(group: int) -> float:
    """User + system CPU seconds used so far by the live processes of a process group."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pgrp, seconds = _cpu_of(stat.read_text())
        except (OSError, ValueError, IndexError):
            continue
        if pgrp == group:
            total += seconds
    return total


def database_backends(url: str) -> list[int]:
    """Process ids of the PostgreSQL backends connected to this scratch database (none for
    SQLite, which runs inside the server's workers)."""
    if not is_postgres(url):
        return []
    sql = (
        "SELECT pid FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    return [int(pid) for (pid,) in query(url, sql)]


def request(
    port: int, method: str, path: str, form: dict[str, str] | None = None, timeout: float = 15
) -> tuple[int, str]:
    """One HTTP request on a new connection: (status, Location header)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        body = urlencode(form) if form is not None else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        headers["Accept-Language"] = "en"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        conn.close()


SCALE = ["1", "2", "3", "4", "5", "na"]


def answers_for(index: int) -> tuple[dict[str, str], dict[str, str]]:
    """The two pages of the mini questionnaire, answered so that the scale answers spell the
    respondent's index in base 6 (unique below 1,296) and the comment names it."""
    digits = [SCALE[(index // 6**k) % 6] for k in range(4)]
    page1 = {"a_W1": digits[0], "a_W2": digits[1], "go": "next"}
    page2 = {"a_C1": digits[2], "a_C2": digits[3], "a_F1": "no", "a_T1": f"respondent {index}"}
    return page1, {**page2, "go": "next"}


def index_of(answers: dict[str, Any]) -> int:
    """The respondent index a stored response's answers spell (see `answers_for`)."""
    codes = ("W1", "W2", "C1", "C2")
    return sum(SCALE.index(str(answers[code])) * 6**k for k, code in enumerate(codes))


@dataclass
class Answered:
    receipt: bool
    total: float = 0.0  # seconds for the whole response
    submit: float = 0.0  # seconds for the submit request


def answer(port: int, token: str, index: int, *, start: bool = True) -> Answered:
    """Answer the whole questionnaire like a browser without JavaScript: the first page,
    both question pages, submit. A 303 to the receipt page is the receipt (also when an
    earlier attempt already submitted: every page then answers with the receipt)."""
    began = time.perf_counter()
    receipt = f"/s/{token}/thanks/"
    if start:
        request(port, "GET", f"/s/{token}/")
    page1, page2 = answers_for(index)
    for number, form in ((1, page1), (2, page2)):
        status, location = request(port, "POST", f"/s/{token}/{number}/", form)
        if status == 303 and location == receipt:
            return Answered(True, time.perf_counter() - began)
        if status != 302:
            return Answered(False, time.perf_counter() - began)
    submitted = time.perf_counter()
    status, location = request(port, "POST", f"/s/{token}/summary/", {})
    done = time.perf_counter()
    return Answered(status == 303 and location == receipt, done - began, done - submitted)


def stored(database_url: str) -> dict[str, Any]:
    """What the scratch database holds after a run: response indices, comment texts and
    invitation statuses."""
    responses = [
        json.loads(a) if isinstance(a, str) else a
        for (a,) in query(database_url, "SELECT answers FROM surveys_response")
    ]
    return {
        "indices": [index_of(a) for a in responses],
        "comments": [t for (t,) in query(database_url, "SELECT text FROM surveys_comment")],
        "statuses": dict(
            query(database_url, "SELECT status, COUNT(*) FROM surveys_invitation GROUP BY status")
        ),
        "drafts": query(database_url, "SELECT COUNT(*) FROM surveys_draft")[0][0],
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        _prepare_here(int(sys.argv[2]))
