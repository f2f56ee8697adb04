"""Forms of the meeting and toolbox pages. The rules live in meetings.services."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.evaluation import EvaluationValues, MethodAnswer, NoteValues
from meetings.models import (
    EVALUATION_TEXT_MAX,
    FEEDBACK_TEXT_MAX,
    Change,
    ExperienceNote,
    FeedbackQuestion,
    Meeting,
    MeetingEvaluation,
    MethodCard,
    Phase,
    Theme,
)
from orgs.models import OrgUnit, Person
from orgs.role_forms import DateInput
from surveys.models import SurveyRound
from teams.forms import TimeInput


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


def _rounds_for(unit: OrgUnit) -> Any:
    ancestors = [unit.pk, *unit.ancestor_ids]
    return SurveyRound.objects.filter(scope__in=ancestors).order_by("-opens_on")


class MeetingForm(forms.Form):
    """Plan a meeting, or change one (also its kind, and with its roles)."""

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
            self.fields["kind"].required = False  # left out: the kind stays as it is
            people = Person.objects.filter(pk__in=meeting.participants.values("person_id"))
            for name in self.ROLE_NAMES:
                self.fields[name].queryset = people  # type: ignore[attr-defined]
                self.fields[name].empty_label = _("(not chosen)")  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        initial: dict[str, Any] = {
            "kind": meeting.kind,
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
        values = {name: data[name] for name in names}
        if data.get("kind"):
            values["kind"] = data["kind"]
        return values


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


# --- evaluation and experience sharing ------------------------------------------------------

RATING_LABELS = {
    1: _("1 – poorly"),
    2: "2",
    3: "3",
    4: "4",
    5: _("5 – very well"),
}
AGREEMENT_LABELS = {
    1: _("1 – disagree completely"),
    2: "2",
    3: "3",
    4: "4",
    5: _("5 – agree completely"),
}
METHOD_CHOICES = [("", _("Not answered")), *Change.choices]


def _text(label: Any, *, required: bool = False, help_text: Any = "", rows: int = 4) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=EVALUATION_TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class EvaluationForm(forms.Form):
    """The facilitator's short evaluation; one "change this method?" pair per method card of
    the agenda (`method_<code>`, `method_<code>_how`)."""

    rating = forms.TypedChoiceField(
        label=_("Overall, how did the meeting go?"),
        choices=list(RATING_LABELS.items()),
        coerce=int,
        widget=forms.RadioSelect,
    )
    worked = _text(_("What worked?"))
    did_not_work = _text(_("What did not work?"))
    change_method = forms.ChoiceField(
        label=_("Would you change the method next time?"),
        choices=Change.choices,
        widget=forms.RadioSelect,
    )
    change_how = _text(_("What would you change, and how?"), rows=3)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, data: Any = None, *, cards: list[MethodCard], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.cards = cards
        for card in cards:
            self.fields[f"method_{card.code}"] = forms.ChoiceField(
                label=_("Would you change “%(title)s”?") % {"title": card.title},
                choices=METHOD_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"method_{card.code}_how"] = _text(
                _("How would you change “%(title)s”?") % {"title": card.title}, rows=2
            )

    @staticmethod
    def initial_for(evaluation: MeetingEvaluation | None) -> dict[str, Any]:
        if evaluation is None:
            return {"revision": 0}
        initial: dict[str, Any] = {
            name: getattr(evaluation, name)
            for name in ("rating", "worked", "did_not_work", "change_method", "change_how")
        }
        initial["revision"] = evaluation.revision
        for answer in evaluation.methods.select_related("method"):
            initial[f"method_{answer.method.code}"] = answer.change_method
            initial[f"method_{answer.method.code}_how"] = answer.change_how
        return initial

    def method_fields(self) -> list[tuple[MethodCard, Any, Any]]:
        return [
            (card, self[f"method_{card.code}"], self[f"method_{card.code}_how"])
            for card in self.cards
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("change_method") == Change.YES and not data.get("change_how", "").strip():
            self.add_error("change_how", _("Say what you would change."))
        for card in self.cards:
            if (
                data.get(f"method_{card.code}") == Change.YES
                and not data.get(f"method_{card.code}_how", "").strip()
            ):
                self.add_error(f"method_{card.code}_how", _("Say what you would change."))
        return data

    def values(self) -> EvaluationValues:
        data = self.cleaned_data
        methods = {
            card.code: MethodAnswer(data[f"method_{card.code}"], data[f"method_{card.code}_how"])
            for card in self.cards
            if data.get(f"method_{card.code}")
        }
        return EvaluationValues(
            rating=data["rating"],
            worked=data["worked"],
            did_not_work=data["did_not_work"],
            change_method=data["change_method"],
            change_how=data["change_how"],
            methods=methods,
        )


class FeedbackForm(forms.Form):
    """The participants' anonymous feedback: each statement may be left unanswered."""

    comment = forms.CharField(
        label=_("Anything else you want to say about the meeting? (optional)"),
        required=False,
        max_length=FEEDBACK_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Please write no names. Your text is shown as you wrote it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in FeedbackQuestion:
            self.fields[question.value] = forms.TypedChoiceField(
                label=question.label,
                choices=list(AGREEMENT_LABELS.items()),
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
        self.order_fields([*FeedbackQuestion.values, "comment"])

    def questions(self) -> list[Any]:
        return [self[q] for q in FeedbackQuestion.values]

    def answers(self) -> dict[str, int | None]:
        return {q: self.cleaned_data.get(q) for q in FeedbackQuestion.values}


class OverviewFilterForm(forms.Form):
    """The working group's selection: a survey round and/or a time span."""

    round = forms.ModelChoiceField(
        label=_("Survey round"),
        queryset=SurveyRound.objects.none(),
        required=False,
        empty_label=_("(all rounds)"),
        to_field_name="uid",
    )
    since = forms.DateField(label=_("Meetings from"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Meetings until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the span cannot be before its start."))
        return data

    def apply(self, meetings: Any) -> Any:
        if not self.is_valid():
            return meetings
        data = self.cleaned_data
        if data["round"]:
            meetings = meetings.filter(round=data["round"])
        if data["since"]:
            meetings = meetings.filter(starts_at__date__gte=data["since"])
        if data["until"]:
            meetings = meetings.filter(starts_at__date__lte=data["until"])
        return meetings

    def query(self) -> str:
        """The selection as a query string, for the drill-down links."""
        if not self.is_valid():
            return ""
        data = self.cleaned_data
        parts = {
            "round": data["round"].uid if data["round"] else "",
            "since": data["since"].isoformat() if data["since"] else "",
            "until": data["until"].isoformat() if data["until"] else "",
        }
        return urlencode({k: v for k, v in parts.items() if v})


class ExperienceNoteForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the session"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", _("(choose a theme)")), *Theme.choices]
    )
    theme_other = forms.CharField(
        label=_("Other theme"),
        max_length=100,
        required=False,
        help_text=_("Only with “Another theme”: name it in a few words."),
    )
    text = forms.CharField(
        label=_("Notes"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What was shared: experiences, advice, what to do differently next time."),
    )
    method = forms.ModelChoiceField(
        label=_("About a method card (optional)"),
        queryset=MethodCard.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("(none)"),
    )
    phase = forms.ChoiceField(
        label=_("About a phase (optional)"),
        choices=[("", _("(none)")), *Phase.choices],
        required=False,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["method"]
        field.label_from_instance = lambda card: card.title  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(note: ExperienceNote | None) -> dict[str, Any]:
        if note is None:
            return {"held_on": timezone.localdate()}
        return {
            "held_on": note.held_on,
            "title": note.title,
            "theme": note.theme,
            "theme_other": note.theme_other,
            "text": note.text,
            "method": note.method.code if note.method else None,
            "phase": note.phase,
            "revision": note.revision,
        }

    def values(self) -> NoteValues:
        data = self.cleaned_data
        return NoteValues(
            held_on=data["held_on"],
            title=data["title"],
            text=data["text"],
            theme=data["theme"],
            theme_other=data["theme_other"],
            method=data["method"],
            phase=data["phase"],
        )
