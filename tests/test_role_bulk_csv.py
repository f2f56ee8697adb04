from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from orgs.models import RoleAssignment

pytestmark = pytest.mark.django_db

HEADER = "email_or_employee_id,role,unit_code,include_subtree,starts_on,ends_on\n"
GOOD = (
    HEADER
    + "erik@vestfjord.test,safety_rep,HF-01-01,false,2025-08-01,\n"
    + "P-otto,hr_partner,MN,true,,2027-07-31\n"
)


def _upload(client, text: str | bytes, name: str = "roles.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        reverse("orgs:role_bulk"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def test_it_documents_the_format_with_an_example(personas, login):
    body = login(personas.admin).get(reverse("orgs:role_bulk")).content.decode()
    assert HEADER.strip() in body and "hr_partner" in body and "YYYY-MM-DD" in body


def test_it_previews_a_valid_file_and_applies_it_on_confirmation(personas, login):
    client = login(personas.admin)
    before = RoleAssignment.objects.count()
    response = _upload(client, GOOD)
    assert response.context["plan"].ok and len(response.context["plan"].requests) == 2
    assert RoleAssignment.objects.count() == before  # nothing applied yet
    confirm = response.context["confirm"]
    response = client.post(
        reverse("orgs:role_bulk"), {"text": confirm.initial["text"], "file_name": "roles.csv"}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.count() == before + 2
    otto = RoleAssignment.objects.get(person=personas.outsider.person)
    assert otto.include_subtree and str(otto.ends_on) == "2027-07-31" and otto.starts_on is not None


def test_it_reports_every_error_with_its_line_and_applies_nothing(personas, login):
    text = HEADER + (
        "nobody@vestfjord.test,safety_rep,HF-01,false,,\n"  # 2: unknown person
        "erik@vestfjord.test,boss,HF-01,false,,\n"  # 3: unknown role
        "erik@vestfjord.test,leader,XX-99,false,,\n"  # 4: unknown unit
        "erik@vestfjord.test,leader,HF-01,maybe,,\n"  # 5: bad boolean
        "erik@vestfjord.test,leader,HF-02,false,2025-13-01,01.02.2026\n"  # 6: two bad dates
        "erik@vestfjord.test,facilitator,HF-01,false,2025-08-01,2025-07-01\n"  # 7: end before start
        "otto@vestfjord.test,facilitator,MN,false,,\n"  # 8: fine
        "P-otto,facilitator,MN,true,,\n"  # 9: duplicate of line 8
        "P-otto,administrator,MN,true,,\n"  # 10: administrator below the root
    )
    client = login(personas.admin)
    before = RoleAssignment.objects.count()
    response = _upload(client, text)
    errors = response.context["errors"]
    assert sorted({e.line for e in errors}) == [2, 3, 4, 5, 6, 7, 9, 10]
    assert {e.column for e in errors if e.line == 6} == {"starts_on", "ends_on"}
    body = response.content.decode()
    assert "Nothing was changed" in body and "line 8" in body
    assert RoleAssignment.objects.count() == before
    assert "plan" not in response.context


def test_it_rejects_a_file_that_is_not_utf8(personas, login):
    response = _upload(
        login(personas.admin), (HEADER + "ø@x.no,leader,HF,false,,\n").encode("latin-1")
    )
    assert "not saved as UTF-8" in response.context["errors"][0].message


def test_it_explains_a_semicolon_separated_file(personas, login):
    response = _upload(
        login(personas.admin), HEADER.replace(",", ";") + "erik@vestfjord.test;leader;HF;false;;\n"
    )
    assert "semicolons" in response.context["errors"][0].message


def test_it_names_a_missing_column(personas, login):
    text = (
        "email_or_employee_id,role,unit_code,starts_on,ends_on\nerik@vestfjord.test,leader,HF,,\n"
    )
    errors = _upload(login(personas.admin), text).context["errors"]
    assert [(e.line, e.column) for e in errors] == [(1, "include_subtree")]


def test_it_rejects_a_file_without_data_lines(personas, login):
    errors = _upload(login(personas.admin), HEADER).context["errors"]
    assert "no data lines" in errors[0].message


def test_it_validates_again_on_confirmation_and_applies_nothing_if_things_changed(personas, login):
    client = login(personas.admin)
    confirm = _upload(client, GOOD).context["confirm"]
    personas.outsider.person.left_on = personas.outsider.person.unit.valid_from
    personas.outsider.person.save()
    before = RoleAssignment.objects.count()
    response = client.post(
        reverse("orgs:role_bulk"), {"text": confirm.initial["text"], "file_name": "roles.csv"}
    )
    assert response.status_code == 200 and response.context["errors"][0].line == 3
    assert RoleAssignment.objects.count() == before
    assert not AuditEntry.objects.filter(action="orgs.role.bulk_assign").exists()
