"""Physically removing the old versions of rows deleted for anonymity (DESIGN §3).

A close that unlinks answers (a survey round's, a meeting's feedback) deletes rows and writes
them again in random order. The database may still hold the old row versions: PostgreSQL
keeps them (with their transaction ids, which give the order people answered in) until a
vacuum; SQLite keeps deleted content in free pages unless `secure_delete` is on, and in its
write-ahead log until a checkpoint. `compact` runs after the close has committed
(`transaction.on_commit`): VACUUM cannot run inside a transaction."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model


def compact(*models: type[Model]) -> None:
    """Rewrite the tables of `models` without their dead row versions: `VACUUM FULL` on
    PostgreSQL (it briefly locks the tables), a checkpoint that truncates the write-ahead log
    on SQLite. Inside a transaction (a caller's outer atomic block, or a test's) it does
    nothing: the caller compacts once it has committed."""
    if connection.in_atomic_block:
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM FULL " + ", ".join(connection.ops.quote_name(t) for t in tables))
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
