"""Unit report PDFs per second, using both cores (docs/benchmarks.md).

Run against a database with a released round, e.g. the demo:

    MEDVIRK_DEMO=1 .venv/bin/python scripts/bench_report_pdfs.py "Arbeidsmiljøundersøkelsen 2026"

Renders a seeded random sample of the round's unit reports (default 40 units, both languages)
with the same process pool as `reports.pdf.render_release`, without storing them, and prints
PDFs per second (wall clock, and from the CPU time, which does not depend on what else
runs on the machine) and the sizes of the units in the sample."""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("round", help="the round's name or uid")
    parser.add_argument("--units", type=int, default=40, help="units in the sample (0: all)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medvirk.settings")
    django.setup()
    from reports import access, pdf
    from reports.models import UnitReport
    from surveys.management.commands.round import _round

    survey = _round(args.round)
    release = access.current_release(survey)
    if release is None:
        sys.exit("the round has no published release")
    reports = list(UnitReport.objects.filter(release=release).only("id", "code", "data"))
    if args.units and args.units < len(reports):
        reports = random.Random(args.seed).sample(reports, args.units)
    started = time.perf_counter()
    sizes = []
    for _code, _language, body in pdf._rendered(release, reports, args.workers):
        sizes.append(len(body))
    seconds = time.perf_counter() - started
    count = len(sizes)
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(u.ru_utime + u.ru_stime for u in usage)
    respondents = sorted(r.data.get("respondents") or 0 for r in reports)
    print(
        f"{count} PDFs ({len(reports)} units × 2 languages) in {seconds:.1f} s with "
        f"{args.workers} workers: {count / seconds:.2f} PDFs/s; "
        f"median size {sorted(sizes)[count // 2] // 1024} KiB; "
        f"respondents per unit (median) {respondents[len(respondents) // 2]}; "
        f"CPU {cpu / count:.2f} s per PDF, so {args.workers * count / cpu:.2f} PDFs/s on "
        f"{args.workers} otherwise idle cores"
    )


if __name__ == "__main__":
    main()
