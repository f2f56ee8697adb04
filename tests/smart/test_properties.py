"""Properties of the check over generated measures: it never fails to answer, renders in both
languages, and filling in a field never makes a criterion worse."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.smart import CRITERIA, IndexTarget, Measure, check

TODAY = date(2025, 1, 20)
WORDS = [
    "innføre",
    "allmøte",
    "hver",
    "måned",
    "alle",
    "ansatte",
    "jobbe",
    "med",
    "fokusere",
    "på",
    "improve",
    "hold",
    "every",
    "staff",
    "80",
    "%",
    "minst",
    "1.",
    "mars",
    "vedtatt",
    "er",
    "seksjonen",
    "the",
    "meeting",
    "by",
    "May",
    "æøå",
    "ÆØÅ",
    "Ph.d.",
    "–",
    ";",
    "mål:",
]
texts = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join),
    st.text(max_size=60),
)
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
measures = st.builds(
    Measure,
    title=texts,
    description=texts,
    indicator=texts,
    target=texts,
    index_target=st.none()
    | st.builds(IndexTarget, st.sampled_from(["", "WL", "SOC"]), st.floats(0, 100)),
    agreed_at=st.none() | dates,
    agreed_by=texts,
    resources=texts,
    within_authority=st.none() | st.booleans(),
    escalate=st.booleans(),
    start=st.none() | dates,
    due=st.none() | dates,
    follow_up=st.lists(dates, max_size=3).map(tuple),
    responsible=texts,
    language=st.sampled_from([None, "nb", "en"]),
)


def _met(measure: Measure) -> dict[str, bool]:
    result = check(measure, today=TODAY)
    return {c.name: c.met for c in result.criteria}


def _not_worse(before: dict[str, bool], after: dict[str, bool], names=CRITERIA) -> bool:
    return all(after[name] or not before[name] for name in names)


@settings(max_examples=300)
@given(measures)
def test_it_answers_every_measure_in_both_languages(measure):
    result = check(measure, today=TODAY)
    assert [c.name for c in result.criteria] == list(CRITERIA)
    for language in ("en", "nb"):
        for criterion in result.as_dict(language).values():
            assert criterion["reason"]
            assert criterion["met"] or criterion["suggestion"]
    assert check(measure, today=TODAY) == result  # deterministic


@given(measures, dates)
def test_adding_a_due_date_never_makes_time_bound_worse(measure, due):
    before = _met(replace(measure, due=None))
    assert _not_worse(before, _met(replace(measure, due=due)), ["time_bound"])


@given(measures, st.floats(0, 1))
def test_adding_a_follow_up_date_within_the_measure_never_makes_time_bound_worse(measure, at):
    if measure.start is None or measure.due is None or measure.due <= measure.start:
        return
    follow_up = measure.start + timedelta(days=int((measure.due - measure.start).days * at))
    after = replace(measure, follow_up=(*measure.follow_up, follow_up))
    assert _not_worse(_met(measure), _met(after), ["time_bound"])


@given(measures, st.integers(0, 3000))
def test_recording_an_agreement_in_the_past_never_makes_anything_worse(measure, days_ago):
    if measure.agreed_by.strip():
        return
    agreed = replace(measure, agreed_at=TODAY - timedelta(days=days_ago), agreed_by="Allmøtet")
    assert _not_worse(_met(replace(measure, agreed_at=None)), _met(agreed))


@given(measures, st.sampled_from(["WL", "SOC"]), st.floats(1, 5))
def test_adding_an_index_target_never_makes_measurable_worse(measure, code, value):
    after = replace(measure, index_target=IndexTarget(code, value))
    assert _not_worse(_met(measure), _met(after), ["measurable"])
    assert _met(after)["measurable"]


@given(measures)
def test_escalating_never_makes_realistic_worse(measure):
    outside = replace(measure, within_authority=False, escalate=False)
    escalated = replace(outside, escalate=True)
    assert _not_worse(_met(outside), _met(escalated), ["realistic"])


@given(measures)
def test_letter_case_does_not_change_the_result(measure):
    shouted = replace(
        measure,
        title=measure.title.upper(),
        description=measure.description.upper(),
        indicator=measure.indicator.upper(),
        target=measure.target.upper(),
    )
    if shouted.description.lower() != measure.description.lower():
        return  # letters like "ß" do not survive the round trip
    if (
        shouted.indicator.lower() != measure.indicator.lower()
        or shouted.target.lower() != measure.target.lower()
    ):
        return
    if shouted.title.lower() != measure.title.lower():
        return
    lang = replace(measure, language=measure.language or "nb")
    assert _met(lang) == _met(replace(shouted, language=lang.language))
