"""A head of department gathers the sections' measures, confirms the proposed common themes,
renames and splits them, and passes an escalated measure up."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from actions.models import EscalationStatus, Measure
from overviews import services
from overviews.models import OverviewVersion, Recipient


def test_similar_measures_of_different_sections_are_proposed_together(personas, scene):
    overview = services.get_or_start(
        actor=personas.head, unit=personas.org.music, round=scene.round
    )
    groups = services.proposals(overview)
    titles = [{m.title for m in g.measures} for g in groups]
    assert {
        "Monthly all-hands meeting for the whole section",
        "Monthly all-hands meeting with everyone in the section",
        "All-hands meeting every month for all staff",
    } in titles
    meeting = next(g for g in groups if len(g.measures) == 3)
    assert meeting.dimension == "demands"
    assert set(meeting.units) == {"HF-01-01", "HF-01-02", "HF-01-03"}
    # Measures of different dimensions never share a group.
    for g in groups:
        stored = Measure.objects.filter(pk__in=[m.pk for m in g.measures])
        assert set(stored.values_list("focus_area__dimension", flat=True)) == {g.dimension}


def test_a_confirmed_theme_leaves_the_proposals_and_can_be_split(personas, scene):
    overview = services.get_or_start(
        actor=personas.head, unit=personas.org.music, round=scene.round
    )
    meeting = next(g for g in services.proposals(overview) if len(g.measures) == 3)
    theme = services.confirm_theme(
        actor=personas.head,
        overview=overview,
        title="Meeting places",
        dimension=meeting.dimension,
        measure_uids=[str(m.uid) for m in meeting.measures],
    )
    assert theme.measures.count() == 3
    left = {m.pk for g in services.proposals(overview) for m in g.measures}
    assert not left & {m.pk for m in meeting.measures}
    overview.refresh_from_db()
    new = services.split_theme(
        actor=personas.head,
        theme=theme,
        title="Staff meetings in Theory",
        measure_uids=[str(meeting.measures[-1].uid)],
        revision=overview.revision,
    )
    assert (theme.measures.count(), new.measures.count()) == (2, 1)
    overview.refresh_from_db()
    with pytest.raises(ValidationError):
        services.split_theme(
            actor=personas.head,
            theme=new,
            title="Nothing left",
            measure_uids=[str(meeting.measures[-1].uid)],
            revision=overview.revision,
        )


def test_a_stale_form_is_refused_and_changes_nothing(personas, scene):
    overview = services.get_or_start(
        actor=personas.head, unit=personas.org.music, round=scene.round
    )
    services.save_text(
        actor=personas.head, overview=overview, summary="First", comment="", revision=1
    )
    with pytest.raises(services.Conflict) as raised:
        services.save_text(
            actor=personas.admin, overview=overview, summary="Second", comment="", revision=1
        )
    assert raised.value.overview.summary == "First"
    overview.refresh_from_db()
    assert overview.summary == "First"


def test_measures_outside_the_subtree_cannot_join_a_theme(personas, scene):
    overview = services.get_or_start(
        actor=personas.section_leader, unit=personas.org.performance, round=scene.round
    )
    other = Measure.objects.get(title="Travel budget for conference visits")
    with pytest.raises(ValidationError):
        services.confirm_theme(
            actor=personas.section_leader,
            overview=overview,
            title="Travel",
            dimension="resources",
            measure_uids=[str(other.uid)],
        )
    assert not overview.themes.exists()


def test_sending_freezes_a_version_for_the_level_above(personas, scene):
    music = personas.org.music
    overview = services.get_or_start(actor=personas.head, unit=music, round=scene.round)
    services.set_escalation(
        actor=personas.head,
        overview=overview,
        measure_uid=str(scene.rooms.uid),
        passed=True,
        comment="The ensembles cannot rehearse",
        revision=overview.revision,
    )
    overview.refresh_from_db()
    with pytest.raises(ValidationError):  # no summary yet
        services.send(actor=personas.head, overview=overview, revision=overview.revision)
    overview = services.save_text(
        actor=personas.head,
        overview=overview,
        summary="Three sections want better meeting places.",
        comment="",
        revision=overview.revision,
    )
    version = services.send(actor=personas.head, overview=overview, revision=overview.revision)
    # A department below a faculty sends to the faculty.
    assert (version.recipient, version.recipient_unit) == (Recipient.PARENT, personas.org.hf)
    assert version.snapshot["escalations"][0]["measure"]["title"] == scene.rooms.title
    assert set(version.snapshot["units"]) == {music.pk, *(s.pk for s in scene.sections)}
    scene.rooms.refresh_from_db()
    assert scene.rooms.escalation == EscalationStatus.SENT
    # Later edits do not change what was sent.
    overview.refresh_from_db()
    services.save_text(
        actor=personas.head,
        overview=overview,
        summary="Changed",
        comment="",
        revision=overview.revision,
    )
    assert OverviewVersion.objects.get(pk=version.pk).snapshot["summary"].startswith("Three")
    assert [v.overview for v in services.received(personas.org.hf, scene.round)] == [overview]


def test_only_measures_outside_the_units_authority_are_passed_up(personas, scene):
    overview = services.get_or_start(
        actor=personas.head, unit=personas.org.music, round=scene.round
    )
    inside = Measure.objects.filter(within_authority=True, plan__round=scene.round).first()
    with pytest.raises(ValidationError):
        services.set_escalation(
            actor=personas.head,
            overview=overview,
            measure_uid=str(inside.uid),
            passed=True,
            comment="",
            revision=overview.revision,
        )
    assert not overview.escalations.exists()
