"""Every reason and suggestion has a bokmål text with the same placeholders, and renders
dates and decimals the way each language writes them."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from lib.smart import NB, Message, check, format_date, render
from tests.smart.examples import BAD, GOOD, TODAY

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted((ROOT / "lib/smart").glob("*.py")),
    ROOT / "actions/management/commands/smartcheck.py",
]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _message_ids() -> set[str]:
    """The message ids in the source: first arguments of msg(…), Message(…), problem(…)."""
    ids = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = getattr(node.func, "id", None)
                if name in {"_msg", "msg", "Message", "problem"} and isinstance(
                    node.args[0].value, str
                ):
                    ids.add(node.args[0].value)
    return ids


def test_it_finds_the_messages_in_the_source():
    assert len(_message_ids()) > 60


@pytest.mark.parametrize("message_id", sorted(_message_ids()))
def test_every_message_has_a_bokmal_text_with_the_same_placeholders(message_id):
    assert message_id in NB
    assert sorted(PLACEHOLDER.findall(NB[message_id])) == sorted(PLACEHOLDER.findall(message_id))


def test_the_catalogue_has_no_unused_entries():
    from lib.smart.rules import _MEASURABLE_REASONS

    assert set(NB) == _message_ids() | set(_MEASURABLE_REASONS.values())


def test_every_example_renders_in_both_languages():
    for example in GOOD + BAD:
        result = check(example.measure, today=TODAY)
        for language in ("en", "nb"):
            as_dict = result.as_dict(language)
            assert list(as_dict) == [
                "specific",
                "measurable",
                "accepted",
                "realistic",
                "time_bound",
            ]
            for criterion in as_dict.values():
                assert isinstance(criterion["reason"], str) and "%(" not in criterion["reason"]
                assert criterion["met"] or criterion["suggestion"]


def test_it_writes_dates_and_decimals_as_each_language_does():
    assert format_date(date(2025, 2, 1), "nb") == "1. februar 2025"
    assert format_date(date(2025, 2, 1), "en") == "1 February 2025"
    message = Message(
        "Has an index target for the next survey: %(code)s at %(value)s.",
        (("code", "WL"), ("value", 3.75)),
    )
    assert render(message, "en") == "Has an index target for the next survey: WL at 3.75."
    assert message.render("nb") == "Har et indeksmål for neste undersøkelse: WL på 3,75."


def test_an_unknown_message_renders_as_its_english_source():
    assert render(Message("Plain %(word)s.", (("word", "text"),)), "nb") == "Plain text."
