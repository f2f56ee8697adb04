"""Benchmark the live meeting mode over real HTTP: `--phones` participants (default 60) on
127.0.0.1, each polling every two seconds like the phone page does and sending a card now
and then, then voting with their dots while still polling. Prints p50/p95 latency per kind
of request and a count check (every card stored once, every phone exactly its dots).

By default it starts its own production-style server (gunicorn, `--workers` processes) on a
scratch database of the kind DATABASE_URL names (a temporary SQLite file, or a PostgreSQL
database `medvirk_bench_live`, dropped and created). Against a server you already run, pass
`--port` and the `--code` of an open session (then only the writing part runs, and nothing
is counted).

    .venv/bin/python scripts/bench_live.py [--phones 60] [--seconds 30] [--workers 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import prodserver
from tests.live.phones import Phone, counts, open_voting, prepare

POLL_EVERY = 2.0
DOTS = 3


class Timings:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.values: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.values[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1

    def report(self) -> None:
        print(f"{'request':<14}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
        for kind, values in self.values.items():
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
            print(
                f"{kind:<14}{len(values):>7}{statistics.median(values) * 1000:>9.1f}"
                f"{p95 * 1000:>9.1f}{ordered[-1] * 1000:>9.1f}{self.errors[kind]:>8}"
            )


def _phone_writing(phone: Phone, index: int, until: float, timings: Timings) -> int:
    """Poll every two seconds; send a card about every ten. Returns the cards sent."""
    rng = random.Random(index)
    time.sleep(rng.random() * POLL_EVERY)  # phones do not poll in lockstep
    sent = 0
    next_card = time.monotonic() + rng.uniform(2, 10)
    while time.monotonic() < until:
        status, took = phone.poll()
        timings.add("poll", took, status in (200, 204))
        if time.monotonic() >= next_card:
            status, took = phone.write("improve", f"phone {index} card {sent}")
            timings.add("write", took, status == 201)
            sent += status == 201
            next_card = time.monotonic() + rng.uniform(5, 15)
        time.sleep(POLL_EVERY)
    return sent


def _phone_voting(phone: Phone, index: int, clusters: list[str], timings: Timings) -> None:
    rng = random.Random(1000 + index)
    phone.content_key = "new"  # the page reloads when the phase changes
    for _dot in range(DOTS):
        time.sleep(rng.uniform(1.0, 10.0))  # reading the clusters, deciding
        status, took = phone.poll()
        timings.add("poll (vote)", took, status in (200, 204))
        status, took = phone.vote(rng.choice(clusters))
        timings.add("vote", took, status == 302)


def _warm_up(port: int, code: str) -> None:
    """A few phones first, so that every worker has loaded its templates and catalogues."""
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda _n: Phone(port, code).join(), range(12)))


def run(
    port: int, code: str, phones_count: int, seconds: float, timings: Timings
) -> tuple[list[int], list[Phone]]:
    """Join every phone at once, then the writing part; returns the cards each sent."""
    _warm_up(port, code)
    phones = [Phone(port, code) for _n in range(phones_count)]
    with ThreadPoolExecutor(phones_count) as pool:
        for took in pool.map(lambda p: p.join(), phones):
            timings.add("join", took, True)
        until = time.monotonic() + seconds
        return list(
            pool.map(lambda i: _phone_writing(phones[i], i, until, timings), range(phones_count))
        ), phones  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=30, help="length of the writing part")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, help="a server already running on 127.0.0.1")
    parser.add_argument("--code", help="the code of an open session on that server")
    args = parser.parse_args()
    timings = Timings()

    if args.port:
        if not args.code:
            parser.error("--port needs --code")
        run(args.port, args.code, args.phones, args.seconds, timings)
        timings.report()
        return

    scratch = Path(tempfile.mkdtemp(prefix="medvirk-bench-live-"))
    database = prodserver.scratch_database("medvirk_bench_live", scratch)
    kind = "PostgreSQL" if prodserver.is_postgres(database) else "SQLite"
    try:
        code, uid = prepare(database)
        with prodserver.Server(database, workers=args.workers) as server:
            sent, phones = run(server.port, code, args.phones, args.seconds, timings)
            clusters = open_voting(database, uid, 5)
            with ThreadPoolExecutor(args.phones) as pool:
                list(
                    pool.map(
                        lambda i: _phone_voting(phones[i], i, clusters, timings),
                        range(args.phones),
                    )
                )
        stored = counts(database)
    finally:
        prodserver.drop_database(database)
    print(
        f"{kind}, {args.phones} phones, {args.workers} gunicorn workers, {args.seconds:.0f} s of writing"
    )
    timings.report()
    cards_ok = len(stored["cards"]) == sum(sent) == len(set(stored["cards"]))
    dots_ok = len(stored["dots"]) == args.phones and set(stored["dots"].values()) == {DOTS}
    print(f"cards stored: {len(stored['cards'])} of {sum(sent)} sent, once each: {cards_ok}")
    print(f"dots: every phone exactly {DOTS}: {dots_ok}")


if __name__ == "__main__":
    main()
