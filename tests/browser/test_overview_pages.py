"""The roll-up as the issue's users walk it: three sections have agreed plans; their head of
department sees them together, confirms a proposed common theme, passes one escalated measure
up and sends; HR compiles for the faculty and sends it to the dean; the dean marks the measure
for the rector; the rector records the institution's decision; the section sees both."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from orgs.models import Role, RoleAssignment
from overviews import services
from tests.overviews.conftest import build_scene


def test_a_measure_travels_up_and_the_decision_comes_back_down(browser_personas, visitor):
    p = browser_personas
    scene = build_scene(p)
    RoleAssignment.objects.create(  # Otto is the rector
        person=p.outsider.person, role=Role.TOP_MANAGEMENT, unit=p.org.root, include_subtree=True
    )

    head = visitor(p.head)
    page = head.goto(f"/plans/unit/{p.org.music.uid}/roll-up/?round={scene.round.uid}")
    page.get_by_role("link", name="Overview and common features").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overview and common features")
    head.check_accessibility()
    proposals = page.get_by_role("region", name="Proposed common features")
    group = (
        proposals.locator("form.proposal").filter(has_text="HF-01-02").filter(has_text="all-hands")
    )
    group.get_by_label("Title of the theme").fill("Monthly meeting places")
    group.get_by_role("button", name="Confirm as a theme").click()
    theme = page.get_by_role("article", name="Monthly meeting places")
    expect(theme).to_contain_text("HF-01-03")
    rooms = page.get_by_role("article", name="More practice rooms for the ensembles")
    rooms.get_by_label("Pass it up").check()
    rooms.get_by_label("Comment to the level above").fill("The ensembles cannot rehearse")
    rooms.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("What is passed up is saved.")
    page.get_by_label("Overall summary").fill("All three sections want regular meeting places.")
    head.screenshot("overview-head")
    page.get_by_role("button", name="Send to Faculty of Humanities").click()
    expect(page.get_by_text("Version 1 sent", exact=True)).to_be_visible()
    page.get_by_role("link", name="Version 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 1")
    expect(page.get_by_role("main")).to_contain_text("The ensembles cannot rehearse")
    head.check_accessibility()

    hr = visitor(p.hr)
    page = hr.goto(f"/overviews/{scene.round.uid}/compilations/")
    page.get_by_role("button", name="Compile for HF").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compilation for the dean")
    hr.check_accessibility()
    expect(page.get_by_label("Overall summary")).to_have_value(
        "All three sections want regular meeting places."
    )
    page.get_by_role("button", name="Send to the dean or director").click()
    expect(page.get_by_text("Version 1 sent", exact=True)).to_be_visible()

    dean = visitor(p.dean)
    page = dean.goto(f"/overviews/{scene.round.uid}/compilation/{p.org.hf.uid}/")
    item = page.get_by_role("article", name="More practice rooms for the ensembles")
    item.get_by_text("Decide", exact=True).click()
    item.get_by_label("Passed to the rector and the institution").check()
    item.get_by_label("Decision").fill("Practice rooms are planned for the whole campus.")
    dean.check_accessibility()
    item.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("The decision is recorded.")
    expect(
        page.get_by_role("article", name="More practice rooms for the ensembles")
    ).to_contain_text("Practice rooms are planned for the whole campus.")
    dean.screenshot("compilation-dean")

    # The rector records the institution's decision (in bokmål).
    rector = visitor(p.outsider, language="nb")
    page = rector.goto(f"/progress/{scene.round.uid}/")  # the round's progress plan
    page.get_by_role("link", name="Sendt videre til rektor og institusjonen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sendt videre til rektor")
    page.get_by_role("link", name="Sammenstillinger per fakultet").click()
    expect(page.get_by_text("venter på institusjonens beslutning")).to_be_visible()
    page.get_by_role("link", name="Registrer institusjonens beslutninger").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sendt videre til rektor")
    rector.check_accessibility()
    item = page.get_by_role("listitem").filter(has_text="More practice rooms for the ensembles")
    item.get_by_role("button", name="Registrer beslutningen").click()  # nothing chosen
    expect(item.get_by_role("alert")).to_be_visible()
    item = page.get_by_role("listitem").filter(has_text="More practice rooms for the ensembles")
    item.get_by_label("Tatt opp av institusjonen").check()
    item.get_by_label("Beslutning").fill("A room plan for the whole campus by June.")
    item.get_by_role("button", name="Registrer beslutningen").click()
    expect(page.get_by_role("status")).to_contain_text("Institusjonens beslutning er registrert.")
    expect(page.get_by_role("main")).to_contain_text("A room plan for the whole campus by June.")
    rector.check_accessibility()
    rector.screenshot("institution-decision")

    section = visitor(p.section_leader)
    page = section.goto(f"/plans/unit/{p.org.performance.uid}/roll-up/?round={scene.round.uid}")
    came_down = page.get_by_role("region", name="Came down from above")
    expect(came_down).to_contain_text("Practice rooms are planned for the whole campus.")
    expect(came_down).to_contain_text("Passed to the rector and the institution")
    expect(came_down).to_contain_text("The institution's decision: Taken up by the institution")
    section.screenshot("rollup-decision")


def test_the_faculty_takes_over_a_theme_its_department_passed_up(browser_personas, visitor):
    p = browser_personas
    scene = build_scene(p)
    music = services.get_or_start(actor=p.head, unit=p.org.music, round=scene.round)
    measures = [m for m in scene.plans[0].measures.all() if m.escalate is False][:2]
    theme = services.confirm_theme(
        actor=p.head,
        overview=music,
        title="Monthly meeting places",
        dimension="demands",
        measure_uids=[str(m.uid) for m in measures],
    )
    music.refresh_from_db()
    services.update_theme(actor=p.head, theme=theme, title=theme.title,
                          summary="The sections want regular meeting places.", pass_up=True,
                          comment="", revision=music.revision)  # fmt: skip
    music.refresh_from_db()
    music = services.save_text(actor=p.head, overview=music, summary="Meeting places",
                               comment="", revision=music.revision)  # fmt: skip
    services.send(actor=p.head, overview=music, revision=music.revision)

    admin = visitor(p.admin)
    page = admin.goto(f"/overviews/{scene.round.uid}/unit/{p.org.hf.uid}/")
    received = page.get_by_role("region", name="Received from the units below")
    expect(received).to_contain_text("The sections want regular meeting places.")
    admin.check_accessibility()
    received.get_by_role("button", name=re.compile("Take over as a theme")).click()
    expect(page.get_by_role("status")).to_contain_text("“Monthly meeting places” is a theme now.")
    expect(page.get_by_role("article", name="Monthly meeting places")).to_be_visible()
    received = page.get_by_role("region", name="Received from the units below")
    expect(received).to_contain_text("a theme here too")
    admin.check_accessibility()
    admin.screenshot("overview-taken-over")
