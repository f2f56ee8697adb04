"""Back and forward never lose an answer: both buttons save the page first."""

from __future__ import annotations

import pytest

from surveys.models import Draft
from tests.surveyfactories import open_round

pytestmark = pytest.mark.usefixtures("clean_cache")


def test_it_keeps_answers_going_back_and_forward(client, personas):
    link = open_round(personas.org).invite(personas.employee.person)
    client.post(f"/s/{link}/1/", {"a_W1": "5", "go": "next"})
    r = client.post(f"/s/{link}/2/", {"a_C1": "4", "a_F1": "yes", "go": "back"})
    assert r["Location"] == f"/s/{link}/1/"
    page1 = client.get(r["Location"]).content.decode()
    assert 'name="a_W1" value="5" checked' in page1
    r = client.post(f"/s/{link}/1/", {"a_W1": "5", "a_W2": "3", "go": "next"})
    page2 = client.get(r["Location"]).content.decode()
    assert 'name="a_C1" value="4" checked' in page2
    assert 'name="a_F1" value="yes" checked' in page2
    assert Draft.objects.get().answers == {"W1": 5, "W2": 3, "C1": 4, "F1": "yes"}


def test_back_from_the_first_page_returns_to_the_introduction(client, personas):
    link = open_round(personas.org).invite(personas.employee.person)
    r = client.post(f"/s/{link}/1/", {"a_W1": "2", "go": "back"})
    assert r["Location"] == f"/s/{link}/"
    assert Draft.objects.get().answers == {"W1": 2}


def test_the_summary_links_back_to_every_page(client, personas):
    link = open_round(personas.org).invite(personas.employee.person)
    summary = client.get(f"/s/{link}/summary/").content.decode()
    assert f'href="/s/{link}/1/"' in summary and f'href="/s/{link}/2/"' in summary


def test_a_page_number_outside_the_questionnaire_goes_to_the_start(client, personas):
    link = open_round(personas.org).invite(personas.employee.person)
    assert client.get(f"/s/{link}/9/")["Location"] == f"/s/{link}/"
