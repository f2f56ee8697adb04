"""The live meeting services: codes, cards, clusters, small groups, dots and the outcome."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from live import services
from live.models import CODE_ALPHABET, Card, Kind, LiveSession, Participant, Phase, Status, Vote
from tests import rounds

pytestmark = pytest.mark.django_db


def test_it_gives_a_six_character_code_from_the_unambiguous_alphabet(live_session):
    assert len(live_session.code) == 6
    assert set(live_session.code) <= set(CODE_ALPHABET)
    assert not set("0O1IL2Z5S8B") & set(live_session.code)
    assert live_session.expires_at - live_session.created_at == dt.timedelta(hours=12)
    assert AuditEntry.objects.filter(action="live.session_opened").count() == 1


def test_it_finds_an_open_session_by_code_in_any_case_and_spacing(live_session):
    code = live_session.code
    assert services.find_open(code.lower()) == live_session
    assert services.find_open(f" {code[:3]} {code[3:]} ") == live_session
    assert services.find_open(f"{code[:3]}-{code[3:]}") == live_session


def test_it_does_not_find_unknown_closed_or_expired_codes(live_session, personas):
    assert services.find_open("AAAAAA" if live_session.code != "AAAAAA" else "CCCCCC") is None
    assert services.find_open("0O1IL") is None
    assert services.find_open("") is None
    LiveSession.objects.filter(pk=live_session.pk).update(expires_at=timezone.now())
    assert services.find_open(live_session.code) is None


def test_a_closed_session_frees_its_code(live_session, personas):
    services.close_session(session=live_session, actor=personas.facilitator)
    assert services.find_open(live_session.code) is None
    again = LiveSession.objects.create(
        unit=live_session.unit,
        title="Again",
        code=live_session.code,
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    assert services.find_open(live_session.code) == again


def test_the_database_refuses_the_same_code_for_two_open_sessions(live_session):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        LiveSession.objects.create(
            unit=live_session.unit,
            title="Twin",
            code=live_session.code,
            expires_at=timezone.now() + dt.timedelta(hours=1),
        )


def test_creating_a_session_closes_expired_ones(live_session, personas):
    LiveSession.objects.filter(pk=live_session.pk).update(expires_at=timezone.now())
    services.create_session(unit=personas.org.performance, title="Next", actor=personas.head)
    live_session.refresh_from_db()
    assert live_session.status == Status.CLOSED


def test_it_refuses_bad_settings(personas):
    unit = personas.org.performance
    with pytest.raises(ValidationError):
        services.create_session(unit=unit, title="  ", actor=None)
    with pytest.raises(ValidationError):
        services.create_session(unit=unit, title="x", actor=None, votes_per_participant=0)
    with pytest.raises(ValidationError):
        services.create_session(unit=unit, title="x", actor=None, small_groups=13)
    assert not LiveSession.objects.exists()


def test_cards_store_no_name_no_time_and_only_a_keyed_hash(live_session):
    card = services.add_card(
        session=live_session, key="k" * 40, prompt="improve", text="More quiet"
    )
    assert card.author.key_hash != "k" * 40 and len(card.author.key_hash) == 64
    fields = {f.name for f in Card._meta.get_fields()}
    assert not fields & {"created_at", "created", "updated_at", "ip", "user", "name"}
    # The same key gets a different hash in another session: sessions are not linkable.
    other = services.create_session(unit=live_session.unit, title="Other", actor=None)
    assert services.participant_hash(other, "k" * 40) != card.author.key_hash


def test_a_resend_with_the_same_uid_does_not_double_the_card(live_session):
    uid = uuid.uuid4()
    first = services.add_card(session=live_session, key="a" * 40, prompt="idea", text="X", uid=uid)
    second = services.add_card(session=live_session, key="a" * 40, prompt="idea", text="X", uid=uid)
    assert first.pk == second.pk
    assert Card.objects.count() == 1
    # Somebody else's uid is never taken over: they get a card of their own.
    third = services.add_card(session=live_session, key="b" * 40, prompt="idea", text="Y", uid=uid)
    assert third.pk != first.pk and Card.objects.count() == 2
    # The same id with another text is another card: nothing typed is swallowed.
    fourth = services.add_card(session=live_session, key="a" * 40, prompt="idea", text="Z", uid=uid)
    assert fourth.pk != first.pk and Card.objects.count() == 3


def test_it_refuses_empty_and_too_long_cards_and_unknown_prompts(live_session):
    key = "c" * 40
    for prompt, text in (("improve", "   "), ("improve", "x" * 501), ("other", "ok")):
        with pytest.raises(ValidationError):
            services.add_card(session=live_session, key=key, prompt=prompt, text=text)
    assert not Card.objects.exists()


def test_it_limits_cards_per_minute(live_session):
    key = "d" * 40
    for n in range(services.RATE_LIMIT):
        services.add_card(session=live_session, key=key, prompt="idea", text=f"idea {n}")
    with pytest.raises(services.RateLimited):
        services.add_card(session=live_session, key=key, prompt="idea", text="one too many")
    services.add_card(session=live_session, key="e" * 40, prompt="idea", text="someone else")


def test_authors_edit_and_delete_their_own_cards_only_while_collecting(live_session, personas):
    card = services.add_card(session=live_session, key="f" * 40, prompt="idea", text="Draft")
    assert services.own_card(live_session, "g" * 40, card.uid) is None
    mine = services.own_card(live_session, "f" * 40, card.uid)
    assert mine is not None
    services.edit_card(card=mine, prompt="improve", text="Better")
    card.refresh_from_db()
    assert (card.prompt, card.text) == ("improve", "Better")
    services.set_phase(session=live_session, phase=Phase.GROUP, actor=personas.facilitator)
    live_session.refresh_from_db()
    card.refresh_from_db()
    with pytest.raises(ValidationError):
        services.edit_card(card=card, prompt="idea", text="Late")
    with pytest.raises(ValidationError):
        services.delete_card(card=card)
    with pytest.raises(ValidationError):
        services.add_card(session=live_session, key="f" * 40, prompt="idea", text="Late")


def test_every_change_bumps_the_version_the_polls_compare(live_session, personas):
    start = live_session.version
    services.add_card(session=live_session, key="h" * 40, prompt="idea", text="One")
    live_session.refresh_from_db()
    assert live_session.version == start + 1


def test_small_groups_keep_cards_apart_until_shared(personas, clean_cache):
    session = services.create_session(
        unit=personas.org.performance, title="Groups", actor=None, small_groups=2
    )
    with pytest.raises(ValidationError):  # a group first
        services.add_card(session=session, key="i" * 40, prompt="improve", text="Hidden")
    services.choose_group(session=session, key="i" * 40, group_no=1)
    services.choose_group(session=session, key="j" * 40, group_no=2)
    with pytest.raises(ValidationError):
        services.choose_group(session=session, key="j" * 40, group_no=3)
    one = services.add_card(session=session, key="i" * 40, prompt="improve", text="Hidden")
    two = services.add_card(session=session, key="j" * 40, prompt="improve", text="Other")
    assert (one.group_no, one.shared, two.group_no) == (1, False, 2)
    assert services.share_group(session=session, group_no=1, actor=personas.facilitator) == 1
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.shared and not two.shared
    # An unshared card cannot be moved into a cluster.
    cluster = services.create_cluster(session=session, title="C", kind=Kind.IMPROVE, actor=None)
    with pytest.raises(services.Conflict):
        services.move_card(card=two, cluster=cluster, version=two.version, actor=None)


def test_clusters_group_cards_and_refuse_stale_edits(live_session, personas):
    card = services.add_card(session=live_session, key="k" * 40, prompt="improve", text="Noise")
    cluster = services.create_cluster(
        session=live_session, title="Quiet", kind=Kind.IMPROVE, actor=personas.facilitator
    )
    services.move_card(card=card, cluster=cluster, version=card.version, actor=None)
    card.refresh_from_db()
    assert card.cluster == cluster
    # A second facilitator with the old version: refused, nothing changed.
    other = services.create_cluster(
        session=live_session, title="Other", kind="preserve", actor=None
    )
    with pytest.raises(services.Conflict):
        services.move_card(card=card, cluster=other, version=card.version - 1, actor=None)
    card.refresh_from_db()
    assert card.cluster == cluster
    services.update_cluster(
        cluster=cluster, title="Calm", kind="improve", dimension="", description="",
        version=1, actor=personas.head,
    )  # fmt: skip
    with pytest.raises(services.Conflict) as conflict:
        services.update_cluster(
            cluster=cluster, title="Silence", kind="improve", dimension="", description="",
            version=1, actor=personas.facilitator,
        )  # fmt: skip
    assert conflict.value.current.title == "Calm"
    services.delete_cluster(cluster=other, actor=None)
    with pytest.raises(ValidationError):
        services.create_cluster(session=live_session, title=" ", kind="improve", actor=None)
    with pytest.raises(ValidationError):
        services.create_cluster(session=live_session, title="x", kind="other", actor=None)


def test_clusters_link_only_to_the_rounds_dimensions(personas, clean_cache):
    survey = rounds.survey_round(personas.org.root)
    session = services.create_session(
        unit=personas.org.performance, title="With round", actor=None, survey_round=survey
    )
    codes = [code for code, _title in services.dimensions_for(session)]
    assert codes
    cluster = services.create_cluster(
        session=session, title="Leadership", kind="preserve", dimension=codes[0], actor=None
    )
    assert cluster.dimension == codes[0]
    with pytest.raises(ValidationError):
        services.create_cluster(
            session=session, title="x", kind="improve", dimension="nope", actor=None
        )


def _voting(session, personas):
    a = services.create_cluster(session=session, title="A", kind="improve", actor=None)
    b = services.create_cluster(session=session, title="B", kind="preserve", actor=None)
    services.set_phase(session=session, phase=Phase.VOTE, actor=personas.facilitator)
    session.refresh_from_db()
    return a, b


def test_voting_needs_a_cluster(live_session, personas):
    with pytest.raises(ValidationError):
        services.set_phase(session=live_session, phase=Phase.VOTE, actor=None)


def test_dots_are_limited_per_participant_and_can_be_taken_back(live_session, personas):
    a, b = _voting(live_session, personas)
    key = "l" * 40
    services.vote(session=live_session, key=key, cluster=a)
    services.vote(session=live_session, key=key, cluster=a)
    services.vote(session=live_session, key=key, cluster=b)
    with pytest.raises(ValidationError):
        services.vote(session=live_session, key=key, cluster=b)
    services.unvote(session=live_session, key=key, cluster=a)
    services.vote(session=live_session, key=key, cluster=b)
    assert services.vote_counts(live_session) == {a.pk: 1, b.pk: 2}


def test_no_dots_outside_the_vote_phase(live_session, personas):
    cluster = services.create_cluster(session=live_session, title="A", kind="improve", actor=None)
    with pytest.raises(ValidationError):
        services.vote(session=live_session, key="m" * 40, cluster=cluster)


def test_the_outcome_ranks_clusters_and_survives_closing(live_session, personas):
    services.add_card(
        session=live_session, key="n" * 40, prompt="improve", text="Too many meetings"
    )
    card = Card.objects.get()
    a, b = _voting(live_session, personas)
    services.move_card(card=card, cluster=a, version=card.version, actor=None)
    for key in ("o" * 40, "p" * 40):
        services.vote(session=live_session, key=key, cluster=b)
    services.vote(session=live_session, key="q" * 40, cluster=a)
    ranked = services.outcome(live_session)
    assert [(i.rank, i.title, i.votes, i.kind) for i in ranked] == [
        (1, "B", 2, "preserve"),
        (2, "A", 1, "improve"),
    ]
    assert ranked[1].cards == ["Too many meetings"]
    services.close_session(session=live_session, actor=personas.facilitator)
    live_session.refresh_from_db()
    # Closing keeps the tally and drops every link between phones and cards or dots.
    assert not Participant.objects.exists() and not Vote.objects.exists()
    assert Card.objects.get().author is None
    assert [(i.title, i.votes) for i in services.outcome(live_session)] == [("B", 2), ("A", 1)]
    assert live_session.phase == Phase.DONE and live_session.status == Status.CLOSED
    services.close_session(session=live_session, actor=personas.facilitator)  # idempotent
