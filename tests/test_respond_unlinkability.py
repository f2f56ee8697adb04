"""After submission nothing links a response or a comment to an invitation or a person
(DESIGN.md §3): the schema has no such column, and the stored rows hold no token, key,
invitation id, time, address, browser, language or leader flag. The draft is gone."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import connection, models
from django.test import Client

from surveys.models import Comment, Draft, Invitation, Response
from surveys.tokens import draft_key, invitation_key
from tests.surveyfactories import open_round

pytestmark = pytest.mark.usefixtures("clean_cache")

FORBIDDEN_NAMES = ("token", "invitation", "person", "time", "date", "created", "updated")
FORBIDDEN_NAMES += ("ip", "address", "agent", "language", "lang", "leader", "session")
AGENT = "Medvirk-Test-Browser/1.0 (a phone)"


def _columns(model: type[models.Model]) -> set[str]:
    return {f.column for f in model._meta.concrete_fields}


@pytest.mark.parametrize(
    ("model", "columns"),
    [
        (Response, {"id", "round_id", "reporting_unit_id", "background", "answers"}),
        (Comment, {"id", "round_id", "reporting_unit_id", "question", "text"}),
        (Draft, {"id", "round_id", "key", "answers", "page"}),
    ],
)
def test_the_schema_has_nothing_that_links_answers_to_people(model, columns):
    assert _columns(model) == columns
    for field in model._meta.concrete_fields:
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField)
        assert field.related_model not in (Invitation, *_people_models())
        if field.name != "id":
            assert not any(word in field.name.split("_") for word in FORBIDDEN_NAMES)
    table_columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), model._meta.db_table
        )
    }
    assert table_columns == columns


def _people_models() -> tuple[type[models.Model], ...]:
    from accounts.models import User
    from orgs.models import Person

    return (Person, User)


def test_response_and_comment_ids_are_random(client, personas):
    survey = open_round(personas.org)
    for person in (personas.employee, personas.head):
        link = survey.invite(person.person)
        client.post(f"/s/{link}/2/", {"a_C1": "3", "a_T1": "Hello", "go": "next"})
        client.post(f"/s/{link}/summary/")
    for model in (Response, Comment):
        ids = list(model.objects.values_list("id", flat=True))
        assert len(ids) == 2 and all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids)


def test_the_stored_rows_hold_nothing_that_identifies_the_respondent(personas):
    survey = open_round(personas.org)
    head = personas.head.person  # a leader: filed under the parent unit, without a flag
    link = survey.invite(head, unit=survey.units["HF"])
    browser = Client(headers={"accept-language": "en", "user-agent": AGENT})
    browser.cookies["django_language"] = "en"
    browser.post(f"/s/{link}/1/", {"a_W1": "5", "a_W2": "1", "go": "next"})
    browser.post(f"/s/{link}/2/", {"a_F1": "no", "a_T1": "Our meetings work well.", "go": "next"})
    assert Draft.objects.count() == 1
    assert browser.post(f"/s/{link}/summary/").status_code == 303

    assert not Draft.objects.exists()
    response = Response.objects.get()
    assert response.reporting_unit == survey.units["HF"]
    assert response.answers == {"W1": 5, "W2": 1, "F1": "no"}
    assert response.background == {
        "position_group": "academic",
        "age_group": "40-49",
        "gender": "woman",
        "employment": "permanent",
    }
    secrets = [link, invitation_key(link), draft_key(link), AGENT, "127.0.0.1", head.email]
    secrets += [head.family_name, head.employee_id, '"en"', "'en'", "leader"]
    for table in (Response._meta.db_table, Comment._meta.db_table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 – a table name, not input
            rows = cursor.fetchall()
        assert len(rows) == 1
        stored = json.dumps([str(v) for v in rows[0]])
        for secret in secrets:
            assert secret not in stored, (table, secret)
    assert Comment.objects.get().text == "Our meetings work well."
