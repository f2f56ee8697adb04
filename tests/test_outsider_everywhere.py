"""Every staff page refuses the outsider. A new URL fails `test_it_knows_every_url` until it
is listed here: either with how to reach it as the outsider, or as open to everybody."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from orgs.models import ImportBatch, RoleAssignment
from surveys.models import ResponseImportBatch
from tests import rounds
from tests.personas import Personas

pytestmark = pytest.mark.django_db

# Pages anyone may open: login and account pages (about the user's own account), the home
# page (shows only the user's own units), the anonymous respondent pages (a personal link is
# the credential), and infrastructure. The API and the team pages have their own outsider
# tests over every one of their URLs: tests/api/test_outsider_is_denied.py and
# tests/teams/test_outsider_is_denied.py.
OPEN_TO_ALL = {
    "home",
    "healthz",
    "set_language",
    "javascript-catalog",
    "accounts:profile",
    "respond:start",
}
OPEN_PREFIXES = ("account_", "mfa_", "api:", "teams:", "respond:")


def _batch(p: Personas) -> dict[str, Any]:
    batch = ImportBatch.objects.create(
        units_name="units.csv",
        units_data=b"",
        sha256="0" * 64,
        fingerprint="x",
        uploaded_by=p.admin,
    )
    return {"uid": batch.uid}


def _response_batch(p: Personas) -> dict[str, Any]:
    batch = ResponseImportBatch.objects.create(
        file_name="responses.csv",
        data=b"",
        instrument=rounds.instrument(),
        round_name="Elsewhere",
        opens_on=dt.date(2025, 1, 1),
        closes_on=dt.date(2025, 2, 1),
        uploaded_by=p.admin,
    )
    return {"uid": batch.uid}


def _round(p: Personas) -> dict[str, Any]:
    return {"uid": rounds.survey_round(p.org.root).uid}


def _role(p: Personas) -> dict[str, Any]:
    return {"uid": RoleAssignment.objects.get(person=p.head.person).uid}


# Pages every member may open, scoped to what they may see.
SCOPED_PAGES = {"orgs:browse", "reports:list"}

# URL name → keyword arguments, built from the personas' organisation.
STAFF_PAGES: dict[str, Callable[[Personas], dict[str, Any]]] = {
    "orgs:browse": lambda p: {},
    "orgs:unit": lambda p: {"uid": p.org.music.uid},
    "orgs:children": lambda p: {"uid": p.org.hf.uid},
    "orgs:import": lambda p: {},
    "orgs:import_batch": _batch,
    "orgs:import_confirm": _batch,
    "orgs:roles": lambda p: {},
    "orgs:role_assign": lambda p: {},
    "orgs:role_bulk": lambda p: {},
    "orgs:role_edit": _role,
    "orgs:role_end": _role,
    "audit:log": lambda p: {},
    "surveys:rounds": lambda p: {},
    "surveys:create": lambda p: {},
    **{
        f"surveys:{name}": _round
        for name in (
            "round",
            "edit",
            "merge",
            "open",
            "progress",
            "remind",
            "resend",
            "extend",
            "close",
        )
    },
    "reports:list": lambda p: {},
    **{
        f"reports:{name}": lambda p: {**_round(p), "code": "HF-01"}
        for name in ("unit", "unit_pdf", "unit_archive", "unit_release_to_staff")
    },
    "surveys_import:upload": lambda p: {},
    "surveys_import:batch": _response_batch,
    "surveys_import:confirm": _response_batch,
}


def _names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_it_knows_every_url():
    unknown = sorted(
        name
        for name in set(_names(get_resolver().url_patterns))
        if name not in STAFF_PAGES
        and name not in OPEN_TO_ALL
        and not name.startswith(OPEN_PREFIXES)
    )
    assert not unknown, (
        f"add these URLs to STAFF_PAGES (with an outsider check) or OPEN_TO_ALL: {unknown}"
    )


@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_the_outsider(personas, login, name, method):
    client = login(personas.outsider)
    url = reverse(name, kwargs=STAFF_PAGES[name](personas))
    response = getattr(client, method)(url)
    body = response.content.decode()
    if name in SCOPED_PAGES and method == "get":
        # Open to every member, but showing only the outsider's own part of the organisation.
        assert response.status_code == 200
        assert "Faculty of Humanities" not in body and "Department of Music" not in body
    else:
        status = response.status_code
        assert status in (403, 404, 405), f"{method.upper()} {url} gave {status}"
    assert "Leif Leder" not in body
