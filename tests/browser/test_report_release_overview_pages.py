"""The administrator releases a closed round's reports and the dean reads the overview."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.reportfixtures import closed_round

COUNTS = {"HF-01": 4, "HF-01-01": 12, "HF-02": 7, "MN": 9}


def test_the_administrator_releases_and_the_dean_reads_the_overview(browser_personas, visitor):
    survey = closed_round(browser_personas.org.root, COUNTS)
    admin = visitor(browser_personas.admin)
    page = admin.goto(f"/surveys/{survey.uid}/")
    page.get_by_role("link", name="Release the reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Release the reports")
    admin.check_accessibility()
    page.get_by_role("button", name="Release the reports").click()
    expect(page.get_by_role("status")).to_contain_text("Release 1 is being built")
    expect(page.get_by_text("No leak found in")).to_be_visible(timeout=20_000)
    admin.check_accessibility()
    admin.screenshot("report-release")

    dean = visitor(browser_personas.dean)
    page = dean.goto(f"/reports/{survey.uid}/overview/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overview report")
    table = page.get_by_role("table", name="Index means for the units below Faculty of Humanities")
    expect(table.get_by_role("rowheader")).to_have_count(3)  # the faculty and its departments
    dean.screenshot("report-overview-dean")
    # Sort by workload, highest first, then go down to the sections of Music.
    page.get_by_role("link", name="Workload").click()
    expect(page.get_by_role("columnheader", name="Demands Workload")).to_have_attribute(
        "aria-sort", "descending"
    )
    dean.check_accessibility()
    page.get_by_label("Part of the organisation", exact=True).select_option(
        label="\u2003Department of Music (HF-01)"
    )
    page.get_by_role("button", name="Show").click()
    expect(
        page.get_by_text("hidden so that a smaller group cannot be worked out").first
    ).to_be_visible()
    dean.check_accessibility()
    dean.screenshot("report-overview-hidden")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Excel (XLSX)").click()
    assert download.value.suggested_filename.startswith("overview-HF-01-")


def test_the_overview_works_on_a_phone_in_bokmal(browser_personas, visitor):
    from tests.reportfixtures import release

    survey = closed_round(browser_personas.org.root, COUNTS)
    release(survey)
    dean = visitor(browser_personas.dean, language="nb")
    dean.page.set_viewport_size({"width": 375, "height": 740})
    page = dean.goto(f"/reports/{survey.uid}/overview/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oversiktsrapport")
    region = page.get_by_role(
        "region", name="Indeksgjennomsnitt for enhetene under Det humanistiske fakultet"
    )
    expect(region).to_be_visible()
    dean.screenshot("report-overview-phone-nb")
