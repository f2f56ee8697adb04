"""The rector's step: an item a dean passed to the rector and the institution gets the
institution's decision, which travels back down to the dean and to the section that raised it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import EscalationStatus
from audit.models import AuditEntry
from orgs.models import Role, RoleAssignment
from overviews import services
from overviews.models import InstitutionDecision, InstitutionOutcome, Outcome
from tests.overviews.test_decisions import _send


@pytest.fixture
def passed(personas, scene, mailoutbox, django_capture_on_commit_callbacks):
    """The rooms measure, escalated from the section up to the dean, who passes it to the
    rector; Otto is the rector (top management of the institution)."""
    p = personas
    RoleAssignment.objects.create(
        person=p.outsider.person, role=Role.TOP_MANAGEMENT, unit=p.org.root, include_subtree=True
    )
    _send(p.admin, p.org.hf, scene.round, escalate=[scene.rooms])
    compilation = services.start_compilation(actor=p.hr, faculty=p.org.hf, round=scene.round)
    services.send(actor=p.hr, overview=compilation, revision=compilation.revision)
    compilation.refresh_from_db()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide(
            actor=p.dean,
            compilation=compilation,
            item=compilation.escalations.get(),
            outcome=Outcome.RECTOR,
            text="Rooms are an institution matter.",
        )
    return decision


def _dean_decides(p, passed, outcome, text):
    """The dean decides again on the item `passed` was about."""
    return services.decide(
        actor=p.dean, compilation=passed.overview, item=passed.escalation, outcome=outcome,
        text=text,
    )  # fmt: skip


def test_the_rector_hears_that_an_item_was_passed_to_them(personas, passed, mailoutbox):
    to_rector = [m for m in mailoutbox if m.to == [personas.outsider.person.email]]
    assert len(to_rector) == 1
    assert "Passed to the rector" in to_rector[0].subject
    assert "Rooms are an institution matter." in to_rector[0].body
    assert f"/overviews/{passed.overview.round.uid}/institution/" in to_rector[0].body


def test_the_institutions_decision_travels_down(
    personas, scene, passed, mailoutbox, django_capture_on_commit_callbacks
):
    p = personas
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        made = services.decide_for_institution(
            actor=p.outsider,
            decision=passed,
            outcome=InstitutionOutcome.ADOPTED,
            text="An institution measure: a room plan for all faculties by June.",
        )
    scene.rooms.refresh_from_db()
    assert scene.rooms.escalation == EscalationStatus.INSTITUTION
    log = scene.rooms.progress.first()
    assert "Decision of the institution by Otto Outsider" in log.text
    assert "room plan for all faculties" in log.text
    recipients = sorted(address for m in mailoutbox for address in m.to)
    assert recipients == sorted([p.dean.person.email, p.section_leader.person.email])
    assert all("institution's decision" in m.subject for m in mailoutbox)
    entry = AuditEntry.objects.get(action="overviews.institution_decision")
    assert entry.data == {"outcome": "adopted", "faculty": "HF"}
    # Changed later: the same record, audited as a change; the status follows.
    services.decide_for_institution(
        actor=p.admin, decision=passed, outcome=InstitutionOutcome.NO_ACTION, text="Not after all."
    )
    assert InstitutionDecision.objects.get().pk == made.pk
    scene.rooms.refresh_from_db()
    assert scene.rooms.escalation == EscalationStatus.NO_ACTION
    assert AuditEntry.objects.filter(action="overviews.institution_decision.change").exists()
    # The units that raised it see it where the dean's decision is.
    below = services.decisions_below(p.org.performance, scene.round).get()
    assert below.institution_decision.text == "Not after all."


def test_a_decision_needs_an_outcome_and_a_text_and_an_item_passed_on(personas, passed):
    p = personas
    with pytest.raises(ValidationError):
        services.decide_for_institution(actor=p.outsider, decision=passed, outcome="x", text="y")
    with pytest.raises(ValidationError):
        services.decide_for_institution(
            actor=p.outsider, decision=passed, outcome=InstitutionOutcome.ADOPTED, text="  "
        )
    _dean_decides(p, passed, Outcome.FACULTY, "We handle it ourselves.")
    with pytest.raises(ValidationError, match="no longer passes"):
        services.decide_for_institution(
            actor=p.outsider, decision=passed, outcome=InstitutionOutcome.ADOPTED, text="Yes."
        )
    assert not InstitutionDecision.objects.exists()


def test_once_the_institution_decided_the_dean_cannot_take_the_item_back(personas, scene, passed):
    p = personas
    services.decide_for_institution(
        actor=p.outsider, decision=passed, outcome=InstitutionOutcome.ADOPTED, text="Taken up."
    )
    with pytest.raises(ValidationError, match="has decided on this item already"):
        _dean_decides(p, passed, Outcome.NO_ACTION, "Never mind.")
    # The dean may still reword the decision that passed it on; the status stays the
    # institution's.
    _dean_decides(p, passed, Outcome.RECTOR, "Rooms are an institution matter (reworded).")
    scene.rooms.refresh_from_db()
    assert scene.rooms.escalation == EscalationStatus.INSTITUTION


def test_the_page_is_the_rectors_and_the_working_groups(personas, scene, passed, login):
    url = reverse("overviews:institution", args=[scene.round.uid])
    for persona in ("dean", "hr", "head", "employee"):
        assert login(getattr(personas, persona)).get(url).status_code == 403, persona
    assert login(personas.admin).get(url).status_code == 200
    rector = login(personas.outsider)
    page = rector.get(url)
    assert page.status_code == 200 and [d.pk for d in page.context["items"]] == [passed.pk]
    decide = reverse("overviews:institution_decide", args=[scene.round.uid, passed.uid])
    refused = rector.post(decide, {"outcome": "adopted", "text": ""})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    assert not InstitutionDecision.objects.exists()
    kept = rector.post(decide, {"outcome": "", "text": "A room plan."})
    assert "A room plan." in kept.content.decode()  # what was typed stays
    done = rector.post(decide, {"outcome": "adopted", "text": "A room plan."})
    assert done.status_code == 302 and done["Location"].endswith(f"#item-{passed.uid}")
    assert InstitutionDecision.objects.get().text == "A room plan."
    assert login(personas.dean).post(decide, {"outcome": "adopted", "text": "x"}).status_code == 403


def test_the_rector_hears_again_when_an_item_is_passed_on_after_another_decision(
    personas, passed, mailoutbox, django_capture_on_commit_callbacks
):
    p = personas
    for outcome, text in ((Outcome.FACULTY, "Ours after all."), (Outcome.RECTOR, "Theirs.")):
        with django_capture_on_commit_callbacks(execute=True):
            _dean_decides(p, passed, outcome, text)
    to_rector = [m for m in mailoutbox if m.to == [p.outsider.person.email]]
    assert len(to_rector) == 2 and "Theirs." in to_rector[1].body
    with django_capture_on_commit_callbacks(execute=True):  # reworded: no new e-mail
        _dean_decides(p, passed, Outcome.RECTOR, "Theirs, reworded.")
    assert len([m for m in mailoutbox if m.to == [p.outsider.person.email]]) == 2
