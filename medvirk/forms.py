"""Form helpers the apps' views share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (on the field it names, if any)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def carry_revision(form: Any, name: str, value: int) -> None:
    """After an edit conflict the bound form carries the stored revision (in its hidden field
    `name`), so that saving again is a deliberate choice to replace the other writer's text."""
    data = form.data.copy()
    data[name] = str(value)
    form.data = data
