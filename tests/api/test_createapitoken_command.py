from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from api.models import ApiToken, token_digest
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_creates_a_token_and_prints_it_once(personas, api_get):
    out = io.StringIO()
    call_command(
        "createapitoken",
        "ADA@vestfjord.test",
        "--name",
        "nightly",
        "--expires-days",
        "30",
        stdout=out,
    )
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(digest=token_digest(raw))
    assert token.owner == personas.admin and token.name == "nightly" and token.expires_at
    assert AuditEntry.objects.filter(
        action="api.token.create", actor_label="command createapitoken"
    ).exists()
    assert api_get(raw, "/me").status_code == 200


def test_it_warns_when_the_owner_may_not_use_the_api(personas):
    out, err = io.StringIO(), io.StringIO()
    call_command("createapitoken", "erik@vestfjord.test", "--name", "x", stdout=out, stderr=err)
    assert "api.read" in err.getvalue()


def test_it_refuses_an_unknown_user(personas):
    with pytest.raises(CommandError):
        call_command("createapitoken", "nobody@vestfjord.test", "--name", "x")
