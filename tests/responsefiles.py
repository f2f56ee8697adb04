"""Response CSV files for the import tests, for the small test questionnaire (tests/data)."""

from __future__ import annotations

from lib.orgcsv import CsvFile

HEADER = "unit_code,position_group,age_group,gender,employment,W1,W2,C1,C2,F1,T1"
ROWS = [
    "HF-01-01,academic,30-39,woman,permanent,4,2,5,4,no,Godt samarbeid",
    "HF-01-01,academic,40-49,man,temporary,3,na,4,,no,",
    "HF-02,technical_administrative,50-59,woman,permanent,2,4,2,3,yes,For mange møter",
    "HF-02,,,,,5,1,5,5,,",
]


def responses_file(
    rows: list[str] | None = None,
    *,
    header: str = HEADER,
    name: str = "responses.csv",
    encoding: str = "utf-8",
) -> CsvFile:
    body = "\r\n".join([header, *(ROWS if rows is None else rows)]) + "\r\n"
    return CsvFile(name, body.encode(encoding))
