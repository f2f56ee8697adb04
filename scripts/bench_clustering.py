"""Benchmark the common-features clustering (lib/clustering.py) for a faculty of 300 action
plans of about 6 measures each (1,800 measures in bokmål and English over 8 dimensions),
and print the time and the number of groups. No database, no Django.

    .venv/bin/python scripts/bench_clustering.py [--plans 300]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.clustering import Item, propose

THEMES = {
    "workload": [
        "fordele arbeidsoppgaver jevnere på ukentlig møte",
        "share out the workload at the weekly meeting",
        "prioritere oppgaver og si nei til nye prosjekter i travle perioder",
    ],
    "leadership": [
        "medarbeidersamtaler hvert halvår med nærmeste leder",
        "appraisal talks twice a year with the line manager",
        "lederen er til stede på lunsj og allmøter",
    ],
    "climate": [
        "felles lunsj hver fredag for hele seksjonen",
        "a shared lunch every Friday for the whole section",
        "sosiale arrangementer to ganger i semesteret",
    ],
    "conflict": [
        "kurs i konflikthåndtering for alle ansatte",
        "course in handling conflicts for all staff",
        "tydelige rutiner for å si fra om uønsket atferd",
    ],
    "competence": ["plan for kompetanseutvikling for hver ansatt", "a training plan for everyone"],
    "information": ["månedlig nyhetsbrev fra instituttleder", "monthly newsletter from the head"],
    "facilities": [
        "bedre ventilasjon og støydemping i kontorlandskapet",
        "quiet rooms for focused work",
    ],
    "recognition": ["takke for godt arbeid i allmøtet", "thank people for good work in meetings"],
}
EXTRA = [
    "i høstsemesteret",
    "fra januar",
    "for nyansatte",
    "starting in autumn",
    "for the PhD fellows",
    "",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=300)
    parser.add_argument("--measures", type=int, default=6)
    args = parser.parse_args()
    rng = random.Random(2026)
    items = []
    for plan in range(args.plans):
        for m in range(args.measures):
            dimension = rng.choice(list(THEMES))
            text = f"{rng.choice(THEMES[dimension])} {rng.choice(EXTRA)}".strip()
            items.append(Item(f"{plan}-{m}", text, dimension, f"U{plan}"))
    started = time.perf_counter()
    cpu = time.process_time()
    groups = propose(items)
    wall = time.perf_counter() - started
    print(f"{len(items)} measures from {args.plans} plans in {len(THEMES)} dimensions")
    print(f"clustering: {wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")
    print(f"groups: {len(groups)}, across units: {sum(g.across_units for g in groups)}")
    for group in groups[:5]:
        print(f"  {len(group.keys):4} measures, {len(group.units):3} units: {group.name}")


if __name__ == "__main__":
    main()
