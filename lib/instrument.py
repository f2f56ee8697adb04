"""Questionnaire definitions (instruments): the YAML format, its validation and the
normalised, immutable form the rest of Medvirk uses. No Django imports.

The format is documented in docs/questionnaire-format.md. In short:

    format: medvirk-instrument/1
    code: medvirk-core            # carried over between versions, so rounds stay comparable
    version: 1
    languages: [nb, en]           # every text must exist in every language listed
    title: {nb: …, en: …}
    scales:
      agree5:
        points:                   # the values analysed, low to high
          - {value: 1, label: {nb: …, en: …}}
        not_applicable: {nb: …, en: …}   # optional extra choice, never analysed
        favourable: [4, 5]
        unfavourable: [1, 2]
    sections:                     # one page each for the respondent, in this order
      - code: workload
        title: {nb: …, en: …}
        intro: {nb: …, en: …}     # optional
        questions:
          - {code: WL1, scale: agree5, text: {…}, reverse: false}     # kind: scale (default)
          - {code: F1, kind: single, sensitive: true, text: {…}, options: [{value: no, label: {…}}]}
          - {code: F2, kind: multiple, text: {…}, options: […]}
          - {code: OPEN1, kind: text, text: {…}}
    dimensions:                   # the analytic structure: dimensions → indices → items
      - code: demands
        title: {…}
        indices:
          - {code: workload, title: {…}, items: [WL1, WL2], min_answered: 0.5}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

FORMAT = "medvirk-instrument/1"
QuestionKind = Literal["scale", "single", "multiple", "text"]
KINDS: tuple[str, ...] = ("scale", "single", "multiple", "text")


class InstrumentError(ValueError):
    """The definition is invalid; `problems` lists every problem found, as plain English."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


Text = Mapping[str, str]  # language code → text


@dataclass(frozen=True)
class Option:
    value: str
    label: Text


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: Text


@dataclass(frozen=True)
class Scale:
    code: str
    points: tuple[ScalePoint, ...]
    not_applicable: Text | None
    favourable: frozenset[int]
    unfavourable: frozenset[int]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(p.value for p in self.points)

    @property
    def low(self) -> int:
        return self.points[0].value

    @property
    def high(self) -> int:
        return self.points[-1].value

    def share_class(self, value: int) -> str:
        """ "favourable", "unfavourable" or "neutral" for an analysed value (before reversing)."""
        if value in self.favourable:
            return "favourable"
        if value in self.unfavourable:
            return "unfavourable"
        return "neutral"


@dataclass(frozen=True)
class Question:
    code: str
    kind: QuestionKind
    text: Text
    scale: str | None = None
    reverse: bool = False
    sensitive: bool = False
    options: tuple[Option, ...] = ()
    help: Text | None = None

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)


@dataclass(frozen=True)
class Section:
    code: str
    title: Text
    intro: Text | None
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Index:
    code: str
    title: Text
    items: tuple[str, ...]
    min_answered: float = 0.5


@dataclass(frozen=True)
class Dimension:
    code: str
    title: Text
    indices: tuple[Index, ...]


@dataclass(frozen=True)
class Instrument:
    code: str
    version: int
    languages: tuple[str, ...]
    title: Text
    scales: Mapping[str, Scale]
    sections: tuple[Section, ...]
    dimensions: tuple[Dimension, ...]
    intro: Text | None = None
    _questions: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for section in self.sections:
            for question in section.questions:
                self._questions[question.code] = question

    @property
    def questions(self) -> Mapping[str, Question]:
        return self._questions

    def question(self, code: str) -> Question:
        return self._questions[code]

    @property
    def indices(self) -> tuple[Index, ...]:
        return tuple(index for d in self.dimensions for index in d.indices)

    def scale_of(self, question: Question) -> Scale:
        assert question.scale is not None
        return self.scales[question.scale]

    def validate_answer(self, code: str, value: Any) -> Any:
        """The stored form of one answer, or ValueError. Scale answers are ints (or "na" for
        not relevant), single choice a string, multiple choice a sorted list, text a string."""
        question = self._questions.get(code)
        if question is None:
            raise ValueError(f"unknown question {code!r}")
        if question.kind == "scale":
            scale = self.scale_of(question)
            if value == "na" and scale.not_applicable is not None:
                return "na"
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise ValueError(f"{code}: {value!r} is not on the scale") from None
            if number not in scale.values:
                raise ValueError(f"{code}: {number} is not on the scale")
            return number
        if question.kind == "single":
            if value not in question.option_values:
                raise ValueError(f"{code}: {value!r} is not an option")
            return value
        if question.kind == "multiple":
            values = [value] if isinstance(value, str) else list(value)
            unknown = [v for v in values if v not in question.option_values]
            if unknown:
                raise ValueError(f"{code}: {unknown!r} are not options")
            return sorted(set(values))
        text = str(value).strip()
        if len(text) > 4000:
            raise ValueError(f"{code}: the text is longer than 4000 characters")
        return text


def load(source: str) -> Instrument:
    """Parse and validate a YAML definition; raise InstrumentError with every problem."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        raise InstrumentError([f"not valid YAML: {error}"]) from None
    return from_dict(data)


def from_dict(data: Any) -> Instrument:
    return _Reader(data).read()


class _Reader:
    """Collects every problem instead of stopping at the first."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.problems: list[str] = []
        self.languages: tuple[str, ...] = ()

    def read(self) -> Instrument:
        data = self.data
        if not isinstance(data, dict):
            raise InstrumentError(["the definition must be a mapping at the top level"])
        if data.get("format") != FORMAT:
            self.problems.append(f"format must be {FORMAT!r}, got {data.get('format')!r}")
        languages = data.get("languages")
        if (
            not isinstance(languages, list)
            or not languages
            or not all(isinstance(x, str) for x in languages)
        ):
            self.problems.append("languages must be a non-empty list such as [nb, en]")
            languages = ["nb"]
        self.languages = tuple(languages)
        code = self._str(data, "code", "the instrument")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.problems.append("version must be a whole number from 1")
            version = 1
        title = self._text(data.get("title"), "the instrument's title")
        intro = self._text(data.get("intro"), "the instrument's intro", optional=True)
        scales = self._scales(data.get("scales"))
        sections = self._sections(data.get("sections"), scales)
        questions = {q.code: q for s in sections for q in s.questions}
        dimensions = self._dimensions(data.get("dimensions"), questions)
        if self.problems:
            raise InstrumentError(self.problems)
        return Instrument(
            code=code,
            version=version,
            languages=self.languages,
            title=title or {},
            scales=scales,
            sections=tuple(sections),
            dimensions=tuple(dimensions),
            intro=intro,
        )

    def _str(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str | int) or isinstance(value, bool) or str(value).strip() == "":
            self.problems.append(f"{where}: {key} is missing")
            return ""
        return str(value).strip()

    def _text(self, value: Any, where: str, *, optional: bool = False) -> Text | None:
        if value is None and optional:
            return None
        if not isinstance(value, dict):
            self.problems.append(
                f"{where}: needs a text per language ({', '.join(self.languages)})"
            )
            return None
        missing = [lang for lang in self.languages if not str(value.get(lang) or "").strip()]
        if missing:
            self.problems.append(f"{where}: missing translation for {', '.join(missing)}")
        return {lang: str(value.get(lang) or "").strip() for lang in self.languages}

    def _scales(self, raw: Any) -> dict[str, Scale]:
        scales: dict[str, Scale] = {}
        if not isinstance(raw, dict) or not raw:
            self.problems.append("scales: at least one scale is needed")
            return scales
        for code, spec in raw.items():
            where = f"scale {code}"
            if not isinstance(spec, dict) or not isinstance(spec.get("points"), list):
                self.problems.append(f"{where}: needs a list of points")
                continue
            points = []
            for point in spec["points"]:
                value = point.get("value") if isinstance(point, dict) else None
                if not isinstance(value, int) or isinstance(value, bool):
                    self.problems.append(f"{where}: every point needs a whole-number value")
                    continue
                points.append(
                    ScalePoint(
                        value, self._text(point.get("label"), f"{where} point {value}") or {}
                    )
                )
            values = [p.value for p in points]
            if values != sorted(set(values)) or len(values) < 2:
                self.problems.append(f"{where}: values must be at least two, rising and unique")
            favourable = frozenset(spec.get("favourable") or [])
            unfavourable = frozenset(spec.get("unfavourable") or [])
            if not favourable <= set(values) or not unfavourable <= set(values):
                self.problems.append(
                    f"{where}: favourable and unfavourable must be values of the scale"
                )
            if favourable & unfavourable:
                self.problems.append(f"{where}: a value cannot be both favourable and unfavourable")
            not_applicable = self._text(
                spec.get("not_applicable"), f"{where} not_applicable", optional=True
            )
            scales[str(code)] = Scale(
                str(code), tuple(points), not_applicable, favourable, unfavourable
            )
        return scales

    def _sections(self, raw: Any, scales: Mapping[str, Scale]) -> list[Section]:
        sections: list[Section] = []
        if not isinstance(raw, list) or not raw:
            self.problems.append("sections: at least one section is needed")
            return sections
        seen_sections: set[str] = set()
        seen: set[str] = set()
        for spec in raw:
            if not isinstance(spec, dict):
                self.problems.append("sections: every section must be a mapping")
                continue
            code = self._str(spec, "code", "a section")
            if code in seen_sections:
                self.problems.append(f"section {code}: duplicate section code")
            seen_sections.add(code)
            where = f"section {code}"
            questions = []
            for q in spec.get("questions") or []:
                question = self._question(q, where, scales)
                if question is None:
                    continue
                if question.code in seen:
                    self.problems.append(f"{where}: duplicate item code {question.code}")
                seen.add(question.code)
                questions.append(question)
            if not questions:
                self.problems.append(f"{where}: has no questions")
            sections.append(
                Section(
                    code,
                    self._text(spec.get("title"), f"{where} title") or {},
                    self._text(spec.get("intro"), f"{where} intro", optional=True),
                    tuple(questions),
                )
            )
        return sections

    def _question(self, spec: Any, where: str, scales: Mapping[str, Scale]) -> Question | None:
        if not isinstance(spec, dict):
            self.problems.append(f"{where}: every question must be a mapping")
            return None
        code = self._str(spec, "code", f"{where}: a question")
        where = f"item {code}"
        kind = spec.get("kind", "scale")
        if kind not in KINDS:
            self.problems.append(f"{where}: unknown kind {kind!r} (use {', '.join(KINDS)})")
            return None
        text = self._text(spec.get("text"), f"{where} text") or {}
        help_text = self._text(spec.get("help"), f"{where} help", optional=True)
        scale = spec.get("scale")
        options: list[Option] = []
        if kind == "scale" and scale not in scales:
            self.problems.append(f"{where}: unknown scale {scale!r}")
        if kind in ("single", "multiple"):
            for option in spec.get("options") or []:
                if not isinstance(option, dict) or "value" not in option:
                    self.problems.append(f"{where}: every option needs a value and a label")
                    continue
                options.append(
                    Option(
                        str(option["value"]),
                        self._text(option.get("label"), f"{where} option {option['value']}") or {},
                    )
                )
            values = [o.value for o in options]
            if len(values) < 2 or len(set(values)) != len(values):
                self.problems.append(f"{where}: needs at least two options with unique values")
        return Question(
            code=code,
            kind=kind,
            text=text,
            scale=scale if kind == "scale" else None,
            reverse=bool(spec.get("reverse", False)),
            sensitive=bool(spec.get("sensitive", False)),
            options=tuple(options),
            help=help_text,
        )

    def _dimensions(self, raw: Any, questions: Mapping[str, Question]) -> list[Dimension]:
        dimensions: list[Dimension] = []
        if not isinstance(raw, list):
            self.problems.append("dimensions: must be a list (it may be empty)")
            return dimensions
        seen: set[str] = set()
        for spec in raw:
            if not isinstance(spec, dict):
                self.problems.append("dimensions: every dimension must be a mapping")
                continue
            code = self._str(spec, "code", "a dimension")
            indices = []
            for index in spec.get("indices") or []:
                index_code = self._str(index, "code", f"dimension {code}: an index")
                if index_code in seen:
                    self.problems.append(f"index {index_code}: duplicate index code")
                seen.add(index_code)
                items = tuple(str(i) for i in index.get("items") or [])
                for item in items:
                    question = questions.get(item)
                    if question is None:
                        self.problems.append(f"index {index_code}: unknown item {item}")
                    elif question.kind != "scale":
                        self.problems.append(f"index {index_code}: item {item} is not a scale item")
                if not items:
                    self.problems.append(f"index {index_code}: has no items")
                min_answered = index.get("min_answered", 0.5)
                if not isinstance(min_answered, int | float) or not 0 < min_answered <= 1:
                    self.problems.append(
                        f"index {index_code}: min_answered must be above 0 and at most 1"
                    )
                    min_answered = 0.5
                indices.append(
                    Index(
                        index_code,
                        self._text(index.get("title"), f"index {index_code} title") or {},
                        items,
                        float(min_answered),
                    )
                )
            dimensions.append(
                Dimension(
                    code,
                    self._text(spec.get("title"), f"dimension {code} title") or {},
                    tuple(indices),
                )
            )
        return dimensions
