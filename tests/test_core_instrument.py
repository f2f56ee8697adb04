"""The default questionnaire (medvirk-core) loads and keeps the shape the docs promise."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from lib.instrument import load
from surveys.instrument_services import CORE_INSTRUMENT
from surveys.models import Instrument

CORE = load(CORE_INSTRUMENT.read_text(encoding="utf-8"))


def test_it_has_between_60_and_80_items_on_8_to_10_pages() -> None:
    assert 60 <= len(CORE.questions) <= 80
    assert 8 <= len(CORE.sections) <= 10


def test_every_index_has_two_to_five_items_on_one_scale() -> None:
    assert len(CORE.indices) >= 15
    for index in CORE.indices:
        assert 2 <= len(index.items) <= 5, index.code
        assert len({CORE.question(i).scale for i in index.items}) == 1


def test_every_scale_item_belongs_to_an_index() -> None:
    indexed = {item for index in CORE.indices for item in index.items}
    scale_items = {q.code for q in CORE.questions.values() if q.kind == "scale"}
    assert scale_items == indexed


def test_some_items_are_reverse_coded() -> None:
    reversed_items = [q for q in CORE.questions.values() if q.reverse]
    assert 8 <= len(reversed_items) <= 20


def test_the_sensitive_items_are_single_choice_with_a_time_frame_and_a_way_to_get_help() -> None:
    sensitive = [q for q in CORE.questions.values() if q.sensitive]
    assert len(sensitive) == 5
    for question in sensitive:
        assert question.kind == "single"
        assert "12" in question.text["nb"] and "12" in question.text["en"]
        assert "unstated" in question.option_values
    section = next(s for s in CORE.sections if s.questions[0].sensitive)
    assert section.intro is not None
    assert "verneombudet" in section.intro["nb"] and "safety representative" in section.intro["en"]


def test_it_ends_with_two_open_questions() -> None:
    assert [q.code for q in CORE.sections[-1].questions] == ["OPEN_GOOD", "OPEN_BETTER"]
    assert all(q.kind == "text" for q in CORE.sections[-1].questions)


def test_the_agreement_scale_offers_not_relevant() -> None:
    assert CORE.scales["agree5"].not_applicable == {"nb": "Ikke relevant", "en": "Not relevant"}
    assert CORE.scales["agree5"].values == (1, 2, 3, 4, 5)


@pytest.mark.django_db
def test_loadinstrument_stores_it() -> None:
    call_command("loadinstrument", str(CORE_INSTRUMENT), stdout=io.StringIO())
    row = Instrument.objects.get(code="medvirk-core")
    assert row.title_en == "Medvirk work environment survey" and row.version == 1
