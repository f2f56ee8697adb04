"""A respondent answers through every page: the first page explains the anonymity rules with
the round's thresholds, one section per page with progress, a summary, submit, a receipt,
and "already answered" on later visits."""

from __future__ import annotations

import pytest

from surveys.models import Comment, Draft, Invitation, Response
from tests.surveyfactories import open_round

pytestmark = pytest.mark.usefixtures("clean_cache")


@pytest.fixture
def survey(personas):
    return open_round(personas.org, thresholds={"numbers": 6, "comments": 12})


def test_it_explains_what_is_stored_with_the_rounds_thresholds(client, personas, survey):
    token = survey.invite(personas.employee.person)
    response = client.get(f"/s/{token}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Small test survey" in page
    assert "without your name, your link or the time" in page
    assert "at least 6 people answered" in page
    assert "at least 12 people answered" in page
    assert "level above yours" in page
    assert "When the survey closes" in page
    assert f'href="/s/{token}/1/"' in page
    assert "Start the survey" in page


def test_it_shows_one_section_per_page_with_progress(client, personas, survey):
    token = survey.invite(personas.employee.person)
    page = client.get(f"/s/{token}/1/").content.decode()
    assert "Page 1 of 2" in page
    assert '<progress max="2" value="1"' in page
    assert "<legend" in page and "I get my work done within working hours." in page
    assert "Not relevant" in page
    assert "Here we can point out mistakes" not in page  # on page 2
    page2 = client.get(f"/s/{token}/2/").content.decode()
    assert "Page 2 of 2" in page2
    assert 'type="radio" name="a_F1" value="yes"' in page2
    assert 'maxlength="4000"' in page2


def test_it_walks_through_every_page_to_the_receipt(client, personas, survey):
    token = survey.invite(personas.employee.person)
    r = client.post(f"/s/{token}/1/", {"a_W1": "4", "a_W2": "na", "go": "next"})
    assert r.status_code == 302 and r["Location"] == f"/s/{token}/2/"
    r = client.post(
        f"/s/{token}/2/",
        {"a_C1": "5", "a_F1": "no", "a_T1": "  Good colleagues.  ", "go": "next"},
    )
    assert r["Location"] == f"/s/{token}/summary/"
    summary = client.get(f"/s/{token}/summary/").content.decode()
    assert "Somewhat agree" in summary and "Not relevant" in summary
    assert "Good colleagues." in summary
    assert "You have not answered 1 question." in summary
    r = client.post(f"/s/{token}/summary/")
    assert r.status_code == 303 and r["Location"] == f"/s/{token}/thanks/"
    receipt = client.get(r["Location"])
    assert "Your answers are received" in receipt.content.decode()
    response = Response.objects.get()
    assert response.answers == {"W1": 4, "W2": "na", "C1": 5, "F1": "no"}
    assert response.reporting_unit == survey.units["HF-01-01"]
    assert list(Comment.objects.values_list("question", "text")) == [("T1", "Good colleagues.")]
    assert Invitation.objects.get().status == "submitted"
    assert not Draft.objects.exists()


def test_it_says_already_answered_on_later_visits(client, personas, survey):
    token = survey.invite(personas.employee.person)
    client.post(f"/s/{token}/1/", {"a_W1": "2", "go": "next"})
    client.post(f"/s/{token}/summary/")
    for url in (f"/s/{token}/", f"/s/{token}/1/", f"/s/{token}/summary/"):
        page = client.get(url).content.decode()
        assert "You have already answered" in page, url
    r = client.post(f"/s/{token}/1/", {"a_W1": "5"})
    assert r.status_code == 303 and r["Location"] == f"/s/{token}/thanks/"
    assert Response.objects.get().answers == {"W1": 2}


def test_it_offers_to_continue_where_the_respondent_left_off(client, personas, survey):
    token = survey.invite(personas.employee.person)
    client.post(f"/s/{token}/1/", {"a_W1": "3", "go": "next"})
    page = client.get(f"/s/{token}/").content.decode()
    assert "Continue where you left off" in page
    assert f'href="/s/{token}/2/"' in page


def test_it_asks_the_rounds_extra_items_on_a_last_page(client, personas):
    extra = [
        {
            "code": "X1",
            "scale": "agree5",
            "text": {"nb": "Kantina er god.", "en": "The canteen is good."},
        }
    ]
    survey = open_round(personas.org, extra_items=extra)
    token = survey.invite(personas.employee.person)
    page = client.get(f"/s/{token}/3/").content.decode()
    assert "Page 3 of 3" in page and "The canteen is good." in page
    assert "More questions" in page
    client.post(f"/s/{token}/3/", {"a_X1": "5", "go": "next"})
    client.post(f"/s/{token}/summary/")
    assert Response.objects.get().answers == {"X1": 5}


def test_it_hides_the_staff_navigation_from_a_logged_in_person(login, personas, survey):
    token = survey.invite(personas.employee.person)
    client = login(personas.employee)
    page = client.get(f"/s/{token}/").content.decode()
    assert 'class="main-nav"' not in page
    assert "Log out" not in page
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_it_does_not_let_the_browser_cache_answers(client, personas, survey):
    token = survey.invite(personas.employee.person)
    response = client.get(f"/s/{token}/1/")
    assert "no-store" in response["Cache-Control"]


def test_it_answers_an_outsiders_link_to_another_round_with_that_round_only(
    client, personas, survey
):
    other = open_round(personas.org.mn, name="Other round")
    token = other.invite(personas.outsider.person)
    client.post(f"/s/{token}/1/", {"a_W1": "1", "go": "next"})
    client.post(f"/s/{token}/summary/")
    assert Response.objects.get().round == other.round
    assert not Response.objects.filter(round=survey.round).exists()


def test_it_stores_each_comment_of_a_response_as_its_own_row(client, personas):
    extra = [{"code": "X2", "kind": "text", "text": {"nb": "Noe mer?", "en": "Anything more?"}}]
    survey = open_round(personas.org, extra_items=extra)
    token = survey.invite(personas.employee.person)
    client.post(f"/s/{token}/2/", {"a_C1": "4", "a_T1": "Fewer meetings", "go": "next"})
    client.post(f"/s/{token}/3/", {"a_X2": "A quieter office", "go": "next"})
    assert client.post(f"/s/{token}/summary/").status_code == 303
    assert Response.objects.get().answers == {"C1": 4}
    stored = sorted(Comment.objects.values_list("question", "text"))
    assert stored == [("T1", "Fewer meetings"), ("X2", "A quieter office")]
    assert len(set(Comment.objects.values_list("id", flat=True))) == 2
    assert not Draft.objects.exists()


def test_the_privacy_text_follows_each_rounds_thresholds_and_the_language(client, personas):
    strict = open_round(personas.org, thresholds={"numbers": 7}, name="Strict")
    usual = open_round(personas.org, name="Usual")
    strict_link = strict.invite(personas.employee.person)
    usual_link = usual.invite(personas.employee.person)
    for _twice in range(2):  # the second time from the per-process fragment cache
        page = client.get(f"/s/{strict_link}/").content.decode()
        assert "at least 7 people answered" in page
        page = client.get(f"/s/{usual_link}/").content.decode()
        assert "at least 5 people answered" in page and "at least 7 people" not in page
        bokmål = client.get(f"/s/{usual_link}/", headers={"accept-language": "nb"})
        assert "at least 5 people answered" not in bokmål.content.decode()
