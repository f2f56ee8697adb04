"""GET /meetings and /meetings/{uid}: the meetings of the cycle in the units the token's
owner may see ("meetings.view"), with their agenda and participants."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

import datetime as dt
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from api.schemas import Error
from meetings.models import Meeting, MeetingQuerySet
from orgs import policy

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    uid: UUID
    unit_code: str
    round_uid: UUID | None
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    video_link: str
    status: str
    sequence: int

    @staticmethod
    def resolve_unit_code(obj: Meeting) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_round_uid(obj: Meeting) -> UUID | None:
        return obj.round.uid if obj.round else None


class AgendaItemOut(Schema):
    starts_at: dt.datetime
    title: str
    minutes: int
    method_code: str | None
    notes: str


class MeetingDetailOut(MeetingOut):
    notes: str
    meeting_leader: str | None
    presenter: str | None
    note_taker: str | None
    documented_by: str | None
    participants: list[str]
    agenda: list[AgendaItemOut]

    @staticmethod
    def resolve_meeting_leader(obj: Meeting) -> str | None:
        return obj.meeting_leader.email if obj.meeting_leader else None

    @staticmethod
    def resolve_presenter(obj: Meeting) -> str | None:
        return obj.presenter.email if obj.presenter else None

    @staticmethod
    def resolve_note_taker(obj: Meeting) -> str | None:
        return obj.note_taker.email if obj.note_taker else None

    @staticmethod
    def resolve_documented_by(obj: Meeting) -> str | None:
        return obj.documented_by.email if obj.documented_by else None

    @staticmethod
    def resolve_participants(obj: Meeting) -> list[str]:
        return sorted(p.person.email for p in obj.participants.select_related("person"))

    @staticmethod
    def resolve_agenda(obj: Meeting) -> list[dict]:
        return [
            {
                "starts_at": row.starts_at,
                "title": row.item.title,
                "minutes": row.item.minutes,
                "method_code": row.item.method.code if row.item.method else None,
                "notes": row.item.notes,
            }
            for row in obj.agenda().rows
        ]


def _in_scope(request: HttpRequest) -> MeetingQuerySet:
    if not policy.can(request.user, "meetings.view"):
        raise HttpError(403, "You may not see meetings.")
    units = policy.units_for(request.user, "meetings.view")
    return Meeting.objects.with_people().filter(unit__in=units)


@router.get("/meetings", response={200: list[MeetingOut], 401: Error, 403: Error})
@paginate(LimitOffsetPagination)
def list_meetings(
    request: HttpRequest, unit: str = "", since: dt.date | None = None
) -> MeetingQuerySet:
    """Meetings of the units in scope, by start time; `unit` narrows to one unit code (not
    its sub-units), `since` to meetings starting on or after a date."""
    meetings = _in_scope(request)
    if unit:
        meetings = meetings.filter(unit__code=unit, unit__valid_to__isnull=True)
    if since:
        meetings = meetings.filter(starts_at__date__gte=since)
    return meetings.order_by("starts_at", "pk")


@router.get("/meetings/{uid}", response={200: MeetingDetailOut, 401: Error, 403: Error, 404: Error})
def get_meeting(request: HttpRequest, uid: UUID) -> Meeting:
    """One meeting with its roles, participants (e-mail addresses), agenda and notes."""
    found = Meeting.objects.with_people().filter(uid=uid).first()
    if found is None:
        raise HttpError(404, "No meeting has this id.")
    if not policy.can(request.user, "meetings.view", found.unit):
        raise HttpError(403, "This meeting is outside your scope.")
    return found
