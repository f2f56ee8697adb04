"""Forms of the annual-conversation pages. The rules live in conversations.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import FocusArea, FocusKind
from conversations.models import Conversation
from conversations.services import NOTES_MAX_LENGTH, OutcomeValues, PlanValues
from orgs.models import Person
from orgs.role_forms import DateInput
from teams.forms import TimeInput


class PlanForm(forms.Form):
    """Plan the conversation, or change its plan (with the version it was loaded with)."""

    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        help_text=_("Usually in the autumn. The conversation counts for the year of its date."),
    )
    time = forms.TimeField(label=_("Time"), required=False, widget=TimeInput())
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("A room and building, or the video meeting"),
    )
    safety_rep = forms.ChoiceField(label=_("Safety representative"), required=False)
    participants = forms.MultipleChoiceField(
        label=_("Participants"), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, data: Any = None, *, candidates: list[Person], reps: list[Person], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.people = {str(p.uid): p for p in [*candidates, *reps]}
        self.fields["safety_rep"].choices = [  # type: ignore[attr-defined]
            ("", _("(not chosen)")),
            *((str(p.uid), p.full_name) for p in reps),
        ]
        self.fields["participants"].choices = [  # type: ignore[attr-defined]
            (str(p.uid), f"{p.full_name} ({p.unit.code})") for p in candidates
        ]

    @staticmethod
    def initial_for(conversation: Conversation) -> dict[str, Any]:
        return {
            "date": conversation.date,
            "time": conversation.time,
            "place": conversation.place,
            "safety_rep": str(conversation.safety_rep.uid) if conversation.safety_rep else "",
            "participants": [str(p.uid) for p in conversation.participants.all()],
            "version": conversation.version,
        }

    def values(self) -> PlanValues:
        data = self.cleaned_data
        return PlanValues(
            date=data["date"],
            time=data["time"],
            place=data["place"],
            safety_rep=self.people.get(data["safety_rep"]) if data["safety_rep"] else None,
            participants=[self.people[uid] for uid in data["participants"]],
        )


class NoteForm(forms.Form):
    """The notes of one section of the guide; the section's code is the form's prefix."""

    text = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Saved automatically while you write. Write what the group arrived at."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class OutcomeForm(forms.Form):
    """Turn a point of the conversation into the unit's action plan."""

    focus_area = forms.ChoiceField(
        label=_("An existing focus area"),
        required=False,
        help_text=_("A focus area of the plan between surveys, or none"),
    )
    new_kind = forms.ChoiceField(
        label=_("New focus area: preserve or improve"),
        choices=FocusKind.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    new_title = forms.CharField(label=_("New focus area"), max_length=200, required=False)
    new_description = forms.CharField(
        label=_("What the group said about it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    measure_title = forms.CharField(label=_("Title of the measure"), max_length=200, required=False)
    measure_description = forms.CharField(
        label=_("What exactly will be done, for whom"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    responsible_person = forms.ChoiceField(label=_("Responsible"), required=False)
    due = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def __init__(
        self, data: Any = None, *, areas: list[FocusArea], people: list[Person], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.areas = {str(a.uid): a for a in areas}
        self.people = {str(p.uid): p for p in people}
        self.fields["focus_area"].choices = [  # type: ignore[attr-defined]
            ("", _("(none, or the new one below)")),
            *((uid, f"{a.get_kind_display()}: {a.title}") for uid, a in self.areas.items()),
        ]
        self.fields["responsible_person"].choices = [  # type: ignore[attr-defined]
            ("", _("(not chosen)")),
            *((str(p.uid), f"{p.full_name} ({p.unit.code})") for p in people),
        ]

    def values(self) -> OutcomeValues:
        data = self.cleaned_data
        return OutcomeValues(
            focus_area=self.areas.get(data["focus_area"]),
            new_kind=data["new_kind"],
            new_title=data["new_title"],
            new_description=data["new_description"],
            measure_title=data["measure_title"],
            measure_description=data["measure_description"],
            responsible_person=self.people.get(data["responsible_person"]),
            due=data["due"],
        )
