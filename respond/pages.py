"""One questionnaire page: reading the answers a page posts and describing its questions for
the template. Answers are validated with `Instrument.validate_answer`; a rejected answer gets
a message on its question and never costs the rest of the page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from lib.instrument import Instrument, Question, Section
from respond.questionnaire import TEXT_LIMIT, text

NOT_RELEVANT = "na"


def field_name(question: Question) -> str:
    return "a_" + question.code


@dataclass
class PageInput:
    """What one posted page holds: valid answers to keep, questions left blank (their saved
    answer is removed), and messages for answers that were rejected."""

    answers: dict[str, Any] = field(default_factory=dict)
    cleared: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    rejected_text: dict[str, str] = field(default_factory=dict)  # shown again to be shortened


def read_page(instrument: Instrument, section: Section, data: QueryDict) -> PageInput:
    page = PageInput()
    for question in section.questions:
        name = field_name(question)
        raw: Any = data.getlist(name) if question.kind == "multiple" else data.get(name, "")
        if raw in ("", []) or (question.kind == "text" and not str(raw).strip()):
            page.cleared.append(question.code)
            continue
        try:
            page.answers[question.code] = instrument.validate_answer(question.code, raw)
        except ValueError:
            page.errors[question.code] = _error_message(question)
            if question.kind == "text":
                page.rejected_text[question.code] = str(raw)
    return page


def _error_message(question: Question) -> str:
    if question.kind == "text":
        return _("The answer is too long. Please shorten it to at most %(limit)s characters.") % {
            "limit": TEXT_LIMIT
        }
    if question.kind == "multiple":
        return _("Choose only among the answers shown.")
    return _("Choose one of the answers shown.")


def describe_section(
    instrument: Instrument,
    section: Section,
    answers: Mapping[str, Any],
    language: str,
    *,
    errors: Mapping[str, str] | None = None,
    rejected_text: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The questions of a page as plain data for the template, with the saved answers."""
    errors = errors or {}
    rejected_text = rejected_text or {}
    described = []
    for question in section.questions:
        value = answers.get(question.code)
        item: dict[str, Any] = {
            "code": question.code,
            "kind": question.kind,
            "name": field_name(question),
            "text": text(question.text, language),
            "help": text(question.help, language),
            "sensitive": question.sensitive,
            "error": errors.get(question.code, ""),
            "choices": _choices(instrument, question, value, language),
        }
        if question.kind == "text":
            item["value"] = rejected_text.get(question.code, value or "")
            item["limit"] = TEXT_LIMIT
        item["describedby"] = _described_by(item)
        described.append(item)
    return described


def _described_by(item: Mapping[str, Any]) -> str:
    """The ids of the help, limit and error texts the template shows for a question."""
    name = item["name"]
    ids = [f"{name}-help"] if item["help"] else []
    if item["kind"] == "text":
        ids.append(f"{name}-limit")
    if item["error"]:
        ids.append(f"{name}-error")
    return " ".join(ids)


def _choices(
    instrument: Instrument, question: Question, value: Any, language: str
) -> list[dict[str, Any]]:
    if question.kind == "scale":
        scale = instrument.scale_of(question)
        choices = [
            {"value": str(p.value), "label": text(p.label, language), "checked": value == p.value}
            for p in scale.points
        ]
        if scale.not_applicable is not None:
            choices.append(
                {
                    "value": NOT_RELEVANT,
                    "label": text(scale.not_applicable, language),
                    "checked": value == NOT_RELEVANT,
                    "apart": True,
                }
            )
        return choices
    if question.kind in ("single", "multiple"):
        chosen = set(value) if isinstance(value, list) else {value}
        return [
            {"value": o.value, "label": text(o.label, language), "checked": o.value in chosen}
            for o in question.options
        ]
    return []


def answer_label(instrument: Instrument, question: Question, value: Any, language: str) -> str:
    """A saved answer as the respondent saw it, for the summary page."""
    if value is None or value == "" or value == []:
        return ""
    if question.kind == "text":
        return str(value)
    labels = [c["label"] for c in _choices(instrument, question, value, language) if c["checked"]]
    return ", ".join(labels)
