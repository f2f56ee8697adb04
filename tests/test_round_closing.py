from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from surveys import services
from surveys.models import (
    Comment,
    Draft,
    Invitation,
    Response,
    RoundStatus,
    RoundUnit,
    SurveyRound,
)
from tests.roundfixtures import simulate_start, simulate_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(staffed, make_round, open_now):
    """Music: 7 of 12 submitted (with a comment each), 2 started with drafts."""
    round_ = open_now(make_round(staffed.org.music))
    invitations = list(Invitation.objects.filter(round=round_).order_by("pk"))
    for invitation in invitations[:7]:
        simulate_submit(invitation, comment=f"comment {invitation.pk}")
    for invitation in invitations[7:9]:
        simulate_start(invitation)
    return round_


def test_it_keeps_the_per_unit_counts(answered):
    expected = {
        code: (
            Invitation.objects.filter(round=answered, reporting_unit__code=code).count(),
            Response.objects.filter(round=answered, reporting_unit__code=code).count(),
        )
        for code in ("HF-01", "HF-01-01")
    }
    services.close_round(actor=None, round=answered)
    for code, counts in expected.items():
        unit = RoundUnit.objects.get(round=answered, code=code)
        assert (unit.invited_count, unit.submitted_count) == counts
    assert sum(u.submitted_count for u in RoundUnit.objects.filter(round=answered)) == 7


def test_it_deletes_every_draft_and_invitation_of_the_round(
    answered, staffed, make_round, open_now
):
    other = open_now(make_round(staffed.org.mn, name="Science"))
    services.close_round(actor=None, round=answered)
    assert not Draft.objects.filter(round=answered).exists()
    assert not Invitation.objects.filter(round=answered).exists()
    assert Invitation.objects.filter(round=other).count() == 10  # other rounds untouched


def test_it_keeps_every_response_and_comment_with_new_ids(answered):
    before = sorted(
        (r.reporting_unit_id, str(r.answers)) for r in Response.objects.filter(round=answered)
    )
    old_ids = set(Response.objects.filter(round=answered).values_list("id", flat=True))
    comments = sorted(Comment.objects.filter(round=answered).values_list("text", flat=True))
    services.close_round(actor=None, round=answered)
    after = sorted(
        (r.reporting_unit_id, str(r.answers)) for r in Response.objects.filter(round=answered)
    )
    assert after == before
    assert not old_ids & set(Response.objects.values_list("id", flat=True))
    assert sorted(Comment.objects.filter(round=answered).values_list("text", flat=True)) == comments


def test_it_closes_early_with_an_audit_entry(answered, staffed):
    services.close_round(actor=staffed.admin, round=answered)
    answered.refresh_from_db()
    assert answered.status == RoundStatus.CLOSED
    assert answered.closes_on == timezone.localdate()
    assert not answered.accepts_responses
    entry = AuditEntry.objects.get(action="surveys.round.close")
    assert entry.data == {
        "invited": 12,
        "submitted": 7,
        "responses": 7,
        "comments": 7,
        "early": True,
    }


def test_it_closes_only_an_open_round(answered, staffed, make_round):
    services.close_round(actor=None, round=answered)
    with pytest.raises(ValidationError):
        services.close_round(actor=None, round=answered)
    with pytest.raises(ValidationError):
        services.close_round(actor=None, round=make_round(staffed.org.hf))


def test_it_extends_an_open_round_to_a_later_date(answered, staffed):
    later = answered.closes_on + dt.timedelta(days=7)
    services.extend_round(actor=staffed.admin, round=answered, closes_on=later)
    answered.refresh_from_db()
    assert answered.closes_on == later
    entry = AuditEntry.objects.get(action="surveys.round.extend")
    assert entry.changes == [
        ("closes_on", (later - dt.timedelta(days=7)).isoformat(), later.isoformat())
    ]
    with pytest.raises(ValidationError):
        services.extend_round(actor=None, round=answered, closes_on=later)


def test_it_closes_rounds_whose_closing_date_has_passed(answered):
    today = timezone.localdate()
    assert services.close_due_rounds(today=answered.closes_on) == []
    closed = services.close_due_rounds(today=answered.closes_on + dt.timedelta(days=1))
    assert [r.pk for r in closed] == [answered.pk]
    assert SurveyRound.objects.get(pk=answered.pk).status == RoundStatus.CLOSED
    assert today <= answered.closes_on


def test_a_round_past_its_closing_date_no_longer_accepts_responses(answered):
    assert answered.accepts_responses
    SurveyRound.objects.filter(pk=answered.pk).update(
        closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    answered.refresh_from_db()
    assert not answered.accepts_responses
