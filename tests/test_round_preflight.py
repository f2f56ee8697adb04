from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from orgs.models import OrgUnit, UnitKind
from surveys import services
from surveys.models import Invitation, RoundUnit
from tests.roundfixtures import add_staff

pytestmark = pytest.mark.django_db


def _rows(report):
    return {row.unit.code: row for row in report.units}


def test_it_counts_people_per_unit_with_leaders_filed_under_the_parent(staffed, make_round):
    report = services.preflight(round=make_round(staffed.org.root))
    rows = _rows(report)
    assert report.invited == 33
    # Leif leads HF-01 and counts in HF; Sofie leads HF-01-01 and counts in HF-01.
    assert rows["HF"].direct == 3 and rows["HF-01"].leaders_up == 1
    assert rows["HF-01"].direct == 4 and rows["HF-01-01"].leaders_up == 1
    assert rows["HF-01-01"].direct == rows["HF-01-01"].total == 7
    assert rows["HF-01"].total == 11
    assert rows["UVF"].total == 33


def test_it_lists_units_that_will_be_hidden(personas, make_round):
    add_staff(personas.org.culture, 4)
    report = services.preflight(round=make_round(personas.org.root))
    hidden = {row.unit.code for row in report.hidden_units}
    assert {"HF-01-01", "HF-02", "MN"} <= hidden  # 1, 4 and 1 people
    assert "UVF" not in hidden


def test_it_flags_shown_units_with_a_small_residual_of_directly_attached_staff(staffed, make_round):
    report = services.preflight(round=make_round(staffed.org.root))
    rows = _rows(report)
    assert rows["UVF"].residual == 2 and rows["UVF"].residual_problem
    assert rows["HF"].residual == 3 and rows["HF"].residual_problem
    assert rows["HF-01"].residual == 4


def test_it_suggests_merging_a_small_direct_group_into_the_smallest_shown_sub_unit(
    staffed, make_round
):
    report = services.preflight(round=make_round(staffed.org.root))
    suggestions = {s.unit.code: s for s in report.suggestions}
    # Ada and Frida are attached directly to UVF: merging them into MN leaves no residual.
    assert suggestions["UVF"].into.code == "MN" and suggestions["UVF"].people == 2
    # HF's residual includes Leif, who leads HF-01: merging the others would not clear it.
    assert "HF" not in suggestions


def _department_with_sections(parent):
    make = OrgUnit.objects.create_unit
    a = make(code="HF-02-A", name_nb="A", kind=UnitKind.SECTION, parent=parent)
    b = make(code="HF-02-B", name_nb="B", kind=UnitKind.SECTION, parent=parent)
    add_staff(a, 8)
    add_staff(b, 6)
    add_staff(parent, 2)
    return a, b


def test_an_accepted_merge_files_the_direct_staff_under_the_sub_unit_at_opening(
    personas, make_round, open_now
):
    _a, b = _department_with_sections(personas.org.culture)
    round_ = make_round(personas.org.culture)
    suggestion = services.preflight(round=round_).suggestions[0]
    assert (suggestion.unit.code, suggestion.into.code) == ("HF-02", "HF-02-B")
    services.accept_merge(actor=personas.admin, round=round_, unit=suggestion.unit, into=b)
    report = services.preflight(round=round_)
    assert _rows(report)["HF-02"].residual == 0
    assert report.suggestions[0].accepted
    open_now(round_)
    department = RoundUnit.objects.get(round=round_, code="HF-02")
    section = RoundUnit.objects.get(round=round_, code="HF-02-B")
    assert department.report_as == section
    assert Invitation.objects.filter(round=round_, reporting_unit=section).count() == 8
    assert not Invitation.objects.filter(round=round_, reporting_unit=department).exists()


def test_it_undoes_a_merge_and_refuses_merges_outside_the_unit(personas, make_round):
    a, _b = _department_with_sections(personas.org.culture)
    round_ = make_round(personas.org.culture)
    services.accept_merge(actor=personas.admin, round=round_, unit=personas.org.culture, into=a)
    services.undo_merge(actor=personas.admin, round=round_, unit=personas.org.culture)
    assert not round_.merges.exists()
    with pytest.raises(ValidationError):
        services.accept_merge(
            actor=personas.admin, round=round_, unit=personas.org.culture, into=personas.org.mn
        )
