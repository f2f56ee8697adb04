from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.models import Invitation, RoundStatus, SurveyRound

pytestmark = pytest.mark.django_db


def _form(instrument, **changes):
    today = timezone.localdate()
    data = {
        "name": "Survey 2026",
        "instrument": instrument.pk,
        "scope": "UVF",
        "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=21)).isoformat(),
        "languages": ["nb", "en"],
        "reminder_1": (today + dt.timedelta(days=7)).isoformat(),
        "reminder_2": "",
        "threshold_numbers": 5,
        "threshold_distributions": 10,
        "threshold_comments": 10,
        "threshold_sensitive": 10,
        "threshold_rates": 5,
        "threshold_breakdowns": 20,
    }
    data.update(changes)
    return data


def test_it_creates_a_round_and_shows_its_pre_flight_check(staffed, instrument, login):
    client = login(staffed.admin)
    response = client.post(reverse("surveys:create"), _form(instrument))
    round_ = SurveyRound.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/surveys/{round_.uid}/"
    page = client.get(response["Location"]).content.decode()
    assert "Pre-flight check" in page
    assert "Opening now would invite 33 people" in page
    assert "Merge UVF into MN" in page
    assert round_.reminder_dates == [(timezone.localdate() + dt.timedelta(days=7)).isoformat()]


def test_it_explains_every_error_and_keeps_the_input(staffed, instrument, login):
    data = _form(
        instrument, name="Keep me", scope="NOPE", threshold_numbers=2, languages=[], reminder_1=""
    )
    response = login(staffed.admin).post(reverse("surveys:create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert "No current unit has the code “NOPE”" in page
    assert "Cannot be lower than 3" in page
    assert "Choose at least one language." in page
    assert 'value="Keep me"' in page
    assert not SurveyRound.objects.exists()


def test_it_refuses_reminders_after_closing_on_the_form(staffed, instrument, login):
    late = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    response = login(staffed.admin).post(
        reverse("surveys:create"), _form(instrument, reminder_1=late)
    )
    assert "no later than the closing day" in response.content.decode()


def test_it_accepts_and_undoes_a_merge(staffed, make_round, login):
    round_ = make_round(staffed.org.root)
    client = login(staffed.admin)
    url = reverse("surveys:merge", args=[round_.uid])
    client.post(url, {"unit": staffed.org.root.uid, "into": staffed.org.mn.uid})
    assert round_.merges.get().into == staffed.org.mn
    page = client.get(reverse("surveys:round", args=[round_.uid])).content.decode()
    assert "Undo the merge of UVF" in page
    client.post(url, {"unit": staffed.org.root.uid})
    assert not round_.merges.exists()


def test_it_opens_after_confirmation_and_shows_the_sending_progress(
    staffed, make_round, login, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = make_round(staffed.org.music)
    client = login(staffed.admin)
    confirm = client.get(reverse("surveys:open", args=[round_.uid])).content.decode()
    assert "will invite 12 people" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("surveys:open", args=[round_.uid]))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN and len(mailoutbox) == 12
    progress = client.get(reverse("surveys:progress", args=[round_.uid])).content.decode()
    assert "<progress" in progress and 'value="12"' in progress
    assert "12 of 12 sent" in progress and "hx-trigger" not in progress
    page = client.get(reverse("surveys:round", args=[round_.uid])).content.decode()
    assert "Response rates" in page and "Send a reminder (2 left)" in page


def test_it_shows_failed_addresses_to_the_administrator(staffed, make_round, open_now, login):
    round_ = open_now(make_round(staffed.org.music))
    Invitation.objects.filter(round=round_, person=staffed.employee.person).update(
        email_failed=True, email_error="550 No such user"
    )
    page = login(staffed.admin).get(reverse("surveys:round", args=[round_.uid])).content.decode()
    assert "Addresses that failed" in page and "erik@vestfjord.test" in page
    assert "550 No such user" in page


def test_leaders_see_rates_but_not_people_or_sending(staffed, make_round, open_now, login):
    round_ = open_now(make_round(staffed.org.root))
    page = login(staffed.head).get(reverse("surveys:round", args=[round_.uid])).content.decode()
    assert "Response rates" in page and "HF-01-01" in page
    assert "MN" not in page.split("Response rates")[1]
    assert "E-mails" not in page and "@vestfjord.test" not in page


def test_it_extends_and_closes_after_confirmation(staffed, make_round, open_now, login):
    round_ = open_now(make_round(staffed.org.music))
    client = login(staffed.admin)
    url = reverse("surveys:extend", args=[round_.uid])
    bad = client.post(url, {"closes_on": round_.closes_on.isoformat()}).content.decode()
    assert "must be later than" in bad and 'role="alert"' in bad
    later = round_.closes_on + dt.timedelta(days=5)
    client.post(url, {"closes_on": later.isoformat()})
    round_.refresh_from_db()
    assert round_.closes_on == later
    confirm = client.get(reverse("surveys:close", args=[round_.uid])).content.decode()
    assert "cannot be undone" in confirm
    client.post(reverse("surveys:close", args=[round_.uid]))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    assert not Invitation.objects.filter(round=round_).exists()


def test_it_refuses_a_third_reminder_with_a_message(
    staffed, make_round, open_now, login, django_capture_on_commit_callbacks
):
    round_ = open_now(make_round(staffed.org.music))
    client = login(staffed.admin)
    url = reverse("surveys:remind", args=[round_.uid])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)
    response = client.post(url, follow=True)
    assert "two reminders" in response.content.decode()
