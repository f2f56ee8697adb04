"""Read and check the two organisation CSV files (units and people) without Django.

Every problem is collected, not just the first, each with the file name and the physical line
number (the header is line 1). Messages are gettext message ids with named placeholders; the
caller renders them in the user's language with `Problem.render(gettext)`.

Rules decided here:
- The files are UTF-8 (a byte-order mark is accepted) and comma-separated.
- The units file has exactly one root (an empty `parent_code`), and it is an institution.
- The people file may carry optional `leads_unit` and `language` columns; unknown columns are
  ignored with a warning.
- `language` is the language Medvirk writes to the person in: `nb` or `en` (also `no`, `nob`
  and `eng`, in any case); empty means not known.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Literal


def gettext_noop(message: str) -> str:
    """Mark a message for translation (makemessages knows this name); translate at render time."""
    return message


UNIT_COLUMNS = ("code", "parent_code", "name_nb", "name_en", "kind")
PEOPLE_COLUMNS = (
    "employee_id",
    "given_name",
    "family_name",
    "email",
    "unit_code",
    "position_group",
    "age_group",
    "gender",
    "employment",
)
OPTIONAL_PEOPLE_COLUMNS = ("leads_unit", "language")
# The values of `language`, and the codes they stand for (those of settings.LANGUAGES).
LANGUAGE_VALUES = {"nb": "nb", "no": "nb", "nob": "nb", "en": "en", "eng": "en"}

# The same limits as the model fields (a test keeps them in step).
MAX_LENGTHS = {
    "code": 64,
    "parent_code": 64,
    "name_nb": 200,
    "name_en": 200,
    "kind": 20,
    "employee_id": 64,
    "given_name": 150,
    "family_name": 150,
    "email": 254,
    "unit_code": 64,
    "position_group": 64,
    "age_group": 32,
    "gender": 32,
    "employment": 32,
    "leads_unit": 64,
    "language": 8,
}
REQUIRED_UNIT_VALUES = ("code", "name_nb", "kind")
REQUIRED_PERSON_VALUES = ("employee_id", "given_name", "family_name", "email", "unit_code")

# Deliberately simple: one @, no spaces, a dot in the domain. Typos, not RFC 5322.
EMAIL_RE = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$")

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class CsvFile:
    name: str
    data: bytes


@dataclass(frozen=True)
class Problem:
    file: str
    line: int  # 0 when the problem concerns the whole file
    message: str
    params: tuple[tuple[str, str | int], ...] = ()
    level: Level = "error"

    def render(self, translate: Callable[[str], str] = gettext_noop) -> str:
        return translate(self.message) % dict(self.params)

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class UnitRow:
    line: int
    code: str
    parent_code: str
    name_nb: str
    name_en: str
    kind: str


@dataclass(frozen=True)
class PersonRow:
    line: int
    employee_id: str
    given_name: str
    family_name: str
    email: str
    unit_code: str
    position_group: str
    age_group: str
    gender: str
    employment: str
    leads_unit: str
    language: str = ""  # a code of LANGUAGE_VALUES' values, or "" for not known


@dataclass
class ParsedOrg:
    units: list[UnitRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # False when the people file has no `leads_unit` column: imported leader roles stay as they are.
    has_leaders: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


class Collector:
    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def error(self, line: int, message: str, **params: str | int) -> None:
        self.problems.append(Problem(self.file, line, message, tuple(params.items())))

    def warning(self, line: int, message: str, **params: str | int) -> None:
        self.problems.append(Problem(self.file, line, message, tuple(params.items()), "warning"))


def decode(source: CsvFile, report: Collector) -> str | None:
    data = source.data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.error(
            0,
            gettext_noop(
                "The file is saved as UTF-16. Save it as “CSV UTF-8 (comma delimited)” "
                "and upload it again."
            ),
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.error(
            data[: exc.start].count(b"\n") + 1,
            gettext_noop(
                "The file is not saved as UTF-8 (it may be Latin-1 or Windows-1252). Save it as "
                "“CSV UTF-8 (comma delimited)” and upload it again."
            ),
        )
        return None
    if "\x00" in text:
        report.error(
            0, gettext_noop("The file contains binary data; it does not look like a CSV file.")
        )
        return None
    if not text.strip():
        report.error(0, gettext_noop("The file is empty."))
        return None
    return text


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (first physical line, values) per record; quoted values may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=",", quotechar='"', strict=False)
    previous_end = 0
    for values in reader:
        start, previous_end = previous_end + 1, reader.line_num
        yield start, values


def wrong_delimiter(header: list[str], report: Collector) -> bool:
    """Report (on line 1) a file separated by semicolons or tabs instead of commas."""
    if len(header) != 1:
        return False
    for sign, name in ((";", gettext_noop("semicolons")), ("\t", gettext_noop("tabs"))):
        if sign in header[0]:
            report.error(
                1,
                gettext_noop(
                    "The columns are separated by %(separator)s, not commas. Save the file as "
                    "“CSV UTF-8 (comma delimited)” and upload it again."
                ),
                separator=name,
            )
            return True
    return False


def _check_header(
    header: list[str], required: Collection[str], optional: Collection[str], report: Collector
) -> list[str] | None:
    columns = [c.strip().lower() for c in header]
    if wrong_delimiter(header, report):
        return None
    ok = True
    for name, count in Counter(columns).items():
        if count > 1 and name:
            report.error(
                1, gettext_noop("The column “%(column)s” appears more than once."), column=name
            )
            ok = False
    for name in required:
        if name not in columns:
            report.error(
                1, gettext_noop("The required column “%(column)s” is missing."), column=name
            )
            ok = False
    extra = [c for c in columns if c not in required and c not in optional]
    if extra:
        report.warning(
            1,
            gettext_noop("These columns are not used and were ignored: %(columns)s."),
            columns=", ".join(c or "?" for c in extra),
        )
    return columns if ok else None


def _rows(
    source: CsvFile, required: Collection[str], optional: Collection[str], report: Collector
) -> tuple[list[str], list[tuple[int, dict[str, str]]]] | None:
    text = decode(source, report)
    if text is None:
        return None
    records = _records(text)
    try:
        _, header = next(records)
    except StopIteration:
        report.error(0, gettext_noop("The file is empty."))
        return None
    columns = _check_header(header, required, optional, report)
    if columns is None:
        return None
    rows: list[tuple[int, dict[str, str]]] = []
    for line, values in records:
        if not any(v.strip() for v in values):
            continue  # blank line
        if len(values) != len(columns):
            report.error(
                line,
                gettext_noop(
                    "This line has %(found)s values but the header has %(expected)s columns. "
                    "Check for "
                    "a missing or extra comma, or a value with a comma that is not in quotes."
                ),
                found=len(values),
                expected=len(columns),
            )
            continue
        row = {
            c: v.strip()
            for c, v in zip(columns, values, strict=True)
            if c in required or c in optional
        }
        for name, value in row.items():
            if len(value) > MAX_LENGTHS.get(name, 10_000):
                report.error(
                    line,
                    gettext_noop(
                        "The value in “%(column)s” is too long: %(length)s characters, "
                        "at most %(limit)s."
                    ),
                    column=name,
                    length=len(value),
                    limit=MAX_LENGTHS[name],
                )
        rows.append((line, row))
    return columns, rows


def _missing(row: dict[str, str], names: Collection[str], line: int, report: Collector) -> bool:
    missing = [n for n in names if not row.get(n)]
    for name in missing:
        report.error(line, gettext_noop("The value in “%(column)s” is empty."), column=name)
    return bool(missing)


def _parse_units(source: CsvFile, kinds: Collection[str], report: Collector) -> list[UnitRow]:
    result = _rows(source, UNIT_COLUMNS, (), report)
    if result is None:
        return []
    units: list[UnitRow] = []
    first_line: dict[str, int] = {}
    for line, row in result[1]:
        if _missing(row, REQUIRED_UNIT_VALUES, line, report):
            continue
        code = row["code"]
        if code in first_line:
            report.error(
                line,
                gettext_noop("The unit code “%(code)s” is already used on line %(other)s."),
                code=code,
                other=first_line[code],
            )
            continue
        first_line[code] = line
        kind = row["kind"].lower()
        if kind not in kinds:
            report.error(
                line,
                gettext_noop("“%(kind)s” is not a known kind of unit. Use one of: %(kinds)s."),
                kind=row["kind"],
                kinds=", ".join(kinds),
            )
        units.append(
            UnitRow(
                line,
                code,
                row["parent_code"],
                row["name_nb"],
                row["name_en"] or row["name_nb"],
                kind,
            )
        )
    _check_tree(units, report)
    return units


def _check_tree(units: list[UnitRow], report: Collector) -> None:
    by_code = {u.code: u for u in units}
    roots = [u for u in units if not u.parent_code]
    for unit in units:
        if unit.parent_code and unit.parent_code not in by_code:
            report.error(
                unit.line,
                gettext_noop(
                    "The parent unit “%(parent)s” of unit “%(code)s” is not in the units file."
                ),
                parent=unit.parent_code,
                code=unit.code,
            )
        if unit.parent_code == unit.code:
            report.error(
                unit.line,
                gettext_noop("The unit “%(code)s” is given as its own parent."),
                code=unit.code,
            )
    if not units:
        if not report.problems:
            report.error(0, gettext_noop("The units file has no units."))
        return
    if not roots:
        report.error(
            0,
            gettext_noop(
                "No unit has an empty parent_code. Exactly one unit, the institution, "
                "must be at the top."
            ),
        )
    for root in roots[1:]:
        report.error(
            root.line,
            gettext_noop(
                "The unit “%(code)s” has no parent, but “%(root)s” on line %(other)s "
                "is already the top "
                "unit. Exactly one unit may be at the top."
            ),
            code=root.code,
            root=roots[0].code,
            other=roots[0].line,
        )
    if roots and roots[0].kind != "institution":
        report.error(
            roots[0].line,
            gettext_noop("The top unit “%(code)s” must be of kind institution, not “%(kind)s”."),
            code=roots[0].code,
            kind=roots[0].kind,
        )
    _check_cycles(units, by_code, report)


def _check_cycles(units: list[UnitRow], by_code: dict[str, UnitRow], report: Collector) -> None:
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in units:
        walk: list[str] = []
        code: str | None = start.code
        while code and code in by_code and state.get(code) is None:
            state[code] = 1
            walk.append(code)
            parent = by_code[code].parent_code
            code = parent if parent != code else None
        if code and state.get(code) == 1:
            loop = walk[walk.index(code) :]
            first = min((by_code[c] for c in loop), key=lambda u: u.line)
            report.error(
                first.line,
                gettext_noop(
                    "The parent links go round in a circle: %(loop)s. One of these units must have "
                    "another parent."
                ),
                loop=" → ".join([*loop, code]),
            )
        for c in walk:
            state[c] = 2


def _parse_people(
    source: CsvFile, unit_codes: Collection[str], report: Collector
) -> tuple[list[PersonRow], bool]:
    result = _rows(source, PEOPLE_COLUMNS, OPTIONAL_PEOPLE_COLUMNS, report)
    if result is None:
        return [], False
    columns, rows = result
    people: list[PersonRow] = []
    ids: dict[str, int] = {}
    emails: dict[str, int] = {}
    leaders: dict[str, int] = {}
    for line, row in rows:
        if _missing(row, REQUIRED_PERSON_VALUES, line, report):
            continue
        language = row.get("language", "")
        if language and language.lower() not in LANGUAGE_VALUES:
            report.error(
                line,
                gettext_noop(
                    "The language “%(value)s” is not one Medvirk writes in: "
                    "use nb (Norwegian bokmål) or en (English), or leave it empty."
                ),
                value=language,
            )
        person = PersonRow(
            line=line,
            leads_unit=row.get("leads_unit", ""),
            language=LANGUAGE_VALUES.get(language.lower(), ""),
            **{c: row[c] for c in PEOPLE_COLUMNS},
        )
        _check_person(person, line, unit_codes, ids, emails, report)
        if person.leads_unit:
            if person.leads_unit in leaders:
                report.warning(
                    line,
                    gettext_noop(
                        "The unit “%(code)s” also has a leader on line %(other)s; "
                        "both become leaders."
                    ),
                    code=person.leads_unit,
                    other=leaders[person.leads_unit],
                )
            leaders.setdefault(person.leads_unit, line)
        people.append(person)
    return people, "leads_unit" in columns


def _check_person(
    person: PersonRow,
    line: int,
    unit_codes: Collection[str],
    ids: dict[str, int],
    emails: dict[str, int],
    report: Collector,
) -> None:
    if person.employee_id in ids:
        report.error(
            line,
            gettext_noop("The employee id “%(id)s” is already used on line %(other)s."),
            id=person.employee_id,
            other=ids[person.employee_id],
        )
    ids.setdefault(person.employee_id, line)
    if not EMAIL_RE.match(person.email):
        report.error(
            line, gettext_noop("“%(email)s” is not a valid e-mail address."), email=person.email
        )
    key = person.email.lower()
    if key in emails:
        report.error(
            line,
            gettext_noop("The e-mail address “%(email)s” is already used on line %(other)s."),
            email=person.email,
            other=emails[key],
        )
    emails.setdefault(key, line)
    if unit_codes and person.unit_code not in unit_codes:
        report.error(
            line,
            gettext_noop("The unit “%(code)s” is not in the units file."),
            code=person.unit_code,
        )
    if unit_codes and person.leads_unit and person.leads_unit not in unit_codes:
        report.error(
            line,
            gettext_noop("The unit “%(code)s” in leads_unit is not in the units file."),
            code=person.leads_unit,
        )


def parse(*, units: CsvFile, people: CsvFile | None, kinds: Collection[str]) -> ParsedOrg:
    """Read both files and check everything that can be checked without the database."""
    parsed = ParsedOrg()
    parsed.units = _parse_units(units, kinds, Collector(units.name, parsed.problems))
    if people is not None:
        # A broken units file still lets us check the people file for its own problems.
        codes = {u.code for u in parsed.units}
        parsed.people, parsed.has_leaders = _parse_people(
            people, codes, Collector(people.name, parsed.problems)
        )
    order = {units.name: 0, people.name if people else "": 1}
    parsed.problems.sort(key=lambda p: (order.get(p.file, 2), p.line))
    return parsed
