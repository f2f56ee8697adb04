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


def test_it_shows_administration_in_the_menu_only_to_administrators(personas, login):
    menu_links = (reverse("orgs:roles"), reverse("orgs:import"), reverse("audit:log"))
    admin_body = login(personas.admin).get(reverse("orgs:browse")).content.decode()
    assert all(f'href="{link}"' in admin_body for link in menu_links)
    head_body = login(personas.head).get(reverse("orgs:browse")).content.decode()
    assert not any(f'href="{link}"' in head_body for link in menu_links)
