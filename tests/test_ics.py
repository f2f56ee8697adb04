"""lib.ics writes RFC 5545 calendar files by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from lib import ics

START = dt.datetime(2030, 3, 4, 8, 0, tzinfo=dt.UTC)


def _event(**kwargs):
    values = {
        "uid": "abc@medvirk",
        "sequence": 2,
        "start": START,
        "end": START + dt.timedelta(hours=2),
        "summary": "Start session: Team",
    }
    return ics.Event(**{**values, **kwargs})


def test_it_writes_one_event_with_uid_and_sequence():
    text = ics.calendar(_event(), stamp=START)
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "UID:abc@medvirk" in lines and "SEQUENCE:2" in lines
    assert "DTSTART:20300304T080000Z" in lines and "DTEND:20300304T100000Z" in lines


def test_it_escapes_text_values():
    text = ics.calendar(_event(summary="A, B; C\\D\nE"), stamp=START)
    assert "SUMMARY:A\\, B\\; C\\\\D\\nE" in text


def test_it_folds_long_lines_at_75_octets_without_splitting_characters():
    text = ics.calendar(_event(description="æøå " * 60), stamp=START)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = text.replace("\r\n ", "")
    assert "DESCRIPTION:" + "æøå " * 59 + "æøå " in unfolded


def test_it_refuses_naive_times():
    with pytest.raises(ValueError):
        ics.calendar(_event(start=START.replace(tzinfo=None)), stamp=START)
