"""POST /imports: run an organisation import with the same checks as the upload page."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from api.schemas import Error
from lib.orgcsv import CsvFile
from orgs import policy, services

router = Router(tags=["imports"])


class ProblemOut(Schema):
    file: str
    line: int
    message: str


class ChangeOut(Schema):
    key: str
    name: str
    before: str
    after: str


class ImportOut(Schema):
    applied: bool
    dry_run: bool
    errors: list[ProblemOut]
    warnings: list[ProblemOut]
    counts: dict[str, int]
    changes: dict[str, list[ChangeOut]]


def _csv(upload: UploadedFile | None) -> CsvFile | None:
    return None if upload is None else CsvFile(upload.name or "upload.csv", upload.read())


@router.post("/imports", response={200: ImportOut, 401: Error, 403: Error, 422: ImportOut})
def run_import(
    request: HttpRequest,
    units: File[UploadedFile],
    people: File[UploadedFile] | None = None,
    dry_run: Form[bool] = False,
) -> Status:
    """Import units (and optionally people) from CSV files in the documented format. Any error
    imports nothing and answers 422 with every problem by file and line; `dry_run` only
    reports what would change."""
    if not policy.can(request.user, "orgs.import"):
        raise HttpError(403, "Only administrators of the whole organisation may import.")
    units_file = _csv(units)
    assert units_file is not None
    result = services.run_import(
        units=units_file, people=_csv(people), actor=request.user, dry_run=dry_run
    )
    plan = result.plan

    def problems(items: list[Any]) -> list[dict[str, Any]]:
        return [{"file": p.file, "line": p.line, "message": p.render(str)} for p in items]

    body = {
        "applied": result.summary is not None,
        "dry_run": dry_run,
        "errors": problems(plan.errors),
        "warnings": problems(plan.warnings),
        "counts": plan.counts(),
        "changes": {
            name: [vars(change) for change in getattr(plan, name)] for name in plan.CHANGE_LISTS
        },
    }
    return Status(422 if plan.errors else 200, body)
