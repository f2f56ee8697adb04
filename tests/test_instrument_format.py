"""Validating questionnaire definitions: every problem is found, and told plainly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lib.instrument import InstrumentError, from_dict, load
from tests.instruments import MINI, mini_data

Data = dict[str, Any]


def _problems(change: Callable[[Data], object]) -> list[str]:
    data = mini_data()
    change(data)
    with pytest.raises(InstrumentError) as caught:
        from_dict(data)
    return caught.value.problems


def _question(data: Data, code: str) -> Data:
    return next(q for s in data["sections"] for q in s["questions"] if q["code"] == code)


def _index(data: Data, code: str) -> Data:
    return next(i for d in data["dimensions"] for i in d["indices"] if i["code"] == code)


def test_it_loads_the_test_instrument() -> None:
    instrument = load(MINI)
    assert instrument.code == "mini" and instrument.version == 1
    assert list(instrument.questions) == ["W1", "W2", "C1", "C2", "F1", "T1"]
    assert instrument.question("W2").reverse and instrument.question("F1").sensitive
    assert [i.code for i in instrument.indices] == ["workload", "climate"]


def test_it_refuses_text_that_is_not_yaml() -> None:
    with pytest.raises(InstrumentError) as caught:
        load("code: [unclosed")
    assert caught.value.problems[0].startswith("not valid YAML")


def test_it_refuses_a_definition_that_is_not_a_mapping() -> None:
    with pytest.raises(InstrumentError, match="mapping at the top level"):
        load("- just\n- a list\n")


CASES: list[tuple[str, Callable[[Data], object], str]] = [
    ("wrong format", lambda d: d.update(format="v2"), "format must be"),
    ("no languages", lambda d: d.update(languages=[]), "languages must be"),
    ("repeated language", lambda d: d.update(languages=["nb", "nb"]), "languages must be"),
    ("bad instrument code", lambda d: d.update(code="my code"), "may hold only letters"),
    ("missing code", lambda d: d.pop("code"), "the instrument: code is missing"),
    ("version zero", lambda d: d.update(version=0), "version must be a whole number"),
    ("version text", lambda d: d.update(version="2"), "version must be a whole number"),
    ("unknown top-level key", lambda d: d.update(titel="x"), "unknown key titel"),
    (
        "missing translation",
        lambda d: d["title"].pop("en"),
        "the instrument's title: missing translation for en",
    ),
    (
        "unlisted language",
        lambda d: d["title"].update(de="Titel"),
        "not listed: de",
    ),
    ("text not per language", lambda d: d.update(title="Title"), "needs a text per language"),
    ("no scales", lambda d: d.update(scales={}), "at least one scale"),
    (
        "scale without points",
        lambda d: d["scales"].update(bad={"favourable": [1]}),
        "scale bad: needs a list of points",
    ),
    (
        "falling scale values",
        lambda d: d["scales"]["agree5"]["points"].reverse(),
        "rising and unique",
    ),
    (
        "point without a number",
        lambda d: d["scales"]["agree5"]["points"].append({"value": "six"}),
        "whole-number value",
    ),
    (
        "favourable outside the scale",
        lambda d: d["scales"]["agree5"].update(favourable=[5, 6]),
        "must be values of the scale",
    ),
    (
        "favourable and unfavourable overlap",
        lambda d: d["scales"]["agree5"].update(unfavourable=[1, 2, 4]),
        "both favourable and unfavourable",
    ),
    (
        "favourable not a list",
        lambda d: d["scales"]["agree5"].update(favourable="4,5"),
        "scale agree5 favourable: must be a list",
    ),
    ("no sections", lambda d: d.update(sections=[]), "at least one section"),
    (
        "duplicate section code",
        lambda d: d["sections"][1].update(code="work"),
        "section work: duplicate section code",
    ),
    (
        "empty section",
        lambda d: d["sections"][0].update(questions=[]),
        "section work: has no questions",
    ),
    (
        "duplicate item code",
        lambda d: _question(d, "C1").update(code="W1"),
        "duplicate item code W1",
    ),
    (
        "unknown scale",
        lambda d: _question(d, "W1").update(scale="agree7"),
        "item W1: unknown scale 'agree7'",
    ),
    (
        "scale on a text question",
        lambda d: _question(d, "T1").update(scale="agree5"),
        "item T1: only scale items have a scale",
    ),
    (
        "unknown kind",
        lambda d: _question(d, "W1").update(kind="slider"),
        "item W1: unknown kind 'slider'",
    ),
    (
        "item text missing a language",
        lambda d: _question(d, "C2")["text"].pop("nb"),
        "item C2 text: missing translation for nb",
    ),
    (
        "typo in a question key",
        lambda d: _question(d, "W1").update(revers=True),
        "unknown key revers",
    ),
    (
        "reverse on a fact item",
        lambda d: _question(d, "F1").update(reverse=True),
        "item F1: only scale items can be reverse-coded",
    ),
    (
        "reverse not a flag",
        lambda d: _question(d, "W2").update(reverse="yes"),
        "item W2: reverse must be true or false",
    ),
    (
        "sensitive scale item",
        lambda d: _question(d, "C1").update(sensitive=True),
        "item C1: only single or multiple choice items can be sensitive",
    ),
    (
        "sensitive text item",
        lambda d: _question(d, "T1").update(sensitive=True),
        "item T1: only single or multiple choice items can be sensitive",
    ),
    (
        "one option only",
        lambda d: _question(d, "F1")["options"].pop(),
        "item F1: needs at least two options with unique values",
    ),
    (
        "repeated option value",
        lambda d: _question(d, "F1")["options"][1].update(value="no"),
        "needs at least two options with unique values",
    ),
    (
        "option without value",
        lambda d: _question(d, "F1")["options"].append({"label": {"nb": "x", "en": "x"}}),
        "every option needs a value and a label",
    ),
    (
        "option label missing a language",
        lambda d: _question(d, "F1")["options"][0]["label"].pop("en"),
        "item F1 option no: missing translation for en",
    ),
    (
        "reserved option value",
        lambda d: _question(d, "F1")["options"].append(
            {"value": "na", "label": {"nb": "x", "en": "x"}}
        ),
        "reserved",
    ),
    (
        "options on a scale item",
        lambda d: _question(d, "W1").update(options=[{"value": "a"}]),
        "item W1: only single or multiple choice items have options",
    ),
    ("dimensions not a list", lambda d: d.update(dimensions={}), "dimensions: must be a list"),
    (
        "duplicate dimension code",
        lambda d: d["dimensions"][1].update(code="demands"),
        "dimension demands: duplicate dimension code",
    ),
    (
        "duplicate index code",
        lambda d: _index(d, "climate").update(code="workload"),
        "index workload: duplicate index code",
    ),
    (
        "unknown item in an index",
        lambda d: _index(d, "climate")["items"].append("C9"),
        "index climate: unknown item C9",
    ),
    (
        "fact item in an index",
        lambda d: _index(d, "climate")["items"].append("F1"),
        "index climate: item F1 is not a scale item",
    ),
    (
        "item listed twice in an index",
        lambda d: _index(d, "climate")["items"].append("C1"),
        "index climate: lists an item twice",
    ),
    (
        "item in two indices",
        lambda d: _index(d, "climate")["items"].append("W1"),
        "index climate: item W1 already belongs to index workload",
    ),
    (
        "empty index",
        lambda d: _index(d, "climate").update(items=[]),
        "index climate: has no items",
    ),
    (
        "min_answered out of range",
        lambda d: _index(d, "climate").update(min_answered=1.5),
        "min_answered must be above 0 and at most 1",
    ),
    (
        "index mixing scales",
        lambda d: (
            d["scales"].update(other=d["scales"]["agree5"]),
            _question(d, "C2").update(scale="other"),
        ),
        "index climate: mixes items on different scales",
    ),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_it_reports_the_problem(change: Callable[[Data], object], expected: str) -> None:
    problems = _problems(change)
    assert any(expected in p for p in problems), problems


def test_it_lists_every_problem_not_just_the_first() -> None:
    def break_three_things(d: Data) -> None:
        _question(d, "W1").update(scale="nope")
        _question(d, "C2")["text"].pop("en")
        _index(d, "climate")["items"].append("C9")

    problems = _problems(break_three_things)
    assert len(problems) == 3
    assert problems == [
        "item W1: unknown scale 'nope' (defined: agree5)",
        "item C2 text: missing translation for en",
        "index climate: unknown item C9",
    ]
