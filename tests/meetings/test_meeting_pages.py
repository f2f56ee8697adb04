"""The meeting pages over HTTP: the facilitator's units, planning, participants, agenda,
notes with conflicts, invitations, the calendar file, and what each role may open."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit.models import AuditEntry
from meetings import services
from meetings.models import Meeting, MethodCard

pytestmark = pytest.mark.django_db


def test_the_facilitator_sees_the_next_step_and_plans_a_preparation_meeting(personas, login):
    client = login(personas.facilitator)
    page = client.get("/meetings/mine/").content.decode()
    assert "Section for Performance" in page and "Plan the preparation meeting" in page
    unit = personas.org.performance
    response = client.post(
        f"/meetings/units/{unit.uid}/new/",
        {"kind": "preparation", "date": "2030-03-04", "start": "09:00", "end": "10:00",
         "place": "Room 101", "video_link": "", "title": ""},
    )  # fmt: skip
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/meetings/{meeting.uid}/"
    page = client.get("/meetings/mine/").content.decode()
    assert "Preparation meeting on" in page


def test_a_bad_form_keeps_what_was_typed(personas, login):
    client = login(personas.section_leader)
    unit = personas.org.performance
    response = client.post(
        f"/meetings/units/{unit.uid}/new/",
        {"kind": "mapping", "date": "2030-03-04", "start": "11:00", "end": "10:00",
         "place": "Aud. 3", "title": "Our mapping"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200 and "The meeting must end after it starts." in body
    assert 'value="Aud. 3"' in body and 'value="Our mapping"' in body
    assert not Meeting.objects.exists()


def test_the_leader_builds_the_agenda_and_adds_participants(personas, login, meeting, methods):
    client = login(personas.section_leader)
    client.post(f"/meetings/{meeting.uid}/agenda/", {"method": "check-in-round"})
    client.post(f"/meetings/{meeting.uid}/agenda/", {"method": "roles-and-plan"})
    client.post(f"/meetings/{meeting.uid}/agenda/", {"title": "Dates", "minutes": "30"})
    page = client.get(f"/meetings/{meeting.uid}/").content.decode()
    assert "10:00–10:10" in page and "10:40–11:10" in page
    assert "The agenda is 10 minutes longer than the meeting" in page
    erik = personas.employee.person
    client.post(f"/meetings/{meeting.uid}/participants/", {"people": [str(erik.uid)]})
    assert meeting.participants.filter(person=erik).exists()
    response = client.post(f"/meetings/{meeting.uid}/invite/")
    assert response.status_code == 302
    assert meeting.participants.filter(invited_sequence=0).count() == 4


def test_notes_conflict_shows_both_versions_and_keeps_the_users_text(personas, login, meeting):
    client = login(personas.facilitator)
    services.save_notes(meeting=meeting, text="Saved by Sofie", revision=0, actor=None)
    response = client.post(
        f"/meetings/{meeting.uid}/notes/",
        {"notes": "Written by Frida", "revision": "0"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "Somebody else saved the notes" in body and "Saved by Sofie" in body
    meeting.refresh_from_db()
    assert meeting.notes == "Saved by Sofie"
    response = client.post(
        f"/meetings/{meeting.uid}/notes/",
        {"notes": "Written by Frida", "revision": "1"},
        headers={"HX-Request": "true"},
    )
    assert "Saved at" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.notes == "Written by Frida" and meeting.revision == 2


def test_an_invited_employee_reads_the_meeting_but_changes_nothing(personas, login, meeting):
    services.add_participants(meeting=meeting, people=[personas.employee.person], actor=None)
    client = login(personas.employee)
    assert client.get(f"/meetings/{meeting.uid}/").status_code == 200
    assert client.get(f"/meetings/{meeting.uid}/meeting.ics").status_code == 200
    assert client.get(f"/meetings/{meeting.uid}/edit/").status_code == 403
    response = client.post(f"/meetings/{meeting.uid}/notes/", {"notes": "x", "revision": "0"})
    assert response.status_code == 403
    assert client.get("/meetings/").status_code == 200
    assert client.get("/meetings/methods/").status_code == 403


@pytest.mark.parametrize(
    ("persona", "view", "manage"),
    [
        ("admin", 200, 200),
        ("hr", 200, 403),
        ("dean", 200, 403),
        ("head", 200, 200),
        ("section_leader", 200, 200),
        ("safety_rep", 200, 403),
        ("facilitator", 200, 200),
        ("employee", 403, 403),
        ("outsider", 403, 403),
    ],
)
def test_each_role_opens_what_it_may(personas, login, meeting, persona, view, manage):
    client = login(getattr(personas, persona))
    assert client.get(f"/meetings/{meeting.uid}/").status_code == view
    assert client.get(f"/meetings/units/{meeting.unit.uid}/").status_code == view
    assert client.get(f"/meetings/{meeting.uid}/edit/").status_code == manage
    assert client.get(f"/meetings/{meeting.uid}/agenda/").status_code == manage


def test_a_facilitator_elsewhere_cannot_plan_here(personas, login):
    client = login(personas.facilitator)
    response = client.get(f"/meetings/units/{personas.org.culture.uid}/new/")
    assert response.status_code == 403


def test_moving_from_a_stale_form_shows_the_saved_version(personas, login, meeting):
    client = login(personas.facilitator)
    services.update_meeting(
        meeting=meeting, version=1, values={"place": "Room 303"}, actor=personas.section_leader
    )
    response = client.post(
        f"/meetings/{meeting.uid}/edit/",
        {"version": "1", "title": meeting.title, "date": "2030-03-05", "start": "09:00",
         "end": "10:00", "place": "Room 404"},
    )  # fmt: skip
    body = response.content.decode()
    assert "Somebody else changed the meeting" in body and "Room 303" in body
    assert 'value="Room 404"' in body
    meeting.refresh_from_db()
    assert meeting.place == "Room 303"


def test_the_toolbox_filters_and_the_administrator_edits_a_card(personas, login, methods):
    client = login(personas.safety_rep)
    page = client.get("/meetings/methods/", {"phase": "mapping", "sensitive": "on"}).content
    text = page.decode()
    assert "Small groups without the leader present" in text
    assert "Dot voting" not in text
    assert client.get("/meetings/methods/dot-voting/edit/").status_code == 403
    admin = login(personas.admin)
    card = MethodCard.objects.get(code="dot-voting")
    form = {name: getattr(card, name) for name in ("title_nb", "purpose_nb", "purpose_en",
            "steps_nb", "steps_en", "materials_nb", "materials_en", "tips_nb", "tips_en",
            "worksheet_nb", "worksheet_en", "duration_minutes", "group_min", "group_max")}  # fmt: skip
    form.update({"title_en": "Dot voting, quickly", "phases": ["mapping"], "revision": "1"})
    response = admin.post("/meetings/methods/dot-voting/edit/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    card.refresh_from_db()
    assert card.title_en == "Dot voting, quickly" and card.phases == ["mapping"]


def test_the_material_package_is_a_pdf_with_the_agenda_and_the_cards(
    personas, login, meeting, methods, tmp_path
):
    import subprocess

    for code in ("check-in-round", "groups-without-leader"):
        card = MethodCard.objects.get(code=code)
        services.add_agenda_item(meeting=meeting, method=card, actor=None)
    client = login(personas.facilitator)
    response = client.get(f"/meetings/{meeting.uid}/material.pdf")
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "material.pdf"
    path.write_bytes(response.content)
    artifacts = Path(os.environ.get("MEDVIRK_TEST_ARTIFACTS", "test-artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "meeting-material.pdf").write_bytes(response.content)  # to look at
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Preparation meeting: Section for Performance" in text
    assert "Round-robin check-in" in text and "Small groups without the leader present" in text
    assert "Worksheet: Small groups without the leader present" in text
    assert "What we want the leader to hear" in text
    assert "Page 1 /" in text
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert int(next(ln for ln in pages.splitlines() if ln.startswith("Pages:")).split()[1]) >= 5
    nb = client.get(f"/meetings/{meeting.uid}/material.pdf", headers={"accept-language": "nb"})
    path.write_bytes(nb.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Smågrupper uten lederen til stede" in text


def test_the_calendar_file_of_a_cancelled_meeting_cancels(personas, login, meeting):
    services.cancel_meeting(meeting=meeting, actor=personas.facilitator)
    body = login(personas.facilitator).get(f"/meetings/{meeting.uid}/meeting.ics").content
    assert b"METHOD:CANCEL" in body and b"SEQUENCE:1" in body


def test_home_links_the_facilitator_to_their_units(personas, login):
    page = login(personas.facilitator).get("/").content.decode()
    assert "/meetings/mine/" in page
    assert "/meetings/mine/" not in login(personas.head).get("/").content.decode()


def test_the_presenter_view_shows_one_item_at_a_time(personas, login, meeting, methods):
    card = MethodCard.objects.get(code="brainwriting")
    services.add_agenda_item(meeting=meeting, title="Welcome", minutes=5, actor=None)
    services.add_agenda_item(meeting=meeting, method=card, actor=None)
    client = login(personas.safety_rep)
    first = client.get(f"/meetings/{meeting.uid}/screen/").content.decode()
    assert "Welcome" in first and "Item 1 of 2" in first
    second = client.get(f"/meetings/{meeting.uid}/screen/", {"item": "9"}).content.decode()
    assert "Item 2 of 2 · 10:05–10:20" in second and "Everyone writes in silence" in second
    assert client.get(f"/meetings/{meeting.uid}/screen/", {"item": "x"}).status_code == 200


def test_the_meetings_page_leads_leaders_to_their_units(personas, login, meeting):
    page = login(personas.section_leader).get("/meetings/").content.decode()
    assert f"/meetings/units/{personas.org.performance.uid}/" in page
    assert "Preparation meeting: Section for Performance" in page


def test_the_administrator_adds_a_card_and_a_duplicate_code_is_refused(personas, login, methods):
    admin = login(personas.admin)
    form = {
        "code": "walk-and-talk",
        "title_nb": "Gå-og-snakk",
        "title_en": "Walk and talk",
        "purpose_nb": "Snakk sammen to og to mens dere går.",
        "purpose_en": "Talk in pairs while walking.",
        "steps_nb": "Gå ut i par\nSnakk om spørsmålet",
        "steps_en": "Go out in pairs\nTalk about the question",
        "phases": ["mapping", "follow_up"],
        "duration_minutes": "20",
        "group_min": "2",
        "group_max": "40",
    }
    response = admin.post("/meetings/methods/new/", form)
    assert response["Location"] == "/meetings/methods/walk-and-talk/"
    card = MethodCard.objects.get(code="walk-and-talk")
    assert card.steps == ["Go out in pairs", "Talk about the question"]
    again = admin.post("/meetings/methods/new/", {**form, "title_en": "Another"})
    body = again.content.decode()
    assert again.status_code == 200 and "A method card has this code already." in body
    assert 'value="Another"' in body
    assert login(personas.facilitator).get("/meetings/methods/new/").status_code == 403


def test_the_kind_changes_and_a_default_title_follows_it(
    personas, login, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    services.add_participants(meeting=meeting, people=[personas.employee.person], actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(meeting=meeting, actor=personas.facilitator)
    meeting.refresh_from_db()
    assert meeting.title == "Preparation meeting: Section for Performance"
    mailoutbox.clear()
    client = login(personas.facilitator)
    form = client.get(f"/meetings/{meeting.uid}/edit/").content.decode()
    assert 'name="kind"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/meetings/{meeting.uid}/edit/",
            {"version": str(meeting.version), "kind": "mapping", "title": meeting.title,
             "date": "2030-03-04", "start": "09:00", "end": "11:00", "place": "Room 101"},
        )  # fmt: skip
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.kind == "mapping" and meeting.title == "Mapping meeting: Section for Performance"
    assert meeting.sequence == 1  # the invited get an update with the new title
    assert mailoutbox and all(str(m.subject).startswith("Changed:") for m in mailoutbox)
    entry = AuditEntry.objects.filter(action="meetings.meeting.move").latest("pk")
    assert (entry.data["before"]["kind"], entry.data["after"]["kind"]) == ("preparation", "mapping")
    # A title of one's own stays when the kind changes.
    services.update_meeting(
        meeting=meeting, version=meeting.version, values={"title": "Kick-off"}, actor=None
    )
    meeting.refresh_from_db()
    services.update_meeting(
        meeting=meeting, version=meeting.version, values={"kind": "action"}, actor=None
    )
    meeting.refresh_from_db()
    assert (meeting.kind, meeting.title) == ("action", "Kick-off")
    # An emptied title becomes the kind's default, not an empty calendar entry.
    services.update_meeting(
        meeting=meeting, version=meeting.version, values={"title": "  "}, actor=None
    )
    meeting.refresh_from_db()
    assert meeting.title == "Action meeting: Section for Performance"
    # An unknown kind changes nothing.
    refused = client.post(
        f"/meetings/{meeting.uid}/edit/",
        {"version": str(meeting.version), "kind": "party", "title": "Kick-off",
         "date": "2030-03-04", "start": "09:00", "end": "11:00"},
    )  # fmt: skip
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.kind == "action"
