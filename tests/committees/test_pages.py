"""The committee report pages: choosing and previewing, saving a frozen report, recording its
discussion, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import MeasureStatus
from audit.models import AuditEntry
from committees.models import CommitteeReport, Discussion
from orgs.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db

AMU = {"committee": "amu", "unit": "UVF", "level": "2"}
LAMU = {"committee": "lamu", "unit": "HF", "level": "1"}


def _round_url(scene):
    return reverse("committees:round", args=[scene.round.uid])


def _generate(client, scene, choice):
    return client.post(reverse("committees:generate", args=[scene.round.uid]), choice)


def test_the_page_starts_with_a_sensible_choice_and_previews_on_request(personas, scene, login):
    client = login(personas.admin)
    response = client.get(_round_url(scene))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {"committee": "amu", "unit": "UVF", "level": 1}
    assert response.context["preview"] is None
    response = client.get(_round_url(scene), AMU)
    html = response.content.decode()
    assert "Status report to AMU" in html and "Rooms are an institution matter." in html
    assert "not shown" in html and "65 %" not in html
    assert "Save the report and make the documents" in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("hr", 200),
        ("dean", 200),
        ("head", 403),
        ("section_leader", 403),
        ("safety_rep", 403),
        ("facilitator", 403),
        ("employee", 403),
        ("outsider", 403),
    ],
)
def test_administrators_hr_and_top_management_open_the_page(
    personas, scene, login, persona, status
):
    response = login(getattr(personas, persona)).get(_round_url(scene))
    assert response.status_code == status


def test_hr_of_a_faculty_reports_to_its_lamu_but_not_to_amu(personas, scene, login):
    client = login(personas.hr)
    response = client.get(_round_url(scene))
    codes = [code for code, _label in response.context["form"].fields["unit"].choices]
    assert codes == ["HF", "HF-01"]  # the faculty, and the department with sections below it
    assert response.context["form"].initial["committee"] == "lamu"
    response = client.get(_round_url(scene), AMU)
    assert response.context["preview"] is None
    assert "Select a valid choice" in response.content.decode()
    response = client.get(_round_url(scene), LAMU)
    html = response.content.decode()
    assert "Status report to LAMU" in html and "Faculty of Science" not in html


def test_a_committee_must_fit_the_part_of_the_organisation(personas, scene, login):
    client = login(personas.admin)
    response = _generate(client, scene, {**AMU, "unit": "HF"})
    assert response.status_code == 400
    assert "A report to AMU covers the whole institution" in response.content.decode()
    assert response.context["form"]["unit"].value() == "HF"  # what was chosen is kept
    response = client.get(_round_url(scene), {**LAMU, "unit": "HF-01"})
    assert "A report to a LAMU covers a faculty" in response.content.decode()
    assert not CommitteeReport.objects.exists()


def test_saving_freezes_the_figures_and_is_audited(personas, scene, login):
    client = login(personas.hr)
    response = _generate(client, scene, LAMU)
    report = CommitteeReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("committees:report", args=[report.uid])
    assert (report.number, report.committee, report.unit, report.level) == (
        1,
        "lamu",
        personas.org.hf,
        1,
    )
    assert report.created_by == personas.hr and report.snapshot["prepared_by"] == "Hanne Hansen"
    entry = AuditEntry.objects.get(action="committees.report.generate")
    assert entry.actor == personas.hr and entry.data["unit"] == "HF"
    # Later work changes the preview, never the saved report.
    scene.budget.status = MeasureStatus.DONE
    scene.budget.save(update_fields=["status"])
    page = client.get(reverse("committees:report", args=[report.uid]))
    assert "7 (done: 0, overdue: 0)" in page.content.decode()
    preview = client.get(_round_url(scene), LAMU)
    assert "7 (done: 1, overdue: 0)" in preview.content.decode()
    assert _generate(client, scene, LAMU).status_code == 302
    assert list(CommitteeReport.objects.values_list("number", flat=True)) == [2, 1]


def test_top_management_reads_but_does_not_save_or_record(personas, scene, login):
    hr_client = login(personas.hr)
    _generate(hr_client, scene, LAMU)
    report = CommitteeReport.objects.get()
    client = login(personas.dean)
    html = client.get(_round_url(scene), LAMU).content.decode()
    assert "Status report to LAMU" in html
    assert "Save the report and make the documents" not in html
    assert _generate(client, scene, LAMU).status_code == 403
    page = client.get(reverse("committees:report", args=[report.uid]))
    assert page.status_code == 200 and page.context["form"] is None
    discussed = client.post(
        reverse("committees:discuss", args=[report.uid]),
        {"committee": "lamu", "meeting_on": timezone.localdate().isoformat()},
    )
    assert discussed.status_code == 403 and not Discussion.objects.exists()


def test_recording_a_discussion(personas, scene, login):
    client = login(personas.hr)
    _generate(client, scene, LAMU)
    report = CommitteeReport.objects.get()
    url = reverse("committees:discuss", args=[report.uid])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    bad = {"committee": "lamu", "meeting_on": tomorrow.isoformat(), "reference": "24/117",
           "note": "Asked for a follow-up in the spring."}  # fmt: skip
    response = client.post(url, bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Record a meeting once it has been held." in html
    assert "Asked for a follow-up in the spring." in html and 'value="24/117"' in html
    CommitteeReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now() + dt.timedelta(days=3)
    )
    response = client.post(url, {**bad, "meeting_on": timezone.localdate().isoformat()})
    assert "cannot have been before the report was made" in response.content.decode()
    CommitteeReport.objects.filter(pk=report.pk).update(created_at=report.created_at)
    assert not Discussion.objects.exists()
    response = client.post(url, {**bad, "meeting_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    discussion = Discussion.objects.get()
    assert (discussion.committee, discussion.reference) == ("lamu", "24/117")
    assert discussion.recorded_by == personas.hr and discussion.recorded_by_name == "Hanne Hansen"
    entry = AuditEntry.objects.get(action="committees.discussion.record")
    assert entry.data["reference"] == "24/117"
    page = client.get(_round_url(scene)).content.decode()
    assert "24/117" in page and "Report 1" in page


def test_the_list_shows_only_reports_in_scope(personas, scene, login):
    _generate(login(personas.admin), scene, AMU)
    _generate(login(personas.hr), scene, LAMU)
    hr_reports = login(personas.hr).get(_round_url(scene)).context["reports"]
    assert [r.number for r in hr_reports] == [2]
    admin_reports = login(personas.admin).get(_round_url(scene)).context["reports"]
    assert [r.number for r in admin_reports] == [2, 1]
    amu = CommitteeReport.objects.get(number=1)
    client = login(personas.hr)
    assert client.get(reverse("committees:report", args=[amu.uid])).status_code == 403
    assert client.get(reverse("committees:document", args=[amu.uid, "pdf"])).status_code == 403


def test_hr_of_the_institution_produces_the_amu_report(personas, scene, login):
    RoleAssignment.objects.create(
        person=personas.hr.person,
        role=Role.HR_PARTNER,
        unit=personas.org.root,
        include_subtree=True,
    )
    client = login(personas.hr)
    assert client.get(_round_url(scene)).context["form"].initial["committee"] == "amu"
    assert _generate(client, scene, AMU).status_code == 302
    report = CommitteeReport.objects.get()
    assert (report.committee, report.unit) == ("amu", personas.org.root)


def test_an_unknown_document_format_is_not_found(personas, scene, login):
    client = login(personas.admin)
    _generate(client, scene, AMU)
    report = CommitteeReport.objects.get()
    assert client.get(reverse("committees:document", args=[report.uid, "odt"])).status_code == 404


IDF = {"committee": "idf", "unit": "HF", "level": "1"}


def _union_rep(personas, unit):
    """Otto (an employee of the Faculty of Science) as union representative on `unit` and the
    units below it."""
    RoleAssignment.objects.create(
        person=personas.outsider.person, role=Role.UNION_REP, unit=unit, include_subtree=True
    )
    return personas.outsider


def test_a_union_representative_reads_the_idf_reports_on_their_part(personas, scene, login):
    hr = login(personas.hr)
    _generate(hr, scene, LAMU)
    _generate(hr, scene, IDF)
    lamu, idf = CommitteeReport.objects.order_by("number")
    client = login(_union_rep(personas, personas.org.hf))
    page = client.get(_round_url(scene))
    assert page.status_code == 200 and [r.number for r in page.context["reports"]] == [2]
    html = page.content.decode()
    assert "Choose the report" not in html and "saved for the IDF meeting" in html
    assert client.get(_round_url(scene), IDF).context.get("preview") is None
    report = client.get(reverse("committees:report", args=[idf.uid]))
    assert report.status_code == 200 and report.context["form"] is None
    pdf = client.get(reverse("committees:document", args=[idf.uid, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    entry = AuditEntry.objects.get(action="committees.report.download")
    assert entry.actor == personas.outsider
    # Not the LAMU's report, nor saving or recording.
    assert client.get(reverse("committees:report", args=[lamu.uid])).status_code == 403
    assert client.get(reverse("committees:document", args=[lamu.uid, "docx"])).status_code == 403
    assert _generate(client, scene, IDF).status_code == 403
    discussed = client.post(
        reverse("committees:discuss", args=[idf.uid]),
        {"committee": "idf", "meeting_on": timezone.localdate().isoformat()},
    )
    assert discussed.status_code == 403 and not Discussion.objects.exists()


def test_a_union_representative_elsewhere_reads_nothing_here(personas, scene, login):
    _generate(login(personas.hr), scene, IDF)
    idf = CommitteeReport.objects.get()
    client = login(_union_rep(personas, personas.org.mn))
    assert client.get(_round_url(scene)).context["reports"] == []
    assert client.get(reverse("committees:report", args=[idf.uid])).status_code == 403
    assert login(personas.employee).get(_round_url(scene)).status_code == 403


def test_hr_corrects_the_record_of_a_discussion(personas, scene, login):
    client = login(personas.hr)
    _generate(client, scene, LAMU)
    report = CommitteeReport.objects.get()
    today = timezone.localdate().isoformat()
    client.post(
        reverse("committees:discuss", args=[report.uid]),
        {"committee": "lamu", "meeting_on": today, "reference": "24/117", "note": "Noted."},
    )
    discussion = Discussion.objects.get()
    url = reverse("committees:correct", args=[report.uid, discussion.uid])
    page = client.get(reverse("committees:report", args=[report.uid])).content.decode()
    assert url in page
    form = client.get(url)
    assert form.status_code == 200 and 'value="24/117"' in form.content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    bad = {"committee": "lamu", "meeting_on": tomorrow, "reference": "24/171", "note": "Noted.",
           "revision": "1"}  # fmt: skip
    refused = client.post(url, bad)
    assert refused.status_code == 400
    assert "Record a meeting once it has been held." in refused.content.decode()
    assert 'value="24/171"' in refused.content.decode()  # what was typed stays
    discussion.refresh_from_db()
    assert (discussion.reference, discussion.revision) == ("24/117", 1)
    done = client.post(url, {**bad, "meeting_on": today})
    assert done.status_code == 302
    discussion.refresh_from_db()
    assert (discussion.reference, discussion.revision) == ("24/171", 2)
    assert discussion.corrected_by_name == "Hanne Hansen"
    entry = AuditEntry.objects.get(action="committees.discussion.correct")
    assert entry.data["before"]["reference"] == "24/117"
    assert entry.data["after"]["reference"] == "24/171"
    # A form loaded before that correction is refused and shows both versions.
    stale = client.post(url, {**bad, "meeting_on": today, "reference": "24/999"})
    assert stale.status_code == 400
    html = stale.content.decode()
    assert "Somebody else saved a change while you were editing" in html
    assert "24/171" in html and "24/999" in html
    discussion.refresh_from_db()
    assert discussion.reference == "24/171"
    # Top management reads but does not correct.
    dean = login(personas.dean)
    assert dean.get(url).status_code == 403
    assert url not in dean.get(reverse("committees:report", args=[report.uid])).content.decode()
