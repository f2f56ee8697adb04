"""Concurrent submits of one link through a live production-style server (gunicorn, several
worker processes, each with its own database connection): a double click, a retry and a
second tab arriving at once still give exactly one response, and every request gets the
receipt."""

from __future__ import annotations

import os
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests import prodserver

pytestmark = pytest.mark.xdist_group("prodserver")

LINKS = 40
COPIES = 4  # concurrent submits per link


def test_concurrent_submits_of_one_link_give_one_response(tmp_path: Path):
    url = prodserver.scratch_database(f"medvirk_concurrent_{os.getpid()}", tmp_path)
    try:
        tokens = prodserver.prepare(url, LINKS)
        with prodserver.Server(url, workers=4) as server:
            for index, token in enumerate(tokens):
                page1, page2 = prodserver.answers_for(index)
                assert prodserver.request(server.port, "POST", f"/s/{token}/1/", page1)[0] == 302
                assert prodserver.request(server.port, "POST", f"/s/{token}/2/", page2)[0] == 302
            submits = [t for t in tokens for _ in range(COPIES)]
            random.Random(3).shuffle(submits)
            with ThreadPoolExecutor(16) as pool:
                answers = list(
                    pool.map(
                        lambda t: prodserver.request(server.port, "POST", f"/s/{t}/summary/", {}),
                        submits,
                    )
                )
        for token, (status, location) in zip(submits, answers, strict=True):
            assert (status, location) == (303, f"/s/{token}/thanks/")
        stored = prodserver.stored(url)
        assert sorted(stored["indices"]) == list(range(LINKS))
        assert Counter(stored["comments"]) == Counter(f"respondent {i}" for i in range(LINKS))
        assert stored["statuses"] == {"submitted": LINKS}
    finally:
        prodserver.drop_database(url)
