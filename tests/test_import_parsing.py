"""Reading and checking the import files: every problem, with file and line, nothing written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.orgcsv import MAX_LENGTHS, CsvFile, parse
from orgs.models import Membership, OrgUnit, Person, RoleAssignment, UnitKind
from orgs.services import run_import
from tests.importfiles import PEOPLE, UNITS, people_file, replace, units_file

KINDS = UnitKind.values


def _errors(units: CsvFile, people: CsvFile | None = None) -> list[str]:
    parsed = parse(units=units, people=people, kinds=KINDS)
    return [f"{p.location()}: {p.render()}" for p in parsed.errors]


def test_it_accepts_the_personas_files_and_the_vestfjord_data():
    assert _errors(units_file(), people_file()) == []
    with open("data/vestfjord/units.csv", "rb") as u, open("data/vestfjord/people.csv", "rb") as p:
        parsed = parse(
            units=CsvFile("units.csv", u.read()),
            people=CsvFile("people.csv", p.read()),
            kinds=KINDS,
        )
    assert parsed.problems == []
    assert len(parsed.units) == 245 and len(parsed.people) == 3241
    assert sum(1 for person in parsed.people if person.leads_unit) == 237


def test_it_accepts_a_utf8_byte_order_mark():
    units = units_file()
    assert _errors(CsvFile("units.csv", b"\xef\xbb\xbf" + units.data)) == []


def test_it_names_the_file_when_it_is_latin1():
    data = "\r\n".join(["code,parent_code,name_nb,name_en,kind", *UNITS]).encode("latin-1")
    errors = _errors(CsvFile("enheter.csv", data))
    assert len(errors) == 1
    assert errors[0].startswith("enheter.csv:5: ") and "UTF-8" in errors[0]


def test_it_names_the_file_when_it_is_utf16():
    data = "\r\n".join(["code,parent_code,name_nb,name_en,kind", *UNITS]).encode("utf-16")
    assert _errors(CsvFile("units.csv", data)) == [
        "units.csv: The file is saved as UTF-16. Save it as “CSV UTF-8 (comma delimited)” "
        "and upload it again."
    ]


@pytest.mark.parametrize(("sign", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_it_says_when_the_columns_are_separated_by_another_sign(sign, word):
    rows = [row.replace(",", sign) for row in UNITS]
    errors = _errors(
        units_file(rows, header="code;parent_code;name_nb;name_en;kind".replace(";", sign))
    )
    assert (
        len(errors) == 1
        and f"separated by {word}" in errors[0]
        and errors[0].startswith("units.csv:1:")
    )


def test_it_names_every_missing_column_and_warns_about_unknown_ones():
    parsed = parse(units=units_file(header="code,name_nb,kind,colour"), people=None, kinds=KINDS)
    messages = [p.render() for p in parsed.errors]
    assert messages == [
        "The required column “parent_code” is missing.",
        "The required column “name_en” is missing.",
    ]
    assert parsed.warnings[0].render() == "These columns are not used and were ignored: colour."


def test_it_reports_every_unit_problem_at_once_with_line_numbers():
    rows = [
        *UNITS,
        "HF-03,XX,Ukjent forelder,Unknown parent,department",  # line 8
        "HF-01,HF,Dobbel,Duplicate,department",  # line 9
        "LOOP-A,LOOP-B,A,A,group",  # line 10
        "LOOP-B,LOOP-A,B,B,group",  # line 11
        "ODD,HF,Rar,Odd,division",  # line 12
        ",HF,Uten kode,No code,group",  # line 13
        "LONG,HF," + "x" * 201 + ",Long,group",  # line 14
        "ROOT2,,Annen rot,Second root,institution",  # line 15
    ]
    assert _errors(units_file(rows)) == [
        "units.csv:8: The parent unit “XX” of unit “HF-03” is not in the units file.",
        "units.csv:9: The unit code “HF-01” is already used on line 4.",
        "units.csv:10: The parent links go round in a circle: LOOP-A → LOOP-B → LOOP-A. "
        "One of these units must have another parent.",
        "units.csv:12: “division” is not a known kind of unit. Use one of: "
        + ", ".join(KINDS)
        + ".",
        "units.csv:13: The value in “code” is empty.",
        "units.csv:14: The value in “name_nb” is too long: 201 characters, at most 200.",
        "units.csv:15: The unit “ROOT2” has no parent, but “UVF” on line 2 is already the top "
        "unit. Exactly one unit may be at the top.",
    ]


def test_it_requires_the_top_unit_to_be_an_institution():
    rows = replace(UNITS, "UVF,", "UVF,,Universitetet,University,faculty")
    assert _errors(units_file(rows)) == [
        "units.csv:2: The top unit “UVF” must be of kind institution, not “faculty”."
    ]


def test_it_reports_every_people_problem_at_once_with_line_numbers():
    rows = [
        *PEOPLE,
        "P-new1,Ny,Person,ada@VESTFJORD.test,HF,academic,30-39,man,permanent,",  # line 11
        "P-ada,Ada,Igjen,ada2@vestfjord.test,HF,academic,30-39,man,permanent,",  # line 12
        "P-new2,Ny,Person,not-an-address,HF,academic,30-39,man,permanent,",  # line 13
        "P-new3,Ny,Person,new3@vestfjord.test,NOPE,academic,30-39,man,permanent,NOPE2",  # line 14
        "P-new4,,Person,new4@vestfjord.test,HF,academic,30-39,man,permanent,",  # line 15
        "P-new5,Ny,Person,new5@vestfjord.test,HF,academic,30-39,man,permanent",  # line 16
    ]
    errors = _errors(units_file(), people_file(rows, name="ansatte.csv"))
    assert errors == [
        "ansatte.csv:11: The e-mail address “ada@VESTFJORD.test” is already used on line 2.",
        "ansatte.csv:12: The employee id “P-ada” is already used on line 2.",
        "ansatte.csv:13: “not-an-address” is not a valid e-mail address.",
        "ansatte.csv:14: The unit “NOPE” is not in the units file.",
        "ansatte.csv:14: The unit “NOPE2” in leads_unit is not in the units file.",
        "ansatte.csv:15: The value in “given_name” is empty.",
        "ansatte.csv:16: This line has 9 values but the header has 10 columns. Check for a missing "
        "or extra comma, or a value with a comma that is not in quotes.",
    ]


def test_it_counts_physical_lines_when_a_quoted_value_spans_two_lines():
    rows = [*UNITS, 'HF-03,HF,"To\r\nlinjer",Two lines,department', "HF-04,HF,Fire,Four,division"]
    assert _errors(units_file(rows)) == [
        "units.csv:10: “division” is not a known kind of unit. Use one of: "
        + ", ".join(KINDS)
        + "."
    ]


def test_it_keeps_the_length_limits_in_step_with_the_models():
    assert MAX_LENGTHS["code"] == OrgUnit._meta.get_field("code").max_length
    assert MAX_LENGTHS["name_nb"] == OrgUnit._meta.get_field("name_nb").max_length
    for name in (
        "employee_id",
        "given_name",
        "family_name",
        "email",
        "position_group",
        "age_group",
    ):
        assert MAX_LENGTHS[name] == Person._meta.get_field(name).max_length


@pytest.mark.django_db
def test_it_writes_nothing_when_a_file_has_errors(personas):
    before = [m.objects.count() for m in (OrgUnit, Person, Membership, RoleAssignment)]
    people = people_file([*PEOPLE, "P-x,X,Y,bad,HF,academic,30-39,man,permanent,"])
    result = run_import(
        units=units_file([*UNITS, "NEW,HF,Ny,New,group"]), people=people, actor=None, dry_run=False
    )
    assert len(result.plan.errors) == 1 and result.summary is None
    assert [m.objects.count() for m in (OrgUnit, Person, Membership, RoleAssignment)] == before


@given(st.binary(max_size=300))
def test_it_never_crashes_on_arbitrary_bytes(data):
    parse(units=CsvFile("u.csv", data), people=CsvFile("p.csv", data), kinds=KINDS)


@given(st.text(max_size=200))
def test_it_reports_problems_with_lines_inside_the_file(text):
    parsed = parse(units=CsvFile("u.csv", text.encode("utf-8")), people=None, kinds=KINDS)
    lines = text.count("\n") + text.count("\r") + 1
    assert all(0 <= p.line <= lines for p in parsed.problems)
