"""The Start Smart method as data: the steps of a start session and of a follow-up session,
their timing, instructions and the topics members write about, and the contract sections
the results become. Views, the shared screen and the contract generator all read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SUBGROUP_THRESHOLD = 8  # teams larger than this work in sub-groups
SUBGROUP_SIZE = 4


@dataclass(frozen=True)
class Topic:
    key: str
    label: Promise
    hint: Promise


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    minutes: int
    instructions: Promise
    member_text: Promise
    topics: tuple[Topic, ...] = field(default=())
    shows_preparations: bool = False
    shows_pulse: bool = False
    shows_contract: bool = False
    is_merge: bool = False


ACHIEVE = (
    Topic(
        "purpose",
        _("Purpose and ambition"),
        _("Why does this team exist, and how good do we want to be?"),
    ),
    Topic(
        "goals_short",
        _("Result goals, short term"),
        _("What should be done in the next three months?"),
    ),
    Topic("goals_long", _("Result goals, long term"), _("Where should we be in a year or two?")),
    Topic(
        "org_goals",
        _("Link to the organisation's goals"),
        _("Which goals of the unit or institution does our work support?"),
    ),
)
WHO = (
    Topic(
        "strengths",
        _("Strengths that complement each other"),
        _("What do we bring together that none of us has alone?"),
    ),
    Topic("gaps", _("Gaps"), _("What are we missing, and how do we cover it?")),
    Topic(
        "expectations",
        _("Differing expectations"),
        _("Where do our expectations differ, and what do we agree on?"),
    ),
)
HOW = (
    Topic(
        "roles",
        _("Roles and responsibilities"),
        _("Who does what, formally and informally? Who leads, who keeps track?"),
    ),
    Topic(
        "meetings",
        _("Meetings and communication"),
        _("How often do we meet, which channels do we use, how fast do we answer?"),
    ),
    Topic(
        "decisions",
        _("How we decide"),
        _("Which decisions does the leader make, which by majority, which by consensus?"),
    ),
    Topic("ground_rules", _("Ground rules"), _("What do we promise each other?")),
    Topic(
        "disagreement",
        _("Disagreement and speaking up"),
        _("How do we disagree well, and how do we make it safe to say something?"),
    ),
    Topic(
        "follow_up",
        _("Following up"),
        _("How and when do we check that this contract still works?"),
    ),
)
FOLLOW_UP_TOPICS = (
    Topic("keep", _("What we keep"), _("What works well and should stay as it is?")),
    Topic("change", _("What we change"), _("What should we do differently from now on?")),
)

START_STEPS = (
    Step(
        "welcome",
        _("Welcome and expectations"),
        10,
        _(
            "Say why we are here: to agree how we will work, not to play games. Go through the "
            "three questions and the time plan. Ask everyone to open their personal link on "
            "their phone."
        ),
        _("Welcome! Keep this page open: it follows the shared screen."),
    ),
    Step(
        "achieve",
        _("What do we want to achieve?"),
        30,
        _(
            "Let everyone write for five minutes on their own, then read the notes together. "
            "Agree on a purpose in one or two sentences and on a few result goals."
        ),
        _("Write your thoughts on each topic. Short notes are fine."),
        topics=ACHIEVE,
    ),
    Step(
        "who",
        _("Who are we?"),
        35,
        _(
            "Show each member's preparation in turn and let them speak for two minutes. Then note "
            "strengths that complement each other, gaps and expectations that differ."
        ),
        _("Here is everyone's preparation. Write what you notice."),
        topics=WHO,
        shows_preparations=True,
    ),
    Step(
        "how",
        _("How should we work together?"),
        40,
        _(
            "Work through roles, meetings, decisions, ground rules, disagreement and follow-up. "
            "Ask for concrete agreements: who, what, when."
        ),
        _("Suggest concrete agreements: who, what and when."),
        topics=HOW,
    ),
    Step(
        "merge",
        _("Bring it together"),
        10,
        _(
            "Groups present their results. The facilitator merges the notes into one text per "
            "topic; the team checks that nothing important is lost."
        ),
        _("The facilitator brings the notes together on the shared screen."),
        is_merge=True,
    ),
    Step(
        "close",
        _("Close and next steps"),
        5,
        _(
            "Create the contract draft. Everybody reads it, suggests changes and confirms it. "
            "Agree on the date of the first follow-up."
        ),
        _("The contract draft is ready. Read it and confirm it when you agree."),
        shows_contract=True,
    ),
)

FOLLOW_UP_STEPS = (
    Step(
        "pulse",
        _("How are we doing?"),
        15,
        _(
            "Show the team pulse if enough members answered, otherwise use the discussion "
            "questions. Ask what surprised the team, never who answered what."
        ),
        _("Look at the team pulse on the shared screen and write what you notice."),
        topics=(
            Topic(
                "observations",
                _("What we notice"),
                _("What stands out, and what does it say about how we work?"),
            ),
        ),
        shows_pulse=True,
    ),
    Step(
        "revisit",
        _("Revisit the contract"),
        35,
        _(
            "Go through goals, roles and ground rules in the contract. For each, ask: does it "
            "still hold? Note what to keep and what to change. Welcome members who joined since "
            "the last session and ask what changes with them."
        ),
        _("Read the contract and write what to keep and what to change."),
        topics=FOLLOW_UP_TOPICS,
        shows_contract=True,
    ),
    Step(
        "merge",
        _("Update the contract"),
        10,
        _("The facilitator edits the contract on the shared screen while the team watches."),
        _("The facilitator updates the contract on the shared screen."),
        is_merge=True,
    ),
    Step(
        "close",
        _("Close and next steps"),
        5,
        _("Create the new contract version; everybody confirms it. Agree on the next follow-up."),
        _("The new contract version is ready. Read it and confirm it when you agree."),
        shows_contract=True,
    ),
)


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise
    lead: Promise  # the plain-language sentence that opens the section in a generated contract


@dataclass(frozen=True)
class Part:
    title: Promise
    sections: tuple[Section, ...]


CONTRACT_PARTS = (
    Part(
        _("What we want to achieve"),
        (
            Section("purpose", _("Purpose and ambition"), _("We exist to:")),
            Section("goals_short", _("Goals for the next months"), _("In the short term we will:")),
            Section("goals_long", _("Long-term goals"), _("In the longer term we will:")),
            Section(
                "org_goals",
                _("How this serves the organisation"),
                _("Our work supports these goals of the organisation:"),
            ),
        ),
    ),
    Part(
        _("Who we are"),
        (
            Section("members", _("What each of us brings"), _("Each of us brings:")),
            Section("strengths", _("Our strengths together"), _("Together we are strong at:")),
            Section("gaps", _("Gaps and how we cover them"), _("We lack, and will cover so:")),
            Section("expectations", _("Expectations"), _("We agree to expect this of each other:")),
        ),
    ),
    Part(
        _("How we work together"),
        (
            Section("roles", _("Roles and responsibilities"), _("This is who does what:")),
            Section("meetings", _("Meetings and communication"), _("We meet and talk like this:")),
            Section("decisions", _("How we decide"), _("We make decisions like this:")),
            Section("ground_rules", _("Ground rules"), _("We promise each other:")),
            Section(
                "disagreement",
                _("Disagreement and speaking up"),
                _("When we disagree, and to make it safe to speak up, we:"),
            ),
            Section("follow_up", _("Following up this contract"), _("We follow up like this:")),
        ),
    ),
)
SECTION_KEYS = tuple(s.key for part in CONTRACT_PARTS for s in part.sections)


def steps_for(kind: str) -> tuple[Step, ...]:
    return FOLLOW_UP_STEPS if kind == "follow_up" else START_STEPS


def subgroup_count(members: int) -> int:
    """How many sub-groups a team of `members` works in: none (0) up to the threshold, else
    groups of about four."""
    if members <= SUBGROUP_THRESHOLD:
        return 0
    return max(2, round(members / SUBGROUP_SIZE))
