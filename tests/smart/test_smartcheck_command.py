"""`medvirk smartcheck FILE.json`: the five criteria of each measure as JSON; exit code 0,
1 with --strict when a criterion fails, 2 on bad input."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

GOOD = {
    "title": "Allmøte",
    "description": "Innføre et fast 30-minutters allmøte første mandag hver måned for alle "
    "ansatte i seksjonen fra 1. februar; mål: minst 80 % oppmøte",
    "agreed_at": "2025-01-15",
    "agreed_by": "Tiltaksmøtet, alle ansatte og verneombudet",
    "resources": "30 minutter i måneden per ansatt",
    "within_authority": True,
    "start": "2025-02-01",
    "due": "2025-06-30",
    "follow_up": ["2025-04-01"],
    "responsible": "Seksjonsleder",
}
VAGUE = {"title": "Kommunikasjon", "description": "Vi skal jobbe med kommunikasjon"}


def _file(tmp_path, data) -> str:
    path = tmp_path / "measures.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("smartcheck", *args, "--today", "2025-01-20", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_five_criteria_of_each_measure(tmp_path):
    out, err = _call(_file(tmp_path, [GOOD, VAGUE]))
    results = json.loads(out)
    assert err == ""
    assert [list(r) for r in results] == [
        ["specific", "measurable", "accepted", "realistic", "time_bound"]
    ] * 2
    assert all(c["met"] for c in results[0].values())
    assert not any(c["met"] for c in results[1].values())
    assert results[1]["specific"] == {
        "met": False,
        "reason": "“jobbe med” names a direction, not what will be done.",
        "suggestion": "Replace “jobbe med” with what people will actually do, how often and for "
        "whom, for example “offer every new employee a mentor for their first six months”.",
    }


def test_it_speaks_bokmal_when_asked(tmp_path):
    out, _ = _call(_file(tmp_path, [GOOD]), "--language", "nb")
    assert json.loads(out)[0]["accepted"] == {
        "met": True,
        "reason": "Avtalt 15. januar 2025 av Tiltaksmøtet, alle ansatte og verneombudet.",
        "suggestion": None,
    }
    assert "«" in out  # not escaped as \u00ab


def test_it_fails_with_1_on_strict_only_when_a_criterion_fails(tmp_path):
    out, _ = _call(_file(tmp_path, [GOOD]), "--strict")
    assert len(json.loads(out)) == 1
    with pytest.raises(
        CommandError, match="Measures that fail at least one criterion: 1 of 2"
    ) as failed:
        _call(_file(tmp_path, [GOOD, VAGUE]), "--strict")
    assert failed.value.returncode == 1


def test_it_lists_every_input_error_and_fails_with_2(tmp_path):
    path = _file(tmp_path, [GOOD, {"due": "30.06.2025", "language": "se"}])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(
        CommandError, match=r"Nothing was checked because of the errors above \(2\)"
    ) as bad:
        call_command("smartcheck", path, stdout=out, stderr=err)
    assert bad.value.returncode == 2
    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        "Measure 2, “due”: “30.06.2025” is not a date in the form YYYY-MM-DD.",
        "Measure 2, “language”: unknown language “se”; use “nb” or “en”.",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"title": "x"}', "The file must contain a JSON list of measures."),
        ("[{", "The file is not valid JSON (line 1, column 3"),
    ],
)
def test_it_rejects_a_file_that_is_not_a_list_of_measures(tmp_path, content, message):
    err = io.StringIO()
    with pytest.raises(CommandError) as bad:
        call_command("smartcheck", _file(tmp_path, content), stdout=io.StringIO(), stderr=err)
    assert bad.value.returncode == 2 and err.getvalue().startswith(message)


def test_it_reports_a_file_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.json") as bad:
        call_command("smartcheck", str(tmp_path / "missing.json"))
    assert bad.value.returncode == 2


def test_it_warns_about_unknown_fields_and_still_checks(tmp_path):
    out, err = _call(_file(tmp_path, [{**GOOD, "frist": "2025-06-30"}]))
    assert err.strip() == "Measure 1: unknown field “frist” is ignored."
    assert len(json.loads(out)) == 1


# Runs the console command several times in one process (one Django start-up) and prints
# the exit code of each run.
EXIT_CODES = """
import sys
from medvirk.cli import main
for args in sys.argv[1:]:
    sys.argv = ["medvirk", "smartcheck", *args.split()]
    try:
        main()
        print("exit=0")
    except SystemExit as exit:
        print(f"exit={exit.code or 0}")
"""


def test_the_console_command_exits_with_the_codes(tmp_path):
    good, vague, bad = (tmp_path / f"{n}.json" for n in ("good", "vague", "bad"))
    good.write_text(json.dumps([GOOD]), encoding="utf-8")
    vague.write_text(json.dumps([VAGUE]), encoding="utf-8")
    bad.write_text('"not a list"', encoding="utf-8")
    runs = [f"{good} --today 2025-01-20 --strict", f"{vague}", f"{vague} --strict", f"{bad}"]
    done = subprocess.run(
        [sys.executable, "-c", EXIT_CODES, *runs],
        capture_output=True,
        text=True,
        env={**os.environ, "MEDVIRK_TESTING": "1"},
        check=True,
    )
    assert re.findall(r"^exit=(\d)$", done.stdout, re.M) == ["0", "0", "1", "2"]
    assert done.stderr.splitlines() == [
        "CommandError: Measures that fail at least one criterion: 1 of 1.",
        "The file must contain a JSON list of measures.",
        "CommandError: Nothing was checked because of the errors above (1).",
    ]
