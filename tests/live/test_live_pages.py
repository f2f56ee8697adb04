"""The live meeting pages over HTTP: joining, writing, reconnecting, the facilitator's
control page, the shared screen, polling and escaping."""

from __future__ import annotations

import json
import uuid

import pytest
from django.urls import reverse

from live import services
from live.models import Card, Cluster, LiveSession, Phase
from live.participant_views import COOKIE
from tests.live.conftest import write

pytestmark = pytest.mark.django_db


def test_the_join_page_needs_no_login_and_sends_a_good_code_on(live_session, phone):
    client = phone()
    page = client.get("/m/")
    assert page.status_code == 200 and "Meeting code" in page.content.decode()
    response = client.post("/m/", {"code": live_session.code.lower()})
    assert response.status_code == 302 and response["Location"] == f"/m/{live_session.code}/"
    board = client.get(response["Location"])
    assert board.status_code == 200
    assert "Mapping meeting" in board.content.decode()
    assert COOKIE in board.cookies
    assert "sessionid" not in board.cookies  # no session for a phone


def test_an_unknown_or_expired_code_gets_a_plain_message(live_session, phone, personas):
    client = phone()
    response = client.post("/m/", {"code": "XXXXXX"})
    assert response.status_code == 404
    body = response.content.decode()
    assert "No open meeting has this code" in body and "Mapping meeting" not in body
    services.close_session(session=live_session, actor=None)
    for url in (f"/m/{live_session.code}/", f"/m/{live_session.code}/vote/"):
        response = client.get(url) if url.endswith(f"{live_session.code}/") else client.post(url)
        assert response.status_code == 404
        assert "No open meeting has this code" in response.content.decode()


def test_guessing_codes_is_slowed_down(live_session, phone):
    from live import guessing

    client = phone()
    for _n in range(guessing.LIMIT):
        client.post("/m/", {"code": "QQQQQQ"})
    response = client.post("/m/", {"code": live_session.code})
    assert response.status_code == 429
    assert "No open meeting has this code" in response.content.decode()


def test_a_room_reloading_after_the_close_is_not_taken_for_guessing(live_session, phone):
    from live import guessing

    services.close_session(session=live_session, actor=None)
    for _n in range(guessing.LIMIT + 5):  # sixty phones behind one address reload
        assert phone().get(f"/m/{live_session.code}/").status_code == 404
    fresh = services.create_session(unit=live_session.unit, title="Next", actor=None)
    assert phone().get(f"/m/{fresh.code}/").status_code == 200


def test_a_phone_writes_and_sees_its_card_again_after_reconnecting(live_session, phone):
    client = phone()
    client.get(f"/m/{live_session.code}/")
    response = write(client, live_session, "Good colleagues", prompt="preserve")
    assert response.status_code == 302
    again = client.get(f"/m/{live_session.code}/").content.decode()  # a reload
    assert "Good colleagues" in again
    other = phone().get(f"/m/{live_session.code}/").content.decode()
    assert "Good colleagues" not in other  # another phone does not see it


def test_a_resend_by_script_is_answered_with_json_and_never_doubles(live_session, phone):
    client = phone()
    uid = str(uuid.uuid4())
    for _attempt in range(3):
        response = client.post(
            f"/m/{live_session.code}/",
            {"prompt": "idea", "text": "Walking meetings", "uid": uid},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 201
        assert json.loads(response.content)["next_uid"] != uid
    assert Card.objects.count() == 1


def test_a_refused_card_keeps_the_text(live_session, phone):
    client = phone()
    response = write(client, live_session, "x" * 501)
    assert response.status_code == 400
    assert "x" * 501 in response.content.decode()
    response = client.post(
        f"/m/{live_session.code}/", {"prompt": "idea", "text": ""}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400 and "error" in json.loads(response.content)


def test_a_phone_edits_and_deletes_only_its_own_cards(live_session, phone):
    author, other = phone(), phone()
    write(author, live_session, "Typo")
    card = Card.objects.get()
    url = f"/m/{live_session.code}/cards/{card.uid}/"
    response = other.post(url, {"action": "delete"})
    assert response.status_code == 400 and Card.objects.count() == 1
    author.post(url, {"action": "save", "prompt": "improve", "text": "Fixed"})
    assert Card.objects.get().text == "Fixed"
    author.post(url, {"action": "delete"})
    assert not Card.objects.exists()


def test_polls_answer_204_while_nothing_changed_and_reload_on_a_new_phase(
    live_session, phone, login, personas
):
    client = phone()
    url = f"/m/{live_session.code}/"
    htmx = {"HTTP_HX_REQUEST": "true"}
    assert client.get(url, {"p": "open-collect", "v": "0"}, **htmx).status_code == 204
    write(phone(), live_session, "Someone else's card")
    assert client.get(url, {"p": "open-collect", "v": "0"}, **htmx).status_code == 204
    services.set_phase(session=live_session, phase=Phase.GROUP, actor=None)
    response = client.get(url, {"p": "open-collect", "v": "0"}, **htmx)
    assert response.status_code == 204 and response["HX-Refresh"] == "true"

    staff = login(personas.facilitator)
    live_session.refresh_from_db()
    screen = reverse("live:screen", args=[live_session.uid])
    same = {"p": "open-group", "v": str(live_session.version)}
    assert staff.get(screen, same, **htmx).status_code == 204
    write_version = {"p": "open-group", "v": str(live_session.version - 1)}
    changed = staff.get(screen, write_version, **htmx)
    assert changed.status_code == 200 and "Someone else&#x27;s card" in changed.content.decode()


def test_the_facilitator_runs_the_session_from_the_control_page(
    live_session, phone, login, personas
):
    phones = [phone() for _n in range(3)]
    for n, client in enumerate(phones):
        write(client, live_session, f"Card {n}")
    staff = login(personas.facilitator)
    control = reverse("live:control", args=[live_session.uid])
    page = staff.get(control).content.decode()
    assert live_session.code in page and "<svg" in page
    assert all(f"Card {n}" in page for n in range(3))
    staff.post(
        reverse("live:cluster_new", args=[live_session.uid]),
        {"title": "Workload", "kind": "improve"},
    )
    cluster = Cluster.objects.get()
    for card in Card.objects.all():
        staff.post(
            reverse("live:move", args=[live_session.uid]),
            {"card": card.uid, "cluster": cluster.uid, "version": card.version},
        )
    assert Card.objects.filter(cluster=cluster).count() == 3
    staff.post(reverse("live:phase", args=[live_session.uid]), {"phase": "vote"})
    for client in phones:
        response = client.post(f"/m/{live_session.code}/vote/", {"cluster": cluster.uid})
        assert response.status_code == 302
    screen = staff.get(reverse("live:screen", args=[live_session.uid])).content.decode()
    assert "Workload" in screen
    staff.post(reverse("live:phase", args=[live_session.uid]), {"phase": "done"})
    response = staff.post(reverse("live:phase", args=[live_session.uid]), {"phase": "close"})
    assert response.status_code == 302
    results = staff.get(reverse("live:results", args=[live_session.uid])).content.decode()
    assert "Workload" in results and "3 dots" in results


def test_a_stale_move_tells_the_second_facilitator(live_session, phone, login, personas):
    write(phone(), live_session, "Shared card")
    card = Card.objects.get()
    a = services.create_cluster(session=live_session, title="A", kind="improve", actor=None)
    b = services.create_cluster(session=live_session, title="B", kind="improve", actor=None)
    services.move_card(card=card, cluster=a, version=card.version, actor=None)
    staff = login(personas.head)
    response = staff.post(
        reverse("live:move", args=[live_session.uid]),
        {"card": card.uid, "cluster": b.uid, "version": card.version},
        follow=True,
    )
    assert "Someone else moved this card meanwhile" in response.content.decode()
    assert Card.objects.get().cluster == a


def test_a_stale_cluster_edit_shows_both_versions_and_keeps_the_typing(
    live_session, login, personas
):
    cluster = services.create_cluster(
        session=live_session, title="Start", kind="improve", actor=None
    )
    services.update_cluster(
        cluster=cluster, title="Theirs", kind="improve", dimension="", description="",
        version=1, actor=None,
    )  # fmt: skip
    staff = login(personas.facilitator)
    response = staff.post(
        reverse("live:cluster_edit", args=[live_session.uid, cluster.uid]),
        {"title": "Mine", "kind": "preserve", "description": "", "version": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Theirs" in body and 'value="Mine"' in body
    assert Cluster.objects.get().title == "Theirs"


def test_everything_written_is_escaped(live_session, phone, login, personas):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client = phone()
    write(client, live_session, evil)
    cluster = services.create_cluster(session=live_session, title=evil, kind="improve", actor=None)
    staff = login(personas.facilitator)
    pages = [
        client.get(f"/m/{live_session.code}/"),
        staff.get(reverse("live:control", args=[live_session.uid])),
        staff.get(reverse("live:screen", args=[live_session.uid])),
        staff.get(reverse("live:results", args=[live_session.uid])),
    ]
    services.set_phase(session=live_session, phase=Phase.VOTE, actor=None)
    pages.append(client.get(f"/m/{live_session.code}/"))
    for page in pages:
        body = page.content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;" in body
    assert cluster.title == evil


def test_the_facilitator_starts_a_session_and_bad_input_keeps_the_form(login, personas):
    staff = login(personas.facilitator)
    response = staff.post(
        reverse("live:list"),
        {"title": "", "unit": str(personas.org.performance.uid), "groups": "0", "votes": "3"},
    )
    assert response.status_code == 400 and not LiveSession.objects.exists()
    response = staff.post(
        reverse("live:list"),
        {"title": "Mapping", "unit": str(personas.org.music.uid), "groups": "0", "votes": "3"},
    )
    assert response.status_code == 400  # music is not the facilitator's unit
    response = staff.post(
        reverse("live:list"),
        {
            "title": "Mapping",
            "unit": str(personas.org.performance.uid),
            "groups": "2",
            "votes": "5",
        },
    )
    session = LiveSession.objects.get()
    assert response["Location"] == reverse("live:control", args=[session.uid])
    assert (session.small_groups, session.votes_per_participant) == (2, 5)


def test_the_pages_speak_bokmal_by_default(live_session):
    from django.test import Client

    body = Client().get(f"/m/{live_session.code}/").content.decode()
    assert 'lang="nb"' in body


def test_a_session_links_only_a_round_of_the_users_units(login, personas):
    from tests import rounds

    elsewhere = rounds.survey_round(personas.org.mn, name="Science survey")
    here = rounds.survey_round(personas.org.root, name="Whole survey")
    staff = login(personas.facilitator)
    page = staff.get(reverse("live:list")).content.decode()
    assert "Whole survey" in page and "Science survey" not in page
    form = {"title": "M", "unit": str(personas.org.performance.uid), "groups": "0", "votes": "3"}
    refused = staff.post(reverse("live:list"), {**form, "round": str(elsewhere.uid)})
    assert refused.status_code == 400 and not LiveSession.objects.exists()
    staff.post(reverse("live:list"), {**form, "round": str(here.uid)})
    assert LiveSession.objects.get().round == here


def test_a_hidden_card_leaves_the_screen_and_the_results(live_session, phone, login, personas):
    write(phone(), live_session, "Ola never listens")
    write(phone(), live_session, "Meetings run late")
    card = Card.objects.get(text="Ola never listens")
    cluster = services.create_cluster(
        session=live_session, title="Meetings", kind="improve", actor=None
    )
    for each in Card.objects.all():
        services.move_card(card=each, cluster=cluster, version=each.version, actor=None)
    staff = login(personas.facilitator)
    staff.post(reverse("live:hide", args=[live_session.uid]), {"card": card.uid, "hidden": "1"})
    screen = staff.get(reverse("live:screen", args=[live_session.uid])).content.decode()
    assert "Ola never listens" not in screen and "Meetings run late" in screen
    control = staff.get(reverse("live:control", args=[live_session.uid])).content.decode()
    assert "Hidden from the screen" in control and "Ola never listens" in control
    assert services.outcome(live_session)[0].cards == ["Meetings run late"]
    staff.post(reverse("live:hide", args=[live_session.uid]), {"card": card.uid, "hidden": "0"})
    screen = staff.get(reverse("live:screen", args=[live_session.uid])).content.decode()
    assert "Ola never listens" in screen


def test_the_screen_shows_only_how_many_cards_a_group_has_until_shared(
    personas, phone, login, clean_cache
):
    session = services.create_session(
        unit=personas.org.performance, title="Groups", actor=None, small_groups=2
    )
    one, two = phone(), phone()
    for client, group in ((one, "1"), (two, "1")):
        client.post(f"/m/{session.code}/group/", {"group": group})
    write(one, session, "Said in group one")
    assert "Said in group one" in two.get(f"/m/{session.code}/").content.decode()
    outsider_phone = phone()
    outsider_phone.post(f"/m/{session.code}/group/", {"group": "2"})
    assert "Said in group one" not in outsider_phone.get(f"/m/{session.code}/").content.decode()
    staff = login(personas.facilitator)
    screen = staff.get(reverse("live:screen", args=[session.uid])).content.decode()
    assert "Group 1: 1 card not shared yet" in screen and "Said in group one" not in screen
    control = staff.get(reverse("live:control", args=[session.uid])).content.decode()
    assert "Said in group one" not in control
    staff.post(reverse("live:share", args=[session.uid]), {"group": "1"})
    screen = staff.get(reverse("live:screen", args=[session.uid])).content.decode()
    assert "Said in group one" in screen and "not shared yet" not in screen
