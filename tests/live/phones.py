"""Phones over real HTTP, for the concurrency test against gunicorn and for
scripts/bench_live.py. A `Phone` keeps its own cookies (the signed participant key and the
CSRF cookie), like a browser.

    url = prodserver.scratch_database("medvirk_live_x", tmp_path)
    code, uid = prepare(url)                       # migrate, one open live session
    with prodserver.Server(url, workers=3) as server:
        phone = Phone(server.port, code); phone.join(); phone.write("improve", "More quiet")
        clusters = open_voting(url, uid, 3)        # three clusters, phase "vote"

`python -m tests.live.phones prepare|vote UID N` are the steps run in a child process."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

from tests import prodserver

HOST = prodserver.HOST
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_POLL_STATE = re.compile(r"\?p=([\w-]+)&amp;v=(\w+)")


class Phone:
    def __init__(self, port: int, code: str) -> None:
        self.port = port
        self.code = code
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.phase_key = "open-collect"
        self.content_key = "0"

    def _request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str, float]:
        began = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            body = urlencode(form) if form is not None else None
            sent = {"Accept-Language": "en", **(headers or {})}
            if body is not None:
                sent["Content-Type"] = "application/x-www-form-urlencoded"
                sent["X-CSRFToken"] = self.csrf
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar: SimpleCookie = SimpleCookie()
                jar.load(header)
                self.cookies.update({k: m.value for k, m in jar.items()})
            return response.status, text, time.perf_counter() - began
        finally:
            conn.close()

    def join(self) -> float:
        status, text, took = self._request("GET", f"/m/{self.code}/")
        assert status == 200, status
        self._remember_state(text)
        found = _CSRF_FIELD.search(text)
        self.csrf = found.group(1) if found else self.cookies.get("csrftoken", "")
        return took

    def write(self, prompt: str, text: str, uid: str | None = None) -> tuple[int, float]:
        form = {"prompt": prompt, "text": text, "uid": uid or str(uuid.uuid4())}
        status, _body, took = self._request(
            "POST", f"/m/{self.code}/", form, {"Accept": "application/json"}
        )
        return status, took

    def poll(self) -> tuple[int, float]:
        query = urlencode({"p": self.phase_key, "v": self.content_key})
        status, body, took = self._request(
            "GET", f"/m/{self.code}/?{query}", headers={"HX-Request": "true"}
        )
        self._remember_state(body)
        return status, took

    def _remember_state(self, body: str) -> None:
        """Like htmx: the next poll asks with the state of the fragment it got."""
        found = _POLL_STATE.search(body)
        if found:
            self.phase_key, self.content_key = found.group(1), found.group(2)

    def vote(self, cluster: str, action: str = "add") -> tuple[int, float]:
        form = {"cluster": cluster, "action": action}
        status, _body, took = self._request("POST", f"/m/{self.code}/vote/", form)
        return status, took


def _run(database_url: str, *args: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", "tests.live.phones", *args],
        cwd=prodserver.ROOT,
        env=prodserver.environment(database_url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(database_url: str) -> tuple[str, str]:
    """Migrate the scratch database and open one live session; return (code, uid)."""
    code, uid = _run(database_url, "prepare")
    return code, uid


def open_voting(database_url: str, uid: str, clusters: int) -> list[str]:
    """Make `clusters` clusters and open voting; return the clusters' uids."""
    return list(_run(database_url, "vote", uid, str(clusters)))


def counts(database_url: str) -> dict[str, Any]:
    """What the database holds: cards, dots per participant, and distinct card texts."""
    cards = prodserver.query(database_url, "SELECT text FROM live_card")
    dots = prodserver.query(
        database_url, "SELECT participant_id, COUNT(*) FROM live_vote GROUP BY participant_id"
    )
    return {"cards": [t for (t,) in cards], "dots": {p: n for p, n in dots}}


def _main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from live import services
    from live.models import LiveSession, Phase
    from orgs.models import OrgUnit, UnitKind

    if argv[0] == "prepare":
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        root = OrgUnit.objects.create_unit(
            code="L", name_nb="Møterom", name_en="Meeting room", kind=UnitKind.INSTITUTION
        )
        session = services.create_session(unit=root, title="Bench", actor=None)
        print(json.dumps([session.code, str(session.uid)]))
    elif argv[0] == "vote":
        session = LiveSession.objects.get(uid=argv[1])
        made = [
            services.create_cluster(
                session=session, title=f"Cluster {n}", kind="improve", actor=None
            )
            for n in range(int(argv[2]))
        ]
        services.set_phase(session=session, phase=Phase.VOTE, actor=None)
        print(json.dumps([str(c.uid) for c in made]))


if __name__ == "__main__":
    _main(sys.argv[1:])
