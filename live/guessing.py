"""Slowing down code guessing on /m/: a per-address counter of unknown codes in the cache,
like the respondent pages' (respond/guessing.py), but with a higher limit — a whole meeting
room often shares one address (the institution's NAT), and a mistyped code is common. With
about 244 million codes and a handful of open sessions, 60 tries per 10 minutes find
nothing. The address is stored only as a keyed hash."""

from __future__ import annotations

import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

LIMIT = 60
WINDOW = 10 * 60  # seconds


def _key(request: HttpRequest) -> str:
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        address = "unknown"
    return "live.guess:" + salted_hmac("medvirk.live.guess", address).hexdigest()[:32]


def retry_after(request: HttpRequest) -> int:
    """Seconds this address must wait before trying another code, or 0."""
    count, until = cache.get(_key(request), (0, 0.0))
    if count < LIMIT:
        return 0
    return max(1, int(until - time.time()) + 1)


def record_failure(request: HttpRequest) -> int:
    """Count one unknown code; return the seconds to wait now (0 while under the limit)."""
    key = _key(request)
    count, until = cache.get(key, (0, 0.0))
    now = time.time()
    if until <= now:
        count, until = 0, now + WINDOW
    count += 1
    if count >= LIMIT:
        until = now + WINDOW
    cache.set(key, (count, until), timeout=int(until - now) + 1)
    return WINDOW if count >= LIMIT else 0
