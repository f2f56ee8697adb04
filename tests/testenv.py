"""Loaded with `-p tests.testenv` before Django starts: settings for the test run."""

import os

os.environ.setdefault("MEDVIRK_TESTING", "1")
os.environ.setdefault("SECURE_COOKIES", "0")
