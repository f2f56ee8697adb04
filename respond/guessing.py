"""Slowing down link guessing: a per-address counter of invalid links (`GuessCounter`).

After `LIMIT` invalid links within `WINDOW` seconds from one address, every link from that
address gets 429 until the window has passed. Valid links never write a counter, so the
table holds nothing about people who answer; the address itself is stored only as a keyed
hash. The respondent views read the block in the same query that looks the link up
(`respond.services.find_invitation`), so checking it costs no extra round trip; the query
answers the same way whether or not the link is valid, so a blocked address learns
nothing about its links."""

from __future__ import annotations

import time

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from respond.models import GuessCounter

LIMIT = 10
WINDOW = 10 * 60  # seconds


def key(request: HttpRequest) -> str:
    """The keyed hash that stands for the request's address."""
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        address = "unknown"
    return salted_hmac("medvirk.respond.guess", address).hexdigest()[:32]


def wait_until(until: float | None) -> int:
    """Seconds to wait for a block that lasts until `until` (None: not blocked), or 0."""
    if until is None:
        return 0
    return max(1, int(until - time.time()) + 1)


def retry_after(request: HttpRequest) -> int:
    """Seconds this address must wait before trying another link, or 0."""
    now = time.time()
    blocked = GuessCounter.objects.filter(key=key(request), failures__gte=LIMIT, until__gt=now)
    return wait_until(blocked.values_list("until", flat=True).first())


def record_failure(request: HttpRequest) -> int:
    """Count one invalid link; return the seconds to wait now (0 while under the limit).
    While the address is blocked, nothing is counted and the block is not extended."""
    try:
        return _record_failure(key(request))
    except IntegrityError:  # a concurrent first failure created the counter: count in it
        return _record_failure(key(request))


def _record_failure(counter_key: str) -> int:
    now = time.time()
    with transaction.atomic():
        counter = GuessCounter.objects.select_for_update().filter(key=counter_key).first()
        if counter is not None and counter.failures >= LIMIT and counter.until > now:
            return wait_until(counter.until)
        if counter is None or counter.until <= now:  # a new window starts with this failure
            GuessCounter.objects.filter(until__lte=now).delete()  # and expired ones go
            counter = GuessCounter(key=counter_key, failures=0, until=now + WINDOW)
        counter.failures += 1
        if counter.failures >= LIMIT:  # blocked for a whole window from this failure
            counter.until = now + WINDOW
        counter.save()
    return WINDOW if counter.failures >= LIMIT else 0
