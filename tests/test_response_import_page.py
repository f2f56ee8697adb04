"""The upload page for responses from another tool: administrators preview and confirm;
everybody else is refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from surveys.models import Response, ResponseImportBatch, ResponseImportStatus, SurveyRound
from tests.responsefiles import ROWS, responses_file
from tests.rounds import instrument

pytestmark = pytest.mark.django_db

UPLOAD = reverse("surveys_import:upload")


def _upload(client, file=None, **fields):
    file = file or responses_file()
    data = {
        "instrument": instrument().pk,
        "round_name": "ARK 2024",
        "opens_on": "2024-03-01",
        "closes_on": "2024-03-22",
        "file": SimpleUploadedFile(file.name, file.data, content_type="text/csv"),
        **fields,
    }
    return client.post(UPLOAD, data)


def test_it_shows_the_form_with_labels_and_help(personas, login) -> None:
    instrument()
    body = login(personas.admin).get(UPLOAD).content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert '<label for="id_file">' in body and 'aria-describedby="id_file_helptext"' in body
    assert "mini v1" in body


def test_the_home_page_links_to_it_for_administrators_only(personas, login) -> None:
    assert UPLOAD in login(personas.admin).get(reverse("home")).content.decode()
    assert UPLOAD not in login(personas.hr).get(reverse("home")).content.decode()


def test_it_shows_a_preview_and_imports_on_confirmation(personas, login) -> None:
    client = login(personas.admin)
    response = _upload(client)
    batch = ResponseImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "surveys_import:batch", args=[batch.uid]
    )
    body = client.get(response.url).content.decode()
    assert "4 responses by unit" in body and "Department of Cultural Studies" in body
    assert not SurveyRound.objects.exists()
    response = client.post(reverse("surveys_import:confirm", args=[batch.uid]), follow=True)
    survey = SurveyRound.objects.get()
    assert survey.name == "ARK 2024" and survey.closes_on.isoformat() == "2024-03-22"
    assert Response.objects.filter(round=survey).count() == 4
    batch.refresh_from_db()
    assert batch.status == ResponseImportStatus.APPLIED and batch.survey_round == survey
    assert (
        AuditEntry.objects.filter(action="surveys.import_responses", actor=personas.admin).count()
        == 1
    )
    assert "The responses were imported" in response.content.decode()


def test_it_lists_every_error_and_stores_nothing(personas, login) -> None:
    client = login(personas.admin)
    file = responses_file([*ROWS, "XX,,,,,9,4,4,4,no,", "HF,,,,,4,4,4,4,maybe,"])
    response = _upload(client, file)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    errors = response.context["errors"]
    assert len(errors) == 3
    assert errors[0].startswith("responses.csv line 6: The unit code “XX”")
    assert errors[2].startswith("responses.csv line 7: “maybe” in column “F1”")
    assert not ResponseImportBatch.objects.exists() and not SurveyRound.objects.exists()


def test_it_checks_the_dates(personas, login) -> None:
    response = _upload(login(personas.admin), closes_on="2024-02-01")
    assert response.status_code == 200
    assert "The last day cannot come before the first day." in response.content.decode()
    assert not ResponseImportBatch.objects.exists()


def test_it_refuses_a_confirmation_that_no_longer_fits(personas, login) -> None:
    client = login(personas.admin)
    _upload(client)
    batch = ResponseImportBatch.objects.get()
    SurveyRound.objects.create(
        name="ARK 2024",
        instrument=batch.instrument,
        scope=personas.org.root,
        opens_on=batch.opens_on,
        closes_on=batch.closes_on,
    )
    response = client.post(reverse("surveys_import:confirm", args=[batch.uid]))
    assert response.status_code == 302 and response.url == UPLOAD
    assert not Response.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ResponseImportStatus.DISCARDED


def test_a_batch_is_only_for_the_administrator_who_uploaded_it(personas, login) -> None:
    _upload(login(personas.admin))
    batch = ResponseImportBatch.objects.get()
    batch.uploaded_by = personas.hr
    batch.save()
    assert (
        login(personas.admin).get(reverse("surveys_import:batch", args=[batch.uid])).status_code
        == 404
    )


@pytest.mark.parametrize("persona", ["outsider", "hr", "head", "employee"])
def test_everybody_else_is_denied(personas, login, persona) -> None:
    _upload(login(personas.admin))
    batch = ResponseImportBatch.objects.get()
    client = login(getattr(personas, persona))
    assert client.get(UPLOAD).status_code == 403
    assert _upload(client).status_code == 403
    assert client.get(reverse("surveys_import:batch", args=[batch.uid])).status_code == 403
    assert client.post(reverse("surveys_import:confirm", args=[batch.uid])).status_code == 403
    assert not SurveyRound.objects.exists() and ResponseImportBatch.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_log_in(client) -> None:
    response = client.get(UPLOAD)
    assert response.status_code == 302 and "login" in response.url
