"""Forms of the action-plan pages. The rules live in actions.services."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from actions import services
from actions.models import ActionPlan, FocusArea, FocusKind, Measure, MeasureStatus
from orgs.models import Person
from orgs.role_forms import DateInput
from surveys.models import RoundStatus, SurveyRound


class PlanCreateForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Survey round"),
        queryset=SurveyRound.objects.none(),
        required=False,
        empty_label=_("No round (annual work-environment conversation)"),
        help_text=_("The survey round whose results the plan follows up."),
    )

    def __init__(self, *args: Any, unit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ancestors = [unit.pk, *unit.ancestor_ids]
        self.fields["round"].queryset = (  # type: ignore[attr-defined]
            SurveyRound.objects.filter(scope_id__in=ancestors)
            .exclude(status=RoundStatus.DRAFT)
            .order_by("-opens_on")
        )


class FocusAreaForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Preserve or improve"), choices=FocusKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the unit means by it, in a sentence or two."),
    )
    dimension = forms.ChoiceField(
        label=_("Questionnaire dimension"),
        required=False,
        help_text=_("The part of the survey results it relates to, if any."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = services.dimension_choices(plan.round, get_language() or "nb")
        self.fields["dimension"].choices = [("", _("None")), *choices]  # type: ignore[attr-defined]

    def values(self) -> services.FocusAreaValues:
        d = self.cleaned_data
        return services.FocusAreaValues(d["kind"], d["title"], d["description"], d["dimension"])


AUTHORITY_CHOICES = [
    ("", _("Not answered yet")),
    ("yes", _("Yes, the unit decides it itself")),
    ("no", _("No: escalate it to the level above")),
]
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"),
        queryset=FocusArea.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    description = forms.CharField(
        label=_("What exactly will be done, and for whom"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Specific: an action (hold, introduce, offer …) and who it is for."),
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        required=False,
        max_length=300,
        help_text=_("Measurable: what you will look at to see whether it worked."),
    )
    target = forms.CharField(
        label=_("Target or success criterion"),
        required=False,
        max_length=300,
        help_text=_("A number, a date or a yes/no criterion, e.g. “at least 80 % attend”."),
    )
    index_code = forms.ChoiceField(label=_("Index target for the next survey"), required=False)
    index_value = forms.DecimalField(
        label=_("Index target value"),
        required=False,
        max_digits=4,
        decimal_places=2,
        min_value=0,
        max_value=100,
    )
    agreed_at = forms.DateField(label=_("Agreed on"), required=False, widget=DateInput())
    agreed_where = forms.CharField(
        label=_("Agreed where"),
        required=False,
        max_length=200,
        help_text=_("Accepted: the meeting where it was agreed, e.g. the action meeting."),
    )
    agreed_by = forms.CharField(
        label=_("Agreed by"),
        required=False,
        max_length=300,
        help_text=_(
            "Who agreed it, e.g. “all staff of the section and the safety representative”."
        ),
    )
    resources = forms.CharField(
        label=_("Resources needed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Realistic: time, money or help it needs (“none beyond working hours” is fine)."
        ),
    )
    within_authority = forms.ChoiceField(
        label=_("Can the unit decide it itself?"),
        choices=AUTHORITY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    start = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    due = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    follow_up = forms.CharField(
        label=_("Follow-up dates"),
        required=False,
        help_text=_("Time-bound: dates as YYYY-MM-DD, separated by commas."),
    )
    responsible_person = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Nobody chosen"),
        help_text=_("Reminders before the due date go to this person."),
    )
    responsible_name = forms.CharField(
        label=_("Or responsible (name)"),
        required=False,
        max_length=200,
        help_text=_("Somebody without a person record, e.g. an external partner."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["focus_area"].queryset = plan.focus_areas()  # type: ignore[attr-defined]
        self.fields["responsible_person"].queryset = (  # type: ignore[attr-defined]
            Person.objects.active().filter(unit__path__startswith=plan.unit.path)
        )
        indices: list[tuple[str, str]] = [("", str(_("None")))]
        if plan.round is not None:
            lang = "en" if (get_language() or "nb").startswith("en") else "nb"
            indices += [
                (i.code, f"{i.code} – {i.title.get(lang) or i.code}")
                for i in plan.round.instrument.definition.indices
            ]
        self.fields["index_code"].choices = indices  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, measure: Measure) -> dict[str, Any]:
        authority = {True: "yes", False: "no", None: ""}[measure.within_authority]
        return {
            **{f: getattr(measure, f) for f in services.MeasureValues.__dataclass_fields__},
            "within_authority": authority,
            "follow_up": ", ".join(measure.follow_up or []),
            "revision": measure.revision,
        }

    def clean_follow_up(self) -> list[dt.date]:
        text = self.cleaned_data.get("follow_up") or ""
        days = []
        for part in re.split(r"[,;\s]+", text.strip()):
            if not part:
                continue
            try:
                if not _DATE.fullmatch(part):
                    raise ValueError(part)
                days.append(dt.date.fromisoformat(part))
            except ValueError as error:
                raise ValidationError(
                    _("“%(text)s” is not a date in the form YYYY-MM-DD."), params={"text": part}
                ) from error
        return sorted(set(days))

    def values(self) -> services.MeasureValues:
        d = self.cleaned_data
        authority = {"yes": True, "no": False}.get(d.get("within_authority") or "")
        return services.MeasureValues(
            title=d.get("title") or "",
            description=d.get("description") or "",
            focus_area=d.get("focus_area"),
            indicator=d.get("indicator") or "",
            target=d.get("target") or "",
            index_code=d.get("index_code") or "",
            index_value=d.get("index_value"),
            agreed_at=d.get("agreed_at"),
            agreed_where=d.get("agreed_where") or "",
            agreed_by=d.get("agreed_by") or "",
            resources=d.get("resources") or "",
            within_authority=authority,
            start=d.get("start"),
            due=d.get("due"),
            follow_up=d.get("follow_up") or [],
            responsible_person=d.get("responsible_person"),
            responsible_name=d.get("responsible_name") or "",
        )


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(
        label=_("What has happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)


class AgreeForm(forms.Form):
    """One required reason per measure that fails a SMART criterion."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, failing: list[tuple[Measure, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for measure, _result in failing:
            self.fields[f"reason_{measure.uid}"] = forms.CharField(
                label=_("Why agree “%(title)s” as it is?") % {"title": measure.title},
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=measure.smart_reason,
                required=False,
            )

    def reasons(self) -> dict[str, str]:
        return {
            name.removeprefix("reason_"): value or ""
            for name, value in self.cleaned_data.items()
            if name.startswith("reason_")
        }
