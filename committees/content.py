"""The facts of a committee report, gathered from what Medvirk already holds into plain JSON
(the snapshot a frozen report keeps): response rates by the round pages' rules, the process
dashboard's steps, measures by status, the themes of the overviews sent up, the escalated
measures and the decisions on them.

Nothing here is a survey answer: only response rates, shown and rounded where DESIGN §3 lets
them be shown (surveys.rates), and facts about the process. Units are listed down to a chosen
level below the report's unit; everything deeper is counted in its ancestor on that level."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone, translation

from actions.models import EscalationStatus, Measure, MeasureStatus
from orgs.models import OrgUnit
from overviews import services as overviews
from overviews.models import Decision, OverviewKind, OverviewVersion
from progress import dashboard
from surveys import rates
from surveys.models import SurveyRound

from .models import Committee

VERSION = 1
LANGUAGES = ("nb", "en")
ALL_LEVELS = 0  # `level`: list every unit of the subtree
# The dashboard's per-unit "measures by status" text is left out: the report counts the
# measures of each listed unit's whole subtree itself (MEASURE_COUNTS).
SUMMED_HERE = frozenset({"measures"})
MEASURE_COUNTS = (*MeasureStatus.values, "overdue", "escalated", "total")


def fits(committee: str, unit: OrgUnit) -> bool:
    """AMU reports on the institution, a LAMU on a faculty (or another unit right below the
    institution), the IDF meeting on any unit."""
    if committee == Committee.AMU:
        return unit.parent_id is None
    if committee == Committee.LAMU:
        return unit.depth == 1
    return committee == Committee.IDF


def _names(unit: OrgUnit) -> dict[str, str]:
    return {"code": unit.code, "nb": unit.name_nb, "en": unit.name_en or unit.name_nb}


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def collect(
    *,
    survey: SurveyRound,
    root: OrgUnit,
    committee: str,
    level: int,
    units: Sequence[OrgUnit],
    prepared_by: str,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The report's snapshot. `units` are the round's units in the subtree of `root` (root
    included) that the reader may see, in tree order."""
    listed = [u for u in units if level == ALL_LEVELS or u.depth - root.depth <= level] or [root]
    return {
        "version": VERSION,
        "committee": committee,
        "level": level,
        "generated_at": (now or timezone.now()).isoformat(),
        "prepared_by": prepared_by,
        "round": {
            "uid": str(survey.uid),
            "name": survey.name,
            "status": survey.status,
            "opens_on": _date(survey.opens_on),
            "closes_on": _date(survey.closes_on),
        },
        "unit": {**_names(root), "kind": root.kind},
        "rate_threshold": survey.threshold["rates"],
        **_process(survey, root, units, listed),
        "measures": _measures(survey, root, listed),
        **_themes(survey, root),
        **_escalations(survey, root),
        **_decisions(survey, root),
    }


# -- response rates and the process ------------------------------------------------------------


def _rates(survey: SurveyRound) -> tuple[dict[int, int | None], set[int], str | None]:
    """(live unit id → shown rounded percent or None, ids whose rate is hidden, when the rates
    were computed)."""
    shown: dict[int, int | None] = {}
    hidden: set[int] = set()
    computed = None
    for rate in rates.shown_rates(round=survey):
        unit_id = rate.snapshot.unit.unit_id
        computed = computed or rate.snapshot.computed_at.isoformat()
        if unit_id is None:
            continue
        shown[unit_id] = rate.percent
        if not rate.shown:
            hidden.add(unit_id)
    return shown, hidden, computed


def _extras(survey: SurveyRound, listed: Sequence[OrgUnit]) -> list[dict[str, Any]]:
    """The dashboard's registered extra columns for the listed units, in both languages."""
    columns = []
    for name, (label, column) in dashboard.EXTRA_COLUMNS.items():
        if name in SUMMED_HERE:
            continue
        entry: dict[str, Any] = {"name": name, "label": {}, "values": {}}
        for language in LANGUAGES:
            with translation.override(language):
                entry["label"][language] = str(label)
                values = column(survey, listed)
                for unit in listed:
                    value = values.get(unit.pk)
                    text = "" if value is None else str(value)
                    entry["values"].setdefault(unit.code, {})[language] = text
        columns.append(entry)
    return columns


def _process(
    survey: SurveyRound, root: OrgUnit, units: Sequence[OrgUnit], listed: Sequence[OrgUnit]
) -> dict[str, Any]:
    """A row per listed unit: its rate, and for each step of the dashboard how many units of
    its subtree have reached it."""
    board = dashboard.build(survey, list(units) or [root])
    percent, hidden, computed = _rates(survey)
    steps = [step for step, _label, _n in board.steps]
    counted: Counter[int] = Counter()
    overdue: Counter[int] = Counter()
    reached: dict[int, Counter[str]] = {u.pk: Counter() for u in listed}
    for row in board.rows:
        for ancestor in _path_ids(row.unit.path):
            if ancestor not in reached:
                continue
            counted[ancestor] += 1
            overdue[ancestor] += row.overdue
            reached[ancestor].update(step for step in steps if row.steps[step])
    rows = [
        {
            **_names(u),
            "depth": u.depth - root.depth,
            "units": counted[u.pk],
            "rate": percent.get(u.pk),
            "rate_hidden": u.pk in hidden,
            "steps": {step: reached[u.pk][step] for step in steps},
            "overdue_steps": overdue[u.pk],
        }
        for u in listed
    ]
    return {
        "rates_computed_at": computed,
        "hidden_rates": len(hidden & {u.pk for u in units}),
        "steps": steps,
        "extra_columns": _extras(survey, listed),
        "rows": rows,
    }


# -- measures ------------------------------------------------------------------------------------


def _measures(
    survey: SurveyRound, root: OrgUnit, listed: Sequence[OrgUnit]
) -> list[dict[str, Any]]:
    """Measures by status, overdue and escalated, counted over each listed unit's subtree."""
    measures = Measure.objects.below(root, survey)
    overdue = set(measures.overdue().values_list("pk", flat=True))
    counts = {u.pk: Counter[str]() for u in listed}
    for pk, path, status, within in measures.values_list(
        "pk", "plan__unit__path", "status", "within_authority"
    ):
        kinds = [status, "total"]
        if pk in overdue:
            kinds.append("overdue")
        if within is False and status != MeasureStatus.DROPPED:
            kinds.append("escalated")
        for ancestor in _path_ids(path):
            if ancestor in counts:
                counts[ancestor].update(kinds)
    return [
        {
            **_names(u),
            "depth": u.depth - root.depth,
            "counts": {kind: counts[u.pk][kind] for kind in MEASURE_COUNTS},
        }
        for u in listed
    ]


# -- themes of the overviews sent up -------------------------------------------------------------


def _latest_versions(survey: SurveyRound, root: OrgUnit) -> list[OverviewVersion]:
    versions = (
        OverviewVersion.objects.filter(
            overview__round=survey, overview__unit__path__startswith=root.path
        )
        .select_related("overview__unit")
        .order_by("overview__unit__path", "overview_id", "-number")
    )
    latest: dict[int, OverviewVersion] = {}
    for version in versions:
        latest.setdefault(version.overview_id, version)
    return list(latest.values())


def _sources(versions: Iterable[OverviewVersion]) -> list[OverviewVersion]:
    """The overviews whose themes the report shows: HR's compilation stands for its faculty;
    otherwise the highest sent overview that covers a part of the tree (an overview covers
    the units below it that it summed up when it was sent)."""
    versions = list(versions)
    compiled = [v.overview.unit.path for v in versions if v.overview.is_compilation]
    own = [
        v
        for v in versions
        if not v.overview.is_compilation
        and not any(v.overview.unit.path.startswith(path) for path in compiled)
    ]
    covered = {
        unit_id
        for v in own
        for unit_id in v.snapshot.get("units") or []
        if unit_id != v.overview.unit_id
    }
    kept = [v for v in versions if v.overview.is_compilation]
    kept += [v for v in own if v.overview.unit_id not in covered]
    return sorted(kept, key=lambda v: v.overview.unit.path)


def _themes(survey: SurveyRound, root: OrgUnit) -> dict[str, Any]:
    versions = _latest_versions(survey, root)
    titles = {lang: overviews.dimension_titles(survey, lang) for lang in LANGUAGES}
    sources = []
    for version in _sources(versions):
        data = version.snapshot
        sources.append(
            {
                **_names(version.overview.unit),
                "kind": version.overview.kind,
                "number": version.number,
                "sent_on": version.sent_at.date().isoformat(),
                "sent_by": version.sent_by_name,
                "summary": data.get("summary", ""),
                "themes": [
                    {
                        "title": theme["title"],
                        "dimension": {
                            lang: titles[lang].get(theme.get("dimension", ""), "")
                            for lang in LANGUAGES
                        },
                        "summary": theme.get("summary", ""),
                        "pass_up": bool(theme.get("pass_up")),
                        "measures": len(theme.get("measures", [])),
                        "units": len({m["unit_code"] for m in theme.get("measures", [])}),
                    }
                    for theme in data.get("themes", [])
                ],
            }
        )
    return {
        "overviews_sent": sum(1 for v in versions if v.overview.kind == OverviewKind.UNIT),
        "compilations_sent": sum(1 for v in versions if v.overview.is_compilation),
        "theme_sources": sources,
    }


# -- escalations and decisions -----------------------------------------------------------------


def _decision(decision: Decision) -> dict[str, Any]:
    return {
        "item": decision.item_title,
        "kind": "theme" if decision.theme_id else "measure",
        "outcome": decision.outcome,
        "text": decision.text,
        "by": decision.decided_by_name,
        "on": timezone.localdate(decision.decided_at).isoformat(),
        "faculty": _names(decision.overview.unit),
    }


def _escalations(survey: SurveyRound, root: OrgUnit) -> dict[str, Any]:
    """Measures outside their unit's authority (not dropped), with where they stand and the
    latest decision on them."""
    measures = list(
        Measure.objects.below(root, survey)
        .filter(within_authority=False)
        .exclude(status=MeasureStatus.DROPPED)
        .select_related("plan__unit")
        .order_by("plan__unit__path", "position", "pk")
    )
    decisions: dict[int, Decision] = {}
    for decision in (
        Decision.objects.filter(escalation__measure__in=measures)
        .select_related("overview__unit", "escalation__measure")
        .order_by("decided_at")
    ):
        assert decision.escalation is not None
        decisions[decision.escalation.measure_id] = decision
    rows = [
        {
            "title": m.title,
            "unit": _names(m.plan.unit),
            "status": m.status,
            "escalation": m.escalation,
            "due": _date(m.due),
            "overdue": m.is_overdue,
            "resources": m.resources,
            "decision": _decision(decisions[m.pk]) if m.pk in decisions else None,
        }
        for m in measures
    ]
    counts = Counter(m.escalation for m in measures)
    return {
        "escalations": rows,
        "escalation_counts": {status: counts[status] for status in EscalationStatus.values},
    }


def _decisions(survey: SurveyRound, root: OrgUnit) -> dict[str, Any]:
    """The deans' and directors' decisions that concern the subtree, and those of them passed
    on to the rector and the institution."""
    decisions = list(overviews.decisions_below(root, survey))
    to_rector = overviews.passed_to_rector(survey).filter(pk__in=[d.pk for d in decisions])
    return {
        "decisions": [_decision(d) for d in decisions],
        "to_rector": [_decision(d) for d in to_rector],
    }
