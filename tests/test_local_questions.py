"""A round's own questions: validated against the instrument and added as a last page."""

from __future__ import annotations

import pytest

from lib.instrument import InstrumentError, load, with_extra_items
from tests.instruments import MINI

LOCAL = [
    {
        "code": "L1",
        "scale": "agree5",
        "text": {
            "nb": "Jeg vet hvem som har ansvar for brannvern.",
            "en": "I know who is in charge of fire safety.",
        },
    },
    {
        "code": "L2",
        "kind": "text",
        "text": {"nb": "Noe annet du vil si?", "en": "Anything else?"},
    },
]


def test_it_appends_the_local_questions_as_a_last_page() -> None:
    instrument = load(MINI)
    extended = with_extra_items(instrument, LOCAL)
    assert [s.code for s in extended.sections] == ["work", "climate", "local"]
    assert extended.sections[-1].title == {"nb": "Lokale spørsmål", "en": "Local questions"}
    assert list(extended.questions)[-2:] == ["L1", "L2"]
    assert extended.validate_answer("L1", "4") == 4
    assert extended.indices == instrument.indices


def test_it_leaves_the_instrument_itself_alone() -> None:
    instrument = load(MINI)
    with_extra_items(instrument, LOCAL)
    assert "L1" not in instrument.questions and len(instrument.sections) == 2


def test_without_local_questions_it_returns_the_instrument() -> None:
    instrument = load(MINI)
    assert with_extra_items(instrument, []) is instrument
    assert with_extra_items(instrument, None) is instrument


def test_it_refuses_codes_that_clash_with_the_instrument() -> None:
    clash = [{**LOCAL[0], "code": "W1"}]
    with pytest.raises(InstrumentError) as caught:
        with_extra_items(load(MINI), clash)
    assert caught.value.problems == [
        "item W1: the code is already used by the questionnaire; choose another code"
    ]


def test_it_refuses_the_same_code_twice_among_the_local_questions() -> None:
    with pytest.raises(InstrumentError, match="duplicate item code L1"):
        with_extra_items(load(MINI), [LOCAL[0], LOCAL[0]])


def test_it_checks_local_questions_like_the_instrument() -> None:
    bad = [
        {"code": "L1", "scale": "agree7", "text": {"nb": "Hei"}},
        {"code": "L2", "kind": "single", "text": {"nb": "a", "en": "b"}, "options": []},
        "not a question",
    ]
    with pytest.raises(InstrumentError) as caught:
        with_extra_items(load(MINI), bad)
    problems = caught.value.problems
    assert "item L1 text: missing translation for en" in problems
    assert "item L1: unknown scale 'agree7' (defined: agree5)" in problems
    assert "item L2: needs at least two options with unique values" in problems
    assert "local questions: every question must be a mapping" in problems


def test_it_refuses_local_questions_that_are_not_a_list() -> None:
    with pytest.raises(InstrumentError, match="must be a list"):
        with_extra_items(load(MINI), {"code": "L1"})  # type: ignore[arg-type]
