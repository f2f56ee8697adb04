"""`medvirk loadmethods`: Medvirk's own cards, another file, and a broken file."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.models import MethodCard

pytestmark = pytest.mark.django_db


def test_it_loads_the_cards_once(db):
    out = io.StringIO()
    call_command("loadmethods", stdout=out)
    assert "15 added" in out.getvalue()
    call_command("loadmethods", stdout=out)
    assert "0 added, 0 updated" in out.getvalue()
    assert MethodCard.objects.count() == 15


def test_it_refuses_a_file_that_is_not_a_methods_file(db, tmp_path):
    path = tmp_path / "cards.yaml"
    path.write_text("format: something-else\ncards: []\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not a medvirk-methods/1 file"):
        call_command("loadmethods", str(path), stdout=io.StringIO())
    path.write_text("format: medvirk-methods/1\ncards:\n  - code: [\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("loadmethods", str(path), stdout=io.StringIO())
    assert not MethodCard.objects.exists()
