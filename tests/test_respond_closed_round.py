"""A link to a round that is not open gets a polite page and saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import dateformat, timezone

from surveys.models import Draft, Response, RoundStatus, SurveyRound
from tests.surveyfactories import open_round

pytestmark = pytest.mark.usefixtures("clean_cache")


def test_a_closed_round_gets_a_polite_closed_page(client, personas):
    survey = open_round(personas.org)
    link = survey.invite(personas.employee.person)
    client.post(f"/s/{link}/1/", {"a_W1": "4", "go": "next"})
    SurveyRound.objects.update(status=RoundStatus.CLOSED)
    for url in (f"/s/{link}/", f"/s/{link}/1/", f"/s/{link}/summary/"):
        r = client.get(url)
        assert r.status_code == 200
        assert "The survey has closed" in r.content.decode()
    r = client.post(f"/s/{link}/summary/")
    assert "The survey has closed" in r.content.decode()
    r = client.post(f"/s/{link}/1/", {"a_W1": "1"})
    assert "The survey has closed" in r.content.decode()
    assert Draft.objects.get().answers == {"W1": 4}
    assert not Response.objects.exists()


def test_a_round_not_yet_open_says_when_it_opens(client, personas):
    survey = open_round(personas.org, status=RoundStatus.DRAFT)
    link = survey.invite(personas.employee.person)
    page = client.get(f"/s/{link}/").content.decode()
    assert "The survey has not opened yet" in page
    assert f"opens on {dateformat.format(survey.round.opens_on, 'N j, Y')}" in page


def test_an_answered_invitation_still_says_already_answered_after_close(client, personas):
    survey = open_round(personas.org)
    link = survey.invite(personas.employee.person)
    client.post(f"/s/{link}/summary/")
    SurveyRound.objects.update(status=RoundStatus.CLOSED)
    assert "You have already answered" in client.get(f"/s/{link}/").content.decode()


def test_the_submit_service_refuses_a_closed_round(personas):
    from respond import services
    from respond.questionnaire import questionnaire_for

    survey = open_round(personas.org, status=RoundStatus.CLOSED)
    link = survey.invite(personas.employee.person)
    outcome = services.submit(token=link, questionnaire=questionnaire_for(survey.round))
    assert outcome == services.Outcome.CLOSED
    assert not Response.objects.exists()


def test_a_round_past_its_closing_date_counts_as_closed_before_the_daily_close(client, personas):
    survey = open_round(personas.org)
    link = survey.invite(personas.employee.person)
    client.post(f"/s/{link}/1/", {"a_W1": "4", "go": "next"})
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    SurveyRound.objects.update(opens_on=yesterday, closes_on=yesterday)
    assert "The survey has closed" in client.get(f"/s/{link}/").content.decode()
    assert "The survey has closed" in client.post(f"/s/{link}/summary/").content.decode()
    assert not Response.objects.exists()
