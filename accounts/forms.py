"""Forms that adjust django-allauth's to the site's conventions."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm


class LoginForm(AllauthLoginForm):
    """allauth's login form without the help-text link under the password field: the login page
    offers "Forgot your password?" after the button, so it does not sit between the inputs in
    the tab order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
