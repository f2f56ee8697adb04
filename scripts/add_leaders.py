"""Add a `leads_unit` column to data/vestfjord/people.csv: one leader per unit that has people,
the first academic or technical/administrative person listed in it (else the first person).
Every other byte of the file stays as it is. Running it again changes nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

PEOPLE = Path(__file__).resolve().parent.parent / "data" / "vestfjord" / "people.csv"
PREFERRED = ("academic", "technical_administrative")


def leaders(text: str) -> dict[str, str]:
    """employee_id → the unit they lead."""
    chosen: dict[str, tuple[int, str]] = {}
    for row in csv.DictReader(io.StringIO(text, newline="")):
        rank = 0 if row["position_group"] in PREFERRED else 1
        current = chosen.get(row["unit_code"])
        if current is None or rank < current[0]:
            chosen[row["unit_code"]] = (rank, row["employee_id"])
    return {employee_id: unit for unit, (_, employee_id) in chosen.items()}


def main() -> None:
    text = PEOPLE.read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    if "leads_unit" in lines[0]:
        return
    leads = leaders(text)
    out = [lines[0] + ",leads_unit"]
    for line in lines[1:]:
        if not line:
            out.append(line)
            continue
        employee_id = line.split(",", 1)[0]
        out.append(f"{line},{leads.get(employee_id, '')}")
    PEOPLE.write_bytes("\r\n".join(out).encode("utf-8"))


if __name__ == "__main__":
    main()
