"""Sessions end when the browser closes and after SESSION_COOKIE_AGE without activity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.logins import submit_login

pytestmark = pytest.mark.usefixtures("clean_cache")


def test_it_sets_a_cookie_that_ends_with_the_browser(personas, client):
    response = submit_login(client, personas.employee.email)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert response.wsgi_request.user == personas.employee


def test_it_expires_the_session_after_the_cookie_age(personas, client):
    submit_login(client, personas.employee.email)
    session = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    expected = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((session.expire_date - expected).total_seconds()) < 60


def test_it_sends_an_expired_session_to_the_login_page(personas, client):
    submit_login(client, personas.employee.email)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("account_login"))


def test_it_honours_a_shorter_cookie_age(personas, client, settings):
    settings.SESSION_COOKIE_AGE = 300
    submit_login(client, personas.employee.email)
    session = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert 200 < remaining <= 300
