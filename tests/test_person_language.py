"""A person's language: from the HR file's `language` column, chosen on the account page, used
for the pages after login (orgs/languages.py, accounts/middleware.py)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from orgs import languages
from orgs.models import Person
from orgs.services import run_import
from tests.importfiles import PEOPLE, PEOPLE_HEADER, people_file, units_file
from tests.logins import submit_login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clean_cache")]
HEADER = PEOPLE_HEADER + ",language"


def _with_languages(**by_key: str) -> list[str]:
    """The people file's rows with a language column: `key=value` for the person P-key."""
    return [row + "," + by_key.get(row.split(",", 1)[0][2:], "") for row in PEOPLE]


def _import(rows: list[str]):
    return run_import(
        units=units_file(), people=people_file(rows, header=HEADER), actor=None, dry_run=False
    )


def _language(key: str) -> str:
    return Person.objects.get(employee_id=f"P-{key}").language


def test_the_file_gives_people_their_language_and_the_preview_shows_it(personas):
    result = _import(_with_languages(erik="en", leif="NO", siri="eng", sofie=""))
    assert not result.plan.errors
    changed = {c.key: (c.before, c.after) for c in result.plan.changed_people}
    assert changed == {
        "P-erik": ("language: ", "language: en"),
        "P-leif": ("language: ", "language: nb"),
        "P-siri": ("language: ", "language: en"),
    }
    assert (_language("erik"), _language("leif"), _language("siri")) == ("en", "nb", "en")
    assert _language("sofie") == ""  # empty: not known, nothing changes
    again = _import(_with_languages(erik="en", leif="nb", siri="en"))
    assert not again.plan.has_changes and again.summary.audit_entry_id is None


def test_an_empty_value_or_no_column_leaves_the_language_as_it_is(personas):
    _import(_with_languages(erik="en"))
    assert not _import(_with_languages()).plan.changed_people
    run_import(units=units_file(), people=people_file(), actor=None, dry_run=False)
    assert _language("erik") == "en"


def test_a_language_the_person_chose_is_never_overwritten_by_the_file(personas):
    Person.objects.filter(employee_id="P-erik").update(language="nb", language_chosen=True)
    result = _import(_with_languages(erik="en"))
    assert not result.plan.changed_people
    assert _language("erik") == "nb"


def test_a_language_chosen_after_the_preview_is_kept_when_the_import_is_confirmed(personas):
    from orgs.services import apply_import, plan_import

    plan = plan_import(
        units=units_file(), people=people_file(_with_languages(erik="en"), header=HEADER)
    )
    assert [c.key for c in plan.changed_people] == ["P-erik"]
    Person.objects.filter(employee_id="P-erik").update(language="nb", language_chosen=True)
    apply_import(plan=plan, actor=None)
    assert _language("erik") == "nb"


def test_an_unknown_language_names_the_line_and_imports_nothing(personas):
    result = _import(_with_languages(erik="de"))
    [error] = result.plan.errors
    assert error.line == 9 and "“de”" in error.render()
    assert "nb (Norwegian bokmål) or en (English)" in error.render()
    assert result.summary is None
    assert _language("erik") == ""


def test_new_people_get_the_language_of_the_file(personas):
    rows = [
        *_with_languages(),
        "P-nina,Nina,Ny,nina@vestfjord.test,HF-01,academic,30-39,woman,permanent,,en",
    ]
    assert not _import(rows).plan.errors
    assert _language("nina") == "en"


def test_the_language_to_write_in(personas):
    erik = Person.objects.get(employee_id="P-erik")
    assert languages.of(erik) == settings.LANGUAGE_CODE == "nb"
    assert languages.of(erik, fallback="en-gb") == "en"  # not known: the sender's
    erik.language = "en"
    assert languages.of(erik, fallback="nb") == "en"
    leif = Person.objects.get(employee_id="P-leif")
    leif.language = "nb"
    groups = languages.by_language([erik, leif, Person.objects.get(employee_id="P-siri")])
    assert {key: [p.employee_id for p in group] for key, group in groups.items()} == {
        ("en",): ["P-erik"],
        ("nb",): ["P-leif"],
        ("nb", "en"): ["P-siri"],
    }
    Person.objects.filter(pk=erik.pk).update(language="en")
    assert languages.of_address("ERIK@vestfjord.test", fallback="nb") == "en"
    assert languages.of_address("nobody@vestfjord.test", fallback="en") == "en"


def test_a_person_chooses_their_language_on_the_account_page(personas, client):
    client.force_login(personas.employee)  # the tests' browser asks for English pages
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Language of e-mails and pages" in page and "You have not chosen a language yet" in page
    response = client.post(reverse("accounts:profile"), {"language": "nb"}, follow=True)
    body = response.content.decode()
    assert '<html lang="nb"' in body and "Lagret: e-post og sider kommer nå på" in body
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nb"
    person = Person.objects.get(pk=personas.employee.person_id)
    assert (person.language, person.language_chosen) == ("nb", True)
    assert "Du har ikke valgt språk ennå" not in body
    assert '<html lang="nb"' in client.get(reverse("home")).content.decode()


def test_a_choice_that_is_not_offered_changes_nothing_and_says_why(personas, client):
    client.force_login(personas.employee)
    response = client.post(reverse("accounts:profile"), {"language": "de"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    person = Person.objects.get(pk=personas.employee.person_id)
    assert (person.language, person.language_chosen) == ("", False)


def test_after_login_the_pages_come_in_the_persons_language(personas, client):
    Person.objects.filter(pk=personas.employee.person_id).update(language="nb")
    response = submit_login(client, personas.employee.email)
    assert '<html lang="nb"' in response.content.decode()
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nb"
    # The header's switch still changes the pages (and only them).
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en"' in client.get(reverse("home")).content.decode()
    assert Person.objects.get(pk=personas.employee.person_id).language == "nb"


def test_a_person_without_a_language_gets_the_browsers(personas, client):
    response = submit_login(client, personas.employee.email)
    assert '<html lang="en"' in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    page = client.get(reverse("home"), headers={"accept-language": "nb"}).content.decode()
    assert '<html lang="nb"' in page


def test_the_language_is_looked_up_once_per_session(personas, client):
    client.force_login(personas.employee)
    client.get(reverse("home"))  # looked up here: the person has none
    Person.objects.filter(pk=personas.employee.person_id).update(language="nb")
    assert '<html lang="en"' in client.get(reverse("home")).content.decode()
    client.logout()
    client.force_login(personas.employee)  # a new session looks again
    assert '<html lang="nb"' in client.get(reverse("home")).content.decode()
