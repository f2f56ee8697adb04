"""Invitations over a real SMTP conversation (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import logging
import re
import socket
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from orgs.models import Person
from surveys import services
from surveys.models import Invitation, Mailing
from surveys.tokens import invitation_key
from tests.smtp import Inbox

pytestmark = pytest.mark.django_db

LINK = re.compile(r"(https?://\S+/s/([A-Za-z0-9_-]{43})/)")
LINK_WITH_LANGUAGE = re.compile(r"https?://\S+/s/[A-Za-z0-9_-]{43}/\?lang=(nb|en)")


def test_everyone_receives_a_link_that_leads_to_their_invitation(
    staffed, make_round, open_now, smtp_inbox, settings, client
):
    settings.SITE_URL = "https://medvirk.example.no"
    round_ = open_now(make_round(staffed.org.music, languages=["nb", "en"]))
    invitations = Invitation.objects.filter(round=round_).select_related("person")
    assert len(smtp_inbox.messages) == invitations.count() == 12
    for invitation in invitations:
        (message,) = smtp_inbox.to(invitation.person.email)
        text = Inbox.text(message)
        url, token = LINK.search(text).groups()
        assert url.startswith("https://medvirk.example.no/s/")
        assert invitation_key(token) == invitation.token_hash
        html = message.get_body(preferencelist=("html",)).get_content()
        assert url in html
        assert "Arbeidsmiljøundersøkelsen" in str(message["Subject"])
        assert "In English" in text  # the other language of the round, in one line
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200  # the respondent surface answers the link


def test_english_invitations_are_written_in_english(staffed, make_round, open_now, smtp_inbox):
    open_now(make_round(staffed.org.performance, languages=["en"]))
    message = smtp_inbox.to("erik@vestfjord.test")[0]
    assert str(message["Subject"]).strip().startswith("Work-environment survey")
    assert "Dear Erik" in Inbox.text(message)
    assert "På norsk" not in Inbox.text(message)


def test_each_person_is_invited_in_their_own_language_where_the_round_offers_it(
    staffed, make_round, open_now, smtp_inbox
):
    Person.objects.filter(email="erik@vestfjord.test").update(language="en")
    open_now(make_round(staffed.org.performance, languages=["nb", "en"]))
    erik = smtp_inbox.to("erik@vestfjord.test")[0]
    assert str(erik["Subject"]).strip().startswith("Work-environment survey")
    assert "Dear Erik" in Inbox.text(erik) and "På norsk" in Inbox.text(erik)
    sofie = smtp_inbox.to("sofie@vestfjord.test")[0]  # no language known: the round's first
    assert str(sofie["Subject"]).strip().startswith("Arbeidsmiljøundersøkelsen")


def test_the_link_opens_the_survey_in_the_language_of_the_email(
    staffed, make_round, open_now, smtp_inbox
):
    Person.objects.filter(email="erik@vestfjord.test").update(language="en")
    open_now(make_round(staffed.org.performance, languages=["nb", "en"]))
    link = LINK_WITH_LANGUAGE.search(Inbox.text(smtp_inbox.to("erik@vestfjord.test")[0]))
    assert link and link.group(1) == "en"
    start = urlsplit(link.group(0))
    browser = Client(headers={"accept-language": "nb"})  # a Norwegian browser
    page = browser.get(f"{start.path}?{start.query}")
    assert '<html lang="en">' in page.content.decode()
    assert page.cookies["django_language"].value == "en"
    assert '<html lang="en">' in browser.get(f"{start.path}1/").content.decode()
    # A browser that has chosen before keeps its choice.
    chosen = Client(headers={"accept-language": "en"})
    chosen.cookies["django_language"] = "nb"
    assert '<html lang="nb">' in chosen.get(f"{start.path}?lang=en").content.decode()
    # A language the round does not offer is ignored.
    other = Client(headers={"accept-language": "nb"})
    page = other.get(f"{start.path}?lang=de")
    assert '<html lang="nb">' in page.content.decode() and "django_language" not in page.cookies


def test_a_language_the_round_does_not_offer_gives_the_rounds_first(
    staffed, make_round, open_now, smtp_inbox
):
    Person.objects.filter(email="erik@vestfjord.test").update(language="en")
    open_now(make_round(staffed.org.performance, languages=["nb"]))
    erik = smtp_inbox.to("erik@vestfjord.test")[0]
    assert str(erik["Subject"]).strip().startswith("Arbeidsmiljøundersøkelsen")
    assert "In English" not in Inbox.text(erik)


class RefusingInbox(Inbox):
    """A mail server that refuses one recipient, as for an unknown mailbox."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("erik@"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_it_shows_a_refused_address_to_the_administrator_and_can_send_again(
    staffed, make_round, open_now, settings, caplog, django_capture_on_commit_callbacks
):
    inbox = RefusingInbox()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    try:
        with caplog.at_level(logging.DEBUG):
            round_ = open_now(make_round(staffed.org.performance))
    finally:
        controller.stop()
    erik = Invitation.objects.get(round=round_, person=staffed.employee.person)
    assert erik.email_failed
    assert "550" in erik.email_error and "No such user" in erik.email_error
    sending = Mailing.objects.get(round=round_)
    assert (sending.total, sending.sent, sending.failed) == (8, 7, 1)
    assert len(inbox.messages) == 7
    tokens = [LINK.search(Inbox.text(m)).group(2) for m in inbox.messages]
    # Tokens are never logged (the test mail server's own "mail.log" shows what it received).
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))
    assert "mailing" in ours
    for token in tokens:
        assert token not in ours
    with django_capture_on_commit_callbacks(execute=True):
        again = services.resend_failed(actor=staffed.admin, round=round_)
    assert again is not None and again.total == 1
