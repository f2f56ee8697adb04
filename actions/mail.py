"""E-mail to the person responsible for a measure: a reminder before the due date and when
it is overdue, and the request to co-sign. Called by services inside `transaction.on_commit`.
Each e-mail goes in the recipient's language where it is known (orgs/languages.py), else in
the sender's (a page's, or bokmål for the daily job)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from actions.models import ActionPlan, Measure
from orgs import languages
from orgs.models import Person


def send_reminder(*, measure: Measure, kind: str, today: dt.date) -> None:
    """Send `actions/mail/<kind>.txt` (first line the subject) to the responsible person."""
    context = {
        "measure": measure,
        "plan": measure.plan,
        "unit": measure.plan.unit,
        "days": (measure.due - today).days if measure.due else 0,
        "late": (today - measure.due).days if measure.due else 0,
        "link": settings.SITE_URL + reverse("actions:measure", args=[measure.uid]),
    }
    email = measure.responsible_email
    with translation.override(languages.of_address(email, fallback=languages.current())):
        subject, body = render_to_string(f"actions/mail/{kind}.txt", context).split("\n", 1)
    EmailMessage(subject.strip(), body.lstrip("\n"), to=[email]).send()


def send_cosign_request(*, plan: ActionPlan, person: Person, agreed_by: str) -> None:
    """Ask a safety or union representative to read and co-sign the agreed plan."""
    context = {
        "plan": plan,
        "unit": plan.unit,
        "person": person,
        "agreed_by": agreed_by,
        "link": settings.SITE_URL + reverse("actions:plan", args=[plan.uid]),
    }
    with translation.override(languages.of(person, fallback=languages.current())):
        subject, body = render_to_string("actions/mail/cosign.txt", context).split("\n", 1)
    EmailMessage(subject.strip(), body.lstrip("\n"), to=[person.email]).send()
