"""Reading measures from JSON with the form's field names: every error names the measure
(counted from 1) and the field; nothing is returned for a measure with errors."""

from __future__ import annotations

from datetime import date

from lib.smart import IndexTarget, Measure, parse_measures, parse_measures_json


def _errors(data: object, language: str = "en") -> list[str]:
    return [e.render(language) for e in parse_measures(data).errors]  # type: ignore[arg-type]


def test_it_reads_every_field():
    parsed = parse_measures(
        [
            {
                "title": "Allmøte",
                "description": "Holde allmøte",
                "indicator": "Oppmøte",
                "target": "80 %",
                "index_target": {"code": "WL", "value": 4},
                "agreed_at": "2025-01-15",
                "agreed_by": "Tiltaksmøtet",
                "resources": "Ingen",
                "within_authority": False,
                "escalate": True,
                "start": "2025-02-01",
                "due": "2025-06-30",
                "follow_up": ["2025-04-01", ""],
                "responsible": "Kari",
                "language": "nb",
                "status": "planned",
            },
            {"title": "Tomt", "start": "", "due": None, "description": None},
        ]
    )
    assert parsed.errors == parsed.warnings == []
    assert parsed.measures == [
        Measure(
            title="Allmøte",
            description="Holde allmøte",
            indicator="Oppmøte",
            target="80 %",
            index_target=IndexTarget("WL", 4.0),
            agreed_at=date(2025, 1, 15),
            agreed_by="Tiltaksmøtet",
            resources="Ingen",
            within_authority=False,
            escalate=True,
            start=date(2025, 2, 1),
            due=date(2025, 6, 30),
            follow_up=(date(2025, 4, 1),),
            responsible="Kari",
            language="nb",
        ),
        Measure(title="Tomt"),
    ]


def test_it_wants_a_list_of_objects():
    assert _errors({"title": "x"}) == ["The file must contain a JSON list of measures."]
    assert _errors([{}, "x"], "nb") == ["Tiltak 2 er ikke et JSON-objekt."]


def test_it_names_the_measure_and_field_of_every_error():
    errors = _errors(
        [
            {"title": "ok"},
            {
                "due": "30.06.2025",
                "start": "2025-02-30",
                "title": 7,
                "within_authority": "ja",
                "follow_up": "2025-04-01",
                "index_target": {"code": "WL", "value": "høy"},
                "language": "nn",
            },
        ]
    )
    assert errors == [
        "Measure 2, “title”: must be text.",
        "Measure 2, “start”: “2025-02-30” is not a date in the form YYYY-MM-DD.",
        "Measure 2, “due”: “30.06.2025” is not a date in the form YYYY-MM-DD.",
        "Measure 2, “index_target”: must be an object with an index “code” and a numeric “value”.",
        "Measure 2, “within_authority”: must be true, false or null.",
        "Measure 2, “follow_up”: must be a list of dates.",
        "Measure 2, “language”: unknown language “nn”; use “nb” or “en”.",
    ]


def test_it_reports_bad_follow_up_dates_one_by_one():
    assert _errors([{"follow_up": ["2025-04-01", "1. mai"]}], "nb") == [
        "Tiltak 1, «follow_up»: «1. mai» er ikke en dato på formen ÅÅÅÅ-MM-DD."
    ]


def test_it_warns_about_unknown_fields():
    parsed = parse_measures([{"title": "x", "due_date": "2025-06-30", "status": "done"}])
    assert [w.render() for w in parsed.warnings] == [
        "Measure 1: unknown field “due_date” is ignored."
    ]
    assert parsed.measures == [Measure(title="x")]


def test_it_reports_text_that_is_not_json():
    (error,) = parse_measures_json('[{"title": "x",}]').errors
    assert error.render().startswith("The file is not valid JSON (line 1, column 16: ")
    assert error.render("nb").startswith("Filen er ikke gyldig JSON (linje 1, kolonne 16: ")
