from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgUnit

from . import content, services
from .models import Committee, Discussion
from .present import level_label

LEVELS = (1, 2, 3, content.ALL_LEVELS)


def unit_choices(units: list[OrgUnit]) -> list[OrgUnit]:
    """The units worth a report: the institution, the level below it, and units with units
    below them (a report on a single unit with nothing below is its dashboard row)."""
    parents = {u.parent_id for u in units}
    return [u for u in units if u.depth <= 1 or u.pk in parents]


class ChooseForm(forms.Form):
    committee = forms.ChoiceField(label=_("Committee"), choices=Committee.choices)
    unit = forms.ChoiceField(
        label=_("Part of the organisation"),
        help_text=_("AMU: the institution. LAMU: a faculty. IDF meeting: any part."),
    )
    level = forms.TypedChoiceField(
        label=_("Units listed"),
        coerce=int,
        help_text=_(
            "How far down the tables list units one by one; deeper units count in the row above them."
        ),
    )

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in unit_choices(units)}
        english = (get_language() or "nb").startswith("en")
        top = min((u.depth for u in self.units.values()), default=0)
        unit_field: Any = self.fields["unit"]
        unit_field.choices = [
            (
                u.code,
                "\u2003" * (u.depth - top) + f"{u.name_en if english else u.name_nb} ({u.code})",
            )
            for u in self.units.values()
        ]
        level_field: Any = self.fields["level"]
        level_field.choices = [(n, level_label(n)) for n in LEVELS]

    def initial_values(self) -> dict[str, Any]:
        """The first sensible choice: AMU on the institution if the user may, else a LAMU on
        the first faculty, else the IDF meeting on the top unit."""
        units = list(self.units.values())
        for committee in (Committee.AMU, Committee.LAMU, Committee.IDF):
            fitting = [u for u in units if content.fits(committee, u)]
            if fitting:
                return {"committee": committee, "unit": fitting[0].code, "level": 1}
        return {"committee": Committee.IDF, "level": 1}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit = self.units.get(data.get("unit") or "")
        committee = data.get("committee")
        if unit is not None and committee:
            try:
                services.check_fits(committee, unit)
            except ValidationError as error:
                self.add_error(None, error)
        data["unit_obj"] = unit
        return data


class DiscussionForm(forms.ModelForm):
    class Meta:
        model = Discussion
        fields = ["committee", "meeting_on", "reference", "note"]
        widgets = {
            "meeting_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "reference": _("The committee's case number, if it has one (optional)."),
            "note": _(
                "What the committee concluded, in a few lines or as an excerpt of the minutes (optional)."
            ),
        }

    committee = forms.ChoiceField(label=_("Committee"), choices=Committee.choices)


class CorrectionForm(DiscussionForm):
    """The record of a discussion, corrected; `revision` is the one the form was loaded at."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
