"""Forms of the round pages. The rules themselves live in surveys.services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgUnit
from surveys.models import THRESHOLDS, Instrument, SurveyRound
from surveys.services import RoundSettings

THRESHOLD_LABELS = {
    "numbers": _("Any number (mean, percentage, count)"),
    "distributions": _("Full answer distributions"),
    "comments": _("Free-text comments"),
    "sensitive": _("Sensitive fact items"),
    "rates": _("Response rates (people invited)"),
    "breakdowns": _("Background breakdowns"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class InstrumentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        title = obj.title_en if (get_language() or "nb").startswith("en") else obj.title_nb
        return f"{title} ({obj})"


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    instrument = InstrumentChoice(
        label=_("Questionnaire"),
        queryset=Instrument.objects.order_by("code", "-version"),
        empty_label=_("Choose a questionnaire"),
    )
    scope = forms.CharField(
        label=_("Unit code"),
        max_length=64,
        help_text=_("The round covers this unit and every unit below it, for example UVF."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=DateInput(),
        help_text=_("The sector usually keeps a survey open for about three weeks."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language.")},
    )
    reminder_1 = forms.DateField(label=_("First reminder"), required=False, widget=DateInput())
    reminder_2 = forms.DateField(label=_("Second reminder"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (default, floor) in THRESHOLDS.items():
            self.fields[f"threshold_{name}"] = forms.IntegerField(
                label=THRESHOLD_LABELS[name],
                initial=default,
                help_text=_("Default %(default)s; never lower than %(floor)s.")
                % {"default": default, "floor": floor},
            )

    @property
    def threshold_fields(self) -> list[forms.BoundField]:
        return [self[f"threshold_{name}"] for name in THRESHOLDS]

    @staticmethod
    def initial_for(round_: SurveyRound) -> dict[str, Any]:
        reminders = [dt.date.fromisoformat(d) for d in round_.reminder_dates] + [None, None]
        initial = {
            "name": round_.name,
            "instrument": round_.instrument_id,
            "scope": round_.scope.code,
            "opens_on": round_.opens_on,
            "closes_on": round_.closes_on,
            "languages": round_.languages,
            "reminder_1": reminders[0],
            "reminder_2": reminders[1],
        }
        initial.update({f"threshold_{k}": v for k, v in round_.threshold.items()})
        return initial

    def clean_scope(self) -> OrgUnit:
        code = self.cleaned_data["scope"].strip()
        unit = OrgUnit.objects.current().filter(code__iexact=code).first()
        if unit is None:
            raise ValidationError(
                _("No current unit has the code “%(code)s”."), params={"code": code}
            )
        return unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, (_default, floor) in THRESHOLDS.items():
            value = data.get(f"threshold_{name}")
            if value is not None and value < floor:
                self.add_error(
                    f"threshold_{name}",
                    _("Cannot be lower than %(floor)s, the floor set by the anonymity rules.")
                    % {"floor": floor},
                )
        return data

    def settings(self) -> RoundSettings:
        data = self.cleaned_data
        return RoundSettings(
            name=data["name"],
            instrument=data["instrument"],
            scope=data["scope"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            languages=[code for code, _name in settings.LANGUAGES if code in data["languages"]],
            thresholds={name: data[f"threshold_{name}"] for name in THRESHOLDS},
            reminder_dates=[d for d in (data.get("reminder_1"), data.get("reminder_2")) if d],
        )

    def add_service_errors(self, error: ValidationError) -> None:
        fields = {"reminder_dates": "reminder_1", "thresholds": None}
        for name, messages in error.message_dict.items():
            target = fields.get(name, name)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)


class ExtendForm(forms.Form):
    closes_on = forms.DateField(label=_("New closing date"), widget=DateInput())


class MergeForm(forms.Form):
    unit = forms.UUIDField()
    into = forms.UUIDField(required=False)

    def units(self) -> tuple[OrgUnit | None, OrgUnit | None]:
        data = self.cleaned_data
        unit = OrgUnit.objects.filter(uid=data["unit"]).first()
        into = OrgUnit.objects.filter(uid=data["into"]).first() if data.get("into") else None
        return unit, into
