"""The meeting pages in a browser, each scanned with axe-core: the facilitator plans a
preparation meeting, adds participants, builds the agenda from method cards, sends the
invitations and moves the meeting; the toolbox; an administrator edits a card; a phone."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services
from meetings.models import Meeting, MethodCard

pytestmark = pytest.mark.django_db(transaction=True)


def _date(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_the_facilitator_plans_invites_and_moves_a_meeting(browser_personas, visitor):
    services.load_methods()
    p = browser_personas
    v = visitor(p.facilitator)
    page = v.goto("/")
    page.get_by_role("link", name="My units as facilitator").click()
    v.check_accessibility()
    expect(page.get_by_role("heading", name="Section for Performance")).to_be_visible()
    page.get_by_role("link", name="Plan the preparation meeting").click()
    v.check_accessibility()
    page.get_by_label("Date").fill(_date(7))
    page.get_by_label("Starts at").fill("09:00")
    page.get_by_label("Ends at").fill("08:00")
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_role("alert")).to_contain_text("The meeting must end after it starts.")
    v.check_accessibility()
    page.get_by_label("Ends at").fill("10:30")
    page.get_by_label("Place", exact=True).fill("Room 101")
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_role("status")).to_contain_text("The meeting is planned")
    v.check_accessibility()

    page.get_by_role("link", name="Add participants").click()
    v.check_accessibility()
    page.get_by_label("Erik Employee (HF-01-01)").check()
    page.get_by_role("button", name="Add the selected people").click()
    expect(page.get_by_role("status")).to_contain_text("1 participants added")

    page.get_by_role("link", name="Build the agenda").click()
    v.check_accessibility()
    page.get_by_role("button", name=re.compile("Add to the agenda.*Round-robin check-in")).click()
    page.get_by_role(
        "button", name=re.compile("Add to the agenda.*Agree roles and the plan")
    ).click()
    expect(page.locator("table.agenda")).to_contain_text("09:10–09:40")
    page.get_by_label("Title").fill("Dates for the mapping meeting")
    page.get_by_label("Minutes").fill("60")
    page.get_by_role("button", name="Add the item").click()
    expect(page.locator(".agenda-over")).to_contain_text("10 minutes longer than the meeting")
    v.check_accessibility()
    v.screenshot("meetings-agenda-builder")
    page.get_by_role("link", name=re.compile("Edit.*Dates for the mapping meeting")).click()
    v.check_accessibility()
    page.get_by_label("Minutes").fill("40")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".agenda-total")).to_contain_text("80 of 90 minutes planned")
    page.get_by_role("link", name="Back to the meeting").first.click()

    page.get_by_role("link", name="Send the invitations (4 waiting)").click()
    v.check_accessibility()
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_role("status")).to_contain_text("4 new, 0 updated")
    expect(page.get_by_text("not invited yet")).to_have_count(0)

    page.get_by_role("link", name="Change or move the meeting").click()
    v.check_accessibility()
    page.get_by_label("Date").fill(_date(8))
    page.get_by_label("Meeting leader").select_option(label="Sofie Seksjonsleder")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The meeting is saved")
    meeting = Meeting.objects.get()
    assert meeting.sequence == 1 and meeting.participants.filter(invited_sequence=1).count() == 4
    page.get_by_label("Meeting notes").fill("Sofie presents the results. Siri takes notes.")
    expect(page.locator("#notes-status")).to_contain_text("Saved at", timeout=10_000)
    meeting.refresh_from_db()
    assert meeting.notes.startswith("Sofie presents")
    v.check_accessibility()
    v.screenshot("meetings-detail")
    page.get_by_role("link", name="Presenter view for the projector").click()
    v.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Round-robin check-in")
    page.get_by_role("link", name="Next item").click()
    expect(page.get_by_text("Item 2 of 3")).to_be_visible()
    v.check_accessibility()
    v.screenshot("meetings-presenter")


def test_the_toolbox_filters_and_shows_a_printable_card(browser_personas, visitor):
    services.load_methods()
    v = visitor(browser_personas.safety_rep)
    page = v.goto("/meetings/methods/")
    page.get_by_label("Phase").select_option(label="Mapping meeting")
    page.get_by_label("Suits sensitive topics").check()
    page.get_by_role("button", name="Filter").click()
    v.check_accessibility()
    expect(page.get_by_role("link", name="Small groups without the leader present")).to_be_visible()
    expect(page.get_by_role("link", name="Dot voting")).to_have_count(0)
    v.screenshot("meetings-toolbox")
    page.get_by_role("link", name="Anonymous written round").click()
    v.check_accessibility()
    expect(page.get_by_role("heading", name="Steps")).to_be_visible()
    expect(page.get_by_role("link", name="Edit the card")).to_have_count(0)


def test_the_administrator_edits_a_card_in_bokmal(browser_personas, visitor):
    services.load_methods()
    v = visitor(browser_personas.admin, language="nb")
    page = v.goto("/meetings/methods/dot-voting/")
    page.get_by_role("link", name="Edit the card").or_(
        page.get_by_role("link", name="Rediger kortet")
    ).click()
    v.check_accessibility()
    page.locator("#id_title_nb").fill("Prikkstemming med tre prikker")
    page.locator("#id_group_min").fill("50")
    page.locator("#id_group_max").fill("10")
    page.locator("button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_title_nb")).to_have_value("Prikkstemming med tre prikker")
    v.check_accessibility()
    page.locator("#id_group_min").fill("3")
    page.locator("button[type=submit]").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prikkstemming med tre prikker")
    assert MethodCard.objects.get(code="dot-voting").revision == 2
    v.screenshot("meetings-card-edited-nb")


def test_the_meeting_page_works_on_a_phone(browser_personas, visitor):
    services.load_methods()
    p = browser_personas
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(days=3)
    meeting = services.plan_meeting(
        unit=p.org.performance, kind="mapping", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), place="Aud. 2", actor=p.facilitator,
    )  # fmt: skip
    for code in ("check-in-round", "report-walkthrough", "brainwriting", "dot-voting"):
        card = MethodCard.objects.get(code=code)
        services.add_agenda_item(meeting=meeting, method=card, actor=None)
    v = visitor(p.section_leader)
    v.page.set_viewport_size({"width": 375, "height": 740})
    page = v.goto(f"/meetings/{meeting.uid}/")
    expect(page.locator("table.agenda")).to_contain_text("Dot voting")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, f"the page scrolls sideways on a phone ({width}px)"
    v.screenshot("meetings-detail-phone")


def _preparation_meeting(p):
    """The Section for Performance's preparation meeting in two days, planned by Frida."""
    start = timezone.now() + dt.timedelta(days=2)
    return services.plan_meeting(
        unit=p.org.performance, kind="preparation", starts_at=start,
        ends_at=start + dt.timedelta(hours=1), actor=p.facilitator,
    )  # fmt: skip


def test_two_people_writing_notes_never_overwrite_each_other(browser_personas, visitor):
    p = browser_personas
    meeting = _preparation_meeting(p)
    frida, sofie = visitor(p.facilitator), visitor(p.section_leader)
    frida_page = frida.goto(f"/meetings/{meeting.uid}/")
    sofie_page = sofie.goto(f"/meetings/{meeting.uid}/")
    frida_page.get_by_label("Meeting notes").fill("Frida: Siri presents the results.")
    expect(frida_page.locator("#notes-status")).to_contain_text("Saved at")
    sofie_page.get_by_label("Meeting notes").fill("Sofie: we need a bigger room.")
    conflict = sofie_page.locator(".conflict")
    expect(conflict).to_contain_text("Frida: Siri presents the results.")
    expect(sofie_page.get_by_label("Meeting notes")).to_have_value("Sofie: we need a bigger room.")
    sofie.check_accessibility()
    sofie.screenshot("meetings-notes-conflict")
    kept = "Object.values(localStorage)"  # her text, kept in the browser until it is saved
    assert "Sofie: we need a bigger room." in " ".join(sofie_page.evaluate(kept))
    sofie_page.get_by_label("Meeting notes").fill(
        "Frida: Siri presents the results.\nSofie: we need a bigger room."
    )
    sofie_page.get_by_role("button", name="Save my version").click()
    expect(sofie_page.locator("#notes-status")).to_contain_text("Saved at")
    meeting.refresh_from_db()
    assert meeting.notes.endswith("we need a bigger room.") and meeting.revision == 2
    assert sofie_page.evaluate(kept) == []  # saved: nothing kept any more


def test_notes_written_without_a_connection_survive_a_closed_tab(browser_personas, visitor):
    p = browser_personas
    meeting = _preparation_meeting(p)
    sofie = visitor(p.section_leader)
    page = sofie.goto(f"/meetings/{meeting.uid}/")
    context = page.context
    context.set_offline(True)
    page.get_by_label("Meeting notes").fill("Written on the train: ask about the rooms.")
    expect(page.locator("#notes-status")).to_contain_text("Medvirk cannot be reached")
    page.close(run_before_unload=False)  # the tab is closed before the connection is back
    context.set_offline(False)
    meeting.refresh_from_db()
    assert meeting.notes == ""

    page = context.new_page()
    page.goto(sofie.base_url + f"/meetings/{meeting.uid}/")
    sofie.page = page
    kept = page.get_by_role("group", name=re.compile("This browser kept notes"))
    expect(kept).to_contain_text("Written on the train: ask about the rooms.")
    sofie.check_accessibility()
    sofie.screenshot("meetings-notes-kept", of=page.locator(".notes-section"))
    kept.get_by_role("button", name="Put them back in the box and save").click()
    expect(page.get_by_label("Meeting notes")).to_have_value(
        "Written on the train: ask about the rooms."
    )
    expect(page.locator("#notes-status")).to_contain_text("Saved at", timeout=10_000)
    meeting.refresh_from_db()
    assert meeting.notes == "Written on the train: ask about the rooms."
    page.reload()
    expect(page.get_by_label("Meeting notes")).to_have_value(meeting.notes)
    expect(page.locator(".notes-draft")).to_have_count(0)  # saved: nothing kept any more

    # Kept again, then thrown away; and logging out drops whatever is kept.
    context.set_offline(True)
    page.get_by_label("Meeting notes").fill("A second thought.")
    expect(page.locator("#notes-status")).to_contain_text("Medvirk cannot be reached")
    context.set_offline(False)
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" (unsaved)
    page.reload()
    page.get_by_role("button", name="Throw them away").click()
    expect(page.locator(".notes-draft")).to_have_count(0)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('medvirk.'))") == []
    context.set_offline(True)
    page.get_by_label("Meeting notes").fill("A third thought.")
    expect(page.locator("#notes-status")).to_contain_text("Medvirk cannot be reached")
    context.set_offline(False)
    stored = "Object.keys(localStorage).filter(k => k.startsWith('medvirk.'))"
    assert len(page.evaluate(stored)) == 1
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile("/accounts/login/|/$"))
    assert page.evaluate(stored) == []

    # A draft older than two weeks is dropped unread.
    old = json.dumps({"text": "Forgotten long ago.", "at": 0})  # kept in 1970
    frida = visitor(p.facilitator)
    frida.page.context.add_init_script(
        f"localStorage.setItem('medvirk.notes:/meetings/{meeting.uid}/notes/', '{old}')"
    )
    page = frida.goto(f"/meetings/{meeting.uid}/")
    expect(page.get_by_label("Meeting notes")).to_have_value(meeting.notes)
    expect(page.locator(".notes-draft")).to_have_count(0)
    assert page.evaluate(stored) == []  # and gone from the browser
    meeting.refresh_from_db()
    assert meeting.notes == "Written on the train: ask about the rooms."


def test_the_facilitator_corrects_the_kind_of_a_planned_meeting(browser_personas, visitor):
    p = browser_personas
    meeting = _preparation_meeting(p)
    v = visitor(p.facilitator, language="nb")
    page = v.goto(f"/meetings/{meeting.uid}/")
    page.get_by_role("link", name="Endre eller flytt møtet").click()
    page.get_by_label("Type møte").select_option("mapping")
    v.check_accessibility()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kartleggingsmøte")
    meeting.refresh_from_db()
    assert meeting.kind == "mapping"
