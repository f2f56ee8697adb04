"""/api/v1/ roll-up: overviews of a round in scope, one overview with its themes, escalations
and sent versions, a version's frozen snapshot, saving the summary with the revision check,
the dean's decisions (by outcome, and those that came down to a unit); the outsider and readers
of other parts of the organisation get nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Measure
from orgs.models import Role, RoleAssignment
from overviews import services
from overviews.models import Decision, Outcome, Overview, OverviewVersion
from tests.overviews.conftest import build_scene

pytestmark = pytest.mark.django_db


@dataclass
class Rollup:
    round_uid: str
    music: Overview
    faculty: Overview
    compilation: Overview
    science: Overview
    on_rooms: Decision
    on_theme: Decision
    all_hands: list[Measure]
    rooms: Measure


def _send(actor, unit, survey, *, themes=(), escalate=(), summary="Summary"):
    overview = services.get_or_start(actor=actor, unit=unit, round=survey)
    for title, measures in themes:
        theme = services.confirm_theme(
            actor=actor,
            overview=overview,
            title=title,
            dimension="demands",
            measure_uids=[str(m.uid) for m in measures],
        )
        overview.refresh_from_db()
        services.update_theme(
            actor=actor, theme=theme, title=title, summary=f"About {title}", pass_up=True,
            comment="", revision=overview.revision,
        )  # fmt: skip
    for measure in escalate:
        overview.refresh_from_db()
        services.set_escalation(
            actor=actor, overview=overview, measure_uid=str(measure.uid), passed=True,
            comment=f"Please decide on {measure.title}", revision=overview.revision,
        )  # fmt: skip
    overview.refresh_from_db()
    overview = services.save_text(
        actor=actor, overview=overview, summary=summary, comment="", revision=overview.revision
    )
    services.send(actor=actor, overview=overview, revision=overview.revision)
    overview.refresh_from_db()
    return overview


@pytest.fixture
def rollup(personas) -> Rollup:
    """Music's overview (a theme and two escalations) goes to the faculty; the faculty's
    overview (the theme and the practice rooms) to HR; HR's compilation to the dean, who
    decides on both items. The Faculty of Science has a draft overview."""
    p = personas
    scene = build_scene(p)
    all_hands = list(Measure.objects.filter(title__icontains="all-hands").order_by("pk"))
    theme = [("All-hands meetings", all_hands)]
    survey = scene.round
    music = _send(p.head, p.org.music, survey, themes=theme, escalate=[scene.rooms, scene.budget])
    faculty = _send(p.admin, p.org.hf, survey, themes=theme, escalate=[scene.rooms],
                    summary="HF overall")  # fmt: skip
    compilation = services.start_compilation(actor=p.hr, faculty=p.org.hf, round=survey)
    services.send(actor=p.hr, overview=compilation, revision=compilation.revision)
    compilation.refresh_from_db()
    on_rooms = services.decide(
        actor=p.dean, compilation=compilation, item=compilation.escalations.get(),
        outcome=Outcome.RECTOR, text="Rooms are an institution matter.",
    )  # fmt: skip
    on_theme = services.decide(
        actor=p.dean, compilation=compilation, item=compilation.themes.get(),
        outcome=Outcome.FACULTY, text="The faculty leadership takes it up in May.",
    )  # fmt: skip
    science = services.get_or_start(actor=p.admin, unit=p.org.mn, round=survey)
    services.save_text(actor=p.admin, overview=science, summary="MN draft", comment="", revision=1)
    return Rollup(str(survey.uid), music, faculty, compilation, science, on_rooms, on_theme,
                  all_hands, scene.rooms)  # fmt: skip


def _elsewhere_reader(personas, unit):
    """The outsider as an HR partner of `unit` only (an API reader elsewhere)."""
    RoleAssignment.objects.create(person=personas.outsider.person, role=Role.HR_PARTNER, unit=unit)
    return personas.outsider


def _put(client, raw, path, data):
    return client.put(
        f"/api/v1{path}",
        json.dumps(data),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


# -- overviews -----------------------------------------------------------------------------------


def test_hr_lists_the_overviews_of_the_faculty(personas, rollup, token_for, api_get):
    raw = token_for(personas.hr)
    response = api_get(raw, f"/rounds/{rollup.round_uid}/overviews")
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [(o["unit_code"], o["kind"]) for o in items] == [
        ("HF", "compilation"),
        ("HF", "unit"),
        ("HF-01", "unit"),
    ]
    music = items[2]
    assert music["uid"] == str(rollup.music.uid) and music["version"] == 1
    assert music["last_sent_at"] is not None and music["summary"] == "Summary"
    narrowed = api_get(raw, f"/rounds/{rollup.round_uid}/overviews", unit="HF-01").json()
    assert [o["unit_code"] for o in narrowed["items"]] == ["HF-01"]
    kinds = api_get(raw, f"/rounds/{rollup.round_uid}/overviews", kind="compilation").json()
    assert [o["unit_code"] for o in kinds["items"]] == ["HF"]


def test_the_administrator_sees_every_overview_and_drafts(personas, rollup, token_for, api_get):
    items = api_get(token_for(personas.admin), f"/rounds/{rollup.round_uid}/overviews").json()
    science = next(o for o in items["items"] if o["unit_code"] == "MN")
    assert science["version"] == 0 and science["last_sent_at"] is None
    assert science["summary"] == "MN draft"


def test_an_overview_with_its_themes_escalations_and_versions(personas, rollup, token_for, api_get):
    detail = api_get(token_for(personas.hr), f"/overviews/{rollup.music.uid}").json()
    (theme,) = detail["themes"]
    assert theme["title"] == "All-hands meetings" and theme["pass_up"] is True
    assert theme["measures"] == [str(m.uid) for m in rollup.all_hands]
    assert theme["decision"] is None  # decisions are made on the compilation
    assert [(e["unit_code"], e["comment"]) for e in detail["escalations"]] == [
        ("HF-01-01", "Please decide on More practice rooms for the ensembles"),
        ("HF-01-02", "Please decide on Travel budget for conference visits"),
    ]
    assert detail["escalations"][0]["status"] == "rector"  # the dean's decision reached it
    (version,) = detail["versions"]
    assert version["number"] == 1 and version["recipient"] == "parent"
    assert version["recipient_unit_code"] == "HF" and version["sent_by"] == "Leif Leder"


def test_a_compilation_carries_the_deans_decisions(personas, rollup, token_for, api_get):
    detail = api_get(token_for(personas.hr), f"/overviews/{rollup.compilation.uid}").json()
    assert detail["kind"] == "compilation" and detail["summary"] == "HF overall"
    assert detail["themes"][0]["decision"]["outcome"] == "faculty"
    (escalation,) = detail["escalations"]
    assert escalation["measure"] == str(rollup.rooms.uid)
    assert escalation["decision"]["text"] == "Rooms are an institution matter."
    assert detail["versions"][0]["recipient"] == "dean"


def test_late_tells_whether_a_version_was_sent_after_its_deadline(
    personas, rollup, token_for, api_get
):
    version = rollup.music.versions.get()
    path = f"/overviews/{rollup.music.uid}"
    raw = token_for(personas.hr)
    OverviewVersion.objects.filter(pk=version.pk).update(deadline=version.sent_on)
    assert api_get(raw, path).json()["versions"][0]["late"] is False
    OverviewVersion.objects.filter(pk=version.pk).update(deadline="2026-06-15")
    late = api_get(raw, path).json()["versions"][0]
    assert late["late"] is (version.sent_on.isoformat() > "2026-06-15")
    assert late["deadline"] == "2026-06-15"


def test_a_sent_version_has_its_frozen_snapshot(personas, rollup, token_for, api_get):
    raw = token_for(personas.hr)
    path = f"/overviews/{rollup.faculty.uid}/versions/1"
    before = api_get(raw, path).json()
    assert before["number"] == 1 and before["recipient"] == "hr"
    snapshot = before["snapshot"]
    assert snapshot["summary"] == "HF overall"
    assert [m["unit_code"] for m in snapshot["themes"][0]["measures"]] == [
        "HF-01-01", "HF-01-02", "HF-01-03",
    ]  # fmt: skip
    assert snapshot["escalations"][0]["measure"]["title"] == rollup.rooms.title
    overview = Overview.objects.get(pk=rollup.faculty.pk)
    services.save_text(actor=personas.admin, overview=overview, summary="Changed later",
                       comment="", revision=overview.revision)  # fmt: skip
    assert api_get(raw, path).json()["snapshot"] == snapshot
    assert api_get(raw, f"/overviews/{rollup.faculty.uid}/versions/2").status_code == 404


def test_saving_the_summary_checks_the_revision(personas, rollup, token_for, client):
    raw = token_for(personas.admin)
    path = f"/overviews/{rollup.science.uid}"
    revision = rollup.science.revision + 1  # save_text in the fixture
    response = _put(client, raw, path, {"summary": "MN: workload", "revision": revision})
    assert response.status_code == 200, response.content
    assert response.json()["summary"] == "MN: workload"
    assert response.json()["revision"] == revision + 1
    stale = _put(client, raw, path, {"summary": "Stale", "comment": "x", "revision": revision})
    assert stale.status_code == 409
    assert stale.json()["current"]["summary"] == "MN: workload"
    assert Overview.objects.get(pk=rollup.science.pk).summary == "MN: workload"


def test_hr_writes_the_compilation_but_not_a_leaders_overview(personas, rollup, token_for, client):
    raw = token_for(personas.hr)
    music = _put(client, raw, f"/overviews/{rollup.music.uid}", {"summary": "x", "revision": 99})
    assert music.status_code == 403
    assert Overview.objects.get(pk=rollup.music.pk).summary == "Summary"
    compilation = Overview.objects.get(pk=rollup.compilation.pk)
    response = _put(client, raw, f"/overviews/{compilation.uid}",
                    {"summary": "For the dean", "revision": compilation.revision})  # fmt: skip
    assert response.status_code == 200 and response.json()["summary"] == "For the dean"


def test_the_list_runs_a_fixed_number_of_queries(personas, rollup, token_for, api_get):
    raw = token_for(personas.admin)
    path = f"/rounds/{rollup.round_uid}/overviews"
    api_get(raw, path)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        assert len(api_get(raw, path).json()["items"]) == 4
    for unit in (personas.org.culture, personas.org.performance, personas.org.root):
        services.get_or_start(actor=personas.admin, unit=unit, round=rollup.music.round)
    with CaptureQueriesContext(connection) as many:
        assert len(api_get(raw, path).json()["items"]) == 7
    assert len(many) == len(few)


# -- decisions -----------------------------------------------------------------------------------


def test_hr_lists_the_decisions_by_outcome(personas, rollup, token_for, api_get):
    raw = token_for(personas.hr)
    items = api_get(raw, f"/rounds/{rollup.round_uid}/decisions").json()["items"]
    assert {d["uid"] for d in items} == {str(rollup.on_rooms.uid), str(rollup.on_theme.uid)}
    rector = api_get(raw, f"/rounds/{rollup.round_uid}/decisions", outcome="rector").json()
    (decision,) = rector["items"]
    assert decision["item_kind"] == "escalation" and decision["faculty_code"] == "HF"
    assert decision["item_title"] == rollup.rooms.title
    assert decision["measures"] == [str(rollup.rooms.uid)]
    assert decision["decided_by"] == "Dag Dekan"
    assert decision["institution_decision"] is None
    services.decide_for_institution(
        actor=personas.admin, decision=rollup.on_rooms, outcome="adopted", text="A room plan."
    )
    rector = api_get(raw, f"/rounds/{rollup.round_uid}/decisions", outcome="rector").json()
    made = rector["items"][0]["institution_decision"]
    assert (made["outcome"], made["text"], made["decided_by"]) == (
        "adopted",
        "A room plan.",
        "Ada Admin",
    )
    bad = api_get(raw, f"/rounds/{rollup.round_uid}/decisions", outcome="maybe")
    assert bad.status_code == 422


def test_one_decision(personas, rollup, token_for, api_get):
    found = api_get(token_for(personas.admin), f"/decisions/{rollup.on_theme.uid}").json()
    assert found["item_kind"] == "theme" and found["item_title"] == "All-hands meetings"
    assert found["measures"] == [str(m.uid) for m in rollup.all_hands]
    assert found["compilation"] == str(rollup.compilation.uid)
    unknown = api_get(token_for(personas.admin), "/decisions/00000000-0000-0000-0000-000000000000")
    assert unknown.status_code == 404


def test_the_decisions_that_came_down_to_a_unit(personas, rollup, token_for, api_get):
    raw = token_for(personas.hr)
    path = f"/rounds/{rollup.round_uid}/units/{{}}/decisions"
    performance = api_get(raw, path.format("HF-01-01")).json()
    assert {d["outcome"] for d in performance} == {"rector", "faculty"}
    composition = api_get(raw, path.format("HF-01-02")).json()  # its budget was not passed on
    assert [d["outcome"] for d in composition] == ["faculty"]
    assert api_get(raw, path.format("HF-02")).json() == []
    assert api_get(raw, path.format("NOPE")).status_code == 404


def test_a_reader_of_a_section_sees_the_decisions_that_reached_it_only(
    personas, rollup, token_for, api_get
):
    raw = token_for(_elsewhere_reader(personas, personas.org.performance))
    items = api_get(raw, f"/rounds/{rollup.round_uid}/decisions").json()["items"]
    assert {d["uid"] for d in items} == {str(rollup.on_rooms.uid), str(rollup.on_theme.uid)}
    assert api_get(raw, f"/decisions/{rollup.on_rooms.uid}").status_code == 200
    # ... but not the faculty's overviews, nor the decisions of units above the section.
    assert api_get(raw, f"/rounds/{rollup.round_uid}/overviews").json()["items"] == []
    assert api_get(raw, f"/overviews/{rollup.compilation.uid}").status_code == 403
    assert api_get(raw, f"/rounds/{rollup.round_uid}/units/HF-01/decisions").status_code == 403


# -- refusals ------------------------------------------------------------------------------------


def _paths(rollup: Rollup) -> list[str]:
    return [
        f"/rounds/{rollup.round_uid}/overviews",
        f"/overviews/{rollup.music.uid}",
        f"/overviews/{rollup.compilation.uid}",
        f"/overviews/{rollup.faculty.uid}/versions/1",
        f"/rounds/{rollup.round_uid}/units/HF-01/decisions",
        f"/rounds/{rollup.round_uid}/decisions",
        f"/decisions/{rollup.on_rooms.uid}",
    ]


def test_the_outsider_gets_nothing(personas, rollup, token_for, api_get, client):
    raw = token_for(personas.outsider)
    for path in _paths(rollup):
        response = api_get(raw, path)
        assert response.status_code == 403, path
        assert "HF" not in response.content.decode()
    assert api_get(None, _paths(rollup)[0]).status_code == 401
    assert api_get("not-a-token", _paths(rollup)[1]).status_code == 401
    put = _put(client, raw, f"/overviews/{rollup.music.uid}", {"summary": "x", "revision": 1})
    assert put.status_code == 403


def test_a_reader_of_another_faculty_sees_nothing_of_humanities(
    personas, rollup, token_for, api_get, client
):
    raw = token_for(_elsewhere_reader(personas, personas.org.mn))
    overviews, music, compilation, version, below, decisions, decision = _paths(rollup)
    assert [o["unit_code"] for o in api_get(raw, overviews).json()["items"]] == ["MN"]
    assert api_get(raw, decisions).json()["items"] == []
    for path in (music, compilation, version, below, decision):
        response = api_get(raw, path)
        assert response.status_code == 403, path
        assert "HF overall" not in response.content.decode()
    assert api_get(raw, overviews, unit="HF").status_code == 403
    put = _put(client, raw, music, {"summary": "x", "revision": 1})
    assert put.status_code == 403


def test_unknown_ids_are_404(personas, rollup, token_for, api_get):
    raw = token_for(personas.admin)
    nothing = "00000000-0000-0000-0000-000000000000"
    assert api_get(raw, f"/rounds/{nothing}/overviews").status_code == 404
    assert api_get(raw, f"/rounds/{nothing}/decisions").status_code == 404
    assert api_get(raw, f"/overviews/{nothing}").status_code == 404
    assert api_get(raw, f"/overviews/{nothing}/versions/1").status_code == 404
