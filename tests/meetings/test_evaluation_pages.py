"""The evaluation pages over HTTP: the prompt and the feedback link on a held meeting's page,
the facilitator's evaluation form (with its conflict), who sees the results, closing and
e-mailing the feedback, the working group's overview and drill-down, the experience notes."""

from __future__ import annotations

import pytest
from django.core import mail

from audit.models import AuditEntry
from meetings import evaluation
from meetings.evaluation import EvaluationValues
from meetings.models import ExperienceNote, MeetingEvaluation
from tests.meetings.conftest import close_feedback, give_feedback, held_meeting_of

pytestmark = pytest.mark.django_db

FORM = {
    "rating": "4",
    "worked": "Silent writing first.",
    "did_not_work": "Too little time for the action part.",
    "change_method": "yes",
    "change_how": "Split into two meetings.",
    "method_dot-voting": "yes",
    "method_dot-voting_how": "Three dots, not five.",
    "method_brainwriting": "",
    "revision": "0",
}


def _page(client, meeting):
    return client.get(f"/meetings/{meeting.uid}/").content.decode()


def test_a_held_meeting_prompts_the_facilitator_to_evaluate_it(personas, login, held_meeting):
    page = _page(login(personas.facilitator), held_meeting)
    assert "Evaluate this meeting" in page and "The meeting is held. How did it go?" in page
    assert f"/m/f/{held_meeting.feedback_code}/" in page and "<svg" in page
    assert "E-mail the link to the participants" in page and "Close the feedback now" in page


def test_a_planned_meeting_has_no_evaluation_and_no_feedback_link(personas, login, meeting):
    page = _page(login(personas.facilitator), meeting)
    assert "Evaluate this meeting" not in page and "/m/f/" not in page


def test_the_leader_sees_the_link_but_cannot_evaluate(personas, login, held_meeting):
    client = login(personas.section_leader)
    page = _page(client, held_meeting)
    assert "Evaluate this meeting" not in page and f"/m/f/{held_meeting.feedback_code}/" in page
    assert "Close the feedback now" not in page
    assert client.get(f"/meetings/{held_meeting.uid}/evaluation/").status_code == 403
    assert client.post(f"/meetings/{held_meeting.uid}/feedback/close/").status_code == 403


def test_the_facilitator_evaluates_and_the_leader_does_not_read_it(personas, login, held_meeting):
    client = login(personas.facilitator)
    form = client.get(f"/meetings/{held_meeting.uid}/evaluation/").content.decode()
    assert "Would you change “Dot voting”?" in form and "The unit's leader does not see it" in form
    response = client.post(f"/meetings/{held_meeting.uid}/evaluation/", FORM)
    assert response.status_code == 302
    saved = MeetingEvaluation.objects.get()
    assert saved.rating == 4 and saved.methods.get().method.code == "dot-voting"
    page = _page(client, held_meeting)
    assert "Split into two meetings." in page and "Change the evaluation" in page
    assert "The meeting is held. How did it go?" not in page
    leader_page = _page(login(personas.section_leader), held_meeting)
    assert "Split into two meetings." not in leader_page
    hr_page = _page(login(personas.hr), held_meeting)
    assert "Split into two meetings." in hr_page and "Change the evaluation" not in hr_page


def test_a_bad_evaluation_keeps_what_was_typed(personas, login, held_meeting):
    client = login(personas.facilitator)
    response = client.post(
        f"/meetings/{held_meeting.uid}/evaluation/",
        {**FORM, "change_how": "", "worked": "Kept text"},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Say what you would change." in body
    assert "Kept text" in body and not MeetingEvaluation.objects.exists()


def test_a_conflicting_evaluation_shows_the_saved_one_and_keeps_the_form(
    personas, login, held_meeting
):
    evaluation.save_evaluation(
        meeting=held_meeting,
        values=EvaluationValues(rating=2, worked="Admin's view", change_method="no"),
        revision=0,
        actor=personas.admin,
    )
    client = login(personas.facilitator)
    response = client.post(f"/meetings/{held_meeting.uid}/evaluation/", FORM)
    body = response.content.decode()
    assert response.status_code == 400 and "The evaluation as it is saved now" in body
    assert "Admin&#x27;s view" in body and "Silent writing first." in body
    assert 'name="revision" value="1"' in body
    assert MeetingEvaluation.objects.get().rating == 2
    client.post(f"/meetings/{held_meeting.uid}/evaluation/", {**FORM, "revision": "1"})
    assert MeetingEvaluation.objects.get().rating == 4


def test_a_planned_meeting_cannot_be_evaluated(personas, login, meeting):
    client = login(personas.facilitator)
    response = client.post(f"/meetings/{meeting.uid}/evaluation/", FORM)
    assert response.status_code == 302 and not MeetingEvaluation.objects.exists()


def test_the_results_show_the_leader_five_answers_after_the_close(personas, login, held_meeting):
    give_feedback(held_meeting, 4, comment="We need more time.")
    close_feedback(held_meeting)
    client = login(personas.section_leader)
    page = _page(client, held_meeting)
    assert "The feedback is closed with 4 answers" in page and "We need more time." not in page

    other = held_meeting_of(personas.org.performance, personas.facilitator, days_ago=4)
    give_feedback(other, 5, useful=5, comment="We need more time.")
    close_feedback(other)
    page = _page(client, other)
    assert "Averages from 5 participants" in page and "We need more time." in page
    assert "5.0" in page
    # A participant without a role sees the meeting but not the results.
    other.participants.create(person=personas.employee.person)
    employee_page = _page(login(personas.employee), other)
    assert "Averages from" not in employee_page and "We need more time." not in employee_page


def test_the_facilitator_closes_the_feedback_and_emails_the_link(
    personas, login, held_meeting, django_capture_on_commit_callbacks
):
    held_meeting.participants.create(person=personas.employee.person)
    client = login(personas.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/meetings/{held_meeting.uid}/feedback/send/")
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        "erik@vestfjord.test", "frida@vestfjord.test", "siri@vestfjord.test", "sofie@vestfjord.test",
    ]  # fmt: skip
    message = mail.outbox[-1]
    assert message.subject == "How was the meeting? Mapping meeting: Section for Performance"
    assert f"/m/f/{held_meeting.feedback_code}/" in message.body and not message.attachments
    assert AuditEntry.objects.filter(action="meetings.feedback.send").exists()
    client.post(f"/meetings/{held_meeting.uid}/feedback/close/")
    held_meeting.refresh_from_db()
    assert held_meeting.feedback_unlinked
    page = _page(client, held_meeting)
    assert f"/m/f/{held_meeting.feedback_code}/" not in page


def test_the_working_group_sees_the_overview_of_its_units_only(personas, login, methods):
    p = personas
    mine = held_meeting_of(p.org.performance, p.facilitator)
    evaluation.save_evaluation(
        meeting=mine, values=EvaluationValues(rating=5, worked="In HF", change_method="no"),
        revision=0, actor=p.facilitator,
    )  # fmt: skip
    elsewhere = held_meeting_of(p.org.mn, p.admin)
    evaluation.save_evaluation(
        meeting=elsewhere, values=EvaluationValues(rating=1, worked="In MN", change_method="yes",
                                                   change_how="All of it"),
        revision=0, actor=p.admin,
    )  # fmt: skip
    client = login(p.hr)
    page = client.get("/meetings/evaluations/").content.decode()
    assert "1 held meeting, 1 evaluated by the facilitator." in page
    assert "Dot voting" in page and "5.0" in page
    texts = client.get("/meetings/evaluations/list/?method=dot-voting").content.decode()
    assert "In HF" in texts and "In MN" not in texts
    admin_page = login(p.admin).get("/meetings/evaluations/?phase=").content.decode()
    assert "2 held meetings, 2 evaluated by the facilitator." in admin_page
    assert "3.0" in admin_page and "50 % (1 of 2)" in admin_page


def test_the_overview_narrows_to_a_round_and_a_time_span(personas, login, methods):
    from tests.rounds import survey_round

    p = personas
    survey = survey_round(p.org.root)
    in_round = held_meeting_of(p.org.performance, p.facilitator, days_ago=30)
    in_round.round = survey
    in_round.save()
    held_meeting_of(p.org.performance, p.facilitator, days_ago=2)
    client = login(p.admin)
    page = client.get(f"/meetings/evaluations/?round={survey.uid}").content.decode()
    assert "1 held meeting," in page
    since = in_round.starts_at.date().isoformat()
    page = client.get(f"/meetings/evaluations/?since={since}&until={since}").content.decode()
    assert "1 held meeting," in page
    page = client.get("/meetings/evaluations/?since=2030-01-02&until=2030-01-01").content.decode()
    assert "The end of the span cannot be before its start." in page


def test_the_employee_and_the_leader_have_no_working_group_pages(personas, login):
    for persona in (personas.employee, personas.section_leader):
        client = login(persona)
        for url in (
            "/meetings/evaluations/",
            "/meetings/evaluations/list/",
            "/meetings/experience/new/",
        ):
            assert client.get(url).status_code == 403


NOTE = {
    "held_on": "2026-05-04",
    "title": "Small groups first",
    "theme": "safety",
    "theme_other": "",
    "text": "Start the mapping meeting in small groups without the leader.",
    "method": "groups-without-leader",
    "phase": "mapping",
}


def test_the_working_group_records_experience_notes_grouped_by_theme(personas, login, methods):
    client = login(personas.hr)
    response = client.post("/meetings/experience/new/", NOTE)
    assert response.status_code == 302
    client.post(
        "/meetings/experience/new/",
        {**NOTE, "title": "Coffee helps", "theme": "other", "theme_other": "Practicalities",
         "method": "", "phase": ""},
    )  # fmt: skip
    client.post(
        "/meetings/experience/new/", {**NOTE, "title": "Quiet voices", "held_on": "2026-06-01"}
    )
    page = client.get("/meetings/experience/").content.decode()
    page = page[page.index('aria-labelledby="theme-1"') :]  # after the list of themes
    order = [page.index(t) for t in ("Psychological safety and sensitive topics", "Quiet voices",
                                     "Small groups first", "Practicalities", "Coffee helps")]  # fmt: skip
    assert order == sorted(order)
    assert AuditEntry.objects.filter(action="meetings.experience.create").count() == 3
    # Facilitators read the notes but do not write them.
    facilitator = login(personas.facilitator)
    assert "Quiet voices" in facilitator.get("/meetings/experience/").content.decode()
    assert facilitator.post("/meetings/experience/new/", NOTE).status_code == 403


def test_an_experience_note_without_a_named_other_theme_is_refused(personas, login):
    client = login(personas.admin)
    response = client.post("/meetings/experience/new/", {**NOTE, "method": "", "theme": "other"})
    body = response.content.decode()
    assert (
        response.status_code == 400 and "Name the theme." in body and "Small groups first" in body
    )
    assert not ExperienceNote.objects.exists()


def test_editing_experience_notes_from_an_old_revision_is_refused(personas, login, methods):
    client = login(personas.hr)
    client.post("/meetings/experience/new/", NOTE)
    note = ExperienceNote.objects.get()
    url = f"/meetings/experience/{note.uid}/"
    admin = login(personas.admin)
    admin.post(url, {**NOTE, "text": "Admin's text", "revision": "1"})
    client = login(personas.hr)
    response = client.post(url, {**NOTE, "text": "HR's text", "revision": "1"})
    body = response.content.decode()
    assert response.status_code == 400 and "The notes as they are saved now" in body
    assert "Admin&#x27;s text" in body and "HR&#x27;s text" in body
    note.refresh_from_db()
    assert note.text == "Admin's text" and note.revision == 2
    edit = AuditEntry.objects.get(action="meetings.experience.edit")
    assert edit.data["after"] == {"text": "Admin's text"}
    client.post(f"/meetings/experience/{note.uid}/remove/")
    assert not ExperienceNote.objects.exists()
    assert AuditEntry.objects.filter(action="meetings.experience.remove").exists()


def test_the_method_card_links_to_its_notes_and_evaluations(personas, login, methods):
    client = login(personas.hr)
    client.post("/meetings/experience/new/", NOTE)
    client.post("/meetings/experience/new/", {**NOTE, "title": "No card", "method": ""})
    card_page = client.get("/meetings/methods/groups-without-leader/").content.decode()
    assert "/meetings/experience/?method=groups-without-leader" in card_page
    assert "/meetings/evaluations/list/?method=groups-without-leader" in card_page
    notes = client.get("/meetings/experience/?method=groups-without-leader").content.decode()
    assert "Small groups first" in notes and "No card" not in notes
    assert client.get("/meetings/experience/?method=no-such-card").status_code == 404
    facilitator_page = login(personas.facilitator).get("/meetings/methods/dot-voting/")
    body = facilitator_page.content.decode()
    assert "/meetings/experience/?method=dot-voting" in body and "/evaluations/" not in body
