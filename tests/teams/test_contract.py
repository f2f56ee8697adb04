"""The team contract: generated in plain language, edited, confirmed by every member,
versioned, downloadable as PDF."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from teams import services
from teams.models import SessionKind
from tests.teampersonas import member_client
from tests.teams.helpers import confirm_all, run_start_session

pytestmark = pytest.mark.django_db


def test_it_generates_the_contract_in_plain_language(personas, team_setup):
    team_setup.member("mia").strengths = "Exam law"
    services.save_preparation(member=team_setup.member("mia"), data={"strengths": "Exam law"})
    contract = run_start_session(team_setup, personas.facilitator)
    assert contract.sections["purpose"] == "We exist to:\n- Fair exams"
    assert contract.sections["ground_rules"] == "We promise each other:\n- Answer within a day"
    assert contract.sections["members"] == "Each of us brings:\n- Mia Moe: Exam law"
    assert contract.sections["roles"] == ""  # nothing said, nothing promised


def test_it_withdraws_confirmations_when_the_text_changes(personas, team_setup):
    contract = run_start_session(team_setup, personas.facilitator)
    services.confirm_contract(contract=contract, member=team_setup.members[0])
    services.edit_contract(
        contract=contract, sections={"roles": "- Mia keeps the plan"}, actor=team_setup.members[1]
    )
    assert contract.confirmations.count() == 0
    entry = AuditEntry.objects.get(action="teams.contract.edit")
    assert entry.data == {"version": 1, "sections": ["roles"], "withdrawn": 1}
    assert entry.actor_label == "Mia Moe <mia@vestfjord.test>"


def test_it_fixes_the_version_and_schedules_a_follow_up_when_all_have_confirmed(
    personas, team_setup
):
    contract = run_start_session(team_setup, personas.facilitator)
    confirm_all(team_setup, contract)
    contract.refresh_from_db()
    assert contract.is_confirmed
    follow_up = team_setup.team.sessions.get(kind=SessionKind.FOLLOW_UP)
    weeks = (follow_up.starts_at - contract.confirmed_at) / dt.timedelta(weeks=1)
    assert 5.5 < weeks < 6.5
    assert AuditEntry.objects.filter(action="teams.contract.confirm").count() == 6
    assert AuditEntry.objects.filter(action="teams.contract.confirmed").count() == 1
    with pytest.raises(ValidationError):
        services.edit_contract(contract=contract, sections={"roles": "x"}, actor="someone")


def test_it_records_a_confirmation_from_the_contract_page(personas, team_setup):
    contract = run_start_session(team_setup, personas.facilitator)
    client = member_client(team_setup.member("nils"))
    page = client.get(f"/teams/{team_setup.team.uid}/contract/").content.decode()
    assert "I confirm this contract" in page and "Fair exams" in page
    client.post(f"/teams/{team_setup.team.uid}/contract/confirm/")
    assert contract.confirmations.get().member == team_setup.member("nils")
    page = client.get(f"/teams/{team_setup.team.uid}/contract/").content.decode()
    assert "You have confirmed this version." in page


def test_it_lets_a_member_edit_the_draft_on_the_page(personas, team_setup):
    run_start_session(team_setup, personas.facilitator)
    client = member_client(team_setup.member("olga"))
    url = f"/teams/{team_setup.team.uid}/contract/edit/"
    assert client.get(url).status_code == 200
    client.post(url, {"purpose": "We exist to:\n- Fair exams\n- Calm exams"})
    assert "Calm exams" in team_setup.team.latest_contract().sections["purpose"]


def test_it_downloads_the_contract_as_pdf(personas, team_setup, login, tmp_path):
    run_start_session(team_setup, personas.facilitator)
    response = login(personas.facilitator).get(f"/teams/{team_setup.team.uid}/contract/v1.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    assert b"Team contract: Digital exams project" in text
    assert b"Fair exams" in text


def test_it_denies_the_outsider_the_contract_and_its_pdf(personas, team_setup, login):
    run_start_session(team_setup, personas.facilitator)
    client = login(personas.outsider)
    assert client.get(f"/teams/{team_setup.team.uid}/contract/").status_code == 403
    assert client.get(f"/teams/{team_setup.team.uid}/contract/v1.pdf").status_code == 403
