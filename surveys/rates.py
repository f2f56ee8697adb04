"""Response rates of a round: snapshots refreshed on a schedule (daily by default, by
`medvirk round refreshrates`, and at opening and closing), and the rate tables readers see
under the rules of DESIGN §3 (lib/rates.py decides what is shown and rounds it)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from lib import rates as rules
from orgs import policy
from surveys.models import (
    Invitation,
    InvitationStatus,
    RateSnapshot,
    RoundStatus,
    RoundUnit,
    SurveyRound,
)


def _own_counts(round_: SurveyRound, units: list[RoundUnit]) -> dict[int, tuple[int, int, int]]:
    """(invited, started, submitted) filed directly under each unit."""
    if round_.status == RoundStatus.OPEN:
        rows = (
            Invitation.objects.filter(round=round_)
            .values_list("reporting_unit_id", "status")
            .annotate(n=models.Count("pk"))
        )
        by_status: dict[str, Counter[int]] = {s: Counter() for s in InvitationStatus.values}
        for unit_id, status, n in rows:
            by_status[status][unit_id] = n
        invited = by_status[InvitationStatus.INVITED]
        started = by_status[InvitationStatus.STARTED]
        submitted = by_status[InvitationStatus.SUBMITTED]
        return {
            u.pk: (invited[u.pk] + started[u.pk] + submitted[u.pk], started[u.pk], submitted[u.pk])
            for u in units
        }
    # After close the per-person statuses are gone; the counts kept per unit remain.
    return {u.pk: (u.invited_count, 0, u.submitted_count) for u in units}


def refresh(*, round: SurveyRound, now: dt.datetime | None = None) -> None:
    """Replace the round's snapshot: one row per frozen unit with the counts of the unit and
    everything below it. Only the latest snapshot is kept."""
    units = list(round.units.order_by("-depth", "pk"))
    own = _own_counts(round, units)
    totals: dict[int, list[int]] = {u.pk: list(own[u.pk]) for u in units}
    for unit in units:  # deepest first: add each unit's totals to its parent's
        if unit.parent_id is not None:
            parent = totals[unit.parent_id]
            for i, value in enumerate(totals[unit.pk]):
                parent[i] += value
    stamp = now or timezone.now()
    with transaction.atomic():
        RateSnapshot.objects.filter(round=round).delete()
        RateSnapshot.objects.bulk_create(
            [
                RateSnapshot(
                    round=round,
                    unit=unit,
                    invited=totals[unit.pk][0],
                    started=totals[unit.pk][1],
                    submitted=totals[unit.pk][2],
                    computed_at=stamp,
                )
                for unit in units
            ],
            batch_size=500,
        )


def refresh_open_rounds() -> int:
    """Refresh every open round (the daily schedule); returns how many were refreshed."""
    rounds = list(SurveyRound.objects.filter(status=RoundStatus.OPEN))
    for round_ in rounds:
        refresh(round=round_)
    return len(rounds)


@dataclass(frozen=True)
class RateRow:
    unit: RoundUnit
    depth: int
    invited: int
    shown: bool
    percent: int | None  # submitted, rounded; None when not shown
    started_percent: int | None  # open rounds only


@dataclass(frozen=True)
class RateTable:
    rows: list[RateRow]
    computed_at: dt.datetime | None
    threshold: int


@dataclass(frozen=True)
class ShownRate:
    snapshot: RateSnapshot
    shown: bool
    percent: int | None  # submitted, rounded; None when not shown


def shown_rates(*, round: SurveyRound) -> list[ShownRate]:
    """The latest snapshot of every frozen unit with what DESIGN §3 lets readers see: decided
    on the whole tree (lib.rates), so every page, report and export shows the same rate for
    the same unit."""
    k = round.threshold["rates"]
    snapshots = list(
        RateSnapshot.objects.filter(round=round).select_related("unit").order_by("unit__path")
    )
    nodes = [
        rules.Node(str(s.unit_id), str(s.unit.parent_id) if s.unit.parent_id else None, s.invited)
        for s in snapshots
    ]
    visible = rules.shown(nodes, k)
    return [
        ShownRate(
            snapshot=s,
            shown=str(s.unit_id) in visible,
            percent=rules.rounded_percent(s.submitted, s.invited)
            if str(s.unit_id) in visible
            else None,
        )
        for s in snapshots
    ]


def shown_percents(*, round: SurveyRound) -> dict[int, int | None]:
    """Live unit id → the rate readers see (None where hidden): `shown_rates` without loading
    the snapshots as objects (the process dashboard reads all 1,100 on every request)."""
    rows = list(
        RateSnapshot.objects.filter(round=round)
        .order_by("unit__path")
        .values_list("unit_id", "unit__parent_id", "unit__unit_id", "invited", "submitted")
    )
    visible = rules.shown(
        [rules.Node(str(key), str(parent) if parent else None, invited)
         for key, parent, _live, invited, _submitted in rows],
        round.threshold["rates"],
    )  # fmt: skip
    return {
        live: rules.rounded_percent(submitted, invited) if str(key) in visible else None
        for key, _parent, live, invited, submitted in rows
        if live is not None
    }


def table(*, round: SurveyRound, user: Any) -> RateTable:
    """The rates `user` may see: the frozen tree restricted to units in the user's scope
    for "surveys.view_rates". What is shown is decided on the whole tree, so every reader
    sees the same numbers for the same unit."""
    rates = shown_rates(round=round)
    allowed = set(policy.units_for(user, "surveys.view_rates").values_list("pk", flat=True))
    rows = []
    for rate in rates:
        snap = rate.snapshot
        if snap.unit.unit_id not in allowed:
            continue
        rows.append(
            RateRow(
                unit=snap.unit,
                depth=snap.unit.depth,
                invited=snap.invited,
                shown=rate.shown,
                percent=rate.percent,
                started_percent=rules.rounded_percent(snap.started, snap.invited)
                if rate.shown and round.status == RoundStatus.OPEN
                else None,
            )
        )
    computed = rates[0].snapshot.computed_at if rates else None
    return RateTable(rows=rows, computed_at=computed, threshold=round.threshold["rates"])
