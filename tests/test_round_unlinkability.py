"""DESIGN §3, unlinking: nothing in the schema or the stored rows links a response or a
comment to an invitation or a person, and after close not even the database's own row
bookkeeping (PostgreSQL's xmin and ctid, SQLite's rowid) tells the order of submission."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import connection, models

from orgs.models import Person
from surveys import services
from surveys.models import Comment, Draft, Invitation, Response, SurveyRound
from tests.roundfixtures import add_staff, simulate_submit

ALLOWED = {
    Response: {"id", "round_id", "reporting_unit_id", "background", "answers"},
    Comment: {"id", "round_id", "reporting_unit_id", "question", "text"},
}
SUBMISSIONS = 40


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Response, Comment])
def test_the_schema_has_no_link_to_an_invitation_a_person_or_a_time(model):
    fields = [f for f in model._meta.get_fields() if f.concrete]
    assert {f.attname for f in fields} == ALLOWED[model]
    for field in fields:
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField)
        assert field.related_model not in (Invitation, Person, Draft)
    with connection.cursor() as cursor:
        table = model._meta.db_table
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
        relations = connection.introspection.get_relations(cursor, table)
    assert columns == ALLOWED[model]
    assert set(relations) == {"round_id", "reporting_unit_id"}


@pytest.mark.django_db
def test_invitations_and_drafts_hold_no_times_and_no_response_id():
    for model in (Invitation, Draft):
        for field in model._meta.get_fields():
            assert not isinstance(field, models.DateField | models.DateTimeField)
            assert getattr(field, "related_model", None) not in (Response, Comment)


def _submit_in_order(round_: SurveyRound) -> None:
    """Responses in a known order: answer "W1" cycles, and the comment says its number."""
    invitations = list(Invitation.objects.filter(round=round_).order_by("?")[:SUBMISSIONS])
    for number, invitation in enumerate(invitations):
        simulate_submit(
            invitation,
            answers={"W1": number % 5 + 1, "order": number},
            comment=f"comment {number}",
        )


def _physical(sql: str, round_: SurveyRound) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [round_.pk])
        return list(cursor.fetchall())


@pytest.fixture
def big_round(transactional_db, staffed, make_round, open_now):
    add_staff(staffed.org.culture, 40)
    return open_now(make_round(staffed.org.root))


def _orders(rows: list[tuple]) -> list[int]:
    """The submission number of each row, in physical order (answers JSON or comment text)."""
    values = []
    for _position, data in rows:
        if isinstance(data, str) and data.startswith("comment "):
            values.append(int(data.split()[-1]))
        else:
            values.append(int((json.loads(data) if isinstance(data, str) else data)["order"]))
    return values


def test_after_close_the_physical_order_is_not_the_submission_order(big_round):
    _submit_in_order(big_round)
    services.close_round(actor=None, round=big_round)
    if connection.vendor == "postgresql":
        responses = _physical(
            "SELECT ctid, answers FROM surveys_response WHERE round_id = %s ORDER BY ctid",
            big_round,
        )
        comments = _physical(
            "SELECT ctid, text FROM surveys_comment WHERE round_id = %s ORDER BY ctid", big_round
        )
    else:
        responses = _physical(
            "SELECT rowid, answers FROM surveys_response WHERE round_id = %s ORDER BY rowid",
            big_round,
        )
        comments = _physical(
            "SELECT rowid, text FROM surveys_comment WHERE round_id = %s ORDER BY rowid", big_round
        )
    assert len(responses) == len(comments) == SUBMISSIONS
    assert _orders(responses) != list(range(SUBMISSIONS))
    assert _orders(comments) != list(range(SUBMISSIONS))
    ids = Response.objects.filter(round=big_round).values_list("id", flat=True)
    assert all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL system columns")
def test_on_postgresql_all_rows_share_one_xmin_and_old_versions_are_gone(big_round):
    _submit_in_order(big_round)
    xmin_sql = "SELECT xmin::text FROM {table} WHERE round_id = %s"
    before = _physical(xmin_sql.format(table="surveys_response"), big_round)
    assert len({x for (x,) in before}) == SUBMISSIONS  # one transaction per submission
    filenode_before = _physical(
        "SELECT pg_relation_filenode('surveys_response') WHERE %s IS NOT NULL", big_round
    )
    services.close_round(actor=None, round=big_round)
    for table in ("surveys_response", "surveys_comment"):
        after = _physical(xmin_sql.format(table=table), big_round)
        assert len(after) == SUBMISSIONS
        assert len({x for (x,) in after}) == 1
        assert not {x for (x,) in after} & {x for (x,) in before}
    filenode_after = _physical(
        "SELECT pg_relation_filenode('surveys_response') WHERE %s IS NOT NULL", big_round
    )
    assert filenode_after != filenode_before  # VACUUM FULL rewrote the table's file
