"""Proposed groups of similar measures across units, in bokmål and English."""

from __future__ import annotations

from lib.clustering import Item, propose

MEASURES = [
    Item("a1", "Fast ukentlig avdelingsmøte for å fordele arbeidsoppgaver", "workload", "HF-01"),
    Item("a2", "Ukentlige møter der vi fordeler arbeidsoppgavene", "workload", "HF-02"),
    Item("a3", "Fordele arbeidsoppgaver jevnere på ukentlig møte", "workload", "MN-01"),
    Item("b1", "Innføre faste medarbeidersamtaler to ganger i året", "leadership", "HF-01"),
    Item("b2", "Medarbeidersamtaler hvert halvår med nærmeste leder", "leadership", "HF-02"),
    Item("c1", "Kurs i konflikthåndtering for alle ledere", "leadership", "MN-01"),
    Item("e1", "A weekly team meeting to share out the workload", "workload", "MN-02"),
    Item("e2", "Share out the workload at the weekly team meeting", "workload", "MN-03"),
]


def groups_by_key(groups):
    return {key: g for g in groups for key in g.keys}


def test_similar_measures_of_different_units_form_one_group():
    groups = groups_by_key(propose(MEASURES))
    assert groups["a1"] is groups["a2"] is groups["a3"]
    assert set(groups["a1"].units) == {"HF-01", "HF-02", "MN-01"}
    assert groups["a1"].across_units
    assert groups["b1"] is groups["b2"]
    assert groups["e1"] is groups["e2"]


def test_different_themes_stay_apart():
    groups = groups_by_key(propose(MEASURES))
    assert groups["c1"] is not groups["b1"]  # conflict courses are not appraisal talks
    # A known limit: texts are compared by their letters, so the same idea in bokmål and in
    # English is not recognised as one (docs/roll-up.md); the leader merges such groups.
    assert groups["a1"] is not groups["e1"]


def test_items_are_grouped_within_their_dimension_only():
    same_text = [
        Item("x", "Ukentlige møter for å fordele arbeidsoppgaver", "workload", "A"),
        Item("y", "Ukentlige møter for å fordele arbeidsoppgaver", "leadership", "B"),
    ]
    groups = groups_by_key(propose(same_text))
    assert groups["x"] is not groups["y"]
    assert (groups["x"].dimension, groups["y"].dimension) == ("workload", "leadership")


def test_groups_are_named_by_their_most_central_item_and_words():
    (group,) = [g for g in propose(MEASURES) if "b1" in g.keys]
    assert group.name in {m.text for m in MEASURES if m.key in group.keys}
    assert "medarbeidersamtaler" in group.terms


def test_largest_groups_across_most_units_come_first():
    groups = propose(MEASURES)
    assert len(groups[0].units) == max(len(g.units) for g in groups)


def test_odd_input_gives_single_groups():
    assert [g.keys for g in propose([Item("s", "Kaffe", "", "A")])] == [("s",)]
    lonely = propose([Item("p", "!!!", "", "A"), Item("q", "12 34", "", "B")])
    assert sorted(k for g in lonely for k in g.keys) == ["p", "q"]
    assert propose([]) == []
