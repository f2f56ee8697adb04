from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from surveys import services
from surveys.mailing import UNSENT_PREFIX
from surveys.models import Invitation, Mailing, RoundStatus, RoundUnit
from surveys.tokens import invitation_key

pytestmark = pytest.mark.django_db


def test_it_freezes_the_questionnaire_and_the_unit_division(staffed, make_round, open_now):
    round_ = open_now(make_round(staffed.org.hf), staffed.admin)
    assert round_.status == RoundStatus.OPEN and round_.opened_at is not None
    round_.instrument.refresh_from_db()
    assert round_.instrument.is_frozen
    units = {u.code: u for u in RoundUnit.objects.filter(round=round_)}
    assert set(units) == {"HF", "HF-01", "HF-01-01", "HF-02"}
    assert units["HF-01-01"].path == "/HF/HF-01/HF-01-01/"
    assert units["HF-01-01"].parent == units["HF-01"]
    assert units["HF"].depth == 0 and units["HF-01-01"].depth == 2
    assert units["HF-01"].name_en == "Department of Music"
    # Renaming the live unit later changes nothing in the round.
    staffed.org.music.name_en = "Music"
    staffed.org.music.save()
    assert RoundUnit.objects.get(round=round_, code="HF-01").name_en == "Department of Music"


def test_it_invites_every_active_person_in_scope_once(staffed, make_round, open_now):
    staffed.employee.person.left_on = staffed.employee.person.memberships.get().valid_from
    staffed.employee.person.save()
    round_ = open_now(make_round(staffed.org.hf))
    invited = set(Invitation.objects.filter(round=round_).values_list("person__email", flat=True))
    assert "erik@vestfjord.test" not in invited  # has left
    assert "otto@vestfjord.test" not in invited  # outside the scope
    assert "sofie@vestfjord.test" in invited
    assert len(invited) == 20
    assert RoundUnit.objects.get(round=round_, code="HF-01-01").invited_count == 6


def test_it_files_a_leader_under_the_parent_of_the_unit_they_lead(staffed, make_round, open_now):
    round_ = open_now(make_round(staffed.org.root))

    def unit_of(user):
        return Invitation.objects.get(round=round_, person=user.person).reporting_unit.code

    assert unit_of(staffed.head) == "HF"  # leads HF-01
    assert unit_of(staffed.section_leader) == "HF-01"  # leads HF-01-01
    assert unit_of(staffed.employee) == "HF-01-01"
    assert unit_of(staffed.safety_rep) == "HF-01"


def test_a_leader_of_the_scope_unit_stays_in_it(staffed, make_round, open_now):
    round_ = open_now(make_round(staffed.org.music))
    invitation = Invitation.objects.get(round=round_, person=staffed.head.person)
    assert invitation.reporting_unit.code == "HF-01"


def test_it_freezes_background_categories_and_the_language(staffed, make_round, open_now):
    round_ = open_now(make_round(staffed.org.music, languages=["en", "nb"]))
    invitation = Invitation.objects.get(round=round_, person=staffed.employee.person)
    assert invitation.background == {
        "position_group": "academic",
        "age_group": "40-49",
        "gender": "woman",
        "employment": "permanent",
    }
    assert invitation.language == "en"


def test_it_mails_everyone_a_personal_link_and_stores_only_its_hash(
    staffed, make_round, open_now, mailoutbox
):
    round_ = open_now(make_round(staffed.org.music))
    invitations = Invitation.objects.filter(round=round_)
    assert len(mailoutbox) == invitations.count() == 12
    hashes = set(invitations.values_list("token_hash", flat=True))
    for message in mailoutbox:
        token = re.search(r"/s/([A-Za-z0-9_-]{43})/", message.body).group(1)
        assert invitation_key(token) in hashes
        assert token not in str(list(invitations.values()))
    assert not invitations.filter(token_hash__startswith=UNSENT_PREFIX).exists()
    sending = Mailing.objects.get(round=round_)
    assert (sending.total, sending.sent, sending.failed) == (12, 12, 0)
    assert sending.finished_at is not None


def test_it_writes_an_audit_entry_without_people(staffed, make_round, open_now):
    round_ = open_now(make_round(staffed.org.music), staffed.admin)
    entry = AuditEntry.objects.get(action="surveys.round.open")
    assert entry.object_id == str(round_.uid)
    assert entry.data["invited"] == 12
    assert "erik" not in str(entry.data)


def test_it_opens_a_round_only_once(staffed, make_round, open_now):
    round_ = open_now(make_round(staffed.org.music))
    with pytest.raises(ValidationError):
        services.open_round(actor=None, round=round_)
    assert Invitation.objects.filter(round=round_).count() == 12
