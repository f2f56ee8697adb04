"""Use cases of the roll-up: gathering the measures below a unit, proposing and confirming common
themes, choosing what to pass up, sending an overview (a frozen version), HR's compilation per
faculty or centre, and the dean's or director's decisions, which set the escalated measures'
status and are logged on them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import (
    ActionPlan,
    EscalationStatus,
    Measure,
    MeasureStatus,
    ProgressEntry,
)
from audit.models import acting_user, actor_name, record
from lib import clustering
from orgs.models import OrgUnit, UnitKind
from overviews.models import (
    Decision,
    Escalation,
    InstitutionDecision,
    InstitutionOutcome,
    Outcome,
    Overview,
    OverviewKind,
    OverviewVersion,
    Recipient,
    Theme,
)
from progress.services import overview_deadline
from surveys.models import SurveyRound

# The units whose overview goes to HR rather than to the level above.
TOP_LEVEL_KINDS = frozenset({UnitKind.FACULTY, UnitKind.CENTRE})

OUTCOME_STATUS = {
    Outcome.FACULTY: EscalationStatus.FACULTY,
    Outcome.RECTOR: EscalationStatus.RECTOR,
    Outcome.NO_ACTION: EscalationStatus.NO_ACTION,
}
INSTITUTION_STATUS = {
    InstitutionOutcome.ADOPTED: EscalationStatus.INSTITUTION,
    InstitutionOutcome.NO_ACTION: EscalationStatus.NO_ACTION,
}


class Conflict(Exception):
    """Someone else saved the overview since this form was opened."""

    def __init__(self, overview: Overview) -> None:
        super().__init__("the overview changed")
        self.overview = overview


# -- what lies below ---------------------------------------------------------------------------


def subtree_measures(unit: OrgUnit, survey: SurveyRound) -> QuerySet[Measure]:
    """The measures of the plans of `unit` and every current unit below it (drafts too: the
    roll-up shows agreed or not), without dropped ones."""
    return (
        Measure.objects.below(unit, survey)
        .exclude(status=MeasureStatus.DROPPED)
        .select_related("plan__unit", "focus_area")
        .order_by("plan__unit__path", "position", "pk")
    )


@dataclass(frozen=True, slots=True)
class MeasureRow:
    """What the overview page and the proposals read of a measure below: plain values from one
    query (a faculty of 300 plans has 1,800 measures; as model instances with their plan, unit
    and focus area they cost several times more to load)."""

    pk: int
    uid: Any
    title: str
    description: str
    resources: str
    escalate: bool
    escalation: str
    dimension: str
    unit_id: int
    unit_code: str
    unit_name: str

    @property
    def escalation_label(self) -> str:
        return str(EscalationStatus(self.escalation).label) if self.escalation else ""

    @classmethod
    def of(cls, measure: Measure) -> MeasureRow:
        """A measure loaded with its plan's unit (the dimension is left empty)."""
        unit = measure.plan.unit
        return cls(
            pk=measure.pk,
            uid=measure.uid,
            title=measure.title,
            description=measure.description,
            resources=measure.resources,
            escalate=measure.escalate,
            escalation=measure.escalation,
            dimension="",
            unit_id=unit.pk,
            unit_code=unit.code,
            unit_name=unit.name,
        )


def measure_rows(unit: OrgUnit, survey: SurveyRound, *, language: str) -> list[MeasureRow]:
    """`subtree_measures` as `MeasureRow`s, unit names in `language`."""
    indices = index_dimensions(survey)
    english = language.startswith("en")
    rows = subtree_measures(unit, survey).values_list(
        "pk",
        "uid",
        "title",
        "description",
        "resources",
        "within_authority",
        "escalation",
        "focus_area__dimension",
        "index_code",
        "plan__unit_id",
        "plan__unit__code",
        "plan__unit__name_nb",
        "plan__unit__name_en",
        named=True,
    )
    return [
        MeasureRow(
            pk=r.pk,
            uid=r.uid,
            title=r.title,
            description=r.description,
            resources=r.resources,
            escalate=r.within_authority is False,
            escalation=r.escalation,
            dimension=r.focus_area__dimension or indices.get(r.index_code, ""),
            unit_id=r.plan__unit_id,
            unit_code=r.plan__unit__code,
            unit_name=r.plan__unit__name_en
            if english and r.plan__unit__name_en
            else r.plan__unit__name_nb,
        )
        for r in rows
    ]


def index_dimensions(survey: SurveyRound) -> dict[str, str]:
    """Index code → the code of its questionnaire dimension."""
    return {
        index.code: dimension.code
        for dimension in survey.instrument.definition.dimensions
        for index in dimension.indices
    }


def dimension_titles(survey: SurveyRound, language: str) -> dict[str, str]:
    lang = "en" if language.startswith("en") else "nb"
    return {
        d.code: d.title.get(lang) or next(iter(d.title.values()), d.code)
        for d in survey.instrument.definition.dimensions
    }


@dataclass(frozen=True)
class Proposal:
    """A proposed group of similar measures, not yet confirmed as a theme."""

    dimension: str
    name: str
    terms: tuple[str, ...]
    measures: tuple[MeasureRow, ...]
    units: tuple[str, ...]

    @property
    def key(self) -> str:
        return ",".join(str(m.uid) for m in self.measures)


def proposals(overview: Overview, measures: Sequence[MeasureRow] | None = None) -> list[Proposal]:
    """Groups of similar measures of the units below, per dimension, among the measures not in
    any theme of this overview yet. Groups of a single measure are left out: they are no
    common feature."""
    if measures is None:
        measures = measure_rows(overview.unit, overview.round, language="nb")
    taken = set(
        Theme.measures.through.objects.filter(theme__overview=overview).values_list(
            "measure_id", flat=True
        )
    )
    free = [m for m in measures if m.pk not in taken]
    by_uid = {str(m.uid): m for m in free}
    items = [
        clustering.Item(str(m.uid), f"{m.title}. {m.description}", m.dimension, m.unit_code)
        for m in free
    ]
    return [
        Proposal(g.dimension, g.name, g.terms, tuple(by_uid[k] for k in g.keys), g.units)
        for g in _propose(items)
        if len(g.keys) > 1
    ]


# Clustering a faculty's 1,800 measures takes a second or more of CPU, on every view of the
# overview page. The groups depend only on the items, and each dimension is clustered on its
# own, so the groups of a dimension are kept in the cache under a digest of its items: a page
# view reclusters only the dimensions whose measures changed since (one, after a theme is
# confirmed).
PROPOSALS_CACHE_SECONDS = 7 * 24 * 3600


def _propose(items: list[clustering.Item]) -> list[clustering.Group]:
    by_dimension: dict[str, list[clustering.Item]] = {}
    for item in items:
        by_dimension.setdefault(item.dimension, []).append(item)
    keys = {
        dimension: "overviews.proposals."
        + hashlib.sha256(
            json.dumps(
                [clustering.DEFAULT_THRESHOLD, dimension]
                + [[i.key, i.text, i.unit] for i in members]
            ).encode()
        ).hexdigest()
        for dimension, members in by_dimension.items()
    }
    found = cache.get_many(list(keys.values()))
    groups: list[clustering.Group] = []
    new = {}
    for dimension, members in by_dimension.items():
        key = keys[dimension]
        if key not in found:
            new[key] = found[key] = clustering.propose(members)
        groups += found[key]
    if new:
        cache.set_many(new, PROPOSALS_CACHE_SECONDS)
    return clustering.ordered(groups)


# -- the overview ------------------------------------------------------------------------------


def recipient_for(unit: OrgUnit) -> tuple[str, OrgUnit | None]:
    """Faculties, centres and units right below the institution send to HR; others to the
    unit above."""
    parent = unit.parent
    if unit.kind in TOP_LEVEL_KINDS or parent is None or parent.parent_id is None:
        return Recipient.HR, None
    return Recipient.PARENT, parent


def deadline_for(survey: SurveyRound) -> dt.date:
    """The progress plan's deadline for "overview sent up" when it has one, else mid-June."""
    from progress.models import Milestone, Task

    due = (
        Task.objects.filter(plan__round=survey, milestone=Milestone.PLAN_SENT_UP)
        .aggregate(d=Max("due"))
        .get("d")
    )
    return due or overview_deadline(survey.closes_on)


def get_or_start(*, actor: Any, unit: OrgUnit, round: SurveyRound) -> Overview:
    overview, created = Overview.objects.get_or_create(
        unit=unit,
        round=round,
        kind=OverviewKind.UNIT,
        defaults={"created_by": acting_user(actor)},
    )
    if created:
        record("overviews.start", actor=actor, obj=overview, label=str(overview))
    return overview


def _lock(overview: Overview, revision: int | None) -> Overview:
    locked = Overview.objects.select_for_update().get(pk=overview.pk)
    if revision is not None and locked.revision != revision:
        raise Conflict(locked)
    return locked


def _touch(overview: Overview) -> None:
    overview.revision += 1
    overview.save(update_fields=["revision", "updated_at"])


def _check_measures(overview: Overview, uids: Iterable[str]) -> list[Measure]:
    """The measures named by `uids`, which must lie in the overview's subtree (or, for a
    compilation, be carried by it)."""
    uids = list(dict.fromkeys(str(u) for u in uids))
    allowed: QuerySet[Measure]
    if overview.is_compilation:
        allowed = Measure.objects.filter(
            Q(themes__overview=overview) | Q(escalations__overview=overview)
        )
    else:
        allowed = subtree_measures(overview.unit, overview.round)
    found = list(allowed.filter(uid__in=uids).distinct())
    if len(found) != len(uids):
        raise ValidationError(_("Some of the chosen measures are not in this overview."))
    order = {u: i for i, u in enumerate(uids)}
    return sorted(found, key=lambda m: order[str(m.uid)])


@transaction.atomic
def save_text(
    *, actor: Any, overview: Overview, summary: str, comment: str, revision: int
) -> Overview:
    locked = _lock(overview, revision)
    locked.summary = summary.strip()
    locked.comment = comment.strip()
    locked.revision += 1
    locked.save(update_fields=["summary", "comment", "revision", "updated_at"])
    record("overviews.edit", actor=actor, obj=locked, label=str(locked))
    return locked


def _next_theme_position(overview: Overview) -> int:
    return (overview.themes.aggregate(m=Max("position")).get("m") or 0) + 1


@transaction.atomic
def confirm_theme(
    *,
    actor: Any,
    overview: Overview,
    title: str,
    dimension: str,
    measure_uids: Iterable[str],
    summary: str = "",
) -> Theme:
    """Make a proposed group (or any chosen measures, e.g. a theme a unit below passed up,
    with its summary) a theme; a measure belongs to one theme of an overview at a time, so it
    leaves any other."""
    locked = _lock(overview, None)
    title = title.strip()
    if not title:
        raise ValidationError({"title": [_("Give the theme a title.")]})
    measures = _check_measures(locked, measure_uids)
    if not measures:
        raise ValidationError(_("Choose at least one measure for the theme."))
    theme = Theme.objects.create(
        overview=locked,
        title=title[:200],
        dimension=dimension,
        summary=summary.strip(),
        position=_next_theme_position(locked),
    )
    _move(locked, theme, measures)
    _touch(locked)
    record(
        "overviews.theme.confirm",
        actor=actor,
        obj=theme,
        label=theme.title,
        data={"measures": [str(m.uid) for m in measures]},
    )
    return theme


def _move(overview: Overview, theme: Theme, measures: list[Measure]) -> None:
    Theme.measures.through.objects.filter(theme__overview=overview, measure__in=measures).delete()
    theme.measures.add(*measures)
    Theme.objects.filter(overview=overview, measures__isnull=True).exclude(pk=theme.pk).delete()


@transaction.atomic
def update_theme(
    *,
    actor: Any,
    theme: Theme,
    title: str,
    summary: str,
    pass_up: bool,
    comment: str,
    revision: int,
) -> Theme:
    overview = _lock(theme.overview, revision)
    title = title.strip()
    if not title:
        raise ValidationError({"title": [_("Give the theme a title.")]})
    theme.title = title[:200]
    theme.summary = summary.strip()
    theme.pass_up = pass_up
    theme.comment = comment.strip()
    theme.save(update_fields=["title", "summary", "pass_up", "comment"])
    _touch(overview)
    record("overviews.theme.edit", actor=actor, obj=theme, label=theme.title)
    return theme


@transaction.atomic
def split_theme(
    *, actor: Any, theme: Theme, title: str, measure_uids: Iterable[str], revision: int
) -> Theme:
    """Move the chosen measures of a theme into a new theme of their own."""
    overview = _lock(theme.overview, revision)
    chosen = list(theme.measures.filter(uid__in=[str(u) for u in measure_uids]))
    if not chosen:
        raise ValidationError(_("Choose the measures that make the new theme."))
    if len(chosen) == theme.measures.count():
        raise ValidationError(_("Leave at least one measure in the theme you split."))
    title = title.strip()
    if not title:
        raise ValidationError({"title": [_("Give the new theme a title.")]})
    new = Theme.objects.create(
        overview=overview,
        title=title[:200],
        dimension=theme.dimension,
        position=_next_theme_position(overview),
    )
    theme.measures.remove(*chosen)
    new.measures.add(*chosen)
    _touch(overview)
    record(
        "overviews.theme.split",
        actor=actor,
        obj=new,
        label=new.title,
        data={"from": str(theme.uid), "measures": [str(m.uid) for m in chosen]},
    )
    return new


@transaction.atomic
def remove_theme(*, actor: Any, theme: Theme, revision: int) -> None:
    """Dissolve a theme: its measures go back to the proposals."""
    overview = _lock(theme.overview, revision)
    record("overviews.theme.remove", actor=actor, obj=theme, label=theme.title)
    theme.delete()
    _touch(overview)


@transaction.atomic
def set_escalation(
    *, actor: Any, overview: Overview, measure_uid: str, passed: bool, comment: str, revision: int
) -> Escalation | None:
    """Pass an escalated measure of the units below up with a comment, or stop passing it."""
    locked = _lock(overview, revision)
    (measure,) = _check_measures(locked, [measure_uid])
    if not measure.escalate:
        raise ValidationError(_("Only measures outside the unit's own authority are passed up."))
    existing = Escalation.objects.filter(overview=locked, measure=measure).first()
    if not passed:
        if existing is not None:
            record("overviews.escalation.remove", actor=actor, obj=existing, label=measure.title)
            existing.delete()
        _touch(locked)
        return None
    if existing is None:
        position = (locked.escalations.aggregate(m=Max("position")).get("m") or 0) + 1
        existing = Escalation(overview=locked, measure=measure, position=position)
    existing.comment = comment.strip()
    existing.save()
    _touch(locked)
    record("overviews.escalation.pass", actor=actor, obj=existing, label=measure.title)
    return existing


# -- sending -----------------------------------------------------------------------------------


def _measure_row(m: Measure) -> dict[str, Any]:
    return {
        "uid": str(m.uid),
        "title": m.title,
        "description": m.description,
        "unit_code": m.plan.unit.code,
        "unit_nb": m.plan.unit.name_nb,
        "unit_en": m.plan.unit.name_en,
        "status": m.status,
        "due": m.due.isoformat() if m.due else None,
        "escalate": m.escalate,
        "resources": m.resources,
    }


def snapshot(overview: Overview) -> dict[str, Any]:
    """The overview as sent: everything a reader above needs, independent of later edits."""
    themes = overview.themes.prefetch_related("measures__plan__unit")
    escalations = overview.escalations.select_related("measure__plan__unit")
    units = list(
        OrgUnit.objects.filter(path__startswith=overview.unit.path, valid_to__isnull=True)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    plans = (
        ActionPlan.objects.filter(round=overview.round, unit__pk__in=units)
        .select_related("unit")
        .order_by("unit__path")
    )
    return {
        "unit": {
            "code": overview.unit.code,
            "nb": overview.unit.name_nb,
            "en": overview.unit.name_en,
        },
        "kind": overview.kind,
        "summary": overview.summary,
        "comment": overview.comment,
        "themes": [
            {
                "uid": str(t.uid),
                "title": t.title,
                "dimension": t.dimension,
                "summary": t.summary,
                "pass_up": t.pass_up,
                "comment": t.comment,
                "measures": [_measure_row(m) for m in t.measures.all()],
            }
            for t in themes
        ],
        "escalations": [
            {"uid": str(e.uid), "comment": e.comment, "measure": _measure_row(e.measure)}
            for e in escalations
        ],
        "plans": [
            {
                "unit_code": p.unit.code,
                "unit_nb": p.unit.name_nb,
                "unit_en": p.unit.name_en,
                "status": p.status,
                "version": p.version,
            }
            for p in plans
        ],
        "units": units if overview.kind == OverviewKind.UNIT else [],
    }


@transaction.atomic
def send(*, actor: Any, overview: Overview, revision: int) -> OverviewVersion:
    """Freeze the overview as the next version and send it on: a unit's overview to the level
    above or HR, a compilation to the dean or director. The escalated measures it passes up
    are marked as awaiting a decision."""
    locked = _lock(overview, revision)
    recipient: str
    recipient_unit: OrgUnit | None
    if locked.is_compilation:
        recipient, recipient_unit = Recipient.DEAN, locked.unit
    else:
        recipient, recipient_unit = recipient_for(locked.unit)
    if not locked.summary.strip():
        raise ValidationError({"summary": [_("Write the overall summary before sending.")]})
    locked.version += 1
    locked.revision += 1
    locked.save(update_fields=["version", "revision", "updated_at"])
    version = OverviewVersion.objects.create(
        overview=locked,
        number=locked.version,
        snapshot=snapshot(locked),
        recipient=recipient,
        recipient_unit=recipient_unit,
        deadline=deadline_for(locked.round),
        sent_at=timezone.now(),
        sent_by=acting_user(actor),
        sent_by_name=actor_name(actor),
    )
    Measure.objects.filter(escalations__overview=locked, escalation=EscalationStatus.NONE).update(
        escalation=EscalationStatus.SENT
    )
    _notify_sent(locked, version, actor_name(actor))
    record(
        "overviews.send",
        actor=actor,
        obj=locked,
        label=str(locked),
        data={"version": version.number, "recipient": recipient},
    )
    return version


def _notify_sent(overview: Overview, version: OverviewVersion, sender: str) -> None:
    from django.urls import reverse

    from overviews import mail

    unit = overview.unit
    if overview.is_compilation:
        people = mail.deans(unit)
        path = reverse("overviews:compilation", args=[overview.round.uid, unit.uid])
        items = overview.themes.count() + overview.escalations.count()
        context = {"unit": unit, "sender": sender, "items": items}
        template = "compilation"
    else:
        people = mail.recipients_of_overview(unit, version.recipient_unit)
        path = reverse("overviews:version", args=[overview.uid, version.number])
        context = {"unit": unit, "sender": sender, "number": version.number}
        template = "sent"
    transaction.on_commit(lambda: mail.send(template, people, context, path))


def received(unit: OrgUnit, survey: SurveyRound) -> list[OverviewVersion]:
    """The latest sent version of every overview sent to `unit` from the units below."""
    versions = (
        OverviewVersion.objects.filter(recipient_unit=unit, overview__round=survey)
        .exclude(overview__kind=OverviewKind.COMPILATION)
        .select_related("overview__unit")
        .order_by("overview__unit__path", "-number")
    )
    latest: dict[int, OverviewVersion] = {}
    for v in versions:
        latest.setdefault(v.overview_id, v)
    return list(latest.values())


# -- HR's compilation and the dean's decisions -------------------------------------------------


def institution_of(unit: OrgUnit) -> OrgUnit:
    """The top unit of the tree `unit` is in: where the rector's role is held."""
    return OrgUnit.objects.get(pk=(unit.ancestor_ids or [unit.pk])[0])


@transaction.atomic
def start_compilation(*, actor: Any, faculty: OrgUnit, round: SurveyRound) -> Overview:
    """HR's summary for the dean or director, starting from the faculty's own overview when it
    was sent, and otherwise from what the units of the faculty passed up: the summary, the
    themes passed up with their measures, and the escalated measures with their comments."""
    compilation, created = Overview.objects.get_or_create(
        unit=faculty,
        round=round,
        kind=OverviewKind.COMPILATION,
        defaults={"created_by": acting_user(actor)},
    )
    if not created:
        return compilation
    own = Overview.objects.filter(
        unit=faculty, round=round, kind=OverviewKind.UNIT, version__gt=0
    ).first()
    sources = (
        [own]
        if own is not None
        else list(
            Overview.objects.filter(
                unit__path__startswith=faculty.path, round=round, kind=OverviewKind.UNIT
            )
            .filter(version__gt=0)
            .order_by("unit__path")
        )
    )
    summaries = []
    position = 0
    for source in sources:
        if source.summary:
            summaries.append(source.summary)
        for theme in source.themes.filter(pass_up=True).prefetch_related("measures"):
            position += 1
            copy = Theme.objects.create(
                overview=compilation,
                title=theme.title,
                dimension=theme.dimension,
                summary=theme.summary,
                comment=theme.comment,
                pass_up=True,
                position=position,
            )
            copy.measures.add(*theme.measures.all())
        for escalation in source.escalations.all():
            Escalation.objects.get_or_create(
                overview=compilation,
                measure_id=escalation.measure_id,
                defaults={"comment": escalation.comment, "position": escalation.position},
            )
    compilation.summary = "\n\n".join(summaries)
    compilation.save(update_fields=["summary"])
    record("overviews.compile", actor=actor, obj=compilation, label=str(compilation))
    return compilation


@transaction.atomic
def decide(
    *,
    actor: Any,
    compilation: Overview,
    item: Theme | Escalation,
    outcome: str,
    text: str,
) -> Decision:
    """Record (or change) the dean's or director's decision on one item of a sent compilation.
    Escalated measures take the decision's status and get a line in their progress log."""
    if not compilation.is_compilation or item.overview_id != compilation.pk:
        raise PermissionDenied
    if not compilation.is_sent:
        raise ValidationError(_("HR has not sent this compilation yet."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Choose what happens with it.")]})
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write the decision.")]})
    key: dict[str, Theme | Escalation] = (
        {"theme": item} if isinstance(item, Theme) else {"escalation": item}
    )
    decision = Decision.objects.select_for_update().filter(**key).first() or Decision(
        overview=compilation, **key
    )
    changed = decision.pk is not None
    before = decision.outcome if changed else ""
    decided_above = (
        InstitutionDecision.objects.filter(decision=decision).first() if changed else None
    )
    if decided_above is not None and outcome != Outcome.RECTOR:
        raise ValidationError(
            _(
                "The institution has decided on this item already, so it stays passed to the "
                "rector and the institution. The decision's text can still be changed."
            )
        )
    decision.take(actor=actor, outcome=outcome, text=text)
    decision.save()
    label = dict(Outcome.choices)[outcome]
    measures = _escalated_measures(item)
    status = OUTCOME_STATUS[Outcome(outcome)]
    if decided_above is not None:  # passed on, and decided there: the institution's status
        status = INSTITUTION_STATUS[InstitutionOutcome(decided_above.outcome)]
    _apply_to_measures(
        measures,
        status,
        _("Decision by %(name)s: %(outcome)s. %(text)s")
        % {"name": decision.decided_by_name, "outcome": label, "text": text},
        actor,
    )
    _notify_decided(decision, measures)
    if outcome == Outcome.RECTOR and before != Outcome.RECTOR:
        _notify_rector(decision)
    record(
        "overviews.decision.change" if changed else "overviews.decision",
        actor=actor,
        obj=decision,
        label=decision.item_title,
        data={"outcome": outcome},
    )
    return decision


def _notify_decided(decision: Decision, measures: list[Measure]) -> None:
    """Tell the leaders of the units whose escalated measures were decided."""
    from django.urls import reverse

    from overviews import mail

    for measure in measures:
        people = mail.leaders(measure.plan.unit)
        path = reverse("actions:measure", args=[measure.uid])
        context = {"decision": decision, "title": measure.title}

        def send(
            people: list[Any] = people, context: dict[str, Any] = context, path: str = path
        ) -> None:
            mail.send("decided", people, context, path)

        transaction.on_commit(send)


def _apply_to_measures(measures: list[Measure], status: str, line: str, actor: Any) -> None:
    """Give decided measures their escalation status and the decision as a progress line."""
    Measure.objects.filter(pk__in=[m.pk for m in measures]).update(escalation=status)
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            measure=measure,
            date=timezone.localdate(),
            text=line,
            author=acting_user(actor),
            author_name=actor_name(actor),
        )
        for measure in measures
    )


def _escalated_measures(item: Theme | Escalation) -> list[Measure]:
    """The escalated measures an item of a compilation is about: its measure, or those of its
    theme that were escalated."""
    if isinstance(item, Escalation):
        return [item.measure]
    return [m for m in item.measures.all() if m.escalate]


@transaction.atomic
def decide_for_institution(
    *, actor: Any, decision: Decision, outcome: str, text: str
) -> InstitutionDecision:
    """Record (or change) the institution's decision on an item a dean or director passed to
    the rector and the institution. Its escalated measures take the decision's status and get
    a line in their progress log; their units' leaders and the dean or director hear of it."""
    locked = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("overview__unit", "overview__round", "theme", "escalation__measure")
        .get(pk=decision.pk)
    )
    if locked.outcome != Outcome.RECTOR:
        raise ValidationError(
            _("The dean or director no longer passes this item to the rector and the institution.")
        )
    if outcome not in InstitutionOutcome.values:
        raise ValidationError({"outcome": [_("Choose what happens with it.")]})
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write the decision.")]})
    found = InstitutionDecision.objects.filter(decision=locked).first()
    changed = found is not None
    made = found or InstitutionDecision(decision=locked)
    made.take(actor=actor, outcome=outcome, text=text)
    made.save()
    label = dict(InstitutionOutcome.choices)[outcome]
    item = locked.escalation or locked.theme
    assert item is not None  # a decision is on one item (decision_on_one_item)
    measures = _escalated_measures(item)
    _apply_to_measures(
        measures,
        INSTITUTION_STATUS[InstitutionOutcome(outcome)],
        _("Decision of the institution by %(name)s: %(outcome)s. %(text)s")
        % {"name": made.decided_by_name, "outcome": label, "text": text},
        actor,
    )
    _notify_institution_decided(made, locked, measures)
    record(
        "overviews.institution_decision.change" if changed else "overviews.institution_decision",
        actor=actor,
        obj=made,
        label=locked.item_title,
        data={"outcome": outcome, "faculty": locked.overview.unit.code},
    )
    return made


def _notify_rector(decision: Decision) -> None:
    """Tell the institution's top management that a dean passed an item to them."""
    from django.urls import reverse

    from overviews import mail

    survey = decision.overview.round
    people = mail.rectors(institution_of(survey.scope))
    path = reverse("overviews:institution", args=[survey.uid])
    context = {"decision": decision, "title": decision.item_title}
    transaction.on_commit(lambda: mail.send("passed_to_rector", people, context, path))


def _notify_institution_decided(
    made: InstitutionDecision, decision: Decision, measures: list[Measure]
) -> None:
    """Tell the leaders of the units whose measures were decided, and the faculty's dean or
    director who passed the item on."""
    from django.urls import reverse

    from overviews import mail

    context = {"decision": made, "title": decision.item_title}
    survey = decision.overview.round
    deans = mail.deans(decision.overview.unit)
    compilation = reverse("overviews:compilation", args=[survey.uid, decision.overview.unit.uid])
    sends = [(deans, compilation)]
    for measure in measures:
        sends.append(
            (mail.leaders(measure.plan.unit), reverse("actions:measure", args=[measure.uid]))
        )
    for people, path in sends:

        def send(people: list[Any] = people, path: str = path) -> None:
            mail.send("institution_decided", people, context, path)

        transaction.on_commit(send)


def decisions_below(unit: OrgUnit, survey: SurveyRound) -> QuerySet[Decision]:
    """Decisions that came down to `unit`: on escalated measures or themes holding measures of
    the unit or the units below it."""
    return (
        Decision.objects.filter(overview__round=survey)
        .filter(
            Q(escalation__measure__plan__unit__path__startswith=unit.path)
            | Q(theme__measures__plan__unit__path__startswith=unit.path)
        )
        .select_related(
            "overview__unit", "theme", "escalation__measure__plan__unit", "institution_decision"
        )
        .distinct()
        .order_by("-decided_at")
    )


def passed_to_rector(survey: SurveyRound) -> QuerySet[Decision]:
    """The items the deans and directors passed to the rector and the institution, with the
    institution's decision where there is one, by faculty."""
    return (
        Decision.objects.filter(overview__round=survey, outcome=Outcome.RECTOR)
        .select_related(
            "overview__unit",
            "theme",
            "escalation__measure__plan__unit",
            "institution_decision",
        )
        .order_by("overview__unit__path", "-decided_at")
    )
