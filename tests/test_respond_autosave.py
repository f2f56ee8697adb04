"""Answers are saved on the server at every page, under the draft key: closing the browser
or opening the link on another device continues where the respondent was."""

from __future__ import annotations

import pytest
from django.test import Client

from surveys.models import Draft, Invitation
from surveys.tokens import draft_key
from tests.surveyfactories import open_round

pytestmark = pytest.mark.usefixtures("clean_cache")


@pytest.fixture
def link(personas):
    survey = open_round(personas.org)
    return survey.invite(personas.employee.person)


def test_it_saves_each_page_as_a_draft_and_marks_the_invitation_started(client, link):
    assert Invitation.objects.get().status == "invited"
    client.get(f"/s/{link}/")
    client.get(f"/s/{link}/1/")
    assert Invitation.objects.get().status == "invited"  # looking is not starting
    client.post(f"/s/{link}/1/", {"a_W1": "4", "a_W2": "2", "go": "next"})
    draft = Draft.objects.get()
    assert draft.key == draft_key(link)
    assert draft.answers == {"W1": 4, "W2": 2}
    assert draft.page == 2
    assert Invitation.objects.get().status == "started"


def test_it_continues_on_another_device(client, link):
    client.post(f"/s/{link}/1/", {"a_W1": "4", "a_W2": "na", "go": "next"})
    phone = Client(headers={"accept-language": "en"})  # no cookies shared with the first
    start = phone.get(f"/s/{link}/").content.decode()
    assert "Continue where you left off" in start
    assert f'href="/s/{link}/2/"' in start
    page1 = phone.get(f"/s/{link}/1/").content.decode()
    assert 'name="a_W1" value="4" checked' in page1
    assert 'name="a_W2" value="na" checked' in page1
    phone.post(f"/s/{link}/2/", {"a_C1": "3", "go": "next"})
    assert Draft.objects.get().answers == {"W1": 4, "W2": "na", "C1": 3}


def test_two_tabs_saving_different_pages_keep_both(client, link):
    other_tab = Client()
    client.post(f"/s/{link}/1/", {"a_W1": "1", "go": "next"})
    other_tab.post(f"/s/{link}/2/", {"a_C2": "5", "go": "next"})
    assert Draft.objects.get().answers == {"W1": 1, "C2": 5}


def test_it_removes_an_answer_the_respondent_clears(client, link):
    client.post(f"/s/{link}/2/", {"a_C1": "2", "a_T1": "Good", "go": "next"})
    client.post(f"/s/{link}/2/", {"a_C1": "2", "a_T1": "   ", "go": "next"})
    assert Draft.objects.get().answers == {"C1": 2}
