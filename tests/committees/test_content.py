"""What a committee report says: rates only where the rules show them, the units of the chosen
subtree down to the chosen level, measures, the themes sent up, escalations and decisions."""

from __future__ import annotations

import pytest

from actions.models import EscalationStatus, MeasureStatus
from committees import access, content
from committees.models import Committee
from committees.present import present
from overviews.models import Outcome
from surveys import rates

pytestmark = pytest.mark.django_db


def _collect(p, scene, root, committee, level=content.ALL_LEVELS, user=None):
    units = access.subtree(access.choosable(user or p.admin, scene.round), root)
    return content.collect(
        survey=scene.round,
        root=root,
        committee=committee,
        level=level,
        units=units,
        prepared_by="Ada Admin",
    )


def test_it_shows_a_rate_only_where_the_rate_rules_show_it(personas, scene):
    data = _collect(personas, scene, personas.org.root, Committee.AMU)
    rules = {r.snapshot.unit.code: r for r in rates.shown_rates(round=scene.round)}
    assert {r.snapshot.unit.code for r in rules.values() if not r.shown} == {"HF-02"}
    for row in data["rows"]:
        assert row["rate"] == rules[row["code"]].percent
        assert row["rate_hidden"] is (not rules[row["code"]].shown)
    culture = next(r for r in data["rows"] if r["code"] == "HF-02")
    assert culture["rate"] is None and culture["rate_hidden"]
    assert data["hidden_rates"] == 1
    shown = present(data)
    culture_row = next(r for r in shown.process_rows if r.code == "HF-02")
    assert culture_row.rate == "not shown"
    # 2 of 3 answered in Cultural Studies: 65 % (rounded) must appear nowhere.
    assert "65 %" not in repr(shown)
    assert [r.rate for r in shown.process_rows] == [
        "70 %",
        "70 %",
        "70 %",
        "75 %",
        "not shown",
        "75 %",
    ]


def test_rows_stop_at_the_chosen_level_and_count_everything_below(personas, scene):
    data = _collect(personas, scene, personas.org.root, Committee.AMU, level=1)
    assert [r["code"] for r in data["rows"]] == ["UVF", "HF", "MN"]
    hf = data["rows"][1]
    assert hf["units"] == 4  # HF, Music, Performance, Cultural Studies
    assert hf["steps"]["report_released"] == 1  # Music released its report to the staff
    assert hf["steps"]["plan_sent_up"] == 4  # the faculty's overview covered them all
    measures = {r["code"]: r["counts"] for r in data["measures"]}
    # Seven measures in the three sections of Music, two of them outside their authority.
    assert measures["HF"]["total"] == 7 and measures["HF"]["escalated"] == 2
    assert measures["HF"][MeasureStatus.PLANNED] == 7 and measures["MN"]["total"] == 0
    assert measures["UVF"] == measures["HF"]


def test_an_idf_report_on_a_department_holds_only_its_own_subtree(personas, scene):
    p = personas
    data = _collect(p, scene, p.org.music, Committee.IDF)
    assert [r["code"] for r in data["rows"]] == ["HF-01", "HF-01-01"]
    assert {m["code"] for m in data["measures"]} == {"HF-01", "HF-01-01"}
    # The compilation belongs to the faculty above: the department's own overview is shown.
    assert [(s["code"], s["kind"]) for s in data["theme_sources"]] == [("HF-01", "unit")]
    assert [t["title"] for t in data["theme_sources"][0]["themes"]] == ["Staff meetings"]
    assert {e["title"] for e in data["escalations"]} == {scene.rooms.title, scene.budget.title}
    assert [d["item"] for d in data["decisions"]] == [scene.rooms.title]
    text = repr(data)
    assert "Faculty of Science" not in text and "Cultural Studies" not in text


def test_escalations_and_decisions_appear_with_where_they_stand(personas, scene):
    data = _collect(personas, scene, personas.org.root, Committee.AMU)
    by_title = {e["title"]: e for e in data["escalations"]}
    rooms, budget = by_title[scene.rooms.title], by_title[scene.budget.title]
    assert rooms["escalation"] == EscalationStatus.RECTOR
    assert rooms["decision"]["outcome"] == Outcome.RECTOR
    assert rooms["decision"]["text"] == "Rooms are an institution matter."
    assert rooms["decision"]["by"] == "Dag Dekan"
    assert budget["escalation"] == EscalationStatus.SENT and budget["decision"] is None
    assert data["escalation_counts"][EscalationStatus.SENT] == 1
    assert [d["item"] for d in data["to_rector"]] == [scene.rooms.title]
    shown = present(data)
    assert ("Escalated measures", "2 (awaiting a decision: 1)") in shown.key_figures
    assert shown.to_rector[0].faculty == "Faculty of Humanities"


def test_a_faculty_is_represented_by_hrs_compilation(personas, scene):
    data = _collect(personas, scene, personas.org.hf, Committee.LAMU)
    (source,) = data["theme_sources"]
    assert (source["code"], source["kind"], source["sent_by"]) == (
        "HF",
        "compilation",
        "Hanne Hansen",
    )
    (theme,) = source["themes"]
    assert theme["title"] == "Meeting places" and theme["pass_up"]
    assert (theme["measures"], theme["units"]) == (3, 3)
    assert theme["dimension"] == {"nb": "Krav", "en": "Demands"}
    assert (data["overviews_sent"], data["compilations_sent"]) == (2, 1)


def test_the_committees_fit_their_levels(personas):
    org = personas.org
    assert content.fits(Committee.AMU, org.root) and not content.fits(Committee.AMU, org.hf)
    assert content.fits(Committee.LAMU, org.hf) and content.fits(Committee.LAMU, org.mn)
    assert not content.fits(Committee.LAMU, org.music)
    assert all(content.fits(Committee.IDF, u) for u in (org.root, org.hf, org.performance))


def test_the_dashboards_extra_columns_come_in_both_languages(personas, scene):
    data = _collect(personas, scene, personas.org.hf, Committee.LAMU, level=1)
    (overview,) = data["extra_columns"]  # "measures" is summed by the report itself
    assert overview["name"] == "overview"
    assert overview["label"]["en"] == "Overview sent"
    assert overview["values"]["HF-01"]["en"] == "sent"
    assert overview["values"]["HF-02"]["en"] == "in the overview above"
