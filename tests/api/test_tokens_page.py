from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from api import services
from api.models import ApiToken, token_digest
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["admin", "hr"])
def test_it_lets_administrators_and_hr_partners_create_a_token_shown_once(personas, login, who):
    user = getattr(personas, who)
    client = login(user)
    response = client.post(reverse("api:tokens"), {"name": "HR sync", "expires_on": ""})
    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw.startswith("mvk_") and raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(owner=user)
    assert token.digest == token_digest(raw) and token.name == "HR sync"
    again = client.get(reverse("api:tokens")).content.decode()
    assert raw not in again and "HR sync" in again and token.prefix in again
    assert AuditEntry.objects.filter(action="api.token.create", actor=user).count() == 1


def test_it_sets_an_expiry_at_the_end_of_the_chosen_day(personas, login):
    day = dt.date.today() + dt.timedelta(days=30)
    login(personas.hr).post(reverse("api:tokens"), {"name": "x", "expires_on": day.isoformat()})
    expires_at = ApiToken.objects.get().expires_at
    assert expires_at is not None and expires_at.date() == day


@pytest.mark.parametrize(
    ("data", "field"),
    [({"name": ""}, "name"), ({"name": "x", "expires_on": "2000-01-01"}, "expires_on")],
)
def test_it_shows_an_error_summary_for_an_invalid_form(personas, login, data, field):
    response = login(personas.admin).post(reverse("api:tokens"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in body and f'href="#id_{field}"' in body
    assert 'aria-invalid="true"' in body
    assert not ApiToken.objects.exists()


def test_it_lets_the_owner_revoke_a_token(personas, login):
    token, _raw = services.create_token(owner=personas.hr, name="old", actor=personas.hr)
    response = login(personas.hr).post(reverse("api:revoke_token", args=[token.uid]), follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token.revoke", actor=personas.hr).exists()


def test_it_does_not_let_anybody_revoke_someone_elses_token(personas, login):
    token, _raw = services.create_token(owner=personas.hr, name="hers", actor=personas.hr)
    response = login(personas.admin).post(reverse("api:revoke_token", args=[token.uid]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_it_lists_only_the_users_own_tokens(personas, login):
    services.create_token(owner=personas.hr, name="Hanne's token", actor=personas.hr)
    body = login(personas.admin).get(reverse("api:tokens")).content.decode()
    assert "Hanne" not in body.split("<main", 1)[1].split("</main>")[0]


def test_it_revokes_only_by_post(personas, login):
    token, _raw = services.create_token(owner=personas.hr, name="x", actor=personas.hr)
    assert login(personas.hr).get(reverse("api:revoke_token", args=[token.uid])).status_code == 405


@pytest.mark.parametrize(
    "who", ["dean", "head", "section_leader", "safety_rep", "facilitator", "employee", "outsider"]
)
def test_it_denies_everybody_else(personas, login, who):
    client = login(getattr(personas, who))
    assert client.get(reverse("api:tokens")).status_code == 403
    assert client.post(reverse("api:tokens"), {"name": "x"}).status_code == 403
    token, _raw = services.create_token(owner=getattr(personas, who), name="x", actor=None)
    assert client.post(reverse("api:revoke_token", args=[token.uid])).status_code == 403
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


def test_it_sends_anonymous_visitors_to_the_login_page(client, personas):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_it_requires_a_second_factor_for_the_tokens_page(personas, login):
    Authenticator.objects.filter(user=personas.admin).delete()
    response = login(personas.admin).get(reverse("api:tokens"))
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]


@pytest.mark.parametrize(("who", "shown"), [("hr", True), ("admin", True), ("head", False)])
def test_it_links_the_tokens_page_from_home_for_those_who_may_use_it(personas, login, who, shown):
    body = login(getattr(personas, who)).get(reverse("home")).content.decode()
    assert (reverse("api:tokens") in body) is shown
