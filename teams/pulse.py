"""The team pulse: a short anonymous check on the five team dynamics Google's Project
Aristotle described (psychological safety, dependability, structure and clarity, meaning,
impact). The statements are written for Medvirk. Results exist only for the team as a whole
and only from MIN_ANSWERS answers up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MIN_ANSWERS = 4
SCALE = (
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
)


@dataclass(frozen=True)
class Dynamic:
    key: str
    name: Promise
    question: Promise  # for the discussion when there are too few answers
    items: tuple[tuple[str, Promise], ...]


DYNAMICS = (
    Dynamic(
        "safety",
        _("Psychological safety"),
        _("What would make it easier to raise a worry or a half-finished idea here?"),
        (
            (
                "safety_1",
                _(
                    "In this team I can raise a concern or a half-finished idea without feeling "
                    "foolish."
                ),
            ),
            (
                "safety_2",
                _(
                    "When someone here gets something wrong, we talk about what to learn, not "
                    "who is to blame."
                ),
            ),
        ),
    ),
    Dynamic(
        "dependability",
        _("Dependability"),
        _("When did we last let each other down, and what would have prevented it?"),
        (
            (
                "dependability_1",
                _("When someone in this team says they will do something, it gets done."),
            ),
            (
                "dependability_2",
                _("I can count on the others to tell me early when they cannot deliver on time."),
            ),
        ),
    ),
    Dynamic(
        "structure",
        _("Structure and clarity"),
        _("Which of our roles, plans or decisions are unclear right now?"),
        (
            ("structure_1", _("I know what is expected of me in this team, and by when.")),
            (
                "structure_2",
                _("Our roles, plans and ways of deciding are clear enough to work by."),
            ),
        ),
    ),
    Dynamic(
        "meaning",
        _("Meaning"),
        _("What part of our work matters most to you, and why?"),
        (
            ("meaning_1", _("The work I do in this team matters to me.")),
            ("meaning_2", _("I get to use what I am good at in this team.")),
        ),
    ),
    Dynamic(
        "impact",
        _("Impact"),
        _("Who benefits from our work, and how do we know?"),
        (
            (
                "impact_1",
                _("I can see how our work makes a difference for the people it is meant for."),
            ),
            ("impact_2", _("We notice and talk about the progress we make.")),
        ),
    ),
)
ITEM_KEYS = tuple(key for d in DYNAMICS for key, _text in d.items)


@dataclass(frozen=True)
class DynamicResult:
    dynamic: Dynamic
    mean: float


@dataclass(frozen=True)
class PulseResult:
    answers: int
    dynamics: tuple[DynamicResult, ...]  # empty when answers < MIN_ANSWERS

    @property
    def is_shown(self) -> bool:
        return bool(self.dynamics)


def summarise(answer_sets: Iterable[Mapping[str, int]]) -> PulseResult:
    """Team means per dynamic (mean of its statements), or nothing below MIN_ANSWERS."""
    answers = list(answer_sets)
    if len(answers) < MIN_ANSWERS:
        return PulseResult(len(answers), ())
    results = []
    for dynamic in DYNAMICS:
        values = [a[key] for a in answers for key, _text in dynamic.items if key in a]
        results.append(DynamicResult(dynamic, round(sum(values) / len(values), 1)))
    return PulseResult(len(answers), tuple(results))
