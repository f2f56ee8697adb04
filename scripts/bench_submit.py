"""Benchmark complete survey responses over real HTTP against a production-style server:
gunicorn with several worker processes on 127.0.0.1, on a scratch database of the kind
DATABASE_URL names (a temporary SQLite file, or a PostgreSQL database `medvirk_bench_submit`
or the `--database` name, dropped and created). Each respondent opens the first page, posts both question pages and
submits; a thread pool keeps `--concurrency` respondents going at once.

Prints submissions per second, p50/p99 latency of the submit request and of a whole
response, and a count check: every receipt stored exactly once, nothing duplicated.

    .venv/bin/python scripts/bench_submit.py [--respondents 3000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import prodserver


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8, help="respondents at once")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument(
        "--database",
        default="medvirk_bench_submit",
        help="name of the scratch PostgreSQL database (dropped and created)",
    )
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="medvirk-bench-submit-"))
    database = prodserver.scratch_database(args.database, scratch)
    kind = "PostgreSQL" if prodserver.is_postgres(database) else "SQLite"
    warmup = 2 * args.concurrency
    try:
        tokens = prodserver.prepare(database, args.respondents + warmup)
        server = prodserver.Server(database, workers=args.workers, threads=args.threads)
        with server, ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(lambda i: prodserver.answer(server.port, tokens[i], i), range(warmup)))
            load_before = os.getloadavg()[0]
            backends = prodserver.database_backends(database)
            cpu_before = (_client_cpu(), server.cpu_seconds(), prodserver.process_cpu(backends))
            began = time.perf_counter()
            results = list(
                pool.map(
                    lambda i: prodserver.answer(server.port, tokens[i], i),
                    range(warmup, warmup + args.respondents),
                )
            )
            elapsed = time.perf_counter() - began
            backends = sorted(set(backends) | set(prodserver.database_backends(database)))
            cpu_after = (_client_cpu(), server.cpu_seconds(), prodserver.process_cpu(backends))
            load_after = os.getloadavg()[0]
        stored = prodserver.stored(database)
    finally:
        prodserver.drop_database(database)

    receipts = sum(r.receipt for r in results)
    submits = [r.submit * 1000 for r in results if r.receipt]
    totals = [r.total * 1000 for r in results if r.receipt]
    comments = Counter(stored["comments"])
    duplicates = sum(n - 1 for n in comments.values() if n > 1)
    print(f"{kind}: {args.respondents} respondents, {args.concurrency} at once, ", end="")
    print(f"gunicorn {args.workers} workers x {args.threads} threads")
    print(f"  submissions per second: {args.respondents / elapsed:8.1f}  ({elapsed:.1f} s)")
    print(f"  requests per second:    {4 * args.respondents / elapsed:8.1f}  (4 per respondent)")
    print(
        f"  submit request  p50 {statistics.median(submits):6.1f} ms  "
        f"p99 {_percentile(submits, 0.99):6.1f} ms"
    )
    print(
        f"  whole response  p50 {statistics.median(totals):6.1f} ms  "
        f"p99 {_percentile(totals, 0.99):6.1f} ms"
    )
    client, workers, backend = (
        1000 * (after - before) / args.respondents
        for before, after in zip(cpu_before, cpu_after, strict=True)
    )
    print(
        f"  CPU per response:  server {workers:5.1f} ms, database {backend:5.1f} ms, "
        f"client {client:5.1f} ms  (load average {load_before:.1f} -> {load_after:.1f})"
    )
    sent = receipts + warmup
    stored_count = len(stored["indices"])
    ok = sent == stored_count == stored["statuses"].get("submitted") and duplicates == 0
    print(
        f"  check: sent {sent} (with {warmup} warm-up), stored {stored_count}, "
        f"duplicates {duplicates}, drafts left {stored['drafts']}: {'OK' if ok else 'FAILED'}"
    )
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medvirk.settings")
    main()
