"""Loading questionnaire definitions (instrument versions) into the database.

A version is frozen once a round using it has opened: loading different content under the same
code and version is then refused (bump the version), while loading the same content again
changes nothing. Item codes carry over between versions so that rounds stay comparable; the
result lists the items added, removed or changed since the previous version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.db import transaction

from audit.models import record
from lib import instrument as instrument_format
from surveys.models import Instrument, RoundStatus

CORE_INSTRUMENT = Path(__file__).parent / "instruments" / "medvirk-core.yaml"

Outcome = Literal["created", "updated", "unchanged"]


class FrozenInstrument(Exception):
    """Different content under the code and version of an instrument that is in use."""

    def __init__(self, instrument: Instrument) -> None:
        super().__init__(str(instrument))
        self.instrument = instrument


@dataclass(frozen=True)
class ItemChanges:
    """Item codes compared with the previous version of the same questionnaire."""

    previous_version: int | None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    text_changed: list[str] = field(default_factory=list)
    otherwise_changed: list[str] = field(default_factory=list)  # kind, scale, reversing, options

    def as_data(self) -> dict[str, Any]:
        return {
            "previous_version": self.previous_version,
            "added": self.added,
            "removed": self.removed,
            "text_changed": self.text_changed,
            "otherwise_changed": self.otherwise_changed,
        }


@dataclass(frozen=True)
class LoadResult:
    definition: instrument_format.Instrument
    outcome: Outcome
    changes: ItemChanges
    instrument: Instrument | None  # None on a dry run that would create it


def sha256(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def compare(
    old: instrument_format.Instrument | None, new: instrument_format.Instrument
) -> ItemChanges:
    if old is None:
        return ItemChanges(previous_version=None, added=list(new.questions))
    before, after = old.questions, new.questions
    common = [code for code in after if code in before]
    return ItemChanges(
        previous_version=old.version,
        added=[code for code in after if code not in before],
        removed=[code for code in before if code not in after],
        text_changed=[code for code in common if dict(before[code].text) != dict(after[code].text)],
        otherwise_changed=[
            code
            for code in common
            if (before[code].kind, before[code].scale, before[code].reverse, before[code].options)
            != (after[code].kind, after[code].scale, after[code].reverse, after[code].options)
        ],
    )


def _in_use(instrument: Instrument) -> bool:
    return instrument.is_frozen or instrument.rounds.exclude(status=RoundStatus.DRAFT).exists()


def _titles(definition: instrument_format.Instrument) -> dict[str, str]:
    title = definition.title
    first = next(iter(title.values()), definition.code)
    nb = title.get("nb") or first
    return {"title_nb": nb[:200], "title_en": (title.get("en") or nb)[:200]}


def load_instrument(*, source: str, actor: Any, dry_run: bool = False) -> LoadResult:
    """Validate a YAML definition and store it as a new version (or replace a version no round
    has used yet). Raises InstrumentError for an invalid definition and FrozenInstrument when
    the version is in use with other content."""
    definition = instrument_format.load(source)
    digest = sha256(source)
    with transaction.atomic():
        existing = (
            Instrument.objects.select_for_update()
            .filter(code=definition.code, version=definition.version)
            .first()
        )
        previous = (
            Instrument.objects.filter(code=definition.code, version__lt=definition.version)
            .order_by("-version")
            .first()
        )
        changes = compare(previous.definition if previous else None, definition)
        if existing is not None and (
            existing.sha256 == digest
            or instrument_format.to_dict(existing.definition)
            == instrument_format.to_dict(definition)
        ):
            return LoadResult(definition, "unchanged", changes, existing)
        if existing is not None and _in_use(existing):
            raise FrozenInstrument(existing)
        if dry_run:
            return LoadResult(definition, "updated" if existing else "created", changes, existing)
        row = existing or Instrument(code=definition.code, version=definition.version)
        for name, value in _titles(definition).items():
            setattr(row, name, value)
        row.source, row.sha256 = source, digest
        row.save()
        outcome: Outcome = "updated" if existing else "created"
        record(
            "surveys.instrument.load",
            actor=actor,
            obj=row,
            data={"outcome": outcome, "sha256": digest, "changes": changes.as_data()},
        )
    return LoadResult(definition, outcome, changes, row)
