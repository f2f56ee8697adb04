"""Invitation and reminder e-mails, sent in batches by a background task (surveys.tasks).

The raw token exists only here, in memory, for the time it takes to build one e-mail: the
task draws it, stores its keyed hash on the invitation and sends the link. It never touches
the task queue, the logs or any other table. A reminder to somebody who has not started
draws a new token (the new link replaces the old one); a reminder to somebody who has
started carries no link, because a new token would orphan their saved answers — they
continue with the link from their invitation.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from orgs.models import Person
from surveys.models import Invitation, InvitationStatus, Mailing, MailingKind, SurveyRound
from surveys.tokens import invitation_key, new_token

logger = logging.getLogger(__name__)

# Invitations are created with a placeholder hash that no token can match (real hashes are
# hexadecimal); the sending task replaces it with the hash of the token it mails.
UNSENT_PREFIX = "unsent:"
LANGUAGES = ("nb", "en")


def unsent_placeholder() -> str:
    return UNSENT_PREFIX + secrets.token_hex(28)


def respond_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("respond:start", args=[token])


@dataclass(frozen=True)
class Outcome:
    status: str  # "sent", "failed" or "skipped"
    error: str = ""


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def _describe(error: Exception) -> str:
    """What the mail server said, for the administrator (never the message body)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = [f"{code} {_text(reply)}" for code, reply in error.recipients.values()]
        return "; ".join(replies)[:300]
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"[:300]
    return f"{type(error).__name__}: {error}"[:300]


def language_for(person: Person, round_: SurveyRound, *, otherwise: str) -> str:
    """The language to invite `person` to `round_` in: their own where the round offers it
    (docs/languages.md), else `otherwise`."""
    return person.language if person.language in round_.languages else otherwise


def build_message(
    *, invitation: Invitation, round_: SurveyRound, kind: str, link: str
) -> EmailMultiAlternatives:
    """The e-mail in the person's language where the round offers it (`language_for`: they may
    have chosen one since the round opened), else the invitation's: plain text and HTML from
    surveys/email/<kind>.<language>.txt/.html; the subject is the `subject` partial."""
    person = invitation.person
    language = language_for(person, round_, otherwise=invitation.language)
    language = language if language in LANGUAGES else "nb"
    context = {
        "name": person.given_name,
        "round": round_,
        # The survey opens in the e-mail's language. A reminder to somebody who has started
        # carries no link (they continue with their invitation's).
        "link": f"{link}?lang={language}" if link else "",
        "other_languages": [code for code in round_.languages if code != language],
        "reminder": kind == MailingKind.REMINDER,
    }
    with translation.override(language):
        base = f"surveys/email/{kind}.{language}"
        subject = render_to_string(f"{base}.txt#subject", context).strip()
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _prepare(invitation: Invitation, kind: str) -> tuple[str, str] | None:
    """(template kind, link) for one invitation, storing a new token's hash when a link is
    sent; None when there is nothing to send."""
    if kind == MailingKind.INVITATION:
        unsent = invitation.token_hash.startswith(UNSENT_PREFIX)
        if invitation.status != InvitationStatus.INVITED or not (unsent or invitation.email_failed):
            return None  # already sent (a retried task must not send twice) or already begun
        token = new_token()
        rows = Invitation.objects.filter(pk=invitation.pk, token_hash=invitation.token_hash)
        if not rows.update(token_hash=invitation_key(token), email_failed=False, email_error=""):
            return None
        return "invitation", respond_link(token)
    if invitation.status == InvitationStatus.INVITED:
        token = new_token()
        # Only while still "invited": if they started meanwhile, keep their link working.
        rows = Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.INVITED)
        if rows.update(token_hash=invitation_key(token)):
            return "reminder", respond_link(token)
        invitation.refresh_from_db(fields=["status"])
    if invitation.status == InvitationStatus.STARTED:
        return "reminder", ""
    return None  # submitted


def _send_one(invitation: Invitation, sending: Mailing, connection: Any) -> Outcome:
    prepared = _prepare(invitation, sending.kind)
    if prepared is None:
        return Outcome("skipped")
    kind, link = prepared
    message = build_message(invitation=invitation, round_=sending.round, kind=kind, link=link)
    message.connection = connection
    try:
        message.send()
    except (smtplib.SMTPException, OSError, ValueError) as error:
        reason = _describe(error)
        Invitation.objects.filter(pk=invitation.pk).update(email_failed=True, email_error=reason)
        return Outcome("failed", reason)
    return Outcome("sent")


def send_batch(*, mailing_id: int, invitation_ids: list[int]) -> dict[str, int]:
    """Send one batch of a mailing over one SMTP connection and add to its progress counts.
    Invitations of a round that is no longer open are skipped."""
    sending = Mailing.objects.select_related("round").get(pk=mailing_id)
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    invitations = list(
        Invitation.objects.filter(round=sending.round, pk__in=invitation_ids)
        .select_related("person")
        .order_by("pk")
    )
    counts["skipped"] += len(invitation_ids) - len(invitations)
    if not sending.round.is_open:
        counts["skipped"] += len(invitations)
        invitations = []
    if invitations:
        connection = get_connection()
        try:
            connection.open()  # one SMTP session for the batch
        except (smtplib.SMTPException, OSError) as error:
            # Unreachable server: every address of the batch is marked, to be sent again.
            if sending.kind == MailingKind.INVITATION:
                ids = [i.pk for i in invitations]
                Invitation.objects.filter(pk__in=ids).update(
                    email_failed=True, email_error=_describe(error)
                )
            counts["failed"] += len(invitations)
            invitations = []
        try:
            for invitation in invitations:
                counts[_send_one(invitation, sending, connection).status] += 1
        finally:
            connection.close()
    Mailing.objects.filter(pk=sending.pk).update(
        sent=F("sent") + counts["sent"],
        failed=F("failed") + counts["failed"],
        skipped=F("skipped") + counts["skipped"],
    )
    Mailing.objects.filter(
        pk=sending.pk,
        finished_at__isnull=True,
        total__lte=F("sent") + F("failed") + F("skipped"),
    ).update(finished_at=timezone.now())
    logger.info(
        "mailing %s batch: %s sent, %s failed, %s skipped",
        sending.pk,
        counts["sent"],
        counts["failed"],
        counts["skipped"],
    )
    return counts
