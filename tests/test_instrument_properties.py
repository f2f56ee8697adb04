"""Property tests of the questionnaire format: a valid definition survives writing and
reading back, and validation never fails with anything but InstrumentError."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.instrument import InstrumentError, dump, from_dict, load, to_dict

LANGUAGES = ["nb", "en"]
codes = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,8}", fullmatch=True)
# Texts with YAML-hostile characters: quotes, colons, hashes, unicode, leading dashes.
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(":#'\"-&*!|>"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s != "")


@st.composite
def texts(draw: Any) -> dict[str, str]:
    return {lang: draw(words) for lang in LANGUAGES}


@st.composite
def definitions(draw: Any) -> dict[str, Any]:
    item_codes = draw(st.lists(codes, min_size=1, max_size=12, unique=True))
    size = draw(st.integers(min_value=2, max_value=7))
    scale = {
        "points": [{"value": v, "label": draw(texts())} for v in range(1, size + 1)],
        "favourable": [size],
        "unfavourable": [1],
    }
    if draw(st.booleans()):
        scale["not_applicable"] = draw(texts())
    questions, scale_items = [], []
    for code in item_codes:
        kind = draw(st.sampled_from(["scale", "scale", "single", "multiple", "text"]))
        question: dict[str, Any] = {"code": code, "text": draw(texts())}
        if kind == "scale":
            question.update(scale="s", reverse=draw(st.booleans()))
            scale_items.append(code)
        else:
            question["kind"] = kind
        if kind in ("single", "multiple"):
            values = draw(st.lists(codes, min_size=2, max_size=4, unique=True))
            question["options"] = [{"value": v, "label": draw(texts())} for v in values]
            question["sensitive"] = draw(st.booleans())
        if draw(st.booleans()):
            question["help"] = draw(texts())
        questions.append(question)
    cut = draw(st.integers(min_value=1, max_value=len(questions)))
    sections = [
        {"code": "one", "title": draw(texts()), "questions": questions[:cut]},
        {"code": "two", "title": draw(texts()), "questions": questions[cut:]},
    ]
    sections = [s for s in sections if s["questions"]]
    indices = [
        {"code": f"i{n}", "title": draw(texts()), "items": [item], "min_answered": 0.5}
        for n, item in enumerate(scale_items)
    ]
    return {
        "format": "medvirk-instrument/1",
        "code": draw(codes),
        "version": draw(st.integers(min_value=1, max_value=99)),
        "languages": LANGUAGES,
        "title": draw(texts()),
        "scales": {"s": scale},
        "sections": sections,
        "dimensions": [{"code": "d", "title": draw(texts()), "indices": indices}]
        if indices
        else [],
    }


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(definitions())
def test_a_valid_definition_survives_a_dump_and_load_round_trip(data: dict[str, Any]) -> None:
    instrument = from_dict(data)
    again = load(dump(instrument))
    assert again == instrument
    assert to_dict(again) == to_dict(instrument)
    assert list(again.questions) == list(instrument.questions)


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["code", "kind", "text", "nb", "en", "items", "points", "value", "scale", "options"]
            )
            | st.text(max_size=5),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@settings(deadline=None, max_examples=300)
@given(json_like)
def test_validation_never_crashes_on_random_input(data: Any) -> None:
    try:
        from_dict(data)
    except InstrumentError as error:
        assert error.problems


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(definitions(), st.data())
def test_validation_never_crashes_when_parts_are_replaced_by_junk(
    definition: dict[str, Any], junk: Any
) -> None:
    # Replace one nested value with junk, so the reader gets deep into a nearly valid tree.
    data = copy.deepcopy(definition)
    target: Any = data
    for _ in range(junk.draw(st.integers(min_value=1, max_value=4))):
        if isinstance(target, dict) and target:
            key = junk.draw(st.sampled_from(sorted(target, key=str)))
            if isinstance(target[key], dict | list) and junk.draw(st.booleans()):
                target = target[key]
                continue
            target[key] = junk.draw(json_like)
            break
        if isinstance(target, list) and target:
            position = junk.draw(st.integers(min_value=0, max_value=len(target) - 1))
            if isinstance(target[position], dict | list) and junk.draw(st.booleans()):
                target = target[position]
                continue
            target[position] = junk.draw(json_like)
            break
    try:
        from_dict(data)
    except InstrumentError as error:
        assert error.problems
