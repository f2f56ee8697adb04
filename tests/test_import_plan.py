"""What the import changes: the plan compared with the organisation, and applying it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from orgs.models import Membership, OrgUnit, Person, Role, RoleAssignment, RoleSource, UnitVersion
from orgs.services import apply_import, plan_import, run_import
from tests.importfiles import (
    PEOPLE,
    PEOPLE_HEADER,
    UNITS,
    people_file,
    replace,
    units_file,
    without,
)

pytestmark = pytest.mark.django_db


def _keys(changes):
    return [c.key for c in changes]


def _run(units=None, people=None, actor=None):
    result = run_import(
        units=units or units_file(),
        people=people if people is not None else people_file(),
        actor=actor,
        dry_run=False,
    )
    assert not result.plan.errors, [e.render() for e in result.plan.errors]
    return result


def test_it_finds_no_changes_when_the_files_match_the_organisation(personas):
    plan = plan_import(units=units_file(), people=people_file())
    assert plan.errors == [] and not plan.has_changes


def test_it_plans_new_moved_renamed_removed_and_rekinded_units(personas):
    rows = replace(
        UNITS, "HF-01-01,", "HF-01-01,HF-02,Seksjon for utøving,Section for Performance,section"
    )
    rows = replace(rows, "HF-02,", "HF-02,HF,Institutt for kultur,Department of Culture,centre")
    rows = [*without(rows, "MN,"), "NEW,UVF,Nytt senter,New Centre,centre"]
    people = replace(
        PEOPLE,
        "P-otto,",
        "P-otto,Otto,Outsider,otto@vestfjord.test,NEW,academic,40-49,woman,permanent,",
    )
    plan = plan_import(units=units_file(rows), people=people_file(people))
    assert plan.errors == []
    assert _keys(plan.new_units) == ["NEW"]
    assert [(c.key, c.before, c.after) for c in plan.moved_units] == [
        ("HF-01-01", "HF-01", "HF-02")
    ]
    assert _keys(plan.renamed_units) == ["HF-02"] and _keys(plan.kind_changed_units) == ["HF-02"]
    assert _keys(plan.removed_units) == ["MN"]
    assert [(c.key, c.before, c.after) for c in plan.moved_people] == [("P-otto", "MN", "NEW")]


def test_it_applies_unit_changes_and_keeps_removed_units_and_their_history(personas):
    rows = replace(UNITS, "HF-02,", "HF-02,HF,Institutt for kultur,Department of Culture,centre")
    rows = [*without(rows, "MN,"), "NEW,UVF,Nytt senter,New Centre,centre"]
    people = without(PEOPLE, "P-otto,")
    _run(units_file(rows), people_file(people))
    today = timezone.localdate()
    mn = OrgUnit.objects.get(code="MN")
    assert mn.valid_to == today
    culture = OrgUnit.objects.get(code="HF-02")
    assert (culture.name_nb, culture.kind) == ("Institutt for kultur", "centre")
    new = OrgUnit.objects.get(code="NEW")
    assert new.path == f"{personas.org.root.path}{new.pk}/" and new.depth == 1
    assert (
        UnitVersion.objects.get(unit=culture, valid_to__isnull=True).name_nb
        == "Institutt for kultur"
    )
    assert UnitVersion.objects.get(unit=new).parent_code == "UVF"
    assert Person.objects.get(employee_id="P-otto").left_on == today


def test_it_plans_and_applies_people_who_arrive_move_change_and_leave(personas):
    rows = replace(
        PEOPLE,
        "P-erik,",
        "P-erik,Erik,Employee,erik@vestfjord.test,HF-02,academic,40-49,woman,permanent,",
    )
    rows = replace(
        rows,
        "P-siri,",
        "P-siri,Siri,Vernes,siri@vestfjord.test,HF-01,academic,50-59,woman,permanent,",
    )
    nina = "P-nina,Nina,Ny,nina@vestfjord.test,MN,phd_postdoc,<30,woman,temporary,"
    rows = [*without(rows, "P-frida,"), nina]
    result = _run(people=people_file(rows))
    plan = result.plan
    assert _keys(plan.new_people) == ["P-nina"]
    assert _keys(plan.moved_people) == ["P-erik"]
    assert _keys(plan.changed_people) == ["P-siri"]
    assert plan.changed_people[0].before == "family_name: Verneombud; age_group: 40-49"
    assert _keys(plan.left_people) == ["P-frida"]
    today = timezone.localdate()
    erik = Person.objects.get(employee_id="P-erik")
    assert erik.unit == personas.org.culture
    assert list(erik.memberships.values_list("unit__code", "valid_to")) == [
        ("HF-01-01", today),
        ("HF-02", None),
    ]
    frida = Person.objects.get(employee_id="P-frida")
    assert frida.left_on == today and not frida.memberships.filter(valid_to__isnull=True).exists()
    nina = Person.objects.get(employee_id="P-nina")
    assert nina.memberships.get().unit.code == "MN"
    assert Person.objects.get(employee_id="P-siri").family_name == "Vernes"


def test_it_brings_back_a_person_who_had_left(personas):
    _run(people=people_file(without(PEOPLE, "P-frida,")))
    moved_back = replace(
        PEOPLE,
        "P-frida,",
        "P-frida,Frida,Fasilitator,frida@vestfjord.test,MN,academic,40-49,woman,permanent,",
    )
    plan = _run(people=people_file(moved_back)).plan
    assert [(c.key, c.before, c.after) for c in plan.returning_people] == [("P-frida", "UVF", "MN")]
    frida = Person.objects.get(employee_id="P-frida")
    assert frida.left_on is None and frida.unit.code == "MN"
    assert frida.memberships.get(valid_to__isnull=True).unit.code == "MN"


def test_it_creates_and_ends_imported_leader_roles_but_never_touches_manual_ones(
    personas, django_user_model
):
    rows = replace(
        PEOPLE,
        "P-otto,",
        "P-otto,Otto,Outsider,otto@vestfjord.test,MN,academic,40-49,woman,permanent,MN",
    )
    rows = replace(
        rows,
        "P-erik,",
        "P-erik,Erik,Employee,erik@vestfjord.test,HF-01-01,academic,40-49,woman,permanent,HF-02",
    )
    manual_before = set(
        RoleAssignment.objects.filter(source=RoleSource.MANUAL).values_list("pk", "ends_on")
    )
    plan = _run(people=people_file(rows), actor=personas.admin).plan
    assert [(c.key, c.after) for c in plan.new_leaders] == [("P-erik", "HF-02"), ("P-otto", "MN")]
    otto_role = RoleAssignment.objects.get(person__employee_id="P-otto")
    assert (otto_role.role, otto_role.include_subtree, otto_role.source) == (
        Role.LEADER,
        True,
        RoleSource.IMPORT,
    )
    assert otto_role.created_by == personas.admin
    plan = _run(people=people_file(replace(rows, "P-erik,", PEOPLE[7]))).plan
    assert [(c.key, c.before) for c in plan.ended_leaders] == [("P-erik", "HF-02")]
    assert (
        RoleAssignment.objects.get(person__employee_id="P-erik", unit__code="HF-02").ends_on
        == timezone.localdate()
    )
    assert (
        set(RoleAssignment.objects.filter(source=RoleSource.MANUAL).values_list("pk", "ends_on"))
        == manual_before
    )


def test_it_leaves_leader_roles_alone_when_the_people_file_has_no_leads_unit_column(personas):
    rows = replace(
        PEOPLE,
        "P-otto,",
        "P-otto,Otto,Outsider,otto@vestfjord.test,MN,academic,40-49,woman,permanent,MN",
    )
    _run(people=people_file(rows))
    header = PEOPLE_HEADER.removesuffix(",leads_unit")
    plan = _run(people=people_file([r.rsplit(",", 1)[0] for r in PEOPLE], header=header)).plan
    assert not plan.has_changes
    assert RoleAssignment.objects.get(person__employee_id="P-otto").ends_on is None


def test_it_rewrites_the_paths_of_a_moved_subtree(personas):
    org = personas.org
    rows = replace(UNITS, "HF-01,", "HF-01,MN,Institutt for musikk,Department of Music,department")
    _run(units_file(rows))
    music, performance = (
        OrgUnit.objects.get(pk=org.music.pk),
        OrgUnit.objects.get(pk=org.performance.pk),
    )
    assert music.path == f"/{org.root.pk}/{org.mn.pk}/{music.pk}/" and music.depth == 2
    assert performance.path == f"{music.path}{performance.pk}/" and performance.depth == 3
    assert set(OrgUnit.objects.get(pk=org.mn.pk).subtree().values_list("code", flat=True)) == {
        "MN",
        "HF-01",
        "HF-01-01",
    }
    assert not UnitVersion.objects.filter(unit=performance).exists()  # only its path changed
    assert UnitVersion.objects.get(unit=music).parent_code == "MN"


def test_it_does_nothing_when_the_same_files_are_imported_again(personas):
    rows = [*UNITS, "NEW,HF-02,Ny gruppe,New group,group"]
    people = [*PEOPLE, "P-nina,Nina,Ny,nina@vestfjord.test,NEW,academic,<30,woman,temporary,NEW"]
    _run(units_file(rows), people_file(people))
    counts = [
        m.objects.count()
        for m in (OrgUnit, Person, Membership, RoleAssignment, UnitVersion, AuditEntry)
    ]
    result = _run(units_file(rows), people_file(people))
    assert (
        not result.plan.has_changes
        and result.summary is not None
        and result.summary.audit_entry_id is None
    )
    assert [
        m.objects.count()
        for m in (OrgUnit, Person, Membership, RoleAssignment, UnitVersion, AuditEntry)
    ] == counts


def test_it_writes_nothing_on_a_dry_run(personas):
    counts = [m.objects.count() for m in (OrgUnit, Person, Membership, RoleAssignment, AuditEntry)]
    result = run_import(
        units=units_file(UNITS[:-1]), people=people_file(PEOPLE[:-1]), actor=None, dry_run=True
    )
    assert result.plan.has_changes and result.summary is None
    assert [
        m.objects.count() for m in (OrgUnit, Person, Membership, RoleAssignment, AuditEntry)
    ] == counts


def test_it_writes_one_audit_entry_with_counts_and_file_names(personas):
    _run(units_file([*UNITS, "NEW,HF,Ny,New,group"], name="enheter.csv"), actor=personas.admin)
    entry = AuditEntry.objects.get(action="orgs.import")
    assert entry.actor == personas.admin
    assert entry.data["files"] == ["enheter.csv", "people.csv"]
    assert entry.data["counts"]["new_units"] == 1


def test_it_refuses_to_remove_a_unit_with_people_when_only_units_are_imported(personas):
    plan = plan_import(units=units_file(without(UNITS, "MN,")), people=None)
    assert [e.render() for e in plan.errors] == [
        "The unit “MN” is not in the file, but 1 people still belong to it. "
        "Upload the people file too, so they can move or leave."
    ]


def test_it_imports_units_alone_without_touching_people(personas):
    plan = _run(units_file([*UNITS, "NEW,HF,Ny,New,group"]), people_file(PEOPLE)).plan
    result = run_import(
        units=units_file(UNITS[:3] + UNITS[3:]), people=None, actor=None, dry_run=False
    )
    assert _keys(result.plan.removed_units) == ["NEW"] and plan.new_units
    assert Person.objects.active().count() == 9


def test_it_refuses_an_address_that_belongs_to_somebody_not_in_the_file(personas):
    otto2 = "P-otto2,Otto,Ny,otto@vestfjord.test,MN,academic,40-49,man,permanent,"
    rows = [*without(PEOPLE, "P-otto,"), otto2]
    plan = plan_import(units=units_file(), people=people_file(rows))
    assert [f"{e.location()}: {e.render()}" for e in plan.errors] == [
        "people.csv:10: The e-mail address “otto@vestfjord.test” already belongs to Otto Outsider "
        "(employee id P-otto), who is not in this file. Each person needs their own address."
    ]


def test_it_refuses_to_apply_a_plan_with_errors(personas):
    plan = plan_import(units=units_file(without(UNITS, "MN,")), people=None)
    with pytest.raises(ValueError):
        apply_import(plan=plan, actor=None)


def test_it_imports_the_vestfjord_data_into_an_empty_database(db):
    from lib.orgcsv import CsvFile

    with open("data/vestfjord/units.csv", "rb") as u, open("data/vestfjord/people.csv", "rb") as p:
        units, people = CsvFile("units.csv", u.read()), CsvFile("people.csv", p.read())
    _run(units, people)
    assert OrgUnit.objects.current().count() == 245 and Person.objects.active().count() == 3241
    assert RoleAssignment.objects.filter(role=Role.LEADER, source=RoleSource.IMPORT).count() == 237
    assert Membership.objects.filter(valid_to__isnull=True).count() == 3241
    for unit in OrgUnit.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "/") + f"{unit.pk}/"
        assert unit.path == expected
    assert not run_import(units=units, people=people, actor=None, dry_run=True).plan.has_changes
    assert dt.date.today() >= OrgUnit.objects.first().valid_from


def _person_row(key: str, email: str, unit: str, given: str = "X", family: str = "Y") -> str:
    return f"P-{key},{given},{family},{email},{unit},academic,40-49,woman,permanent,"


def test_two_people_swap_their_addresses(personas):
    rows = replace(PEOPLE, "P-erik,", _person_row("erik", "otto@vestfjord.test", "HF-01-01",
                                                 "Erik", "Employee"))  # fmt: skip
    rows = replace(rows, "P-otto,", _person_row("otto", "erik@vestfjord.test", "MN",
                                                "Otto", "Outsider"))  # fmt: skip
    result = _run(people=people_file(rows))
    assert sorted(c.key for c in result.plan.changed_people) == ["P-erik", "P-otto"]
    emails = dict(Person.objects.values_list("employee_id", "email"))
    assert (emails["P-erik"], emails["P-otto"]) == ("otto@vestfjord.test", "erik@vestfjord.test")


def test_a_new_person_takes_an_address_that_another_gives_up_in_the_same_file(personas):
    # Erik takes Siri's address, Siri takes a new one, and newcomer Nina takes Erik's.
    rows = replace(PEOPLE, "P-erik,", _person_row("erik", "siri@vestfjord.test", "HF-01-01",
                                                 "Erik", "Employee"))  # fmt: skip
    rows = replace(rows, "P-siri,", _person_row("siri", "siri.v@vestfjord.test", "HF-01",
                                                "Siri", "Verneombud"))  # fmt: skip
    rows = [*rows, _person_row("nina", "erik@vestfjord.test", "HF-01", "Nina", "Ny")]
    result = _run(people=people_file(rows))
    assert [c.key for c in result.plan.new_people] == ["P-nina"]
    emails = dict(Person.objects.values_list("employee_id", "email"))
    assert emails["P-erik"] == "siri@vestfjord.test"
    assert emails["P-siri"] == "siri.v@vestfjord.test"
    assert emails["P-nina"] == "erik@vestfjord.test"
    assert not Person.objects.filter(email__endswith="@import.invalid").exists()
