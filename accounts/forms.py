"""The account's forms: django-allauth's adjusted to the site's conventions, and the language."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext_lazy


class LoginForm(AllauthLoginForm):
    """allauth's login form without the help-text link under the password field: the login page
    offers "Forgot your password?" after the button, so it does not sit between the inputs in
    the tab order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class LanguageForm(forms.Form):
    """The language Medvirk writes to the person in, and shows its pages in after login."""

    language = forms.ChoiceField(
        label=gettext_lazy("Language of e-mails and pages"),
        # Each language in its own words, as the header's switch names them.
        choices=[
            (code, capfirst(get_language_info(code)["name_local"]))
            for code, _name in settings.LANGUAGES
        ],
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Invitations, reminders and other e-mails from Medvirk come in this language, and "
            "the pages open in it when you log in. The language switch at the top changes "
            "only the pages you are looking at."
        ),
    )
