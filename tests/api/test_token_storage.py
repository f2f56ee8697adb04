from __future__ import annotations

import re

import pytest

from api import services
from api.models import ApiToken, token_digest
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_stores_only_a_keyed_hash_of_the_token(personas):
    token, raw = services.create_token(owner=personas.admin, name="sync", actor=personas.admin)
    assert re.fullmatch(r"mvk_[A-Za-z0-9_-]{43}", raw)
    token.refresh_from_db()
    assert token.digest == token_digest(raw)
    assert token.prefix == raw[:10]
    stored = " ".join(str(v) for v in ApiToken.objects.values().get(pk=token.pk).values())
    assert raw not in stored and raw[10:] not in stored


def test_it_gives_every_token_a_different_secret(personas):
    raws = {
        services.create_token(owner=personas.hr, name=f"t{i}", actor=personas.hr)[1]
        for i in range(5)
    }
    assert len(raws) == 5


def test_it_records_creation_and_revocation_without_the_token(personas):
    token, raw = services.create_token(owner=personas.hr, name="hr sync", actor=personas.hr)
    services.revoke_token(token=token, actor=personas.hr)
    services.revoke_token(token=token, actor=personas.hr)  # a second revoke changes nothing
    entries = list(AuditEntry.objects.filter(action__startswith="api.token").order_by("id"))
    assert [e.action for e in entries] == ["api.token.create", "api.token.revoke"]
    assert all(e.actor == personas.hr and e.object_id == str(token.uid) for e in entries)
    assert not any(raw in str(e.data) or raw in e.object_label for e in entries)
    token.refresh_from_db()
    assert token.revoked_at is not None
