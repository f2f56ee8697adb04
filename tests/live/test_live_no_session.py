"""The phone pages under /m/ go past sessions, logins, flash messages and the second-factor
check (medvirk/middleware.py): a phone gets no session cookie, only its signed participant
cookie, and a staff member taking part from a logged-in browser leaves their session row
untouched, so it holds no trace of when they wrote."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session

from live.participant_views import COOKIE

pytestmark = pytest.mark.django_db


def test_a_phone_takes_part_without_a_session(live_session, phone):
    client = phone()
    responses = [
        client.get("/m/"),
        client.post("/m/", {"code": live_session.code}),
        client.get(f"/m/{live_session.code}/"),
        client.post(f"/m/{live_session.code}/", {"prompt": "idea", "text": "Hello"}),
    ]
    assert [r.status_code for r in responses] == [200, 302, 200, 302]
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert COOKIE in client.cookies
    assert not Session.objects.exists()


def test_a_logged_in_staff_member_writing_leaves_the_session_untouched(
    live_session, login, personas
):
    Authenticator.objects.filter(user=personas.admin).delete()
    client = login(personas.admin)
    session = Session.objects.get()
    assert client.get(f"/m/{live_session.code}/").status_code == 200
    response = client.post(f"/m/{live_session.code}/", {"prompt": "idea", "text": "Mine"})
    assert response.status_code == 302 and response["Location"].startswith(
        f"/m/{live_session.code}/"
    )
    assert Session.objects.get().expire_date == session.expire_date


def test_a_tampered_participant_cookie_is_a_new_phone(live_session, phone):
    client = phone()
    client.post(f"/m/{live_session.code}/", {"prompt": "idea", "text": "Mine"})
    client.cookies[COOKIE] = "forged-value"
    page = client.get(f"/m/{live_session.code}/").content.decode()
    assert "Mine" not in page
