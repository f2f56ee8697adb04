"""The discussion guide: complete in bokmål and English, the sections the issue asks for,
and a broken guide file is refused with every problem named."""

from __future__ import annotations

import pytest
from django.utils import translation

from conversations.guide import GuideError, guide, parse


def test_the_guide_has_every_section_in_both_languages():
    g = guide()
    assert g.codes == [
        "the-year",
        "last-time",
        "workload",
        "collaboration",
        "physical-digital",
        "preserve-improve",
    ]
    assert [s.code for s in g.sections if s.measures] == ["last-time"]
    for section in g.sections:
        for language in ("nb", "en"):
            with translation.override(language):
                assert section.title and section.intro
                assert len(section.questions) >= 2
                assert all(q.endswith("?") for q in section.questions), section.code
        with translation.override("nb"):
            nb = section.title
        with translation.override("en"):
            assert section.title != nb


def test_the_page_language_picks_the_text():
    with translation.override("nb"):
        assert guide().section("workload").title == "Arbeidsmengde og ressurser"
    with translation.override("en"):
        assert guide().section("workload").title == "Workload and resources"


def test_a_broken_guide_names_every_problem():
    source = """
format: medvirk-conversation-guide/1
nb: {title: T, intro: I, before: [B]}
en: {title: T, intro: I}
sections:
  - code: Bad Code
    nb: {title: A, intro: B, questions: ['Q?', 'R?']}
    en: {title: A, intro: B, questions: ['Q?']}
  - code: two
    nb: {title: A, intro: B, questions: ['Q?']}
"""
    with pytest.raises(GuideError) as error:
        parse(source)
    message = str(error.value)
    assert "guide: en.before is missing" in message
    assert "section 1 (Bad Code): code must be" in message
    assert "section 1 (Bad Code): bokmål and English have different numbers" in message
    assert "section 2 (two): en.title is missing" in message
    with pytest.raises(GuideError):
        parse("sections: [unclosed")
