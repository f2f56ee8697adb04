"""The overview pages: the head of department confirms a theme, passes a measure up and sends;
HR compiles for the faculty; the dean decides; the section sees the decision."""

from __future__ import annotations

import uuid

from actions.models import EscalationStatus
from overviews.models import Decision, Overview, OverviewKind


def _url(scene, unit):
    return f"/overviews/{scene.round.uid}/unit/{unit.uid}/"


def _overview(unit, kind=OverviewKind.UNIT):
    return Overview.objects.get(unit=unit, kind=kind)


def _send_music(personas, scene, client):
    client.get(_url(scene, personas.org.music))
    overview = _overview(personas.org.music)
    client.post(
        f"/overviews/o/{overview.uid}/escalations/{scene.rooms.uid}/",
        {
            "pass_up": "on",
            "comment": "The ensembles cannot rehearse",
            "revision": overview.revision,
        },
    )
    overview.refresh_from_db()
    return client.post(
        f"/overviews/o/{overview.uid}/summary/",
        {
            "summary": "Meeting places matter",
            "comment": "",
            "revision": overview.revision,
            "send": "1",
        },
    )


def test_the_head_confirms_a_theme_passes_a_measure_up_and_sends(personas, scene, login):
    client = login(personas.head)
    page = client.get(_url(scene, personas.org.music))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Proposed common features" in html and "Section for Composition" in html
    overview = _overview(personas.org.music)
    (proposal,) = [
        p for p in page.context["proposal_groups"][0]["proposals"] if len(p.measures) == 3
    ]
    response = client.post(
        f"/overviews/o/{overview.uid}/themes/",
        {
            "title": "Monthly meeting places",
            "dimension": proposal.dimension,
            "measure": [str(m.uid) for m in proposal.measures[:2]],
        },
    )
    assert response.status_code == 302
    theme = overview.themes.get()
    assert theme.title == "Monthly meeting places" and theme.measures.count() == 2
    response = _send_music(personas, scene, client)
    assert response.status_code == 302
    overview.refresh_from_db()
    assert overview.version == 1
    scene.rooms.refresh_from_db()
    assert scene.rooms.escalation == EscalationStatus.SENT
    version = client.get(f"/overviews/o/{overview.uid}/versions/1/").content.decode()
    assert "Monthly meeting places" in version and "The ensembles cannot rehearse" in version
    # The faculty level sees what came from below.
    faculty = login(personas.admin).get(_url(scene, personas.org.hf)).content.decode()
    assert "Received from the units below" in faculty and "Meeting places matter" in faculty


def test_sending_without_a_summary_keeps_the_comment_and_says_why(personas, scene, login):
    client = login(personas.head)
    client.get(_url(scene, personas.org.music))
    overview = _overview(personas.org.music)
    response = client.post(
        f"/overviews/o/{overview.uid}/summary/",
        {"summary": "", "comment": "Typed comment", "revision": overview.revision, "send": "1"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write the overall summary before sending." in html and "Typed comment" in html
    overview.refresh_from_db()
    assert overview.version == 0


def test_a_summary_saved_meanwhile_is_shown_beside_the_typed_one(personas, scene, login):
    head = login(personas.head)
    head.get(_url(scene, personas.org.music))
    overview = _overview(personas.org.music)
    stale = overview.revision
    head.post(
        f"/overviews/o/{overview.uid}/summary/",
        {"summary": "Saved first", "comment": "", "revision": stale},
    )
    response = login(personas.admin).post(
        f"/overviews/o/{overview.uid}/summary/",
        {"summary": "My long text", "comment": "", "revision": stale},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saved first" in html and "My long text" in html
    overview.refresh_from_db()
    assert overview.summary == "Saved first"


def test_only_those_in_scope_see_or_write_the_overview(personas, scene, login):
    url = _url(scene, personas.org.music)
    assert login(personas.section_leader).get(url).status_code == 403
    assert login(personas.employee).get(url).status_code == 403
    # The safety representative reads but does not start or write it.
    response = login(personas.safety_rep).get(url)
    assert (
        response.status_code == 200 and "has not started the overview" in response.content.decode()
    )
    assert not Overview.objects.exists()
    login(personas.head).get(url)
    overview = _overview(personas.org.music)
    response = login(personas.safety_rep).post(
        f"/overviews/o/{overview.uid}/summary/",
        {"summary": "x", "comment": "", "revision": overview.revision},
    )
    assert response.status_code == 403


def test_hr_compiles_the_dean_decides_and_the_section_sees_it(personas, scene, login):
    _send_music(personas, scene, login(personas.head))
    hr = login(personas.hr)
    listing = hr.get(f"/overviews/{scene.round.uid}/compilations/")
    assert listing.status_code == 200 and "Compile for HF" in listing.content.decode()
    hr.post(f"/overviews/{scene.round.uid}/compilation/{personas.org.hf.uid}/start/")
    compilation = _overview(personas.org.hf, OverviewKind.COMPILATION)
    assert compilation.summary == "Meeting places matter"
    hr.post(
        f"/overviews/o/{compilation.uid}/summary/",
        {"summary": "HF: rooms", "comment": "", "revision": compilation.revision, "send": "1"},
    )
    escalation = compilation.escalations.get()
    decide_url = f"/overviews/o/{compilation.uid}/decide/{escalation.uid}/"
    assert hr.post(decide_url, {"outcome": "rector", "text": "x"}).status_code == 403
    assert (
        login(personas.head).post(decide_url, {"outcome": "rector", "text": "x"}).status_code == 403
    )
    dean = login(personas.dean)
    missing = dean.post(decide_url, {"outcome": "", "text": "Typed decision"})
    assert missing.status_code == 400 and "Typed decision" in missing.content.decode()
    assert not Decision.objects.exists()
    page = dean.get(f"/overviews/{scene.round.uid}/compilation/{personas.org.hf.uid}/")
    assert "Record the decision" in page.content.decode()
    assert (
        dean.post(
            decide_url, {"outcome": "rector", "text": "Rooms are for the rector."}
        ).status_code
        == 302
    )
    scene.rooms.refresh_from_db()
    assert scene.rooms.escalation == EscalationStatus.RECTOR
    section = (
        login(personas.section_leader).get(_url(scene, personas.org.performance)).content.decode()
    )
    assert "Came down from above" in section and "Rooms are for the rector." in section
    assert "Passed to the rector and the institution" in section
    rector = login(personas.hr).get(f"/overviews/{scene.round.uid}/compilations/")
    rector = rector.content.decode()
    assert "Rooms are for the rector." in rector


def test_the_proposals_show_one_dimension_at_a_time(personas, scene, login):
    from actions.models import FocusArea, Measure

    # A second dimension with similar measures in two sections.
    for code, title in (
        ("HF-01-02", "Quiet room for focused work"),
        ("HF-01-03", "Quiet rooms for focused work"),
    ):
        measure = Measure.objects.filter(plan__unit__code=code, plan__round=scene.round).first()
        area = FocusArea.objects.create(
            unit=measure.plan.unit,
            round=scene.round,
            kind="improve",
            title="Rooms",
            dimension="resources",
        )
        measure.plan.measures.create(title=title, description=title, focus_area=area)
    client = login(personas.head)
    page = client.get(_url(scene, personas.org.music))
    groups = page.context["proposal_groups"]
    assert [g["code"] for g in groups] == ["demands", "resources"]
    assert [g["chosen"] for g in groups] == [True, False] and groups[1]["proposals"] == []
    html = page.content.decode()
    assert "Quiet room for focused work" not in html and "?dimension=resources" in html
    page = client.get(_url(scene, personas.org.music) + "?dimension=resources")
    (chosen,) = [g for g in page.context["proposal_groups"] if g["chosen"]]
    assert chosen["code"] == "resources"
    assert {m.title for p in chosen["proposals"] for m in p.measures} == {
        "Quiet room for focused work",
        "Quiet rooms for focused work",
    }
    overview = _overview(personas.org.music)
    response = client.post(
        f"/overviews/o/{overview.uid}/themes/",
        {
            "title": "Quiet rooms",
            "dimension": "resources",
            "measure": [str(m.uid) for p in chosen["proposals"] for m in p.measures],
        },
    )
    assert response.status_code == 302 and "?dimension=resources#theme-" in response["Location"]


def test_the_page_reads_the_measures_without_a_query_each(
    personas, scene, login, django_assert_max_num_queries
):
    client = login(personas.head)
    client.get(_url(scene, personas.org.music))  # starts the overview, fills the cache
    with django_assert_max_num_queries(60) as captured:
        page = client.get(_url(scene, personas.org.music))
    assert page.status_code == 200
    few = len(captured)
    # Twice the measures, the same number of queries.
    for plan in scene.plans:
        for measure in list(plan.measures.all()):
            measure.pk, measure.uid = None, uuid.uuid4()
            measure.save()
    client.get(_url(scene, personas.org.music))  # clusters the new measures into the cache
    with django_assert_max_num_queries(few):
        page = client.get(_url(scene, personas.org.music))
    html = page.content.decode()
    assert (
        f"/overviews/o/{_overview(personas.org.music).uid}/escalations/{scene.rooms.uid}/" in html
    )


def test_a_decision_on_a_measure_is_not_shown_on_a_theme_of_the_same_id(personas, scene, login):
    from overviews import services

    p = personas
    overview = services.get_or_start(actor=p.head, unit=p.org.music, round=scene.round)
    meeting = next(g for g in services.proposals(overview) if len(g.measures) == 3)
    theme = services.confirm_theme(
        actor=p.head, overview=overview, title="Meetings", dimension="demands",
        measure_uids=[str(m.uid) for m in meeting.measures],
    )  # fmt: skip
    overview.refresh_from_db()
    services.update_theme(
        actor=p.head, theme=theme, title="Meetings", summary="", pass_up=True, comment="",
        revision=overview.revision,
    )  # fmt: skip
    overview.refresh_from_db()
    services.set_escalation(
        actor=p.head, overview=overview, measure_uid=str(scene.rooms.uid), passed=True,
        comment="", revision=overview.revision,
    )  # fmt: skip
    overview.refresh_from_db()
    overview = services.save_text(
        actor=p.head, overview=overview, summary="S", comment="", revision=overview.revision
    )
    services.send(actor=p.head, overview=overview, revision=overview.revision)
    compilation = services.start_compilation(actor=p.hr, faculty=p.org.hf, round=scene.round)
    services.send(actor=p.hr, overview=compilation, revision=compilation.revision)
    compilation.refresh_from_db()
    escalation = compilation.escalations.get()
    services.decide(
        actor=p.dean, compilation=compilation, item=escalation, outcome="rector", text="Up."
    )
    page = login(p.dean).get(f"/overviews/{scene.round.uid}/compilation/{p.org.hf.uid}/")
    (theme_row,) = page.context["themes"]
    (escalation_row,) = page.context["escalation_rows"]
    assert theme_row["decision"] is None
    assert escalation_row["decision"].text == "Up."


def test_the_faculty_takes_over_a_theme_a_department_passed_up(personas, scene, login):
    head = login(personas.head)
    page = head.get(_url(scene, personas.org.music))
    music = _overview(personas.org.music)
    (proposal,) = [
        p for p in page.context["proposal_groups"][0]["proposals"] if len(p.measures) == 3
    ]
    head.post(
        f"/overviews/o/{music.uid}/themes/",
        {"title": "Monthly meeting places", "dimension": proposal.dimension,
         "measure": [str(m.uid) for m in proposal.measures]},
    )  # fmt: skip
    theme = music.themes.get()
    music.refresh_from_db()
    head.post(
        f"/overviews/o/{music.uid}/themes/{theme.uid}/",
        {"title": theme.title, "summary": "All three sections want them.", "pass_up": "on",
         "comment": "", "revision": music.revision},
    )  # fmt: skip
    assert _send_music(personas, scene, head).status_code == 302

    admin = login(personas.admin)  # writes the faculty's overview
    page = admin.get(_url(scene, personas.org.hf))
    (received,) = page.context["received"]
    (offered,) = received["themes"]
    assert offered["title"] == "Monthly meeting places" and not offered["taken"]
    html = page.content.decode()
    assert "Take over as a theme" in html and "All three sections want them." in html
    faculty = _overview(personas.org.hf)
    taken = admin.post(
        f"/overviews/o/{faculty.uid}/themes/",
        {"title": offered["title"], "dimension": offered["dimension"],
         "summary": offered["summary"], "measure": [m["uid"] for m in offered["measures"]]},
    )  # fmt: skip
    assert taken.status_code == 302
    copy = faculty.themes.get()
    assert copy.title == "Monthly meeting places"
    assert copy.summary == "All three sections want them."
    assert {m.uid for m in copy.measures.all()} == {m.uid for m in theme.measures.all()}
    again = admin.get(_url(scene, personas.org.hf))
    assert again.context["received"][0]["themes"][0]["taken"] is True
    assert "a theme here too" in again.content.decode()
    # Reading is not writing: the dean sees what came, without the button.
    dean = login(personas.dean).get(_url(scene, personas.org.hf)).content.decode()
    assert "Monthly meeting places" in dean and "Take over as a theme" not in dean
