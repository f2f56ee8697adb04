from __future__ import annotations

import pytest

from audit.models import AuditEntry
from orgs.models import OrgUnit, Person

pytestmark = pytest.mark.django_db

UNITS = (
    "code,parent_code,name_nb,name_en,kind\n"
    "UVF,,Universitetet i Vestfjord,University of Vestfjord,institution\n"
    "HF,UVF,Det humanistiske fakultet,Faculty of Humanities,faculty\n"
    "HF-01,HF,Institutt for musikk,Department of Music,department\n"
    "HF-01-01,HF-01,Seksjon for utøving,Section for Performance,section\n"
    "HF-02,HF,Institutt for kulturvitenskap,Department of Cultural Studies,department\n"
    "MN,UVF,Det matematisk-naturvitenskapelige fakultet,Faculty of Science,faculty\n"
    "MN-01,MN,Institutt for fysikk,Department of Physics,department\n"
)


def _post(client, raw, units: str, *, dry_run: bool = False):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/api/v1/imports",
        {
            "units": SimpleUploadedFile("units.csv", units.encode(), content_type="text/csv"),
            "dry_run": "true" if dry_run else "false",
        },
        headers={"Authorization": f"Bearer {raw}"},
    )


def test_it_imports_units_for_an_administrator(personas, client, token_for):
    response = _post(client, token_for(personas.admin), UNITS)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["applied"] is True
    assert [c["key"] for c in body["changes"]["new_units"]] == ["MN-01"]
    assert OrgUnit.objects.current().filter(code="MN-01").exists()
    assert AuditEntry.objects.filter(action="orgs.import", actor=personas.admin).exists()


def test_it_reports_every_error_with_its_line_and_imports_nothing(personas, client, token_for):
    broken = UNITS + "MN-02,XX,Feil,Wrong,department\nMN-03,MN,Feil,Wrong,planet\n"
    before = (OrgUnit.objects.count(), Person.objects.count(), AuditEntry.objects.count())
    response = _post(client, token_for(personas.admin), broken)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {(e["file"], e["line"]) for e in errors} == {("units.csv", 9), ("units.csv", 10)}
    assert all(e["message"] for e in errors)
    assert response.json()["applied"] is False
    assert (OrgUnit.objects.count(), Person.objects.count()) == before[:2]


def test_it_writes_nothing_on_a_dry_run(personas, client, token_for):
    response = _post(client, token_for(personas.admin), UNITS, dry_run=True)
    assert response.status_code == 200
    assert response.json()["counts"]["new_units"] == 1
    assert response.json()["applied"] is False
    assert not OrgUnit.objects.filter(code="MN-01").exists()


@pytest.mark.parametrize("persona", ["hr", "outsider"])
def test_it_refuses_anyone_but_an_administrator(personas, client, token_for, persona):
    user = getattr(personas, persona)
    response = _post(client, token_for(user), UNITS)
    assert response.status_code == 403
    assert not OrgUnit.objects.filter(code="MN-01").exists()
