"""The five criteria and `check()`. The first rule that fails decides a criterion's reason and
suggestion."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

from lib.smart.measure import Language, Measure
from lib.smart.messages import Message
from lib.smart.messages import msg as _msg
from lib.smart.text import (
    GROUPS,
    TARGET_CLAUSE,
    UNDECIDED,
    VAGUE,
    concrete_action,
    detect_language,
    first,
    measure_kind,
    normalize,
    quote,
    repeats_title,
    words,
)

CriterionName = Literal["specific", "measurable", "accepted", "realistic", "time_bound"]
CRITERIA: tuple[CriterionName, ...] = get_args(CriterionName)


MIN_DESCRIPTION_WORDS = 6
# A measure that runs longer than this needs a follow-up date on the way.
LONG_MEASURE = timedelta(days=92)
# Follow-up dates may come after the due date (to see the effect), but not this long after.
LATEST_FOLLOW_UP = timedelta(days=365)


@dataclass(frozen=True)
class Criterion:
    """One criterion's verdict, with the reason and what to do about it."""

    name: CriterionName
    met: bool
    reason: Message
    suggestion: Message | None  # None when there is nothing to do

    def as_dict(self, language: Language = "en") -> dict[str, bool | str | None]:
        suggestion = self.suggestion.render(language) if self.suggestion else None
        return {"met": self.met, "reason": self.reason.render(language), "suggestion": suggestion}


@dataclass(frozen=True)
class SmartResult:
    """The five criteria of one measure, in the order S, M, A, R, T."""

    language: Language  # the language the text was read as
    specific: Criterion
    measurable: Criterion
    accepted: Criterion
    realistic: Criterion
    time_bound: Criterion

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(getattr(self, name) for name in CRITERIA)

    @property
    def all_met(self) -> bool:
        return all(c.met for c in self.criteria)

    @property
    def failed(self) -> tuple[CriterionName, ...]:
        return tuple(c.name for c in self.criteria if not c.met)

    def as_dict(self, language: Language = "en") -> dict[str, dict[str, bool | str | None]]:
        """`{"specific": {"met": …, "reason": …, "suggestion": …}, …}`, ready for JSON."""
        return {c.name: c.as_dict(language) for c in self.criteria}


def _met(name: CriterionName, reason: Message, suggestion: Message | None = None) -> Criterion:
    return Criterion(name, True, reason, suggestion)


def _failed(name: CriterionName, reason: Message, suggestion: Message) -> Criterion:
    return Criterion(name, False, reason, suggestion)


def _specific(m: Measure) -> Criterion:
    name: CriterionName = "specific"
    text, title = normalize(m.description), normalize(m.title)
    if not text:
        return _failed(
            name,
            _msg("There is no description of what will be done."),
            _msg(
                "Describe what exactly will be done and for whom, for example “Hold a "
                "30-minute staff meeting for everyone in the section on the first Monday of "
                "every month”."
            ),
        )
    if repeats_title(text, title):
        return _failed(
            name,
            _msg("The description only repeats the title."),
            _msg("Say what exactly will be done and for whom, beyond “%(title)s”.", title=m.title),
        )
    vague, concrete = first(VAGUE, text), concrete_action(text)
    if vague and not concrete:
        return _failed(
            name,
            _msg("“%(phrase)s” names a direction, not what will be done.", phrase=vague),
            _msg(
                "Replace “%(phrase)s” with what people will actually do, how often and for "
                "whom, for example “offer every new employee a mentor for their first six "
                "months”.",
                phrase=vague,
            ),
        )
    count = len(words(text))
    if count < MIN_DESCRIPTION_WORDS:
        return _failed(
            name,
            _msg(
                "The description is too short (%(count)s words) to say what will be done.",
                count=count,
            ),
            _msg("Write a full sentence: what will be done, how often or how much, and for whom."),
        )
    if not concrete:
        return _failed(
            name,
            _msg("The description names no concrete action."),
            _msg(
                "Start with a verb for what will be done (introduce, hold, offer, write) and "
                "say how often or how much."
            ),
        )
    group = first(GROUPS, text)
    if not group:
        return _failed(
            name,
            _msg("The description does not say whom the measure is for."),
            _msg(
                "Name the target group, for example “all staff in the section”, “PhD "
                "candidates” or “new employees”."
            ),
        )
    return _met(
        name,
        _msg(
            "Says what will be done (“%(action)s”) and for whom (“%(group)s”).",
            action=concrete,
            group=group,
        ),
    )


def _measurable(m: Measure, language: Language) -> Criterion:
    name: CriterionName = "measurable"
    stated = normalize(f"{m.indicator} ; {m.target}").strip(" ;")
    kind = measure_kind(stated, language) if stated else None
    if kind:
        quoted = quote(" – ".join(t.strip() for t in (m.indicator, m.target) if t.strip()))
        return _met(name, _msg(_MEASURABLE_REASONS[kind], text=quoted))
    if m.index_target and m.index_target.code.strip():
        target = m.index_target
        return _met(
            name,
            _msg(
                "Has an index target for the next survey: %(code)s at %(value)s.",
                code=target.code.strip(),
                value=target.value,
            ),
        )
    clause = TARGET_CLAUSE.search(normalize(m.description))
    if clause and measure_kind(clause.group("clause"), language):
        quoted = quote(clause.group("clause"))
        return _met(
            name,
            _msg("The description states a measurable target: “%(text)s”.", text=quoted),
            _msg(
                "Put the target “%(text)s” in the target field so it can be followed up.",
                text=quoted,
            ),
        )
    if not stated:
        return _failed(
            name,
            _msg("There is no indicator, target or success criterion."),
            _msg(
                "Say how you will know it worked: a number (“at least 80 %% attend”), a date, "
                "a yes/no criterion (“the routine is adopted by the section meeting”) or an "
                "index target for the next survey."
            ),
        )
    quoted = quote(" – ".join(t.strip() for t in (m.indicator, m.target) if t.strip()))
    vague = first(VAGUE, stated)
    reason = (
        _msg(
            "The target “%(text)s” is vague (“%(phrase)s”) and has no number, date or yes/no criterion.",
            text=quoted,
            phrase=vague,
        )
        if vague
        else _msg(
            "The indicator and target have no number, date or yes/no criterion: “%(text)s”.",
            text=quoted,
        )
    )
    return _failed(
        name,
        reason,
        _msg(
            "Add a number or a date to the target, for example “at least 4 of 5 in the "
            "next survey” or “done by 1 March”, or write what must be true when it is done."
        ),
    )


_MEASURABLE_REASONS: Mapping[str, str] = {
    "date": "The target has a date: “%(text)s”.",
    "number": "The target has a number: “%(text)s”.",
    "yes_no": "The target is a yes/no criterion: “%(text)s”.",
    "count": "The target is a count compared with a baseline: “%(text)s”.",
}


def _accepted(m: Measure, today: date) -> Criterion:
    name: CriterionName = "accepted"
    suggestion = _msg(
        "Record when and where it was agreed and by whom, for example “the action meeting "
        "on 12 March, all staff in the section and the safety representative”."
    )
    if m.agreed_at is None and not m.agreed_by.strip():
        return _failed(
            name, _msg("It is not recorded when or by whom the measure was agreed."), suggestion
        )
    if m.agreed_at is None:
        return _failed(name, _msg("It is not recorded when the measure was agreed."), suggestion)
    if not m.agreed_by.strip():
        return _failed(name, _msg("It is not recorded who agreed the measure."), suggestion)
    if m.agreed_at > today:
        return _failed(
            name,
            _msg("The agreement date %(date)s has not come yet.", date=m.agreed_at),
            _msg("Record the agreement date after the meeting where it was agreed."),
        )
    if m.responsible.strip() and normalize(m.agreed_by) == normalize(m.responsible):
        return _failed(
            name,
            _msg(
                "Only the person responsible, %(person)s, is recorded as agreeing.",
                person=m.responsible.strip(),
            ),
            _msg(
                "Agree the measure with those it concerns, for example in the action meeting, and record that."
            ),
        )
    return _met(
        name,
        _msg("Agreed on %(date)s by %(people)s.", date=m.agreed_at, people=m.agreed_by.strip()),
    )


def _realistic(m: Measure) -> Criterion:
    name: CriterionName = "realistic"
    resources = normalize(m.resources)
    if not resources or UNDECIDED.match(resources):
        return _failed(
            name,
            _msg("The resources needed are not described."),
            _msg(
                "Describe the time, money and people it takes, or write that it needs nothing "
                "beyond ordinary working hours."
            ),
        )
    if m.within_authority is None:
        return _failed(
            name,
            _msg("It is not answered whether the measure lies within the unit's own authority."),
            _msg("Answer whether the unit can decide and carry out the measure itself."),
        )
    if m.within_authority:
        return _met(name, _msg("Resources are described and the unit can decide it itself."))
    if not m.escalate:
        return _failed(
            name,
            _msg(
                "The measure lies outside the unit's own authority and is not marked for escalation."
            ),
            _msg(
                "Mark it for escalation to the level above, or rewrite it to the part the unit "
                "can decide itself."
            ),
        )
    return _met(
        name,
        _msg(
            "The measure lies outside the unit's own authority and is marked for escalation to the level above."
        ),
        _msg("Follow up the decision of the level above and adjust the measure when it comes."),
    )


def _time_bound(m: Measure, today: date) -> Criterion:
    name: CriterionName = "time_bound"
    dates = _msg("Set a start date and a due date, and follow-up dates on the way.")
    if m.start is None and m.due is None:
        return _failed(name, _msg("There is no start date and no due date."), dates)
    if m.start is None:
        return _failed(name, _msg("There is no start date."), dates)
    if m.due is None:
        return _failed(name, _msg("There is no due date."), dates)
    if m.due <= m.start:
        return _failed(
            name,
            _msg(
                "The due date %(due)s is not after the start date %(start)s.",
                due=m.due,
                start=m.start,
            ),
            _msg("Set a due date after the start date."),
        )
    reference = m.agreed_at or today
    if m.due < reference:
        reason = (
            _msg(
                "The due date %(due)s had already passed when the measure was agreed on %(date)s.",
                due=m.due,
                date=reference,
            )
            if m.agreed_at
            else _msg(
                "The due date %(due)s has already passed (today is %(date)s).",
                due=m.due,
                date=reference,
            )
        )
        return _failed(name, reason, _msg("Set a due date that lies ahead."))
    for follow_up in sorted(m.follow_up):
        if follow_up < m.start:
            return _failed(
                name,
                _msg(
                    "The follow-up date %(date)s is before the start date %(start)s.",
                    date=follow_up,
                    start=m.start,
                ),
                _msg(
                    "Move follow-up dates to between the start date and shortly after the due date."
                ),
            )
        if follow_up > m.due + LATEST_FOLLOW_UP:
            return _failed(
                name,
                _msg(
                    "The follow-up date %(date)s is more than a year after the due date %(due)s.",
                    date=follow_up,
                    due=m.due,
                ),
                _msg(
                    "Move follow-up dates to between the start date and shortly after the due date."
                ),
            )
    if not m.follow_up and m.due - m.start > LONG_MEASURE:
        middle = m.start + (m.due - m.start) // 2
        return _failed(
            name,
            _msg(
                "The measure runs for %(days)s days without a follow-up date.",
                days=(m.due - m.start).days,
            ),
            _msg("Add at least one follow-up date on the way, for example %(date)s.", date=middle),
        )
    if m.follow_up:
        return _met(
            name,
            _msg(
                "Runs from %(start)s to %(due)s, followed up on %(dates)s.",
                start=m.start,
                due=m.due,
                dates=tuple(sorted(m.follow_up)),
            ),
        )
    return _met(name, _msg("Runs from %(start)s to %(due)s.", start=m.start, due=m.due))


def check(measure: Measure, *, today: date) -> SmartResult:
    """Check one measure against the five criteria. `today` is the date the check is made
    (the agreement date, when recorded, takes its place for "not already past")."""
    language = measure.language or detect_language(
        f"{measure.title}\n{measure.description}\n{measure.target}"
    )
    return SmartResult(
        language=language,
        specific=_specific(measure),
        measurable=_measurable(measure, language),
        accepted=_accepted(measure, today),
        realistic=_realistic(measure),
        time_bound=_time_bound(measure, today),
    )
