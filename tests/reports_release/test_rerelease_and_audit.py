"""A re-release is audited together with every earlier release of the round, and a release the
auditor finds a leak in is blocked: nothing becomes visible."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from lib import auditor, disclosure
from reports import access, build
from reports.models import ReleaseStatus, UnitReport
from surveys.models import Response, RoundStatus
from tests.reportfixtures import closed_round, release

COUNTS = {"HF-01": 4, "HF-01-01": 12, "HF-02": 7, "MN": 9}


def test_a_second_release_replaces_the_first_and_is_audited_with_it(personas):
    counts = {"HF-01-01": 12, "HF-02": 12, "MN": 12}
    survey = closed_round(personas.org.root, counts, background=False)
    first = release(survey)
    # Ten late answers in Cultural Studies (paper forms typed in after the first release),
    # each to every question: every difference between the releases is a group of ten, and
    # everything the late answers touch was shown in the first release too (otherwise the
    # difference would uncover what the first release hid — see the test below). No
    # background categories: a breakdown that appears in one release only can leak as well.
    unit = survey.units.get(code="HF-02")
    answers = {"W1": 5, "W2": 1, "C1": 5, "C2": 4, "F1": "no"}
    Response.objects.bulk_create(
        Response(round=survey, reporting_unit=unit, answers=answers, background={})
        for _ in range(10)
    )
    second = release(survey)
    first.refresh_from_db()
    assert (first.status, second.status) == (ReleaseStatus.SUPERSEDED, ReleaseStatus.PUBLISHED)
    assert second.number == 2
    assert second.audit["releases"] == ["release 1", "release 2"]
    assert access.current_release(survey) == second
    culture = UnitReport.objects.get(release=second, code="HF-02").data
    assert culture["cells"]["W1"]["n"] == 22
    entry = AuditEntry.objects.filter(action="reports.release.publish").latest("pk")
    assert entry.data["replaces"] == [1] and entry.data["audited_with"] == second.audit["releases"]


def test_the_stored_engine_state_audits_like_the_catalogue_itself(personas):
    survey = closed_round(personas.org.root, COUNTS)
    published = release(survey)
    restored = build.catalogue_from_state(published.engine_state)
    original = disclosure.control(
        build.stats.compute(
            build.questionnaire_for(survey),
            build.load(survey).tree,
            build.load(survey).responses,
            breakdowns=build.BACKGROUND_FIELDS,
        ),
        survey.threshold,
    )
    a = disclosure.audit_releases([("r", restored)])[0]
    b = disclosure.audit_releases([("r", original)])[0]
    assert a.atoms == b.atoms and a.groups == b.groups
    assert (a.published == b.published).all() and (a.sizes == b.sizes).all()


@pytest.fixture
def weakened(monkeypatch):
    """Disclosure control without the residual repair: publishes every unit with 5+ answers."""
    control = disclosure.control

    def without_repair(*args, **kwargs):
        return control(*args, **{**kwargs, "repair": False})

    monkeypatch.setattr(build.disclosure, "control", without_repair)


def test_the_auditor_blocks_a_release_that_leaks(personas, weakened):
    # Music shows 16, Performance 12: the 4 attached directly to Music could be worked out.
    survey = closed_round(personas.org.root, COUNTS)
    started = build.start_release(actor=personas.admin, round=survey)
    with pytest.raises(build.ReleaseBlocked):
        build.build_release(release=started)
    started.refresh_from_db()
    survey.refresh_from_db()
    assert started.status == ReleaseStatus.BLOCKED
    assert started.audit["ok"] is False
    assert any("HF-01" in finding for finding in started.audit["findings"])
    assert not UnitReport.objects.filter(release=started).exists()
    assert survey.status == RoundStatus.CLOSED
    assert access.current_release(survey) is None
    assert AuditEntry.objects.filter(action="reports.release.blocked").exists()


def test_the_command_refuses_to_release_what_the_auditor_blocks(personas, weakened):
    survey = closed_round(personas.org.root, COUNTS)
    with pytest.raises(CommandError, match="nothing was released"):
        call_command("buildreports", str(survey.uid), stdout=io.StringIO(), stderr=io.StringIO())


def test_the_command_releases_a_closed_round(personas):
    survey = closed_round(personas.org.root, COUNTS, name="Autumn survey")
    out = io.StringIO()
    call_command("buildreports", "Autumn survey", stdout=out, stderr=io.StringIO())
    assert "Released Autumn survey (release 1): 6 unit reports, 32 responses" in out.getvalue()
    assert UnitReport.objects.filter(release__round=survey).count() == 6


def test_late_answers_that_would_uncover_what_the_first_release_hid_are_blocked(personas):
    """Each release is safe alone; together they are not. Cultural Studies' 7 answers to the
    sensitive F1 were hidden in release 1 (fewer than 10). With 10 late answers it shows 17,
    and the institution grew by 10: 17 − 10 gives the first 7 people's answers."""
    survey = closed_round(personas.org.root, {"HF-02": 7, "MN": 12}, background=False)
    release(survey)
    unit = survey.units.get(code="HF-02")
    answers = {"W1": 5, "W2": 1, "C1": 5, "C2": 4, "F1": "no"}
    Response.objects.bulk_create(
        Response(round=survey, reporting_unit=unit, answers=answers, background={})
        for _ in range(10)
    )
    second = build.start_release(actor=None, round=survey)
    alone = disclosure.control(
        build.stats.compute(
            build.questionnaire_for(survey),
            build.load(survey).tree,
            build.load(survey).responses,
            breakdowns=build.BACKGROUND_FIELDS,
        ),
        survey.threshold,
    )
    assert auditor.audit([alone.audit_release("r2")]).ok  # safe on its own
    with pytest.raises(build.ReleaseBlocked):
        build.build_release(release=second)
    second.refresh_from_db()
    assert any(
        f.startswith(("residual: F1", "combination: F1")) and f.endswith("isolates 7")
        for f in second.audit["findings"]
    )
    assert access.current_release(survey).number == 1
