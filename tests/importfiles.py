"""CSV files for the import tests: the personas' organisation as the HR system would export it."""

from __future__ import annotations

from lib.orgcsv import CsvFile

UNIT_HEADER = "code,parent_code,name_nb,name_en,kind"
PEOPLE_HEADER = (
    "employee_id,given_name,family_name,email,unit_code,position_group,age_group,gender,"
    "employment,leads_unit"
)

UNITS = [
    "UVF,,Universitetet i Vestfjord,University of Vestfjord,institution",
    "HF,UVF,Det humanistiske fakultet,Faculty of Humanities,faculty",
    "HF-01,HF,Institutt for musikk,Department of Music,department",
    "HF-01-01,HF-01,Seksjon for utøving,Section for Performance,section",
    "HF-02,HF,Institutt for kulturvitenskap,Department of Cultural Studies,department",
    "MN,UVF,Det matematisk-naturvitenskapelige fakultet,Faculty of Science,faculty",
]
_PEOPLE = [
    ("ada", "Ada", "Admin", "UVF"),
    ("hanne", "Hanne", "Hansen", "HF"),
    ("dag", "Dag", "Dekan", "HF"),
    ("leif", "Leif", "Leder", "HF-01"),
    ("sofie", "Sofie", "Seksjonsleder", "HF-01-01"),
    ("siri", "Siri", "Verneombud", "HF-01"),
    ("frida", "Frida", "Fasilitator", "UVF"),
    ("erik", "Erik", "Employee", "HF-01-01"),
    ("otto", "Otto", "Outsider", "MN"),
]
PEOPLE = [
    f"P-{key},{given},{family},{key}@vestfjord.test,{unit},academic,40-49,woman,permanent,"
    for key, given, family, unit in _PEOPLE
]


def units_file(
    rows: list[str] | None = None, *, name: str = "units.csv", header: str = UNIT_HEADER
) -> CsvFile:
    body = "\r\n".join([header, *(UNITS if rows is None else rows)]) + "\r\n"
    return CsvFile(name, body.encode("utf-8"))


def people_file(
    rows: list[str] | None = None, *, name: str = "people.csv", header: str = PEOPLE_HEADER
) -> CsvFile:
    body = "\r\n".join([header, *(PEOPLE if rows is None else rows)]) + "\r\n"
    return CsvFile(name, body.encode("utf-8"))


def replace(rows: list[str], start: str, new: str) -> list[str]:
    """The rows with the one that starts with `start` (e.g. "HF-01,") replaced by `new`."""
    return [new if row.startswith(start) else row for row in rows]


def without(rows: list[str], start: str) -> list[str]:
    return [row for row in rows if not row.startswith(start)]
