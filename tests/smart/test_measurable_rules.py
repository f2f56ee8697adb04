"""Measurable: an indicator or target with a number, date, yes/no criterion or count, or an
index target for the next survey."""

from __future__ import annotations

import pytest

from lib.smart import IndexTarget
from tests.smart.helpers import criterion, reason


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("Minst 80 % oppmøte", "number"),
        ("To av tre ansatte har deltatt", "number"),
        ("At least two thirds attend", "number"),
        ("Ferdig innen utgangen av mars", "date"),
        ("Done before Christmas", "date"),
        ("Rutinen er vedtatt i seksjonsmøtet", "yes/no criterion"),
        ("The procedure has been approved by the board", "yes/no criterion"),
    ],
)
def test_it_accepts_a_number_a_date_or_a_yes_no_criterion(target, kind):
    found = criterion("measurable", target=target)
    assert found.met
    assert found.reason.render().startswith(f"The target {'is' if '/' in kind else 'has'} a")
    assert kind.split("/")[0] in found.reason.render()


def test_it_reads_number_words_in_the_measures_language():
    # "to" is two in bokmål, but a preposition in English
    assert criterion("measurable", target="To møter i semesteret", language="nb").met
    assert not criterion("measurable", target="Talk to people", language="en").met


def test_it_does_not_take_the_modal_may_for_a_date():
    assert not criterion("measurable", target="Staff may feel better", language="en").met
    assert criterion("measurable", target="Done by 1 May", language="en").met


def test_it_accepts_a_count_against_a_baseline():
    found = criterion("measurable", indicator="Antall avviksmeldinger", target="Færre enn i fjor")
    assert found.met
    assert found.reason.render("nb") == (
        "Målet er et antall sammenlignet med et utgangspunkt: "
        "«Antall avviksmeldinger – Færre enn i fjor»."
    )
    assert not criterion("measurable", indicator="Trivsel", target="Høyere enn i fjor").met


def test_it_accepts_an_index_target():
    found = criterion("measurable", target="", index_target=IndexTarget("WL", 3.5))
    assert found.met
    assert found.reason.render("nb") == "Har et indeksmål for neste undersøkelse: WL på 3,5."


def test_it_finds_a_target_stated_in_the_description_and_asks_to_move_it():
    found = criterion(
        "measurable",
        target="",
        description="Holde allmøte hver måned for alle ansatte. Målet er minst 80 % oppmøte.",
    )
    assert found.met
    assert (
        found.reason.render() == "The description states a measurable target: “minst 80 % oppmøte”."
    )
    assert found.suggestion.render() == (
        "Put the target “minst 80 % oppmøte” in the target field so it can be followed up."
    )


def test_numbers_elsewhere_in_the_description_are_not_a_target():
    description = "Holde et allmøte på 30 minutter hver måned for alle ansatte fra 1. februar"
    assert not criterion("measurable", target="", description=description).met


def test_it_asks_for_an_indicator():
    found = criterion("measurable", target="", indicator="")
    assert found.reason.render() == "There is no indicator, target or success criterion."
    assert "«minst 80 % møter»" in found.suggestion.render("nb")


def test_it_names_a_vague_target():
    assert reason("measurable", target="Improve the well-being of staff") == (
        "The target “Improve the well-being of staff” is vague (“improve”) and has no number, "
        "date or yes/no criterion."
    )
