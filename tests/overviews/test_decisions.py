"""HR compiles the faculty's summary from its overview; the dean decides; the decision reaches
the section that raised the measure, whose status changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actions.models import EscalationStatus
from orgs.models import Person
from overviews import services
from overviews.models import Outcome, OverviewKind, Recipient


def _send(actor, unit, survey, *, escalate=(), summary="Summary"):
    overview = services.get_or_start(actor=actor, unit=unit, round=survey)
    for measure in escalate:
        overview.refresh_from_db()
        services.set_escalation(
            actor=actor,
            overview=overview,
            measure_uid=str(measure.uid),
            passed=True,
            comment=f"Please decide on {measure.title}",
            revision=overview.revision,
        )
    overview.refresh_from_db()
    overview = services.save_text(
        actor=actor, overview=overview, summary=summary, comment="", revision=overview.revision
    )
    return services.send(actor=actor, overview=overview, revision=overview.revision)


def test_the_decision_travels_back_down_to_the_section(personas, scene):
    p = personas
    _send(p.head, p.org.music, scene.round, escalate=[scene.rooms, scene.budget])
    faculty = _send(p.admin, p.org.hf, scene.round, escalate=[scene.rooms], summary="HF overall")
    assert faculty.recipient == Recipient.HR
    compilation = services.start_compilation(actor=p.hr, faculty=p.org.hf, round=scene.round)
    assert compilation.kind == OverviewKind.COMPILATION
    assert compilation.summary == "HF overall"
    (escalation,) = compilation.escalations.all()  # from the faculty's own overview only
    assert escalation.measure == scene.rooms
    with pytest.raises(ValidationError):  # not sent to the dean yet
        services.decide(
            actor=p.dean, compilation=compilation, item=escalation, outcome="rector", text="x"
        )
    sent = services.send(actor=p.hr, overview=compilation, revision=compilation.revision)
    assert (sent.recipient, sent.recipient_unit) == (Recipient.DEAN, p.org.hf)
    compilation.refresh_from_db()
    decision = services.decide(
        actor=p.dean,
        compilation=compilation,
        item=escalation,
        outcome=Outcome.RECTOR,
        text="Rooms are an institution matter.",
    )
    scene.rooms.refresh_from_db()
    assert scene.rooms.escalation == EscalationStatus.RECTOR
    log = scene.rooms.progress.first()
    assert "Passed to the rector" in log.text and "Rooms are an institution matter." in log.text
    assert list(services.decisions_below(p.org.performance, scene.round)) == [decision]
    assert list(services.decisions_below(p.org.culture, scene.round)) == []
    assert list(services.passed_to_rector(scene.round)) == [decision]
    # The dean changes the decision: one decision, the new status.
    services.decide(
        actor=p.dean,
        compilation=compilation,
        item=escalation,
        outcome=Outcome.FACULTY,
        text="We take it in the faculty leadership meeting.",
    )
    scene.rooms.refresh_from_db()
    assert scene.rooms.escalation == EscalationStatus.FACULTY
    assert compilation.decisions.count() == 1


def test_without_a_faculty_overview_hr_starts_from_what_the_units_sent(personas, scene):
    p = personas
    _send(p.head, p.org.music, scene.round, escalate=[scene.budget])
    compilation = services.start_compilation(actor=p.hr, faculty=p.org.hf, round=scene.round)
    assert [e.measure for e in compilation.escalations.all()] == [scene.budget]
    assert compilation.summary == "Summary"


def test_a_decision_needs_an_outcome_and_text_and_its_own_compilation(personas, scene):
    p = personas
    _send(p.head, p.org.music, scene.round, escalate=[scene.rooms])
    compilation = services.start_compilation(actor=p.hr, faculty=p.org.hf, round=scene.round)
    services.send(actor=p.hr, overview=compilation, revision=compilation.revision)
    compilation.refresh_from_db()
    (escalation,) = compilation.escalations.all()
    with pytest.raises(ValidationError):
        services.decide(
            actor=p.dean, compilation=compilation, item=escalation, outcome="", text="x"
        )
    with pytest.raises(ValidationError):
        services.decide(
            actor=p.dean, compilation=compilation, item=escalation, outcome="rector", text=" "
        )
    music = services.get_or_start(actor=p.head, unit=p.org.music, round=scene.round)
    with pytest.raises(PermissionDenied):
        services.decide(
            actor=p.dean, compilation=music, item=escalation, outcome="rector", text="x"
        )
    scene.rooms.refresh_from_db()
    assert scene.rooms.escalation == EscalationStatus.SENT
    assert not compilation.decisions.exists()


def test_the_recipients_hear_of_each_step_by_email(
    personas, scene, mailoutbox, django_capture_on_commit_callbacks
):
    p = personas
    with django_capture_on_commit_callbacks(execute=True):
        _send(p.head, p.org.music, scene.round, escalate=[scene.rooms])
    # The department sends to the faculty: nobody leads HF among the personas but the dean
    # is top management, so the faculty's leaders get nothing; HR hears when HF sends.
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        _send(p.admin, p.org.hf, scene.round, escalate=[scene.rooms])
    (to_hr,) = mailoutbox
    assert to_hr.to == [p.hr.person.email]
    assert "Faculty of Humanities" in to_hr.subject and "/overviews/o/" in to_hr.body
    with django_capture_on_commit_callbacks(execute=True):
        compilation = services.start_compilation(actor=p.hr, faculty=p.org.hf, round=scene.round)
        services.send(actor=p.hr, overview=compilation, revision=compilation.revision)
    to_dean = mailoutbox[1]
    assert to_dean.to == [p.dean.person.email] and "1 item to decide" in to_dean.body
    compilation.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            actor=p.dean,
            compilation=compilation,
            item=compilation.escalations.get(),
            outcome=Outcome.NO_ACTION,
            text="Not this year.",
        )
    to_section = mailoutbox[2]
    assert to_section.to == [p.section_leader.person.email]
    assert "Not this year." in to_section.body and scene.rooms.title in to_section.subject


def test_each_recipient_hears_in_their_own_language(
    personas, scene, mailoutbox, django_capture_on_commit_callbacks
):
    p = personas
    Person.objects.filter(pk=p.hr.person_id).update(language="nb")
    with django_capture_on_commit_callbacks(execute=True):  # sent from English pages
        _send(p.admin, p.org.hf, scene.round, escalate=[scene.rooms])
    (to_hr,) = mailoutbox
    assert "Det humanistiske fakultet" in to_hr.subject and "/overviews/o/" in to_hr.body
    assert "Faculty of Humanities" not in to_hr.subject
