"""Build a release: read a closed round's responses once, run the statistics engine
(lib.stats), disclosure control (lib.disclosure) and the independent auditor (lib.auditor)
together with every earlier release of the round, and store one `UnitReport` per frozen unit.

The report of a unit describes its whole subtree. `UnitReport.data` layout (JSON):

    code, name {nb, en}, parent, chain [[code, name_nb, name_en], …] from the root,
    respondents            int, or null where the comment rule hides it
    rate                   {percent, hidden}   (surveys.rates.shown_rates: the round pages' rule)
    cells                  {code: CELL} for every item, index and fact item (whole unit)
    groups                 [{variable, category, cells {code: CELL}}]  published breakdowns only
    comments               {shown, hidden, items {question code: [texts, shuffled]}}

    CELL = {kind, n, mean, sd, fav, neu, unf, dist [[level, count]] | null, parent, inst,
            prev, prev_status, hidden, dist_hidden}

Hidden cells carry no numbers, only `hidden` (a lib.disclosure reason code); `dist_hidden`
says why a published cell shows no distribution. `UnitReport.overview` holds the means of
items and indices with their hidden reasons and the rate, for the overview heatmap and for the
next round's comparisons.
"""

from __future__ import annotations

import io
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import acting_user, record
from lib import auditor, disclosure, stats
from reports.models import Release, ReleaseStatus, UnitReport
from respond.questionnaire import questionnaire_for
from surveys import rates
from surveys.models import Comment, Response, RoundStatus, RoundUnit, SurveyRound
from surveys.services import BACKGROUND_FIELDS

WRITE_BATCH = 100  # unit reports per insert and per progress update
DIGITS = 4

Progress = Callable[[Release], None]


class ReleaseBlocked(Exception):
    """The auditor found a small group that can be worked out; nothing was published."""

    def __init__(self, release: Release) -> None:
        super().__init__(f"release {release.number} blocked: {len(release.audit['findings'])}")
        self.release = release


@dataclass(frozen=True)
class Loaded:
    units: list[RoundUnit]
    tree: stats.UnitTree
    responses: list[stats.ResponseRecord]
    comments: dict[str, dict[str, list[str]]]  # reporting unit code → question → texts


def can_release(survey: SurveyRound) -> bool:
    return survey.status in (RoundStatus.CLOSED, RoundStatus.RELEASED)


def start_release(*, actor: Any, round: SurveyRound, with_pdf: bool = False) -> Release:
    """Create the release row (status building) that `build_release` fills; refused unless the
    round is closed and no other release of it is being built."""
    with transaction.atomic():
        survey = SurveyRound.objects.select_for_update().get(pk=round.pk)
        if not can_release(survey):
            raise ValidationError(_("Reports can be released only after the round has closed."))
        if survey.releases.filter(status=ReleaseStatus.BUILDING).exists():
            raise ValidationError(_("The reports of this round are being built already."))
        last = survey.releases.order_by("-number").first()
        release = Release.objects.create(
            round=survey,
            number=(last.number + 1) if last else 1,
            thresholds=survey.threshold,
            with_pdf=with_pdf,
            created_by=acting_user(actor),
        )
        record("reports.release.start", actor=actor, obj=survey, data={"release": release.number})
    return release


def build_release(*, release: Release, progress: Progress | None = None) -> Release:
    """Compute, audit and store the release. Raises ReleaseBlocked when the auditor finds a
    leak (the release is then kept as blocked, with the findings, and nothing is shown)."""
    try:
        return _build(release, progress or (lambda _r: None))
    except ReleaseBlocked:
        raise
    except Exception as error:
        Release.objects.filter(pk=release.pk).update(
            status=ReleaseStatus.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )
        raise


def _set(release: Release, progress: Progress, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(release, name, value)
    Release.objects.filter(pk=release.pk).update(**fields)
    progress(release)


def _build(release: Release, progress: Progress) -> Release:
    survey = release.round
    thresholds = release.thresholds
    _set(release, progress, phase="loading")
    loaded = load(survey)
    instrument = questionnaire_for(survey)
    _set(release, progress, phase="computing", units_total=len(loaded.units))
    computed = stats.compute(
        instrument, loaded.tree, loaded.responses, breakdowns=BACKGROUND_FIELDS
    )
    previous = previous_comparisons(survey, loaded.tree, computed.variables)
    catalogue = disclosure.control(computed, thresholds, previous=previous)
    _set(release, progress, phase="auditing", respondents=len(loaded.responses))
    started = time.perf_counter()
    earlier = [
        (f"release {r.number}", catalogue_from_state(r.engine_state))
        for r in survey.releases.filter(
            status__in=[ReleaseStatus.PUBLISHED, ReleaseStatus.SUPERSEDED],
            number__lt=release.number,
        ).order_by("number")
        if r.engine_state
    ]
    views = disclosure.audit_releases([*earlier, (f"release {release.number}", catalogue)])
    report = auditor.audit(views)
    audit = {
        "ok": report.ok,
        "releases": [name for name, _c in earlier] + [f"release {release.number}"],
        "groups": sum(len(v.groups) for v in views),
        "seconds": round(time.perf_counter() - started, 3),
        "findings": [str(f) for f in report.findings][:50],
    }
    if not report.ok:
        _set(
            release,
            progress,
            phase="done",
            status=ReleaseStatus.BLOCKED,
            audit=audit,
            finished_at=timezone.now(),
        )
        record(
            "reports.release.blocked",
            actor=release.created_by,
            obj=survey,
            data={"release": release.number, "findings": audit["findings"]},
        )
        raise ReleaseBlocked(release)
    _set(release, progress, phase="writing", audit=audit)
    state = engine_state(catalogue)
    unit_rates = _rates(survey)
    UnitReport.objects.filter(release=release).delete()
    batch: list[UnitReport] = []
    done = 0
    for unit, data, overview in unit_reports(catalogue, loaded, unit_rates):
        batch.append(
            UnitReport(
                release=release,
                round_unit=unit,
                code=unit.code,
                path=unit.path,
                depth=unit.depth,
                data=data,
                overview=overview,
            )
        )
        if len(batch) >= WRITE_BATCH:
            _insert(batch)
            done += len(batch)
            batch = []
            _set(release, progress, units_done=done)
    _insert(batch)
    done += len(batch)
    with transaction.atomic():
        survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
        replaced = list(
            survey.releases.filter(status=ReleaseStatus.PUBLISHED).values_list("number", flat=True)
        )
        survey.releases.filter(status=ReleaseStatus.PUBLISHED).update(
            status=ReleaseStatus.SUPERSEDED
        )
        release.engine_state = state
        release.status = ReleaseStatus.PUBLISHED
        release.units_done = done
        release.phase = "pdf" if release.with_pdf else "done"
        release.finished_at = timezone.now()
        release.save(update_fields=["engine_state", "status", "units_done", "phase", "finished_at"])
        survey.status = RoundStatus.RELEASED
        survey.save(update_fields=["status"])
        record(
            "reports.release.publish",
            actor=release.created_by,
            obj=survey,
            data={
                "release": release.number,
                "replaces": replaced,
                "respondents": release.respondents,
                "units": done,
                "audited_with": audit["releases"],
                "groups_checked": audit["groups"],
            },
        )
    progress(release)
    return release


def _insert(reports: list[UnitReport]) -> None:
    """Store unit reports. On PostgreSQL through psycopg's own cursor with server-side binding:
    Django's client-side binding quotes every character of the 40 MB of JSON with a regular
    expression, which took 14 of the 18 seconds of a release of 1,100 units
    (docs/benchmarks.md)."""
    if not reports:
        return
    if connection.vendor != "postgresql":
        UnitReport.objects.bulk_create(reports)
        return
    from psycopg.types.json import Jsonb

    names = ["release", "round_unit", "code", "path", "depth", "data", "overview"]
    fields: list[Any] = [UnitReport._meta.get_field(name) for name in names]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(UnitReport._meta.db_table)
    marks = ", ".join(["%s"] * len(fields))
    rows = [
        (r.release_id, r.round_unit_id, r.code, r.path, r.depth, Jsonb(r.data), Jsonb(r.overview))
        for r in reports
    ]
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:  # type: ignore[union-attr]
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608 (names from the model)


# --- Loading ---------------------------------------------------------------------------------


def load(survey: SurveyRound) -> Loaded:
    units = list(survey.units.order_by("depth", "path"))
    code_of = {u.pk: u.code for u in units}
    tree = stats.UnitTree(
        stats.Unit(u.code, code_of[u.parent_id] if u.parent_id else None) for u in units
    )
    responses = [
        stats.ResponseRecord(
            unit=code_of[unit_id], answers=answers, background=background or {}, key=str(key)
        )
        for key, unit_id, answers, background in Response.objects.filter(round=survey)
        .order_by("id")
        .values_list("id", "reporting_unit_id", "answers", "background")
        .iterator(chunk_size=2000)
    ]
    comments: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for unit_id, question, text in (
        Comment.objects.filter(round=survey)
        .values_list("reporting_unit_id", "question", "text")
        .iterator(chunk_size=2000)
    ):
        comments[code_of[unit_id]][question].append(text)
    return Loaded(units, tree, responses, comments)


def previous_comparisons(
    survey: SurveyRound, tree: stats.UnitTree, variables: Sequence[stats.Variable]
) -> dict[tuple[str, str], stats.Comparison] | None:
    """Comparisons with the previous round's latest published release (published means only,
    so a comparison never reveals what the previous release hid)."""
    if survey.previous_round_id is None:
        return None
    release = (
        Release.objects.filter(round_id=survey.previous_round_id, status=ReleaseStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )
    if release is None:
        return None
    previous_units = list(RoundUnit.objects.filter(round_id=survey.previous_round_id))
    code_of = {u.pk: u.code for u in previous_units}
    previous_tree = stats.UnitTree(
        stats.Unit(u.code, code_of[u.parent_id] if u.parent_id else None) for u in previous_units
    )
    means: dict[tuple[str, str], float | None] = {}
    for code, overview in release.units.values_list("code", "overview"):
        for item, mean in (overview.get("means") or {}).items():
            means[code, item] = mean
    codes = [v.code for v in variables if v.kind != "fact"]
    return stats.match_previous(tree, previous_tree, means, codes)


def _rates(survey: SurveyRound) -> dict[str, dict[str, Any]]:
    """Each unit's response rate as the round pages show it (surveys.rates: the residual rule
    of lib.rates, rounded), from a snapshot refreshed now from the counts kept at close."""
    rates.refresh(round=survey)
    k = survey.threshold["rates"]
    return {
        r.snapshot.unit.code: {
            "percent": r.percent,
            "hidden": "" if r.shown else ("rates" if r.snapshot.invited < k else "residual"),
        }
        for r in rates.shown_rates(round=survey)
    }


# --- Writing the catalogue as unit reports ----------------------------------------------------


def _round(array: np.ndarray) -> list[Any]:
    """Floats rounded for storage, NaN as None."""
    rounded = np.round(array.astype(float), DIGITS)
    return [None if x != x else x for x in rounded.tolist()]  # x != x: NaN


def unit_reports(
    catalogue: disclosure.Catalogue, loaded: Loaded, unit_rates: dict[str, dict[str, Any]]
) -> Iterator[tuple[RoundUnit, dict[str, Any], dict[str, Any]]]:
    """(unit, data, overview) for every frozen unit, built from whole arrays rather than one
    Cell object at a time."""
    computed = catalogue.stats
    tree = computed.tree
    variables = computed.variables
    codes = [v.code for v in variables]
    kinds: list[str] = [v.kind for v in variables]
    is_fact = np.array([k == "fact" for k in kinds])
    published = catalogue.reason == 0
    n = computed.n
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = computed.sum / n
        variance = (computed.sumsq - n * mean * mean) / (n - 1)
        sd = np.sqrt(np.clip(variance, 0, None))
        shares = computed.classes / n[..., None]
    sd[n < 2] = np.nan
    mean[:, :, is_fact] = np.nan
    sd[:, :, is_fact] = np.nan
    has_classes = np.array([v.has_classes and v.kind != "fact" for v in variables])
    shares[:, :, ~has_classes, :] = np.nan
    shown_mean = np.where(published, mean, np.nan)
    by_unit = {u.code: u for u in loaded.units}
    names = {u.code: (u.name_nb, u.name_en) for u in loaded.units}
    subtree_comments = _subtree_comments(tree, loaded.comments)
    previous = catalogue.previous or {}
    reason_codes = disclosure.CODES
    for u, code in enumerate(tree.codes):
        parent = int(tree.parent[u])
        unit = by_unit[code]
        row_cells = _cells(
            catalogue,
            u,
            0,
            codes,
            kinds,
            n,
            mean,
            sd,
            shares,
            shown_mean,
            parent,
            previous,
            reason_codes,
        )
        groups = []
        for g, group in enumerate(computed.groups[1:], start=1):
            if not published[u, g].any():
                continue
            cells = _cells(
                catalogue,
                u,
                g,
                codes,
                kinds,
                n,
                mean,
                sd,
                shares,
                shown_mean,
                parent,
                {},
                reason_codes,
                only_published=True,
            )
            groups.append({"variable": group.variable, "category": group.category, "cells": cells})
        comments_shown = bool(catalogue.comments_shown(code))
        comment_items = {}
        if comments_shown:
            for question, texts in sorted(subtree_comments[u].items()):
                comment_items[question] = catalogue.comments(code, texts)
        rate = unit_rates.get(code, {"percent": None, "hidden": "rates"})
        data = {
            "code": code,
            "name": {"nb": names[code][0], "en": names[code][1]},
            "parent": tree.codes[parent] if parent >= 0 else None,
            "chain": [[c, *names[c]] for c in tree.chain(code)],
            "respondents": int(computed.respondents[u, 0]) if comments_shown else None,
            "rate": rate,
            "cells": row_cells,
            "groups": groups,
            "comments": {
                "shown": comments_shown,
                "hidden": "" if comments_shown else reason_codes[catalogue.comments_reason[u]],
                "items": comment_items,
            },
        }
        overview = {
            "rate": rate["percent"],
            "respondents": data["respondents"],
            "means": {
                c: cell.get("mean") for c, cell in row_cells.items() if cell["kind"] != "fact"
            },
            "hidden": {c: cell["hidden"] for c, cell in row_cells.items() if cell["hidden"]},
        }
        yield unit, data, overview


def _cells(
    catalogue: disclosure.Catalogue,
    u: int,
    g: int,
    codes: list[str],
    kinds: list[str],
    n: np.ndarray,
    mean: np.ndarray,
    sd: np.ndarray,
    shares: np.ndarray,
    shown_mean: np.ndarray,
    parent: int,
    previous: Any,
    reason_codes: tuple[str, ...],
    *,
    only_published: bool = False,
) -> dict[str, dict[str, Any]]:
    computed = catalogue.stats
    reasons = catalogue.reason[u, g].tolist()
    dist_shown = catalogue.distribution_shown[u, g].tolist()
    ns = n[u, g].tolist()
    means = _round(mean[u, g])
    sds = _round(sd[u, g])
    fav = _round(shares[u, g, :, stats.FAVOURABLE])
    neu = _round(shares[u, g, :, stats.NEUTRAL])
    unf = _round(shares[u, g, :, stats.UNFAVOURABLE])
    parents = _round(shown_mean[parent, g]) if parent >= 0 else [None] * len(codes)
    institution = _round(shown_mean[0, g]) if u else [None] * len(codes)
    levels = computed.levels[u, g].tolist()
    result: dict[str, dict[str, Any]] = {}
    unit_code = computed.tree.codes[u]
    for v, code in enumerate(codes):
        reason = reasons[v]
        if reason:
            if not only_published:
                result[code] = {"kind": kinds[v], "hidden": reason_codes[reason]}
            continue
        variable = computed.variables[v]
        dist = None
        dist_hidden = ""
        if variable.levels:
            if dist_shown[v]:
                dist = [[lvl, levels[v][i]] for i, lvl in enumerate(variable.levels)]
            else:
                dist_hidden = catalogue._distribution_reason(u, g, v)
        comparison = previous.get((unit_code, code)) if previous else None
        result[code] = {
            "kind": kinds[v],
            "n": int(ns[v]),
            "mean": means[v],
            "sd": sds[v],
            "fav": fav[v],
            "neu": neu[v],
            "unf": unf[v],
            "dist": dist,
            "parent": parents[v],
            "inst": institution[v],
            "prev": round(comparison.mean, DIGITS)
            if comparison and comparison.mean is not None
            else None,
            "prev_status": comparison.status if comparison else "",
            "hidden": "",
            "dist_hidden": dist_hidden,
        }
    return result


def _subtree_comments(
    tree: stats.UnitTree, own: dict[str, dict[str, list[str]]]
) -> list[dict[str, list[str]]]:
    totals: list[dict[str, list[str]]] = [defaultdict(list) for _ in tree.codes]
    for code, questions in own.items():
        i = tree.index[code]
        while i >= 0:
            for question, texts in questions.items():
                totals[i][question].extend(texts)
            i = int(tree.parent[i])
    return totals


# --- What the auditor needs from an earlier release -------------------------------------------


def engine_state(catalogue: disclosure.Catalogue) -> bytes:
    computed = catalogue.stats
    tree = computed.tree
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        codes=np.array(tree.codes, dtype=str),
        parent=tree.parent,
        variables=np.array([v.code for v in computed.variables], dtype=str),
        kinds=np.array([v.kind for v in computed.variables], dtype=str),
        groups=np.array([[g.variable, g.category] for g in computed.groups], dtype=str).reshape(
            -1, 2
        ),
        breakdowns=np.array(computed.breakdowns, dtype=str),
        categories=np.array(["\x1f".join(c) for c in computed.categories], dtype=str),
        keys=np.array(computed.keys, dtype=str),
        unit_of=computed.unit_of,
        category_of=computed.category_of,
        answered=computed.answered,
        respondents=computed.respondents.astype(np.int32),
        n=computed.n.astype(np.int32),
        reason=catalogue.reason,
        comments_reason=catalogue.comments_reason,
        k=catalogue.k,
        thresholds=np.array(sorted(catalogue.thresholds.items()), dtype=str).reshape(-1, 2),
    )
    return buffer.getvalue()


def catalogue_from_state(state: bytes) -> disclosure.Catalogue:
    """A catalogue good enough for `disclosure.audit_releases` (no sums, no distributions)."""
    data = np.load(io.BytesIO(bytes(state)))
    codes = [str(c) for c in data["codes"]]
    parent = data["parent"].tolist()
    tree = stats.UnitTree(
        stats.Unit(code, codes[p] if p >= 0 else None)
        for code, p in zip(codes, parent, strict=True)
    )
    variables = tuple(
        stats.Variable(str(c), str(k))  # type: ignore[arg-type]
        for c, k in zip(data["variables"], data["kinds"], strict=True)
    )
    groups = tuple(stats.Group(str(v), str(c)) for v, c in data["groups"])
    n = data["n"].astype(np.int64)
    empty = np.zeros((0,))
    computed = stats.RoundStats(
        tree=tree,
        variables=variables,
        groups=groups,
        respondents=data["respondents"].astype(np.int64),
        n=n,
        sum=empty,
        sumsq=empty,
        levels=empty,
        classes=empty,
        unit_of=data["unit_of"],
        category_of=data["category_of"],
        answered=data["answered"],
        breakdowns=tuple(str(b) for b in data["breakdowns"]),
        categories=tuple(tuple(str(c).split("\x1f")) if str(c) else () for c in data["categories"]),
        keys=tuple(str(k) for k in data["keys"]),
    )
    return disclosure.Catalogue(
        stats=computed,
        thresholds={str(k): int(v) for k, v in data["thresholds"]},
        k=data["k"],
        reason=data["reason"],
        distribution_shown=np.zeros(n.shape, dtype=bool),
        comments_reason=data["comments_reason"],
    )
