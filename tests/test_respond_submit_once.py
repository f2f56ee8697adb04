"""Submitting is atomic and idempotent: a double click, a retry or a second tab give exactly
one response; two submits racing on separate database connections give exactly one too."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from respond import services
from respond.questionnaire import questionnaire_for
from surveys.models import Comment, Draft, Invitation, Response
from tests.surveyfactories import open_round

pytestmark = pytest.mark.usefixtures("clean_cache")


def _answer(client: Client, link: str) -> None:
    client.post(f"/s/{link}/1/", {"a_W1": "4", "go": "next"})
    client.post(f"/s/{link}/2/", {"a_T1": "Fine", "go": "next"})


def test_submitting_twice_gives_one_response_and_the_receipt_both_times(client, personas):
    link = open_round(personas.org).invite(personas.employee.person)
    _answer(client, link)
    first = client.post(f"/s/{link}/summary/")
    second = client.post(f"/s/{link}/summary/")  # a double click
    assert first.status_code == 303 and second.status_code == 303
    assert first["Location"] == second["Location"] == f"/s/{link}/thanks/"
    assert Response.objects.count() == 1
    assert Comment.objects.count() == 1


def test_a_second_tab_submitting_later_gives_no_second_response(client, personas):
    link = open_round(personas.org).invite(personas.employee.person)
    _answer(client, link)
    other_tab = Client(headers={"accept-language": "en"})
    other_tab.get(f"/s/{link}/summary/")
    client.post(f"/s/{link}/summary/")
    r = other_tab.post(f"/s/{link}/summary/")
    assert r["Location"] == f"/s/{link}/thanks/"
    assert "Your answers are received" in other_tab.get(r["Location"]).content.decode()
    assert Response.objects.count() == 1


def test_it_gives_one_response_per_invitation(client, personas):
    survey = open_round(personas.org)
    links = [survey.invite(p.person) for p in (personas.employee, personas.head, personas.dean)]
    for link in links:
        _answer(client, link)
        client.post(f"/s/{link}/summary/")
        client.post(f"/s/{link}/summary/")
    assert Response.objects.count() == 3
    assert set(Invitation.objects.values_list("status", flat=True)) == {"submitted"}
    assert not Draft.objects.exists()


def test_the_receipt_is_not_shown_before_submitting(client, personas):
    link = open_round(personas.org).invite(personas.employee.person)
    assert client.get(f"/s/{link}/thanks/")["Location"] == f"/s/{link}/"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: no row locks to race"
)
@pytest.mark.django_db(transaction=True)
def test_two_connections_racing_to_submit_give_one_response(personas):
    survey = open_round(personas.org)
    links = [survey.invite(p.person) for p in (personas.employee, personas.head, personas.dean)]
    links += survey.invite_many(survey.units["HF-02"], 7)
    questionnaire = questionnaire_for(survey.round)
    outcomes: list[services.Outcome] = []
    for link in links:
        barrier = threading.Barrier(2)

        def race(link: str = link, barrier: threading.Barrier = barrier) -> None:
            try:
                barrier.wait()
                outcomes.append(services.submit(token=link, questionnaire=questionnaire))
            finally:
                connection.close()  # each thread has its own connection

        threads = [threading.Thread(target=race) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert outcomes.count(services.Outcome.SUBMITTED) == len(links)
    assert outcomes.count(services.Outcome.ALREADY) == len(links)
    assert Response.objects.count() == len(links)
