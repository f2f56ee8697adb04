"""Small typed readers for environment variables that fail loudly on bad values."""

from __future__ import annotations

import datetime as dt
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def clock_time(name: str, raw: str) -> dt.time:
    """A time of day written HH:MM (24-hour clock), e.g. "06:00"."""
    try:
        hours, minutes = (int(part) for part in raw.strip().split(":"))
        return dt.time(hours, minutes)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a time of day HH:MM; got {raw!r}") from None


def month_day(name: str, raw: str) -> tuple[int, int]:
    """A day of the year written MM-DD, e.g. "10-01" (the 29th of February is refused: it
    does not come every year)."""
    try:
        month, day = (int(part) for part in raw.strip().split("-"))
        dt.date(2001, month, day)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a day of the year MM-DD; got {raw!r}") from None
    return month, day
