from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_lists_the_units_of_each_role(personas, login):
    body = login(personas.head).get(reverse("home")).content.decode()
    assert "Department of Music" in body
    assert reverse("orgs:import") not in body


def test_it_shows_administration_links_to_the_administrator(personas, login):
    body = login(personas.admin).get(reverse("home")).content.decode()
    assert reverse("orgs:import") in body and reverse("audit:log") in body


def test_it_speaks_bokmal_by_default(personas, client):
    client.force_login(personas.head)
    body = client.get(reverse("home"), headers={"accept-language": ""}).content.decode()
    assert '<html lang="nb">' in body
    assert "Dine enheter" in body and "Institutt for musikk" in body


def test_it_switches_language_to_english(personas, client):
    client = Client()
    client.force_login(personas.head)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in body
    assert "Department of Music" in body
