"""Unit report PDFs per second, using both cores (docs/benchmarks.md).

Run against a database with a released round, e.g. the demo:

    MEDVIRK_DEMO=1 .venv/bin/python scripts/bench_report_pdfs.py "Arbeidsmiljøundersøkelsen 2026"

Renders a seeded random sample of the round's unit reports (default 40 units, both languages)
with the same process pool as `reports.pdf.render_release`, without storing them, and prints
PDFs per second (wall clock, and from the CPU time, which does not depend on what else
runs on the machine) and the sizes of the units in the sample.

CPU time counts the whole process tree: this process, the pool's workers and, with
`--renderer chromium`, each worker's Chromium processes (browser, zygote, renderer, GPU,
network and storage services). A thread reads utime + stime of every descendant from /proc
every 0.1 s and keeps each process's last value; getrusage(CHILDREN) (the descendants that
were waited for) is printed beside it as a check. The shared machine's speed drifts (by a
factor of two within minutes on 2026-11-28): compare two versions of the code back to back,
alternating, not runs of different days. To tell the machine's moment apart, the script first
times a fixed workload of pure Python (`reference_ms`, best of five) and prints it with the
results: a slow moment shows there as well."""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import threading
import time
from collections import Counter

import django

TICK = os.sysconf("SC_CLK_TCK")


class TreeCpu:
    """CPU seconds used by the descendants of this process, sampled from /proc, and what each
    process is (Chromium's --type=…, else the program's name)."""

    def __init__(self, interval: float = 0.1) -> None:
        self.seen: dict[int, float] = {}
        self.kinds: dict[int, str] = {}
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeCpu:
        self.sample()
        self.start = dict(self.seen)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        parents: dict[int, list[tuple[int, float]]] = {}
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            cpu = (int(fields[11]) + int(fields[12])) / TICK
            parents.setdefault(int(fields[1]), []).append((int(name), cpu))
        stack = [os.getpid()]
        while stack:
            for pid, cpu in parents.get(stack.pop(), []):
                self.seen[pid] = max(cpu, self.seen.get(pid, 0.0))
                if pid not in self.kinds:  # only descendants: their command line, read once
                    self.kinds[pid] = _kind(pid)
                stack.append(pid)

    @property
    def seconds(self) -> float:
        return sum(self.by_kind().values())

    def by_kind(self) -> dict[str, float]:
        """CPU seconds since the start, summed by kind of process."""
        split: dict[str, float] = {}
        for pid, cpu in self.seen.items():
            kind = self.kinds.get(pid, "?")
            split[kind] = split.get(kind, 0.0) + cpu - self.start.get(pid, 0.0)
        return split


def reference_ms() -> float:
    """Milliseconds for a fixed workload of pure Python (best of five): the machine's speed at
    this moment, printed beside the PDFs per second."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(i * i % 7 for i in range(1_000_000))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def _kind(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            argv = handle.read().replace(b"\0", b" ").split()  # Chromium's is one string
    except OSError:
        return "?"
    kind = next((a for a in argv if a.startswith(b"--type=")), b"")[7:].decode()
    return kind or (argv[0].decode(errors="replace").rsplit("/", 1)[-1] if argv else "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("round", help="the round's name or uid")
    parser.add_argument("--units", type=int, default=40, help="units in the sample (0: all)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--renderer", choices=["chromium", "weasyprint"], help="default: MEDVIRK_PDF_RENDERER"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medvirk.settings")
    django.setup()
    from django.conf import settings

    from reports import access, pdf
    from reports.models import UnitReport
    from surveys.management.commands.round import _round

    if args.renderer:
        settings.PDF_RENDERER = args.renderer
    survey = _round(args.round)
    release = access.current_release(survey)
    if release is None:
        sys.exit("the round has no published release")
    reports = list(UnitReport.objects.filter(release=release).only("id", "code", "data"))
    if args.units and args.units < len(reports):
        reports = random.Random(args.seed).sample(reports, args.units)
    reference = reference_ms()
    own = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    sizes, failed = [], 0
    prints: Counter[str] = Counter()
    with TreeCpu() as tree:
        for _code, _language, body in pdf._rendered(release, reports, args.workers, prints):
            if body is None:
                failed += 1
            else:
                sizes.append(len(body))
        seconds = time.perf_counter() - started
        if args.workers <= 1:
            from reports import chromium

            chromium.close()  # the browser's CPU time is counted until it stops
    count = len(sizes)
    end = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    self_cpu = end.ru_utime + end.ru_stime - own.ru_utime - own.ru_stime
    cpu = self_cpu + tree.seconds
    reaped = self_cpu + children.ru_utime + children.ru_stime
    respondents = sorted(r.data.get("respondents") or 0 for r in reports)
    print(
        f"{pdf.renderer()}: {count} PDFs ({len(reports)} units × 2 languages, {failed} failed) "
        f"in {seconds:.1f} s with {args.workers} workers: {count / seconds:.2f} PDFs/s; "
        f"median size {sorted(sizes)[count // 2] // 1024} KiB; "
        f"respondents per unit (median) {respondents[len(respondents) // 2]}; "
        f"CPU of the process tree {cpu:.1f} s (getrusage: {reaped:.1f} s), "
        f"{cpu / count:.2f} s per PDF, so {args.workers * count / cpu:.2f} PDFs/s on "
        f"{args.workers} otherwise idle cores (this process {self_cpu / count:.3f} s per PDF); "
        f"load average {os.getloadavg()[0]:.1f}; reference workload {reference:.0f} ms "
        f"(then {reference_ms():.0f} ms after)"
    )
    split = tree.by_kind()  # descendants only; "python" are the pool's workers
    split["this process"] = self_cpu
    ranked = sorted(split.items(), key=lambda kind: -kind[1])
    parts = ", ".join(f"{kind} {cpu / count:.3f}" for kind, cpu in ranked if cpu)
    print(f"CPU seconds per PDF by process: {parts}")
    if prints["pdfs"]:
        print(
            f"contents page numbers: {prints['pdfs']} PDFs, "
            f"{prints['pdfs'] - min(prints['pdfs'], prints['reprints'])} printed once "
            f"(numbers written over the placeholders), {prints['reprints']} prints again "
            "with the numbers filled in"
        )


if __name__ == "__main__":
    main()
