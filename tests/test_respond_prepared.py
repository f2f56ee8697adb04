"""On PostgreSQL the respondent pages' statements are prepared on their connection after a
few runs (respond/services.py, `prepare_threshold` in settings.py), while the ORM keeps
binding parameters client-side and prepares nothing."""

from __future__ import annotations

import pytest
from django.db import connection

from surveys.models import Invitation, Response
from tests.surveyfactories import open_round

pytestmark = [
    pytest.mark.usefixtures("clean_cache"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
    ),
]


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_it_prepares_the_respondent_statements_and_answers_the_same(client, personas):
    survey = open_round(personas.org)
    people = (personas.employee, personas.safety_rep, personas.facilitator)
    links = [survey.invite(user.person) for user in people]
    for link in links:  # each statement runs three times: prepared on the third run
        assert client.get(f"/s/{link}/").status_code == 200
        for number in (1, 2):
            posted = client.post(f"/s/{link}/{number}/", {"a_W1": "4", "go": "next"})
            assert posted.status_code == 302
        assert client.post(f"/s/{link}/summary/").status_code == 303
    assert client.get(f"/s/{links[0]}/").status_code == 200  # "already answered"
    prepared = _prepared()
    assert any("LEFT JOIN surveys_invitation" in statement for statement in prepared)
    assert any("ON CONFLICT (key) DO UPDATE" in statement for statement in prepared)
    assert list(Invitation.objects.values_list("status", flat=True)) == ["submitted"] * 3
    assert [r.answers for r in Response.objects.all()] == [{"W1": 4}] * 3


def test_the_orm_prepares_nothing(personas):
    before = _prepared()
    for _ in range(5):
        list(Invitation.objects.filter(status="invited").values_list("id", flat=True))
    assert _prepared() == before
