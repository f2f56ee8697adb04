"""Bokmål and English at any point: the switch keeps the respondent on the same page, saves
the page's answers first, and the language is never stored with the answers."""

from __future__ import annotations

import pytest
from django.test import Client

from surveys.models import Draft, Response
from tests.surveyfactories import open_round

pytestmark = pytest.mark.usefixtures("clean_cache")


@pytest.fixture
def link(personas):
    return open_round(personas.org).invite(personas.employee.person)


def test_the_question_page_switches_to_bokmal_keeping_the_answers(client, link):
    page = client.get(f"/s/{link}/1/").content.decode()
    assert 'value="lang:nb"' in page and 'form="answers"' in page
    r = client.post(f"/s/{link}/1/", {"a_W1": "4", "go": "lang:nb"})
    assert r.status_code == 302 and r["Location"] == f"/s/{link}/1/"
    assert r.cookies["django_language"].value == "nb"
    page = client.get(r["Location"]).content.decode()
    assert '<html lang="nb">' in page
    assert "Jeg rekker det jeg skal i løpet av arbeidstiden." in page
    assert 'name="a_W1" value="4" checked' in page
    assert Draft.objects.get().answers == {"W1": 4}


def test_the_question_page_switches_back_to_english(link):
    client = Client(headers={"accept-language": "nb"})
    page = client.get(f"/s/{link}/2/").content.decode()
    assert '<html lang="nb">' in page and 'value="lang:en"' in page
    r = client.post(f"/s/{link}/2/", {"a_C1": "2", "go": "lang:en"})
    assert r["Location"] == f"/s/{link}/2/"
    page = client.get(r["Location"]).content.decode()
    assert '<html lang="en">' in page
    assert "Here we can point out mistakes without being punished for it." in page
    assert 'name="a_C1" value="2" checked' in page


def test_an_unknown_language_is_ignored(client, link):
    r = client.post(f"/s/{link}/1/", {"a_W1": "4", "go": "lang:xx"})
    assert r["Location"] == f"/s/{link}/1/"
    assert "django_language" not in r.cookies


def test_the_first_page_and_the_summary_switch_in_place(client, link):
    for path in (f"/s/{link}/", f"/s/{link}/summary/"):
        page = client.get(path).content.decode()
        assert f'name="next" type="hidden" value="{path}"' in page
        r = client.post("/i18n/setlang/", {"language": "nb", "next": path})
        assert r["Location"] == path
        assert '<html lang="nb">' in client.get(path).content.decode()
        r = client.post("/i18n/setlang/", {"language": "en", "next": path})
        assert '<html lang="en">' in client.get(r["Location"]).content.decode()


def test_the_language_is_not_stored_with_the_answers(link):
    client = Client(headers={"accept-language": "nb"})
    client.post(f"/s/{link}/1/", {"a_W1": "5", "go": "next"})
    client.post(f"/s/{link}/summary/")
    response = Response.objects.get()
    assert "nb" not in str(response.answers) + str(response.background)
    assert not hasattr(response, "language")
