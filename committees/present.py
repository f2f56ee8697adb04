"""A committee report's snapshot made readable in the active language, for the preview, the
report page, the PDF and the Word document (one view model, so they say the same)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from actions.models import EscalationStatus, MeasureStatus
from overviews.models import Outcome
from progress.models import Milestone

from .content import ALL_LEVELS, MEASURE_COUNTS
from .models import Committee


def _lang() -> str:
    return "en" if (get_language() or "nb").startswith("en") else "nb"


def _name(names: dict[str, str]) -> str:
    return names.get(_lang()) or names.get("nb") or names.get("code", "")


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def committee_name(committee: str) -> str:
    """The short name used in titles: AMU, LAMU, the IDF meeting."""
    return {
        Committee.AMU: _("AMU"),
        Committee.LAMU: _("LAMU"),
        Committee.IDF: _("the IDF meeting"),
    }[Committee(committee)]


def level_label(level: int) -> str:
    return {
        1: _("The units right below"),
        2: _("Two levels below"),
        3: _("Three levels below"),
        ALL_LEVELS: _("Every unit"),
    }.get(level, str(level))


@dataclass(frozen=True)
class ProcessRow:
    name: str
    code: str
    depth: int
    rate: str
    steps: list[str]
    extras: list[str]
    overdue: int


@dataclass(frozen=True)
class MeasureRow:
    name: str
    code: str
    depth: int
    counts: list[int]


@dataclass(frozen=True)
class Theme:
    title: str
    dimension: str
    summary: str
    measures: int
    units: int
    passed_up: bool


@dataclass(frozen=True)
class ThemeSource:
    name: str
    code: str
    kind: str
    number: int
    sent_on: dt.date | None
    sent_by: str
    summary: str
    themes: list[Theme]


@dataclass(frozen=True)
class DecisionItem:
    item: str
    kind: str
    outcome: str
    text: str
    by: str
    on: dt.date | None
    faculty: str


@dataclass(frozen=True)
class EscalationItem:
    title: str
    unit: str
    status: str
    escalation: str
    due: dt.date | None
    overdue: bool
    resources: str
    decision: DecisionItem | None


@dataclass
class Report:
    committee: str
    committee_label: str
    title: str
    unit: str
    unit_code: str
    round_name: str
    intro: str
    generated_at: dt.datetime
    prepared_by: str
    level: str
    number: int | None
    key_figures: list[tuple[str, str]]
    rates_note: str
    process_head: list[str]
    process_rows: list[ProcessRow]
    measure_head: list[str]
    measure_rows: list[MeasureRow]
    overviews_note: str
    theme_sources: list[ThemeSource]
    escalation_counts: list[tuple[str, int]]
    escalations: list[EscalationItem]
    decisions: list[DecisionItem]
    to_rector: list[DecisionItem]
    discussions: list[Any] = field(default_factory=list)

    @property
    def is_idf(self) -> bool:
        return self.committee == Committee.IDF


def _intro(committee: str, unit: str, round_name: str, threshold: int) -> str:
    values = {"unit": unit, "round": round_name, "k": threshold}
    lead = {
        Committee.AMU: _(
            "Status of the work-environment survey %(round)s for the working environment "
            "committee (AMU): how many answered, how far the units have come in the process, "
            "the common themes of the overviews sent up, and the measures the units cannot "
            "decide themselves, with the decisions on them."
        ),
        Committee.LAMU: _(
            "Status of the work-environment survey %(round)s in %(unit)s for the local working "
            "environment committee (LAMU): how many answered, how far the units have come in "
            "the process, the common themes of the overviews sent up, and the measures the "
            "units cannot decide themselves, with the decisions on them."
        ),
        Committee.IDF: _(
            "Information to the union representatives for the information and discussion "
            "meeting (IDF) about the work-environment survey %(round)s in %(unit)s. It starts "
            "with the measures that concern working conditions and resources — those the units "
            "cannot decide themselves — and the decisions on them, then how many answered and "
            "how far the units have come."
        ),
    }[Committee(committee)]
    rule = _(
        "The report holds no survey answers: only response rates, rounded and shown only "
        "where at least %(k)s were invited, and facts about the process."
    )
    return f"{lead % values} {rule % values}"


def _rate(percent: int | None, hidden: bool) -> str:
    if percent is not None:
        return _("%(percent)s %%") % {"percent": percent}
    return _("not shown") if hidden else "–"


def _decision(data: dict[str, Any] | None) -> DecisionItem | None:
    if not data:
        return None
    return DecisionItem(
        item=data["item"],
        kind=_("Theme") if data["kind"] == "theme" else _("Escalated measure"),
        outcome=str(Outcome(data["outcome"]).label),
        text=data["text"],
        by=data["by"],
        on=_day(data["on"]),
        faculty=_name(data["faculty"]),
    )


KEY_STEPS = (Milestone.REPORT_RELEASED, Milestone.PLAN_AGREED, Milestone.PLAN_SENT_UP)


def _key_figures(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The top unit's figures in a few lines (the process table has every step)."""
    top = data["rows"][0]
    counts = data["measures"][0]["counts"]
    awaiting = data["escalation_counts"].get(EscalationStatus.SENT, 0)
    figures = [
        (_("Response rate"), _rate(top["rate"], top["rate_hidden"])),
        (_("Units in the report"), str(top["units"])),
    ]
    figures += [
        (
            str(Milestone(step).label),
            _("%(reached)s of %(units)s units") % {"reached": n, "units": top["units"]},
        )
        for step, n in top["steps"].items()
        if step in KEY_STEPS
    ]
    figures += [
        (
            _("Measures"),
            _("%(total)s (done: %(done)s, overdue: %(overdue)s)")
            % {
                "total": counts["total"],
                "done": counts[MeasureStatus.DONE],
                "overdue": counts["overdue"],
            },
        ),
        (
            _("Escalated measures"),
            _("%(count)s (awaiting a decision: %(awaiting)s)")
            % {"count": counts["escalated"], "awaiting": awaiting},
        ),
        (
            _("Sent up"),
            _("overviews of units: %(overviews)s, compilations by HR: %(compilations)s")
            % {"overviews": data["overviews_sent"], "compilations": data["compilations_sent"]},
        ),
        (
            _("Decisions"),
            _("%(count)s (passed to the rector and the institution: %(rector)s)")
            % {"count": len(data["decisions"]), "rector": len(data["to_rector"])},
        ),
    ]
    return figures


def _measure_head() -> list[str]:
    labels = dict(MeasureStatus.choices)
    extra = {"overdue": _("Overdue"), "escalated": _("Escalated"), "total": _("Total")}
    return [_("Unit")] + [str(labels.get(kind) or extra[kind]) for kind in MEASURE_COUNTS]


def _process_head(data: dict[str, Any]) -> list[str]:
    head = [_("Unit"), _("Response rate")]
    head += [str(Milestone(step).label) for step in data["steps"]]
    head += [column["label"].get(_lang(), "") for column in data["extra_columns"]]
    return [*head, _("Overdue steps")]


def _process_rows(data: dict[str, Any]) -> list[ProcessRow]:
    lang = _lang()
    return [
        ProcessRow(
            name=_name(row),
            code=row["code"],
            depth=row["depth"],
            rate=_rate(row["rate"], row["rate_hidden"]),
            steps=[f"{n}/{row['units']}" for n in row["steps"].values()],
            extras=[
                column["values"].get(row["code"], {}).get(lang) or "–"
                for column in data["extra_columns"]
            ],
            overdue=row["overdue_steps"],
        )
        for row in data["rows"]
    ]


def _theme_sources(data: dict[str, Any]) -> list[ThemeSource]:
    lang = _lang()
    return [
        ThemeSource(
            name=_name(source),
            code=source["code"],
            kind=_("Compilation for the dean or director")
            if source["kind"] == "compilation"
            else _("Overview"),
            number=source["number"],
            sent_on=_day(source["sent_on"]),
            sent_by=source["sent_by"],
            summary=source["summary"],
            themes=[
                Theme(
                    title=t["title"],
                    dimension=t["dimension"].get(lang, ""),
                    summary=t["summary"],
                    measures=t["measures"],
                    units=t["units"],
                    passed_up=t["pass_up"],
                )
                for t in source["themes"]
            ],
        )
        for source in data["theme_sources"]
    ]


def _escalations(data: dict[str, Any]) -> list[EscalationItem]:
    return [
        EscalationItem(
            title=row["title"],
            unit=_name(row["unit"]),
            status=str(MeasureStatus(row["status"]).label),
            escalation=str(EscalationStatus(row["escalation"]).label),
            due=_day(row["due"]),
            overdue=row["overdue"],
            resources=row["resources"],
            decision=_decision(row["decision"]),
        )
        for row in data["escalations"]
    ]


def present(data: dict[str, Any], *, number: int | None = None) -> Report:
    """The report in the active language. `number` is the frozen report's number (None for a
    preview)."""
    unit = _name(data["unit"])
    round_name = data["round"]["name"]
    hidden = data["hidden_rates"]
    rates_note = _(
        "Response rates are rounded to the nearest 5 %% and shown only where at least %(k)s "
        "were invited and no smaller group can be worked out from them."
    ) % {"k": data["rate_threshold"]}
    if hidden:
        rates_note += " " + ngettext(
            "%(count)s unit in this part of the organisation has no rate shown; its answers "
            "count in the units above.",
            "%(count)s units in this part of the organisation have no rate shown; their "
            "answers count in the units above.",
            hidden,
        ) % {"count": hidden}
    rates_note += " " + _(
        "A step column counts the units that reached the step out of the units of the row "
        "and those below it."
    )
    labels = dict(EscalationStatus.choices)
    return Report(
        committee=data["committee"],
        committee_label=str(Committee(data["committee"]).label),
        title=_("Status report to %(committee)s")
        % {"committee": committee_name(data["committee"])},
        unit=unit,
        unit_code=data["unit"]["code"],
        round_name=round_name,
        intro=_intro(data["committee"], unit, round_name, data["rate_threshold"]),
        generated_at=timezone.localtime(dt.datetime.fromisoformat(data["generated_at"])),
        prepared_by=data["prepared_by"],
        level=level_label(data["level"]),
        number=number,
        key_figures=_key_figures(data),
        rates_note=rates_note,
        process_head=_process_head(data),
        process_rows=_process_rows(data),
        measure_head=_measure_head(),
        measure_rows=[
            MeasureRow(_name(r), r["code"], r["depth"], [r["counts"][k] for k in MEASURE_COUNTS])
            for r in data["measures"]
        ],
        overviews_note=_(
            "The themes come from HR's compilation where a faculty or centre has one, otherwise "
            "from the highest overview sent up that covers each part of the organisation."
        ),
        theme_sources=_theme_sources(data),
        escalation_counts=[
            (str(labels[status]), n) for status, n in data["escalation_counts"].items() if n
        ],
        escalations=_escalations(data),
        decisions=[d for d in (_decision(x) for x in data["decisions"]) if d],
        to_rector=[d for d in (_decision(x) for x in data["to_rector"]) if d],
    )
