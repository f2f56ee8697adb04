from __future__ import annotations

import re

from playwright.sync_api import expect


def test_the_administrator_assigns_a_role_sees_it_listed_and_ends_it(browser_personas, visitor):
    v = visitor(browser_personas.admin)
    page = v.goto("/org/roles/")
    page.get_by_role("link", name="Assign a role").click()
    v.check_accessibility()
    page.get_by_label("Find a person").fill("erik")
    page.get_by_role("button", name="Search").click()
    page.get_by_label(re.compile("Erik Employee")).check()
    page.get_by_label("Role", exact=True).select_option("facilitator")
    page.get_by_label("Unit code").fill("HF-02")
    v.check_accessibility()
    page.get_by_role("button", name="Assign the role").click()
    expect(page.get_by_role("status")).to_contain_text("Erik Employee")
    row = page.get_by_role("row", name=re.compile("Erik Employee"))
    expect(row).to_contain_text("HF-02")
    v.check_accessibility()
    v.screenshot("roles-list")
    row.get_by_role("link", name=re.compile("^End")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("End a role")
    v.check_accessibility()
    page.get_by_role("button", name="End the role").click()
    expect(page.get_by_role("status")).to_contain_text("ends on")


def test_the_administrator_uses_the_live_person_search(browser_personas, visitor):
    v = visitor(browser_personas.admin)
    page = v.goto("/org/roles/assign/?unit=HF-01")
    page.get_by_label("Find a person").press_sequentially("sofie")
    expect(page.get_by_label(re.compile("Sofie Seksjonsleder"))).to_be_visible()
    v.check_accessibility()


def test_the_administrator_uploads_a_file_with_errors_and_sees_them_all(
    browser_personas, visitor, tmp_path
):
    csv_file = tmp_path / "roles.csv"
    csv_file.write_text(
        "email_or_employee_id,role,unit_code,include_subtree,starts_on,ends_on\n"
        "nobody@vestfjord.test,leader,HF-01,false,,\n"
        "erik@vestfjord.test,boss,HF-01,maybe,,\n",
        encoding="utf-8",
    )
    v = visitor(browser_personas.admin)
    page = v.goto("/org/roles/bulk/")
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("3 errors. Nothing was changed.")
    errors = page.get_by_role("table", name="Errors in the file")
    expect(errors.get_by_role("row")).to_have_count(4)
    v.check_accessibility()
    v.screenshot("roles-bulk-errors")


def test_the_administrator_previews_and_confirms_a_valid_file(browser_personas, visitor, tmp_path):
    csv_file = tmp_path / "roles.csv"
    csv_file.write_text(
        "email_or_employee_id,role,unit_code,include_subtree,starts_on,ends_on\r\n"
        "erik@vestfjord.test,safety_rep,HF-01-01,false,,\r\n"
        "P-otto,hr_partner,MN,true,,2030-12-31\r\n",
        encoding="utf-8-sig",
    )
    v = visitor(browser_personas.admin)
    page = v.goto("/org/roles/bulk/")
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check and confirm")).to_be_visible()
    v.check_accessibility()
    page.get_by_role("button", name="Make 2 assignments").click()
    expect(page.get_by_role("status")).to_contain_text("2 role assignments were made")
