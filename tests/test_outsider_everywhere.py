"""Every staff page refuses the outsider. A new URL fails `test_it_knows_every_url` until it
is listed here: either with how to reach it as the outsider, or as open to everybody."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from meetings import services as meeting_services
from meetings.models import Meeting
from orgs.models import ImportBatch, RoleAssignment
from surveys.models import ResponseImportBatch
from tests import rounds
from tests.personas import Personas

pytestmark = pytest.mark.django_db

# Pages anyone may open: login and account pages (about the user's own account), the home
# page (shows only the user's own units), the anonymous respondent pages (a personal link is
# the credential), and infrastructure. The API and the team pages have their own outsider
# tests over every one of their URLs: tests/api/test_outsider_is_denied.py and
# tests/teams/test_outsider_is_denied.py. The live-meeting phone pages under /m/ are open: the
# join code is what lets a phone in (tests/live/); so is the anonymous meeting feedback page
# under /m/f/ (tests/meetings/test_feedback_page.py).
OPEN_TO_ALL = {
    "home",
    "healthz",
    "set_language",
    "javascript-catalog",
    "accounts:profile",
    "respond:start",
}
OPEN_PREFIXES = (
    "account_",
    "mfa_",
    "api:",
    "teams:",
    "respond:",
    "participate:",
    "feedback:",
)


def _batch(p: Personas) -> dict[str, Any]:
    batch = ImportBatch.objects.create(
        units_name="units.csv",
        units_data=b"",
        sha256="0" * 64,
        fingerprint="x",
        uploaded_by=p.admin,
    )
    return {"uid": batch.uid}


def _response_batch(p: Personas) -> dict[str, Any]:
    batch = ResponseImportBatch.objects.create(
        file_name="responses.csv",
        data=b"",
        instrument=rounds.instrument(),
        round_name="Elsewhere",
        opens_on=dt.date(2025, 1, 1),
        closes_on=dt.date(2025, 2, 1),
        uploaded_by=p.admin,
    )
    return {"uid": batch.uid}


def _round(p: Personas) -> dict[str, Any]:
    return {"uid": rounds.survey_round(p.org.root).uid}


def _released(p: Personas) -> dict[str, Any]:
    """A released round over the whole university, so that refusals are real 403s."""
    from tests.reportfixtures import closed_round, release

    survey = closed_round(p.org.root, {"HF-01": 6, "MN": 6})
    release(survey)
    return {"uid": survey.uid}


def _progress(p: Personas, **extra: Any) -> dict[str, Any]:
    from progress import services

    survey = rounds.survey_round(p.org.root)
    plan = services.create_from_template(actor=None, round=survey)
    return {
        "uid": survey.uid,
        **extra,
        **({"task": plan.tasks.first().uid} if "task" in extra else {}),
    }


def _live(p: Personas) -> dict[str, Any]:
    from live import services

    session = services.create_session(unit=p.org.performance, title="Live", actor=p.facilitator)
    return {"uid": session.uid}


def _live_cluster(p: Personas) -> dict[str, Any]:
    from live import services

    session = services.create_session(unit=p.org.performance, title="Live", actor=p.facilitator)
    cluster = services.create_cluster(session=session, title="C", kind="improve", actor=None)
    return {"uid": session.uid, "cluster": cluster.uid}


def _plan(p: Personas) -> dict[str, Any]:
    from actions.models import ActionPlan

    return {"uid": ActionPlan.objects.get_or_create(unit=p.org.music, round=None)[0].uid}


def _focus(p: Personas) -> dict[str, Any]:
    from actions.models import FocusArea

    area = FocusArea.objects.create(unit=p.org.music, kind="improve", title="Workload")
    return {**_plan(p), "area": area.uid}


def _measure(p: Personas) -> dict[str, Any]:
    from actions.models import ActionPlan

    plan = ActionPlan.objects.get_or_create(unit=p.org.music, round=None)[0]
    return {"uid": plan.measures.create(title="Lunch talks").uid}


def _overview(p: Personas) -> dict[str, Any]:
    from overviews.models import Overview, Theme

    survey = rounds.survey_round(p.org.root)
    overview = Overview.objects.create(unit=p.org.hf, round=survey, kind="compilation")
    plan = survey.action_plans.create(unit=p.org.music)
    measure = plan.measures.create(title="Rooms", within_authority=False)
    theme = Theme.objects.create(overview=overview, title="Rooms")
    escalation = overview.escalations.create(measure=measure)
    return {
        "uid": overview.uid,
        "theme": theme.uid,
        "measure": measure.uid,
        "item": escalation.uid,
        "round": survey.uid,
        "unit": p.org.hf.uid,
    }


def _overview_kwargs(*names: str) -> Callable[[Personas], dict[str, Any]]:
    def kwargs(p: Personas) -> dict[str, Any]:
        values = _overview(p)
        renamed = {"uid": values["round"]} if "round" in names else {}
        return {**{n: values[n] for n in names if n != "round"}, **renamed}

    return kwargs


def _meeting(p: Personas) -> dict[str, Any]:
    meeting = meeting_services.plan_meeting(
        unit=p.org.music,
        kind="mapping",
        starts_at=dt.datetime(2030, 3, 4, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 3, 4, 11, tzinfo=dt.UTC),
        actor=p.head,
    )
    return {"uid": meeting.uid}


def _agenda_item(p: Personas) -> dict[str, Any]:
    kwargs = _meeting(p)
    meeting = Meeting.objects.get(uid=kwargs["uid"])
    item = meeting_services.add_agenda_item(
        meeting=meeting, title="Results", minutes=20, actor=None
    )
    return {**kwargs, "item": item.uid}


def _participant(p: Personas) -> dict[str, Any]:
    return {**_meeting(p), "person": p.head.person.uid}


def _held_meeting(p: Personas) -> dict[str, Any]:
    """A held meeting of the Department of Music with its feedback open."""
    meeting = meeting_services.plan_meeting(
        unit=p.org.music,
        kind="mapping",
        starts_at=dt.datetime(2025, 3, 4, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2025, 3, 4, 11, tzinfo=dt.UTC),
        actor=p.head,
    )
    meeting_services.mark_held(meeting=meeting, actor=p.head)
    return {"uid": meeting.uid}


def _experience_note(p: Personas) -> dict[str, Any]:
    from meetings.models import ExperienceNote

    note = ExperienceNote.objects.create(
        held_on=dt.date(2026, 5, 1), title="Small groups", text="They work.", theme="safety"
    )
    return {"uid": note.uid}


def _method(p: Personas) -> dict[str, Any]:
    meeting_services.load_methods()
    return {"code": "dot-voting"}


def _committee_report(p: Personas) -> dict[str, Any]:
    from committees import access, services

    survey = rounds.survey_round(p.org.root)
    report = services.generate(
        actor=p.admin,
        round=survey,
        unit=p.org.root,
        committee="amu",
        level=1,
        units=access.choosable(p.admin, survey),
    )
    return {"uid": report.uid}


def _committee_discussion(p: Personas) -> dict[str, Any]:
    from committees import services
    from committees.models import CommitteeReport

    kwargs = _committee_report(p)
    discussion = services.record_discussion(
        actor=p.admin,
        report=CommitteeReport.objects.get(uid=kwargs["uid"]),
        committee="amu",
        meeting_on=dt.date.today(),
    )
    return {**kwargs, "discussion": discussion.uid}


def _conversation(p: Personas) -> dict[str, Any]:
    from conversations import services as conversations

    conversation = conversations.plan_conversation(
        actor=p.head,
        unit=p.org.music,
        values=conversations.PlanValues(date=dt.date(2025, 10, 15)),
    )
    return {"uid": conversation.uid}


def _role(p: Personas) -> dict[str, Any]:
    return {"uid": RoleAssignment.objects.get(person=p.head.person).uid}


# Pages every member may open, scoped to what they may see.
SCOPED_PAGES = {"orgs:browse", "reports:list"}

# URL name → keyword arguments, built from the personas' organisation.
STAFF_PAGES: dict[str, Callable[[Personas], dict[str, Any]]] = {
    "orgs:browse": lambda p: {},
    "orgs:unit": lambda p: {"uid": p.org.music.uid},
    "orgs:children": lambda p: {"uid": p.org.hf.uid},
    "orgs:import": lambda p: {},
    "orgs:import_batch": _batch,
    "orgs:import_confirm": _batch,
    "orgs:roles": lambda p: {},
    "orgs:role_assign": lambda p: {},
    "orgs:role_bulk": lambda p: {},
    "orgs:role_edit": _role,
    "orgs:role_end": _role,
    "audit:log": lambda p: {},
    "surveys:rounds": lambda p: {},
    "surveys:create": lambda p: {},
    **{
        f"surveys:{name}": _round
        for name in (
            "round",
            "edit",
            "merge",
            "open",
            "progress",
            "remind",
            "resend",
            "extend",
            "close",
        )
    },
    **{
        f"reports:{name}": _released
        for name in ("release", "release_progress", "overview", "overview_xlsx", "overview_pdf")
    },
    "progress:plan": lambda p: _progress(p),
    "progress:create": lambda p: _progress(p),
    "progress:dashboard": lambda p: _progress(p),
    "progress:dashboard_xlsx": lambda p: _progress(p),
    "progress:remind": lambda p: _progress(p),
    "progress:task_edit": lambda p: _progress(p, task=None),
    "progress:task_done": lambda p: _progress(p, task=None),
    "progress:unit": lambda p: _progress(p, unit=p.org.mn.uid),
    "progress:unit_task_done": lambda p: _progress(p, unit=p.org.mn.uid, task=None),
    "progress:fact_sheet": lambda p: _progress(p, unit=p.org.mn.uid, kind="before"),
    "live:list": lambda p: {},
    **{
        f"live:{name}": _live
        for name in (
            "control",
            "screen",
            "phase",
            "share",
            "cluster_new",
            "move",
            "hide",
            "results",
            "to_focus_areas",
        )
    },
    "live:cluster_edit": _live_cluster,
    "actions:follow_up": lambda p: {},
    "actions:unit": lambda p: {"uid": p.org.music.uid},
    "actions:rollup": lambda p: {"uid": p.org.music.uid},
    **{
        f"actions:{name}": _plan
        for name in ("plan", "focus_new", "measure_new", "check", "agree", "cosign", "history")
    },
    "actions:version": lambda p: {**_plan(p), "number": 1},
    "actions:export": lambda p: {**_plan(p), "fmt": "pdf"},
    "actions:focus_edit": _focus,
    "actions:focus_move": _focus,
    "actions:focus_remove": _focus,
    "actions:measure_remove": _measure,
    "actions:measure_move": _measure,
    "actions:measure": _measure,
    "actions:measure_edit": _measure,
    "overviews:unit": _overview_kwargs("round", "unit"),
    "overviews:compilations": _overview_kwargs("round"),
    "overviews:institution": _overview_kwargs("round"),
    "overviews:institution_decide": _overview_kwargs("round", "item"),
    "overviews:compilation": _overview_kwargs("round", "unit"),
    "overviews:compilation_start": _overview_kwargs("round", "unit"),
    "overviews:save": _overview_kwargs("uid"),
    "overviews:theme_confirm": _overview_kwargs("uid"),
    "overviews:theme_edit": _overview_kwargs("uid", "theme"),
    "overviews:theme_split": _overview_kwargs("uid", "theme"),
    "overviews:theme_remove": _overview_kwargs("uid", "theme"),
    "overviews:escalation": _overview_kwargs("uid", "measure"),
    "overviews:escalation_remove": _overview_kwargs("uid", "item"),
    "overviews:decide": _overview_kwargs("uid", "item"),
    "overviews:version": lambda p: {**_overview_kwargs("uid")(p), "number": 1},
    "meetings:list": lambda p: {},
    "meetings:mine": lambda p: {},
    "meetings:unit": lambda p: {"uid": p.org.music.uid},
    "meetings:plan": lambda p: {"uid": p.org.music.uid},
    "meetings:toolbox": lambda p: {},
    "meetings:method_new": lambda p: {},
    "meetings:method": _method,
    "meetings:method_edit": _method,
    **{
        f"meetings:{name}": _meeting
        for name in (
            "detail",
            "edit",
            "invite",
            "cancel",
            "held",
            "notes",
            "participants",
            "agenda",
            "ics",
            "material_pdf",
            "screen",
        )
    },
    "meetings:participant_remove": _participant,
    **{
        f"meetings:{name}": _held_meeting
        for name in ("evaluate", "feedback_close", "feedback_send")
    },
    "meetings:evaluations": lambda p: {},
    "meetings:evaluation_list": lambda p: {},
    "meetings:experience": lambda p: {},
    "meetings:experience_new": lambda p: {},
    "meetings:experience_edit": _experience_note,
    "meetings:experience_remove": _experience_note,
    **{
        f"meetings:{name}": _agenda_item for name in ("agenda_item", "agenda_move", "agenda_remove")
    },
    "conversations:list": lambda p: {},
    "conversations:plan": lambda p: {"uid": p.org.music.uid},
    **{
        f"conversations:{name}": _conversation
        for name in ("detail", "edit", "held", "to_plan", "print")
    },
    "conversations:note": lambda p: {**_conversation(p), "section": "workload"},
    "reports:list": lambda p: {},
    **{
        f"reports:{name}": lambda p: {**_round(p), "code": "HF-01"}
        for name in ("unit", "unit_pdf", "unit_archive", "unit_release_to_staff")
    },
    "committees:round": _round,
    "committees:generate": _round,
    "committees:report": _committee_report,
    "committees:discuss": _committee_report,
    "committees:correct": _committee_discussion,
    "committees:document": lambda p: {**_committee_report(p), "fmt": "pdf"},
    "surveys_import:upload": lambda p: {},
    "surveys_import:batch": _response_batch,
    "surveys_import:confirm": _response_batch,
}


def _names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_it_knows_every_url():
    unknown = sorted(
        name
        for name in set(_names(get_resolver().url_patterns))
        if name not in STAFF_PAGES
        and name not in OPEN_TO_ALL
        and not name.startswith(OPEN_PREFIXES)
    )
    assert not unknown, (
        f"add these URLs to STAFF_PAGES (with an outsider check) or OPEN_TO_ALL: {unknown}"
    )


@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_the_outsider(personas, login, name, method):
    client = login(personas.outsider)
    url = reverse(name, kwargs=STAFF_PAGES[name](personas))
    response = getattr(client, method)(url)
    body = response.content.decode()
    if name in SCOPED_PAGES and method == "get":
        # Open to every member, but showing only the outsider's own part of the organisation.
        assert response.status_code == 200
        assert "Faculty of Humanities" not in body and "Department of Music" not in body
    else:
        status = response.status_code
        assert status in (403, 404, 405), f"{method.upper()} {url} gave {status}"
    assert "Leif Leder" not in body
