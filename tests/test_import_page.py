"""The upload page: administrators preview and confirm; everybody else is refused."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from orgs.models import ImportBatch, ImportStatus, OrgUnit, Person
from tests.importfiles import PEOPLE, UNITS, people_file, units_file

pytestmark = pytest.mark.django_db

NEW_UNIT = "NEW,HF,Ny gruppe,New group,group"


def _upload(client, units, people=None):
    data = {"units": SimpleUploadedFile(units.name, units.data, content_type="text/csv")}
    if people is not None:
        data["people"] = SimpleUploadedFile(people.name, people.data, content_type="text/csv")
    return client.post(reverse("orgs:import"), data)


def test_it_shows_the_upload_form_with_labels_and_help(personas, login):
    body = login(personas.admin).get(reverse("orgs:import")).content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert '<label for="id_units">' in body and 'aria-describedby="id_units_helptext"' in body


def test_it_shows_a_preview_and_applies_it_on_confirmation(personas, login):
    client = login(personas.admin)
    response = _upload(client, units_file([*UNITS, NEW_UNIT]), people_file(PEOPLE[:-1]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "orgs:import_batch", args=[batch.uid]
    )
    body = client.get(response.url).content.decode()
    assert "Ny gruppe" in body and "Otto Outsider" in body and 'type="submit"' in body
    assert not OrgUnit.objects.filter(code="NEW").exists()
    response = client.post(reverse("orgs:import_confirm", args=[batch.uid]), follow=True)
    assert OrgUnit.objects.filter(code="NEW").exists()
    assert Person.objects.get(employee_id="P-otto").left_on is not None
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED and batch.summary["counts"]["new_units"] == 1
    assert AuditEntry.objects.filter(action="orgs.import", actor=personas.admin).count() == 1
    body = response.content.decode()
    assert "2 changes" in body or "2 endringer" in body
    assert reverse("orgs:browse") in body


def test_it_lists_every_error_and_changes_nothing(personas, login):
    client = login(personas.admin)
    people = people_file([*PEOPLE, "P-x,X,Y,not-an-address,HF,academic,<30,man,permanent,"])
    response = _upload(client, units_file([*UNITS, "BAD,NOPE,Feil,Bad,group"]), people)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in body
    assert "units.csv" in body and "people.csv" in body
    errors = response.context["errors"]
    assert len(errors) == 2
    assert errors[0].startswith("units.csv") and "8" in errors[0] and "NOPE" in errors[0]
    assert errors[1].startswith("people.csv") and "not-an-address" in errors[1]
    assert not ImportBatch.objects.exists() and not OrgUnit.objects.filter(code="BAD").exists()


def test_it_shows_the_errors_in_english_when_the_user_reads_english(personas, login):
    client = login(personas.admin)
    client.cookies["django_language"] = "en"
    response = _upload(client, units_file([*UNITS, "BAD,NOPE,Feil,Bad,group"]))
    assert response.context["errors"] == [
        "units.csv line 8: The parent unit “NOPE” of unit “BAD” is not in the units file."
    ]


def test_it_refuses_a_stale_preview(personas, login):
    client = login(personas.admin)
    _upload(client, units_file([*UNITS, NEW_UNIT]), people_file())
    batch = ImportBatch.objects.get()
    OrgUnit.objects.filter(code="MN").update(name_nb="Endret i mellomtiden")
    assert client.get(reverse("orgs:import_batch", args=[batch.uid])).context["stale"] is True
    response = client.post(reverse("orgs:import_confirm", args=[batch.uid]))
    assert response.status_code == 302 and response.url == reverse("orgs:import")
    assert not OrgUnit.objects.filter(code="NEW").exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DISCARDED


def test_it_applies_a_batch_only_once(personas, login):
    client = login(personas.admin)
    _upload(client, units_file([*UNITS, NEW_UNIT]))
    batch = ImportBatch.objects.get()
    client.post(reverse("orgs:import_confirm", args=[batch.uid]))
    client.post(reverse("orgs:import_confirm", args=[batch.uid]))
    assert OrgUnit.objects.filter(code="NEW").count() == 1
    assert AuditEntry.objects.filter(action="orgs.import").count() == 1


def test_it_says_so_when_nothing_changes(personas, login):
    client = login(personas.admin)
    response = _upload(client, units_file(), people_file())
    body = client.get(response.url).content.decode()
    assert reverse("orgs:import_confirm", args=[ImportBatch.objects.get().uid]) not in body


@pytest.mark.parametrize("persona", ["outsider", "head", "hr", "employee"])
def test_it_denies_everybody_but_administrators(personas, login, persona):
    client = login(getattr(personas, persona))
    assert client.get(reverse("orgs:import")).status_code == 403
    assert _upload(client, units_file([*UNITS, NEW_UNIT])).status_code == 403
    assert not OrgUnit.objects.filter(code="NEW").exists()


def test_it_denies_another_administrators_batch(personas, login, django_user_model):
    client = login(personas.admin)
    _upload(client, units_file([*UNITS, NEW_UNIT]))
    batch = ImportBatch.objects.get()
    other = django_user_model.objects.create_superuser("root@vestfjord.test", "x" * 12)
    TOTP.activate(other, generate_totp_secret())
    client = login(other)
    assert client.get(reverse("orgs:import_batch", args=[batch.uid])).status_code == 404
    assert client.post(reverse("orgs:import_confirm", args=[batch.uid])).status_code == 404


def test_it_sends_anonymous_visitors_to_the_login_page(client, personas):
    response = client.get(reverse("orgs:import"))
    assert response.status_code == 302 and reverse("account_login") in response.url
