from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from orgs.models import RoleAssignment

pytestmark = pytest.mark.django_db

PAGES = ["orgs:roles", "orgs:role_assign", "orgs:role_bulk", "orgs:role_edit", "orgs:role_end"]


def _url(name: str, personas) -> str:
    if name in ("orgs:role_edit", "orgs:role_end"):
        return reverse(name, args=[RoleAssignment.objects.get(person=personas.head.person).uid])
    return reverse(name)


@pytest.mark.parametrize("name", PAGES)
def test_it_lets_the_administrator_in(personas, login, name):
    assert login(personas.admin).get(_url(name, personas)).status_code == 200


@pytest.mark.parametrize("persona", ["hr", "head", "section_leader", "employee", "outsider"])
@pytest.mark.parametrize("name", PAGES)
def test_it_denies_everybody_else(personas, login, name, persona):
    client = login(getattr(personas, persona))
    assert client.get(_url(name, personas)).status_code == 403
    assert client.post(_url(name, personas), {}).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_it_sends_anonymous_visitors_to_the_login_page(client, personas, name):
    response = client.get(_url(name, personas))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_denies_a_person_whose_administrator_role_is_only_on_a_faculty(personas, login):
    RoleAssignment.objects.create(
        person=personas.outsider.person,
        role="administrator",
        unit=personas.org.mn,
        include_subtree=True,
    )
    TOTP.activate(personas.outsider, generate_totp_secret())
    assert login(personas.outsider).get(reverse("orgs:roles")).status_code == 403
