"""HR of the institution prepares the AMU status report: from the process dashboard to the
preview, saves it, downloads the PDF and the Word file, and records that AMU discussed it."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from committees import access, services
from orgs.models import Role, RoleAssignment
from progress import services as progress
from tests.committees.scene import build_committee_scene


def test_hr_prepares_the_amu_report_and_records_the_discussion(browser_personas, visitor):
    p = browser_personas
    scene = build_committee_scene(p)
    progress.create_from_template(actor=p.admin, round=scene.round)
    RoleAssignment.objects.create(
        person=p.hr.person, role=Role.HR_PARTNER, unit=p.org.root, include_subtree=True
    )
    hr = visitor(p.hr)
    page = hr.goto(f"/progress/{scene.round.uid}/dashboard/")
    page.get_by_role("link", name="Status reports for committees (AMU, LAMU, IDF)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Status reports for committees")
    hr.check_accessibility()
    expect(page.get_by_label("Committee")).to_have_value("amu")
    expect(page.get_by_label("Part of the organisation")).to_have_value("UVF")
    page.get_by_label("Units listed").select_option(label="Two levels below")
    page.get_by_role("button", name="Show the preview").click()
    expect(page.get_by_role("heading", name="Preview: Status report to AMU")).to_be_visible()
    process = page.get_by_role("table", name="Response rate and steps reached, by unit")
    culture = process.get_by_role("row").filter(has_text="Department of Cultural Studies")
    expect(culture).to_contain_text("not shown")
    expect(page.get_by_text("Rooms are an institution matter.").first).to_be_visible()
    hr.check_accessibility()
    hr.screenshot("committee-preview")

    page.get_by_role("button", name="Save the report and make the documents").click()
    expect(page.get_by_role("status")).to_contain_text("Report 1 was saved")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Status report to AMU")
    hr.check_accessibility()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download as PDF").click()
    assert pdf.value.suggested_filename == "amu-UVF-survey-2026-1.pdf"
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as docx:
        page.get_by_role("link", name="Download as Word (DOCX)").click()
    assert docx.value.suggested_filename == "amu-UVF-survey-2026-1.docx"
    assert Path(docx.value.path()).read_bytes().startswith(b"PK")

    page.get_by_label("Case number or reference").fill("2026/117")
    page.get_by_role("button", name="Record the discussion").click()
    expect(page.get_by_role("alert")).to_contain_text("Meeting date")
    expect(page.get_by_label("Case number or reference")).to_have_value("2026/117")
    hr.check_accessibility()
    page.get_by_label("Meeting date").fill(timezone.localdate().isoformat())
    page.get_by_label("Note or excerpt of the minutes").fill(
        "AMU took the status to note and asked for the practice rooms at the next meeting."
    )
    page.get_by_role("button", name="Record the discussion").click()
    expect(page.get_by_role("status")).to_contain_text("The discussion was recorded.")
    discussions = page.get_by_role("region", name="When it was discussed")
    expect(discussions).to_contain_text("case 2026/117")
    expect(discussions).to_contain_text("Recorded by Hanne Hansen")
    hr.check_accessibility()
    hr.screenshot("committee-report")

    # The case number was mistyped: HR corrects the record.
    discussions.get_by_role("link", name=re.compile("^Correct")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct the record of a discussion")
    expect(page.get_by_label("Case number or reference")).to_have_value("2026/117")
    hr.check_accessibility()
    page.get_by_label("Case number or reference").fill("2026/171")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("status")).to_contain_text("The record of the discussion is corrected.")
    discussions = page.get_by_role("region", name="When it was discussed")
    expect(discussions).to_contain_text("case 2026/171")
    expect(discussions).to_contain_text("corrected by Hanne Hansen")

    page.get_by_role("link", name="Status reports for committees").click()
    saved = page.get_by_role("table", name="1 report")
    expect(saved).to_contain_text("AMU (working environment committee)")
    expect(saved).to_contain_text("(2026/171)")
    hr.check_accessibility()
    hr.screenshot("committee-round")


def test_a_union_representative_reads_the_idf_report_before_the_meeting(browser_personas, visitor):
    p = browser_personas
    scene = build_committee_scene(p)
    progress.create_from_template(actor=p.admin, round=scene.round)
    units = access.subtree(access.round_units(scene.round), p.org.hf)
    services.generate(
        actor=p.hr, round=scene.round, unit=p.org.hf, committee="lamu", level=1, units=units
    )
    services.generate(
        actor=p.hr, round=scene.round, unit=p.org.hf, committee="idf", level=1, units=units
    )
    RoleAssignment.objects.create(
        person=p.outsider.person, role=Role.UNION_REP, unit=p.org.hf, include_subtree=True
    )
    union = visitor(p.outsider, language="nb")
    page = union.goto(f"/progress/{scene.round.uid}/")
    page.get_by_role("link", name="Statusrapporter til utvalg (AMU, LAMU, IDF)").click()
    expect(page.get_by_text("lagret til IDF-møtet", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Vis forhåndsvisning")).to_have_count(0)
    saved = page.get_by_role("table", name="1 rapport")
    expect(saved).to_contain_text("IDF")
    union.check_accessibility()
    union.screenshot("committee-round-union")
    saved.get_by_role("link", name="Rapport 2").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("IDF")
    expect(page.get_by_role("button", name="Registrer behandlingen")).to_have_count(0)
    union.check_accessibility()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Last ned som PDF").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
