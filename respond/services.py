"""Saving a page of answers and submitting a questionnaire (DESIGN.md §3).

Nothing here writes an audit entry, a log line or a time: an audit trail of who submitted
when is exactly what the anonymity rules forbid."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, models, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from lib.instrument import Instrument
from respond import guessing
from surveys.models import (
    Comment,
    Draft,
    Invitation,
    InvitationStatus,
    Response,
    RoundStatus,
    SurveyRound,
)
from surveys.models import Instrument as InstrumentRow
from surveys.tokens import draft_key, invitation_key

M = TypeVar("M", bound=models.Model)


class Outcome(enum.StrEnum):
    SUBMITTED = "submitted"
    ALREADY = "already"  # submitted before: by a double click, a retry or a second tab
    CLOSED = "closed"
    INVALID = "invalid"


@dataclass(frozen=True)
class Saved:
    """A draft as read with its invitation: the answers so far and the furthest page reached
    (no draft yet: no answers, page 0)."""

    answers: dict[str, Any]
    page: int


# Every respondent request runs these statements, so they are written out in SQL: building
# them with the ORM cost several times the CPU of running them (docs/benchmarks.md). They
# use only the columns named here and plain, portable SQL; row locks where the database has
# them (SQLite serialises writers through its IMMEDIATE transactions instead).

# In one query: whether the request's address is blocked for guessing links
# (respond/guessing.py), the invitation a link belongs to, its round and instrument hash
# (the YAML is parsed once per process), and the draft saved under the link's second key.
# It returns one row whether or not the link is valid, so a blocked address is answered
# the same way, and as fast, for valid and invalid links.
_VISIT = """
    SELECT g.until,
           i.id, i.round_id, i.reporting_unit_id, i.status, i.background,
           r.instrument_id, r.status, r.thresholds, r.extra_items, s.sha256,
           d.answers, d.page, r.closes_on
    FROM (SELECT 1) AS one
    LEFT JOIN respond_guesscounter g ON g.key = %s AND g.failures >= %s AND g.until > %s
    LEFT JOIN surveys_invitation i ON i.token_hash = %s
    LEFT JOIN surveys_surveyround r ON r.id = i.round_id
    LEFT JOIN surveys_instrument s ON s.id = r.instrument_id
    LEFT JOIN surveys_draft d ON d.key = %s AND d.round_id = i.round_id
"""
_LOCK_DRAFT = {
    True: "SELECT id, answers, page FROM surveys_draft WHERE key = %s FOR UPDATE",
    False: "SELECT id, answers, page FROM surveys_draft WHERE key = %s",
}
# PostgreSQL merges a page into the draft in one statement: the row is locked by the upsert,
# the cleared answers are removed (`-`) and the page's answers replace or add keys (`||`),
# as the dictionary merge below does.
_MERGE_DRAFT_POSTGRESQL = """
    INSERT INTO surveys_draft (round_id, key, answers, page) VALUES (%s, %s, %s, %s)
    ON CONFLICT (key) DO UPDATE SET
        answers = (surveys_draft.answers - %s::text[]) || EXCLUDED.answers,
        page = GREATEST(surveys_draft.page, EXCLUDED.page)
    RETURNING answers
"""
# The same, marking the invitation started in the same statement (on the first save).
_START_AND_MERGE_DRAFT_POSTGRESQL = """
    WITH started AS (UPDATE surveys_invitation SET status = %s WHERE id = %s AND status = %s)
    INSERT INTO surveys_draft (round_id, key, answers, page) VALUES (%s, %s, %s, %s)
    ON CONFLICT (key) DO UPDATE SET
        answers = (surveys_draft.answers - %s::text[]) || EXCLUDED.answers,
        page = GREATEST(surveys_draft.page, EXCLUDED.page)
    RETURNING answers
"""
_INSERT_DRAFT = "INSERT INTO surveys_draft (round_id, key, answers, page) VALUES (%s, %s, %s, %s)"
_UPDATE_DRAFT = "UPDATE surveys_draft SET answers = %s, page = %s WHERE id = %s"
_MARK_STARTED = "UPDATE surveys_invitation SET status = %s WHERE id = %s AND status = %s"
_LOCK_INVITATION = {
    True: """
        SELECT i.id, i.round_id, i.reporting_unit_id, i.status, i.background, r.status,
               r.closes_on
        FROM surveys_invitation i JOIN surveys_surveyround r ON r.id = i.round_id
        WHERE i.token_hash = %s FOR UPDATE OF i
    """,
    False: """
        SELECT i.id, i.round_id, i.reporting_unit_id, i.status, i.background, r.status,
               r.closes_on
        FROM surveys_invitation i JOIN surveys_surveyround r ON r.id = i.round_id
        WHERE i.token_hash = %s
    """,
}
# PostgreSQL claims an open invitation (locks, checks and marks it submitted) and takes its
# draft (its answers, and deleting it) in one statement.
_CLAIM_AND_TAKE_DRAFT_POSTGRESQL = """
    WITH claimed AS (
        UPDATE surveys_invitation i SET status = %s
        FROM surveys_surveyround r
        WHERE i.token_hash = %s AND i.status <> %s AND r.id = i.round_id AND r.status = %s
          AND r.closes_on >= %s
        RETURNING i.round_id, i.reporting_unit_id, i.background
    ), taken AS (
        DELETE FROM surveys_draft d USING claimed c
        WHERE d.key = %s AND d.round_id = c.round_id
        RETURNING d.answers
    )
    SELECT c.round_id, c.reporting_unit_id, c.background, (SELECT answers FROM taken)
    FROM claimed c
"""
_READ_DRAFT = "SELECT id, answers FROM surveys_draft WHERE key = %s AND round_id = %s"
_INSERT_RESPONSE = """
    INSERT INTO surveys_response (id, round_id, reporting_unit_id, background, answers)
    VALUES (%s, %s, %s, %s, %s)
"""
_INSERT_COMMENT = """
    INSERT INTO surveys_comment (id, round_id, reporting_unit_id, question, text)
    VALUES (%s, %s, %s, %s, %s)
"""
# PostgreSQL inserts the response and its comments in one statement.
_INSERT_RESPONSE_AND_COMMENTS_POSTGRESQL = """
    WITH response AS ({response})
    INSERT INTO surveys_comment (id, round_id, reporting_unit_id, question, text) VALUES {rows}
"""
_MARK_SUBMITTED = "UPDATE surveys_invitation SET status = %s WHERE id = %s"
_DELETE_DRAFT = "DELETE FROM surveys_draft WHERE id = %s"


@dataclass(frozen=True)
class Lookup:
    """What a respondent request finds: the end of the address's guessing block (None when
    it is not blocked), the link's invitation (None for an unknown link) with its round, and
    the draft saved so far."""

    blocked_until: float | None
    invitation: Invitation | None
    saved: Saved


def find_invitation(token: str, *, address_key: str) -> Lookup:
    """The guessing block of the address `address_key` stands for (`respond.guessing.key`),
    the invitation a link belongs to, with its round (and the round's instrument id and
    hash; other columns are deferred), and the draft saved so far, in one query."""
    guessed: list[Any] = [address_key, guessing.LIMIT, time.time()]
    with _cursor() as cursor:
        cursor.execute(_VISIT, [*guessed, invitation_key(token), draft_key(token)])
        blocked_until, pk, round_id, unit_id, status, background, *row = cursor.fetchone()
    if blocked_until is not None or pk is None:
        return Lookup(blocked_until, None, Saved({}, 0))
    instrument_id, round_status, thresholds, extra_items, sha256, answers, page, closes_on = row
    invitation = _loaded(
        Invitation,
        id=pk,
        round_id=round_id,
        reporting_unit_id=unit_id,
        status=status,
        background=_json(background),
    )
    invitation.round = _loaded(
        SurveyRound,
        id=round_id,
        instrument_id=instrument_id,
        status=round_status,
        thresholds=_json(thresholds),
        extra_items=_json(extra_items),
        closes_on=_date(closes_on),
    )
    invitation.round.instrument = _loaded(InstrumentRow, id=instrument_id, sha256=sha256)
    return Lookup(None, invitation, Saved(dict(_json(answers) or {}), page or 0))


def save_page(
    *,
    invitation: Invitation,
    token: str,
    answers: Mapping[str, Any],
    cleared: Collection[str],
    reached: int,
) -> dict[str, Any]:
    """Merge one page's answers into the draft (under the draft key, never the invitation's)
    and mark the invitation started if it was not yet. Two tabs saving at once both keep
    their answers: the draft row is locked while it is merged. Returns every answer saved
    so far."""
    try:
        return _save_page(invitation, draft_key(token), answers, cleared, reached)
    except IntegrityError:  # another tab created the draft first: merge into theirs
        return _save_page(invitation, draft_key(token), answers, cleared, reached)


def _save_page(
    invitation: Invitation,
    key: str,
    answers: Mapping[str, Any],
    cleared: Collection[str],
    reached: int,
) -> dict[str, Any]:
    if connection.vendor == "postgresql":
        return _merge_page(invitation, key, answers, cleared, reached)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_LOCK_DRAFT[connection.features.has_select_for_update], [key])
        saved = cursor.fetchone()
        merged = {k: v for k, v in (_json(saved[1]) if saved else {}).items() if k not in cleared}
        merged.update(answers)
        stored = _prep(Draft, "answers", merged)
        if saved is None:
            cursor.execute(_INSERT_DRAFT, [invitation.round_id, key, stored, reached])
        else:
            cursor.execute(_UPDATE_DRAFT, [stored, max(saved[2], reached), saved[0]])
        if invitation.status == InvitationStatus.INVITED:
            started, invited = InvitationStatus.STARTED, InvitationStatus.INVITED
            cursor.execute(_MARK_STARTED, [started, invitation.pk, invited])
    return merged


def _merge_page(
    invitation: Invitation,
    key: str,
    answers: Mapping[str, Any],
    cleared: Collection[str],
    reached: int,
) -> dict[str, Any]:
    """`_save_page` in one statement on PostgreSQL (one statement, one transaction)."""
    stored = _prep(Draft, "answers", dict(answers))
    merge: list[Any] = [invitation.round_id, key, stored, reached, list(cleared)]
    with _cursor() as cursor:
        if invitation.status == InvitationStatus.INVITED:
            started: list[Any] = [InvitationStatus.STARTED, invitation.pk, InvitationStatus.INVITED]
            cursor.execute(_START_AND_MERGE_DRAFT_POSTGRESQL, started + merge)
        else:
            cursor.execute(_MERGE_DRAFT_POSTGRESQL, merge)
        return dict(_json(cursor.fetchone()[0]))


def submit(*, token: str, questionnaire: Instrument) -> Outcome:
    """Turn the draft into one anonymous response, all or nothing, at most once.

    The invitation row is locked first (`_claim`; SQLite serialises writers through the
    IMMEDIATE transaction mode), so of two concurrent submits — a double click, a retry
    after a timeout, a second tab — the second waits and then finds "submitted"; closing a
    round waits for submits in flight the same way. The response gets a random id and no
    token, invitation id, time or language; every non-empty free-text answer becomes a
    separate comment row with its own random id; the draft is deleted. The caller shows the
    receipt only after this returns, i.e. after the commit."""
    with transaction.atomic(), _cursor() as cursor:
        claimed = _claim(cursor, token)
        if isinstance(claimed, Outcome):
            return claimed
        round_id, unit_id, background, draft = claimed
        answers, comments = _split(questionnaire, draft)
        response = [
            _prep(Response, "id", Response._meta.pk.get_default()),  # type: ignore[union-attr]
            round_id,
            unit_id,
            _prep(Response, "background", _json(background)),
            _prep(Response, "answers", answers),
        ]
        comment_id = Comment._meta.pk.get_default  # type: ignore[union-attr]
        rows = [
            [_prep(Comment, "id", comment_id()), round_id, unit_id, question, text]
            for question, text in comments
        ]
        _insert(cursor, response, rows)
    return Outcome.SUBMITTED


def _claim(cursor: CursorWrapper, token: str) -> tuple[int, int, Any, dict[str, Any]] | Outcome:
    """Mark the link's invitation submitted, holding its row lock to the end of the
    transaction, take its draft (deleted; its answers returned) and return its round,
    reporting unit, background and draft answers; or the outcome that says why not. On
    PostgreSQL one statement locks, checks, marks and takes the draft; it finds no row when
    the invitation is unknown, already submitted (also when a concurrent submit got there
    first: the UPDATE waits for it and checks again) or its round is not open, and the
    locking SELECT below then tells which."""
    key = invitation_key(token)
    submitted, open_ = InvitationStatus.SUBMITTED, RoundStatus.OPEN
    today = timezone.localdate()  # past the closing date counts as closed (accepts_responses)
    if connection.vendor == "postgresql":
        claim: list[Any] = [submitted, key, submitted, open_, today, draft_key(token)]
        cursor.execute(_CLAIM_AND_TAKE_DRAFT_POSTGRESQL, claim)
        claimed = cursor.fetchone()
        if claimed is not None:
            return claimed[0], claimed[1], claimed[2], dict(_json(claimed[3]) or {})
    cursor.execute(_LOCK_INVITATION[connection.features.has_select_for_update_of], [key])
    found = cursor.fetchone()
    if found is None:
        return Outcome.INVALID
    pk, round_id, unit_id, status, background, round_status, closes_on = found
    if status == submitted:
        return Outcome.ALREADY
    if round_status != open_ or _date(closes_on) < today:
        return Outcome.CLOSED
    cursor.execute(_MARK_SUBMITTED, [submitted, pk])
    return round_id, unit_id, background, _take_draft(cursor, draft_key(token), round_id)


def _insert(cursor: CursorWrapper, response: list[Any], comments: list[list[Any]]) -> None:
    """Insert the response and its comment rows (one statement on PostgreSQL)."""
    if connection.vendor == "postgresql" and comments:
        sql = _response_and_comments_sql(len(comments))
        values: list[Any] = [*response, *(value for row in comments for value in row)]
        cursor.execute(sql, values)
        return
    cursor.execute(_INSERT_RESPONSE, response)
    for row in comments:
        cursor.execute(_INSERT_COMMENT, row)


@functools.lru_cache(maxsize=16)
def _response_and_comments_sql(comments: int) -> str:
    rows = ", ".join(["(%s, %s, %s, %s, %s)"] * comments)
    return _INSERT_RESPONSE_AND_COMMENTS_POSTGRESQL.format(response=_INSERT_RESPONSE, rows=rows)


def _take_draft(cursor: CursorWrapper, key: str, round_id: int) -> dict[str, Any]:
    """Delete the draft and return its answers (none if there was no draft). PostgreSQL
    takes it with the claim (`_CLAIM_AND_TAKE_DRAFT_POSTGRESQL`) and comes here only when
    that statement found nothing to claim."""
    cursor.execute(_READ_DRAFT, [key, round_id])
    draft = cursor.fetchone()
    if draft is None:
        return {}
    cursor.execute(_DELETE_DRAFT, [draft[0]])
    return dict(_json(draft[1]))


def _cursor() -> CursorWrapper:
    """A cursor for the statements above, as `connection.cursor()` makes it (errors wrapped,
    queries logged when debugging); on PostgreSQL one that binds parameters on the server,
    so psycopg prepares each statement once it has run `prepare_threshold` times on the
    connection (settings.py): PostgreSQL then no longer parses and plans it per request.
    The ORM elsewhere keeps Django's client-side binding."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql import base

    binding = base.ServerBindingCursor  # type: ignore[attr-defined]  # (psycopg 3 only)

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(binding(connection.connection))  # type: ignore[attr-defined]


def _loaded(model: type[M], **values: Any) -> M:
    """A model instance as the ORM would load it with `only(*values)`: the other columns
    are deferred (read on first access)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


def _date(value: Any) -> dt.date:
    """A date column as read with a cursor: text on SQLite, a date on PostgreSQL."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _json(value: Any) -> Any:
    """A JSON column as read with a cursor: text on SQLite and (as Django sets it up) on
    PostgreSQL, where the ORM would decode it in `JSONField.from_db_value`."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def _prep(model: type[models.Model], name: str, value: Any) -> Any:
    """`value` as the ORM would send it to the database for this field."""
    return model._meta.get_field(name).get_db_prep_save(value, connection)  # type: ignore[union-attr]


def _split(
    questionnaire: Instrument, saved: Mapping[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Answers for the response and (question, text) pairs for comments, validated again:
    a draft saved under an earlier definition may hold codes or values that no longer fit."""
    answers: dict[str, Any] = {}
    comments: list[tuple[str, str]] = []
    for section in questionnaire.sections:
        for question in section.questions:
            if question.code not in saved:
                continue
            try:
                value = questionnaire.validate_answer(question.code, saved[question.code])
            except ValueError:
                continue
            if question.kind == "text":
                if value:
                    comments.append((question.code, value))
            elif value != []:
                answers[question.code] = value
    return answers, comments
