"""Loaded with `-p tests.testenv` before Django starts: settings for the test run."""

import os

os.environ.setdefault("MEDVIRK_TESTING", "1")
os.environ.setdefault("SECURE_COOKIES", "0")
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# alongside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
