from __future__ import annotations

import re

from playwright.sync_api import expect

from orgs.models import OrgUnit
from tests.importfiles import PEOPLE, UNITS, people_file, units_file


def _files(tmp_path, units, people):
    tmp_path.mkdir()
    paths = []
    for csv_file in (units, people):
        path = tmp_path / csv_file.name
        path.write_bytes(csv_file.data)
        paths.append(str(path))
    return paths


def test_an_administrator_fixes_a_broken_file_previews_and_confirms(
    browser_personas, visitor, tmp_path
):
    v = visitor(browser_personas.admin, language="en")
    page = v.goto("/org/import/")
    broken = _files(
        tmp_path / "broken", units_file([*UNITS, "BAD,NOPE,Feil,Bad,group"]), people_file()
    )
    page.get_by_label("Units file (CSV)").set_input_files(broken[0])
    page.get_by_label("People file (CSV)").set_input_files(broken[1])
    page.get_by_role("button", name="Check the files").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("units.csv line 8")
    expect(alert).to_contain_text("NOPE")
    v.check_accessibility()
    v.screenshot("import-errors")

    good = _files(
        tmp_path / "good",
        units_file([*UNITS, "NEW,HF,Ny gruppe,New group,group"]),
        people_file(PEOPLE[:-1]),
    )
    page.get_by_label("Units file (CSV)").set_input_files(good[0])
    page.get_by_label("People file (CSV)").set_input_files(good[1])
    page.get_by_role("button", name="Check the files").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the changes before you import")
    expect(page.get_by_role("heading", name=re.compile(r"New units \(1\)"))).to_be_visible()
    expect(page.get_by_role("cell", name="Otto Outsider")).to_be_visible()
    v.check_accessibility()
    v.screenshot("import-preview")
    assert not OrgUnit.objects.filter(code="NEW").exists()

    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The import was applied")
    expect(page.get_by_role("status")).to_contain_text("2 changes")
    v.check_accessibility()
    assert OrgUnit.objects.filter(code="NEW").exists()
