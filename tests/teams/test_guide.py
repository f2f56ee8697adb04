"""The facilitator guide, in bokmål and English, in the app and as PDF."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_it_shows_the_guide_in_english_and_bokmal(personas, login):
    client = login(personas.facilitator)
    english = client.get("/teams/guide/").content.decode()
    assert "When a team resists" in english and "Large groups" in english
    bokmal = Client(headers={"accept-language": "nb"})
    bokmal.force_login(personas.facilitator)
    with translation.override("en"):  # the request switches this thread to bokmål; undo it
        assert "Når teamet stritter imot" in bokmal.get("/teams/guide/").content.decode()


def test_it_offers_the_guide_as_pdf(personas, login):
    response = login(personas.facilitator).get("/teams/guide.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_it_denies_the_outsider_the_guide(personas, login):
    assert login(personas.outsider).get("/teams/guide/").status_code == 403
    assert login(personas.outsider).get("/teams/guide.pdf").status_code == 403
