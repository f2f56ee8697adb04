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
                                  # (every index is scored so that high is favourable)
      - code: demands
        title: {…}
        indices:
          - {code: workload, title: {…}, items: [WL1, WL2], min_answered: 0.5}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeGuard

import yaml

FORMAT = "medvirk-instrument/1"
QuestionKind = Literal["scale", "single", "multiple", "text"]
KINDS: tuple[str, ...] = ("scale", "single", "multiple", "text")
FACT_KINDS: tuple[str, ...] = ("single", "multiple")
# Codes end up in URLs, CSV headers and report tables: letters, digits, "_" and "-".
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
MAX_CODE = 64
MAX_TEXT = 4000  # longest free-text answer kept
LOCAL_SECTION = "local"
LOCAL_TITLE = {"nb": "Lokale spørsmål", "en": "Local questions"}


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

    def reversed(self, value: int) -> int:
        """The value a reverse-coded item's answer counts as: low ↔ high."""
        return self.low + self.high - value


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
        if len(text) > MAX_TEXT:
            raise ValueError(f"{code}: the text is longer than {MAX_TEXT} characters")
        return text


# --- reading ---------------------------------------------------------------------------------

TOP_KEYS = frozenset(
    {"format", "code", "version", "languages", "title", "intro", "scales", "sections", "dimensions"}
)
SCALE_KEYS = frozenset({"points", "not_applicable", "favourable", "unfavourable"})
POINT_KEYS = frozenset({"value", "label"})
SECTION_KEYS = frozenset({"code", "title", "intro", "questions"})
QUESTION_KEYS = frozenset(
    {"code", "kind", "text", "help", "scale", "reverse", "sensitive", "options"}
)
OPTION_KEYS = frozenset({"value", "label"})
DIMENSION_KEYS = frozenset({"code", "title", "indices"})
INDEX_KEYS = frozenset({"code", "title", "items", "min_answered"})


YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


def load(source: str) -> Instrument:
    """Parse and validate a YAML definition; raise InstrumentError with every problem."""
    try:
        data = yaml.load(source, Loader=YAML_LOADER)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        raise InstrumentError([f"not valid YAML: {error}"]) from None
    return from_dict(data)


def from_dict(data: Any) -> Instrument:
    return _Reader(data).read()


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


class _Reader:
    """Collects every problem instead of stopping at the first. Never raises anything but
    InstrumentError, whatever the input (a property test holds it to that)."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.problems: list[str] = []
        self.languages: tuple[str, ...] = ()
        self.seen_items: set[str] = set()

    def problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    def read(self) -> Instrument:
        data = self.data
        if not isinstance(data, dict):
            raise InstrumentError(["the definition must be a mapping at the top level"])
        self._unknown_keys(data, TOP_KEYS, "the instrument")
        if data.get("format") != FORMAT:
            self.problem(f"format must be {FORMAT!r}, got {data.get('format')!r}")
        self.languages = self._languages(data.get("languages"))
        code = self._code(data, "the instrument")
        version = data.get("version")
        if not _is_int(version) or version < 1:
            self.problem("version must be a whole number from 1")
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

    # -- helpers --

    def _unknown_keys(self, spec: Mapping[Any, Any], allowed: frozenset[str], where: str) -> None:
        unknown = sorted(str(k) for k in spec if k not in allowed)
        if unknown:
            self.problem(
                f"{where}: unknown key {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})"
            )

    def _languages(self, raw: Any) -> tuple[str, ...]:
        if (
            not isinstance(raw, list)
            or not raw
            or not all(isinstance(x, str) and x.strip() for x in raw)
            or len(set(raw)) != len(raw)
        ):
            self.problem("languages must be a non-empty list of unique codes such as [nb, en]")
            return ("nb",)
        return tuple(raw)

    def _code(self, spec: Mapping[Any, Any], where: str) -> str:
        value = spec.get("code")
        if not isinstance(value, str | int) or isinstance(value, bool) or str(value).strip() == "":
            self.problem(f"{where}: code is missing")
            return ""
        code = str(value).strip()
        if not CODE_RE.match(code) or len(code) > MAX_CODE:
            self.problem(
                f"{where}: the code {code!r} may hold only letters, digits, _ and - "
                f"(at most {MAX_CODE} characters)"
            )
        return code

    def _text(self, value: Any, where: str, *, optional: bool = False) -> Text | None:
        if value is None and optional:
            return None
        if not isinstance(value, dict):
            self.problem(f"{where}: needs a text per language ({', '.join(self.languages)})")
            return None
        missing = [
            lang
            for lang in self.languages
            if not isinstance(value.get(lang), str | int | float) or not str(value[lang]).strip()
        ]
        if missing:
            self.problem(f"{where}: missing translation for {', '.join(missing)}")
        extra = sorted(str(k) for k in value if k not in self.languages)
        if extra:
            self.problem(f"{where}: text in a language that is not listed: {', '.join(extra)}")
        return {
            lang: str(value[lang]).strip() if lang not in missing else "" for lang in self.languages
        }

    def _list(self, raw: Any, where: str) -> list[Any]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(f"{where}: must be a list")
            return []
        return raw

    # -- scales --

    def _scales(self, raw: Any) -> dict[str, Scale]:
        scales: dict[str, Scale] = {}
        if not isinstance(raw, dict) or not raw:
            self.problem("scales: at least one scale is needed")
            return scales
        for code, spec in raw.items():
            where = f"scale {code}"
            if not isinstance(code, str) or not CODE_RE.match(code):
                self.problem(f"{where}: the code may hold only letters, digits, _ and -")
            if not isinstance(spec, dict) or not isinstance(spec.get("points"), list):
                self.problem(f"{where}: needs a list of points")
                continue
            self._unknown_keys(spec, SCALE_KEYS, where)
            scale = self._scale(str(code), spec, where)
            scales[str(code)] = scale
        return scales

    def _scale(self, code: str, spec: dict[Any, Any], where: str) -> Scale:
        points = []
        for point in spec["points"]:
            value = point.get("value") if isinstance(point, dict) else None
            if not _is_int(value):
                self.problem(f"{where}: every point needs a whole-number value and a label")
                continue
            assert isinstance(point, dict)
            self._unknown_keys(point, POINT_KEYS, f"{where} point {value}")
            label = self._text(point.get("label"), f"{where} point {value}") or {}
            points.append(ScalePoint(value, label))
        values = [p.value for p in points]
        if values != sorted(set(values)) or len(values) < 2:
            self.problem(f"{where}: values must be at least two, rising and unique")
        favourable = self._values(spec.get("favourable"), f"{where} favourable")
        unfavourable = self._values(spec.get("unfavourable"), f"{where} unfavourable")
        if not favourable <= set(values) or not unfavourable <= set(values):
            self.problem(f"{where}: favourable and unfavourable must be values of the scale")
        if favourable & unfavourable:
            self.problem(f"{where}: a value cannot be both favourable and unfavourable")
        not_applicable = self._text(
            spec.get("not_applicable"), f"{where} not_applicable", optional=True
        )
        return Scale(code, tuple(points), not_applicable, favourable, unfavourable)

    def _values(self, raw: Any, where: str) -> frozenset[int]:
        items = self._list(raw, where)
        if not all(_is_int(v) for v in items):
            self.problem(f"{where}: must be a list of scale values")
        return frozenset(v for v in items if _is_int(v))

    # -- sections and questions --

    def _sections(self, raw: Any, scales: Mapping[str, Scale]) -> list[Section]:
        sections: list[Section] = []
        if not isinstance(raw, list) or not raw:
            self.problem("sections: at least one section is needed")
            return sections
        seen_sections: set[str] = set()
        for spec in raw:
            if not isinstance(spec, dict):
                self.problem("sections: every section must be a mapping")
                continue
            code = self._code(spec, "a section")
            where = f"section {code}"
            self._unknown_keys(spec, SECTION_KEYS, where)
            if code in seen_sections:
                self.problem(f"{where}: duplicate section code")
            seen_sections.add(code)
            questions = self.questions(spec.get("questions"), where, scales)
            if not questions:
                self.problem(f"{where}: has no questions")
            sections.append(
                Section(
                    code,
                    self._text(spec.get("title"), f"{where} title") or {},
                    self._text(spec.get("intro"), f"{where} intro", optional=True),
                    tuple(questions),
                )
            )
        return sections

    def questions(self, raw: Any, where: str, scales: Mapping[str, Scale]) -> list[Question]:
        questions = []
        for spec in self._list(raw, f"{where} questions"):
            question = self._question(spec, where, scales)
            if question is None:
                continue
            if question.code in self.seen_items:
                self.problem(f"{where}: duplicate item code {question.code}")
            self.seen_items.add(question.code)
            questions.append(question)
        return questions

    def _question(self, spec: Any, where: str, scales: Mapping[str, Scale]) -> Question | None:
        if not isinstance(spec, dict):
            self.problem(f"{where}: every question must be a mapping")
            return None
        code = self._code(spec, f"{where}: a question")
        where = f"item {code}"
        self._unknown_keys(spec, QUESTION_KEYS, where)
        kind = spec.get("kind", "scale")
        if kind not in KINDS:
            self.problem(f"{where}: unknown kind {kind!r} (use {', '.join(KINDS)})")
            return None
        text = self._text(spec.get("text"), f"{where} text") or {}
        help_text = self._text(spec.get("help"), f"{where} help", optional=True)
        scale = spec.get("scale")
        if kind == "scale" and (not isinstance(scale, str) or scale not in scales):
            known = ", ".join(str(s) for s in scales) or "none"
            self.problem(f"{where}: unknown scale {scale!r} (defined: {known})")
        if kind != "scale" and scale is not None:
            self.problem(f"{where}: only scale items have a scale")
        reverse = self._flag(spec, "reverse", where)
        if reverse and kind != "scale":
            self.problem(f"{where}: only scale items can be reverse-coded")
        sensitive = self._flag(spec, "sensitive", where)
        if sensitive and kind not in FACT_KINDS:
            self.problem(f"{where}: only single or multiple choice items can be sensitive")
        options = self._options(spec.get("options"), kind, where)
        return Question(
            code=code,
            kind=kind,
            text=text,
            scale=scale if kind == "scale" and isinstance(scale, str) and scale in scales else None,
            reverse=reverse,
            sensitive=sensitive,
            options=tuple(options),
            help=help_text,
        )

    def _flag(self, spec: Mapping[Any, Any], key: str, where: str) -> bool:
        value = spec.get(key, False)
        if not isinstance(value, bool):
            self.problem(f"{where}: {key} must be true or false")
            return False
        return value

    def _options(self, raw: Any, kind: str, where: str) -> list[Option]:
        if kind not in FACT_KINDS:
            if raw is not None:
                self.problem(f"{where}: only single or multiple choice items have options")
            return []
        options: list[Option] = []
        for option in self._list(raw, f"{where} options"):
            value = option.get("value") if isinstance(option, dict) else None
            if not isinstance(value, str | int) or isinstance(value, bool) or not str(value):
                self.problem(f"{where}: every option needs a value and a label")
                continue
            assert isinstance(option, dict)
            self._unknown_keys(option, OPTION_KEYS, f"{where} option {value}")
            if str(value) == "na":
                self.problem(f"{where}: the option value “na” is reserved for “not relevant”")
            label = self._text(option.get("label"), f"{where} option {value}") or {}
            options.append(Option(str(value), label))
        values = [o.value for o in options]
        if len(values) < 2 or len(set(values)) != len(values):
            self.problem(f"{where}: needs at least two options with unique values")
        return options

    # -- dimensions and indices --

    def _dimensions(self, raw: Any, questions: Mapping[str, Question]) -> list[Dimension]:
        dimensions: list[Dimension] = []
        if not isinstance(raw, list):
            self.problem("dimensions: must be a list (it may be empty)")
            return dimensions
        seen_dimensions: set[str] = set()
        indexed: dict[str, str] = {}  # item → the index it belongs to
        seen_indices: set[str] = set()
        for spec in raw:
            if not isinstance(spec, dict):
                self.problem("dimensions: every dimension must be a mapping")
                continue
            code = self._code(spec, "a dimension")
            where = f"dimension {code}"
            self._unknown_keys(spec, DIMENSION_KEYS, where)
            if code in seen_dimensions:
                self.problem(f"{where}: duplicate dimension code")
            seen_dimensions.add(code)
            indices = []
            for index_spec in self._list(spec.get("indices"), f"{where} indices"):
                index = self._index(index_spec, where, questions, indexed)
                if index is None:
                    continue
                if index.code in seen_indices:
                    self.problem(f"index {index.code}: duplicate index code")
                seen_indices.add(index.code)
                indices.append(index)
            if not indices:
                self.problem(f"{where}: has no indices")
            title = self._text(spec.get("title"), f"{where} title") or {}
            dimensions.append(Dimension(code, title, tuple(indices)))
        return dimensions

    def _index(
        self,
        spec: Any,
        where: str,
        questions: Mapping[str, Question],
        indexed: dict[str, str],
    ) -> Index | None:
        if not isinstance(spec, dict):
            self.problem(f"{where}: every index must be a mapping")
            return None
        code = self._code(spec, f"{where}: an index")
        where = f"index {code}"
        self._unknown_keys(spec, INDEX_KEYS, where)
        items = tuple(str(i) for i in self._list(spec.get("items"), f"{where} items"))
        if not items:
            self.problem(f"{where}: has no items")
        if len(set(items)) != len(items):
            self.problem(f"{where}: lists an item twice")
        scales = set()
        for item in dict.fromkeys(items):
            question = questions.get(item)
            if question is None:
                self.problem(f"{where}: unknown item {item}")
                continue
            if question.kind != "scale":
                self.problem(f"{where}: item {item} is not a scale item")
            if question.scale is not None:
                scales.add(question.scale)
            if item in indexed and indexed[item] != code:
                self.problem(f"{where}: item {item} already belongs to index {indexed[item]}")
            indexed.setdefault(item, code)
        if len(scales) > 1:
            self.problem(f"{where}: mixes items on different scales")
        min_answered = spec.get("min_answered", 0.5)
        if (
            not isinstance(min_answered, int | float)
            or isinstance(min_answered, bool)
            or not 0 < min_answered <= 1
        ):
            self.problem(f"{where}: min_answered must be above 0 and at most 1")
            min_answered = 0.5
        title = self._text(spec.get("title"), f"{where} title") or {}
        return Index(code, title, items, float(min_answered))


# --- writing ---------------------------------------------------------------------------------


def _question_dict(question: Question) -> dict[str, Any]:
    spec: dict[str, Any] = {"code": question.code}
    if question.kind != "scale":
        spec["kind"] = question.kind
    if question.scale is not None:
        spec["scale"] = question.scale
    if question.reverse:
        spec["reverse"] = True
    if question.sensitive:
        spec["sensitive"] = True
    spec["text"] = dict(question.text)
    if question.help is not None:
        spec["help"] = dict(question.help)
    if question.options:
        spec["options"] = [{"value": o.value, "label": dict(o.label)} for o in question.options]
    return spec


def _scale_dict(scale: Scale) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "points": [{"value": p.value, "label": dict(p.label)} for p in scale.points]
    }
    if scale.not_applicable is not None:
        spec["not_applicable"] = dict(scale.not_applicable)
    spec["favourable"] = sorted(scale.favourable)
    spec["unfavourable"] = sorted(scale.unfavourable)
    return spec


def to_dict(instrument: Instrument) -> dict[str, Any]:
    """The definition as plain data in the YAML format; `from_dict(to_dict(i)) == i`."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "code": instrument.code,
        "version": instrument.version,
        "languages": list(instrument.languages),
        "title": dict(instrument.title),
    }
    if instrument.intro is not None:
        data["intro"] = dict(instrument.intro)
    data["scales"] = {code: _scale_dict(s) for code, s in instrument.scales.items()}
    data["sections"] = []
    for section in instrument.sections:
        spec: dict[str, Any] = {"code": section.code, "title": dict(section.title)}
        if section.intro is not None:
            spec["intro"] = dict(section.intro)
        spec["questions"] = [_question_dict(q) for q in section.questions]
        data["sections"].append(spec)
    data["dimensions"] = [
        {
            "code": d.code,
            "title": dict(d.title),
            "indices": [
                {
                    "code": i.code,
                    "title": dict(i.title),
                    "items": list(i.items),
                    "min_answered": i.min_answered,
                }
                for i in d.indices
            ],
        }
        for d in instrument.dimensions
    ]
    return data


def dump(instrument: Instrument) -> str:
    """The definition as YAML text that `load` reads back to an equal Instrument."""
    return yaml.safe_dump(to_dict(instrument), allow_unicode=True, sort_keys=False, width=100)


# --- local questions -------------------------------------------------------------------------


def read_questions(instrument: Instrument, specs: Any) -> list[Question]:
    """Validate question specs (the YAML question format) against an instrument: its
    languages and scales, and item codes that do not clash with its own. Raises
    InstrumentError with every problem."""
    reader = _Reader(None)
    reader.languages = instrument.languages
    reader.seen_items = set(instrument.questions)
    if not isinstance(specs, list):
        raise InstrumentError(["the local questions must be a list of questions"])
    clashes = {
        str(s["code"])
        for s in specs
        if isinstance(s, dict) and isinstance(s.get("code"), str | int)
        if str(s["code"]) in reader.seen_items
    }
    questions = reader.questions(specs, "local questions", instrument.scales)
    problems = [
        p
        for p in reader.problems
        if not any(p == f"local questions: duplicate item code {c}" for c in clashes)
    ]
    problems += [
        f"item {c}: the code is already used by the questionnaire; choose another code"
        for c in sorted(clashes)
    ]
    if problems:
        raise InstrumentError(problems)
    return questions


def with_extra_items(instrument: Instrument, specs: Any) -> Instrument:
    """The instrument with a round's own questions appended as a last page, "Local
    questions". Local items belong to no index; they are reported item by item."""
    if not specs:
        return instrument
    questions = read_questions(instrument, specs)
    codes = {s.code for s in instrument.sections}
    code = LOCAL_SECTION
    while code in codes:
        code += "-x"
    title = {lang: LOCAL_TITLE.get(lang, LOCAL_TITLE["en"]) for lang in instrument.languages}
    section = Section(code, title, None, tuple(questions))
    # `_questions` must be a fresh dict: `replace` would otherwise share the original's.
    return replace(instrument, sections=(*instrument.sections, section), _questions={})
