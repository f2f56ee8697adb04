"""Importing responses from another survey tool: every error with its line, nothing imported
on error, and a closed round that looks like one Medvirk ran."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from lib.instrument import load
from lib.orgcsv import CsvFile
from lib.responsecsv import parse
from surveys.models import Comment, Instrument, Response, RoundStatus, SurveyRound
from surveys.response_import import find_instrument, run_response_import
from tests.instruments import MINI
from tests.responsefiles import ROWS, responses_file
from tests.rounds import instrument

pytestmark = pytest.mark.django_db

UNITS = {"UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"}


def _errors(file: CsvFile) -> list[str]:
    parsed = parse(file, load(MINI), UNITS)
    return [f"{p.location()}: {p.render()}" for p in parsed.errors]


def _import(personas, file: CsvFile, *, dry_run: bool = False, name: str = "ARK 2024"):
    return run_response_import(
        file=file, instrument=instrument(), round_name=name, actor=personas.admin, dry_run=dry_run
    )


def test_it_reads_scale_values_options_not_relevant_and_comments() -> None:
    parsed = parse(responses_file(), load(MINI), UNITS)
    assert parsed.problems == []
    first, second, third, fourth = parsed.rows
    assert first.answers == {"W1": 4, "W2": 2, "C1": 5, "C2": 4, "F1": "no"}
    assert first.comments == {"T1": "Godt samarbeid"}
    assert first.background == {
        "position_group": "academic",
        "age_group": "30-39",
        "gender": "woman",
        "employment": "permanent",
    }
    assert second.answers == {"W1": 3, "W2": "na", "C1": 4, "F1": "no"} and second.comments == {}
    assert (third.line, third.unit_code) == (4, "HF-02")
    assert fourth.background == {}


def test_item_columns_match_the_codes_case_insensitively_and_background_is_optional() -> None:
    parsed = parse(responses_file(["MN,5,no"], header="Unit_Code,w1,f1"), load(MINI), UNITS)
    assert parsed.problems == [] and parsed.rows[0].answers == {"W1": 5, "F1": "no"}


def test_it_reports_an_unknown_unit_with_its_line() -> None:
    assert _errors(responses_file([*ROWS, "XX-99,,,,,4,4,4,4,no,"])) == [
        "responses.csv:6: The unit code “XX-99” is not a unit of the organisation."
    ]


def test_it_reports_an_empty_unit_code() -> None:
    assert _errors(responses_file([",,,,,4,4,4,4,no,"])) == [
        "responses.csv:2: The value in “unit_code” is empty."
    ]


def test_it_reports_an_unknown_item_column() -> None:
    errors = _errors(responses_file(["HF,4,4"], header="unit_code,W1,Q99"))
    assert errors == [
        "responses.csv:1: The column “Q99” is not an item of the questionnaire mini v1."
    ]


def test_it_reports_a_missing_unit_code_column() -> None:
    assert _errors(responses_file(["4,4"], header="W1,W2")) == [
        "responses.csv:1: The required column “unit_code” is missing."
    ]


def test_it_reports_a_repeated_column() -> None:
    assert _errors(responses_file(["HF,4,4"], header="unit_code,W1,w1")) == [
        "responses.csv:1: The column “W1” appears more than once."
    ]


def test_it_reports_out_of_range_and_non_numeric_scale_values() -> None:
    errors = _errors(responses_file(["HF,,,,,6,4,4,4,no,", "HF,,,,,4,four,4,4,no,"]))
    assert errors == [
        "responses.csv:2: “6” in column “W1” is not on its scale: use a whole number from 1 to 5, "
        "na, or leave it empty.",
        "responses.csv:3: “four” in column “W2” is not on its scale: use a whole number from 1 "
        "to 5, na, or leave it empty.",
    ]


def test_it_reports_an_option_that_does_not_exist() -> None:
    assert _errors(responses_file(["HF,,,,,4,4,4,4,maybe,"])) == [
        "responses.csv:2: “maybe” in column “F1” is not one of its options: no, yes."
    ]


def test_it_reports_a_file_that_is_not_utf8() -> None:
    errors = _errors(responses_file(["HF,,,,,4,4,4,4,no,Trivelig på jobb"], encoding="latin-1"))
    assert len(errors) == 1 and "not saved as UTF-8" in errors[0]
    assert errors[0].startswith("responses.csv:2:")


def test_it_reports_semicolons_instead_of_commas() -> None:
    file = responses_file(["HF;4;4"], header="unit_code;W1;W2")
    assert _errors(file) == [
        "responses.csv:1: The columns are separated by semicolons, not commas. Save the file as "
        "“CSV UTF-8 (comma delimited)” and upload it again."
    ]


def test_it_reports_lines_with_the_wrong_number_of_values() -> None:
    errors = _errors(responses_file(["HF,,,,,4,4,4,4,no", *ROWS]))
    assert errors == [
        "responses.csv:2: This line has 10 values but the header has 11 columns. Check for a "
        "missing or extra comma, or a value with a comma that is not in quotes."
    ]


def test_it_lists_every_error_in_the_file() -> None:
    rows = [*ROWS, "XX,,,,,9,4,4,4,no,", "HF,,,,,4,4,4,4,perhaps,", "YY,,,,,4,4,4,4,no,"]
    errors = _errors(responses_file(rows))
    assert [e.split(":")[1] for e in errors] == ["6", "6", "7", "8"]


def test_a_line_without_answers_is_skipped_with_a_warning() -> None:
    parsed = parse(responses_file([*ROWS, "HF,academic,,,,,,,,,"]), load(MINI), UNITS)
    assert len(parsed.rows) == 4 and not parsed.errors
    assert [p.render() for p in parsed.warnings] == ["This line has no answers and was skipped."]


def test_it_imports_into_a_new_closed_round(personas) -> None:
    result = _import(personas, responses_file())
    survey = result.survey
    assert survey is not None and survey.status == RoundStatus.CLOSED
    assert survey.name == "ARK 2024" and survey.scope == personas.org.hf
    units = {u.code: u for u in survey.units.all()}
    assert set(units) == {"HF", "HF-01", "HF-01-01", "HF-02"}
    assert units["HF-01-01"].path == "/HF/HF-01/HF-01-01/"
    assert (units["HF-01-01"].submitted_count, units["HF-02"].submitted_count) == (2, 2)
    assert units["HF-01-01"].invited_count == 0
    assert Response.objects.filter(round=survey).count() == 4
    assert sorted(Comment.objects.values_list("reporting_unit__code", "question", "text")) == [
        ("HF-01-01", "T1", "Godt samarbeid"),
        ("HF-02", "T1", "For mange møter"),
    ]
    assert not any("T1" in r.answers for r in Response.objects.all())
    assert Instrument.objects.get().is_frozen
    entry = AuditEntry.objects.get(action="surveys.import_responses")
    assert entry.actor == personas.admin and entry.data["responses"] == 4


def test_nothing_is_imported_when_any_line_has_an_error(personas) -> None:
    result = _import(personas, responses_file([*ROWS, "HF,,,,,4,4,4,4,perhaps,"]))
    assert result.survey is None and len(result.plan.errors) == 1
    assert not SurveyRound.objects.exists() and not Response.objects.exists()
    assert not Comment.objects.exists() and not AuditEntry.objects.exists()


def test_a_dry_run_writes_nothing(personas) -> None:
    result = _import(personas, responses_file(), dry_run=True)
    assert result.survey is None and result.plan.response_count == 4
    assert result.plan.comment_count == 2
    assert not SurveyRound.objects.exists()


def test_it_refuses_a_round_name_that_is_taken(personas) -> None:
    _import(personas, responses_file())
    result = _import(personas, responses_file())
    assert [p.render() for p in result.plan.errors] == [
        "A survey round called “ARK 2024” already exists. Choose another name."
    ]
    assert SurveyRound.objects.count() == 1


def test_it_finds_a_questionnaire_by_code_and_version(personas) -> None:
    row = instrument()
    assert find_instrument("mini") == row and find_instrument("mini:1") == row


def test_the_command_imports_and_reports(personas, tmp_path) -> None:
    instrument()
    path = tmp_path / "responses.csv"
    path.write_bytes(responses_file().data)
    out = io.StringIO()
    call_command(
        "importresponses",
        "mini:1",
        str(path),
        "--round-name",
        "ARK 2024",
        "--opens-on",
        "2024-03-01",
        "--closes-on",
        "2024-03-22",
        stdout=out,
    )
    assert "Imported 4 responses and 2 comments" in out.getvalue()
    assert "HF-02 Department of Cultural Studies: 2 responses, 1 comments" in out.getvalue()
    assert SurveyRound.objects.get().closes_on.isoformat() == "2024-03-22"


def test_the_command_lists_every_error_and_imports_nothing(personas, tmp_path) -> None:
    instrument()
    path = tmp_path / "responses.csv"
    path.write_bytes(responses_file([*ROWS, "XX,,,,,9,4,4,4,no,"]).data)
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 errors; nothing was imported"):
        call_command(
            "importresponses",
            "mini",
            str(path),
            "--round-name",
            "X",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert err.getvalue().count("responses.csv:6:") == 2
    assert not SurveyRound.objects.exists()
    with pytest.raises(CommandError, match="No questionnaire “nope” is loaded"):
        call_command("importresponses", "nope", str(path), "--round-name", "X")
