"""REDIS_URL puts the cache (rate limits, the live-meeting code guessing counter) in Redis."""

from __future__ import annotations

import socket

import pytest
from django.core.cache.backends.redis import RedisCache


def _redis_answers() -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_it_counts_in_a_real_redis():
    cache = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "medvirk-test"})
    cache.delete("guess")
    cache.set("guess", (3, 1.5), timeout=30)
    assert cache.get("guess") == (3, 1.5)
    cache.add("hits", 0)
    assert cache.incr("hits") == 1
    cache.delete_many(["guess", "hits"])
