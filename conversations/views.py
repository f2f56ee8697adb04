"""Annual-conversation pages: the list of units with their status for a year, planning and
changing a conversation, the conversation with the discussion guide and notes per section
(autosaved), marking it held, turning points into the action plan, and a printable version."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversations import overview, services
from conversations.forms import NoteForm, OutcomeForm, PlanForm
from conversations.guide import Section, guide
from conversations.models import Conversation
from medvirk.forms import add_errors, carry_revision
from orgs import policy
from orgs.models import OrgUnit, Person

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


# --- the list -----------------------------------------------------------------------------


@policy.requires("conversations.view")
def conversation_list(request: HttpRequest) -> HttpResponse:
    year = _year(request.GET.get("year"))
    status = request.GET.get("status", "")
    units = list(
        policy.units_for(request.user, "conversations.view")
        .filter(valid_to__isnull=True)
        .order_by("path")
    )
    rows = overview.rows(units, year=year, today=timezone.localdate())
    counts = Counter(r.status for r in rows)
    if status in overview.STATUSES:
        rows = [r for r in rows if r.status == status]
    manageable = set(
        policy.units_for(request.user, "conversations.manage")
        .filter(pk__in=[r.unit.pk for r in rows])
        .values_list("pk", flat=True)
    )
    context = {
        "year": year,
        "rows": rows,
        "status": status if status in overview.STATUSES else "",
        "filters": [(s, overview.LABELS[s], counts.get(s, 0)) for s in overview.STATUSES],
        "total": sum(counts.values()),
        "manageable": manageable,
    }
    return render(request, "conversations/list.html", context)


# --- planning -----------------------------------------------------------------------------


def _suggested_date(year: int) -> dt.date | None:
    """The middle of October of `year` (the autumn), unless that has passed."""
    day = dt.date(year, 10, 15)
    return day if day >= timezone.localdate() else None


@policy.requires("conversations.manage")
def plan(request: HttpRequest, uid: Any) -> HttpResponse:
    unit = policy.get_unit(request.user, "conversations.manage", uid)
    year = _year(request.GET.get("year"))
    existing = Conversation.objects.filter(unit=unit, year=year).first()
    if existing is not None and request.method != "POST":
        return redirect("conversations:detail", uid=existing.uid)
    include_subunits = request.GET.get("subunits") == "1"
    reps = services.safety_reps(unit)
    initial = {
        "date": _suggested_date(year),
        "safety_rep": str(reps[0].uid) if len(reps) == 1 else "",
    }
    form = PlanForm(
        request.POST or None,
        candidates=services.candidates(unit, include_subunits=include_subunits),
        reps=reps,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.plan_conversation(
                actor=request.user, unit=unit, values=form.values()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The conversation is planned. Share the discussion guide with the participants."),
            )
            return redirect("conversations:detail", uid=conversation.uid)
    context = {
        "unit": unit,
        "year": year,
        "form": form,
        "include_subunits": include_subunits,
        "conversation": None,
    }
    return render(request, "conversations/plan.html", context)


@policy.requires("conversations.manage")
def edit(request: HttpRequest, uid: Any) -> HttpResponse:
    conversation = policy.get_conversation(request.user, "conversations.manage", uid)
    if conversation.is_held:
        messages.error(request, _("The conversation has been held; its plan can no longer change."))
        return redirect("conversations:detail", uid=conversation.uid)
    unit = conversation.unit
    own = {p.pk for p in services.candidates(unit)}
    chosen = set(conversation.participants.values_list("pk", flat=True))
    # Participants from sub-units were chosen: show them, or saving would drop them.
    forced = not chosen <= own
    include_subunits = request.GET.get("subunits") == "1" or forced
    form = PlanForm(
        request.POST or None,
        candidates=services.candidates(unit, include_subunits=include_subunits),
        reps=services.safety_reps(unit),
        initial=PlanForm.initial_for(conversation),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_conversation(
                actor=request.user,
                conversation=conversation,
                values=form.values(),
                version=form.cleaned_data.get("version") or 0,
            )
        except services.Conflict as error:
            conflict = error.current
            form.add_error(
                None,
                _(
                    "Somebody else changed the plan while you were editing. Compare with the saved plan below, then save again."
                ),
            )
            carry_revision(form, "version", error.revision)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("conversations:detail", uid=conversation.uid)
    context = {
        "unit": unit,
        "year": conversation.year,
        "form": form,
        "include_subunits": include_subunits,
        "conversation": conversation,
        "conflict": conflict,
        "subunits_forced": forced,
    }
    return render(request, "conversations/plan.html", context)


@require_POST
@policy.requires("conversations.manage")
def held(request: HttpRequest, uid: Any) -> HttpResponse:
    conversation = policy.get_conversation(request.user, "conversations.manage", uid)
    try:
        services.mark_held(actor=request.user, conversation=conversation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The conversation is marked as held."))
    return redirect("conversations:detail", uid=conversation.uid)


# --- the conversation ---------------------------------------------------------------------


def _note_form(section: Section, note: Any, data: Any = None) -> NoteForm:
    """The notes form of one section, with the section in its label (several on a page)."""
    initial = {"text": note.text if note else "", "revision": note.revision if note else 0}
    form = NoteForm(data, prefix=section.code, initial=initial)
    form.fields["text"].label = _("Notes: %(section)s") % {"section": section.title}
    return form


def _may_add_to_plan(user: Any, unit: OrgUnit) -> bool:
    return policy.can(user, "conversations.manage", unit) and policy.can(
        user, "actions.edit_plan", unit
    )


def _outcome_form(conversation: Conversation, data: Any = None) -> OutcomeForm:
    unit = conversation.unit
    people = list(
        Person.objects.active().in_subtree(unit).select_related("unit").order_by("family_name")
    )
    return OutcomeForm(data, areas=services.plan_focus_areas(unit), people=people)


def _detail_context(
    request: HttpRequest, conversation: Conversation, outcome_form: OutcomeForm | None = None
) -> dict[str, Any]:
    user = request.user
    unit = conversation.unit
    may_write = policy.can(user, "conversations.write_notes", unit)
    notes = services.notes_by_section(conversation)
    sections = [
        {"section": s, "note": notes.get(s.code), "form": _note_form(s, notes.get(s.code))}
        for s in guide().sections
    ]
    may_add = _may_add_to_plan(user, unit)
    return {
        "conversation": conversation,
        "unit": unit,
        "guide": guide(),
        "sections": sections,
        "participants": list(conversation.participants.select_related("unit")),
        "leaders": services.unit_leaders(unit),
        "measures": services.open_measures(unit),
        "outcomes": list(services.outcomes(conversation)),
        "between_rounds_plan": services.between_rounds_plan(unit),
        "may_manage": policy.can(user, "conversations.manage", unit),
        "may_write": may_write,
        "may_add": may_add,
        "outcome_form": (outcome_form or _outcome_form(conversation)) if may_add else None,
        "may_mark_held": conversation.may_mark_held(),
        "waiting": conversation.waits_to_be_marked_held(),
    }


@policy.requires("conversations.view")
def detail(request: HttpRequest, uid: Any) -> HttpResponse:
    conversation = policy.get_conversation(request.user, "conversations.view", uid)
    return render(request, "conversations/detail.html", _detail_context(request, conversation))


@policy.requires("conversations.write_notes")
def note(request: HttpRequest, uid: Any, section: str) -> HttpResponse:
    """Save one section's notes (autosaved from the page with htmx, or its button without
    script)."""
    conversation = policy.get_conversation(request.user, "conversations.write_notes", uid)
    found = guide().section(section)
    if found is None:
        raise Http404
    if request.method != "POST":
        return redirect(_anchor(conversation, section))
    form = _note_form(found, None, request.POST)
    conflict = None
    status = ""
    if form.is_valid():
        try:
            saved = services.save_note(
                actor=request.user, conversation=conversation, section=section,
                text=form.cleaned_data["text"], revision=form.cleaned_data["revision"],
            )  # fmt: skip
        except services.Conflict as error:
            conflict = error.current
            data = {
                f"{section}-text": form.cleaned_data["text"],
                f"{section}-revision": error.revision,
            }
            form = _note_form(found, None, data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            form = _note_form(found, saved)
            status = _("Saved at %(time)s.") % {
                "time": timezone.localtime(saved.updated_at or timezone.now()).strftime("%H:%M")
            }
    context = {
        "conversation": conversation,
        "item": {"section": found, "form": form},
        "conflict": conflict,
        "status": status,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "conversations/detail.html#note-status", context)
    if status:
        messages.success(request, status)
        return redirect(_anchor(conversation, section))
    return render(request, "conversations/note.html", context)


def _anchor(conversation: Conversation, section: str) -> str:
    return reverse("conversations:detail", args=[conversation.uid]) + f"#section-{section}"


@require_POST
@policy.requires("conversations.manage")
def to_plan(request: HttpRequest, uid: Any) -> HttpResponse:
    """Add a focus area and/or a measure to the unit's plan between surveys."""
    conversation = policy.get_conversation(request.user, "conversations.manage", uid)
    if not _may_add_to_plan(request.user, conversation.unit):
        raise PermissionDenied
    form = _outcome_form(conversation, request.POST)
    if form.is_valid():
        try:
            outcome = services.add_to_plan(
                actor=request.user, conversation=conversation, values=form.values()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is in the action plan. Complete it there with the SMART check.")
                % {"title": outcome.title},
            )
            return redirect(reverse("conversations:detail", args=[conversation.uid]) + "#to-plan")
    context = _detail_context(request, conversation, outcome_form=form)
    return render(request, "conversations/detail.html", context)


@policy.requires("conversations.view")
def print_version(request: HttpRequest, uid: Any) -> HttpResponse:
    """The guide with the notes, the open measures and what went into the plan, for paper."""
    conversation = policy.get_conversation(request.user, "conversations.view", uid)
    notes = services.notes_by_section(conversation)
    context = {
        "conversation": conversation,
        "unit": conversation.unit,
        "guide": guide(),
        "sections": [{"section": s, "note": notes.get(s.code)} for s in guide().sections],
        "participants": list(conversation.participants.select_related("unit")),
        "leaders": services.unit_leaders(conversation.unit),
        "measures": services.open_measures(conversation.unit),
        "outcomes": list(services.outcomes(conversation)),
    }
    return render(request, "conversations/print.html", context)
