"""Forms of the role management pages. The rules themselves live in orgs.role_services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgUnit, Person, Role
from orgs.role_services import RoleRequest, validate_request

PERSON_RESULTS = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _add_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    for name, messages in errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class RoleFilterForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    unit = forms.CharField(label=_("Unit code or name"), required=False, max_length=200)
    subtree = forms.BooleanField(label=_("Include sub-units"), required=False)
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=200,
        help_text=_("Name, e-mail address or employee id"),
    )
    ended = forms.BooleanField(label=_("Show ended assignments"), required=False)


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a person"),
        required=False,
        max_length=200,
        help_text=_("Name, e-mail address or employee id"),
    )

    def results(self) -> list[Person]:
        text = self.cleaned_data.get("q", "") if self.is_valid() else ""
        if not text.strip():
            return []
        people = Person.objects.active().search(text).select_related("unit")
        return list(people[:PERSON_RESULTS])


class AssignForm(forms.Form):
    person = forms.UUIDField(
        label=_("Person"),
        error_messages={"required": _("Find and choose the person who gets the role.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")), *Role.choices])
    unit = forms.CharField(
        label=_("Unit code"),
        max_length=64,
        help_text=_(
            "The code of the unit, for example HF-01. The administrator role needs the top unit."
        ),
    )
    include_subtree = forms.BooleanField(label=_("Includes sub-units"), required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty if the role has no planned end."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()
        self.person_obj: Person | None = None

    def clean_person(self) -> Any:
        uid = self.cleaned_data["person"]
        self.person_obj = Person.objects.select_related("unit").filter(uid=uid).first()
        if self.person_obj is None:
            raise ValidationError(_("Find and choose the person who gets the role."))
        return uid

    def clean_unit(self) -> OrgUnit:
        code = self.cleaned_data["unit"].strip()
        unit = OrgUnit.objects.current().filter(code=code).first()
        if unit is not None:
            return unit
        if OrgUnit.objects.filter(code=code).exists():
            raise ValidationError(_("The unit %(code)s has been removed."), params={"code": code})
        raise ValidationError(_("No current unit has the code %(code)s."), params={"code": code})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or self.person_obj is None:
            return data
        _add_errors(self, validate_request(self.role_request()))
        return data

    def role_request(self) -> RoleRequest:
        assert self.person_obj is not None
        data = self.cleaned_data
        return RoleRequest(
            person=self.person_obj,
            role=data["role"],
            unit=data["unit"],
            include_subtree=data.get("include_subtree", False),
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
        )


class EditForm(forms.Form):
    include_subtree = forms.BooleanField(label=_("Includes sub-units"), required=False)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty if the role has no planned end."),
    )

    def __init__(self, *args: Any, imported: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if imported:
            # The people import owns scope and start; only the end date is the administrator's.
            for name in ("include_subtree", "starts_on"):
                self.fields[name].disabled = True


class EndForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Last day in the role"),
        widget=DateInput(),
        help_text=_("The role is in force up to and including this day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].initial = timezone.localdate()


class BulkUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma separated, with the header line shown above."),
    )


class BulkConfirmForm(forms.Form):
    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    file_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)
