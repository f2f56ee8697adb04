"""Releasing a closed round: the stored unit reports are exactly the published catalogue,
hidden cells carry their reason, and the round becomes released."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from lib import disclosure, stats
from reports import build
from reports.models import ReleaseStatus, UnitReport
from respond.questionnaire import questionnaire_for
from surveys.models import RoundStatus
from surveys.services import BACKGROUND_FIELDS
from tests.reportfixtures import closed_round, release

# Music (HF-01) 4 directly, Performance (HF-01-01) 12, Cultural Studies (HF-02) 7, Science 9.
COUNTS = {"HF-01": 4, "HF-01-01": 12, "HF-02": 7, "MN": 9}


@pytest.fixture
def survey(personas):
    return closed_round(personas.org.root, COUNTS, comments={"HF-01-01": 11, "MN": 3})


def reference_catalogue(survey):
    loaded = build.load(survey)
    computed = stats.compute(
        questionnaire_for(survey), loaded.tree, loaded.responses, breakdowns=BACKGROUND_FIELDS
    )
    return disclosure.control(computed, survey.threshold)


def test_it_stores_every_whole_unit_cell_as_the_catalogue_decides(survey):
    published = release(survey)
    assert published.status == ReleaseStatus.PUBLISHED
    catalogue = reference_catalogue(survey)
    reports = {r.code: r.data for r in UnitReport.objects.filter(release=published)}
    assert set(reports) == {"UVF", "HF", *COUNTS}
    for code, data in reports.items():
        for cell in catalogue.cells(code, breakdowns=False):
            stored = data["cells"][cell.code]
            assert stored["hidden"] == cell.hidden_reason, (code, cell.code)
            if cell.published:
                assert stored["n"] == cell.n
                assert stored["mean"] == pytest.approx(cell.mean, abs=1e-4)
                if cell.sd is not None:
                    assert stored["sd"] == pytest.approx(cell.sd, abs=1e-4)
                assert stored["parent"] == pytest.approx(cell.parent_mean, abs=1e-4)
                expected = [list(x) for x in cell.distribution] if cell.distribution else None
                assert stored["dist"] == expected
            else:
                assert "n" not in stored and "mean" not in stored


def test_it_hides_small_units_and_explains_why(survey):
    published = release(survey)
    music = UnitReport.objects.get(release=published, code="HF-01").data
    # Music: 4 direct + 12 in Performance = 16 shown; its residual of 4 would expose the
    # four attached directly, so the repair hides Performance (the smaller covering unit).
    performance = UnitReport.objects.get(release=published, code="HF-01-01").data
    assert music["cells"]["W1"]["hidden"] == ""
    assert performance["cells"]["W1"]["hidden"] == "residual"
    hf = UnitReport.objects.get(release=published, code="HF").data
    # The sensitive F1 needs 10: Science's 9 are hidden, so the faculty's 23 are hidden too,
    # or the institution minus the faculty would give Science's answers.
    root = UnitReport.objects.get(release=published, code="UVF").data
    assert root["cells"]["F1"]["hidden"] == ""
    assert hf["cells"]["F1"]["hidden"] == "residual"
    culture = UnitReport.objects.get(release=published, code="HF-02").data
    assert culture["cells"]["F1"]["hidden"] == "sensitive"
    assert culture["cells"]["W1"]["dist"] is None
    assert culture["cells"]["W1"]["dist_hidden"] == "distribution"


def test_it_keeps_comments_only_where_the_comment_rule_allows(survey):
    published = release(survey)
    root = UnitReport.objects.get(release=published, code="UVF").data
    assert root["comments"]["shown"] is True
    assert sorted(root["comments"]["items"]["T1"]) == sorted(
        [f"HF-01-01 #{i}" for i in range(11)] + [f"MN #{i}" for i in range(3)]
    )
    science = UnitReport.objects.get(release=published, code="MN").data
    assert science["comments"] == {"shown": False, "hidden": "comments", "items": {}}
    assert science["respondents"] is None


def test_it_rounds_response_rates_and_hides_them_where_few_were_invited(survey):
    published = release(survey)
    root = UnitReport.objects.get(release=published, code="UVF").data
    invited = sum(COUNTS.values()) + 2 * len(COUNTS)
    assert root["rate"] == {
        "percent": 5 * round(20 * sum(COUNTS.values()) / invited),
        "hidden": "",
    }
    assert (
        UnitReport.objects.get(release=published, code="UVF").overview["rate"]
        == (root["rate"]["percent"])
    )


def test_it_marks_the_round_released_and_audits_the_release(survey, personas):
    published = release(survey, actor=personas.admin)
    survey.refresh_from_db()
    assert survey.status == RoundStatus.RELEASED
    assert published.audit["ok"] is True and published.audit["groups"] > 0
    entry = AuditEntry.objects.get(action="reports.release.publish")
    assert entry.actor == personas.admin
    assert entry.data["release"] == 1 and entry.data["respondents"] == sum(COUNTS.values())


def test_it_refuses_a_round_that_has_not_closed(personas):
    survey = closed_round(personas.org.root, {"HF-02": 6})
    survey.status = RoundStatus.OPEN
    survey.save()
    with pytest.raises(ValidationError, match="after the round has closed"):
        build.start_release(actor=None, round=survey)
    assert not survey.releases.exists()


def test_it_refuses_a_second_build_while_one_is_running(survey):
    build.start_release(actor=None, round=survey)
    with pytest.raises(ValidationError, match="being built"):
        build.start_release(actor=None, round=survey)


def test_rates_follow_the_round_pages_rule_including_the_residual(personas):
    """Music invites 4 directly and Performance 14: showing both rates would give away the
    rate of the four, so Performance's rate is hidden — in the report as on the round page."""
    from surveys import rates

    survey = closed_round(personas.org.root, {"HF-01": 2, "HF-01-01": 12})
    published = release(survey)
    reports = {r.code: r.data["rate"] for r in UnitReport.objects.filter(release=published)}
    assert reports["HF-01-01"] == {"percent": None, "hidden": "residual"}
    assert reports["HF-02"] == {"percent": None, "hidden": "rates"}  # nobody invited
    assert reports["HF-01"]["percent"] is not None
    page = {
        row.unit.code: row.percent for row in rates.table(round=survey, user=personas.admin).rows
    }
    assert {code: rate["percent"] for code, rate in reports.items()} == page
