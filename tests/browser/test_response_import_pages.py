from __future__ import annotations

from playwright.sync_api import expect

from surveys.models import Response, SurveyRound
from tests.responsefiles import ROWS, responses_file
from tests.rounds import instrument


def _file(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(responses_file(rows, name=name).data)
    return str(path)


def test_an_administrator_fixes_a_broken_file_previews_and_confirms(
    browser_personas, visitor, tmp_path
):
    instrument()
    v = visitor(browser_personas.admin, language="en")
    page = v.goto("/surveys/import-responses/")
    page.get_by_label("Questionnaire version").select_option(label="mini v1")
    page.get_by_label("Name of the new round").fill("ARK 2024")
    page.get_by_label("First day of the survey").fill("2024-03-01")
    page.get_by_label("Last day of the survey").fill("2024-03-22")
    page.get_by_label("Responses file (CSV)").set_input_files(
        _file(tmp_path, "broken.csv", [*ROWS, "XX,,,,,9,4,4,4,no,"])
    )
    page.get_by_role("button", name="Check the file").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("broken.csv line 6")
    expect(alert).to_contain_text("XX")
    v.check_accessibility()
    v.screenshot("response-import-errors")

    page.get_by_label("Responses file (CSV)").set_input_files(_file(tmp_path, "good.csv", ROWS))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the responses before you import"
    )
    expect(page.get_by_role("table")).to_contain_text("Department of Cultural Studies")
    v.check_accessibility()
    v.screenshot("response-import-preview")
    assert not SurveyRound.objects.exists()

    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The responses were imported")
    expect(page.get_by_role("status")).to_contain_text("The responses were imported")
    v.check_accessibility()
    assert Response.objects.filter(round__name="ARK 2024").count() == 4


def test_the_page_reads_in_bokmaal(browser_personas, visitor):
    instrument()
    v = visitor(browser_personas.admin, language="nb")
    page = v.goto("/surveys/import-responses/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
