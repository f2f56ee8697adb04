"""Saving a page of answers and submitting a questionnaire (DESIGN.md §3).

Nothing here writes an audit entry, a log line or a time: an audit trail of who submitted
when is exactly what the anonymity rules forbid."""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from typing import Any

from django.db import IntegrityError, transaction

from lib.instrument import Instrument
from surveys.models import (
    Comment,
    Draft,
    Invitation,
    InvitationStatus,
    Response,
    SurveyRound,
)
from surveys.tokens import draft_key, invitation_key


class Outcome(enum.StrEnum):
    SUBMITTED = "submitted"
    ALREADY = "already"  # submitted before: by a double click, a retry or a second tab
    CLOSED = "closed"
    INVALID = "invalid"


# What the respondent pages read: fewer columns, fewer conversions on every request.
_VISIT_FIELDS = (
    "status",
    "reporting_unit_id",
    "round__status",
    "round__thresholds",
    "round__extra_items",
    "round__opens_on",
    "round__instrument__sha256",
)


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link belongs to, with its round, in one query (the instrument's YAML
    is not read: the parsed questionnaire is cached per process)."""
    try:  # get(), not first(): no ORDER BY on this hot path
        return (
            Invitation.objects.select_related("round__instrument")
            .only(*_VISIT_FIELDS)
            .get(token_hash=invitation_key(token))
        )
    except Invitation.DoesNotExist:
        return None


def saved_answers(*, survey_round: SurveyRound, token: str) -> tuple[dict[str, Any], int]:
    """The answers saved so far and the furthest page reached (0 before the first save)."""
    found = Draft.objects.filter(round=survey_round, key=draft_key(token)).values_list(
        "answers", "page"
    )
    for answers, page in found:
        return dict(answers), page
    return {}, 0


def save_page(
    *,
    invitation: Invitation,
    token: str,
    answers: Mapping[str, Any],
    cleared: Collection[str],
    reached: int,
) -> dict[str, Any]:
    """Merge one page's answers into the draft (under the draft key, never the invitation's)
    and mark the invitation started. Two tabs saving at once both keep their answers: the
    draft row is locked while it is merged. Returns every answer saved so far."""
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
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(key=key).only("answers", "page")
        saved = next(iter(draft), None)
        merged = {k: v for k, v in (saved.answers if saved else {}).items() if k not in cleared}
        merged.update(answers)
        if saved is None:
            Draft.objects.create(round=invitation.round, key=key, answers=merged, page=reached)
        else:
            saved.answers = merged
            saved.page = max(saved.page, reached)
            saved.save(update_fields=["answers", "page"])
        if invitation.status == InvitationStatus.INVITED:
            Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.INVITED).update(
                status=InvitationStatus.STARTED
            )
    return merged


def submit(*, token: str, questionnaire: Instrument) -> Outcome:
    """Turn the draft into one anonymous response, all or nothing, at most once.

    The invitation row is locked first (`select_for_update`; SQLite serialises writers
    through the IMMEDIATE transaction mode), so of two concurrent submits — a double click,
    a retry after a timeout, a second tab — the second waits and then finds "submitted".
    The response gets a random id and no token, invitation id, time or language; every
    non-empty free-text answer becomes a separate comment row with its own random id; the
    draft is deleted. The caller shows the receipt only after this returns, i.e. after
    the commit."""
    with transaction.atomic():
        try:
            invitation = (
                Invitation.objects.select_for_update(of=("self",))
                .select_related("round")
                .get(token_hash=invitation_key(token))
            )
        except Invitation.DoesNotExist:
            return Outcome.INVALID
        if invitation.status == InvitationStatus.SUBMITTED:
            return Outcome.ALREADY
        if not invitation.round.is_open:
            return Outcome.CLOSED
        key = draft_key(token)
        saved = Draft.objects.filter(round=invitation.round, key=key).values_list("answers")
        draft = next(iter(saved), None)
        answers, comments = _split(questionnaire, draft[0] if draft else {})
        Response.objects.create(
            round=invitation.round,
            reporting_unit_id=invitation.reporting_unit_id,
            background=invitation.background,
            answers=answers,
        )
        if comments:
            Comment.objects.bulk_create(
                Comment(
                    round=invitation.round,
                    reporting_unit_id=invitation.reporting_unit_id,
                    question=code,
                    text=text,
                )
                for code, text in comments
            )
        Invitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.SUBMITTED)
        if draft is not None:
            Draft.objects.filter(round=invitation.round, key=key).delete()
    return Outcome.SUBMITTED


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
