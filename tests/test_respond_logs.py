"""Logs never contain survey tokens: Django logs the path of every 4xx/5xx answer, and the
token is in the path, so the site's log handler redacts /s/<token>/."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from django.test import Client

from medvirk.logfilters import redact
from respond import services
from tests.surveyfactories import open_round

pytestmark = pytest.mark.usefixtures("clean_cache")


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the site's configured console handler writes, at every level."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.setLevel(old_level)
        handler.setStream(old_stream)


def test_it_redacts_tokens_from_not_found_and_refused_requests(client, personas, log_output):
    survey = open_round(personas.org)
    token = survey.invite(personas.employee.person)
    unknown = "x" * 43
    client.get(f"/s/{unknown}/")  # 404
    client.put(f"/s/{token}/1/")  # 405
    client.get(f"/s/{token}/99/nope/")  # 404 from the resolver
    output = log_output.getvalue()
    assert "Not Found: /s/[token]/" in output
    assert "Method Not Allowed" in output
    assert unknown not in output and token not in output


def test_it_redacts_tokens_from_server_errors_and_tracebacks(personas, log_output, monkeypatch):
    survey = open_round(personas.org)
    token = survey.invite(personas.employee.person)

    def fail(*, token: str, questionnaire: object) -> services.Outcome:
        raise RuntimeError(f"database went away while handling /s/{token}/summary/")

    monkeypatch.setattr(services, "submit", fail)
    response = Client(raise_request_exception=False).post(f"/s/{token}/summary/")
    assert response.status_code == 500
    output = log_output.getvalue()
    assert "Internal Server Error: /s/[token]/summary/" in output
    assert "RuntimeError" in output
    assert token not in output


def test_it_redacts_tokens_from_rate_limited_requests(client, log_output):
    for i in range(12):
        client.get(f"/s/guess{i:02d}{'y' * 37}/")
    output = log_output.getvalue()
    assert "Too Many Requests: /s/[token]/" in output
    assert "y" * 37 not in output


def test_it_redacts_plain_and_encoded_paths():
    assert redact("GET /s/abc_DEF-123/2/ HTTP/1.1") == "GET /s/[token]/2/ HTTP/1.1"
    assert redact("next=%2Fs%2Fabc123%2F1%2F") == "next=%2Fs%2F[token]%2F1%2F"
    assert redact("/static/css/medvirk.css") == "/static/css/medvirk.css"
