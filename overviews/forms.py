from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from overviews.models import InstitutionOutcome, Outcome


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Overall summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the units have in common, what goes well and what needs to change."),
    )
    comment = forms.CharField(
        label=_("Comment to the recipient"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ThemeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary of the theme"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    pass_up = forms.BooleanField(label=_("Pass this theme up"), required=False)
    comment = forms.CharField(
        label=_("Comment to the level above"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))


class InstitutionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=InstitutionOutcome.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
