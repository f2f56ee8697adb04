"""The language a person reads Medvirk in: the e-mails they get, and the pages after they log in.

`Person.language` is empty until it is known, from the HR file's optional `language` column
or from the person's own choice on their account page (which an import never overrides).
An e-mail to one person goes in their language, or in `fallback` (usually the sender's page
language) when it is not known; an e-mail that used to go out in both languages goes to the
people of one known language in that language alone, and to the rest in both (`by_language`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from orgs.models import Person

CODES = tuple(code for code, _name in settings.LANGUAGES)
BOTH = CODES  # bokmål first, as the bilingual e-mails have always been
P = TypeVar("P", bound=Person)


def of(person: Person | None, fallback: str | None = None) -> str:
    """The language to write to `person` in."""
    if person is not None and person.language in CODES:
        return person.language
    if fallback and fallback[:2] in CODES:
        return fallback[:2]
    return settings.LANGUAGE_CODE


def current() -> str:
    """The language of the page or command at hand (the sender's)."""
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def by_language(people: Iterable[P]) -> dict[tuple[str, ...], list[P]]:
    """`people` grouped by the languages of the e-mail they get: their own language where it
    is known, bokmål and English (`BOTH`) where it is not. Each group keeps its order."""
    groups: dict[tuple[str, ...], list[P]] = {}
    for person in people:
        key = (person.language,) if person.language in CODES else BOTH
        groups.setdefault(key, []).append(person)
    return groups


def of_address(email: str, fallback: str | None = None) -> str:
    """The language to write to the address `email` in: that of the person with the address
    (e.g. a team member, or the person responsible for a measure), else `fallback`."""
    person = Person.objects.filter(email__iexact=email).only("language").first() if email else None
    return of(person, fallback)


def mails(template: str, context: dict[str, Any], people: Iterable[Person]) -> list[EmailMessage]:
    """The e-mail `template` (first line the subject) to `people`: one message per group of
    `by_language`, in the group's language, or in bokmål and English one after the other under
    the bokmål subject for the people whose language is not known."""
    messages = []
    for codes, group in by_language(people).items():
        parts = []
        for code in codes:
            with translation.override(code):
                parts.append(render_to_string(template, context))
        subject = parts[0].split("\n", 1)[0].strip()
        body = "\n\n".join(part.split("\n", 1)[1].strip() for part in parts)
        messages.append(EmailMessage(subject, body, to=[p.email for p in group]))
    return messages


def send(template: str, context: dict[str, Any], people: Iterable[Person]) -> int:
    """Send `mails(template, context, people)` over one connection; return how many went out."""
    messages = mails(template, context, people)
    return get_connection().send_messages(messages) if messages else 0
