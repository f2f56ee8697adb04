from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from api.models import ApiToken
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_accepts_a_valid_token_and_acts_as_its_owner(personas, token_for, api_get):
    response = api_get(token_for(personas.hr), "/me")
    assert response.status_code == 200
    assert response.json()["email"] == "hanne@vestfjord.test"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing"),
        ("Token abc", "malformed"),
        ("Bearer ", "malformed"),
        ("Bearer mvk_not-a-real-token", "unknown"),
    ],
)
def test_it_refuses_missing_or_wrong_tokens_with_401(personas, client, header, reason):
    headers = {"Authorization": header} if header is not None else {}
    response = client.get("/api/v1/units", headers=headers)
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    entry = AuditEntry.objects.get(action="api.auth_failed")
    assert entry.data == {"reason": reason, "path": "/api/v1/units"}
    assert "mvk_" not in str(entry.data) + entry.object_label


def test_it_refuses_a_revoked_token(personas, token_for, api_get):
    raw = token_for(personas.admin)
    ApiToken.objects.update(revoked_at=timezone.now())
    assert api_get(raw, "/units").status_code == 401
    assert AuditEntry.objects.get(action="api.auth_failed").data["reason"] == "revoked"


def test_it_refuses_an_expired_token(personas, token_for, api_get):
    raw = token_for(personas.admin, expires_at=timezone.now() + dt.timedelta(days=1))
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api_get(raw, "/units").status_code == 401
    assert AuditEntry.objects.get(action="api.auth_failed").data["reason"] == "expired"


def test_it_refuses_the_token_of_a_deactivated_user(personas, token_for, api_get):
    raw = token_for(personas.admin)
    personas.admin.is_active = False
    personas.admin.save()
    assert api_get(raw, "/units").status_code == 401


def test_it_forbids_owners_who_lost_the_api_permission(personas, token_for, api_get):
    raw = token_for(personas.hr)
    personas.hr.person.roles.all().delete()
    response = api_get(raw, "/units")
    assert response.status_code == 403
    assert response.json()["detail"]


def test_it_updates_last_used_at_most_once_a_minute(personas, token_for, api_get):
    raw = token_for(personas.admin)
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    api_get(raw, "/me")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    api_get(raw, "/me")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.update(last_used_at=first - dt.timedelta(seconds=61))
    api_get(raw, "/me")
    token.refresh_from_db()
    assert token.last_used_at > first
