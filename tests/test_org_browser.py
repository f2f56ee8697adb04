from __future__ import annotations

import pytest
from django.urls import reverse

from orgs.models import OrgUnit, UnitKind

pytestmark = pytest.mark.django_db


def test_it_shows_the_tree_from_the_users_topmost_unit(personas, login):
    client = login(personas.head)
    response = client.get(reverse("orgs:browse"))
    assert response.status_code == 200
    assert "Department of Music" in response.content.decode()
    assert "Faculty of Humanities" not in response.content.decode()


def test_it_loads_children_as_an_htmx_fragment(personas, login):
    client = login(personas.admin)
    response = client.get(
        reverse("orgs:children", args=[personas.org.hf.uid]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "HF-01" in body and "HF-02" in body and "MN" not in body


def test_it_searches_units_by_code_and_name_within_scope(personas, login):
    client = login(personas.hr)
    body = client.get(reverse("orgs:browse"), {"q": "musikk"}).content.decode()
    assert "HF-01" in body
    body = client.get(reverse("orgs:browse"), {"q": "MN"}).content.decode()
    assert "Faculty of Science" not in body and "Det matematisk" not in body


def test_it_shows_a_unit_with_counts_roles_and_people(personas, login):
    client = login(personas.head)
    response = client.get(reverse("orgs:unit", args=[personas.org.music.uid]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Leif Leder" in body and "Siri Verneombud" in body
    assert "siri@vestfjord.test" in body  # people list visible to the leader
    assert response.context["subtree_count"] == 4  # Leif, Siri, Sofie, Erik
    assert response.context["direct_count"] == 2


def test_it_hides_the_people_list_from_an_employee(personas, login):
    client = login(personas.employee)
    response = client.get(reverse("orgs:unit", args=[personas.org.performance.uid]))
    assert response.status_code == 200
    assert "erik@vestfjord.test" not in response.content.decode()


@pytest.mark.parametrize("name", ["unit", "children"])
def test_it_denies_the_outsider(personas, login, name):
    client = login(personas.outsider)
    response = client.get(reverse(f"orgs:{name}", args=[personas.org.music.uid]))
    assert response.status_code == 403


def test_it_sends_anonymous_visitors_to_the_login_page(client, personas):
    response = client.get(reverse("orgs:unit", args=[personas.org.music.uid]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_redirects_an_administrator_without_a_second_factor_to_set_one_up(personas, login):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=personas.admin).delete()
    response = login(personas.admin).get(reverse("orgs:browse"))
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]


def test_it_links_breadcrumbs_only_to_units_the_user_may_open(personas, login):
    body = login(personas.head).get(reverse("orgs:unit", args=[personas.org.performance.uid]))
    html = body.content.decode()
    assert reverse("orgs:unit", args=[personas.org.music.uid]) in html
    assert reverse("orgs:unit", args=[personas.org.hf.uid]) not in html
    assert "Faculty of Humanities" in html  # shown as plain text


def test_it_lists_sub_units_the_user_may_not_open_without_links(personas, login):
    # Sofie leads the section without its sub-units, so a new group below is listed only.
    group = OrgUnit.objects.create_unit(
        code="HF-01-01-A",
        name_nb="Gruppe A",
        name_en="Group A",
        kind=UnitKind.GROUP,
        parent=personas.org.performance,
    )
    page = login(personas.section_leader).get(
        reverse("orgs:unit", args=[personas.org.performance.uid])
    )
    body = page.content.decode()
    assert "Group A" in body
    assert reverse("orgs:unit", args=[group.uid]) not in body
