"""Importing responses collected with another survey tool into a new, closed round.

`plan_response_import` checks the file against a questionnaire version and the current
organisation and returns a plan (or the problems that stop it); `apply_response_import` writes
it in one transaction with one audit entry; `run_response_import` does both for the command.
The upload page keeps the file in a ResponseImportBatch between preview and confirmation.

Decisions (docs/response-import.md):
- Unit codes are those of the *current* organisation. The round's scope is the lowest unit
  that holds every unit in the file, and its frozen unit division is today's subtree of that
  unit — so reports of the imported round sit in the same tree as the other rounds.
- How many were invited is unknown: `invited_count` stays 0, so no response rate is shown.
- Rows are stored in random order, and open answers go to Comment rows, as for real responses.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from audit.models import acting_user, record
from lib.orgcsv import CsvFile, Problem
from lib.responsecsv import ParsedResponses, ResponseRow, parse
from orgs.models import OrgUnit
from surveys.models import (
    Comment,
    Instrument,
    Response,
    ResponseImportBatch,
    ResponseImportStatus,
    RoundStatus,
    RoundUnit,
    SurveyRound,
)
from surveys.unit_division import freeze_units, lowest_common_ancestor

_shuffle = random.SystemRandom().shuffle


@dataclass(frozen=True)
class UnitCount:
    code: str
    name: str
    responses: int
    comments: int


@dataclass
class ResponseImportPlan:
    file: str
    instrument: Instrument
    round_name: str
    problems: list[Problem]
    rows: list[ResponseRow] = field(default_factory=list)
    scope: OrgUnit | None = None
    units: list[UnitCount] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def response_count(self) -> int:
        return len(self.rows)

    @property
    def comment_count(self) -> int:
        return sum(len(r.comments) for r in self.rows)


@dataclass(frozen=True)
class ResponseImportResult:
    plan: ResponseImportPlan
    survey: SurveyRound | None  # None on errors and on a dry run


class UnknownInstrument(ValueError):
    """No loaded questionnaire matches CODE[:VERSION]."""


def find_instrument(text: str) -> Instrument:
    """An instrument by "code" (its newest version) or "code:version"."""
    code, _sep, version = text.partition(":")
    instruments = Instrument.objects.filter(code=code.strip())
    if version:
        if not version.strip().isdigit():
            raise UnknownInstrument(text)
        instruments = instruments.filter(version=int(version))
    instrument = instruments.order_by("-version").first()
    if instrument is None:
        raise UnknownInstrument(text)
    return instrument


def plan_response_import(
    *, file: CsvFile, instrument: Instrument, round_name: str
) -> ResponseImportPlan:
    """Check the file and work out the round it would become. Reads only."""
    units = {u.code: u for u in OrgUnit.objects.current()}
    parsed: ParsedResponses = parse(file, instrument.definition, units.keys())
    plan = ResponseImportPlan(file.name, instrument, round_name.strip(), list(parsed.problems))
    if not plan.round_name:
        plan.problems.insert(0, Problem(file.name, 0, gettext_noop("Give the new round a name.")))
    elif SurveyRound.objects.filter(name=plan.round_name).exists():
        plan.problems.insert(
            0,
            Problem(
                file.name,
                0,
                gettext_noop(
                    "A survey round called “%(name)s” already exists. Choose another name."
                ),
                (("name", plan.round_name),),
            ),
        )
    if plan.errors:
        return plan
    plan.rows = parsed.rows
    used = [units[code] for code in sorted({r.unit_code for r in parsed.rows})]
    plan.scope = lowest_common_ancestor(used)
    responses = Counter(r.unit_code for r in plan.rows)
    comments: Counter[str] = Counter()
    for row in plan.rows:
        comments[row.unit_code] += len(row.comments)
    plan.units = [
        UnitCount(u.code, u.name, responses[u.code], comments[u.code])
        for u in sorted(used, key=lambda u: u.path)
    ]
    return plan


def apply_response_import(
    *,
    plan: ResponseImportPlan,
    actor: Any,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> SurveyRound:
    """Create the closed round with its frozen units, responses and comments, in one
    transaction with one audit entry. The questionnaire version is frozen from now on."""
    if plan.errors or plan.scope is None:
        raise ValueError("a response import plan with errors cannot be applied")
    today = timezone.localdate()
    instrument = plan.instrument
    with transaction.atomic():
        survey = SurveyRound.objects.create(
            name=plan.round_name,
            instrument=instrument,
            scope=plan.scope,
            status=RoundStatus.CLOSED,
            languages=list(instrument.definition.languages),
            opens_on=opens_on or today,
            closes_on=closes_on or opens_on or today,
            closed_at=timezone.now(),
            created_by=acting_user(actor),
        )
        frozen = freeze_units(survey, OrgUnit.objects.current().subtree_of(plan.scope))
        _write_rows(survey, plan.rows, frozen)
        if instrument.frozen_at is None:
            Instrument.objects.filter(pk=instrument.pk).update(frozen_at=timezone.now())
        record(
            "surveys.import_responses",
            actor=actor,
            obj=survey,
            data={
                "file": plan.file,
                "instrument": str(instrument),
                "responses": plan.response_count,
                "comments": plan.comment_count,
                "units": len(plan.units),
            },
        )
    return survey


def _write_rows(survey: SurveyRound, rows: list[ResponseRow], frozen: dict[str, RoundUnit]) -> None:
    responses = [
        Response(
            round=survey,
            reporting_unit=frozen[r.unit_code],
            background=r.background,
            answers=r.answers,
        )
        for r in rows
    ]
    comments = [
        Comment(round=survey, reporting_unit=frozen[r.unit_code], question=code, text=text)
        for r in rows
        for code, text in r.comments.items()
    ]
    # Random order: the file's row order must not survive in the tables.
    _shuffle(responses)
    _shuffle(comments)
    Response.objects.bulk_create(responses, batch_size=500)
    Comment.objects.bulk_create(comments, batch_size=500)
    submitted = Counter(r.unit_code for r in rows)
    units = list(frozen.values())
    for unit in units:
        unit.submitted_count = submitted[unit.code]
    RoundUnit.objects.bulk_update(units, ["submitted_count"], batch_size=500)


def run_response_import(
    *,
    file: CsvFile,
    instrument: Instrument,
    round_name: str,
    actor: Any,
    dry_run: bool,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> ResponseImportResult:
    """Plan and, unless this is a dry run or the file has errors, apply — atomically."""
    with transaction.atomic():
        plan = plan_response_import(file=file, instrument=instrument, round_name=round_name)
        if plan.errors or dry_run:
            return ResponseImportResult(plan=plan, survey=None)
        survey = apply_response_import(
            plan=plan, actor=actor, opens_on=opens_on, closes_on=closes_on
        )
        return ResponseImportResult(plan=plan, survey=survey)


# --- the upload page's two steps ------------------------------------------------------------


def _batch_file(batch: ResponseImportBatch) -> CsvFile:
    return CsvFile(batch.file_name, bytes(batch.data))


def upload_responses(
    *,
    file: CsvFile,
    instrument: Instrument,
    round_name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    actor: Any,
) -> tuple[ResponseImportPlan, ResponseImportBatch | None]:
    """Plan the uploaded file; without errors, keep it as a pending batch for the preview.
    A new upload replaces the user's earlier unconfirmed ones."""
    plan = plan_response_import(file=file, instrument=instrument, round_name=round_name)
    if plan.errors:
        return plan, None
    ResponseImportBatch.objects.filter(
        uploaded_by=actor, status=ResponseImportStatus.PENDING
    ).update(status=ResponseImportStatus.DISCARDED)
    batch = ResponseImportBatch.objects.create(
        file_name=file.name,
        data=file.data,
        instrument=instrument,
        round_name=plan.round_name,
        opens_on=opens_on,
        closes_on=closes_on,
        uploaded_by=actor,
    )
    return plan, batch


def preview_batch(*, batch: ResponseImportBatch) -> ResponseImportPlan:
    return plan_response_import(
        file=_batch_file(batch), instrument=batch.instrument, round_name=batch.round_name
    )


class StaleResponseImport(Exception):
    """The batch was handled already, or the file no longer fits (units or round names
    changed since the preview)."""


def confirm_batch(*, batch: ResponseImportBatch, actor: Any) -> SurveyRound:
    """Import a previewed batch, or raise StaleResponseImport."""
    with transaction.atomic():
        batch = ResponseImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ResponseImportStatus.PENDING:
            raise StaleResponseImport
        plan = preview_batch(batch=batch)
        if plan.errors:
            batch.status = ResponseImportStatus.DISCARDED
            batch.save(update_fields=["status"])
            survey = None
        else:
            survey = apply_response_import(
                plan=plan, actor=actor, opens_on=batch.opens_on, closes_on=batch.closes_on
            )
            batch.status = ResponseImportStatus.APPLIED
            batch.survey_round = survey
            batch.summary = {
                "responses": plan.response_count,
                "comments": plan.comment_count,
                "units": len(plan.units),
            }
            batch.save(update_fields=["status", "survey_round", "summary"])
    if survey is None:
        raise StaleResponseImport
    return survey
