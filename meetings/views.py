"""Meeting pages: the facilitator's units, a unit's meetings, planning and changing a
meeting, participants, the agenda builder, notes (autosaved), invitations, the calendar file
and the material package (PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.forms import add_errors, carry_revision
from meetings import evaluation_views, mail, material, services
from meetings.confirming import confirm_then
from meetings.forms import (
    AgendaItemForm,
    MeetingForm,
    NotesForm,
    ParticipantsForm,
    ToolboxFilterForm,
)
from meetings.models import AgendaItem, Meeting, MethodCard, Phase
from orgs import policy
from orgs.models import Person


def _may_write_notes(request: HttpRequest, meeting: Meeting) -> bool:
    user: Any = request.user
    if policy.can(user, "meetings.manage", meeting.unit):
        return True
    person_id = getattr(user, "person_id", None)
    return bool(person_id) and person_id in (meeting.note_taker_id, meeting.documented_by_id)


@policy.requires("meetings.facilitate")
def mine(request: HttpRequest) -> HttpResponse:
    """The facilitator's units, each with its next step and what is due."""
    units = policy.facilitated_units(request.user)
    progress = services.unit_progress(units, now=timezone.now())
    return render(request, "meetings/mine.html", {"progress": progress})


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = policy.meetings_for(request.user).filter(ends_at__gte=timezone.now())
    may_view = policy.can(request.user, "meetings.view")
    if not may_view and not meetings.exists():
        raise PermissionDenied
    context = {
        "meetings": meetings.order_by("starts_at"),
        "units": policy.role_units(request.user, "meetings.view"),
    }
    return render(request, "meetings/list.html", context)


@policy.requires("meetings.view")
def unit_meetings(request: HttpRequest, uid: Any) -> HttpResponse:
    unit = policy.get_unit(request.user, "meetings.view", uid)
    (progress,) = services.unit_progress([unit], now=timezone.now())
    context = {
        "unit": unit,
        "progress": progress,
        "meetings": unit.meetings.with_people().order_by("-starts_at"),
        "may_manage": policy.can(request.user, "meetings.manage", unit),
        "kinds": Phase.choices,
        "facilitators": services.unit_facilitators(unit),
    }
    return render(request, "meetings/unit.html", context)


@policy.requires("meetings.manage")
def plan(request: HttpRequest, uid: Any) -> HttpResponse:
    unit = policy.get_unit(request.user, "meetings.manage", uid)
    kind = request.GET.get("kind", Phase.PREPARATION)
    initial = {"kind": kind if kind in Phase.values else Phase.PREPARATION}
    form = MeetingForm(request.POST or None, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.plan_meeting(
                unit=unit, kind=data["kind"], title=data["title"], starts_at=data["starts_at"],
                ends_at=data["ends_at"], place=data["place"], video_link=data["video_link"],
                round=data["round"], actor=request.user,
            )  # fmt: skip
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The meeting is planned. Add participants and the agenda, then send the invitations."
                ),
            )
            return redirect("meetings:detail", uid=meeting.uid)
    return render(request, "meetings/plan.html", {"unit": unit, "form": form})


def _notes_form(meeting: Meeting, data: Any = None) -> NotesForm:
    return NotesForm(data, initial={"notes": meeting.notes, "revision": meeting.revision})


@login_required
def detail(request: HttpRequest, uid: Any) -> HttpResponse:
    meeting = policy.get_meeting(request.user, "meetings.view", uid)
    may_manage = policy.can(request.user, "meetings.manage", meeting.unit)
    participants = list(meeting.participants.select_related("person", "person__unit"))
    context = {
        "meeting": meeting,
        "agenda": meeting.agenda(),
        "participants": participants,
        "not_invited": sum(
            1
            for p in participants
            if p.invited_sequence is None or p.invited_sequence < meeting.sequence
        ),
        "may_manage": may_manage,
        "may_write_notes": _may_write_notes(request, meeting),
        "notes_form": _notes_form(meeting),
        "overdue": meeting.is_overdue(timezone.now()),
        "started": meeting.starts_at <= timezone.now(),
        **evaluation_views.meeting_context(request, meeting),
    }
    return render(request, "meetings/detail.html", context)


@policy.requires("meetings.manage")
def edit(request: HttpRequest, uid: Any) -> HttpResponse:
    """Change the time, place, survey round and roles. A new time or place sends an update to
    everyone invited (same calendar UID, SEQUENCE + 1)."""
    meeting = policy.get_meeting(request.user, "meetings.manage", uid)
    initial = MeetingForm.initial_for(meeting)
    form = MeetingForm(request.POST or None, unit=meeting.unit, meeting=meeting, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            services.update_meeting(
                meeting=meeting, version=version, values=form.values(), actor=request.user
            )
        except services.Conflict as error:
            conflict = error.current
            form.add_error(
                None,
                _(
                    "Somebody else changed the meeting while you were editing. Compare, then save again."
                ),
            )
            carry_revision(form, "version", error.revision)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("meetings:detail", uid=meeting.uid)
    context = {"meeting": meeting, "form": form, "conflict": conflict}
    return render(request, "meetings/edit.html", context)


@policy.requires("meetings.manage")
def invite(request: HttpRequest, uid: Any) -> HttpResponse:
    meeting = policy.get_meeting(request.user, "meetings.manage", uid)

    def send() -> str:
        sent = services.send_invitations(meeting=meeting, actor=request.user)
        return _("Invitations are on their way: %(invited)s new, %(updated)s updated.") % {
            "invited": sent.invited,
            "updated": sent.updated,
        }

    return confirm_then(
        request, meeting, send, title=_("Send the invitations"),
        question=_("Send an e-mail with a calendar file to every participant who has not had the latest version?"),
        button=_("Send the invitations"),
    )  # fmt: skip


@policy.requires("meetings.manage")
def cancel(request: HttpRequest, uid: Any) -> HttpResponse:
    meeting = policy.get_meeting(request.user, "meetings.manage", uid)

    def cancel_it() -> str:
        services.cancel_meeting(meeting=meeting, actor=request.user)
        return _("The meeting is cancelled and the participants told.")

    return confirm_then(
        request, meeting, cancel_it, title=_("Cancel the meeting"),
        question=_("Cancel the meeting? Everyone invited gets a cancellation that removes it from their calendar."),
        button=_("Cancel the meeting"), danger=True,
    )  # fmt: skip


@require_POST
@policy.requires("meetings.manage")
def held(request: HttpRequest, uid: Any) -> HttpResponse:
    meeting = policy.get_meeting(request.user, "meetings.manage", uid)
    try:
        services.mark_held(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is marked as held."))
    return redirect("meetings:detail", uid=meeting.uid)


@policy.requires("meetings.manage")
def participants(request: HttpRequest, uid: Any) -> HttpResponse:
    meeting = policy.get_meeting(request.user, "meetings.manage", uid)
    include_subunits = request.GET.get("subunits") == "1"
    found = services.candidates(meeting, include_subunits=include_subunits)
    form = ParticipantsForm(request.POST or None, candidates=found)
    if request.method == "POST" and form.is_valid():
        count = services.add_participants(meeting=meeting, people=form.chosen(), actor=request.user)
        messages.success(
            request,
            _("%(count)s participants added. Send the invitations when you are ready.")
            % {"count": count},
        )
        return redirect("meetings:detail", uid=meeting.uid)
    context = {"meeting": meeting, "form": form, "include_subunits": include_subunits}
    return render(request, "meetings/participants.html", context)


@policy.requires("meetings.manage")
def participant_remove(request: HttpRequest, uid: Any, person: Any) -> HttpResponse:
    meeting = policy.get_meeting(request.user, "meetings.manage", uid)
    found = get_object_or_404(
        Person.objects.filter(pk__in=meeting.participants.values("person_id")), uid=person
    )

    def remove() -> str:
        services.remove_participant(meeting=meeting, person=found, actor=request.user)
        return _("%(name)s was removed.") % {"name": found.full_name}

    return confirm_then(
        request, meeting, remove, title=_("Remove a participant"),
        question=_("Remove %(name)s from the meeting? If they were invited, they get a cancellation.")
        % {"name": found.full_name},
        button=_("Remove"), danger=True,
    )  # fmt: skip


@login_required
def notes(request: HttpRequest, uid: Any) -> HttpResponse:
    """Save the notes (autosaved from the page with htmx, or the button without script)."""
    meeting = policy.get_meeting(request.user, "meetings.view", uid)
    if not _may_write_notes(request, meeting):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("meetings:detail", uid=meeting.uid)
    form = NotesForm(request.POST)
    conflict = None
    status = ""
    if form.is_valid():
        try:
            meeting = services.save_notes(
                meeting=meeting, text=form.cleaned_data["notes"],
                revision=form.cleaned_data["revision"], actor=request.user,
            )  # fmt: skip
        except services.Conflict as error:
            conflict = error.current
            form = NotesForm({"notes": form.cleaned_data["notes"], "revision": error.revision})
        except ValidationError as error:
            add_errors(form, error)
        else:
            form = _notes_form(meeting)
            status = _("Saved at %(time)s.") % {
                "time": timezone.localtime(meeting.notes_updated_at or timezone.now()).strftime(
                    "%H:%M"
                )
            }
    context = {"meeting": meeting, "notes_form": form, "conflict": conflict, "status": status}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "meetings/detail.html#notes-status", context)
    if status:
        messages.success(request, status)
        return redirect("meetings:detail", uid=meeting.uid)
    return render(request, "meetings/notes.html", context)


# --- agenda -------------------------------------------------------------------------------


@policy.requires("meetings.manage")
def agenda(request: HttpRequest, uid: Any) -> HttpResponse:
    """The agenda builder: pick method cards (filtered for the meeting's phase) or add a free
    item; the running times and the total show against the meeting's length."""
    meeting = policy.get_meeting(request.user, "meetings.manage", uid)
    form = AgendaItemForm(request.POST or None, initial={"minutes": 10})
    if request.method == "POST":
        card = MethodCard.objects.filter(code=request.POST.get("method", "")).first()
        if card is not None:
            services.add_agenda_item(meeting=meeting, method=card, actor=request.user)
            messages.success(request, _("“%(title)s” was added.") % {"title": card.title})
            return redirect("meetings:agenda", uid=meeting.uid)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_agenda_item(
                    meeting=meeting, title=data["title"], minutes=data["minutes"],
                    notes=data["notes"], actor=request.user,
                )  # fmt: skip
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("“%(title)s” was added.") % {"title": data["title"]})
                return redirect("meetings:agenda", uid=meeting.uid)
    show_all = request.GET.get("all") == "1"
    cards = [c for c in MethodCard.objects.all() if show_all or c.fits(phase=meeting.kind)]
    context = {
        "meeting": meeting,
        "agenda": meeting.agenda(),
        "cards": cards,
        "show_all": show_all,
        "form": form,
    }
    return render(request, "meetings/agenda.html", context)


def _item(meeting: Meeting, uid: Any) -> AgendaItem:
    return get_object_or_404(meeting.agenda_items.select_related("method"), uid=uid)


@policy.requires("meetings.manage")
def agenda_item(request: HttpRequest, uid: Any, item: Any) -> HttpResponse:
    meeting = policy.get_meeting(request.user, "meetings.manage", uid)
    found = _item(meeting, item)
    initial = {"title": found.title, "minutes": found.minutes, "notes": found.notes}
    form = AgendaItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_agenda_item(
                item=found, title=data["title"], minutes=data["minutes"], notes=data["notes"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The agenda item is saved."))
            return redirect("meetings:agenda", uid=meeting.uid)
    context = {"meeting": meeting, "item": found, "form": form}
    return render(request, "meetings/agenda_item.html", context)


@require_POST
@policy.requires("meetings.manage")
def agenda_move(request: HttpRequest, uid: Any, item: Any) -> HttpResponse:
    meeting = policy.get_meeting(request.user, "meetings.manage", uid)
    services.move_agenda_item(item=_item(meeting, item), up=request.POST.get("direction") == "up")
    return redirect("meetings:agenda", uid=meeting.uid)


@require_POST
@policy.requires("meetings.manage")
def agenda_remove(request: HttpRequest, uid: Any, item: Any) -> HttpResponse:
    meeting = policy.get_meeting(request.user, "meetings.manage", uid)
    found = _item(meeting, item)
    services.remove_agenda_item(item=found)
    messages.success(request, _("“%(title)s” was removed.") % {"title": found.title})
    return redirect("meetings:agenda", uid=meeting.uid)


@login_required
def screen(request: HttpRequest, uid: Any) -> HttpResponse:
    """The presenter view for the projector: one agenda item at a time, large, with the
    method's steps, and the unit report extract where the reports app supplies one."""
    meeting = policy.get_meeting(request.user, "meetings.view", uid)
    agenda = meeting.agenda()
    try:
        index = int(request.GET.get("item", "1")) - 1
    except ValueError:
        index = 0
    index = min(max(index, 0), max(len(agenda.rows) - 1, 0))
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "row": agenda.rows[index] if agenda.rows else None,
        "number": index + 1,
        "extract": material.report_extract(meeting),
    }
    return render(request, "meetings/screen.html", context)


# --- calendar file and material package ---------------------------------------------------


@login_required
def ics(request: HttpRequest, uid: Any) -> HttpResponse:
    meeting = policy.get_meeting(request.user, "meetings.view", uid)
    cancelled = meeting.status == "cancelled"
    body = mail.calendar_file(meeting, cancelled=cancelled)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


@login_required
def material_pdf(request: HttpRequest, uid: Any) -> HttpResponse:
    meeting = policy.get_meeting(request.user, "meetings.view", uid)
    body = material.render_pdf(meeting, request)
    return material.response(body, _("meeting-material.pdf"))


# --- toolbox ------------------------------------------------------------------------------


@policy.requires("meetings.use_methods")
def toolbox(request: HttpRequest) -> HttpResponse:
    form = ToolboxFilterForm(request.GET or None)
    filters = form.filters()
    cards = [
        c
        for c in MethodCard.objects.all()
        if c.fits(**{k: v for k, v in filters.items() if v not in (None, "")})
    ]
    cards.sort(key=lambda c: c.title.lower())
    context = {
        "form": form,
        "cards": cards,
        "may_edit": policy.can(request.user, "meetings.manage_methods"),
    }
    return render(request, "meetings/toolbox.html", context)


@policy.requires("meetings.use_methods")
def method(request: HttpRequest, code: str) -> HttpResponse:
    card = get_object_or_404(MethodCard, code=code)
    context = {"card": card, "may_edit": policy.can(request.user, "meetings.manage_methods")}
    return render(request, "meetings/method.html", context)


@policy.requires("meetings.manage_methods")
def method_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Add a card (no code) or edit one; edits from an older revision are refused with the
    stored card shown next to the user's text."""
    from meetings.forms import MethodCardForm

    card = get_object_or_404(MethodCard, code=code) if code else None
    form = MethodCardForm(request.POST or None, instance=card)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.CARD_FIELDS}
        values["code"] = card.code if card else form.cleaned_data["code"]
        try:
            saved = services.save_method_card(
                card=card, values=values, revision=form.cleaned_data.get("revision"),
                actor=request.user,
            )  # fmt: skip
        except services.Conflict as error:
            conflict = error.current
            form.add_error(
                None,
                _(
                    "Somebody else saved this card while you were editing. Compare with the saved card below, then save again."
                ),
            )
            carry_revision(form, "revision", error.revision)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The method card is saved."))
            return redirect("meetings:method", code=saved.code)
    return render(
        request, "meetings/method_edit.html", {"form": form, "card": card, "conflict": conflict}
    )
