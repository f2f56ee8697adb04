"""Sixty phones at once against a production-style server (gunicorn, several worker
processes, each with its own database connection), on SQLite and on PostgreSQL: nothing is
lost, nothing doubled, and nobody gets more dots than allowed. Plus races on separate
connections inside one process (PostgreSQL: SQLite serialises writers)."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from live import services
from live.models import Card, Cluster, Phase, Vote
from tests import prodserver
from tests.live.phones import Phone, counts, open_voting, prepare

PHONES = 60
CARDS_EACH = 3
DOTS = 3


@pytest.mark.xdist_group("prodserver")
def test_sixty_phones_writing_and_voting_at_once_lose_and_double_nothing(tmp_path: Path):
    url = prodserver.scratch_database(f"medvirk_live_{os.getpid()}", tmp_path)
    try:
        code, uid = prepare(url)
        with prodserver.Server(url, workers=3) as server, ThreadPoolExecutor(30) as pool:
            phones = [Phone(server.port, code) for _n in range(PHONES)]
            list(pool.map(lambda p: p.join(), phones))

            def write_all(index: int) -> list[int]:
                phone = phones[index]
                statuses = []
                for n in range(CARDS_EACH):
                    text = f"phone {index} card {n}"
                    uid_ = f"00000000-0000-4000-8000-{index:06d}{n:06d}"
                    statuses.append(phone.write("improve", text, uid_)[0])
                    statuses.append(phone.write("improve", text, uid_)[0])  # a resend
                return statuses

            statuses = [s for batch in pool.map(write_all, range(PHONES)) for s in batch]
            assert set(statuses) == {201}
            clusters = open_voting(url, uid, 4)

            def vote_too_much(index: int) -> list[int]:
                # Five dots at once from one phone, two allowed to land beyond the limit.
                with ThreadPoolExecutor(5) as inner:
                    return list(
                        inner.map(
                            lambda n: phones[index].vote(clusters[(index + n) % 4])[0], range(5)
                        )
                    )

            votes = [s for batch in pool.map(vote_too_much, range(PHONES)) for s in batch]
        stored = counts(url)
        expected = [f"phone {i} card {n}" for i in range(PHONES) for n in range(CARDS_EACH)]
        assert Counter(stored["cards"]) == Counter(expected)
        assert len(stored["dots"]) == PHONES
        assert set(stored["dots"].values()) == {DOTS}
        assert votes.count(302) == PHONES * DOTS  # the rest were told they have no dots left
        assert votes.count(400) == PHONES * (5 - DOTS)
    finally:
        prodserver.drop_database(url)


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: no row locks to race"
)


def _race(count: int, work: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            try:
                results.append(work(n))
            except Exception as error:
                results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_one_phone_voting_on_many_connections_at_once_gets_only_its_dots(personas):
    session = services.create_session(unit=personas.org.performance, title="x", actor=None)
    cluster = services.create_cluster(session=session, title="A", kind="improve", actor=None)
    services.set_phase(session=session, phase=Phase.VOTE, actor=None)
    session.refresh_from_db()
    results = _race(8, lambda n: services.vote(session=session, key="z" * 40, cluster=cluster))
    assert sum(1 for r in results if r is None) == 3
    assert Vote.objects.count() == 3


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_resend_on_two_connections_makes_one_card(personas):
    import uuid

    session = services.create_session(unit=personas.org.performance, title="x", actor=None)
    uid = uuid.uuid4()
    results = _race(
        4,
        lambda n: services.add_card(
            session=session, key="y" * 40, prompt="idea", text="Same", uid=uid
        ),
    )
    assert all(isinstance(r, Card) for r in results), results
    assert Card.objects.count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_facilitators_saving_one_cluster_at_once_do_not_clobber(personas):
    session = services.create_session(unit=personas.org.performance, title="x", actor=None)
    cluster = services.create_cluster(session=session, title="Start", kind="improve", actor=None)
    names = ["Leader's name", "Facilitator's name"]
    results = _race(
        2,
        lambda n: services.update_cluster(
            cluster=Cluster.objects.get(pk=cluster.pk),
            title=names[n],
            kind="improve",
            dimension="",
            description="",
            version=1,
            actor=None,
        ),
    )
    conflicts = [r for r in results if isinstance(r, services.Conflict)]
    assert len(conflicts) == 1
    saved = Cluster.objects.get(pk=cluster.pk)
    assert saved.title in names and saved.version == 2
    assert conflicts[0].current.title == saved.title


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_facilitators_moving_one_card_at_once_move_it_once(personas):
    session = services.create_session(unit=personas.org.performance, title="x", actor=None)
    card = services.add_card(session=session, key="w" * 40, prompt="idea", text="Card")
    targets = [
        services.create_cluster(session=session, title=t, kind="improve", actor=None)
        for t in ("A", "B")
    ]
    results = _race(
        2,
        lambda n: services.move_card(
            card=Card.objects.get(pk=card.pk), cluster=targets[n], version=1, actor=None
        ),
    )
    assert sum(1 for r in results if isinstance(r, services.Conflict)) == 1
    assert Card.objects.get(pk=card.pk).version == 2
