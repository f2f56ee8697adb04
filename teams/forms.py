"""Forms of the team pages. The rules live in teams.services."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from orgs.models import OrgUnit
from orgs.role_forms import DateInput
from teams import services
from teams import steps as method
from teams.pulse import DYNAMICS, SCALE

MAX_MEMBERS = 40
_MEMBER_LINE = re.compile(r"^\s*(?P<name>.*?)\s*[<,;]\s*(?P<email>[^<>,;\s]+@[^<>,;\s]+?)\s*>?\s*$")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


def parse_member_lines(text: str) -> tuple[list[services.NewMember], list[str]]:
    """'Name <e-mail>' or 'Name, e-mail' per line (or just the e-mail) -> members, errors."""
    members, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _MEMBER_LINE.match(line)
        name, email = (match["name"], match["email"]) if match else ("", line.strip())
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                str(_("Line %(line)s: “%(text)s” has no valid e-mail address."))
                % {"line": number, "text": line.strip()}
            )
            continue
        members.append(services.NewMember(name or email.split("@")[0], email.lower()))
    emails = [m.email for m in members]
    duplicates = sorted({e for e in emails if emails.count(e) > 1})
    if duplicates:
        errors.append(
            str(_("These addresses appear more than once: %(emails)s"))
            % {"emails": ", ".join(duplicates)}
        )
    return members, errors


class SessionTimeForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=30, max_value=480, initial=120
    )
    location = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_("A room, or a link to a video meeting"),
    )

    def starts_at(self) -> dt.datetime:
        day, time = self.cleaned_data["date"], self.cleaned_data["time"]
        return timezone.make_aware(dt.datetime.combine(day, time))


class TeamForm(SessionTimeForm):
    name = forms.CharField(label=_("Team name"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One or two sentences on why the team exists. The team refines it."),
    )
    unit = forms.CharField(
        label=_("Unit code (optional)"),
        required=False,
        max_length=64,
        help_text=_("The org unit the team belongs to, for example HF-01."),
    )
    facilitator = forms.EmailField(
        label=_("Facilitator's e-mail address"),
        help_text=_(
            "The person who runs the sessions: you, a member or a process facilitator. "
            "They need a Medvirk login."
        ),
    )
    members = forms.CharField(
        label=_("Members"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One per line: name and e-mail address, for example “Kari Nordmann "
            "<kari@example.no>”. Members need no login; each gets a personal link."
        ),
    )

    field_order = ["name", "purpose", "unit", "facilitator", "members"]

    def clean_unit(self) -> OrgUnit | None:
        code = self.cleaned_data["unit"].strip()
        if not code:
            return None
        unit = OrgUnit.objects.current().filter(code__iexact=code).first()
        if unit is None:
            raise ValidationError(
                _("No current unit has the code %(code)s."), params={"code": code}
            )
        return unit

    def clean_facilitator(self) -> User:
        email = self.cleaned_data["facilitator"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("Nobody with a Medvirk login has this e-mail address."))
        return user

    def clean_members(self) -> list[services.NewMember]:
        members, errors = parse_member_lines(self.cleaned_data["members"])
        if errors:
            raise ValidationError(errors)
        if len(members) < 2:
            raise ValidationError(_("A team needs at least two members."))
        if len(members) > MAX_MEMBERS:
            raise ValidationError(
                _("A team has at most %(max)s members."), params={"max": MAX_MEMBERS}
            )
        return members


class RhythmForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label=_("How often the team follows up its contract"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rhythm.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weeks"].choices = [  # type: ignore[attr-defined]
            (weeks, gettext("Every %(weeks)s weeks") % {"weeks": weeks})
            if weeks
            else (0, gettext("No regular follow-ups after the first one"))
            for weeks in services.RHYTHM_WEEKS
        ]


class FacilitatorForm(forms.Form):
    facilitator = forms.EmailField(
        label=_("The new facilitator's e-mail address"),
        help_text=_("They need a Medvirk login. You will no longer facilitate this team."),
    )
    # Set by the confirmation page: the change happens only on the second, confirmed post.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_facilitator(self) -> User:
        return TeamForm.clean_facilitator(self)  # type: ignore[arg-type]


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))


_PREP_HELP = {
    "strengths": _("What are you good at? Which skills and experience do you bring?"),
    "contribute": _("Where would you like to make a difference in this team?"),
    "learn": _("What would you like to get better at?"),
    "expectations": _("What do you hope the team will achieve, and how it will feel?"),
    "ways_of_working": _(
        "For example planning or improvising, written or oral, fast or thorough, alone or together."
    ),
    "needs": _("What helps you do your best work with others?"),
}


class PreparationForm(forms.Form):
    def __init__(self, *args: Any, short: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from teams.models import TeamMember

        names = services.SHORT_PREPARATION_FIELDS if short else services.PREPARATION_FIELDS
        for name in names:
            model_field = TeamMember._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=model_field.verbose_name,  # type: ignore[union-attr]
                help_text=_PREP_HELP[name],
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )


class NoteForm(forms.Form):
    topic = forms.CharField(widget=forms.HiddenInput)
    # "Who are we?": the member the note is about (their public id); empty for the whole team.
    about = forms.UUIDField(required=False)
    text = forms.CharField(
        label=_("Your note"),
        max_length=services.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(forms.Form):
    def __init__(self, *args: Any, keys: tuple[str, ...], labels: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for key in keys:
            self.fields[key] = forms.CharField(
                label=labels.get(key, key),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )


def merge_labels() -> dict[str, Any]:
    labels: dict[str, Any] = {}
    for steps in (method.START_STEPS,):
        for step in steps:
            labels.update({t.key: t.label for t in step.topics})
    for part in method.CONTRACT_PARTS:
        labels.update({s.key: s.title for s in part.sections})
    return labels


class ContractForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part in method.CONTRACT_PARTS:
            for section in part.sections:
                self.fields[section.key] = forms.CharField(
                    label=str(section.title),
                    required=False,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )


class PulseForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dynamic in DYNAMICS:
            for key, text in dynamic.items:
                self.fields[key] = forms.TypedChoiceField(
                    label=str(text),
                    choices=SCALE,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose an answer.")},
                )
