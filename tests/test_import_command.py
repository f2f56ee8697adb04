"""`medvirk importorg`: prints the plan or every error, with a non-zero exit code on errors."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from orgs.models import OrgUnit, Person
from tests.importfiles import PEOPLE, UNITS, people_file, units_file

pytestmark = pytest.mark.django_db


def _write(tmp_path, csv_file):
    path = tmp_path / csv_file.name
    path.write_bytes(csv_file.data)
    return str(path)


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    # Commands print in the thread's active language, which is bokmål unless an earlier test's
    # request switched it: speak English explicitly so the result does not depend on order.
    with translation.override("en"):
        call_command("importorg", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_changes_and_applies_them(personas, tmp_path):
    units = _write(tmp_path, units_file([*UNITS, "NEW,HF,Ny gruppe,New group,group"]))
    out, _ = _call(units, _write(tmp_path, people_file()))
    assert "New units: 1" in out and "NEW Ny gruppe → HF" in out and "Import applied." in out
    assert OrgUnit.objects.filter(code="NEW").exists()
    out, _ = _call(units, _write(tmp_path, people_file()))
    assert out.strip() == "No changes."


def test_it_writes_nothing_on_a_dry_run(personas, tmp_path):
    out, _ = _call(_write(tmp_path, units_file([*UNITS, "NEW,HF,Ny,New,group"])), "--dry-run")
    assert "New units: 1" in out and "Dry run: nothing was written." in out
    assert not OrgUnit.objects.filter(code="NEW").exists()


def test_it_prints_every_error_with_file_and_line_and_fails(personas, tmp_path):
    units = _write(tmp_path, units_file([*UNITS, "BAD,NOPE,Feil,Bad,group"]))
    people = _write(
        tmp_path, people_file([*PEOPLE, "P-x,X,Y,not-an-address,HF,academic,<30,man,permanent,"])
    )
    with pytest.raises(CommandError, match="2 errors; nothing was imported"):
        _call(units, people)
    count = Person.objects.count()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError), translation.override("en"):
        call_command("importorg", units, people, stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        "units.csv:8: The parent unit “NOPE” of unit “BAD” is not in the units file.",
        "people.csv:11: “not-an-address” is not a valid e-mail address.",
    ]
    assert Person.objects.count() == count


def test_it_exits_with_a_non_zero_code_on_errors(personas, tmp_path):
    units = _write(tmp_path, units_file(["X,,Y,Y,faculty"]))
    with pytest.raises(CommandError) as failure:
        _call(units)
    assert failure.value.returncode == 1  # what the console command exits with
