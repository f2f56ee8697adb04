"""The text's language is detected from common words and æøå, or taken from the measure."""

from __future__ import annotations

from dataclasses import replace

import pytest

from lib.smart import Measure, check, detect_language
from tests.smart.examples import TODAY


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vi skal holde et allmøte hver måned for alle ansatte", "nb"),
        ("Tilby nyansatte fadder", "nb"),
        ("Hold a staff meeting every month for all staff in the section", "en"),
        ("We will offer a mentor to every new employee", "en"),
        ("", "nb"),
    ],
)
def test_it_detects_the_language(text, language):
    assert detect_language(text) == language


def test_the_measure_can_say_its_language():
    measure = Measure(description="To be decided", target="To meetings")
    assert check(measure, today=TODAY).language == "en"
    assert check(replace(measure, language="nb"), today=TODAY).language == "nb"
    # and reads "to" as two only in bokmål
    assert not check(measure, today=TODAY).measurable.met
    assert check(replace(measure, language="nb"), today=TODAY).measurable.met
