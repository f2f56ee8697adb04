"""Specific: what exactly will be done, for whom — judged from the description's words."""

from __future__ import annotations

import unicodedata

import pytest

from tests.smart.helpers import criterion, reason


@pytest.mark.parametrize(
    ("description", "phrase"),
    [
        ("Vi jobber med kommunikasjonen i seksjonen framover", "jobber med"),
        ("Seksjonen skal fokusere mer på samarbeid", "fokusere mer på"),
        ("Alle skal bli bedre på å gi tilbakemeldinger", "bli bedre på"),
        ("Vi skal ha fokus på arbeidsmiljøet i gruppen", "ha fokus på"),
        ("Det sosiale miljøet skal styrkes i hele enheten", "styrkes"),
        ("Forbedring av informasjonsflyten i hele seksjonen", "forbedring"),
        ("Ledelsen ser på arbeidsfordelingen for alle ansatte", "ser på"),
        ("Det vurderes om gruppen trenger mer støtte", "vurderes"),
        ("We are improving the culture of the section", "improving"),
        ("The group is focusing on collaboration this year", "focusing on"),
        ("Everyone in the department will be working on communication", "working on"),
        ("Strengthening the social environment of the whole unit", "strengthening"),
        ("The head of department is looking into the workload of all staff", "looking into"),
        ("The section is considering new meeting formats for all staff", "considering"),
        ("All staff should get better at giving feedback to each other", "get better at"),
    ],
)
def test_it_flags_vague_verbs_in_any_inflection(description, phrase):
    found = criterion("specific", description=description)
    assert not found.met
    assert found.reason.render() == f"“{phrase}” names a direction, not what will be done."
    assert phrase in found.suggestion.render()


def test_it_reads_upper_case_and_decomposed_letters():
    text = unicodedata.normalize("NFD", "VI SKAL FOKUSERE PÅ SAMARBEID I GRUPPEN")
    assert (
        reason("specific", description=text)
        == "“fokusere på” names a direction, not what will be done."
    )


def test_it_respects_word_boundaries():
    # "styrkeprøve" and "forbedringsarbeid" are not the vague verbs; "seksjonsmøte" names a group
    description = "Holde en styrkeprøve for alle ansatte ved hvert seksjonsmøte"
    assert criterion("specific", description=description).met


@pytest.mark.parametrize(
    "description",
    [
        "Forbedre informasjonsflyten ved å sende ut et nyhetsbrev hver fredag til alle ansatte",
        "Improve the onboarding by offering every new employee a mentor for six months",
    ],
)
def test_it_accepts_a_vague_verb_when_the_action_is_concrete(description):
    assert criterion("specific", description=description).met


def test_it_asks_for_a_description():
    found = criterion("specific", description="  ")
    assert not found.met
    assert found.reason.render() == "There is no description of what will be done."
    assert found.reason.render("nb") == "Det står ikke hva som skal gjøres."


def test_it_rejects_a_description_that_repeats_the_title():
    found = criterion("specific", title="Bedre trivsel i gruppa", description="Bedre trivsel!")
    assert found.reason.render() == "The description only repeats the title."
    assert found.suggestion.render() == (
        "Say what exactly will be done and for whom, beyond “Bedre trivsel i gruppa”."
    )


def test_it_rejects_a_short_description():
    assert reason("specific", description="Månedlig allmøte") == (
        "The description is too short (2 words) to say what will be done."
    )


def test_it_asks_for_a_concrete_action():
    assert reason(
        "specific", description="Et godt og inkluderende arbeidsmiljø for alle ansatte"
    ) == ("The description names no concrete action.")


def test_it_asks_for_whom():
    found = criterion(
        "specific", description="Innføre en fast møteplan med agenda og referat fra mars"
    )
    assert found.reason.render() == "The description does not say whom the measure is for."
    assert "«nyansatte»" in found.suggestion.render("nb")


def test_it_names_the_action_and_the_group_when_met():
    found = criterion("specific")
    assert found.met and found.suggestion is None
    assert found.reason.render("nb") == (
        "Sier hva som skal gjøres («holde») og for hvem («alle ansatte»)."
    )
