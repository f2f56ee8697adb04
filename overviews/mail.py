"""E-mail along the roll-up: the recipient of a sent overview (the leader above, or HR), the
dean or director when HR sends the compilation, and the leader of a unit whose escalated
measure was decided. Called by services inside `transaction.on_commit`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from orgs import languages
from orgs.models import OrgUnit, Person, Role, RoleAssignment
from progress.reminders import people_with_roles


def holders(unit: OrgUnit, roles: tuple[str, ...], *, above: bool = False) -> list[Person]:
    """Active people with an e-mail address holding one of `roles` on `unit` (and, with
    `above`, on a unit above it that includes its subtree)."""
    if not above:
        return people_with_roles(unit, roles)
    where = Q(unit=unit) | Q(unit_id__in=unit.ancestor_ids, include_subtree=True)
    ids = RoleAssignment.objects.active().filter(where, role__in=roles).values("person_id")
    return list(
        Person.objects.filter(pk__in=ids, left_on__isnull=True).exclude(email="").order_by("pk")
    )


def send(template: str, people: list[Person], context: dict[str, Any], path: str) -> int:
    """Send `overviews/mail/<template>.txt` (first line the subject) to each person, in their
    own language or, where it is not known, the sender's."""
    sent = 0
    sender = languages.current()
    for person in people:  # each in their own language, else the sender's (orgs/languages.py)
        with translation.override(languages.of(person, fallback=sender)):
            text = render_to_string(
                f"overviews/mail/{template}.txt",
                {**context, "person": person, "link": settings.SITE_URL + path},
            )
        subject, body = text.split("\n", 1)
        EmailMessage(subject.strip(), body.lstrip("\n"), to=[person.email]).send()
        sent += 1
    return sent


def recipients_of_overview(unit: OrgUnit, recipient_unit: OrgUnit | None) -> list[Person]:
    if recipient_unit is not None:
        return holders(recipient_unit, (Role.LEADER,))
    return holders(unit, (Role.HR_PARTNER,), above=True)


def deans(faculty: OrgUnit) -> list[Person]:
    return holders(faculty, (Role.TOP_MANAGEMENT, Role.LEADER))


def rectors(institution: OrgUnit) -> list[Person]:
    """The institution's top management (the rector and the director), on its top unit."""
    return holders(institution, (Role.TOP_MANAGEMENT,))


def leaders(unit: OrgUnit) -> list[Person]:
    return holders(unit, (Role.LEADER,))
