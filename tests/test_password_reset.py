"""Resetting a forgotten password by e-mail, sent through a real SMTP conversation."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.logins import submit_login
from tests.smtp import Inbox

pytestmark = pytest.mark.usefixtures("clean_cache")

NEW_PASSWORD = "a-new-and-long-passphrase-7"
LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)")


def _request_reset(client, email: str):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_it_sends_a_reset_link_that_sets_a_new_password(personas, client, smtp_inbox: Inbox):
    response = _request_reset(client, personas.head.email)
    assert response["Location"] == reverse("account_reset_password_done")

    [message] = smtp_inbox.to(personas.head.email)
    match = LINK.search(Inbox.text(message))
    assert match, Inbox.text(message)
    form_page = client.get(match.group(1), follow=True)
    assert form_page.status_code == 200 and not form_page.context.get("token_fail")

    done = client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done["Location"] == reverse("account_reset_password_from_key_done")
    assert submit_login(client, personas.head.email).wsgi_request.user.is_anonymous
    assert (
        submit_login(client, personas.head.email, NEW_PASSWORD).wsgi_request.user == personas.head
    )


def test_it_refuses_a_used_link(personas, client, smtp_inbox: Inbox):
    _request_reset(client, personas.head.email)
    path = LINK.search(Inbox.text(smtp_inbox.messages[0])).group(1)  # type: ignore[union-attr]
    page = client.get(path, follow=True)
    client.post(page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert client.get(path, follow=True).context["token_fail"]


def test_it_reveals_nothing_about_an_unknown_address(personas, client, smtp_inbox: Inbox):
    known = _request_reset(client, personas.head.email)
    unknown = _request_reset(client, "nobody@vestfjord.test")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert _main(client.get(unknown["Location"]).content) == _main(
        client.get(known["Location"]).content
    )
    # Only the owner of the unknown address is told, in their own inbox, that it has no account.
    assert not LINK.search(Inbox.text(smtp_inbox.to("nobody@vestfjord.test")[0]))


def _main(page: bytes) -> str:
    """The page's main content (the rest carries a fresh CSRF token on every request)."""
    text = page.decode()
    return text[text.index("<main") : text.index("</main>")]
