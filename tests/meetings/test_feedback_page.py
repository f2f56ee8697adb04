"""The anonymous feedback page at /m/f/<code>/ over HTTP: no login, says who sees what, one
answer per browser through a signed cookie of its own, no session touched, unknown codes
count as guesses, closed feedback says so."""

from __future__ import annotations

import pytest
from django.test import Client

from meetings.models import Feedback
from tests.meetings.conftest import close_feedback

pytestmark = pytest.mark.django_db


def _url(meeting):
    return f"/m/f/{meeting.feedback_code}/"


def _phone():
    return Client(headers={"accept-language": "en"})


def test_the_page_asks_three_statements_and_says_who_sees_what(held_meeting):
    response = _phone().get(_url(held_meeting))
    body = response.content.decode()
    assert response.status_code == 200
    for statement in (
        "The meeting was useful.",
        "I could say what I meant.",
        "I know what happens next.",
    ):
        assert statement in body
    assert "Who sees what" in body and "only if at least 5 people answered it" in body
    assert "Mapping meeting: Section for Performance" in body
    assert 'name="robots" content="noindex' in body
    assert response["Cache-Control"].startswith("max-age=0")


def test_one_browser_answers_once(held_meeting):
    phone = _phone()
    response = phone.post(
        _url(held_meeting), {"useful": "5", "voice": "4", "comment": "Good to talk."}
    )
    assert response.status_code == 302 and response["Location"] == _url(held_meeting)
    cookie = response.cookies["medvirk_feedback"]
    assert cookie["path"] == "/m/f/" and cookie["httponly"]
    thanks = phone.get(_url(held_meeting)).content.decode()
    assert "Thank you for your feedback" in thanks and "<form" not in thanks.split("<main")[1]
    again = phone.post(_url(held_meeting), {"useful": "1"})
    assert again.status_code == 200 and "Thank you for your feedback" in again.content.decode()
    (row,) = Feedback.objects.all()
    assert (row.useful, row.voice, row.next_steps, row.comment) == (5, 4, None, "Good to talk.")
    # Another browser may answer.
    _phone().post(_url(held_meeting), {"useful": "2"})
    assert Feedback.objects.count() == 2


def test_a_forged_cookie_is_ignored(held_meeting):
    phone = _phone()
    phone.cookies["medvirk_feedback"] = held_meeting.feedback_code
    phone.post(_url(held_meeting), {"useful": "3"})
    assert Feedback.objects.count() == 1


def test_an_empty_or_bad_answer_keeps_what_was_typed(held_meeting):
    response = _phone().post(_url(held_meeting), {"useful": "9", "comment": "Keep me"})
    body = response.content.decode()
    assert response.status_code == 400 and "Keep me" in body and "error-summary" in body
    response = _phone().post(_url(held_meeting), {"comment": "  "})
    assert (
        response.status_code == 400 and "Answer at least one question." in response.content.decode()
    )
    assert not Feedback.objects.exists()


def test_a_logged_in_participant_answers_without_the_session_being_touched(
    held_meeting, personas, login
):
    client = login(personas.employee)
    session_key = client.cookies["sessionid"].value
    from django.contrib.sessions.models import Session

    expiry = Session.objects.get(session_key=session_key).expire_date
    response = client.post(_url(held_meeting), {"useful": "4"})
    assert response.status_code == 302 and "sessionid" not in response.cookies
    assert Session.objects.get(session_key=session_key).expire_date == expiry
    assert Feedback.objects.count() == 1


def test_closed_feedback_says_so_and_takes_nothing(held_meeting):
    close_feedback(held_meeting)
    response = _phone().post(_url(held_meeting), {"useful": "4"})
    assert response.status_code == 200 and "is closed" in response.content.decode()
    assert not Feedback.objects.exists()


def test_an_unknown_code_is_a_plain_404_and_counts_as_a_guess(held_meeting, clean_cache):
    response = _phone().get("/m/f/AAAAAAAA/")
    assert response.status_code == 404 and "This link opens no meeting" in response.content.decode()
    from live import guessing

    for _n in range(guessing.LIMIT):
        _phone().get("/m/f/AAAAAAAA/")
    blocked = _phone().get(_url(held_meeting))
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
