"""Slowing down link guessing: a per-address counter of invalid links in the cache.

After `LIMIT` invalid links within `WINDOW` seconds from one address, every link from that
address gets 429 until the window has passed. Valid links never write to the cache, so the
cache holds nothing about people who answer; the address itself is stored only as a keyed
hash."""

from __future__ import annotations

import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

LIMIT = 10
WINDOW = 10 * 60  # seconds


def _key(request: HttpRequest) -> str:
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        address = "unknown"
    return "respond.guess:" + salted_hmac("medvirk.respond.guess", address).hexdigest()[:32]


def retry_after(request: HttpRequest) -> int:
    """Seconds this address must wait before trying another link, or 0."""
    count, until = cache.get(_key(request), (0, 0.0))
    if count < LIMIT:
        return 0
    return max(1, int(until - time.time()) + 1)


def record_failure(request: HttpRequest) -> int:
    """Count one invalid link; return the seconds to wait now (0 while under the limit)."""
    key = _key(request)
    count, until = cache.get(key, (0, 0.0))
    now = time.time()
    if until <= now:  # a new window starts with this failure
        count, until = 0, now + WINDOW
    count += 1
    if count >= LIMIT:  # blocked for a whole window from the failure that reached the limit
        until = now + WINDOW
    cache.set(key, (count, until), timeout=int(until - now) + 1)
    return WINDOW if count >= LIMIT else 0
