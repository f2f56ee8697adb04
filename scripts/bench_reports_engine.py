"""Benchmark the reports engine (lib.stats, lib.disclosure, lib.auditor) at institution scale:
15,000 respondents in 1,100 units with 80 questions (70 scale items in 14 indices, 10 fact
items), four background variables, plus a previous round with some units moved. Prints the
time of each step and the peak resident memory. No database, no Django.

    .venv/bin/python scripts/bench_reports_engine.py
"""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml

from lib import auditor, disclosure, instrument, stats

CORE = Path(__file__).resolve().parents[1] / "surveys" / "instruments" / "medvirk-core.yaml"
FREQUENCY = {
    "no": {"nb": "Nei", "en": "No"},
    "rarely": {"nb": "Sjelden", "en": "Rarely"},
    "monthly": {"nb": "Månedlig", "en": "Monthly"},
    "weekly": {"nb": "Ukentlig", "en": "Weekly"},
}

THRESHOLDS = {
    "numbers": 5,
    "distributions": 10,
    "comments": 10,
    "sensitive": 10,
    "rates": 5,
    "breakdowns": 20,
}
BACKGROUND = {
    "position": ["academic", "technical", "administrative", "leader"],
    "age": ["-29", "30-44", "45-59", "60-"],
    "gender": ["f", "m", "x"],
    "employment": ["permanent", "temporary"],
}


def build_instrument() -> instrument.Instrument:
    """70 scale items in 14 indices of 7 dimensions and 10 fact items (4 sensitive), with codes
    of their own (Q0…, F0…, I0…) and the texts of the shipped questionnaire, so that reports
    and PDFs of the benchmark round print titles, statements and labels of real length."""
    core = yaml.safe_load(CORE.read_text(encoding="utf-8"))
    questions = [q for section in core["sections"] for q in section["questions"]]
    statements = [q["text"] for q in questions if q.get("scale") == "agree5"]
    incidents = [q["text"] for q in questions if q.get("kind") == "single"]
    titles = [i["title"] for d in core["dimensions"] for i in d["indices"]]
    dimension_titles = [d["title"] for d in core["dimensions"]]
    items = [
        {
            "code": f"Q{i}",
            "scale": "agree5",
            "text": statements[i % len(statements)],
            "reverse": i % 7 == 0,
        }
        for i in range(70)
    ]
    options = [{"value": v, "label": FREQUENCY[v]} for v in FREQUENCY]
    facts = [
        {
            "code": f"F{i}",
            "kind": "single",
            "text": incidents[i % len(incidents)],
            "options": options,
            "sensitive": i < 4,
        }
        for i in range(10)
    ]
    indices = [
        {
            "code": f"I{j}",
            "title": titles[j % len(titles)],
            "items": [f"Q{i}" for i in range(5 * j, 5 * j + 5)],
        }
        for j in range(14)
    ]
    dimensions = [
        {
            "code": f"D{d}",
            "title": dimension_titles[d % len(dimension_titles)],
            "indices": indices[2 * d : 2 * d + 2],
        }
        for d in range(7)
    ]
    return instrument.from_dict(
        {
            "format": instrument.FORMAT,
            "code": "bench",
            "version": 1,
            "languages": ["nb", "en"],
            "title": core["title"],
            "scales": {"agree5": core["scales"]["agree5"]},
            "sections": [
                {"code": "s", "title": core["sections"][0]["title"], "questions": items + facts}
            ],
            "dimensions": dimensions,
        }
    )


def build_tree(rng: random.Random, size: int = 1100) -> list[stats.Unit]:
    """Root, ~8 faculties, ~60 departments, sections and groups below (at most 5 levels)."""
    units = [stats.Unit("U0", None)]
    depth = {"U0": 0}
    fanout = {0: 8, 1: 8, 2: 5, 3: 3}
    frontier = ["U0"]
    while len(units) < size:
        parent = frontier.pop(0) if frontier else rng.choice(list(depth))
        level = depth[parent]
        for _ in range(fanout.get(level, 0)):
            if len(units) >= size:
                break
            code = f"U{len(units)}"
            units.append(stats.Unit(code, parent))
            depth[code] = level + 1
            if level + 1 < 4:
                frontier.append(code)
    return units


def build_responses(
    rng: random.Random, units: list[stats.Unit], count: int = 15000
) -> list[stats.ResponseRecord]:
    codes = [u.code for u in units]
    weights = [rng.choice([0.2, 1, 1, 2, 4]) for _ in codes]
    homes = rng.choices(codes, weights=weights, k=count)
    responses = []
    for i, home in enumerate(homes):
        mood = rng.random()
        answers: dict[str, Any] = {}
        for q in range(70):
            roll = rng.random()
            if roll < 0.04:
                continue
            answers[f"Q{q}"] = (
                "na" if roll < 0.06 else min(5, max(1, round(1 + 4 * mood + rng.gauss(0, 1))))
            )
        for f in range(10):
            if rng.random() > 0.05:
                answers[f"F{f}"] = rng.choice(["no", "no", "no", "rarely", "monthly", "weekly"])
        background = {name: rng.choice(values) for name, values in BACKGROUND.items()}
        responses.append(stats.ResponseRecord(home, answers, background, key=str(i)))
    return responses


def main() -> None:
    rng = random.Random(2026)
    definition = build_instrument()
    units = build_tree(rng)
    responses = build_responses(rng, units)
    moved = {u.code for u in rng.sample(units[10:], 15)}
    previous_units = [
        stats.Unit(u.code, units[1].code if u.code in moved else u.parent) for u in units
    ]
    previous_responses = build_responses(rng, previous_units, 14000)
    breakdowns = tuple(BACKGROUND)

    previous_tree = stats.UnitTree(previous_units)
    previous = disclosure.control(
        stats.compute(definition, previous_tree, previous_responses, breakdowns=breakdowns),
        THRESHOLDS,
    )
    previous_means = {
        (unit, cell.code): cell.mean
        for unit in previous_tree.codes
        for cell in previous.cells(unit, breakdowns=False)
        if cell.kind != "fact"
    }

    timings: dict[str, float] = {}
    cpu_start = time.process_time()
    start = time.perf_counter()
    tree = stats.UnitTree(units)
    computed = stats.compute(definition, tree, responses, breakdowns=breakdowns)
    codes = [v.code for v in computed.variables if v.kind != "fact"]
    comparisons = stats.match_previous(tree, previous_tree, previous_means, codes)
    timings["statistics (incl. previous-round matching)"] = time.perf_counter() - start

    start = time.perf_counter()
    catalogue = disclosure.control(computed, THRESHOLDS, previous=comparisons)
    timings["disclosure control"] = time.perf_counter() - start

    start = time.perf_counter()
    release = catalogue.audit_release("2026")
    report = auditor.audit([release])
    timings["audit (atoms + search)"] = time.perf_counter() - start

    cpu = time.process_time() - cpu_start
    start = time.perf_counter()
    cells = sum(1 for unit in tree.codes for _ in catalogue.cells(unit))
    timings["materialise every cell"] = time.perf_counter() - start

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    published = catalogue.published
    print(
        f"units {len(tree)}, respondents {len(responses)}, variables {len(computed.variables)}, "
        f"groups {len(computed.groups)}, atoms {len(release.atoms)}"
    )
    print(
        f"whole-unit cells published {published[:, 0].mean():.1%}, "
        f"breakdown cells published {int(published[:, 1:].sum())}, cells materialised {cells}"
    )
    print(
        f"audit: ok={report.ok}, findings {len(report.findings)}, "
        f"components {report.components}, integer programmes {report.integer_programmes}"
    )
    for name, seconds in timings.items():
        print(f"{name:45s} {seconds:6.2f} s")
    main_total = sum(v for k, v in timings.items() if k != "materialise every cell")
    print(f"{'total: statistics + disclosure + audit':45s} {main_total:6.2f} s")
    print(f"{'CPU time of those three steps':45s} {cpu:6.2f} s")
    print(f"peak resident memory (whole process)         {peak:6.0f} MB")


if __name__ == "__main__":
    main()
