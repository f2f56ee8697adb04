"""E-mail to team members: invitations with personal links and calendar files. Called from
services inside `transaction.on_commit`, so nothing is sent for a rolled-back change."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lib import ics
from orgs import languages
from teams import clock
from teams.models import SessionStatus, Team, TeamMember, TeamSession


def link_url(raw: str) -> str:
    return settings.SITE_URL + reverse("teams:link", args=[raw])


def session_event(session: TeamSession) -> ics.Event:
    team = session.team
    return ics.Event(
        uid=f"{session.uid}@medvirk",
        sequence=session.sequence,
        start=session.starts_at,
        end=session.ends_at,
        summary=_("%(kind)s: %(team)s") % {"kind": session.get_kind_display(), "team": team.name},
        description=_(
            "Start Smart session of the team %(team)s. Open your personal link from the e-mail."
        )
        % {"team": team.name},
        location=session.location,
        cancelled=session.status == SessionStatus.CANCELLED,
    )


def calendar_file(session: TeamSession) -> str:
    return ics.calendar(session_event(session), stamp=clock.now())


def send_to_member(
    *, member: TeamMember, raw: str, template: str, session: TeamSession | None = None
) -> None:
    """Send one member an e-mail (`teams/mail/<template>.txt`, first line the subject) with
    their personal link, and the session's calendar file when there is one, in the member's
    language where it is known (orgs/languages.py), else the sender's."""
    team: Team = member.team
    context = {"member": member, "team": team, "session": session, "link": link_url(raw)}
    # In the language of the person with the member's address, else the sender's.
    with translation.override(languages.of_address(member.email, fallback=languages.current())):
        subject, body = render_to_string(f"teams/mail/{template}.txt", context).split("\n", 1)
        message = EmailMessage(subject.strip(), body.lstrip("\n"), to=[member.email])
        if session is not None:
            method = "CANCEL" if session.status == SessionStatus.CANCELLED else "PUBLISH"
            message.attach(
                "start-smart.ics",
                calendar_file(session),
                f"text/calendar; method={method}; charset=UTF-8",
            )
    message.send()
