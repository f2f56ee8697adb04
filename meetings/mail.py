"""Meeting e-mails with a calendar file (lib/ics.py): the invitation, an update when the
meeting moves (same UID, higher SEQUENCE, so calendars replace the event) and the
cancellation (METHOD:CANCEL); and, after the meeting, the link to the anonymous feedback
page (the same link for everybody, no calendar). Sent by a background task
(meetings/tasks.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lib import ics
from meetings.models import Meeting
from orgs import languages
from orgs.models import Person

KINDS = ("invitation", "update", "cancellation", "feedback")


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("meetings:detail", args=[meeting.uid])


def feedback_url(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("feedback:give", args=[meeting.feedback_code])


def event(meeting: Meeting, *, cancelled: bool = False) -> ics.Event:
    lines = [
        f"{timezone.localtime(row.starts_at):%H:%M} {row.item.title}"
        for row in meeting.agenda().rows
    ]
    description = "\n".join([meeting.unit.name, "", *lines, "", meeting_url(meeting)]).strip()
    location = ", ".join(part for part in (meeting.place, meeting.video_link) if part)
    return ics.Event(
        uid=f"{meeting.uid}@medvirk",
        sequence=meeting.sequence,
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=meeting.title,
        description=description,
        location=location,
        url=meeting.video_link,
        cancelled=cancelled,
    )


def calendar_file(meeting: Meeting, *, cancelled: bool = False) -> str:
    return ics.calendar(event(meeting, cancelled=cancelled), stamp=timezone.now())


def build(meeting: Meeting, person: Person, kind: str) -> EmailMessage:
    """One e-mail (`meetings/mail/<kind>.txt`, first line the subject) with the calendar."""
    cancelled = kind == "cancellation"
    context = {
        "meeting": meeting,
        "person": person,
        "agenda": meeting.agenda(),
        "link": meeting_url(meeting),
    }
    if kind == "feedback":
        context["feedback_link"] = feedback_url(meeting)
    subject, body = render_to_string(f"meetings/mail/{kind}.txt", context).split("\n", 1)
    message = EmailMessage(subject.strip(), body.lstrip("\n"), to=[person.email])
    if kind == "feedback":
        return message
    method = "CANCEL" if cancelled else "PUBLISH"
    message.attach(
        _("meeting.ics"),
        calendar_file(meeting, cancelled=cancelled),
        f"text/calendar; method={method}; charset=UTF-8",
    )
    return message


def send(*, meeting_id: int, person_ids: list[int], kind: str, language: str) -> int:
    """Send `kind` to the participants over one connection, each in their own language or,
    where it is not known, in `language` (the sender's); return how many went out."""
    if kind not in KINDS:
        raise ValueError(f"unknown meeting e-mail {kind!r}")
    meeting = Meeting.objects.with_people().get(pk=meeting_id)
    people = Person.objects.filter(pk__in=person_ids).order_by("pk")
    messages = []
    for person in people:  # each in their own language, else the sender's (orgs/languages.py)
        with translation.override(languages.of(person, fallback=language)):
            messages.append(build(meeting, person, kind))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
