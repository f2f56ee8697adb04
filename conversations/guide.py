"""The discussion guide of the annual conversation (conversations/guide.yaml): read once,
checked for completeness in both languages, and shown in the page language."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

GUIDE_FILE = Path(__file__).resolve().parent / "guide.yaml"
FORMAT = "medvirk-conversation-guide/1"
LANGUAGES = ("nb", "en")


class GuideError(ValueError):
    """The guide file is incomplete or malformed; the message lists every problem."""


@dataclass(frozen=True)
class Text:
    """One piece of text in bokmål and English; `str()` gives the page language's."""

    nb: Any
    en: Any

    def get(self) -> Any:
        return self.en if (get_language() or "nb").startswith("en") else self.nb


@dataclass(frozen=True)
class Section:
    code: str
    title_text: Text
    intro_text: Text
    questions_text: Text
    measures: bool  # lists the unit's open measures

    @property
    def title(self) -> str:
        return str(self.title_text.get())

    @property
    def intro(self) -> str:
        return str(self.intro_text.get())

    @property
    def questions(self) -> list[str]:
        return list(self.questions_text.get())


@dataclass(frozen=True)
class Guide:
    title_text: Text
    intro_text: Text
    before_text: Text
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return str(self.title_text.get())

    @property
    def intro(self) -> str:
        return str(self.intro_text.get())

    @property
    def before(self) -> list[str]:
        return list(self.before_text.get())

    def section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.code == code), None)

    @property
    def codes(self) -> list[str]:
        return [s.code for s in self.sections]


def _text(block: dict[str, Any], key: str, where: str, problems: list[str]) -> Text:
    values = {}
    for lang in LANGUAGES:
        value = (block.get(lang) or {}).get(key)
        if not value:
            problems.append(f"{where}: {lang}.{key} is missing")
        values[lang] = value if isinstance(value, list) else str(value or "").strip()
    return Text(values["nb"], values["en"])


def parse(source: str) -> Guide:
    """Read and check a guide; `GuideError` lists every problem."""
    try:
        data = yaml.safe_load(source) or {}
    except yaml.YAMLError as error:
        raise GuideError(f"not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise GuideError("the guide must be a mapping")
    problems: list[str] = []
    if data.get("format") != FORMAT:
        problems.append(f"format must be {FORMAT}")
    title = _text(data, "title", "guide", problems)
    intro = _text(data, "intro", "guide", problems)
    before = _text(data, "before", "guide", problems)
    sections = []
    seen: set[str] = set()
    for number, raw in enumerate(data.get("sections") or [], start=1):
        code = str(raw.get("code") or "")
        where = f"section {number} ({code or 'no code'})"
        if not code or not code.replace("-", "").isalnum() or code != code.lower():
            problems.append(f"{where}: code must be lower-case letters, digits and hyphens")
        if code in seen:
            problems.append(f"{where}: the code is used twice")
        seen.add(code)
        questions = _text(raw, "questions", where, problems)
        if len(questions.nb or []) != len(questions.en or []):
            problems.append(f"{where}: bokmål and English have different numbers of questions")
        sections.append(
            Section(
                code=code,
                title_text=_text(raw, "title", where, problems),
                intro_text=_text(raw, "intro", where, problems),
                questions_text=questions,
                measures=bool(raw.get("measures", False)),
            )
        )
    if not sections:
        problems.append("the guide has no sections")
    if problems:
        raise GuideError("; ".join(problems))
    return Guide(title, intro, before, tuple(sections))


@functools.cache
def guide() -> Guide:
    """The guide of this installation (read once per process)."""
    return parse(GUIDE_FILE.read_text(encoding="utf-8"))
