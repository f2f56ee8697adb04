"""Fault test: a production-style server (gunicorn, several workers) killed with `kill -9`
in the middle of a burst of submissions loses no response that got a receipt and duplicates
none. After a restart every respondent without a receipt retries, as a person would."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests import prodserver

pytestmark = [pytest.mark.fault, pytest.mark.xdist_group("prodserver")]

RESPONDENTS = 240
THREADS = 12


def test_it_keeps_every_receipted_submission_exactly_once_through_a_crash(tmp_path: Path):
    url = prodserver.scratch_database(f"medvirk_fault_{os.getpid()}", tmp_path)
    try:
        tokens = prodserver.prepare(url, RESPONDENTS)
        _burst_kill_and_retry(url, tokens)
    finally:
        prodserver.drop_database(url)


def _burst_kill_and_retry(url: str, tokens: list[str]) -> None:
    server = prodserver.Server(url, workers=3).start()
    receipts: set[int] = set()
    lock = threading.Lock()

    def respond(index: int) -> None:
        try:
            ok = prodserver.answer(server.port, tokens[index], index, start=False).receipt
        except OSError:  # connection refused or reset: the server is gone
            ok = False
        if ok:
            with lock:
                receipts.add(index)

    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(respond, i) for i in range(len(tokens))]
        deadline = time.monotonic() + 30
        while len(receipts) < len(tokens) // 3 and time.monotonic() < deadline:
            time.sleep(0.005)
        server.kill()  # kill -9 the master and every worker, mid-burst
        with lock:
            receipted_before_restart = set(receipts)
        for future in futures:
            future.result()
    assert 0 < len(receipted_before_restart) < len(tokens), "the kill missed the burst"
    missing = [i for i in range(len(tokens)) if i not in receipts]
    assert missing, "every submission finished before the kill"

    committed = prodserver.stored(url)["statuses"].get("submitted", 0)
    assert committed >= len(receipted_before_restart)  # a receipt only after the commit
    print(
        f"receipts: {len(receipted_before_restart)}, committed: {committed}, retry: {len(missing)}"
    )
    with prodserver.Server(url, workers=3) as restarted:
        for index in missing:  # a respondent without a receipt opens the link again
            assert prodserver.answer(restarted.port, tokens[index], index).receipt, index

    stored = prodserver.stored(url)
    counts = Counter(stored["indices"])
    assert not [i for i, n in counts.items() if n > 1], "duplicated responses"
    assert set(counts) == set(range(len(tokens)))  # every receipted one is there, once
    assert len(stored["indices"]) == stored["statuses"].get("submitted") == len(tokens)
    assert Counter(stored["comments"]) == Counter(f"respondent {i}" for i in range(len(tokens)))
    assert stored["drafts"] == 0
