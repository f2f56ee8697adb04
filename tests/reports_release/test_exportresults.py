"""`medvirk exportresults`: every published cell as report readers see them, CSV or XLSX."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from reports import export
from reports.models import UnitReport
from tests.reportfixtures import closed_round, release

COUNTS = {"HF-01": 4, "HF-01-01": 12, "HF-02": 7, "MN": 9}


@pytest.fixture
def released(personas):
    survey = closed_round(personas.org.root, COUNTS, seed=3)
    return survey, release(survey)


def same(value: object) -> object:
    """A CSV text and an XLSX value compared as what they mean (0 and "0.0" alike)."""
    if value is None or value == "":
        return ""
    try:
        return float(value)  # type: ignore[arg-type]
    except ValueError:
        return value


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("exportresults", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_csv_has_the_documented_columns_and_a_row_per_cell(released, tmp_path):
    survey, published = released
    path = tmp_path / "results.csv"
    assert "rows to" in run(str(survey.uid), "--out", str(path))
    with path.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert tuple(rows[0]) == export.COLUMNS
    reports = {r.code: r.data for r in UnitReport.objects.filter(release=published)}
    whole = [r for r in rows if not r["group_variable"]]
    assert len(whole) == sum(len(d["cells"]) for d in reports.values())
    by_key = {(r["unit_code"], r["group_variable"], r["group"], r["code"]): r for r in rows}
    shown = by_key["HF-01", "", "", "W1"]
    cell = reports["HF-01"]["cells"]["W1"]
    assert int(shown["n"]) == cell["n"] and float(shown["mean"]) == cell["mean"]
    assert shown["kind"] == "item" and shown["parent_mean"] == str(cell["parent"])
    hidden = by_key["HF-01-01", "", "", "W1"]
    assert (hidden["n"], hidden["mean"], hidden["distribution"]) == ("", "", "")
    assert hidden["hidden_reason"] == "hidden so that a smaller group cannot be worked out"
    root_w1 = by_key["UVF", "", "", "W1"]
    assert root_w1["distribution"].startswith("1:") and root_w1["distribution"].count(";") == 4
    assert by_key["UVF", "", "", "F1"]["kind"] == "fact"


def test_the_xlsx_has_the_same_rows_for_a_subtree(released, tmp_path):
    from openpyxl import load_workbook

    survey, _published = released
    run(str(survey.uid), "--out", str(tmp_path / "all.csv"), "--unit", "HF-01")
    run(str(survey.uid), "--out", str(tmp_path / "all.xlsx"), "--unit", "HF-01")
    with (tmp_path / "all.csv").open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    sheet = load_workbook(tmp_path / "all.xlsx", read_only=True)["results"]
    cells = [[same(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == [[same(v) for v in row] for row in rows]
    assert {r[1] for r in rows[1:]} == {"HF-01", "HF-01-01"}


def test_it_refuses_what_it_cannot_do(personas, released, tmp_path):
    survey, _published = released
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        run(str(survey.uid), "--out", str(tmp_path / "x.txt"))
    with pytest.raises(CommandError, match="no unit with the code “NOPE”"):
        run(str(survey.uid), "--out", str(tmp_path / "x.csv"), "--unit", "NOPE")
    unreleased = closed_round(personas.org.hf, {"HF-02": 6}, name="Spring pulse")
    with pytest.raises(CommandError, match="have not been released"):
        run("Spring pulse", "--out", str(tmp_path / "x.csv"))
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.txt").exists()
    assert unreleased.releases.count() == 0
