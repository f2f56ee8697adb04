from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from progress.models import FactSheet, Phase, Responsible, Task


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["phase", "title_nb", "title_en", "responsible", "due"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}

    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    responsible = forms.ChoiceField(label=_("Responsible"), choices=Responsible.choices)


class FactSheetForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    completed = forms.BooleanField(
        label=_("The fact sheet is finished"),
        required=False,
        help_text=_("Mark it finished when the leader and the safety representative agree."),
    )

    HELP = {
        "changes": _("Reorganisations, new tasks, moves, people who started or left."),
        "known_issues": _(
            "What you already know is hard or good here, and anything that may colour the answers."
        ),
        "composition": _(
            "Roughly: groups of staff, part-time, temporary, working in several places. No names."
        ),
        "how_it_went": _("The meetings, participation, what helped and what did not."),
        "what_was_done": _("The measures carried out and what came of them."),
        "self_evaluation": _("What you would keep and what you would change next time."),
    }

    def __init__(self, *args: object, sheet: FactSheet, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in sheet.fields:
            field: Any = FactSheet._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=str(field.verbose_name).capitalize(),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text=self.HELP[name],
            )
        self.order_fields([*sheet.fields, "completed", "revision"])
