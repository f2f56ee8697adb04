"""Forms of the meeting and toolbox pages. The rules live in meetings.services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, MethodCard, Phase
from orgs.models import OrgUnit, Person
from orgs.role_forms import DateInput
from surveys.models import SurveyRound
from teams.forms import TimeInput


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or the form as a whole)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


def _rounds_for(unit: OrgUnit) -> Any:
    ancestors = [unit.pk, *unit.ancestor_ids]
    return SurveyRound.objects.filter(scope__in=ancestors).order_by("-opens_on")


class MeetingForm(forms.Form):
    """Plan a meeting (with its kind) or change one (with its roles)."""

    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Phase.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for the kind and the unit, e.g. “Mapping meeting: Section X”."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    place = forms.CharField(
        label=_("Place"), max_length=200, required=False, help_text=_("A room and building")
    )
    video_link = forms.URLField(
        label=_("Video link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("A Teams or Zoom link, for those who join online"),
    )
    round = forms.ModelChoiceField(
        label=_("Survey round"),
        queryset=SurveyRound.objects.none(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("The survey whose unit report the meeting works with"),
    )
    meeting_leader = PersonChoiceField(
        label=_("Meeting leader"), queryset=Person.objects.none(), required=False
    )
    presenter = PersonChoiceField(
        label=_("Presenter of the results"), queryset=Person.objects.none(), required=False
    )
    note_taker = PersonChoiceField(
        label=_("Note-taker"), queryset=Person.objects.none(), required=False
    )
    documented_by = PersonChoiceField(
        label=_("Documents in Medvirk"), queryset=Person.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    ROLE_NAMES = ("meeting_leader", "presenter", "note_taker", "documented_by")

    def __init__(
        self, data: Any = None, *, unit: OrgUnit, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["round"].queryset = _rounds_for(unit)  # type: ignore[attr-defined]
        if meeting is None:
            for name in self.ROLE_NAMES:
                del self.fields[name]
            del self.fields["version"]
        else:
            del self.fields["kind"]
            people = Person.objects.filter(pk__in=meeting.participants.values("person_id"))
            for name in self.ROLE_NAMES:
                self.fields[name].queryset = people  # type: ignore[attr-defined]
                self.fields[name].empty_label = _("(not chosen)")  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        initial: dict[str, Any] = {
            "title": meeting.title,
            "date": start.date(),
            "start": start.time().replace(second=0, microsecond=0),
            "end": end.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "video_link": meeting.video_link,
            "round": meeting.round_id,
            "version": meeting.version,
        }
        for name in MeetingForm.ROLE_NAMES:
            initial[name] = getattr(meeting, f"{name}_id")
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(day, start))
            data["ends_at"] = timezone.make_aware(dt.datetime.combine(day, end))
            if end <= start:
                self.add_error("end", _("The meeting must end after it starts."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ["title", "starts_at", "ends_at", "place", "video_link", "round"]
        names += [n for n in self.ROLE_NAMES if n in self.fields]
        return {name: data[name] for name in names}


class ParticipantsForm(forms.Form):
    people = forms.MultipleChoiceField(
        label=_("People to add"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, data: Any = None, *, candidates: list[Person], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.candidates = {str(p.uid): p for p in candidates}
        self.fields["people"].choices = [  # type: ignore[attr-defined]
            (str(p.uid), f"{p.full_name} ({p.unit.code})") for p in candidates
        ]

    def chosen(self) -> list[Person]:
        return [self.candidates[uid] for uid in self.cleaned_data["people"]]


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=480)
    notes = forms.CharField(
        label=_("Notes for this item"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Questions to ask, who leads this part, what to prepare"),
    )


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Meeting notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Saved automatically while you write. Nothing is lost if two people write."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ToolboxFilterForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("All phases")), *Phase.choices]
    )
    max_minutes = forms.IntegerField(
        label=_("At most (minutes)"), required=False, min_value=1, max_value=480
    )
    group_size = forms.IntegerField(
        label=_("Group size"), required=False, min_value=1, max_value=500
    )
    sensitive = forms.BooleanField(label=_("Suits sensitive topics"), required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "phase": data["phase"],
            "max_minutes": data["max_minutes"],
            "group_size": data["group_size"],
            "sensitive": data["sensitive"],
        }


class MethodCardForm(forms.ModelForm):
    phases = forms.MultipleChoiceField(
        label=_("Phases"), choices=Phase.choices, widget=forms.CheckboxSelectMultiple
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MethodCard
        fields = [
            "code",
            "title_nb",
            "title_en",
            "purpose_nb",
            "purpose_en",
            "steps_nb",
            "steps_en",
            "materials_nb",
            "materials_en",
            "tips_nb",
            "tips_en",
            "worksheet_nb",
            "worksheet_en",
            "phases",
            "duration_minutes",
            "group_min",
            "group_max",
            "sensitive_topics",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in fields
            if name.split("_")[0] in ("purpose", "steps", "materials", "tips", "worksheet")
        }
        help_texts = {
            "worksheet_nb": _("The headings of the boxes on the blank worksheet, one per line."),
            "worksheet_en": _("The headings of the boxes on the blank worksheet, one per line."),
            "materials_nb": _("One per line."),
            "materials_en": _("One per line."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["revision"].initial = self.instance.revision

    def validate_unique(self) -> None:
        """The service checks the code (with a clear message); skip the model's check."""
