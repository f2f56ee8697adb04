"""Unknown or tampered links get a plain "link not valid" page; repeated guessing from one
address is slowed down with 429 and Retry-After, without touching other addresses."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from respond import guessing
from respond.models import GuessCounter
from surveys.models import Draft, Invitation
from tests.surveyfactories import open_round

pytestmark = pytest.mark.usefixtures("clean_cache")


def test_an_unknown_link_gets_link_not_valid(client, db):
    r = client.get("/s/" + "A" * 43 + "/")
    assert r.status_code == 404
    assert "This link is not valid" in r.content.decode()
    assert 'class="main-nav"' not in r.content.decode()


def test_a_tampered_link_gets_link_not_valid_and_saves_nothing(client, personas):
    link = open_round(personas.org).invite(personas.employee.person)
    tampered = link[:-1] + ("A" if link[-1] != "A" else "B")
    r = client.post(f"/s/{tampered}/1/", {"a_W1": "3"})
    assert r.status_code == 404
    assert not Draft.objects.exists()
    assert Invitation.objects.get().status == "invited"
    for bad in ("short", "has.dots.in.it.which.are.not.base64", "x" * 200):
        assert client.get(f"/s/{bad}/").status_code == 404


def test_it_slows_down_repeated_guessing_from_one_address(client, personas):
    link = open_round(personas.org).invite(personas.employee.person)
    for i in range(guessing.LIMIT - 1):
        assert client.get(f"/s/{'G' * 40}{i:03d}/").status_code == 404
    r = client.get(f"/s/{'G' * 40}999/")
    assert r.status_code == 429
    assert 0 < int(r["Retry-After"]) <= guessing.WINDOW
    assert "Please wait a little" in r.content.decode()
    assert "about 10 minutes" in r.content.decode()
    # While blocked, every link from this address gets 429, valid or not.
    assert client.get(f"/s/{link}/").status_code == 429
    neighbour = Client(REMOTE_ADDR="192.0.2.7", headers={"accept-language": "en"})
    assert neighbour.get(f"/s/{link}/").status_code == 200


def test_the_slow_down_ends_after_the_window(client, personas):
    link = open_round(personas.org).invite(personas.employee.person)
    for i in range(guessing.LIMIT):
        client.get(f"/s/{'H' * 40}{i:03d}/")
    assert client.get(f"/s/{link}/").status_code == 429
    GuessCounter.objects.update(until=time.time() - 1)  # the window has passed
    assert client.get(f"/s/{link}/").status_code == 200


def test_a_blocked_address_is_not_counted_further_and_expired_counters_go(client, personas):
    for i in range(guessing.LIMIT):
        client.get(f"/s/{'K' * 40}{i:03d}/")
    blocked = GuessCounter.objects.get()
    assert blocked.failures == guessing.LIMIT
    assert client.get(f"/s/{'K' * 40}999/").status_code == 429
    assert GuessCounter.objects.get().until == blocked.until  # the block is not extended
    GuessCounter.objects.update(until=time.time() - 1)
    neighbour = Client(REMOTE_ADDR="192.0.2.7", headers={"accept-language": "en"})
    assert neighbour.get(f"/s/{'K' * 43}/").status_code == 404
    assert GuessCounter.objects.get().failures == 1  # the neighbour's; the expired one went


def test_valid_links_leave_nothing_in_the_cache(client, personas):
    link = open_round(personas.org).invite(personas.employee.person)
    client.get(f"/s/{link}/")
    client.post(f"/s/{link}/1/", {"a_W1": "2", "go": "next"})
    assert guessing.retry_after(client.get(f"/s/{link}/").wsgi_request) == 0
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM medvirk_cache")
        assert cursor.fetchone()[0] == 0
    assert not GuessCounter.objects.exists()
