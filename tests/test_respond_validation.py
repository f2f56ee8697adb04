"""An out-of-range or unknown answer is rejected with a message on its question; the rest of
the page is kept and saved."""

from __future__ import annotations

import pytest

from respond.questionnaire import TEXT_LIMIT
from surveys.models import Draft, Response
from tests.surveyfactories import make_instrument, open_round

pytestmark = pytest.mark.usefixtures("clean_cache")


@pytest.fixture
def link(personas):
    return open_round(personas.org).invite(personas.employee.person)


def test_it_rejects_an_out_of_range_answer_and_keeps_the_rest(client, link):
    r = client.post(f"/s/{link}/1/", {"a_W1": "9", "a_W2": "2", "go": "next"})
    assert r.status_code == 200
    page = r.content.decode()
    assert "One answer was not saved" in page
    assert "Choose one of the answers shown." in page
    assert 'href="#q-W1"' in page
    assert 'id="q-W1" aria-describedby="a_W1-error"' in page
    assert 'name="a_W2" value="2" checked' in page
    assert Draft.objects.get().answers == {"W2": 2}
    assert Draft.objects.get().page == 1  # not moved on


def test_it_rejects_an_unknown_option_and_a_text_over_the_limit(client, link):
    long_text = "a" * (TEXT_LIMIT + 1)
    r = client.post(
        f"/s/{link}/2/", {"a_C1": "3", "a_F1": "maybe", "a_T1": long_text, "go": "next"}
    )
    page = r.content.decode()
    assert "2 answers were not saved" in page
    assert "Choose one of the answers shown." in page
    assert "at most 4000 characters" in page
    assert long_text in page  # shown again to be shortened
    assert Draft.objects.get().answers == {"C1": 3}


def test_it_ignores_answers_to_questions_not_on_the_page(client, link):
    client.post(f"/s/{link}/1/", {"a_W1": "3", "a_C1": "5", "a_ZZ": "1", "go": "next"})
    assert Draft.objects.get().answers == {"W1": 3}


def test_a_submitted_draft_is_validated_again(client, link):
    client.post(f"/s/{link}/1/", {"a_W1": "3", "go": "next"})
    Draft.objects.update(answers={"W1": 3, "W2": 42, "GONE": 1})
    client.post(f"/s/{link}/summary/")
    assert Response.objects.get().answers == {"W1": 3}


def test_the_text_limit_matches_the_instrument(db):
    definition = make_instrument().definition
    assert definition.validate_answer("T1", "a" * TEXT_LIMIT)
    with pytest.raises(ValueError):
        definition.validate_answer("T1", "a" * (TEXT_LIMIT + 1))
