"""The example measures in both languages get exactly the criteria results expected."""

from __future__ import annotations

import pytest

from lib.smart import check
from tests.smart.examples import BAD, GOOD, TODAY, Example


def _spelled(example: Example) -> str:
    result = check(example.measure, today=TODAY)
    return "".join(
        letter if criterion.met else "-"
        for letter, criterion in zip("SMART", result.criteria, strict=True)
    )


@pytest.mark.parametrize("example", GOOD, ids=lambda e: f"{e.measure.language or ''}{e.name}")
def test_it_passes_the_good_examples(example):
    assert _spelled(example) == example.expect == "SMART"


@pytest.mark.parametrize("example", BAD, ids=lambda e: e.name)
def test_it_flags_the_bad_examples(example):
    assert _spelled(example) == example.expect != "SMART"


def test_it_has_enough_examples_in_both_languages():
    from lib.smart import detect_language

    for examples in (GOOD, BAD):
        languages = [detect_language(e.measure.description) for e in examples]
        assert languages.count("nb") >= 8 and languages.count("en") >= 8
    assert len(GOOD) >= 15 and len(BAD) >= 15
