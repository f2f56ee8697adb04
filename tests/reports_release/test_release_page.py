"""The administrator releases a closed round's reports from its page; the build runs as a
background task and the page shows the releases with the audit's result."""

from __future__ import annotations

import pytest

from reports import build
from reports.models import ReleaseStatus
from surveys.models import RoundStatus
from tests.reportfixtures import closed_round

COUNTS = {"HF-01": 4, "HF-01-01": 12, "HF-02": 7, "MN": 9}


def test_the_administrator_releases_and_sees_the_audit(
    personas, login, django_capture_on_commit_callbacks
):
    survey = closed_round(personas.org.root, COUNTS)
    client = login(personas.admin)
    page = client.get(f"/reports/{survey.uid}/release/")
    assert "Nothing has been released for this round yet." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/{survey.uid}/release/", {}, follow=True)
    assert "Release 1 is being built" in response.content.decode()
    first = survey.releases.get()
    assert first.status == ReleaseStatus.PUBLISHED and first.created_by == personas.admin
    html = client.get(f"/reports/{survey.uid}/release/").content.decode()
    assert "No leak found in" in html and "Release again" in html
    survey.refresh_from_db()
    assert survey.status == RoundStatus.RELEASED


def test_a_blocked_release_shows_the_findings(personas, login, monkeypatch):
    control = build.disclosure.control
    monkeypatch.setattr(
        build.disclosure, "control", lambda *a, **k: control(*a, **{**k, "repair": False})
    )
    survey = closed_round(personas.org.root, COUNTS)
    started = build.start_release(actor=personas.admin, round=survey)
    with pytest.raises(build.ReleaseBlocked):
        build.build_release(release=started)
    html = login(personas.admin).get(f"/reports/{survey.uid}/release/").content.decode()
    assert "Blocked: the auditor found groups that could be worked out" in html
    assert "isolates" in html


def test_an_open_round_cannot_be_released(personas, login):
    survey = closed_round(personas.org.root, COUNTS)
    survey.status = RoundStatus.OPEN
    survey.save()
    client = login(personas.admin)
    response = client.post(f"/reports/{survey.uid}/release/", {}, follow=True)
    assert "only after the round has closed" in response.content.decode()
    assert not survey.releases.exists()


@pytest.mark.parametrize("who", ["hr", "dean", "head", "outsider"])
def test_only_administrators_release(personas, login, who):
    survey = closed_round(personas.org.root, COUNTS)
    client = login(getattr(personas, who))
    assert client.get(f"/reports/{survey.uid}/release/").status_code == 403
    assert client.post(f"/reports/{survey.uid}/release/", {}).status_code == 403
    assert not survey.releases.exists()
