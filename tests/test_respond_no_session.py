"""The respondent pages go past sessions, logins, flash messages and the second-factor check
(medvirk/middleware.py): they set no session cookie, and a staff member who answers while
logged in leaves their session row untouched, so it holds no trace of when they answered."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session

from tests.prodserver import answers_for
from tests.surveyfactories import open_round

pytestmark = pytest.mark.usefixtures("clean_cache")


def test_it_answers_a_whole_survey_without_a_session_cookie(client, personas):
    token = open_round(personas.org).invite(personas.employee.person)
    page1, page2 = answers_for(7)
    responses = [
        client.get(f"/s/{token}/"),
        client.post(f"/s/{token}/1/", page1),
        client.post(f"/s/{token}/2/", page2),
        client.post(f"/s/{token}/summary/"),
        client.get(f"/s/{token}/thanks/"),
    ]
    assert [r.status_code for r in responses] == [200, 302, 302, 303, 200]
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert not Session.objects.exists()


@pytest.fixture
def admin_without_totp(personas):
    Authenticator.objects.filter(user=personas.admin).delete()
    return personas.admin


def test_it_leaves_a_logged_in_staff_members_session_untouched(login, personas, admin_without_totp):
    client = login(admin_without_totp)
    session = Session.objects.get()
    token = open_round(personas.org).invite(personas.admin.person)
    page1, _page2 = answers_for(8)
    start = client.get(f"/s/{token}/")
    saved = client.post(f"/s/{token}/1/", page1)
    assert start.status_code == 200 and "Start the survey" in start.content.decode()
    assert saved["Location"] == f"/s/{token}/2/"  # not sent to set up a second factor first
    assert Session.objects.get().expire_date == session.expire_date


def test_it_still_sends_staff_without_a_second_factor_to_set_one_up(login, admin_without_totp):
    assert "required=1" in login(admin_without_totp).get("/org/")["Location"]
