"""The annual-conversation pages over HTTP: the list per role and year, planning (input kept
on errors), changing the plan without overwriting, the guide with notes (autosave, conflicts,
who may write), marking it held, into the action plan, the print version and the home page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from actions.models import FocusArea, Measure
from conversations import services
from conversations.models import Conversation
from tests.actions.conftest import make_plan
from tests.conversations.conftest import plan_values

pytestmark = pytest.mark.django_db


def _list(client, **query) -> str:
    response = client.get(reverse("conversations:list"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_the_units_in_scope_with_their_status(personas, login, conversation):
    body = _list(login(personas.section_leader), year=2025)
    assert "Section for Performance" in body and "Department of Music" not in body
    assert reverse("conversations:detail", args=[conversation.uid]) in body
    body = _list(login(personas.head), year=2025)
    # 2025 is over: a unit that never planned its conversation is overdue.
    assert "Department of Music" in body and "overdue" in body
    assert f"{reverse('conversations:plan', args=[personas.org.music.uid])}?year=2025" in body


def test_followers_see_the_list_without_planning(personas, login):
    body = _list(login(personas.hr), year=2025)
    assert "Department of Cultural Studies" in body
    assert "/plan/" not in body


def test_the_list_filters_by_status_and_moves_between_years(personas, login, conversation):
    services.mark_held(actor=personas.section_leader, conversation=conversation)
    client = login(personas.admin)
    body = _list(client, year=2025, status="held")
    assert "Section for Performance" in body and "Faculty of Science" not in body
    assert "Held (1)" in body and "Overdue (5)" in body
    assert "?year=2024" in body and "?year=2026" in body
    assert client.get(reverse("conversations:list"), {"year": "1999"}).status_code == 404


def test_employees_have_no_list(personas, login):
    response = login(personas.employee).get(reverse("conversations:list"))
    assert response.status_code == 403


def test_planning_keeps_what_was_typed_on_errors(personas, login):
    client = login(personas.section_leader)
    url = reverse("conversations:plan", args=[personas.org.performance.uid]) + "?year=2026"
    page = client.get(url).content.decode()
    assert "Erik Employee (HF-01-01)" in page and "Siri Verneombud" in page
    response = client.post(url, {"date": "", "place": "Room 2.14", "participants": ["nobody"]})
    body = response.content.decode()
    assert response.status_code == 200 and 'value="Room 2.14"' in body
    assert "error-summary" in body
    assert not Conversation.objects.exists()


def test_planning_creates_the_conversation_and_opens_it(personas, login):
    client = login(personas.facilitator)
    url = reverse("conversations:plan", args=[personas.org.performance.uid])
    response = client.post(
        url,
        {
            "date": "2025-10-20",
            "time": "09:30",
            "place": "Room 2.14",
            "safety_rep": str(personas.safety_rep.person.uid),
            "participants": [str(personas.employee.person.uid)],
        },
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:detail", args=[conversation.uid])
    assert (conversation.year, conversation.time) == (2025, dt.time(9, 30))
    # Asking to plan the same year again opens the planned one.
    again = client.get(url + "?year=2025")
    assert again["Location"] == response["Location"]


def test_a_change_from_an_old_version_shows_the_saved_plan(personas, login, conversation):
    client = login(personas.section_leader)
    url = reverse("conversations:edit", args=[conversation.uid])
    services.update_conversation(
        actor=personas.head,
        conversation=conversation,
        values=plan_values(personas, place="Library"),
        version=1,
    )
    response = client.post(url, {"date": "2025-10-15", "place": "Room 9", "version": "1"})
    body = response.content.decode()
    assert "The plan as it is saved now" in body and "Library" in body
    assert 'value="Room 9"' in body and 'name="version" value="2"' in body
    conversation.refresh_from_db()
    assert conversation.place == "Library"
    client.post(url, {"date": "2025-10-15", "place": "Room 9", "version": "2"})
    conversation.refresh_from_db()
    assert conversation.place == "Room 9"


def test_the_conversation_page_shows_the_guide_and_the_open_measures(personas, login, conversation):
    make_plan(personas)
    body = (
        login(personas.section_leader)
        .get(reverse("conversations:detail", args=[conversation.uid]))
        .content.decode()
    )
    assert "How has the year been?" in body and "Workload and resources" in body
    assert "Monthly all-hands meeting" in body and "Communication" in body
    assert body.count('class="stacked notes-form guide-notes"') == 6
    assert "Add to the action plan" in body and "Mark as held" in body


def test_readers_see_the_notes_without_forms(personas, login, conversation):
    services.save_note(
        actor=personas.section_leader, conversation=conversation, section="workload",
        text="Too many meetings.", revision=0,
    )  # fmt: skip
    url = reverse("conversations:detail", args=[conversation.uid])
    body = login(personas.hr).get(url).content.decode()
    assert "Too many meetings." in body and "notes-form" not in body
    assert "Add to the action plan" not in body and "Mark as held" not in body
    body = login(personas.safety_rep).get(url).content.decode()
    assert "notes-form" in body and "Add to the action plan" not in body


def _note(client, conversation, text: str, revision: int, **headers):
    url = reverse("conversations:note", args=[conversation.uid, "workload"])
    data = {"workload-text": text, "workload-revision": str(revision)}
    return client.post(url, data, **headers)


def test_notes_autosave_and_a_conflict_shows_both_texts(personas, login, conversation):
    client = login(personas.safety_rep)
    saved = _note(client, conversation, "Exams are heavy.", 0, HTTP_HX_REQUEST="true")
    body = saved.content.decode()
    assert "Saved at" in body and 'hx-swap-oob="true"' in body and 'value="1"' in body
    stale = _note(client, conversation, "My own text.", 0, HTTP_HX_REQUEST="true")
    body = stale.content.decode()
    assert "Somebody else saved these notes" in body and "Exams are heavy." in body
    assert '"workload-revision": "1"' in body
    assert conversation.notes.get().text == "Exams are heavy."


def test_notes_without_script_redirect_or_show_the_conflict_page(personas, login, conversation):
    client = login(personas.section_leader)
    response = _note(client, conversation, "First.", 0)
    assert response["Location"].endswith("#section-workload")
    response = _note(client, conversation, "Mine.", 0)
    body = response.content.decode()
    assert response.status_code == 200 and "Mine.</textarea>" in body and "First." in body


def test_readers_cannot_write_notes(personas, login, conversation):
    assert _note(login(personas.hr), conversation, "x", 0).status_code == 403


def test_marking_held(personas, login, conversation):
    client = login(personas.section_leader)
    url = reverse("conversations:held", args=[conversation.uid])
    assert client.get(url).status_code == 405
    assert login(personas.safety_rep).post(url).status_code == 403
    client = login(personas.section_leader)
    client.post(url)
    conversation.refresh_from_db()
    assert conversation.is_held


def test_into_the_action_plan_keeps_the_input_on_errors(personas, login, conversation):
    client = login(personas.section_leader)
    url = reverse("conversations:to_plan", args=[conversation.uid])
    response = client.post(url, {"new_title": "Quieter office", "measure_title": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Quieter office"' in body and "Choose preserve or improve." in body
    assert not FocusArea.objects.exists()
    response = client.post(
        url,
        {
            "new_kind": "improve",
            "new_title": "Quieter office",
            "measure_title": "Quiet hours before lunch",
            "responsible_person": str(personas.employee.person.uid),
            "due": "2026-03-01",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#to-plan")
    measure = Measure.objects.get()
    assert measure.focus_area.title == "Quieter office"
    assert measure.plan.round is None and measure.responsible_person == personas.employee.person
    page = client.get(reverse("conversations:detail", args=[conversation.uid])).content.decode()
    assert "Added from this conversation" in page and "Quiet hours before lunch" in page


def test_only_those_who_edit_the_plan_add_to_it(personas, login, conversation):
    url = reverse("conversations:to_plan", args=[conversation.uid])
    response = login(personas.safety_rep).post(url, {"new_kind": "improve", "new_title": "X"})
    assert response.status_code == 403
    assert not FocusArea.objects.exists()


def test_the_print_version_has_the_guide_and_the_notes(personas, login, conversation):
    services.save_note(
        actor=personas.section_leader, conversation=conversation, section="the-year",
        text="We moved building.", revision=0,
    )  # fmt: skip
    body = (
        login(personas.hr)
        .get(reverse("conversations:print", args=[conversation.uid]))
        .content.decode()
    )
    assert "We moved building." in body and "Is the workload sustainable" in body
    assert "<textarea" not in body


def test_the_home_page_links_the_list(personas, login):
    body = login(personas.section_leader).get(reverse("home")).content.decode()
    assert reverse("conversations:list") in body
    body = login(personas.employee).get(reverse("home")).content.decode()
    assert reverse("conversations:list") not in body


def test_the_pages_are_in_bokmal(personas, client, conversation):
    client.force_login(personas.section_leader)
    response = client.get(
        reverse("conversations:detail", args=[conversation.uid]), HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert "Arbeidsmengde og ressurser" in response.content.decode()


def test_changing_the_plan_keeps_participants_from_sub_units(personas, login):
    conversation = services.plan_conversation(
        actor=personas.head,
        unit=personas.org.music,
        values=plan_values(personas, participants=[personas.employee.person]),  # Performance
    )
    client = login(personas.head)
    url = reverse("conversations:edit", args=[conversation.uid])
    page = client.get(url).content.decode()
    assert "Erik Employee (HF-01-01)" in page and "Include the staff of sub-units" not in page
    client.post(
        url,
        {
            "date": "2025-10-15",
            "place": "Music room",
            "participants": [str(personas.employee.person.uid)],
            "version": str(conversation.version),
        },
    )
    conversation.refresh_from_db()
    assert conversation.place == "Music room"
    assert list(conversation.participants.all()) == [personas.employee.person]
