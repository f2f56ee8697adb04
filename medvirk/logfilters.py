"""Keep survey tokens out of the logs (DESIGN.md §3). A respondent's token is part of the
path (/s/<token>/…), and Django logs paths of 4xx/5xx answers ("Not Found: /s/…/"), CSRF
failures and, under runserver, every request line. The filter sits on every log handler and
rewrites each record before it is formatted."""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

# /s/<token> in plain or percent-encoded paths (e.g. in a ?next= parameter).
_TOKEN_PATH = re.compile(r"(/s/|%2Fs%2F)[^/\s?#\"'%]+", re.IGNORECASE)
REDACTED = "[token]"


def redact(text: str) -> str:
    return _TOKEN_PATH.sub(lambda m: m.group(1) + REDACTED, text)


class RedactSurveyTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/s/" in message or "%2f" in message.lower():
            record.msg = redact(message)
            record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        # django.request and django.server attach the request; formatters never print it here,
        # but a handler that did (e.g. AdminEmailHandler) would show the path.
        if hasattr(record, "request"):
            record.request = None
        return True


class GunicornLogger(Logger):
    """gunicorn's logger with the request line, path and referrer of access log lines
    redacted (`--logger-class medvirk.logfilters.GunicornLogger`, set in
    medvirk/gunicorn.conf.py)."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if isinstance(value, str) and name in {"r", "U", "f", "{referer}i"}:
                atoms[name] = redact(value)
        return atoms
